"""Dev probe of lost-strip fills (never the validation sections): strip PSNR and sharpness.

    OMP_NUM_THREADS=1 /usr/bin/python3 training/tools/dev_fill.py [n_cases] [fusion checkpoint stems...]

Folds from the 'test' distribution on 256² crops of the dev stack (ISBI 25-29) and of Gerhard
training sections 01-12; the unfolded input comes from the true flow, so only the fill of the
lost strip |D| < F differs between the rows.  Sharpness = std of the Laplacian of the fill inside
the strip / that of the truth (1 = as much fine structure as tissue, 0 = flat).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from sff_train.data import load_split, unwarp  # noqa: E402
from sff_train.simulate import sample_params, apply_fold  # noqa: E402
from export_onnx import load_models  # noqa: E402
from sff_train.metrics import strip_scores  # noqa: E402


def blur(x, sigma):
    r = int(3 * sigma + 0.5)
    k = torch.exp(-torch.arange(-r, r + 1, dtype=torch.float32) ** 2 / (2 * sigma ** 2))
    k = (k / k.sum())
    x = F.conv2d(F.pad(x, (r, r, 0, 0), mode="replicate"), k.view(1, 1, 1, -1))
    return F.conv2d(F.pad(x, (0, 0, r, r), mode="replicate"), k.view(1, 1, -1, 1))


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    torch.set_num_threads(1)
    interp, _, fusion = load_models(fusion_stem="fusion_s2d")
    others = {stem: load_models(fusion_stem=stem)[2] for stem in sys.argv[2:]}
    stacks = [load_split("dev")[0], load_split("train")[0][1:13 + 1]]
    rng = np.random.default_rng(7)
    rows = {}
    T = lambda x: torch.from_numpy(np.ascontiguousarray(x).astype(np.float32))[None, None] / 255
    for _ in range(n):
        st = stacks[int(rng.integers(0, 2))]
        z = int(rng.integers(1, st.shape[0] - 1))
        y, x = (int(rng.integers(0, st.shape[k] - 256 + 1)) for k in (1, 2))
        t = st[z - 1:z + 2, y:y + 256, x:x + 256]
        p = sample_params(rng, 256, 256, "test")
        deg, mask, flow, valid = apply_fold(t[1], p)
        lost = T((1 - valid) * 255)
        unf = T(unwarp(deg, flow))
        pv, nx = T(t[0]), T(t[2])
        with torch.no_grad():
            mean = 0.5 * (pv + nx)
            ip = interp(pv, nx)
            fills = {"sub": pv, "mean": mean, "interp_net": ip, "fusion": fusion(unf, ip, lost, pv, nx)}
            fu = fills["fusion"]
            # The transfer before session 11, then the family the shipped one was chosen from.
            fills["lp1(fusion)+1.2hp1(mean)"] = blur(fu, 1.0) + 1.2 * (mean - blur(mean, 1.0))
            for s in (0.6, 0.75, 0.9, 1.0):
                for g in (1.0, 1.1, 1.2, 1.3):
                    fills[f"fusion+{g:g}hp{s:g}(mean)"] = fu + g * (mean - blur(mean, s))
            for stem, net in others.items():
                fills[stem] = net(unf, ip, lost, pv, nx)
        strip = valid == 0
        for k, v in fills.items():
            out = np.clip(np.floor(v[0, 0].numpy() * 255 + 0.5), 0, 255)
            rows.setdefault(k, []).append(strip_scores(out, t[1], strip))
    for k, v in rows.items():
        a = np.array(v)
        print(f"{k:28s} strip PSNR {a[:, 0].mean():6.2f}  sharpness {a[:, 1].mean():.3f}")


if __name__ == "__main__":
    main()
