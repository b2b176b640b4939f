/**
 * The items of every feed, from the archive:
 *
 * - main feed (`/rss.xml`, `/feed.json`): one item per day, the last `site.feedDays` days. The newest
 *   days carry the full briefing (rendered through Astro's container API with the day page's own body
 *   component, then sanitised with absolute links) while they fit in `FEED_CONTENT_BUDGET`; older days a
 *   summary, their top picks and a link, so a feed stays under 1 MB however long the briefings are.
 * - category feeds: one item per paper, each paper once, dated by the day it was first listed, with the
 *   paper's permalink as its GUID (stable whatever page the paper is shown on).
 * - the weekly digest ("本周精选"): one item per completed week, its top papers by the reader's ranking
 *   (the day's picks first, then featured papers by relevance).
 *
 * Untrusted text (titles, summaries, contributions) goes into `title` as `feedTitle` and into
 * `description` as escaped text: no reader sees it as markup (issue 13, defect 1).
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import type { RSSFeedItem } from '@astrojs/rss';
import { config } from '../config.ts';
import BriefingBody from '../components/BriefingBody.astro';
import DayNotes from '../components/DayNotes.astro';
import { t } from '../i18n/index.ts';
import { colon } from '../i18n/locale.ts';
import { categoryLabel } from '../schema/taxonomy.ts';
import { escapeHtml, feedHtml, feedTitle, fullContentCount, xmlBytes } from '../lib/feed.ts';
import { permalinkPath } from '../lib/citation.ts';
import { urls } from '../lib/urls.ts';
import { paperLinks } from '../lib/paperLinks.ts';
import type { Paper } from '../schema/briefing.ts';
import type { BriefingEntry } from './briefings.ts';
import type { Archive, PaperRef } from './archive.ts';
import { addDays, startOfDayIn, weekdayOf } from '../../lib/dates.ts';

/** Bytes of full briefing content a feed may carry (escaped as it is written); the rest are summaries. */
export const FEED_CONTENT_BUDGET = 700_000;
/** Papers in a week's digest. */
export const WEEKLY_PAPERS = 10;
/** Weeks in the digest feed. */
export const WEEKLY_WEEKS = 12;

let container: Promise<AstroContainer> | undefined;
const rendered = new Map<string, Promise<string>>();

/** The body of a day rendered to HTML (cached per day for the build). */
function renderBriefingHtml(entry: BriefingEntry): Promise<string> {
  let html = rendered.get(entry.data.date);
  if (!html) {
    html = (async () => {
      container ??= AstroContainer.create();
      const c = await container;
      // The honesty notes (time window, access limits, no-LLM) travel with the briefing.
      const notes = await c.renderToString(DayNotes, { props: { briefing: entry.data } });
      return notes + (await c.renderToString(BriefingBody, { props: { entry } }));
    })();
    rendered.set(entry.data.date, html);
  }
  return html;
}

/**
 * A day's time as an RSS date (feeds need a full timestamp): the start of the day in the site's
 * timezone. UTC midnight would date every item a day early for a reader west of UTC.
 */
export function pubDate(date: string): Date {
  return startOfDayIn(date, config.timezone);
}

/** The absolute URL of a paper's permalink (its stable address; see src/lib/citation.ts). */
export function permalink(id: string): string {
  return urls.absolute(urls.path(permalinkPath(id)));
}

/** A day of the main feed: its item fields in every format. `content` is the full briefing or undefined. */
export interface DayFeedEntry {
  date: string;
  title: string;
  link: string;
  /** The one-line conclusion, plain text. */
  summary: string;
  /** Full briefing HTML (sanitised, absolute links), for the newest days. */
  content?: string;
  /** The short HTML of an older day: the summary, its picks and a link. */
  summaryHtml: string;
  categories: string[];
}

/** The short HTML of a day: its conclusion, its top picks (linked to their permalinks) and a link to the page. */
function summaryHtml(entry: BriefingEntry, link: string): string {
  const b = entry.data;
  const picks = b.papers.filter((p) => p.pick);
  return [
    `<p>${escapeHtml(b.summary)}</p>`,
    picks.length ? `<ol>${picks.map((p) => `<li><a href="${escapeHtml(permalink(p.id))}">${escapeHtml(p.title)}</a></li>`).join('')}</ol>` : '',
    `<p>${escapeHtml(t(config.site.language, 'feed.readMore'))} <a href="${escapeHtml(link)}">${escapeHtml(b.title)}</a></p>`,
  ].join('');
}

/** The days of the main feed, newest first; the newest keep their full content while it fits `budget` (by `measure`). */
export async function mainFeedDays(archive: Archive<BriefingEntry>, measure: (s: string) => number, budget = FEED_CONTENT_BUDGET): Promise<DayFeedEntry[]> {
  const days = archive.days.slice(0, config.site.feedDays);
  const contents: string[] = [];
  // Render only as many days as can be full: stop at the first that no longer fits.
  for (const entry of days) {
    const link = urls.absolute(urls.briefing(entry.data.date));
    const summary = `<p><strong>${escapeHtml(entry.data.summary)}</strong></p>`;
    contents.push(feedHtml(summary + (await renderBriefingHtml(entry)), link));
    if (fullContentCount(contents, budget, measure) < contents.length) break;
  }
  const full = fullContentCount(contents, budget, measure);
  return days.map((entry, i) => {
    const b = entry.data;
    const link = urls.absolute(urls.briefing(b.date));
    return {
      date: b.date,
      title: b.title,
      link,
      summary: b.summary,
      ...(i < full ? { content: contents[i] } : {}),
      summaryHtml: summaryHtml(entry, link),
      categories: b.categories.map((slug) => categoryLabel(slug, b.language)),
    };
  });
}

/** The main RSS feed's items. */
export async function mainRssItems(archive: Archive<BriefingEntry>): Promise<RSSFeedItem[]> {
  return (await mainFeedDays(archive, xmlBytes)).map((d) => ({
    title: feedTitle(d.title),
    link: d.link,
    pubDate: pubDate(d.date),
    // RSS description is HTML: full items carry the conclusion as escaped text, older ones the short HTML.
    description: d.content ? escapeHtml(d.summary) : d.summaryHtml,
    ...(d.content ? { content: d.content } : {}),
    categories: d.categories,
  }));
}

/**
 * Each paper of a category once (the data layer's choice, "seen once"), newest first by the day it was
 * first listed (the day its permalink leads to), at most `limit`.
 */
export function categoryPapers(archive: Archive<BriefingEntry>, slug: string, limit: number): PaperRef<BriefingEntry>[] {
  return [...archive.papersIn(slug)].sort((a, b) => (a.first < b.first ? 1 : a.first > b.first ? -1 : 0)).slice(0, limit);
}

/** A paper's feed HTML: categories, contribution, links, the day it was listed (all text escaped). */
function paperHtml(paper: Paper, date: string, entry: BriefingEntry, link: string): string {
  const lang = entry.data.language;
  const sep = colon(lang);
  const linkList = paperLinks(paper.links)
    .map((l) => `<a href="${escapeHtml(l.href)}">${l.label}</a>`)
    .join(' · ');
  return feedHtml(
    [
      `<p>${escapeHtml(t(lang, 'paper.category'))}${sep}${paper.category.map((c) => escapeHtml(categoryLabel(c, lang))).join(' / ')}</p>`,
      paper.contribution ? `<p><strong>${escapeHtml(t(lang, 'paper.contribution'))}</strong>${sep}${escapeHtml(paper.contribution)}</p>` : '',
      linkList ? `<p>${escapeHtml(t(lang, 'paper.links'))}${sep}${linkList}</p>` : '',
      `<p><a href="${escapeHtml(urls.absolute(urls.briefing(date, paper.id)))}">${escapeHtml(entry.data.title)}</a></p>`,
    ].join(''),
    link,
  );
}

/** A category feed's item for a paper: GUID and link are its permalink, dated by its first listing. */
export function paperItem(ref: PaperRef<BriefingEntry>): RSSFeedItem {
  const { paper, entry } = ref;
  const link = permalink(paper.id);
  return {
    title: feedTitle(paper.title),
    link,
    pubDate: pubDate(ref.first),
    description: escapeHtml(paper.contribution || paper.title),
    content: paperHtml(paper, ref.date, entry, link),
    categories: paper.category.map((c) => categoryLabel(c, entry.data.language)),
  };
}

/** One week of the digest. */
export interface Week {
  /** Monday and Sunday, YYYY-MM-DD. */
  from: string;
  to: string;
  /** Briefings of the week. */
  days: number;
  papers: { paper: Paper; date: string; entry: BriefingEntry }[];
}

/**
 * The completed weeks (Monday to Sunday; complete once the archive reaches the Sunday), newest first, each
 * with its top papers by the reader's ranking: the days' picks first, then featured papers, each by
 * relevance; a paper counts in the week it was first listed. Weeks with no such paper are left out.
 */
export function weeklyDigest(archive: Archive<BriefingEntry>, weeks = WEEKLY_WEEKS, perWeek = WEEKLY_PAPERS): Week[] {
  const newest = archive.latest()?.data.date;
  if (!newest) return [];
  const mondayOf = (day: string): string => addDays(day, -((weekdayOf(day) + 6) % 7));
  const byWeek = new Map<string, BriefingEntry[]>();
  for (const entry of archive.days) {
    const monday = mondayOf(entry.data.date);
    if (addDays(monday, 6) > newest) continue;
    let list = byWeek.get(monday);
    if (!list) {
      if (byWeek.size === weeks) break;
      byWeek.set(monday, (list = []));
    }
    list.push(entry);
  }
  const out: Week[] = [];
  for (const [monday, entries] of byWeek) {
    const candidates = entries
      .flatMap((entry) => entry.data.papers.map((paper) => ({ paper, date: entry.data.date, entry })))
      .filter(({ paper, date }) => (paper.pick || paper.featured) && (archive.firstListed(paper.id) ?? date) === date)
      .sort((a, b) => Number(b.paper.pick) - Number(a.paper.pick) || b.paper.relevance - a.paper.relevance || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    if (candidates.length) out.push({ from: monday, to: addDays(monday, 6), days: entries.length, papers: candidates.slice(0, perWeek) });
  }
  return out;
}

/** A week's digest as an RSS item: GUID `…/weekly/<Monday>` (not a page), link the week's newest briefing. */
export function weekItem(week: Week): RSSFeedItem {
  const ui = config.site.language;
  const link = urls.absolute(urls.briefing(week.papers.reduce((d, p) => (p.date > d ? p.date : d), week.from)));
  const list = week.papers
    .map(({ paper, date, entry }) => {
      const lang = entry.data.language;
      const facts = [date, ...paper.category.map((c) => categoryLabel(c, lang)), t(ui, 'feed.relevance', { value: paper.relevance.toFixed(2) })].map(escapeHtml).join(' · ');
      const contribution = paper.contribution ? `<br>${escapeHtml(paper.contribution)}` : '';
      return `<li><a href="${escapeHtml(permalink(paper.id))}">${escapeHtml(paper.title)}</a> <small>${facts}</small>${contribution}</li>`;
    })
    .join('');
  const lead = t(ui, 'feed.weeklyLead', { from: week.from, to: week.to, days: week.days, count: week.papers.length });
  return {
    title: feedTitle(t(ui, 'feed.weeklyItem', { from: week.from, to: week.to })),
    link,
    pubDate: pubDate(week.to),
    description: escapeHtml(lead),
    content: feedHtml(`<p>${escapeHtml(lead)}</p><ol>${list}</ol>`, link),
    customData: `<guid isPermaLink="false">${escapeHtml(urls.absolute(urls.path(`weekly/${week.from}`)))}</guid>`,
  };
}
