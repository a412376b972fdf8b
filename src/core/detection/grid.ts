/** Pixel-grid walking shared by the flood fills of the detector. */

/** Calls `visit(j)` for each of the up to 8 in-bounds neighbours of pixel `i` in a w × h grid. */
export function forEachNeighbour8(i: number, w: number, h: number, visit: (j: number) => void): void {
  const x = i % w;
  const y = (i - x) / w;
  for (let dy = -1; dy <= 1; dy++) {
    const ny = y + dy;
    if (ny < 0 || ny >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      if (nx < 0 || nx >= w || (dx === 0 && dy === 0)) continue;
      visit(ny * w + nx);
    }
  }
}
