/**
 * The relevance floors. A paper is featured only when its relevance reaches `FEATURE_FLOOR` (up to
 * `writer.topK` papers), listed in the "others" table when it reaches `LIST_FLOOR`, and otherwise only
 * counted as screened. A thin day therefore says so instead of dressing up unrelated papers as picks.
 *
 * Calibration. FEATURE_FLOOR is what the weakest real evidence gives (scripts/rank/scorers.ts): one interest
 * phrase in the title (≈0.33 at weight 1) or in the Hugging Face keywords (≈0.22), or phrases of two interests
 * in the abstract (≈0.25), or a specific word ("dreamer") in the title (≈0.22); one passing phrase in the
 * abstract (≈0.14), a specific word there (≈0.08) or generic words (≤ WEAK_ONLY_MAX = 0.1) stay under it.
 * Checked against the two days the seed briefings label (2026-05-03 and 2026-05-31, replayed into an empty
 * archive): 13 of the 14 papers the seeds featured from those windows are above 0.2 (at 0.25: 12, at 0.3: 11);
 * of the 22 other papers above it, 9 are in the seeds' own "others" tables.
 * On a replayed month a weekday keeps 5–30 relevant papers and a window of leftovers keeps none (README
 * "Ranking"). LIST_FLOOR admits any evidence at all, generic words included (one in the abstract ≈ 0.05).
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
