/** Plain-text tables for the commands' human-readable output. */

/** Columns padded to their widest cell, two spaces apart, no trailing blanks. */
export function formatTable(head: readonly string[], rows: readonly string[][]): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((v, c) => v.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
