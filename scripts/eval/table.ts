/**
 * Plain-text tables for the eval commands: columns aligned in a terminal even when cells hold Chinese
 * (a CJK character takes two columns), and the few number formats the tables use. Pure.
 */

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Terminal columns a string takes: wide (CJK, full-width) characters count two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

export interface Column {
  title: string;
  align?: 'left' | 'right';
}

/** A table with a header rule; every row must have one cell per column. */
export function formatTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== columns.length) throw new Error(`formatTable: row ${i} has ${row.length} cells for ${columns.length} columns`);
  }
  const widths = columns.map((c, i) => Math.max(displayWidth(c.title), ...rows.map((r) => displayWidth(r[i]!))));
  const pad = (s: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - displayWidth(s));
    return columns[i]!.align === 'right' ? gap + s : s + gap;
  };
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** 0.3333 → "0.33"; null → "–". */
export function fixed(x: number | null | undefined, digits = 2): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–';
}

/** part/whole → "12.3%"; a zero whole → "–". */
export function percent(part: number, whole: number, digits = 1): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(digits)}%` : '–';
}

/** part/whole with its share: "12 of 97 (12.4%)". */
export function countOf(part: number, whole: number): string {
  return `${part} of ${whole} (${percent(part, whole)})`;
}

/** Shortens a title for a table cell, on a word boundary where possible. */
export function shorten(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (displayWidth(one) <= max) return one;
  let out = '';
  for (const ch of one) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  // Cut at the last space unless the cut already falls on a word boundary.
  const cut = one[out.length] === ' ' ? out.length : out.lastIndexOf(' ');
  return `${(cut > max / 2 ? out.slice(0, cut) : out).trimEnd()}…`;
}
