"""Image stacks and on-the-fly training samples (crops, flips, rot90, intensity jitter, folds)."""
from __future__ import annotations

import glob
import os

import numpy as np
from PIL import Image

from .simulate import apply_fold, sample_params, flow_label, bilinear, FoldParams

# The repository's own copies (data/*/README.md: provenance, licence, citation); nothing outside it.
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data")
GERHARD = os.path.join(DATA, "gerhard2013", "raw")
ISBI = os.path.join(DATA, "isbi2012", "raw")
GERHARD_LABELS = os.path.join(DATA, "gerhard2013", "labels")
# Dense label classes 0-128 are membranes (0/45/90/135 degrees, junctions): data/gerhard2013/README.md.
MEMBRANE_MAX = 128


def _load(paths):
    return np.stack([np.array(Image.open(p).convert("L")) for p in paths])


def load_split(split: str):
    """Return a list of uint8 stacks [Z,H,W] of consecutive sections.

    train: Gerhard 00-13 + ISBI 00-24.  dev (model selection): ISBI 25-29.
    val (final numbers only): Gerhard 14-19.
    """
    g = sorted(glob.glob(os.path.join(GERHARD, "*.png")))
    i = sorted(glob.glob(os.path.join(ISBI, "*.png")))
    if split == "train":
        return [_load(g[:14]), _load(i[:25])]
    if split == "dev":
        return [_load(i[25:30])]
    if split == "val":
        return [_load(g[14:20])]
    raise ValueError(split)


def load_membranes(sections):
    """(raw uint8 [Z,H,W], membrane 0/1 uint8 [Z,H,W]) of the given Gerhard sections."""
    name = lambda d, z: os.path.join(d, f"{z:02d}.png")
    raw = _load([name(GERHARD, z) for z in sections])
    lab = _load([name(GERHARD_LABELS, z) for z in sections])
    return raw, (lab <= MEMBRANE_MAX).astype(np.uint8)


def jitter(r, t: np.ndarray) -> np.ndarray:
    """Intensity jitter (gain 0.8-1.2, offset +-20, gamma 0.8-1.25), uint8-valued float."""
    a = r.uniform(0.8, 1.2)
    b = r.uniform(-20, 20)
    g = r.uniform(0.8, 1.25)
    t = 255.0 * (np.clip(t / 255.0, 0, 1) ** g)
    return np.clip(np.floor(a * (t - 128) + 128 + b + 0.5), 0, 255)


class MembraneSampler:
    """Random (section, membrane mask) crops with flips, rot90 and intensity jitter."""

    def __init__(self, raw: np.ndarray, membrane: np.ndarray, seed: int):
        self.raw, self.membrane = raw, membrane
        self.rng = np.random.default_rng(seed)

    def pair(self, size: int):
        r = self.rng
        z = int(r.integers(0, self.raw.shape[0]))
        y = int(r.integers(0, self.raw.shape[1] - size + 1))
        x = int(r.integers(0, self.raw.shape[2] - size + 1))
        t = np.stack([self.raw[z, y:y + size, x:x + size], self.membrane[z, y:y + size, x:x + size]])
        t = t.astype(np.float32)
        if r.random() < 0.5:
            t = t[:, :, ::-1]
        t = np.rot90(t, int(r.integers(0, 4)), axes=(1, 2))
        return jitter(r, t[0]).astype(np.uint8), np.ascontiguousarray(t[1])


class TripletSampler:
    """Random (prev, centre, next) crops with flips, rot90, prev/next swap, intensity jitter."""

    def __init__(self, stacks, seed: int):
        self.stacks = stacks
        self.rng = np.random.default_rng(seed)
        w = np.array([(s.shape[0] - 2) * s.shape[1] * s.shape[2] for s in stacks], np.float64)
        self.p = w / w.sum()

    def triplet(self, size: int) -> np.ndarray:
        r = self.rng
        s = self.stacks[r.choice(len(self.stacks), p=self.p)]
        z = int(r.integers(1, s.shape[0] - 1))
        y = int(r.integers(0, s.shape[1] - size + 1))
        x = int(r.integers(0, s.shape[2] - size + 1))
        t = s[z - 1:z + 2, y:y + size, x:x + size].astype(np.float32)
        if r.random() < 0.5:
            t = t[::-1]  # swap prev/next
        if r.random() < 0.5:
            t = t[:, :, ::-1]
        t = np.rot90(t, int(r.integers(0, 4)), axes=(1, 2))
        t = jitter(r, t)  # the same for the three sections
        return np.ascontiguousarray(t).astype(np.uint8)


def dilate(mask: np.ndarray, r: int) -> np.ndarray:
    """Binary dilation by a disc of radius r (no wrap-around at the borders)."""
    if r <= 0:
        return mask
    h, w = mask.shape
    m = np.pad(mask.astype(bool), r)
    out = np.zeros((h, w), bool)
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dx * dx + dy * dy <= r * r:
                out |= m[r + dy:r + dy + h, r + dx:r + dx + w]
    return out.astype(np.uint8)


def unwarp(deg: np.ndarray, flow: np.ndarray) -> np.ndarray:
    h, w = deg.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    return bilinear(deg, xs + flow[0], ys + flow[1])


def fold_sample(sampler: TripletSampler, big: int, out: int, dist: str = "fusion",
                perturb: bool = True, search=None, search_p: float = 0.5):
    """Simulate a fold on a big crop, keep the centre `out` crop.

    Returns dict of float32 [0,1] arrays: prev, next, gt, deg, mask (band, jittered),
    unf (degraded unwarped with a slightly wrong flow, as an estimator would), lost (1 - valid
    of that flow), plus the true flow/valid.  With `search` (an UnfoldSearch module), a fraction
    `search_p` of the samples take unf/lost from the product's search run on the big crop instead,
    so the fusion net also learns the search's real, systematic errors.
    """
    r = sampler.rng
    while True:
        t = sampler.triplet(big)
        p = sample_params(r, big, big, dist)
        deg, mask, flow, valid = apply_fold(t[1], p)
        o = (big - out) // 2
        sl = (slice(o, o + out), slice(o, o + out))
        if mask[sl].sum() >= 100:
            break
    if perturb:
        a = (p.F - p.L) + r.normal(0, 1.5)
        q = FoldParams(p.x0 + r.normal(0, 0.5), p.y0 + r.normal(0, 0.5), p.x1 + r.normal(0, 0.5),
                       p.y1 + r.normal(0, 0.5), p.L, p.L + max(0.5, a),
                       float(np.clip(p.s + r.normal(0, 0.005), 1e-5, 0.1)), p.bandGain)
        # estimators pad the lost strip a little: use F' >= F sometimes
        eflow, evalid = flow_label(q, big, big)
    else:
        eflow, evalid = flow, valid
    unf = unwarp(deg, eflow)
    jm = dilate(mask, int(r.integers(0, 3)))
    f = lambda a: (a[sl].astype(np.float32))
    lost = 1 - f(evalid)
    if search is not None and r.random() < search_p:
        unf, lost_big = searched(search, deg, jm, t[0], t[2])
        lost = f(lost_big)
    return dict(prev=f(t[0]) / 255, gt=f(t[1]) / 255, next=f(t[2]) / 255, deg=f(deg) / 255,
                mask=f(jm), unf=f(unf) / 255, lost=lost, flow=flow[:, sl[0], sl[1]],
                valid=f(valid))


def searched(search, deg, mask, prev, nxt):
    """The unfolding search's output on one crop: (unfolded in 0-255, lost 0/1), numpy."""
    import torch
    T = lambda x: torch.from_numpy(np.ascontiguousarray(x).astype(np.float32))[None, None]
    with torch.no_grad():
        _, lost, unf = search(T(deg) / 255, T(mask), T(prev) / 255, T(nxt) / 255)
    return unf[0, 0].numpy() * 255, lost[0, 0].numpy()
