/**
 * The one category guesser: maps a paper's text to taxonomy slugs using the keywords of each category
 * in `briefing.config.ts`. Used by the ranker, and reusable by the extractive writer and the importer.
 * Deterministic: title hits weigh double, ties keep taxonomy order; `other` when nothing matches.
 */
import type { Category } from '../../src/schema/config.ts';
import { matchKeywords } from './keywords.ts';

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

/** Every category with a positive score, best first. */
export function scoreCategories(text: CategoryText, taxonomy: readonly Category[]): CategoryGuess[] {
  const guesses: Array<CategoryGuess & { order: number }> = [];
  taxonomy.forEach((category, order) => {
    if (category.keywords.length === 0) return;
    const inTitle = matchKeywords(text.title, category.keywords);
    const inBody = text.body ? matchKeywords(text.body, category.keywords) : [];
    const keywords = [...new Set([...inTitle, ...inBody])];
    if (keywords.length === 0) return;
    guesses.push({ slug: category.slug, score: inTitle.length * 2 + inBody.length, keywords, order });
  });
  guesses.sort((a, b) => b.score - a.score || a.order - b.order);
  return guesses.map(({ order: _order, ...g }) => g);
}

/** Up to `max` taxonomy slugs for the text, best first; `['other']` (or the last category) when none match. */
export function guessCategories(text: CategoryText, taxonomy: readonly Category[], max = 3): string[] {
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
