/**
 * Query helpers over the briefing archive, pure and computed once.
 *
 * `buildArchive(entries)` indexes the briefings a single time (O(days × papers)); every page then asks
 * the resulting `Archive` for what it needs in O(1) or O(answer). This keeps `getStaticPaths` of day and
 * category pages linear in the archive size even at ten years of briefings. `src/data/briefings.ts`
 * feeds it Astro's content collection and caches the result for the whole build.
 */
import type { Briefing, Paper } from '../schema/briefing.ts';
import { categories } from '../schema/taxonomy.ts';

/** What the archive needs of a content entry (an Astro `CollectionEntry<'briefings'>` fits). */
export interface BriefingLike {
  id: string;
  data: Briefing;
}

/** A paper together with the day that carries it. */
export interface PaperRef<E extends BriefingLike = BriefingLike> {
  paper: Paper;
  /** The briefing day (page) the paper appears on. */
  date: string;
  entry: E;
}

export interface Month<E extends BriefingLike = BriefingLike> {
  /** `YYYY-MM` */
  month: string;
  /** Newest first. */
  days: E[];
}

export interface CategoryCount {
  slug: string;
  /** Papers carrying the category, over all days. */
  papers: number;
  /** Days with at least one such paper. */
  days: number;
  /** The newest day with such a paper, if any. */
  latest?: string;
}

export interface Archive<E extends BriefingLike = BriefingLike> {
  /** Every briefing, newest first. */
  days: E[];
  byDate(date: string): E | undefined;
  /** The older and the newer neighbour of a day. */
  adjacent(date: string): { older?: E; newer?: E };
  latest(): E | undefined;
  /** Briefings grouped by calendar month, newest month first. */
  months(): Month<E>[];
  /** Papers of a category over all days, newest day first, in page order within a day. */
  papersIn(slug: string): PaperRef<E>[];
  /** Counts for every category of the taxonomy, in taxonomy order (categories with no papers included). */
  categoryCounts(): CategoryCount[];
  /** A paper of a day by arXiv id. */
  paper(date: string, id: string): Paper | undefined;
}

/**
 * Indexes the entries. Throws when two files claim the same day or a file's name is not its date,
 * since either would produce two pages at one URL or a page at an unexpected URL.
 */
export function buildArchive<E extends BriefingLike>(entries: readonly E[]): Archive<E> {
  const byDate = new Map<string, E>();
  for (const entry of entries) {
    const date = entry.data.date;
    if (entry.id !== date) {
      throw new Error(`briefing "${entry.id}": the file name must be its date (${date}.mdx), got ${entry.id}.mdx (field: date, value: ${date})`);
    }
    const previous = byDate.get(date);
    if (previous) throw new Error(`two briefings for ${date}: "${previous.id}" and "${entry.id}" (field: date)`);
    byDate.set(date, entry);
  }
  const days = [...byDate.values()].sort((a, b) => (a.data.date < b.data.date ? 1 : a.data.date > b.data.date ? -1 : 0));
  const position = new Map(days.map((e, i) => [e.data.date, i]));

  let monthsCache: Month<E>[] | undefined;
  let byCategory: Map<string, PaperRef<E>[]> | undefined;
  let papersByDay: Map<string, Map<string, Paper>> | undefined;

  const categoryIndex = (): Map<string, PaperRef<E>[]> => {
    if (byCategory) return byCategory;
    byCategory = new Map(categories.map((c) => [c.slug, [] as PaperRef<E>[]]));
    for (const entry of days) {
      for (const paper of entry.data.papers) {
        for (const slug of new Set(paper.category)) {
          let list = byCategory.get(slug);
          if (!list) byCategory.set(slug, (list = []));
          list.push({ paper, date: entry.data.date, entry });
        }
      }
    }
    return byCategory;
  };

  return {
    days,
    byDate: (date) => byDate.get(date),
    adjacent(date) {
      const i = position.get(date);
      if (i === undefined) return {};
      return { newer: days[i - 1], older: days[i + 1] };
    },
    latest: () => days[0],
    months() {
      if (monthsCache) return monthsCache;
      const grouped = new Map<string, E[]>();
      for (const entry of days) {
        const month = entry.data.date.slice(0, 7);
        let list = grouped.get(month);
        if (!list) grouped.set(month, (list = []));
        list.push(entry);
      }
      monthsCache = [...grouped].map(([month, monthDays]) => ({ month, days: monthDays }));
      return monthsCache;
    },
    papersIn: (slug) => categoryIndex().get(slug) ?? [],
    categoryCounts() {
      const index = categoryIndex();
      return categories.map((c) => {
        const refs = index.get(c.slug) ?? [];
        return { slug: c.slug, papers: refs.length, days: new Set(refs.map((r) => r.date)).size, latest: refs[0]?.date };
      });
    },
    paper(date, id) {
      if (!papersByDay) papersByDay = new Map();
      let papers = papersByDay.get(date);
      if (!papers) {
        const entry = byDate.get(date);
        if (!entry) return undefined;
        papers = new Map(entry.data.papers.map((p) => [p.id, p]));
        papersByDay.set(date, papers);
      }
      return papers.get(id);
    },
  };
}

/** The papers of a day that have a write-up, in frontmatter order. */
export function featuredPapers(briefing: Briefing): Paper[] {
  return briefing.papers.filter((p) => p.featured);
}

/** The papers of a day listed in the "others" table. */
export function otherPapers(briefing: Briefing): Paper[] {
  return briefing.papers.filter((p) => !p.featured);
}

/** The day's top picks, in frontmatter order. */
export function pickedPapers(briefing: Briefing): Paper[] {
  return briefing.papers.filter((p) => p.pick);
}
