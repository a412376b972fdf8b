"""Training side of neuroglancer-sff-restore: fold simulation, nets, data, unfolding search."""
