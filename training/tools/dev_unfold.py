"""Dev check of the unfolding search (ISBI 25-29 and Gerhard training sections only)."""
import sys, os, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import numpy as np, torch
from sff_train.data import load_split
from sff_train.simulate import sample_params, apply_fold
from sff_train.data import dilate
from sff_train.unfold import UnfoldSearch, UnfoldFast
torch.set_num_threads(1)
joint = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3
N = int(sys.argv[2]) if len(sys.argv) > 2 else 30
rng = np.random.default_rng(7)
stacks = load_split("dev") + [load_split("train")[0]]
lv = tuple(int(c) for c in sys.argv[3].split(',')) if len(sys.argv) > 3 else (8, 4, 2)
jr = len(sys.argv) > 4 and sys.argv[4] == '1'
vs = os.environ.get('VS') == '1'; hp = int(os.environ.get('HP', '0')); sym = os.environ.get('SYM') == '1'
m = UnfoldFast(k=int(os.environ.get("K", "4")), local_a=float(os.environ.get("LA", "6")), local_s=float(os.environ.get("LS", "0.02"))) if os.environ.get("FAST") == "1" else UnfoldSearch(joint=joint, levels=lv, joint_refine=jr, var_support=vs, hp=hp, symmetric=sym)
ps, po, pd, ea, es, tt = [], [], [], [], [], []
def psnr(a, b): return 10 * np.log10(255 ** 2 / np.mean((a.astype(float) - b) ** 2))
for i in range(N):
    st = stacks[i % 2]
    z = int(rng.integers(1, st.shape[0] - 1)); S = 400
    y = int(rng.integers(0, st.shape[1] - S + 1)); x = int(rng.integers(0, st.shape[2] - S + 1))
    t = st[z - 1:z + 2, y:y + S, x:x + S]
    p = sample_params(rng, S, S, "test")
    deg, mask, flow, valid = apply_fold(t[1], p)
    mask = dilate(mask, int(os.environ.get('DILATE', '0')))
    T = lambda a: torch.from_numpy(a.astype(np.float32))[None, None]
    t0 = time.time()
    with torch.no_grad():
        R0, R2 = (t[1], t[1]) if os.environ.get("ORACLE_REF") else (t[0], t[2])
        geom, ap, sp, an, sn = m.estimate(T(deg) / 255, T(mask), T(R0) / 255, T(R2) / 255)
        fl, lost, unf = m(T(deg) / 255, T(mask), T(t[0]) / 255, T(t[2]) / 255)
    tt.append(time.time() - t0)
    mean = (t[0].astype(float) + t[2]) / 2
    out = np.where(lost[0, 0].numpy() > 0, mean, unf[0, 0].numpy() * 255)
    ps.append(psnr(np.clip(np.floor(out + .5), 0, 255), t[1])); pd.append(psnr(deg, t[1]))
    ep = np.sqrt(((fl[0].numpy() - flow) ** 2).sum(0))[(valid > 0) & (lost[0, 0].numpy() == 0)].mean()
    ea.append(ep)
    print(f"{i} L={p.L} a={p.F-p.L} s={p.s:.3f} | L^={float(geom[4]):.1f} a+={float(ap):.2f} s+={float(sp):.3f} a-={float(an):.2f} s-={float(sn):.3f} | EPE {ep:.2f} psnr {ps[-1]:.2f} deg {pd[-1]:.2f}", flush=True)
print(f"joint {joint} {lv} jr={jr} vs={vs} hp={hp} sym={sym}: unfold+mean {np.mean(ps):.2f}±{np.std(ps):.2f}  degraded {np.mean(pd):.2f}  EPE median {np.median(ea):.2f} mean {np.mean(ea):.2f}  time {np.mean(tt):.2f}s")
