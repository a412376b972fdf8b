"""Support-film-fold simulation: the exact model of docs/fold-model.md (shared with the TS core).

`apply_shape(img, shape)` does the same for curved folds (several, applied in order).
`apply_fold(img, params)` turns a clean uint8 section into the degraded one, the band mask and
the backward-warp flow label.  Everything is vectorised numpy in float64 so the TypeScript
implementation (also float64) agrees to the grey level.

CLI (used by the cross-language test):
    /usr/bin/python3 -m sff_train.simulate --in a.png --params '{"x0":0,...}' --out dir
    /usr/bin/python3 -m sff_train.simulate --in a.png --shape @shape.json --out dir   (curved folds)
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


# ---------------------------------------------------------------- curved folds (docs/fold-model.md)
def curve_field(fold: dict, h: int, w: int):
    """Per pixel: distance to the fold's centre polyline, direction away from it, L and pull there.

    Same arithmetic as src/core/simulation/curve_distance.ts (argmin over segments in index order,
    strict <), so the band edges fall on the same pixels.
    """
    line = np.asarray(fold["line"], dtype=np.float64)
    Lv = np.asarray(fold["L"], dtype=np.float64)
    pv = np.asarray(fold["pull"], dtype=np.float64)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    best = np.full((h, w), np.inf)
    bs = np.zeros((h, w), dtype=np.int64)
    bk = np.zeros((h, w))
    bsd = np.zeros((h, w))
    for s in range(len(line) - 1):
        ax, ay = line[s]
        bx, by = line[s + 1]
        vx, vy = bx - ax, by - ay
        len2 = vx * vx + vy * vy
        k = ((xs - ax) * vx + (ys - ay) * vy) / len2
        sd = ((xs - ax) * -vy + (ys - ay) * vx) / np.sqrt(len2)
        d2 = np.where(k <= 0, (xs - ax) * (xs - ax) + (ys - ay) * (ys - ay),
                      np.where(k >= 1, (xs - bx) * (xs - bx) + (ys - by) * (ys - by), sd * sd))
        sd = np.where((k > 0) & (k < 1), sd, 0.0)
        better = d2 < best
        best = np.where(better, d2, best)
        bs = np.where(better, s, bs)
        bk = np.where(better, k, bk)
        bsd = np.where(better, sd, bsd)
    a = line[bs]
    b = line[bs + 1]
    interior = (bk > 0) & (bk < 1)
    vx, vy = b[..., 0] - a[..., 0], b[..., 1] - a[..., 1]
    ln = np.sqrt(vx * vx + vy * vy)
    sign = np.sign(bsd)
    v = np.where(bk <= 0, bs, bs + 1)
    c = line[v]
    rd = np.sqrt(best)
    safe = np.where(rd > 0, rd, 1.0)
    dist = np.where(interior, np.abs(bsd), rd)
    dir_x = np.where(interior, (sign * -vy) / ln, np.where(rd > 0, (xs - c[..., 0]) / safe, 0.0))
    dir_y = np.where(interior, (sign * vx) / ln, np.where(rd > 0, (ys - c[..., 1]) / safe, 0.0))
    Lc = np.where(interior, Lv[bs] + bk * (Lv[np.minimum(bs + 1, len(Lv) - 1)] - Lv[bs]), Lv[v])
    pc = np.where(interior, pv[bs] + bk * (pv[np.minimum(bs + 1, len(pv) - 1)] - pv[bs]), pv[v])
    return dist, dir_x, dir_y, Lc, pc


def _taps_valid(valid: np.ndarray, qx: np.ndarray, qy: np.ndarray) -> np.ndarray:
    h, w = valid.shape
    ix = np.floor(qx).astype(np.int64)
    iy = np.floor(qy).astype(np.int64)
    x0, x1 = np.clip(ix, 0, w - 1), np.clip(ix + 1, 0, w - 1)
    y0, y1 = np.clip(iy, 0, h - 1), np.clip(iy + 1, 0, h - 1)
    return (valid[y0, x0] & valid[y0, x1] & valid[y1, x0] & valid[y1, x1]).astype(bool)


def apply_shape(img: np.ndarray, shape: dict):
    """The folds of `shape` one after another: (degraded, mask, flow [2,H,W] float32, valid)."""
    h, w = img.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    cur = img.astype(np.uint8)
    mask = np.zeros((h, w), dtype=np.uint8)
    total = None
    for fold in shape["folds"]:
        dist, dx, dy, Lc, pc = curve_field(fold, h, w)
        s, gain = float(fold["s"]), float(fold["bandGain"])
        band = dist < Lc
        m = np.maximum(0.0, pc - s * (dist - Lc))
        qx, qy = xs + m * dx, ys + m * dy
        out = np.floor(bilinear(cur, qx, qy) + 0.5)
        out[band] = np.floor(gain * cur.astype(np.float64)[band] + 0.5)
        new_mask = (bilinear(mask, qx, qy) >= 0.5).astype(np.uint8)
        new_mask[band] = 1
        cur, mask = np.clip(out, 0, 255).astype(np.uint8), new_mask
        # The straight flow label with |D|, L and F - L at the nearest curve point.
        F = Lc + pc
        ok = dist >= F
        u = np.where(pc - s * (dist - Lc) <= 0, dist - Lc, (dist - F) / (1 - s))
        shift = -(dist - (Lc + u))
        fx = np.where(ok, shift * dx, 0.0).astype(np.float32)
        fy = np.where(ok, shift * dy, 0.0).astype(np.float32)
        valid = ok.astype(np.uint8)
        if total is None:
            total = [fx, fy, valid]
            continue
        tfx, tfy, tval = total
        qx, qy = xs + tfx.astype(np.float64), ys + tfy.astype(np.float64)
        keep = tval.astype(bool) & _taps_valid(valid, qx, qy)
        nfx = np.where(keep, tfx + bilinear(fx, qx, qy), 0.0).astype(np.float32)
        nfy = np.where(keep, tfy + bilinear(fy, qx, qy), 0.0).astype(np.float32)
        total = [nfx, nfy, keep.astype(np.uint8)]
    fx, fy, valid = total
    return cur, mask, np.stack([fx, fy]), valid


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
def _json_arg(txt: str):
    if txt.startswith("@"):
        with open(txt[1:]) as f:
            txt = f.read()
    return json.loads(txt)


def _main():
    from PIL import Image

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--params", help="JSON FoldParams (or @file.json)")
    ap.add_argument("--shape", help='JSON fold shape {"folds": [...]} (or @file.json)')
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if (a.params is None) == (a.shape is None):
        ap.error("give exactly one of --params and --shape")
    img = np.array(Image.open(a.inp).convert("L"))
    pd = _json_arg(a.params or a.shape)
    if a.shape is not None:
        deg, mask, flow, valid = apply_shape(img, pd)
    else:
        p = FoldParams(**{k: float(pd[k]) for k in ("x0", "y0", "x1", "y1", "L", "F", "s")},
                       bandGain=float(pd.get("bandGain", 0.0)))
        deg, mask, flow, valid = apply_fold(img, p)
    os.makedirs(a.out, exist_ok=True)
    Image.fromarray(deg).save(os.path.join(a.out, "degraded.png"))
    Image.fromarray(mask * 255).save(os.path.join(a.out, "mask.png"))
    Image.fromarray(valid * 255).save(os.path.join(a.out, "valid.png"))
    np.save(os.path.join(a.out, "flow.npy"), flow)
    np.save(os.path.join(a.out, "valid.npy"), valid)


if __name__ == "__main__":
    _main()
