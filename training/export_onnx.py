"""Export the three stages, the membrane net and the learned fold detector (foldnet) to ONNX (opset 16, dynamic H/W) with parity fixtures.

    /usr/bin/python3 training/export_onnx.py            # -> models/{interp,unfold,fusion,membrane,foldnet}.onnx
    /usr/bin/python3 training/export_onnx.py --only membrane,fusion

Inputs are float32 [1,1,H,W] in [0,1] (mask/lost: 0 or 1).  See models/README.md.
Fixtures (models/fixtures/<model>.json + .bin): inputs stored as uint8 (value/255 gives the
float input) or float32, outputs as float32 from PyTorch; the TS parity test feeds the same
inputs to onnxruntime-web and compares.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sff_train.nets import ARCHS, InterpNet, FoldNet, FusionNet, MembraneNet, ckpt_name, nparams  # noqa: E402
from sff_train.unfold import UnfoldFast  # noqa: E402
from sff_train.simulate import FoldParams, apply_fold  # noqa: E402
from sff_train.data import load_split  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
CK = os.path.join(HERE, "artifacts", "checkpoints")

SPECS = {
    "interp": (["prev", "next"], ["interp"]),
    "unfold": (["degraded", "mask", "prev", "next"], ["flow", "lost", "unfolded"]),
    "fusion": (["unfolded", "interp", "lost", "prev", "next"], ["restored"]),
    "membrane": (["image"], ["membrane"]),
    "foldnet": (["image"], ["fold"]),
}
# The shipped fusion net's checkpoint stem (models/README.md: fusion_s2d_sharp, the --sharp run, is
# kept as a negative result: it met the sharpness target with a checkerboard, not with tissue).
FUSION = "fusion_s2d"


def load_models(arch="s2d", ck=CK, fusion_stem=None):
    """(interp, unfold, fusion); fusion_stem: checkpoint stem of the fusion net (default: the shipped one)."""
    interp = InterpNet(arch)
    interp.load_state_dict(torch.load(os.path.join(ck, ckpt_name("interp", arch) + "_best.pt"), map_location="cpu"))
    fusion = FusionNet(arch)
    stem = fusion_stem or (FUSION if arch == "s2d" else ckpt_name("fusion", arch))
    fusion.load_state_dict(torch.load(os.path.join(ck, stem + "_best.pt"), map_location="cpu"))
    return interp.eval(), UnfoldFast().eval(), fusion.eval()


def load_membrane(ck=CK):
    net = MembraneNet()
    net.load_state_dict(torch.load(os.path.join(ck, "membrane_best.pt"), map_location="cpu"))
    return net.eval()


class FoldProbability(torch.nn.Module):
    """FoldNet with its sigmoid: the ONNX output is the band probability."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.sigmoid(self.net(x))


def load_foldnet(ck=CK):
    net = FoldNet()
    net.load_state_dict(torch.load(os.path.join(ck, "detector_best.pt"), map_location="cpu"))
    return FoldProbability(net.eval()).eval()


def export(model, name, example, out_dir):
    ins, outs = SPECS[name]
    path = os.path.join(out_dir, f"{name}.onnx")
    dyn = {n: {2: "H", 3: "W"} for n in ins + outs}
    torch.onnx.export(model, tuple(example), path, input_names=ins, output_names=outs,
                      dynamic_axes=dyn, opset_version=16, do_constant_folding=True)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    return path


def write_fixture(name, inputs, outputs, u8_inputs, out_dir):
    fx = os.path.join(out_dir, "fixtures")
    os.makedirs(fx, exist_ok=True)
    meta = dict(model=f"{name}.onnx", inputs=[], outputs=[])
    blob = bytearray()
    for n, t in zip(SPECS[name][0], inputs):
        a = t.numpy()
        if n in u8_inputs:
            raw = np.round(a * 255).astype(np.uint8).tobytes()
            dt = "uint8/255"
        else:
            raw = a.astype(np.float32).tobytes()
            dt = "float32"
        meta["inputs"].append(dict(name=n, shape=list(a.shape), dtype=dt, offset=len(blob),
                                   bytes=len(raw)))
        blob += raw
    for n, t in zip(SPECS[name][1], outputs):
        raw = t.numpy().astype(np.float32).tobytes()
        meta["outputs"].append(dict(name=n, shape=list(t.shape), dtype="float32",
                                    offset=len(blob), bytes=len(raw)))
        blob += raw
    meta["blob"] = f"{name}.bin"
    meta["note"] = ("little-endian; 'uint8/255' inputs: feed float32(value)/255. Outputs are "
                    "PyTorch's (float32).")
    open(os.path.join(fx, f"{name}.bin"), "wb").write(bytes(blob))
    json.dump(meta, open(os.path.join(fx, f"{name}.json"), "w"), indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=MODELS)
    ap.add_argument("--arch", choices=sorted(ARCHS), default="s2d")
    ap.add_argument("--only", default=",".join(SPECS), help="comma-separated models to export")
    a = ap.parse_args()
    only = set(a.only.split(","))
    os.makedirs(a.out, exist_ok=True)
    interp, unfold, fusion = load_models(a.arch)
    # fixture data: ISBI dev sections 26 (+-1), explicit fold
    st = load_split("dev")[0]
    T = lambda x: torch.from_numpy(np.ascontiguousarray(x).astype(np.float32))[None, None] / 255
    with torch.no_grad():
        # interp and fusion: 64 x 96
        t = st[0:3, 100:164, 200:296]
        p = FoldParams(0, 40, 95, 20, 5, 12, 0.05, 0.0)
        deg, mask, flow, valid = apply_fold(t[1], p)
        prev, nxt = T(t[0]), T(t[2])
        ip = interp(prev, nxt)
        if "interp" in only:
            export(interp, "interp", (prev, nxt), a.out)
            write_fixture("interp", (prev, nxt), (ip,), {"prev", "next"}, a.out)
        lost = T((1 - valid) * 255)
        from sff_train.data import unwarp
        unf = torch.from_numpy(unwarp(deg, flow).astype(np.float32))[None, None] / 255
        fo = fusion(unf, ip, lost, prev, nxt)
        if "fusion" in only:
            export(fusion, "fusion", (unf, ip, lost, prev, nxt), a.out)
            write_fixture("fusion", (unf, ip, lost, prev, nxt), (fo,), {"lost", "prev", "next"}, a.out)
        if "membrane" in only:  # the same 64 x 96 dev crop, centre section
            membrane = load_membrane()
            image = T(t[1])
            export(membrane, "membrane", (image,), a.out)
            write_fixture("membrane", (image,), (membrane(image),), {"image"}, a.out)
        if "foldnet" in only:  # the same dev crop with the fold, 64 x 96 (multiples of 32)
            foldnet = load_foldnet()
            image = T(deg)
            export(foldnet, "foldnet", (image,), a.out)
            write_fixture("foldnet", (image,), (foldnet(image),), {"image"}, a.out)
        # unfold: 160 x 160, line across a corner so that one side has search support
        t = st[0:3, 200:360, 150:310]
        p = FoldParams(0, 50, 50, 0, 6, 30, 0.03, 0.0)
        deg, mask, flow, valid = apply_fold(t[1], p)
        ins = (T(deg), T(mask * 255), T(t[0]), T(t[2]))
        outs = unfold(*ins)
        if "unfold" in only:
            export(unfold, "unfold", ins, a.out)
            write_fixture("unfold", ins, outs, {"degraded", "mask", "prev", "next"}, a.out)
    for n in sorted(only):
        print(n, os.path.getsize(os.path.join(a.out, f"{n}.onnx")), "bytes")
    print("params interp", nparams(interp), "fusion", nparams(fusion), "membrane", nparams(MembraneNet()),
          "foldnet", nparams(FoldNet()))


if __name__ == "__main__":
    main()
