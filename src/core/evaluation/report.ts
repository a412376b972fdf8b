import type { EvalReport } from './evaluate.js';

const pm = (v: { mean: number; std: number }, digits: number): string =>
  `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}`;

/** One line saying what was scored, so a table never travels without its protocol. */
export function describeProtocol(r: EvalReport): string {
  const what = r.crop > 0 ? `${r.crop}² crops` : 'whole sections';
  const border = r.border > 0 ? `, ${r.border} px border excluded` : '';
  return `${r.n} cases on ${what} of sections ${r.sections[0]}–${r.sections[1]}${border}, seed ${r.seed}, ${r.shape === undefined ? 'test fold distribution' : `${r.shape} folds`}`;
}

/**
 * Markdown table of mean ± std per method, in the order the methods ran: whole-crop PSNR / SSIM,
 * the same PSNR and the sharpness inside the lost strip, and VOI / adapted Rand when segmented.
 */
export function formatReport(r: EvalReport): string {
  const floor = r.segmentationFloor;
  const rows = Object.entries(r.methods).map(([name, s]) => {
    const cells = [name, pm(s.psnr, 2), pm(s.ssim, 4), pm(s.strip.psnr, 2), pm(s.strip.sharpness, 2)];
    if (s.segmentation) cells.push(pm(s.segmentation.voi, 3), pm(s.segmentation.arand, 4));
    return `| ${[...cells, s.ms.mean.toFixed(1)].join(' | ')} |`;
  });
  const head = ['method', 'PSNR (dB)', 'SSIM', 'strip PSNR (dB)', 'strip sharpness'];
  if (floor) head.push('VOI (bits)', 'adapted Rand');
  head.push('ms / case');
  const lines = [describeProtocol(r), '', `| ${head.join(' | ')} |`, `|${head.map(() => '---|').join('')}`, ...rows];
  if (floor) {
    lines.push(
      '',
      `Segmentation of the clean sections by the same membrane net (the floor): VOI ${pm(floor.voi, 3)}, adapted Rand ${pm(floor.arand, 4)}.`,
    );
  }
  return lines.join('\n');
}
