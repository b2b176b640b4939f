/**
 * The figures behind the site's pictures: papers per week (over the archive, per category and per reader
 * interest), this month against the last, and a day's category mix. Pure, one pass over the archive, so
 * a ten-year archive costs the build one loop over its papers, whatever the number of pages that draw
 * from it; `getTrends()` in src/data/charts.ts caches the result for the whole build.
 *
 * A paper counts once, on the first day that lists it (a paper shown again on a later day is not a new
 * paper of that week or month). Categories are counted per paper and category, as the category pages
 * count them: a paper with two categories adds one to each.
 */
import type { Paper } from '../schema/briefing.ts';
import { addDays, weekdayOf } from '../../lib/dates.ts';

/** What the figures need of a briefing. */
export interface TrendDay {
  date: string;
  papers: readonly Pick<Paper, 'id' | 'category' | 'topics'>[];
}

/** Counts per week, aligned with `Trends.weeks`. */
export type WeekCounts = number[];

export interface Rise {
  /** A category slug or an interest id. */
  key: string;
  current: number;
  previous: number;
  /** Share of the month's papers, 0..1. */
  currentShare: number;
  previousShare: number;
  /** currentShare − previousShare, in percentage points (rounded to 0.1). */
  change: number;
}

export interface MonthComparison {
  /** `YYYY-MM` of the newest briefing. */
  current: string;
  /** The calendar month before it. */
  previous: string;
  /** Papers first listed in each month. */
  totals: { current: number; previous: number };
  /** Days with a briefing in each month. */
  days: { current: number; previous: number };
  categories: Rise[];
  topics: Rise[];
}

export interface Trends {
  /** The Monday of every week from the archive's first week to its last, oldest first. */
  weeks: string[];
  /** Papers first listed per week. */
  papers: WeekCounts;
  /** Per category slug: its papers per week (only categories that occur). */
  categories: Map<string, WeekCounts>;
  /** Per interest id (frontmatter `topics`): the papers per week that matched it. */
  topics: Map<string, WeekCounts>;
  /** Null for an empty archive. */
  months: MonthComparison | null;
  /** Briefing days and distinct papers counted. */
  totals: { days: number; papers: number };
}

/** The Monday of the week (Monday to Sunday) that holds `date`. */
export function weekOf(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** `YYYY-MM` of the month before `month`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const share = (n: number, total: number): number => (total > 0 ? n / total : 0);

/** Compares two months' counts by share of the month; sorted by change (largest rise first), then by key order given. */
export function compareMonths(order: readonly string[], current: Map<string, number>, previous: Map<string, number>, totals: { current: number; previous: number }): Rise[] {
  const keys = [...new Set([...current.keys(), ...previous.keys()])];
  const rank = new Map(order.map((k, i) => [k, i]));
  return keys
    .map((key) => {
      const c = current.get(key) ?? 0;
      const p = previous.get(key) ?? 0;
      const currentShare = share(c, totals.current);
      const previousShare = share(p, totals.previous);
      return { key, current: c, previous: p, currentShare, previousShare, change: Math.round((currentShare - previousShare) * 1000) / 10 };
    })
    .sort((a, b) => b.change - a.change || b.current - a.current || (rank.get(a.key) ?? Infinity) - (rank.get(b.key) ?? Infinity) || (a.key < b.key ? -1 : 1));
}

/**
 * Computes every figure in one pass. `days` in any order; `categoryOrder` (the taxonomy's slugs) and
 * `topicOrder` (the reader's interest ids) break ties in the month comparison.
 */
export function computeTrends(days: readonly TrendDay[], categoryOrder: readonly string[] = [], topicOrder: readonly string[] = []): Trends {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (sorted.length === 0) return { weeks: [], papers: [], categories: new Map(), topics: new Map(), months: null, totals: { days: 0, papers: 0 } };

  const weeks: string[] = [];
  for (let w = weekOf(sorted[0]!.date); w <= sorted.at(-1)!.date; w = addDays(w, 7)) weeks.push(w);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const papers: WeekCounts = weeks.map(() => 0);
  const categories = new Map<string, WeekCounts>();
  const topics = new Map<string, WeekCounts>();
  const bump = (map: Map<string, WeekCounts>, key: string, week: number): void => {
    let series = map.get(key);
    if (!series) map.set(key, (series = weeks.map(() => 0)));
    series[week] = series[week]! + 1;
  };

  const current = sorted.at(-1)!.date.slice(0, 7);
  const previous = previousMonth(current);
  const monthCats = { current: new Map<string, number>(), previous: new Map<string, number>() };
  const monthTopics = { current: new Map<string, number>(), previous: new Map<string, number>() };
  const totals = { current: 0, previous: 0 };
  const monthDays = { current: 0, previous: 0 };
  const add = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };

  const seen = new Set<string>();
  for (const day of sorted) {
    const week = weekIndex.get(weekOf(day.date))!;
    const month = day.date.slice(0, 7);
    const which = month === current ? 'current' : month === previous ? 'previous' : null;
    if (which) monthDays[which] += 1;
    for (const paper of day.papers) {
      if (seen.has(paper.id)) continue;
      seen.add(paper.id);
      papers[week] = papers[week]! + 1;
      const cats = new Set(paper.category);
      const tops = new Set(paper.topics ?? []);
      for (const slug of cats) bump(categories, slug, week);
      for (const topic of tops) bump(topics, topic, week);
      if (!which) continue;
      totals[which] += 1;
      for (const slug of cats) add(monthCats[which], slug);
      for (const topic of tops) add(monthTopics[which], topic);
    }
  }

  return {
    weeks,
    papers,
    categories,
    topics,
    months: {
      current,
      previous,
      totals,
      days: monthDays,
      categories: compareMonths(categoryOrder, monthCats.current, monthCats.previous, totals),
      topics: compareMonths(topicOrder, monthTopics.current, monthTopics.previous, totals),
    },
    totals: { days: sorted.length, papers: seen.size },
  };
}

export interface MixPart {
  slug: string;
  count: number;
}

/**
 * A day's category mix: every category of the day with its number of papers, most papers first (ties in
 * taxonomy order). A paper with two categories counts in both, as on the category pages.
 */
export function categoryMix(papers: readonly Pick<Paper, 'category'>[], categoryOrder: readonly string[] = []): MixPart[] {
  const counts = new Map<string, number>();
  for (const paper of papers) for (const slug of new Set(paper.category)) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  const rank = new Map(categoryOrder.map((k, i) => [k, i]));
  return [...counts]
    .map(([slug, count]) => ({ slug, count }))
    .sort((a, b) => b.count - a.count || (rank.get(a.slug) ?? Infinity) - (rank.get(b.slug) ?? Infinity) || (a.slug < b.slug ? -1 : 1));
}
