/**
 * The one category guesser, on the ranker's text model (scripts/rank/): each taxonomy category is
 * described by its keyword phrases (English) and its Chinese label (for Chinese text), and a paper's
 * title, abstract and Hugging Face keywords are matched against them as whole token sequences, with the
 * same field weights the ranker uses (title double). A phrase is never a substring: "coding" does not hide
 * in "decoding", and the keyword lists name topics by phrases where a bare word misleads ("coding agent",
 * not "coding", which also matches "collective coding"; "world simulator", not "simulator", which also
 * matches a "performance simulator" in a speculative-decoding paper).
 *
 * Unlike a reader's interests, a category's single words count fully: category names are often one word
 * ("safety", "retrieval", "agent"). Measured against the seed briefings' own labels (README "Ranking"), the
 * categories' description vocabulary as extra evidence, or even as a tie-break, lowered the agreement, so
 * the descriptions stay documentation. Deterministic: ties keep taxonomy order; `other` when nothing matches.
 * Used by the ranker, the follow list and the importer.
 */
import type { Category } from '../../src/schema/config.ts';
import { paperDoc, type PaperDoc } from '../rank/docs.ts';
import { compilePhrases, phraseHits, type CompiledPhrase, type Strength } from '../rank/phrases-match.ts';

export interface CategoryText {
  title: string;
  /** Abstract, summaries, keywords, comment: anything describing the paper. */
  body?: string;
}

export interface CategoryGuess {
  slug: string;
  score: number;
  keywords: string[];
}

const CATEGORY_STRENGTH: Record<Strength, number> = { phrase: 1, term: 1, generic: 1 };
const CJK = /[\u3400-\u9fff]/u;

/** The Chinese names inside a label: "世界模型与基于模型的 RL" → "世界模型", "基于模型的 RL". */
function chineseNames(label: string): string[] {
  return label.split(/\s*[&/／、]\s*|\s*与\s*/u).filter((s) => CJK.test(s));
}

const compiled = new WeakMap<readonly Category[], Array<{ slug: string; order: number; phrases: CompiledPhrase[] }>>();

function compileTaxonomy(taxonomy: readonly Category[]) {
  let out = compiled.get(taxonomy);
  if (!out) {
    out = taxonomy.map((c, order) => ({ slug: c.slug, order, phrases: c.keywords.length ? compilePhrases([...c.keywords, ...chineseNames(c.zh)]) : [] }));
    compiled.set(taxonomy, out);
  }
  return out;
}

function docOf(text: CategoryText | PaperDoc): PaperDoc {
  return 'fields' in text ? text : paperDoc({ id: '', title: text.title, abstract: text.body ?? '', keywords: [] });
}

/** Every category with a positive score, best first. */
export function scoreCategories(text: CategoryText | PaperDoc, taxonomy: readonly Category[]): CategoryGuess[] {
  const doc = docOf(text);
  const guesses: Array<CategoryGuess & { order: number }> = [];
  for (const m of compileTaxonomy(taxonomy)) {
    const hits = phraseHits(doc, m.phrases, { strength: CATEGORY_STRENGTH, repeatBonus: 0 });
    if (hits.length === 0) continue;
    const score = hits.reduce((s, h) => s + h.evidence, 0);
    guesses.push({ slug: m.slug, score: Math.round(score * 1000) / 1000, keywords: hits.map((h) => h.phrase), order: m.order });
  }
  guesses.sort((a, b) => b.score - a.score || a.order - b.order);
  return guesses.map(({ order: _order, ...g }) => g);
}

/** Up to `max` taxonomy slugs for the text, best first; `['other']` (or the last category) when none match. */
export function guessCategories(text: CategoryText | PaperDoc, taxonomy: readonly Category[], max = 3): string[] {
  const scored = scoreCategories(text, taxonomy);
  const best = scored[0]?.score ?? 0;
  // Secondary categories must carry some weight next to the main one: a single passing mention in the
  // abstract of a paper that is clearly about something else does not make it a second category.
  const slugs = scored
    .filter((g, i) => i === 0 || g.score * 4 >= best)
    .slice(0, Math.max(1, max))
    .map((g) => g.slug);
  if (slugs.length > 0) return slugs;
  const fallback = taxonomy.find((c) => c.slug === 'other') ?? taxonomy[taxonomy.length - 1];
  return fallback ? [fallback.slug] : [];
}

/**
 * A paper as a point in the taxonomy: its category scores, L2-normalised (`other` never scores). Two papers
 * on the same topics are close here even when their words differ, which short abstracts make common.
 */
export function topicVector(text: CategoryText | PaperDoc, taxonomy: readonly Category[]): Map<string, number> {
  const scored = scoreCategories(text, taxonomy);
  const norm = Math.sqrt(scored.reduce((s, g) => s + g.score * g.score, 0));
  return new Map(norm > 0 ? scored.map((g) => [g.slug, g.score / norm]) : []);
}

/** Cosine of two topic vectors (both normalised), 0..1. */
export function topicSimilarity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const [slug, x] of a) sum += x * (b.get(slug) ?? 0);
  return sum;
}
