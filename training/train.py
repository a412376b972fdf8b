"""Train one restoration stage on 2 CPU cores, with automatic resume.

    /usr/bin/python3 training/train.py --stage interp  --hours 1.0
    /usr/bin/python3 training/train.py --stage fusion  --hours 1.0   # needs artifacts/checkpoints/interp_best.pt
    (--arch s2d: the half-resolution nets; their files are <stage>_s2d*.pt / .json)

Checkpoints (model + Adam + sampler RNG) go to training/artifacts/checkpoints/<stage>.pt every --ckpt-min
minutes and at the end; the best model on the held-out dev set (ISBI 25-29, never the validation
Gerhard 14-19) is kept as <stage>_best.pt; <stage>.json records seed, iterations, samples, wall
time (summed over resumes) and losses.  Re-running the same command resumes.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sff_train.data import load_split, load_membranes, MembraneSampler, TripletSampler, fold_sample  # noqa: E402
from sff_train.unfold import UnfoldFast  # noqa: E402
from sff_train.nets import ARCHS, InterpNet, FusionNet, MembraneNet, ckpt_name, detail_energy, nparams  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CK = os.path.join(HERE, "artifacts", "checkpoints")


def t(a):
    return torch.from_numpy(np.ascontiguousarray(np.stack(a)))[:, None].float()


def interp_batch(sampler, n, size):
    tr = [sampler.triplet(size).astype(np.float32) / 255 for _ in range(n)]
    return dict(prev=t([x[0] for x in tr]), gt=t([x[1] for x in tr]), next=t([x[2] for x in tr]))


def fusion_batch(sampler, n, size, search=None):
    ss = [fold_sample(sampler, size + 96, size, "fusion", search=search) for _ in range(n)]
    return {k: t([s[k] for s in ss]) for k in ("prev", "gt", "next", "deg", "mask", "unf", "lost")}


def membrane_batch(sampler, n, size):
    ps = [sampler.pair(size) for _ in range(n)]
    return dict(image=t([p[0] for p in ps]) / 255, membrane=t([p[1] for p in ps]))


# Membrane net: trained on Gerhard 00-12, dev section 13 (validation 14-19 never seen).
MEMBRANE_TRAIN, MEMBRANE_DEV = range(0, 13), [13]


class Stage:
    def __init__(self, name, arch, interp_ckpt=None, fusion_search=False, sharp=0.0):
        self.name = name
        self.sharp = sharp
        if name == "membrane":
            self.model = MembraneNet()
            self.batch = membrane_batch
        elif name == "interp":
            self.model = InterpNet(arch)
            self.batch = interp_batch
        else:
            self.model = FusionNet(arch)
            search = UnfoldFast().eval() if fusion_search else None
            self.batch = lambda sampler, n, size: fusion_batch(sampler, n, size, search)
            self.interp = InterpNet(arch)
            self.interp.load_state_dict(torch.load(interp_ckpt, map_location="cpu"))
            self.interp.eval()
            for p in self.interp.parameters():
                p.requires_grad_(False)

    def samplers(self, seed):
        """(training sampler, dev sampler)."""
        if self.name == "membrane":
            return (MembraneSampler(*load_membranes(MEMBRANE_TRAIN), seed),
                    MembraneSampler(*load_membranes(MEMBRANE_DEV), 12345))
        return TripletSampler(load_split("train"), seed), TripletSampler(load_split("dev"), 12345)

    def loss(self, b):
        if self.name == "membrane":
            # membranes are ~1/4 of the pixels: weight them up so thin ones are not dropped
            return F.binary_cross_entropy_with_logits(self.model.logits(b["image"]), b["membrane"],
                                                      pos_weight=torch.tensor(2.0))
        if self.name == "interp":
            out = self.model(b["prev"], b["next"])
            return (out - b["gt"]).abs().mean()
        with torch.no_grad():
            ip = self.interp(b["prev"], b["next"])
        out = self.model(b["unf"], ip, b["lost"], b["prev"], b["next"])
        w = F.max_pool2d(b["lost"], 17, 1, 8) + 0.05  # the region where fusion output is used
        loss = ((out - b["gt"]).abs() * w).sum() / w.sum()
        if self.sharp > 0:
            # L1 alone rewards a blurred fill; ask for as much fine structure as the tissue has
            detail = (detail_energy(out) - detail_energy(b["gt"])).abs()
            loss = loss + self.sharp * (detail * b["lost"]).sum() / b["lost"].sum().clamp(min=1)
        return loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", choices=["interp", "fusion", "membrane"], required=True)
    ap.add_argument("--crop", type=int, default=128)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hours", type=float, default=1.0, help="wall-clock budget of this run")
    ap.add_argument("--iters", type=int, default=10 ** 9, help="stop at this total iteration")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt-min", type=float, default=3.0)
    ap.add_argument("--dev-every", type=int, default=200)
    ap.add_argument("--arch", choices=sorted(ARCHS), default="s2d",
                    help="unet: full-resolution U-Net; s2d: the same at half resolution (3x cheaper)")
    ap.add_argument("--search", action="store_true",
                    help="fusion: half the samples unfolded by the product's search instead of a perturbed true flow")
    ap.add_argument("--sharp", type=float, default=0.0,
                    help="fusion: weight of the detail term (local Laplacian energy of the fill vs the truth in the lost strip)")
    ap.add_argument("--init", default=None, help="start a new run from these weights (a <stage>_best.pt)")
    ap.add_argument("--interp-ckpt", default=None, help="default: artifacts/checkpoints/<interp of --arch>_best.pt")
    a = ap.parse_args()
    stem = "membrane" if a.stage == "membrane" else ckpt_name(a.stage, a.arch) + ("_sharp" if a.sharp > 0 else "")
    interp_ckpt = a.interp_ckpt or os.path.join(CK, ckpt_name("interp", a.arch) + "_best.pt")
    torch.set_num_threads(a.threads)
    os.makedirs(CK, exist_ok=True)
    torch.manual_seed(a.seed)
    st = Stage(a.stage, a.arch, interp_ckpt, a.search, a.sharp)
    if a.init:
        st.model.load_state_dict(torch.load(a.init, map_location="cpu"))
    opt = torch.optim.Adam(st.model.parameters(), lr=a.lr)
    sampler, dev_s = st.samplers(a.seed)
    ck, meta_p = os.path.join(CK, f"{stem}.pt"), os.path.join(CK, f"{stem}.json")
    meta = dict(stage=a.stage, arch=a.arch, search=a.search, sharp=a.sharp, init=a.init, seed=a.seed, iterations=0, samples=0, wall_s=0.0, best_dev=None,
                params=nparams(st.model), crop=a.crop, batch=a.batch, runs=[])
    if os.path.exists(ck):
        s = torch.load(ck, map_location="cpu")
        st.model.load_state_dict(s["model"])
        opt.load_state_dict(s["opt"])
        sampler.rng.bit_generator.state = s["rng"]
        torch.set_rng_state(s["torch_rng"])
        meta = json.load(open(meta_p))
        print(f"resumed {ck} at iteration {meta['iterations']}", flush=True)
    for g in opt.param_groups:
        g["lr"] = a.lr
    meta["runs"].append(dict(start=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), lr=a.lr,
                             crop=a.crop, batch=a.batch, start_iter=meta["iterations"]))
    dev = [st.batch(dev_s, 8, a.crop) for _ in range(4)]  # fixed dev batches

    def save():
        torch.save(dict(model=st.model.state_dict(), opt=opt.state_dict(),
                        rng=sampler.rng.bit_generator.state, torch_rng=torch.get_rng_state()), ck)
        json.dump(meta, open(meta_p, "w"), indent=1)

    t0 = time.time()
    last_ck = t0
    run_start_wall = meta["wall_s"]
    win_loss, win_n, win_t = 0.0, 0, time.time()
    print(f"stage {a.stage}: {meta['params']} parameters", flush=True)
    while meta["iterations"] < a.iters and time.time() - t0 < a.hours * 3600:
        b = st.batch(sampler, a.batch, a.crop)
        st.model.train()
        loss = st.loss(b)
        opt.zero_grad()
        loss.backward()
        opt.step()
        meta["iterations"] += 1
        meta["samples"] += a.batch
        meta["wall_s"] = run_start_wall + time.time() - t0
        win_loss += loss.item()
        win_n += 1
        it = meta["iterations"]
        if it % 50 == 0:
            dt = time.time() - win_t
            print(f"it {it} loss {win_loss / win_n:.4f} {win_n * a.batch / dt:.1f} samples/s "
                  f"wall {meta['wall_s'] / 60:.1f} min", flush=True)
            meta["last_loss"] = win_loss / win_n
            win_loss, win_n, win_t = 0.0, 0, time.time()
        if it % a.dev_every == 0:
            st.model.eval()
            with torch.no_grad():
                dl = float(np.mean([st.loss(b).item() for b in dev]))
            best = meta["best_dev"] is None or dl < meta["best_dev"]
            if best:
                meta["best_dev"] = dl
                meta["best_iter"] = it
                torch.save(st.model.state_dict(), os.path.join(CK, f"{stem}_best.pt"))
            print(f"dev loss {dl:.4f}{' (best)' if best else ''}", flush=True)
        if time.time() - last_ck > a.ckpt_min * 60:
            save()
            last_ck = time.time()
    save()
    print(f"done: {meta['iterations']} iterations, {meta['wall_s'] / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
