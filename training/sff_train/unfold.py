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

UnfoldSearch (below) is the first, warp-per-candidate version, kept for the dev comparison;
UnfoldFast (the exported `models/unfold.onnx`) computes the same kind of score for a dense grid of
candidates in the fold-aligned frame, faster and more accurately (see its docstring).
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

A_MAX = 75.0      # largest profile offset searched (F - L), pixels
S_MAX = 0.1


def _grid(n0, step, n):
    return n0 + step * torch.arange(n, dtype=torch.float32)


def _stack(ts, group=6):
    """torch.stack of 1-D tensors as concats of at most `group` inputs: onnxruntime-web's WebGPU
    Concat binds one storage buffer per input and WebGPU guarantees only 8 per shader stage
    (24 inputs fail).  The reshape keeps the exporter from fusing the nested concats into one."""
    if len(ts) <= group:
        return torch.stack(ts)
    parts = [torch.stack(ts[i:i + group]) for i in range(0, len(ts), group)]
    return _stack_rows([p.reshape(p.shape[0], -1) for p in parts], group)


def _stack_rows(parts, group):
    if len(parts) <= group:
        return torch.cat(parts)
    return _stack_rows([torch.cat(parts[i:i + group]).reshape(-1, parts[0].shape[1])
                        for i in range(0, len(parts), group)], group)


def _argmax(x):
    """Index of the largest value of a 1-D tensor.  onnxruntime-web's WebGPU ArgMax emits invalid
    WGSL for a rank-1 input (1.30: "cannot index type 'u32'"), so reduce a [1, K] view instead."""
    return torch.argmax(x[None], 1)[0]


class UnfoldSearch(nn.Module):
    def __init__(self, joint=1.0, support=A_MAX, min_support=400.0, levels=(8, 4, 2),
                 joint_refine=False, var_support=True, hp=0, symmetric=True):
        super().__init__()
        self.symmetric = symmetric
        self.var_support = var_support
        self.hp = hp
        self.levels = levels
        self.joint_refine = joint_refine
        self.joint = joint            # weight of the other side's evidence at the coarse level
        self.support = support
        self.min_support = min_support  # (full-res pixels) below this a side borrows the other's
        a = _grid(0.0, 2.0, 38)       # 0..74
        s = _grid(0.0, 0.01, 11)      # 0..0.1
        self.register_buffer("ca", a[:, None].expand(38, 11).reshape(-1).clone())
        self.register_buffer("cs", s[None, :].expand(38, 11).reshape(-1).clone())
        da, ds = torch.meshgrid(_grid(-6.0, 1.0, 13), _grid(-0.02, 0.005, 9), indexing="ij")
        self.register_buffer("da1", da.reshape(-1).clone())
        self.register_buffer("ds1", ds.reshape(-1).clone())
        da, ds = torch.meshgrid(_grid(-1.0, 0.25, 9), _grid(-0.004, 0.002, 5), indexing="ij")
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
        """Weighted NCC of each x[K,h,w] with y[h,w] under weights wgt[h,w] or [K,h,w]."""
        sw = wgt.sum((-2, -1)) + 1e-6
        mx = (x * wgt).sum((1, 2)) / sw
        my = (y * wgt).sum((-2, -1)) / sw
        if my.dim() == 1:
            my = my[:, None, None]
        xc = x - mx[:, None, None]
        yc = y - my
        cov = (xc * yc * wgt).sum((1, 2))
        vx = (xc * xc * wgt).sum((1, 2))
        vy = (yc * yc * wgt).sum((-2, -1))
        return cov / torch.sqrt(vx * vy + 1e-12)

    def _level(self, deg, ref, geom, k, a_pos, s_pos, a_neg, s_neg):
        """NCC per side for K candidate pairs (a_pos[K] on the D>0 side, a_neg[K] on D<0)."""
        cx, cy, nx, ny, L = geom
        h, w = deg.shape[-2], deg.shape[-1]
        xs, ys, hl, wl = self._pos(h, w, k)
        dl = F.avg_pool2d(deg, k)
        rl = F.avg_pool2d(ref, k)
        if self.hp > 0:
            r = self.hp
            dl = dl - F.avg_pool2d(F.pad(dl, (r, r, r, r), mode="replicate"), 2 * r + 1, 1)
            rl = rl - F.avg_pool2d(F.pad(rl, (r, r, r, r), mode="replicate"), 2 * r + 1, 1)
        rl = rl[0, 0]
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
        if self.var_support:
            vs = (aD[None] >= L + a + 2.0).float()
            wp = vs * pos
            wn = vs * (1.0 - pos)
        return self._ncc(x, rl, wp), self._ncc(x, rl, wn), npos, nneg

    def _pick(self, score_p, score_n, npos, nneg, joint):
        """Index of the best candidate per side; a side with little support borrows the other."""
        fp = npos / (npos + joint * nneg + 1e-6)
        fn = nneg / (nneg + joint * npos + 1e-6)
        sp = fp * score_p + (1 - fp) * score_n
        sn = fn * score_n + (1 - fn) * score_p
        ip = _argmax(sp)
        ineg = _argmax(sn)
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
        p0, n0, npos, nneg = self._level(degf, ref, geom, self.levels[0], self.ca, self.cs, self.ca, self.cs)
        ip, ineg = self._pick(p0, n0, npos, nneg, self.joint)
        ap, sp_, an, sn_ = self.ca[ip], self.cs[ip], self.ca[ineg], self.cs[ineg]
        # level 1 (1/4) and 2 (1/2): local refinement around each side's best
        for k, da, ds in ((self.levels[1], self.da1, self.ds1), (self.levels[2], self.da2, self.ds2)):
            cap = torch.clamp(ap + da, 0.0, A_MAX)
            csp = torch.clamp(sp_ + ds, 0.0, S_MAX)
            can = torch.clamp(an + da, 0.0, A_MAX)
            csn = torch.clamp(sn_ + ds, 0.0, S_MAX)
            pk, nk, npos, nneg = self._level(degf, ref, geom, k, cap, csp, can, csn)
            if self.joint_refine:
                ip = _argmax(npos * pk + nneg * nk)
                ineg = ip
            else:
                ip = _argmax(pk)
                ineg = _argmax(nk)
            ap, sp_, an, sn_ = cap[ip], csp[ip], can[ineg], csn[ineg]
            # a side with too little support takes the other side's parameters
            ap2 = torch.where(npos < self.min_support, an, ap)
            sp2 = torch.where(npos < self.min_support, sn_, sp_)
            an = torch.where(nneg < self.min_support, ap, an)
            sn_ = torch.where(nneg < self.min_support, sp_, sn_)
            ap, sp_ = ap2, sp2
        if self.symmetric:
            # a translation between this section and its neighbours biases the two sides in
            # opposite directions along n: averaging the sides cancels it (the fold model pulls
            # both sides alike).
            am = 0.5 * (ap + an)
            sm = 0.5 * (sp_ + sn_)
            ap, an, sp_, sn_ = am, am, sm, sm
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


class UnfoldFast(UnfoldSearch):
    """Same model and output as UnfoldSearch, but the search runs in the fold-aligned frame.

    Both images are resampled once (at 1/k resolution) onto a grid of rows at distance
    (r + 0.5) k from the fitted line (one grid per side) and columns along it.  Every candidate
    profile then only shifts rows, so the NCC sums of all candidates come from per-row sums of
    row-shifted products, precomputed for every integer shift j (linear interpolation between
    j and j + 1).  That makes a dense (a, s) grid cheap: the cost is ~J x rows x columns once,
    instead of candidates x pixels.
    """

    def __init__(self, k=4, a_step=1.0, s_step=0.005, local_a=6.0, local_s=0.02, **kw):
        super().__init__(**kw)
        self.k = k
        na = int(round(A_MAX / a_step)) + 1
        ns = int(round(S_MAX / s_step)) + 1
        a = _grid(0.0, a_step, na)
        s = _grid(0.0, s_step, ns)
        self.register_buffer("ga", a[:, None].expand(na, ns).reshape(-1).clone())
        self.register_buffer("gs", s[None, :].expand(na, ns).reshape(-1).clone())
        # fine pass: +-a_step, +-s_step around each side's pick
        da, ds = torch.meshgrid(_grid(-a_step, a_step / 5, 11), _grid(-s_step, s_step / 4, 9),
                                indexing="ij")
        self.register_buffer("fa", da.reshape(-1).clone())
        self.register_buffer("fs", ds.reshape(-1).clone())
        self.local_a = local_a
        self.local_s = local_s
        self.J = int(A_MAX / 0.9 / k) + 2   # largest row shift (f <= A_MAX / (1 - S_MAX))

    def _side_sums(self, g, ref, geom, sign):
        """Per-row sums for one side.  Returns dict of [J+1, R] and [R] tensors, R rows."""
        cx, cy, nx, ny, L = geom
        h, w = g.shape[-2], g.shape[-1]
        k = self.k
        gl = F.avg_pool2d(g, k)
        rl = F.avg_pool2d(ref, k)
        hl, wl = gl.shape[-2], gl.shape[-1]
        R = (h + w) // k  # rows/columns enough to cover the image from any centroid
        ri = torch.arange(R, dtype=torch.float32)
        dist = (ri + 0.5) * k                                  # [R]
        tt = (torch.arange(2 * R, dtype=torch.float32) - R + 0.5) * k  # [2R]
        px = cx + sign * dist[:, None] * nx - tt[None, :] * ny
        py = cy + sign * dist[:, None] * ny + tt[None, :] * nx
        inside = ((px >= 0) & (px <= w - 1) & (py >= 0) & (py <= h - 1)).float()
        u = ((px + 0.5) / k) * (2.0 / wl) - 1.0
        v = ((py + 0.5) / k) * (2.0 / hl) - 1.0
        grid = torch.stack([u, v], -1)[None]
        G = F.grid_sample(gl, grid, mode="bilinear", padding_mode="border", align_corners=False)[0, 0]
        Y = F.grid_sample(rl, grid, mode="bilinear", padding_mode="border", align_corners=False)[0, 0]
        M = inside
        MY = M * Y
        J = self.J
        Gp = F.pad(G[None, None], (0, 0, J + 1, 0), mode="replicate")[0, 0]  # rows shifted toward the line
        s1, sc, sq, sx = [], [], [], []
        for j in range(J + 2):
            gj = Gp[J + 1 - j: Gp.shape[0] - j] if j > 0 else Gp[J + 1:]
            if j <= J:
                s1.append((gj * M).sum(1))
                sc.append((gj * MY).sum(1))
                sq.append((gj * gj * M).sum(1))
            if j >= 1:
                gprev = Gp[J + 2 - j: Gp.shape[0] - j + 1]
                sx.append((gprev * gj * M).sum(1))  # g[r-j+1] * g[r-j]
        return dict(dist=dist, s1=_stack(s1), sc=_stack(sc), sq=_stack(sq),
                    sx=_stack(sx), sm=M.sum(1), sy=MY.sum(1), syy=(MY * Y).sum(1))

    def _scores(self, S, L, a, s):
        """NCC of candidates (a[K], s[K]) on one side; also the support (pixels) of the side."""
        k = self.k
        dist = S["dist"][None]                                     # [1,R]
        f = self._profile(dist, L, a[:, None], s[:, None])          # [K,R] full-res px
        jf = f / k
        j0 = torch.clamp(torch.floor(jf), 0, self.J - 1)
        al = jf - j0
        j0 = j0.long()
        j1 = j0 + 1
        wgt = (dist >= L + a[:, None] + 2.0).float()
        g = lambda T, idx: torch.gather(T, 0, idx)
        Sx = (wgt * ((1 - al) * g(S["s1"], j0) + al * g(S["s1"], j1))).sum(1)
        Sxy = (wgt * ((1 - al) * g(S["sc"], j0) + al * g(S["sc"], j1))).sum(1)
        Sxx = (wgt * ((1 - al) ** 2 * g(S["sq"], j0) + 2 * al * (1 - al) * g(S["sx"], j0)
                      + al * al * g(S["sq"], j1))).sum(1)
        Sw = (wgt * S["sm"][None]).sum(1) + 1e-6
        Sy = (wgt * S["sy"][None]).sum(1)
        Syy = (wgt * S["syy"][None]).sum(1)
        cov = Sxy - Sx * Sy / Sw
        vx = torch.clamp(Sxx - Sx * Sx / Sw, min=0.0)
        vy = torch.clamp(Syy - Sy * Sy / Sw, min=0.0)
        ncc = cov / torch.sqrt(vx * vy + 1e-12)
        sup = ((dist[0] >= L + self.support).float() * S["sm"]).sum() * (k * k)
        return ncc, sup

    def estimate(self, deg, mask, prev, nxt):
        geom = self.fit_line(mask)
        L = geom[4]
        ref = 0.5 * (prev + nxt)
        degf = deg * (1 - mask) + ref * mask
        Sp = self._side_sums(degf, ref, geom, 1.0)
        Sn = self._side_sums(degf, ref, geom, -1.0)
        P, npos = self._scores(Sp, L, self.ga, self.gs)
        N, nneg = self._scores(Sn, L, self.ga, self.gs)
        # joint pick (both sides pulled alike), then each side searches near it
        ij = _argmax(npos * P + nneg * N)
        aj, sj = self.ga[ij], self.gs[ij]
        near = ((torch.abs(self.ga - aj) <= self.local_a) & (torch.abs(self.gs - sj) <= self.local_s)).float()
        ip = _argmax(P - 10.0 * (1 - near))
        ineg = _argmax(N - 10.0 * (1 - near))
        ap, sp, an, sn = self.ga[ip], self.gs[ip], self.ga[ineg], self.gs[ineg]
        # fine pass per side
        cap = torch.clamp(ap + self.fa, 0.0, A_MAX)
        csp = torch.clamp(sp + self.fs, 0.0, S_MAX)
        can = torch.clamp(an + self.fa, 0.0, A_MAX)
        csn = torch.clamp(sn + self.fs, 0.0, S_MAX)
        P2, _ = self._scores(Sp, L, cap, csp)
        N2, _ = self._scores(Sn, L, can, csn)
        ip, ineg = _argmax(P2), _argmax(N2)
        ap, sp, an, sn = cap[ip], csp[ip], can[ineg], csn[ineg]
        small_p = npos < self.min_support
        small_n = nneg < self.min_support
        ap2 = torch.where(small_p, an, ap)
        sp2 = torch.where(small_p, sn, sp)
        an = torch.where(small_n, ap, an)
        sn = torch.where(small_n, sp, sn)
        ap, sp = ap2, sp2
        if self.symmetric:
            am, sm = 0.5 * (ap + an), 0.5 * (sp + sn)
            ap, an, sp, sn = am, am, sm, sm
        return geom, ap, sp, an, sn
