"""Support-film-fold simulation: the exact model of docs/fold-model.md (shared with the TS core).

`apply_fold(img, params)` turns a clean uint8 section into the degraded one, the band mask and
the backward-warp flow label.  Everything is vectorised numpy in float64 so the TypeScript
implementation (also float64) agrees to the grey level.

CLI (used by the cross-language test):
    /usr/bin/python3 -m sff_train.simulate --in a.png --params '{"x0":0,...}' --out dir
writes dir/degraded.png, dir/mask.png (0/255), dir/flow.npy ([2,H,W] float32: fx, fy),
dir/valid.png (0/255) and dir/valid.npy (uint8 0/1).
"""
from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, asdict

import numpy as np


@dataclass
class FoldParams:
    x0: float
    y0: float
    x1: float
    y1: float
    L: float
    F: float
    s: float
    bandGain: float = 0.0

    def to_dict(self):
        return asdict(self)


def _geometry(p: FoldParams, h: int, w: int):
    dx, dy = p.x1 - p.x0, p.y1 - p.y0
    ln = float(np.hypot(dx, dy))
    nx, ny = -dy / ln, dx / ln
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    d = (xs - p.x0) * nx + (ys - p.y0) * ny
    return xs, ys, d, nx, ny


def bilinear(img: np.ndarray, qx: np.ndarray, qy: np.ndarray) -> np.ndarray:
    """Bilinear sample with edge-replicate clamping of the four taps (float64)."""
    h, w = img.shape
    I = img.astype(np.float64)
    ix = np.floor(qx)
    iy = np.floor(qy)
    fx = qx - ix
    fy = qy - iy
    ix = ix.astype(np.int64)
    iy = iy.astype(np.int64)
    x0 = np.clip(ix, 0, w - 1)
    x1 = np.clip(ix + 1, 0, w - 1)
    y0 = np.clip(iy, 0, h - 1)
    y1 = np.clip(iy + 1, 0, h - 1)
    i00 = I[y0, x0]
    i10 = I[y0, x1]
    i01 = I[y1, x0]
    i11 = I[y1, x1]
    return (1 - fy) * ((1 - fx) * i00 + fx * i10) + fy * ((1 - fx) * i01 + fx * i11)


def apply_fold(img: np.ndarray, p: FoldParams):
    """Return (degraded uint8, band mask uint8 0/1, flow float32 [2,H,W], valid uint8 0/1)."""
    assert img.ndim == 2
    h, w = img.shape
    xs, ys, d, nx, ny = _geometry(p, h, w)
    ad = np.abs(d)
    sg = np.sign(d)
    band = ad < p.L
    m = np.maximum(0.0, (p.F - p.L) - p.s * (ad - p.L))
    qx = xs + m * sg * nx
    qy = ys + m * sg * ny
    v = bilinear(img, qx, qy)
    out = np.floor(v + 0.5)
    out[band] = np.floor(p.bandGain * img.astype(np.float64)[band] + 0.5)
    degraded = np.clip(out, 0, 255).astype(np.uint8)
    mask = band.astype(np.uint8)
    flow, valid = flow_label(p, h, w, d=d, nx=nx, ny=ny)
    return degraded, mask, flow, valid


def flow_label(p: FoldParams, h: int, w: int, d=None, nx=None, ny=None):
    """Backward-warp flow in the clean frame: clean(q) = degraded(q + flow(q)) where valid."""
    if d is None:
        _, _, d, nx, ny = _geometry(p, h, w)
    aD = np.abs(d)
    sg = np.sign(d)
    a = p.F - p.L
    outside_reach = a - p.s * (aD - p.L) <= 0
    u = np.where(outside_reach, aD - p.L, (aD - p.F) / (1 - p.s))
    mag = -(aD - (p.L + u)) * sg
    valid = aD >= p.F
    fx = np.where(valid, mag * nx, 0.0)
    fy = np.where(valid, mag * ny, 0.0)
    return np.stack([fx, fy]).astype(np.float32), valid.astype(np.uint8)


# ---------------------------------------------------------------- seeded samplers
def _border_point(rng: np.random.Generator, side: int, h: int, w: int):
    if side == 0:  # top
        return rng.uniform(0, w - 1), 0.0
    if side == 1:  # right
        return float(w - 1), rng.uniform(0, h - 1)
    if side == 2:  # bottom
        return rng.uniform(0, w - 1), float(h - 1)
    return 0.0, rng.uniform(0, h - 1)  # left


def sample_params(rng: np.random.Generator, h: int, w: int, dist: str = "test",
                  textured: bool | None = None, max_F: int = 80) -> FoldParams:
    """Draw FoldParams for an h x w image.

    dist: 'test' (L ~ U{5..20}, bandGain 0), 'fusion' (L ~ U{5..20}, textured half the time),
    'unfold' (L ~ U{5..50}, textured half the time).  F ~ U{L+1..80}, s ~ U(1e-5, 0.1).
    Redraws until the band covers >= 100 pixels.
    """
    while True:
        s0, s1 = rng.choice(4, size=2, replace=False)
        x0, y0 = _border_point(rng, int(s0), h, w)
        x1, y1 = _border_point(rng, int(s1), h, w)
        if np.hypot(x1 - x0, y1 - y0) < 1:
            continue
        Lmax = 50 if dist == "unfold" else 20
        L = int(rng.integers(5, Lmax + 1))
        F = int(rng.integers(L + 1, max_F + 1)) if L + 1 <= max_F else L + 1
        s = float(rng.uniform(1e-5, 0.1))
        if textured is None:
            textured = dist != "test" and rng.random() < 0.5
        gain = float(rng.uniform(0, 0.35)) if textured else 0.0
        p = FoldParams(x0, y0, x1, y1, L, F, s, gain)
        _, _, d, _, _ = _geometry(p, h, w)
        if int((np.abs(d) < L).sum()) >= 100:
            return p


# ---------------------------------------------------------------- CLI
def _main():
    from PIL import Image

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--params", required=True, help="JSON FoldParams (or @file.json)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    txt = a.params
    if txt.startswith("@"):
        with open(txt[1:]) as f:
            txt = f.read()
    pd = json.loads(txt)
    p = FoldParams(**{k: float(pd[k]) for k in ("x0", "y0", "x1", "y1", "L", "F", "s")},
                   bandGain=float(pd.get("bandGain", 0.0)))
    img = np.array(Image.open(a.inp).convert("L"))
    deg, mask, flow, valid = apply_fold(img, p)
    os.makedirs(a.out, exist_ok=True)
    Image.fromarray(deg).save(os.path.join(a.out, "degraded.png"))
    Image.fromarray(mask * 255).save(os.path.join(a.out, "mask.png"))
    Image.fromarray(valid * 255).save(os.path.join(a.out, "valid.png"))
    np.save(os.path.join(a.out, "flow.npy"), flow)
    np.save(os.path.join(a.out, "valid.npy"), valid)


if __name__ == "__main__":
    _main()
