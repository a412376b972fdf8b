"""Unfolding stage: fit the fold line from the mask, search the per-side fold profile, warp back.

The flow of docs/fold-model.md is a function of the signed distance D to the fold line only:
    f(D) = max(0, a - s (|D| - L)) / (1 - s),   flow = -f sign(D) n,   lost strip |D| < F = L + a.
A single damaged section barely shows how far tissue was pulled, but the neighbours do: the
unfolded section must line up with mean(z-1, z+1).  So instead of regressing the flow with a deep
net, this module
  1. fits the line (centroid, normal n) and the band half-width L from the mask's second moments
     (uniform band of half-width L: variance across = L^2 / 3);
  2. for each side of the line searches (a, s) coarse-to-fine (1/8, 1/4, 1/2 resolution),
     scoring each candidate by the normalised cross-correlation between the unwarped damaged
     section and the neighbour mean on the clean-frame support |D| >= L + 75 (a fixed support, so
     candidates compare fairly); the coarse level pools evidence of both sides;
  3. builds the full-resolution flow, warps the damaged section (bilinear, border padding) and
     returns the lost-strip mask.
Every step is tensor arithmetic (Range, ReduceSum, GridSample, ArgMax, Gather), so the module
exports to ONNX opset 16 with dynamic H and W and has no trained weights.  Batch size 1.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

A_MAX = 75.0      # largest profile offset searched (F - L), pixels
S_MAX = 0.1


def _grid(n0, step, n):
    return n0 + step * torch.arange(n, dtype=torch.float32)


class UnfoldSearch(nn.Module):
    def __init__(self, joint=0.3, support=A_MAX, min_support=400.0):
        super().__init__()
        self.joint = joint            # weight of the other side's evidence at the coarse level
        self.support = support
        self.min_support = min_support  # (full-res pixels) below this a side borrows the other's
        a = _grid(0.0, 2.0, 38)       # 0..74
        s = _grid(0.0, 0.01, 11)      # 0..0.1
        self.register_buffer("ca", a[:, None].expand(38, 11).reshape(-1).clone())
        self.register_buffer("cs", s[None, :].expand(38, 11).reshape(-1).clone())
        da, ds = torch.meshgrid(_grid(-2.0, 0.5, 9), _grid(-0.01, 0.0025, 9), indexing="ij")
        self.register_buffer("da1", da.reshape(-1).clone())
        self.register_buffer("ds1", ds.reshape(-1).clone())
        da, ds = torch.meshgrid(_grid(-0.5, 0.25, 5), _grid(-0.002, 0.001, 5), indexing="ij")
        self.register_buffer("da2", da.reshape(-1).clone())
        self.register_buffer("ds2", ds.reshape(-1).clone())

    # ------------------------------------------------------------------ line fit
    @staticmethod
    def fit_line(mask):
        h, w = mask.shape[-2], mask.shape[-1]
        xs = torch.arange(w, dtype=torch.float32).reshape(1, 1, 1, -1)
        ys = torch.arange(h, dtype=torch.float32).reshape(1, 1, -1, 1)
        m = mask
        S = m.sum() + 1e-6
        cx = (m * xs).sum() / S
        cy = (m * ys).sum() / S
        dx = xs - cx
        dy = ys - cy
        a = (m * dx * dx).sum() / S
        b = (m * dx * dy).sum() / S
        c = (m * dy * dy).sum() / S
        r = torch.sqrt(((a - c) * 0.5) ** 2 + b * b)
        lmin = (a + c) * 0.5 - r
        v1x, v1y = b, lmin - a
        v2x, v2y = lmin - c, b
        n1 = v1x * v1x + v1y * v1y
        n2 = v2x * v2x + v2y * v2y
        use1 = n1 >= n2
        nx = torch.where(use1, v1x, v2x)
        ny = torch.where(use1, v1y, v2y)
        nn_ = torch.sqrt(nx * nx + ny * ny) + 1e-12
        nx = nx / nn_
        ny = ny / nn_
        L = torch.sqrt(torch.clamp(3.0 * lmin, min=1.0))
        return cx, cy, nx, ny, L

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _pos(h, w, k):
        """Full-res coordinates of the pixel centres of a k-times average-pooled image."""
        hl, wl = h // k, w // k
        xs = (torch.arange(wl, dtype=torch.float32) * k + (k - 1) * 0.5).reshape(1, -1)
        ys = (torch.arange(hl, dtype=torch.float32) * k + (k - 1) * 0.5).reshape(-1, 1)
        return xs, ys, hl, wl

    @staticmethod
    def _profile(aD, L, a, s):
        return torch.clamp(a - s * (aD - L), min=0.0) / (1.0 - s)

    def _warp(self, img, xs, ys, fx, fy, k, hl, wl):
        """Sample a k-pooled image at full-res positions (xs+fx, ys+fy); fx: [K,hl,wl]."""
        u = ((xs + fx + 0.5) / k) * (2.0 / wl) - 1.0
        v = ((ys + fy + 0.5) / k) * (2.0 / hl) - 1.0
        g = torch.stack([u, v], -1)  # [K,hl,wl,2]
        K = fx.shape[0]
        return F.grid_sample(img.expand(K, 1, hl, wl), g, mode="bilinear",
                             padding_mode="border", align_corners=False)[:, 0]

    @staticmethod
    def _ncc(x, y, wgt):
        """Weighted NCC of each x[K,h,w] with y[h,w] under weights wgt[h,w]."""
        sw = wgt.sum() + 1e-6
        mx = (x * wgt).sum((1, 2)) / sw
        my = (y * wgt).sum() / sw
        xc = x - mx[:, None, None]
        yc = y - my
        cov = (xc * yc * wgt).sum((1, 2))
        vx = (xc * xc * wgt).sum((1, 2))
        vy = (yc * yc * wgt).sum()
        return cov / torch.sqrt(vx * vy + 1e-12)

    def _level(self, deg, ref, geom, k, a_pos, s_pos, a_neg, s_neg):
        """NCC per side for K candidate pairs (a_pos[K] on the D>0 side, a_neg[K] on D<0)."""
        cx, cy, nx, ny, L = geom
        h, w = deg.shape[-2], deg.shape[-1]
        xs, ys, hl, wl = self._pos(h, w, k)
        dl = F.avg_pool2d(deg, k)
        rl = F.avg_pool2d(ref, k)[0, 0]
        D = (xs - cx) * nx + (ys - cy) * ny
        aD = torch.abs(D)
        pos = (D > 0).float()
        sg = torch.sign(D)
        a = torch.where(D[None] > 0, a_pos[:, None, None], a_neg[:, None, None])
        s = torch.where(D[None] > 0, s_pos[:, None, None], s_neg[:, None, None])
        f = self._profile(aD[None], L, a, s) * (aD[None] >= L + a).float()
        fx = -f * sg * nx
        fy = -f * sg * ny
        x = self._warp(dl, xs, ys, fx, fy, k, hl, wl)
        sup = (aD >= L + self.support).float()
        wp = sup * pos
        wn = sup * (1.0 - pos)
        npos = wp.sum() * (k * k)
        nneg = wn.sum() * (k * k)
        return self._ncc(x, rl, wp), self._ncc(x, rl, wn), npos, nneg

    def _pick(self, score_p, score_n, npos, nneg, joint):
        """Index of the best candidate per side; a side with little support borrows the other."""
        fp = npos / (npos + joint * nneg + 1e-6)
        fn = nneg / (nneg + joint * npos + 1e-6)
        sp = fp * score_p + (1 - fp) * score_n
        sn = fn * score_n + (1 - fn) * score_p
        ip = torch.argmax(sp, 0)
        ineg = torch.argmax(sn, 0)
        small_p = npos < self.min_support
        small_n = nneg < self.min_support
        ip2 = torch.where(small_p, ineg, ip)
        in2 = torch.where(small_n, ip, ineg)
        return ip2, in2

    def estimate(self, deg, mask, prev, nxt):
        geom = self.fit_line(mask)
        ref = 0.5 * (prev + nxt)
        # the band carries no tissue of this frame: neutralise it for the pooled comparisons
        degf = deg * (1 - mask) + ref * mask
        # level 0 (1/8): shared grid, the two sides' evidence mixed with weight `joint`
        p0, n0, npos, nneg = self._level(degf, ref, geom, 8, self.ca, self.cs, self.ca, self.cs)
        ip, ineg = self._pick(p0, n0, npos, nneg, self.joint)
        ap, sp_, an, sn_ = self.ca[ip], self.cs[ip], self.ca[ineg], self.cs[ineg]
        # level 1 (1/4) and 2 (1/2): local refinement around each side's best
        for k, da, ds in ((4, self.da1, self.ds1), (2, self.da2, self.ds2)):
            cap = torch.clamp(ap + da, 0.0, A_MAX)
            csp = torch.clamp(sp_ + ds, 0.0, S_MAX)
            can = torch.clamp(an + da, 0.0, A_MAX)
            csn = torch.clamp(sn_ + ds, 0.0, S_MAX)
            pk, nk, npos, nneg = self._level(degf, ref, geom, k, cap, csp, can, csn)
            ip = torch.argmax(pk, 0)
            ineg = torch.argmax(nk, 0)
            ap, sp_, an, sn_ = cap[ip], csp[ip], can[ineg], csn[ineg]
            # a side with too little support takes the other side's parameters
            ap2 = torch.where(npos < self.min_support, an, ap)
            sp2 = torch.where(npos < self.min_support, sn_, sp_)
            an = torch.where(nneg < self.min_support, ap, an)
            sn_ = torch.where(nneg < self.min_support, sp_, sn_)
            ap, sp_ = ap2, sp2
        return geom, ap, sp_, an, sn_

    def forward(self, deg, mask, prev, nxt):
        """deg, mask, prev, nxt: [1,1,H,W] float ([0,1]; mask 0/1).

        Returns flow [1,2,H,W] (backward warp, pixels), lost [1,1,H,W] (1 = no source) and
        unf [1,1,H,W] (the damaged section sampled at q + flow, bilinear, border padding).
        """
        geom, ap, sp, an, sn = self.estimate(deg, mask, prev, nxt)
        cx, cy, nx, ny, L = geom
        h, w = deg.shape[-2], deg.shape[-1]
        xs, ys, _, _ = self._pos(h, w, 1)
        D = (xs - cx) * nx + (ys - cy) * ny
        aD = torch.abs(D)
        a = torch.where(D > 0, ap, an)
        s = torch.where(D > 0, sp, sn)
        valid = (aD >= L + a).float()
        f = self._profile(aD, L, a, s) * valid
        sg = torch.sign(D)
        fx = -f * sg * nx
        fy = -f * sg * ny
        flow = torch.stack([fx, fy])[None]
        unf = self._warp(deg, xs, ys, fx[None], fy[None], 1, h, w)[None]
        lost = (1.0 - valid)[None, None]
        return flow, lost, unf
