/**
 * Plain-text tables for the terminal (and, with `markdown: true`, for BENCHMARKS.md).
 */

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Right-align (numbers); default true for numbers. */
  right?: boolean;
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  return v;
}

export function formatTable<T>(title: string, columns: Column<T>[], rows: T[], markdown = false): string {
  const cells = rows.map((r) => columns.map((c) => cell(c.value(r))));
  const right = columns.map((c) => c.right ?? rows.every((r) => {
    const v = c.value(r);
    return v === null || v === undefined || typeof v === 'number';
  }));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => row[i].length)));
  const pad = (s: string, i: number) => (right[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  if (markdown) {
    const line = (xs: string[]) => `| ${xs.map(pad).join(' | ')} |`;
    const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
    return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
  }
  const line = (xs: string[]) => xs.map(pad).join('  ');
  return [`\n${title}`, line(columns.map((c) => c.header)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
