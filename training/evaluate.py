"""Quality ladder on the VALIDATION sections (final numbers only; never used for tuning).

    /usr/bin/python3 training/evaluate.py --n 100 --seed 2020 --out training/artifacts/eval/eval_val.json

Simulated folds with the 'test' distribution (L 5-20, black band) on 400x400 crops of Gerhard
sections 15-18 (neighbours 14-19).  The methods get the degraded crop, the two neighbour crops
and the true band mask (standing in for the detector); never the fold parameters or the truth.
PSNR (range 255) and SSIM (scikit-image defaults, uint8) of the rounded uint8 outputs.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from skimage.metrics import structural_similarity

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sff_train.data import load_split, dilate  # noqa: E402
from sff_train.simulate import sample_params, apply_fold  # noqa: E402
from export_onnx import load_models
from sff_train.nets import ARCHS  # noqa: E402

REF = os.environ.get("SFF_REF", "mean")
METHODS = ["degraded", "sub", "interp_mean", "interp_net", "unfold", "unfold_fusion",
           "interp_fusion", "full"]


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * np.log10(255.0 ** 2 / max(mse, 1e-10)))


def u8(t):
    return np.clip(np.floor(t[0, 0].numpy() * 255 + 0.5), 0, 255).astype(np.uint8)


def restore_all(models, deg, mask, prev, nxt):
    interp, unfold, fusion = models
    T = lambda x: torch.from_numpy(np.ascontiguousarray(x).astype(np.float32))[None, None] / 255
    d, m, p, n = T(deg), T(mask.astype(np.float32) * 255), T(prev), T(nxt)
    out = {}
    with torch.no_grad():
        mean = 0.5 * (p + n)
        ip = interp(p, n)
        if REF == "interp":  # search against the interpolation instead of the neighbour mean
            flow, lost, unf = unfold(d, m, ip, ip)
        else:
            flow, lost, unf = unfold(d, m, p, n)
        out["interp_net"] = ip
        out["unfold"] = unf * (1 - lost) + mean * lost
        out["unfold_fusion"] = fusion(unf, mean, lost, p, n)
        out["interp_fusion"] = fusion(d, ip, m, p, n)
        out["full"] = fusion(unf, ip, lost, p, n)
    return {k: u8(v) for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--size", type=int, default=400)
    ap.add_argument("--split", default="val", help="val (Gerhard 14-19) or dev (ISBI 25-29)")
    ap.add_argument("--out", default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--arch", choices=sorted(ARCHS), default="s2d", help="which trained nets to score")
    ap.add_argument("--border", type=int, default=0, help="ignore this many px at each edge when scoring")
    ap.add_argument("--dilate", type=int, default=0,
                    help="give the methods the band mask dilated by this many px (detector error)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    st = load_split(a.split)[0]
    models = load_models(a.arch)
    rng = np.random.default_rng(a.seed)
    S = a.size
    res = {m: {"psnr": [], "ssim": []} for m in METHODS}
    t0 = time.time()
    for i in range(a.n):
        z = int(rng.integers(1, st.shape[0] - 1))  # val: Gerhard 15..18
        y = int(rng.integers(0, st.shape[1] - S + 1))
        x = int(rng.integers(0, st.shape[2] - S + 1))
        prev, gt, nxt = st[z - 1, y:y + S, x:x + S], st[z, y:y + S, x:x + S], st[z + 1, y:y + S, x:x + S]
        p = sample_params(rng, S, S, "test")
        deg, mask, _, _ = apply_fold(gt, p)
        outs = restore_all(models, deg, dilate(mask, a.dilate), prev, nxt)
        outs["degraded"] = deg
        outs["sub"] = prev
        outs["interp_mean"] = np.floor((prev.astype(np.float64) + nxt) / 2 + 0.5).astype(np.uint8)
        b = a.border
        cut = (lambda im: im[b:-b, b:-b]) if b > 0 else (lambda im: im)
        for m in METHODS:
            res[m]["psnr"].append(psnr(cut(outs[m]), cut(gt)))
            res[m]["ssim"].append(float(structural_similarity(cut(gt), cut(outs[m]), data_range=255)))
        if (i + 1) % 10 == 0:
            print(f"{i + 1}/{a.n} cases, {time.time() - t0:.0f} s; full {np.mean(res['full']['psnr']):.2f} dB",
                  flush=True)
    summary = {}
    print(f"\n{a.split}: {a.n} cases of {S}x{S}, seed {a.seed}, mask dilated by {a.dilate} px")
    print(f"{'method':15s} {'PSNR dB':>16s} {'SSIM':>16s}")
    for m in METHODS:
        ps, ss = np.array(res[m]["psnr"]), np.array(res[m]["ssim"])
        summary[m] = dict(psnr_mean=float(ps.mean()), psnr_std=float(ps.std()),
                          ssim_mean=float(ss.mean()), ssim_std=float(ss.std()))
        print(f"{m:15s} {ps.mean():7.2f} ± {ps.std():5.2f}   {ss.mean():.4f} ± {ss.std():.4f}")
    f = summary["full"]["psnr_mean"]
    gaps = {k: f - summary[k]["psnr_mean"] for k in ("interp_net", "sub", "degraded")}
    gaps["ssim_full_minus_interp_net"] = summary["full"]["ssim_mean"] - summary["interp_net"]["ssim_mean"]
    print("full minus:", {k: round(v, 3) for k, v in gaps.items()})
    if a.out:
        json.dump(dict(arch=a.arch, split=a.split, n=a.n, size=S, seed=a.seed, dilate=a.dilate, border=a.border, summary=summary, gaps=gaps,
                       per_case=res, seconds=time.time() - t0), open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
