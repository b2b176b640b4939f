/**
 * Rank papers by relevance to the reader's interests (config.reader.interests: English and Chinese
 * keywords, weights; config.ranking.negativeKeywords), combined with HF upvotes and recency within the
 * window. Deterministic (fixed tie-breaks, rounded scores), and each paper records which topics and
 * keywords matched so the briefing can say why it was picked.
 */
import type { BriefingConfig, Interest } from '../../src/schema/config.ts';
import { guessCategories } from './categorize.ts';
import { matchKeywords } from './keywords.ts';
import type { PaperRecord, RankedPaper } from './types.ts';

export interface RankOptions {
  interests: readonly Interest[];
  ranking: BriefingConfig['ranking'];
  taxonomy: BriefingConfig['taxonomy'];
  /** The briefing date (YYYY-MM-DD): recency is measured back from it. */
  date: string;
  /** Days over which recency decays to 0 (config.window.maxDays). */
  horizonDays: number;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Saturating score for a number of keyword hits: 1 → 0.3, 2 → 0.51, 3 → 0.66, 5 → 0.83. Slow enough that a
 * paper has to match several of a topic's keywords (or one in its title) before it counts as central.
 */
function saturate(hits: number): number {
  return 1 - 0.7 ** hits;
}

export interface InterestMatch {
  id: string;
  score: number;
  keywords: string[];
}

/** How strongly a text matches each interest; title hits count double. Sorted best first, then by id. */
function matchInterests(title: string, body: string, interests: readonly Interest[]): InterestMatch[] {
  const out: InterestMatch[] = [];
  for (const interest of interests) {
    const keywords = [...interest.keywords, ...(interest.keywordsZh ?? [])];
    const inTitle = matchKeywords(title, keywords);
    const inBody = matchKeywords(body, keywords);
    const all = [...new Set([...inTitle, ...inBody])];
    if (all.length === 0) continue;
    const score = Math.min(1, (interest.weight ?? 1) * saturate(inTitle.length * 2 + inBody.length));
    out.push({ id: interest.id, score: round(score), keywords: all });
  }
  return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** The text the ranker and the category guesser read. */
export function paperText(p: PaperRecord): { title: string; body: string } {
  const body = [p.abstract, p.aiSummary ?? '', p.aiKeywords.join(', '), p.comment ?? ''].filter((s) => s !== '').join('\n');
  return { title: p.title, body };
}

export function rankByInterest(records: readonly PaperRecord[], options: RankOptions): RankedPaper[] {
  const maxUpvotes = Math.max(0, ...records.map((r) => r.upvotes ?? 0));
  const w = options.ranking;
  const ranked = records.map((p): RankedPaper => {
    const { title, body } = paperText(p);
    const interests = matchInterests(title, body, options.interests);
    // Combine topics like independent evidence: 1 - Π(1 - s).
    let relevance = 1 - interests.reduce((acc, m) => acc * (1 - m.score), 1);
    const negative = matchKeywords(`${title}\n${body}`, options.ranking.negativeKeywords);
    if (negative.length > 0) relevance *= 0.5 ** negative.length;
    relevance = round(Math.max(0, Math.min(1, relevance)));
    const upvotes = maxUpvotes > 0 ? Math.log1p(p.upvotes ?? 0) / Math.log1p(maxUpvotes) : 0;
    const age = p.listed ? Math.max(0, daysBetween(p.listed, options.date) - 1) : options.horizonDays;
    const recency = options.horizonDays > 0 ? Math.max(0, 1 - age / options.horizonDays) : 1;
    const score = round(w.relevance * relevance + w.upvotes * upvotes + w.recency * recency);
    const matches: Record<string, string[]> = {};
    for (const m of interests) matches[m.id] = m.keywords;
    if (negative.length > 0) matches['negative'] = negative;
    return {
      ...p,
      score,
      relevance,
      topics: interests.map((m) => m.id),
      matches,
      categories: guessCategories({ title, body }, options.taxonomy, w.maxCategories),
    };
  });
  return ranked.sort((a, b) => b.score - a.score || (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.id.localeCompare(b.id));
}
