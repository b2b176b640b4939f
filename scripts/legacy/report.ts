/**
 * What an import did with one file: everything that was not a clean mapping is listed here, with the
 * line it came from, so nothing is dropped silently.
 */
import type { LabelMatch } from './categories.ts';

export interface UnknownLabel {
  label: string;
  line: number;
  /** Where the label was used (a paper or follow item title). */
  where: string;
  match: Exclude<LabelMatch, 'exact'>;
  slugs: string[];
}

export interface UnmappedText {
  line: number;
  /** The section it was kept in ("paper 2 › 日期", "extra › 其他"). */
  keptIn: string;
  text: string;
}

export interface ImportReport {
  file: string;
  format: string;
  date: string;
  /** Papers imported with an arXiv id (featured + others). */
  papers: number;
  featured: number;
  others: number;
  /** Papers whose arXiv id came from a title index, not the file. */
  resolved: Array<{ line: number; title: string; id: string; from: string }>;
  /** Papers kept as prose because no arXiv id was found. */
  withoutId: Array<{ line: number; title: string }>;
  unknownLabels: UnknownLabel[];
  guessedCategories: Array<{ line: number; title: string; slugs: string[] }>;
  unmapped: UnmappedText[];
  notes: string[];
}

export function newReport(file: string, format = '', date = ''): ImportReport {
  return { file, format, date, papers: 0, featured: 0, others: 0, resolved: [], withoutId: [], unknownLabels: [], guessedCategories: [], unmapped: [], notes: [] };
}

/** Collects report entries while a parser runs. */
export class ReportSink {
  readonly report: ImportReport;
  constructor(file: string) {
    this.report = newReport(file);
  }
  unmapped(line: number, keptIn: string, text: string): void {
    if (text.trim() === '') return;
    this.report.unmapped.push({ line, keptIn, text: text.trim() });
  }
  note(message: string): void {
    this.report.notes.push(message);
  }
}

const clip = (s: string, n = 100) => {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

/** The per-file block of the summary printed at the end of `npm run import`. */
export function formatReport(r: ImportReport, status?: string, written = true): string {
  const lines = [`${r.file}`];
  const verb = written ? 'imported' : 'read, not written';
  lines.push(`  date ${r.date || '?'} · format ${r.format || '?'} · ${r.papers} papers ${verb} (${r.featured} featured, ${r.others} others)${status ? ` · ${status}` : ''}`);
  if (r.resolved.length) {
    lines.push(`  arXiv ids found by title (${r.resolved.length}):`);
    for (const x of r.resolved) lines.push(`    line ${x.line}: ${x.id} ← "${clip(x.title, 80)}" (${x.from})`);
  }
  if (r.withoutId.length) {
    lines.push(`  papers without an arXiv id, kept as prose (${r.withoutId.length}):`);
    for (const x of r.withoutId) lines.push(`    line ${x.line}: ${clip(x.title, 90)}`);
  }
  if (r.unknownLabels.length) {
    const byLabel = new Map<string, UnknownLabel[]>();
    for (const u of r.unknownLabels) byLabel.set(u.label, [...(byLabel.get(u.label) ?? []), u]);
    lines.push(`  unknown category labels (${byLabel.size}):`);
    for (const [label, uses] of byLabel) {
      const first = uses[0]!;
      const target = first.slugs.length ? `→ ${first.slugs.join(', ')} (by keyword)` : 'not mapped, kept in the text';
      lines.push(`    "${label}" ${target}; line${uses.length > 1 ? 's' : ''} ${uses.map((u) => u.line).join(', ')}`);
    }
  }
  if (r.guessedCategories.length) {
    lines.push(`  categories guessed from the text (${r.guessedCategories.length}):`);
    for (const g of r.guessedCategories) lines.push(`    line ${g.line}: ${g.slugs.join(', ')} ← ${clip(g.title, 70)}`);
  }
  if (r.unmapped.length) {
    lines.push(`  unmapped text kept as prose (${r.unmapped.length}):`);
    for (const u of r.unmapped) lines.push(`    line ${u.line} [${u.keptIn}]: ${clip(u.text)}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
