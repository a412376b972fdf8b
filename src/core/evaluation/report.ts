import type { EvalReport } from './evaluate.js';

const pm = (v: { mean: number; std: number }, digits: number): string =>
  `${v.mean.toFixed(digits)} ± ${v.std.toFixed(digits)}`;

/** One line saying what was scored, so a table never travels without its protocol. */
export function describeProtocol(r: EvalReport): string {
  const what = r.crop > 0 ? `${r.crop}² crops` : 'whole sections';
  const border = r.border > 0 ? `, ${r.border} px border excluded` : '';
  return `${r.n} cases on ${what} of sections ${r.sections[0]}–${r.sections[1]}${border}, seed ${r.seed}, test fold distribution`;
}

/** Markdown table of mean ± std per method, in the order the methods ran. */
export function formatReport(r: EvalReport): string {
  const rows = Object.entries(r.methods).map(
    ([name, s]) => `| ${name} | ${pm(s.psnr, 2)} | ${pm(s.ssim, 4)} | ${s.ms.mean.toFixed(1)} |`,
  );
  return [describeProtocol(r), '', '| method | PSNR (dB) | SSIM | ms / case |', '|---|---|---|---|', ...rows].join(
    '\n',
  );
}
