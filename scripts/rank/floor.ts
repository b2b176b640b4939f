/**
 * The relevance floors. A paper is featured only when its relevance reaches `FEATURE_FLOOR` (up to
 * `writer.topK` papers), listed in the "others" table when it reaches `LIST_FLOOR`, and otherwise only
 * counted as screened. A thin day therefore says so instead of dressing up unrelated papers as picks.
 *
 * Calibration (README "Ranking"; `npm run eval:rank` to re-check): the floor sits just under the relevance
 * of the weakest real evidence the reader's profile can give — one interest phrase in the abstract of a
 * paper, for an interest of weight 0.9 (1 − e^(−1/2) ≈ 0.39 × 0.9 ≈ 0.35), or a TF-IDF similarity of ~0.3 to
 * a liked paper — so a single specific word (≈ 0.22) or generic words (≤ 0.1) never feature a paper. On the
 * two labelled seed days (2026-05-03, 2026-05-31) it keeps 13 of the 14 seed-featured papers in the replayed
 * windows above the floor while dropping about half of the papers the seeds left out; on a quiet weekend
 * replay a handful remain. The listing floor admits papers with any interest evidence, generic words included.
 */

export const FEATURE_FLOOR = 0.2;
export const LIST_FLOOR = 0.03;

export type Band = 'relevant' | 'listed' | 'screened';

export function bandOf(relevance: number, veto: boolean): Band {
  if (veto) return 'screened';
  if (relevance >= FEATURE_FLOOR) return 'relevant';
  if (relevance >= LIST_FLOOR) return 'listed';
  return 'screened';
}

export const BAND_ORDER: Record<Band, number> = { relevant: 0, listed: 1, screened: 2 };
