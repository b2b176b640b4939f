/**
 * The feeds as readers take them (issue 12 §5, issue 13 defect 1), on a generated archive with a hostile
 * day (script and event-handler markup in its title, summary, a paper title and a contribution) and a paper
 * listed on two days:
 *
 * - every RSS feed parses with feedparser, carries `atom:link rel="self"` and `lastBuildDate`, and no title,
 *   description or content holds an element or attribute that can run script once parsed as HTML (checked
 *   with feedparser's own sanitising off, as a trusting reader would render them);
 * - category feeds list each paper once, at its first listing, with its permalink as GUID;
 * - the JSON Feed has the 1.1 required fields; the OPML lists every feed; the weekly digest holds the
 *   week's picks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { buildSite } from '../scripts/site/build.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { writeBriefingFile } from '../scripts/mdx/write.ts';
import type { BriefingDraft, BriefingInput, PaperInput } from '../src/schema/briefing.ts';
import { categoryLabel } from '../src/schema/taxonomy.ts';
import { t } from '../src/i18n/index.ts';
import { fullContentCount, feedTitle, xmlBytes } from '../src/lib/feed.ts';
import { bibText } from '../src/lib/citation.ts';
import { startOfDayIn } from '../lib/dates.ts';
import { decodeEntities, read } from './helpers/dist.ts';
import { hasFeedparser, hasBibtexparser, liveMarkup, noReadersMessage, readBibs, readFeeds } from './helpers/readers.ts';

const SITE = config.site.url;
const UI = config.site.language;
const XSS_TITLE = "<script>alert('xss-title')</script>";
const XSS_IMG = '<img src=x onerror=alert(1)>';
const DAYS = 16;
const END = '2026-05-03';

let root: string;
let dist: string;
let drafts: BriefingDraft[];
const fm = (i: number): BriefingInput => drafts[i]!.frontmatter;
const papersOf = (i: number): PaperInput[] => fm(i).papers as PaperInput[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pb-feeds-'));
  drafts = Array.from({ length: DAYS }, (_, i) => syntheticDraft(i, { days: DAYS, papers: 8, featured: 3, englishEvery: 4, seed: 5, end: END }));
  // The hostile day: the newest. Untrusted text in every field a feed carries.
  const hostile = drafts[DAYS - 1]!;
  hostile.frontmatter.title = `${END} ${XSS_TITLE} 简报`;
  hostile.frontmatter.summary = `${XSS_IMG} 今天的结论 & more`;
  const hp = hostile.frontmatter.papers as PaperInput[];
  hp[0]!.title = `${XSS_TITLE} Agents & &lt;b&gt; World Models`;
  hp[1]!.contribution = `${XSS_IMG} model output <a href="javascript:alert(2)">click</a>`;
  hostile.body.overview = `${hostile.body.overview ?? ''}\n\n<iframe src="javascript:alert(3)"></iframe> ${XSS_TITLE}`;
  // A repeat: a paper of day DAYS-5 listed again on day DAYS-2 (as archives before "seen once" may hold).
  const repeated = structuredClone(papersOf(DAYS - 5)[4]!);
  (drafts[DAYS - 2]!.frontmatter.papers as PaperInput[]).push({ ...repeated, featured: false, pick: false });
  for (const d of drafts) await writeBriefingFile(d, { config, dir: path.join(root, 'archive'), force: true });
  dist = path.join(root, 'dist');
  const result = await buildSite({ briefingsDir: path.join(root, 'archive'), distDir: dist });
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const rssFiles = (): string[] => ['rss.xml', 'weekly.xml', ...config.taxonomy.map((c) => `categories/${c.slug}/rss.xml`)];

if (!hasFeedparser) console.warn(`[feeds] ${noReadersMessage}`);

describe.skipIf(!hasFeedparser)('RSS feeds, as feedparser reads them', () => {
  let feeds: ReturnType<typeof readFeeds>;
  beforeAll(() => {
    feeds = readFeeds(rssFiles().map((f) => path.join(dist, f)));
  });
  const feed = (file: string) => feeds[path.join(dist, file)]!;

  it('every feed is well-formed RSS 2.0 with atom:link rel="self", lastBuildDate and its language', () => {
    for (const file of rssFiles()) {
      const f = feed(file);
      expect(f.bozo, `${file}: ${f.bozo_exception}`).toBe(false);
      expect(f.version, file).toBe('rss20');
      expect(f.links.filter((l) => l.rel === 'self'), file).toEqual([{ rel: 'self', href: `${SITE}/${file}`, type: 'application/rss+xml' }]);
      expect(f.language, file).toBe(UI.toLowerCase());
      if (f.entries.length) expect(f.updated, file).toBeTruthy();
    }
    expect(new Date(feed('rss.xml').updated!).toISOString()).toBe(startOfDayIn(END, config.timezone).toISOString());
  });

  it('no title, description or content carries live markup, however hostile the briefing', () => {
    for (const file of rssFiles()) expect(feed(file).danger, file).toEqual([]);
    // And the hostile text is still there, as text: a reader rendering the title as HTML shows it literally.
    const main = feed('rss.xml').entries[0]!;
    expect(decodeEntities(main.title)).toBe(fm(DAYS - 1).title);
    expect(decodeEntities(main.summary)).toBe(fm(DAYS - 1).summary);
    // Sanitised content keeps the hostile text, as escaped text only.
    expect(decodeEntities(main.content.join(''))).toContain(papersOf(DAYS - 1)[1]!.contribution);
    const hostilePaper = papersOf(DAYS - 1)[0]!;
    for (const c of hostilePaper.category) {
      const item = feed(`categories/${c}/rss.xml`).entries.find((e) => e.link === `${SITE}/papers/${hostilePaper.id}/`);
      expect(item, c).toBeDefined();
      expect(decodeEntities(item!.title)).toBe(hostilePaper.title);
    }
  });

  it('the main feed: one item per day, newest first, full content with absolute links while the budget lasts', () => {
    const f = feed('rss.xml');
    expect(f.entries.map((e) => e.link)).toEqual(drafts.map((d) => `${SITE}/briefings/${d.frontmatter.date}/`).reverse());
    for (const e of f.entries) {
      // This archive is far under the budget: every day is full, with absolute links only.
      expect(e.content.join(''), e.link).toContain(`href="${SITE}/`);
      expect(e.content.join(''), e.link).not.toMatch(/href="\//);
    }
  });

  it('category feeds: each paper once, dated by its first listing, its permalink as link and GUID', () => {
    const repeated = papersOf(DAYS - 5)[4]!;
    for (const c of config.taxonomy) {
      const f = feed(`categories/${c.slug}/rss.xml`);
      const ids = f.entries.map((e) => e.id);
      expect(new Set(ids).size, c.slug).toBe(ids.length);
      for (const e of f.entries) {
        expect(e.id).toMatch(new RegExp(`^${SITE}/papers/[^/]+/$`));
        expect(e.link).toBe(e.id);
      }
    }
    for (const slug of repeated.category) {
      const items = feed(`categories/${slug}/rss.xml`).entries.filter((e) => e.id === `${SITE}/papers/${repeated.id}/`);
      expect(items, slug).toHaveLength(1);
      expect(new Date(items[0]!.published).toISOString()).toBe(startOfDayIn(String(fm(DAYS - 5).date), config.timezone).toISOString());
    }
    // Newest first, each paper where it was first listed.
    const firstDay = new Map<string, number>();
    for (let i = 0; i < DAYS; i++) for (const p of papersOf(i)) if (!firstDay.has(p.id) && p.category.includes('llm-agent')) firstDay.set(p.id, i);
    const expected = [...firstDay].sort((a, b) => b[1] - a[1]).map(([id]) => `${SITE}/papers/${id}/`);
    expect(feed('categories/llm-agent/rss.xml').entries.map((e) => e.id)).toEqual(expected.slice(0, config.site.categoryFeedItems));
  });

  it('the weekly digest: one item per completed week, its picks and featured papers by relevance, linked to their permalinks', () => {
    const f = feed('weekly.xml');
    // 2026-05-03 is a Sunday: the newest week is complete; 16 days span three weeks, the oldest in part.
    expect(f.title).toBe(`${config.site.title} · ${t(UI, 'feed.weeklyTitle')}`);
    expect(f.entries.map((e) => e.title)).toEqual([
      t(UI, 'feed.weeklyItem', { from: '2026-04-27', to: '2026-05-03' }),
      t(UI, 'feed.weeklyItem', { from: '2026-04-20', to: '2026-04-26' }),
      t(UI, 'feed.weeklyItem', { from: '2026-04-13', to: '2026-04-19' }),
    ].map((s) => decodeEntities(feedTitle(s))));
    const newest = f.entries[0]!;
    expect(newest.guidislink).toBe(false);
    const week = drafts.filter((d) => String(d.frontmatter.date) >= '2026-04-27');
    const wanted = week
      .flatMap((d) => (d.frontmatter.papers as PaperInput[]).map((p) => ({ p, date: String(d.frontmatter.date) })))
      .filter(({ p }) => p.pick || p.featured)
      .sort((a, b) => Number(b.p.pick ?? false) - Number(a.p.pick ?? false) || (b.p.relevance ?? 0) - (a.p.relevance ?? 0) || (a.date < b.date ? -1 : 1))
      .slice(0, 10);
    const links = [...newest.content.join('').matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual(wanted.map(({ p }) => `${SITE}/papers/${p.id}/`));
  });
});

describe('JSON Feed and OPML', () => {
  it('/feed.json is JSON Feed 1.1: version, title, items with id and content; plain-text titles', () => {
    const feed = JSON.parse(read(dist, 'feed.json')) as Record<string, unknown> & { items: Record<string, unknown>[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed.title).toBe('string');
    expect(feed.feed_url).toBe(`${SITE}/feed.json`);
    expect(feed.home_page_url).toBe(`${SITE}/`);
    expect(Array.isArray(feed.items)).toBe(true);
    expect(feed.items).toHaveLength(DAYS);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(Number.isNaN(Date.parse(String(item.date_published)))).toBe(false);
      for (const key of ['url', 'title', 'summary']) if (key in item) expect(typeof item[key], key).toBe('string');
      if ('tags' in item) expect((item.tags as unknown[]).every((x) => typeof x === 'string')).toBe(true);
    }
    // Titles are plain text in JSON Feed: the hostile title as written; its HTML holds no live markup.
    expect(feed.items[0]!.title).toBe(fm(DAYS - 1).title);
    if (hasFeedparser) expect(liveMarkup(feed.items.map((i) => String(i.content_html)))).toEqual(feed.items.map(() => []));
  });

  it('/feeds.opml lists the main feed, the weekly digest and every category feed, each of which exists', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(read(dist, 'feeds.opml')) as {
      opml: { version: string; head: { title: string }; body: { outline: { text: string; xmlUrl?: string; outline?: { text: string; xmlUrl: string }[] }[] } };
    };
    expect(doc.opml.version).toBe('2.0');
    const urls = doc.opml.body.outline.flatMap((o) => [o.xmlUrl, ...(o.outline ?? []).map((c) => c.xmlUrl)]).filter(Boolean) as string[];
    expect(urls).toEqual([`${SITE}/rss.xml`, `${SITE}/weekly.xml`, ...config.taxonomy.map((c) => `${SITE}/categories/${c.slug}/rss.xml`)]);
    for (const url of urls) expect(existsSync(path.join(dist, url.slice(SITE.length + 1))), url).toBe(true);
    const group = doc.opml.body.outline[2]!;
    expect(group.outline!.map((o) => o.text)).toEqual(config.taxonomy.map((c) => `${config.site.title} · ${categoryLabel(c.slug, UI)}`));
  });

  it('every feed stays well under 1 MB', () => {
    for (const file of [...rssFiles(), 'feed.json', 'feeds.opml']) expect(readFileSync(path.join(dist, file)).byteLength, file).toBeLessThan(1_000_000);
  });
});

describe('the hostile day elsewhere', () => {
  it('its permalink pages and day page carry the titles as text only', () => {
    const p = papersOf(DAYS - 1)[0]!;
    const permalink = read(dist, `papers/${p.id}/index.html`);
    expect(permalink).not.toContain('<script>');
    expect(decodeEntities(permalink)).toContain(p.title);
    const day = read(dist, `briefings/${END}/index.html`);
    // Outside attribute values (where `<` is only a character), no hostile tag made it into the page.
    expect(day.replace(/"[^"]*"/g, '""')).not.toMatch(/<script>alert|<img src=x|<iframe/);
  });

  it.skipIf(!hasBibtexparser)('its .bib still parses: every paper an entry, the title inside its field', () => {
    const file = path.join(dist, 'briefings', END, 'briefing.bib');
    const { entries, declared } = readBibs([file])[file]!;
    expect(declared).toBe(papersOf(DAYS - 1).length);
    expect(entries.map((e) => e.ID)).toEqual(papersOf(DAYS - 1).map((p) => `arXiv:${p.id}`));
    expect(entries[0]!.title).toBe(`{${bibText(papersOf(DAYS - 1)[0]!.title)}}`);
  });
});

describe('the full-content budget', () => {
  it('keeps the newest items full while they fit, at least one if it fits, summaries after', () => {
    const contents = ['a'.repeat(400), 'b'.repeat(400), 'c'.repeat(400)];
    expect(fullContentCount(contents, 1000, xmlBytes)).toBe(2);
    expect(fullContentCount(contents, 300, xmlBytes)).toBe(0);
    expect(fullContentCount(contents, 5000, xmlBytes)).toBe(3);
    expect(xmlBytes('<a>&')).toBe(4 + 3 + 3 + 4);
    expect(xmlBytes('世')).toBe(3);
  });
});
