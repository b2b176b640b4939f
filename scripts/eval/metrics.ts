/**
 * The ranking figures of `npm run eval:rank`, as pure functions over ids and labels, so that the
 * numbers everyone quotes ("P@3 0.33 before, 0.67 after") mean one thing and are tested on tiny
 * hand-made inputs. No I/O here: the CLI (scripts/eval/rank.ts) replays days and feeds these.
 *
 * Conventions:
 * - A label is a graded gain per arXiv id: 3 = the reader's top 3, 2 = featured, 1 = listed in the
 *   others table, 0 = not listed (or disliked). "Relevant" means gain ≥ 2.
 * - P@k divides by k even when fewer than k papers were ranked (a short list is not rewarded).
 * - nDCG@k uses the exponential gain (2^g − 1) / log2(rank + 1); the ideal ordering is built from the
 *   labelled papers that were in the ranked pool (a paper the day never offered cannot be ranked).
 */

/** Gain per arXiv id; an id without an entry has gain 0. */
export type Gains = ReadonlyMap<string, number>;

/** The lowest gain that counts as relevant for P@k. */
export const RELEVANT_GAIN = 2;

export function gainOf(gains: Gains, id: string): number {
  return gains.get(id) ?? 0;
}

/** Share of the first k ranked ids whose gain is at least `relevant`. k must be positive. */
export function precisionAt(ranked: readonly string[], gains: Gains, k: number, relevant: number = RELEVANT_GAIN): number {
  if (!Number.isInteger(k) || k < 1) throw new Error(`precisionAt: k must be a positive integer, got ${k}`);
  const hits = ranked.slice(0, k).filter((id) => gainOf(gains, id) >= relevant).length;
  return hits / k;
}

/** Discounted cumulative gain of a list of gains, best position first: Σ (2^g − 1) / log2(i + 1), i = 1…k. */
function dcg(listGains: readonly number[], k: number): number {
  return listGains.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** DCG of the first k ranked ids. */
export function dcgAt(ranked: readonly string[], gains: Gains, k: number): number {
  return dcg(ranked.map((id) => gainOf(gains, id)), k);
}

/**
 * nDCG@k. The ideal ranking orders the gains of the labelled ids found in `pool` (default: every
 * ranked id). Null when no labelled paper with a positive gain is in the pool: the day says nothing.
 */
export function ndcgAt(ranked: readonly string[], gains: Gains, k: number, pool: Iterable<string> = ranked): number | null {
  const ideal = [...new Set(pool)].map((id) => gainOf(gains, id)).filter((g) => g > 0).sort((a, b) => b - a);
  if (ideal.length === 0) return null;
  return dcgAt(ranked, gains, k) / dcg(ideal, k);
}

/** How many of `wanted` (e.g. the seed's top 3) are among the first k of `ours`. */
export function hitsInTop(ours: readonly string[], wanted: readonly string[], k: number): number {
  const top = new Set(ours.slice(0, k));
  return new Set(wanted.filter((id) => top.has(id))).size;
}

/** Mean of the defined values; null when there are none. */
export function mean(values: ReadonlyArray<number | null | undefined>): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

// ---------------------------------------------------------------------------------------------------
// Repeats over consecutive briefings (issue 10 §4)
// ---------------------------------------------------------------------------------------------------

/** One briefing as the repeat figures see it: its date and the papers it lists (featured or not). */
export interface ListedDay {
  date: string;
  papers: ReadonlyArray<{ id: string; category: readonly string[]; back?: boolean }>;
}

export interface CategoryRepeat {
  slug: string;
  /** Paper rows carrying the category over all briefings (what a per-row category page lists). */
  entries: number;
  /** Distinct papers carrying the category. */
  distinct: number;
}

export interface RepeatStats {
  briefings: number;
  /** Paper rows over all briefings. */
  rows: number;
  distinct: number;
  /** Ids listed as new (not marked "back") in two or more briefings, most listed first. */
  repeated: Array<{ id: string; times: number }>;
  /** Dates of briefings whose every paper was listed by an earlier briefing. */
  allSeen: string[];
  /** Per category, in first-seen order; see `CategoryRepeat`. */
  categories: CategoryRepeat[];
}

/** Repeat figures of briefings in any order (they are sorted by date here). */
export function repeatStats(days: readonly ListedDay[]): RepeatStats {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const seen = new Set<string>();
  const asNew = new Map<string, number>();
  const perCategory = new Map<string, { entries: number; ids: Set<string> }>();
  const allSeen: string[] = [];
  let rows = 0;
  for (const day of sorted) {
    rows += day.papers.length;
    if (day.papers.length > 0 && day.papers.every((p) => seen.has(p.id))) allSeen.push(day.date);
    for (const p of day.papers) {
      if (!p.back) asNew.set(p.id, (asNew.get(p.id) ?? 0) + 1);
      for (const slug of new Set(p.category)) {
        let c = perCategory.get(slug);
        if (!c) perCategory.set(slug, (c = { entries: 0, ids: new Set() }));
        c.entries++;
        c.ids.add(p.id);
      }
    }
    for (const p of day.papers) seen.add(p.id);
  }
  const repeated = [...asNew]
    .filter(([, times]) => times >= 2)
    .map(([id, times]) => ({ id, times }))
    .sort((a, b) => b.times - a.times || a.id.localeCompare(b.id));
  return {
    briefings: sorted.length,
    rows,
    distinct: seen.size,
    repeated,
    allSeen,
    categories: [...perCategory].map(([slug, c]) => ({ slug, entries: c.entries, distinct: c.ids.size })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Category agreement with the reader's own labels (issue 10 §5)
// ---------------------------------------------------------------------------------------------------

export interface AgreementItem {
  /** Our primary category (first slug), or null when the paper was not in our briefing. */
  ours: string | null;
  /** The reader's labels mapped to slugs, in the reader's order; empty when none mapped. */
  seed: readonly string[];
}

export interface Agreement {
  /** Items with both our category and at least one mapped seed label. */
  compared: number;
  /** Our primary equals the seed's first label. */
  first: number;
  /** Our primary is one of the seed's labels. */
  any: number;
}

export function categoryAgreement(items: readonly AgreementItem[]): Agreement {
  let compared = 0;
  let first = 0;
  let any = 0;
  for (const item of items) {
    if (item.ours === null || item.seed.length === 0) continue;
    compared++;
    if (item.seed[0] === item.ours) first++;
    if (item.seed.includes(item.ours)) any++;
  }
  return { compared, first, any };
}
