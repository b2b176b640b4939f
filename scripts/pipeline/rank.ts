/**
 * The pipeline's rank stage: merged records + the reader (profile, labelled examples, background) →
 * ranked papers, best first, each with its relevance, band against the relevance floors, categories and
 * the reason it was picked. The ranker itself lives in scripts/rank/ (scorers behind one interface);
 * this file is the seam `runBriefing` calls, and `cutDay` turns the ranking into what the writers get.
 */
import { FEATURE_FLOOR, LIST_FLOOR } from '../rank/floor.ts';
import { rankPapers, type RankCut, type RankerInput } from '../rank/rank.ts';
import type { PaperRecord, RankedPaper } from './types.ts';

export type RankOptions = RankerInput;
export type { RankCut } from '../rank/rank.ts';

/** Every record ranked, best first (relevant papers, then listed ones, then those only screened). */
export function rankByInterest(records: readonly PaperRecord[], options: RankOptions): RankedPaper[] {
  return rankPapers(records, options).papers;
}

/**
 * What the writers get from a ranking: the papers above the listing floor (relevant ones first) and the
 * cut. Papers under the listing floor are counted as screened but not listed.
 */
export function cutDay(ranked: readonly RankedPaper[]): { papers: RankedPaper[]; cut: RankCut } {
  const relevant = ranked.filter((p) => (p.band ?? 'relevant') === 'relevant');
  const listed = ranked.filter((p) => p.band === 'listed');
  return {
    papers: [...relevant, ...listed],
    cut: { relevant: relevant.length, listed: relevant.length + listed.length, screened: ranked.length, floor: FEATURE_FLOOR, listFloor: LIST_FLOOR },
  };
}
