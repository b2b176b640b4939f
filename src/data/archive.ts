/**
 * Query helpers over the briefing archive, pure and computed once.
 *
 * `buildArchive(entries)` indexes the briefings a single time (O(days × papers)); every page then asks
 * the resulting `Archive` for what it needs in O(1) or O(answer). This keeps `getStaticPaths` of day and
 * category pages linear in the archive size even at ten years of briefings. `src/data/briefings.ts`
 * feeds it Astro's content collection and caches the result for the whole build.
 *
 * Each paper counts once. The pipeline lists a paper as new only once ("seen once"), but archives written
 * before that, imports and hand edits may list one on several days. Across days a paper (by arXiv id,
 * version aside) has one *shown* entry: its first listing, or the day it came back (frontmatter `back`,
 * "重新上榜"), which is then marked. Category pages, category counts and month counts use only shown
 * entries; day pages show every day as written; `listings(id)` and `firstListed(id)` give the rest.
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
  /** The first day any briefing listed the paper (a stable key for the paper, e.g. a feed item's GUID). */
  first: string;
  /** Set when this listing marks the paper as back ("重新上榜"): the earlier day and its upvotes then. */
  back?: NonNullable<Paper['back']>;
}

export interface Month<E extends BriefingLike = BriefingLike> {
  /** `YYYY-MM` */
  month: string;
  /** Newest first. */
  days: E[];
  /** Papers first listed this month (each paper counts in one month only). */
  papers: number;
  /** Papers that came back this month ("重新上榜"), listed first in an earlier month or earlier this month. */
  back: number;
}

export interface CategoryCount {
  slug: string;
  /** Distinct papers carrying the category (by their shown entry), over all days. */
  papers: number;
  /** Days whose shown entries include such a paper. */
  days: number;
  /** The newest such day, if any. */
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
  /**
   * Papers of a category over all days, each paper once (its shown entry: first listing, or the day it came
   * back, marked), newest day first, in page order within a day.
   */
  papersIn(slug: string): PaperRef<E>[];
  /** Counts for every category of the taxonomy, in taxonomy order (categories with no papers included). */
  categoryCounts(): CategoryCount[];
  /** A paper of a day by arXiv id. */
  paper(date: string, id: string): Paper | undefined;
  /** The first day any briefing listed a paper (arXiv id, with or without version), if one did. */
  firstListed(id: string): string | undefined;
  /** Every listing of a paper, oldest first. */
  listings(id: string): PaperRef<E>[];
  /** The paper's shown entry: the one category pages, counts and feeds use. */
  shown(id: string): PaperRef<E> | undefined;
  /** Distinct papers in the archive. */
  paperCount(): number;
}

/** A paper's id without its version: a hand edit may write 2605.29559v2 for 2605.29559. */
export function paperKey(id: string): string {
  return id.replace(/v\d+$/, '');
}

interface PaperIndex<E extends BriefingLike> {
  listings: Map<string, PaperRef<E>[]>;
  /** The shown entry of each paper. */
  shown: Map<string, PaperRef<E>>;
}

/**
 * Every listing of every paper (oldest first) and its shown entry: the first listing, unless a later one
 * marks it back; then the first such return (a second return is a repeat, as an unmarked relisting is).
 */
function indexPapers<E extends BriefingLike>(daysOldestFirst: readonly E[]): PaperIndex<E> {
  const listings = new Map<string, PaperRef<E>[]>();
  for (const entry of daysOldestFirst) {
    for (const paper of entry.data.papers) {
      const key = paperKey(paper.id);
      let list = listings.get(key);
      if (!list) listings.set(key, (list = []));
      const first = list[0]?.date ?? entry.data.date;
      list.push({ paper, date: entry.data.date, entry, first, ...(paper.back ? { back: paper.back } : {}) });
    }
  }
  const shown = new Map<string, PaperRef<E>>();
  for (const [key, list] of listings) shown.set(key, list.find((r, i) => i > 0 && r.back !== undefined && r.date > r.first) ?? list[0]!);
  return { listings, shown };
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
  let paperIndex: PaperIndex<E> | undefined;

  const byPaper = (): PaperIndex<E> => (paperIndex ??= indexPapers([...days].reverse()));

  const categoryIndex = (): Map<string, PaperRef<E>[]> => {
    if (byCategory) return byCategory;
    byCategory = new Map(categories.map((c) => [c.slug, [] as PaperRef<E>[]]));
    const { shown } = byPaper();
    for (const entry of days) {
      for (const paper of entry.data.papers) {
        const ref = shown.get(paperKey(paper.id))!;
        // Only the paper's shown entry: a repeat listing (or a day listing it twice) adds nothing.
        if (ref.paper !== paper) continue;
        for (const slug of new Set(paper.category)) {
          let list = byCategory.get(slug);
          if (!list) byCategory.set(slug, (list = []));
          list.push(ref);
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
      const counts = new Map<string, { papers: number; back: number }>();
      const count = (month: string) => counts.get(month) ?? counts.set(month, { papers: 0, back: 0 }).get(month)!;
      for (const ref of byPaper().shown.values()) {
        count(ref.first.slice(0, 7)).papers++;
        if (ref.date !== ref.first) count(ref.date.slice(0, 7)).back++;
      }
      monthsCache = [...grouped].map(([month, monthDays]) => ({ month, days: monthDays, papers: counts.get(month)?.papers ?? 0, back: counts.get(month)?.back ?? 0 }));
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
    firstListed: (id) => byPaper().listings.get(paperKey(id))?.[0]?.date,
    listings: (id) => byPaper().listings.get(paperKey(id)) ?? [],
    shown: (id) => byPaper().shown.get(paperKey(id)),
    paperCount: () => byPaper().shown.size,
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
