"""Fill the @PLACEHOLDERS@ of models/README.md from checkpoints/*.json, eval JSONs and file sizes."""
import json, os, sys
H = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
M = os.path.join(H, "..", "models")
card = open(os.path.join(M, "README.md")).read()
sz = {n: os.path.getsize(os.path.join(M, f"{n}.onnx")) for n in ("interp", "unfold", "fusion")}
fmt = lambda b: f"{b / 1e6:.2f} MB" if b > 1e6 else f"{b / 1e3:.0f} kB"
rep = {"INTERP_SIZE": fmt(sz["interp"]), "UNFOLD_SIZE": fmt(sz["unfold"]),
       "FUSION_SIZE": fmt(sz["fusion"]), "TOTAL_SIZE": fmt(sum(sz.values()))}
for st in ("interp", "fusion"):
    d = json.load(open(os.path.join(H, "checkpoints", f"{st}.json")))
    U = st.upper()
    rep[f"{U}_ITERS"] = f"{d['iterations']:,}"
    rep[f"{U}_SAMPLES"] = f"{d['samples']:,}"
    rep[f"{U}_WALL"] = f"{d['wall_s'] / 60:.0f} min"
    rep[f"{U}_BEST"] = str(d.get("best_iter"))
    rep[f"{U}_DEV"] = f"{d['best_dev']:.4f}" if d.get("best_dev") else "n/a"
rows = []
for f, label in ((sys.argv[1], "true band mask"),) + (((sys.argv[2], "band mask dilated by 2 px"),) if len(sys.argv) > 2 else ()):
    e = json.load(open(f))
    rows.append(f"{e['n']} cases, {e['size']}² crops, seed {e['seed']}, 'test' distribution (L 5-20, "
                f"black band), methods given the {label}; mean ± std:\n")
    rows.append("| method | PSNR dB | SSIM |\n|---|---|---|")
    for m, v in e["summary"].items():
        rows.append(f"| {m} | {v['psnr_mean']:.2f} ± {v['psnr_std']:.2f} | {v['ssim_mean']:.4f} ± {v['ssim_std']:.4f} |")
    g = e["gaps"]
    rows.append(f"\nfull − interp_net = {g['interp_net']:+.2f} dB (target ≥ +3.5), full − sub = "
                f"{g['sub']:+.2f} dB (target ≥ +6), full − degraded = {g['degraded']:+.2f} dB (target ≥ +10), "
                f"SSIM full − interp_net = {g['ssim_full_minus_interp_net']:+.3f} (target ≥ +0.15).\n")
rep["LADDER"] = "\n".join(rows)
for k, v in rep.items():
    card = card.replace(f"@{k}@", v)
open(os.path.join(M, "README.md"), "w").write(card)
print({k: v for k, v in rep.items() if k != "LADDER"})
