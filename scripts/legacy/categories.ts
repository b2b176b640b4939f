/**
 * Maps the category labels of legacy briefings ("LLM Agent / Evaluation / Tool-use") to taxonomy slugs.
 * Everything comes from `config.taxonomy`: a label is known when it equals a category's slug, English or
 * Chinese label, or one part of a compound label ("Evaluation" of "Evaluation & Benchmarks"); otherwise
 * the category keywords are tried. Labels that are not category names are reported either way, so the
 * reader can see what the mapping decided.
 */
import { config } from '../../src/config.ts';
import type { Category } from '../../briefing.config.ts';
import { guessCategories } from '../pipeline/categorize.ts';
import { matchKeywords } from '../pipeline/keywords.ts';

export type LabelMatch = 'exact' | 'keyword' | 'none';

export interface LabelMapping {
  label: string;
  slugs: string[];
  match: LabelMatch;
}

const compact = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-‐‑–—]+/g, '');

function exactNames(c: Category): string[] {
  const parts = [c.en, c.zh].flatMap((name) => name.split(/\s*[&/／]\s*|\s+与\s*/));
  return [c.slug, c.en, c.zh, ...parts].filter((s) => s.trim() !== '');
}

const EXACT = new Map<string, string>();
for (const c of config.taxonomy) for (const name of exactNames(c)) if (!EXACT.has(compact(name))) EXACT.set(compact(name), c.slug);

/** Taxonomy slugs whose keywords occur in the text (the pipeline's keyword matcher), with hit counts. */
export function keywordHits(text: string): Map<string, number> {
  const hits = new Map<string, number>();
  for (const c of config.taxonomy) {
    const n = matchKeywords(text, c.keywords).length;
    if (n) hits.set(c.slug, n);
  }
  return hits;
}

/** One label → slugs. */
export function mapCategoryLabel(label: string): LabelMapping {
  const clean = label.trim();
  const exact = EXACT.get(compact(clean));
  if (exact) return { label: clean, slugs: [exact], match: 'exact' };
  const slugs = [...keywordHits(clean).keys()];
  return { label: clean, slugs, match: slugs.length ? 'keyword' : 'none' };
}

/** Splits a label list ("LLM Agent / Tool-use、Code/Tool Agent") into labels. */
export function splitLabels(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/\s+[/／]\s+|[、,，;；|]/)) {
    const p = part.trim();
    if (!p) continue;
    // "Code/Tool Agent": an unspaced slash separates labels unless the whole thing is a known name.
    if (/[/／]/.test(p) && !EXACT.has(compact(p))) out.push(...p.split(/[/／]/).map((s) => s.trim()).filter(Boolean));
    else out.push(p);
  }
  return out;
}

export interface CategoryMapping {
  /** Slugs in label order, without duplicates; never empty (`other` when nothing matched). */
  slugs: string[];
  labels: LabelMapping[];
}

/** A whole label list → slugs, plus how each label was mapped. */
export function mapCategoryLabels(text: string): CategoryMapping {
  const labels = splitLabels(text).map(mapCategoryLabel);
  const slugs = [...new Set(labels.flatMap((l) => l.slugs))];
  return { slugs: slugs.length ? slugs : [fallbackSlug()], labels };
}

/** The catch-all category (`other`), or the last one of the taxonomy. */
export function fallbackSlug(): string {
  return config.taxonomy.find((c) => c.slug === 'other')?.slug ?? config.taxonomy[config.taxonomy.length - 1]!.slug;
}

/**
 * Guesses categories from free text (a per-paper report has a domain paragraph, no labels), with the
 * pipeline's guesser so imported and fetched papers are categorised alike.
 */
export function guessFromText(title: string, body: string, max = 3): string[] {
  return guessCategories({ title, body }, config.taxonomy, max);
}
