"""Small U-Nets for interpolation and fusion (ONNX-friendly: conv, relu, maxpool, resize, concat)."""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F


def _block(ci, co):
    return nn.Sequential(nn.Conv2d(ci, co, 3, padding=1), nn.ReLU(inplace=True),
                         nn.Conv2d(co, co, 3, padding=1), nn.ReLU(inplace=True))


class UNet(nn.Module):
    def __init__(self, cin, cout=1, widths=(16, 32, 48, 64)):
        super().__init__()
        self.enc = nn.ModuleList()
        c = cin
        for w in widths:
            self.enc.append(_block(c, w))
            c = w
        self.dec = nn.ModuleList()
        for w in reversed(widths[:-1]):
            self.dec.append(_block(c + w, w))
            c = w
        self.head = nn.Conv2d(c, cout, 1)

    def forward(self, x):
        skips = []
        for i, e in enumerate(self.enc):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = e(x)
            skips.append(x)
        for d, s in zip(self.dec, reversed(skips[:-1])):
            x = F.interpolate(x, size=s.shape[-2:], mode="bilinear", align_corners=False)
            x = d(torch.cat([x, s], 1))
        return self.head(x)


class S2DUNet(nn.Module):
    """The U-Net run at half resolution: pixel-unshuffle 2x2 blocks into channels, U-Net, shuffle
    back.  Full-resolution convolutions are what cost in the browser (bench/inference.bench.ts); this one needs about
    a third of the multiply-adds of UNet(16, 32, 48, 64) and still predicts every pixel.
    Inputs must have H, W divisible by 2 * 2**(len(widths) - 1) (16 for four widths)."""

    def __init__(self, cin, cout=1, widths=(24, 32, 48, 64)):
        super().__init__()
        self.net = UNet(4 * cin, 4 * cout, widths)

    def forward(self, x):
        return F.pixel_shuffle(self.net(F.pixel_unshuffle(x, 2)), 2)


# unet: the earlier nets (full-resolution first level); s2d: the half-resolution variant.
ARCHS = {
    "unet": lambda cin: UNet(cin, 1, (16, 32, 48, 64)),
    "s2d": lambda cin: S2DUNet(cin, 1, (24, 32, 48, 64)),
}
# Spatial size the inputs must be a multiple of (the TS tiler pads to it: src/restoration/stages.ts).
MULTIPLE = {"unet": 8, "s2d": 16}


def ckpt_name(stage, arch):
    """Checkpoint stem: the unet files keep their names, other architectures get a suffix."""
    return stage if arch == "unet" else f"{stage}_{arch}"


class InterpNet(nn.Module):
    """prev, next in [0,1] -> centre section: mean of the two plus a learned residual."""

    def __init__(self, arch="unet"):
        super().__init__()
        self.net = ARCHS[arch](2)

    def forward(self, prev, nxt):
        base = 0.5 * (prev + nxt)
        return base + self.net(torch.cat([prev, nxt], 1))


class FusionNet(nn.Module):
    """Merge the unfolded section and the interpolation, guided by the lost-strip and band masks.

    Inputs (all [N,1,H,W], [0,1]): unf (unfolded damaged section), interp, lost (1 where the
    unfolding has no source: the strip |D| < F), prev, next.  Output: restored section.  Base =
    unf outside the lost strip, interp inside; the net adds a residual, which is applied only
    within 8 px of the lost strip (farther away the unfolded pixels are returned unchanged, so
    the product may run this net on a crop around the fold only).
    """

    def __init__(self, arch="unet"):
        super().__init__()
        self.net = ARCHS[arch](5)

    def forward(self, unf, interp, lost, prev, nxt):
        base = unf * (1 - lost) + interp * lost
        near = F.max_pool2d(lost, 17, 1, 8)
        return base + near * self.net(torch.cat([base, interp, lost, prev, nxt], 1))


class MembraneNet(nn.Module):
    """One section in [0,1] -> membrane probability: a small half-resolution U-Net (8-32 channels).
    Only for scoring restorations by segmentation (sff eval), never part of the restoration."""

    def __init__(self):
        super().__init__()
        self.net = S2DUNet(1, 1, (8, 16, 24, 32))

    def logits(self, image):
        return self.net(image)

    def forward(self, image):
        return torch.sigmoid(self.net(image))


def laplacian(x):
    """4-neighbour Laplacian of [N,1,H,W], edge-replicated (the sharpness metric's filter)."""
    k = torch.tensor([[0.0, 1, 0], [1, -4, 1], [0, 1, 0]]).view(1, 1, 3, 3)
    return F.conv2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), k)


def detail_energy(x, window=9):
    """Local RMS of the Laplacian over window x window: how much fine structure there is, not where."""
    return torch.sqrt(F.avg_pool2d(laplacian(x) ** 2, window, 1, window // 2, count_include_pad=False) + 1e-6)


def nparams(m):
    return sum(p.numel() for p in m.parameters())


def _conv(ci, co, stride=1):
    return nn.Sequential(nn.Conv2d(ci, co, 3, stride=stride, padding=1), nn.ReLU(inplace=True))


class FoldNet(nn.Module):
    """Fold band segmentation at the coarse detection scale (src/core/detection/learned.ts): strided
    convolutions of the full-resolution section down to 1/32 (a fold is told from a membrane by its
    length and straightness, so context matters), a light decoder back to 1/4, where 16 channels per
    pixel are shuffled into the 4x4 full-resolution block. Cheap: about 0.35 G multiply-adds per 1024^2
    (the detection budget is 50 ms on one thread).  H, W must be multiples of 32.  Output: logits."""

    def __init__(self, widths=(8, 16, 24, 32, 48)):
        super().__init__()
        w2, w4, w8, w16, w32 = widths
        self.e2 = _conv(1, w2, 2)
        self.e4 = _conv(w2, w4, 2)
        self.e8 = _conv(w4, w8, 2)
        self.e16 = nn.Sequential(_conv(w8, w16, 2), _conv(w16, w16))
        self.e32 = nn.Sequential(_conv(w16, w32, 2), _conv(w32, w32))
        self.p16 = nn.Conv2d(w32, w16, 1)
        self.d16 = _conv(w16, w16)
        self.p8 = nn.Conv2d(w16, w8, 1)
        self.d8 = _conv(w8, w8)
        self.p4 = nn.Conv2d(w8, w2, 1)
        self.s4 = nn.Conv2d(w4, w2, 1)
        self.d4 = _conv(w2, w2)
        self.head = nn.Conv2d(w2, 16, 1)

    def forward(self, x):
        x4 = self.e4(self.e2(x - 0.5))
        x8 = self.e8(x4)
        x16 = self.e16(x8)
        x32 = self.e32(x16)
        up = lambda t: F.interpolate(t, scale_factor=2.0, mode="nearest")  # noqa: E731
        y = self.d16(up(self.p16(x32)) + x16)
        y = self.d8(up(self.p8(y)) + x8)
        y = self.d4(up(self.p4(y)) + self.s4(x4))
        return F.pixel_shuffle(self.head(y), 4)
