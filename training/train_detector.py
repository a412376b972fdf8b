"""Train the learned fold detector (FoldNet, sff_train/nets.py) from scratch, 1 thread, resumable.

    node --import tsx training/tools/detector_data.ts training/data_cache/detector 1   # simulated folds
    nice -n 10 /usr/bin/python3 training/train_detector.py --hours 1.0 --seed 7

Data: the simulated sections of training/tools/detector_data.ts (every shape family on Gerhard 00-13
and ISBI 00-24 only; never the validation sections Gerhard 14-19) as positives, the clean training
sections as negatives, black border padding (strips and rotated-frame wedges) painted on a third of
the crops (mask 0 there).  Dev (best checkpoint): the folds simulated on ISBI 23-24 (held out of
training) and the clean ISBI 25-29 sections with padding.  Re-running the same command resumes
(artifacts/checkpoints/detector.pt: model, Adam, RNG, iterations, seconds); log in
artifacts/logs/logs_detector.txt.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sff_train.data import GERHARD, ISBI, jitter  # noqa: E402
from sff_train.nets import FoldNet, nparams  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CK = os.path.join(HERE, "artifacts", "checkpoints")
LOGS = os.path.join(HERE, "artifacts", "logs")
DEV_FOLDS = re.compile(r"isbi_(23|24)_")


def _png(p):
    return np.array(Image.open(p).convert("L"))


def load_cases(root):
    cases = []
    for m in sorted(glob.glob(os.path.join(root, "*_m.png"))):
        name = os.path.basename(m)
        cases.append((name, _png(m[:-6] + "_d.png"), (_png(m) > 0).astype(np.uint8)))
    return cases


def paint_padding(r, img, mask):
    """Black padding along one border: a strip of constant depth or a wedge (a rotated frame)."""
    h, w = img.shape
    depth = r.uniform(2, 0.25 * min(h, w))
    t = np.arange(w if r.random() < 0.5 else h, dtype=np.float64) / max(h, w)
    prof = depth * (np.ones_like(t) if r.random() < 0.4 else np.clip(r.uniform(-0.5, 1.0) + r.uniform(0.5, 3) * (t if r.random() < 0.5 else 1 - t), 0, 1))
    prof = np.floor(prof).astype(int)
    side = r.integers(4)
    img, mask = np.rot90(img, side).copy(), np.rot90(mask, side).copy()
    hh, ww = img.shape
    n = min(len(prof), ww)
    for x in range(n):
        img[: prof[x], x] = 0
        mask[: prof[x], x] = 0
    return np.rot90(img, -side).copy(), np.rot90(mask, -side).copy()


class Sampler:
    def __init__(self, cases, clean, crop, r):
        self.cases, self.clean, self.crop, self.r = cases, clean, crop, r

    def one(self):
        r, c = self.r, self.crop
        if r.random() < 0.3:
            img = self.clean[r.integers(len(self.clean))]
            mask = np.zeros_like(img)
        else:
            _, img, mask = self.cases[r.integers(len(self.cases))]
        h, w = img.shape
        ys, xs = (np.nonzero(mask[::4, ::4]) if r.random() < 0.8 else ((), ()))
        if len(ys):
            k = r.integers(len(ys))
            y0 = int(np.clip(4 * ys[k] - r.integers(c), 0, h - c))
            x0 = int(np.clip(4 * xs[k] - r.integers(c), 0, w - c))
        else:
            y0, x0 = int(r.integers(h - c + 1)), int(r.integers(w - c + 1))
        img = img[y0:y0 + c, x0:x0 + c].astype(np.float64)
        mask = mask[y0:y0 + c, x0:x0 + c].copy()
        k = r.integers(4)
        img, mask = np.rot90(img, k), np.rot90(mask, k)
        if r.random() < 0.5:
            img, mask = img[:, ::-1], mask[:, ::-1]
        img = jitter(r, img)
        if r.random() < 0.33:
            img, mask = paint_padding(r, img, mask)
        return np.ascontiguousarray(img, np.float32) / 255.0, np.ascontiguousarray(mask, np.float32)

    def batch(self, n):
        xs, ys = zip(*(self.one() for _ in range(n)))
        return torch.from_numpy(np.stack(xs)[:, None]), torch.from_numpy(np.stack(ys)[:, None])


def loss_fn(logits, target):
    p = torch.sigmoid(logits)
    inter = (p * target).sum((1, 2, 3))
    dice = 1 - (2 * inter + 1) / (p.sum((1, 2, 3)) + target.sum((1, 2, 3)) + 1)
    return F.binary_cross_entropy_with_logits(logits, target) + 0.5 * dice.mean()


def crop32(a):
    h, w = a.shape[-2:]
    return a[..., : h - h % 32, : w - w % 32]


@torch.no_grad()
def dev_score(model, dev_folds, dev_clean):
    """Mean IoU on the held-out folds and the flagged-pixel fraction on clean sections."""
    model.eval()
    ious, fp = [], []
    for img, mask in dev_folds:
        pr = model(torch.from_numpy(crop32(img)[None, None].astype(np.float32) / 255.0))[0, 0].numpy() > 0
        m = crop32(mask) > 0
        ious.append((pr & m).sum() / max(1, (pr | m).sum()))
    for img in dev_clean:
        pr = model(torch.from_numpy(crop32(img)[None, None].astype(np.float32) / 255.0))[0, 0].numpy() > 0
        fp.append(pr.mean())
    model.train()
    return float(np.mean(ious)), float(np.mean(fp))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(HERE, "data_cache", "detector"))
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--hours", type=float, default=1.0, help="wall-clock budget of this run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dev-every", type=int, default=250)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    os.makedirs(CK, exist_ok=True)
    os.makedirs(LOGS, exist_ok=True)
    log = open(os.path.join(LOGS, "logs_detector.txt"), "a")

    def say(msg):
        print(msg, flush=True)
        log.write(msg + "\n")
        log.flush()

    cases = load_cases(a.data)
    train = [c for c in cases if not DEV_FOLDS.match(c[0])]
    dev_folds = [(c[1], c[2]) for c in cases if DEV_FOLDS.match(c[0])]
    g, i = sorted(glob.glob(os.path.join(GERHARD, "*.png"))), sorted(glob.glob(os.path.join(ISBI, "*.png")))
    clean = [_png(p) for p in g[:14] + i[:25]]
    r_dev = np.random.default_rng(99)
    dev_clean = [paint_padding(r_dev, _png(p).astype(np.float64), np.zeros((512, 512), np.uint8))[0] for p in i[25:30]]
    dev_clean += [_png(p) for p in i[25:30]]
    model = FoldNet()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    r = np.random.default_rng(a.seed)
    meta = dict(iterations=0, seconds=0.0, best=-1e9, seed=a.seed, params=nparams(model), cases=len(train))
    ck = os.path.join(CK, "detector.pt")
    if os.path.exists(ck):
        st = torch.load(ck)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        r.bit_generator.state = st["rng"]
        torch.set_rng_state(st["torch_rng"])
        meta = st["meta"]
        say(f"resumed {ck} at iteration {meta['iterations']}")
    else:
        say(f"new run: {meta['params']} parameters, {len(train)} fold sections, {len(clean)} clean, seed {a.seed}")
    sampler = Sampler(train, clean, a.crop, r)
    t_start, t_last, run_loss = time.time(), time.time(), []
    while time.time() - t_start < a.hours * 3600:
        x, y = sampler.batch(a.batch)
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        run_loss.append(loss.item())
        meta["iterations"] += 1
        it = meta["iterations"]
        if it % a.dev_every == 0:
            now = time.time()
            meta["seconds"] += now - t_last
            t_last = now
            iou, fp = dev_score(model, dev_folds, dev_clean)
            score = iou - 10 * fp
            best = score > meta["best"]
            if best:
                meta["best"] = score
                meta["best_iteration"] = it
                meta["dev"] = dict(iou=iou, clean_fp=fp)
                torch.save(model.state_dict(), os.path.join(CK, "detector_best.pt"))
            torch.save(dict(model=model.state_dict(), opt=opt.state_dict(), rng=r.bit_generator.state,
                            torch_rng=torch.get_rng_state(), meta=meta), ck)
            with open(os.path.join(CK, "detector.json"), "w") as f:
                json.dump(meta, f, indent=1)
            say(f"it {it} {meta['seconds'] / 60:.1f} min loss {np.mean(run_loss):.4f} dev IoU {iou:.3f} "
                f"clean fp {fp:.5f}{' *' if best else ''}")
            run_loss = []


if __name__ == "__main__":
    main()
