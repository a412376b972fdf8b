"""Lost-strip scores shared by training and its dev tools (the TypeScript twin: src/core/metrics/strip.ts)."""
import numpy as np


def laplacian(img: np.ndarray) -> np.ndarray:
    """4-neighbour Laplacian, edge-replicated (float64)."""
    p = np.pad(img.astype(np.float64), 1, mode="edge")
    return p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * p[1:-1, 1:-1]


def strip_scores(fill: np.ndarray, truth: np.ndarray, strip: np.ndarray):
    """(PSNR over the strip, range 255; sharpness = std Laplacian(fill) / std Laplacian(truth) there)."""
    f, t = fill.astype(np.float64)[strip], truth.astype(np.float64)[strip]
    mse = max(np.mean((f - t) ** 2), 1e-10)
    lf, lt = laplacian(fill)[strip], laplacian(truth)[strip]
    return 10 * np.log10(255.0 ** 2 / mse), lf.std() / max(lt.std(), 1e-10)
