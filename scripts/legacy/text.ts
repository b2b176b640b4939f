/**
 * Small text helpers shared by the legacy-briefing parsers: lines with their numbers, label splitting
 * (ASCII and full-width colons), dedenting, dates and the Markdown bits a plain-text field must not carry.
 */

/** One line of the source file with its 1-based line number (for error messages and the report). */
export interface SourceLine {
  no: number;
  text: string;
}

/** Splits a file into lines: BOM removed, CRLF/CR normalised, trailing whitespace kept out. */
export function toLines(raw: string): SourceLine[] {
  const text = raw.replace(/^\uFEFF/, '');
  return text.split(/\r\n|\r|\n/).map((line, i) => ({ no: i + 1, text: line.replace(/[ \t]+$/, '') }));
}

/** ASCII, full-width and small colons: legacy files mix them freely. */
export const COLON = '[:：﹕]';

/** Strips `**bold**`/`__bold__` markers from a label or a plain-text field. */
export function stripEmphasis(s: string): string {
  return s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1').trim();
}

/** `label: value` with any colon; the label must be short and contain no sentence punctuation. */
export function splitLabel(s: string, maxLabel = 40): { label: string; value: string } | null {
  const m = new RegExp(`^(.{1,${maxLabel}}?)\\s*${COLON}\\s*(.*)$`).exec(s);
  if (!m) return null;
  const label = stripEmphasis(m[1]!.trim());
  // "https" in "https://…" is not a label; neither is a sentence fragment.
  if (/^https?$/i.test(label) || /[。,，;；!?！？]/.test(label)) return null;
  return { label, value: m[2]!.trim() };
}

/** Removes the common leading indentation of the non-blank lines; tabs count as four spaces. */
export function dedent(lines: string[]): string[] {
  const expanded = lines.map((l) => l.replace(/\t/g, '    '));
  const indents = expanded.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return expanded.map((l) => (l.trim() === '' ? '' : l.slice(min)));
}

/** Joins prose lines into Markdown: dedented, leading/trailing blank lines dropped, runs of blanks folded. */
export function joinProse(lines: string[]): string {
  const out = dedent(lines);
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * Prose kept as written, made to read the same once rendered: a plain line right after a list item
 * would be swallowed into that item (a lazy continuation), so it gets a blank line before it.
 */
export function keepAsWritten(lines: string[]): string {
  const out: string[] = [];
  const isItem = (l: string) => /^\s*(?:[-*+•]|\d{1,3}[.)])\s/.test(l);
  for (const line of dedent(lines)) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev !== '' && line !== '' && isItem(prev) && !isItem(line) && !/^\s/.test(line)) out.push('');
    out.push(line);
  }
  return joinProse(out);
}

/** Folds prose into one line (for plain-text frontmatter fields). */
export function oneLine(s: string): string {
  return stripEmphasis(s.replace(/\s*\n\s*/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Every valid calendar day `YYYY-MM-DD` in the text, in order; `2026-05-28/29` yields both days. */
export function daysIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(\d{4})-(\d{2})-(\d{2})((?:\/\d{1,2})*)/g)) {
    const first = `${m[1]}-${m[2]}-${m[3]}`;
    if (isDay(first)) out.push(first);
    for (const extra of (m[4] ?? '').split('/').filter(Boolean)) {
      const d = `${m[1]}-${m[2]}-${extra.padStart(2, '0')}`;
      if (isDay(d)) out.push(d);
    }
  }
  return out;
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Normalises a title for comparison: case, spacing, quotes and dashes do not matter. */
export function titleKey(title: string): string {
  return stripEmphasis(title)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[“”„‟"'‘’`]/g, '')
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The short name of a paper title: the part before its first colon ("ClawGym: A Scalable …" → "ClawGym"). */
export function shortName(title: string): string {
  const m = /^(.{1,60}?)\s*[:：]\s/.exec(title);
  return (m ? m[1]! : title).trim();
}

/** True for a line of only separator characters (`=====`, `-----`, `***`). */
export function isRule(s: string): boolean {
  return /^\s*(?:={3,}|-{3,}|\*{3,}|_{3,})\s*$/.test(s);
}

/** A rough share of CJK characters among letters, to tell a Chinese briefing from an English one. */
export function cjkShare(text: string): number {
  const cjk = (text.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return cjk + latin === 0 ? 0 : cjk / (cjk + latin / 4);
}
