import type { BenchSection, BenchTable } from './benchmark.js';

/** A table as aligned text: first column left-aligned, figures right-aligned. */
export function formatTable(table: BenchTable): string {
  const all = [table.columns, ...table.rows];
  const widths = table.columns.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [table.caption, line(table.columns), rule, ...table.rows.map(line)].join('\n');
}

export function formatSection(section: BenchSection): string {
  const underline = '='.repeat(section.title.length);
  return [
    section.title,
    underline,
    '',
    ...section.tables.map((t) => `${formatTable(t)}\n`),
    ...section.notes,
  ].join('\n');
}
