/**
 * Builds the site ONCE from a generated archive (Chinese and English days, enough papers to paginate a
 * category) and checks the result: day pages, category pages, feeds, links and anchors, the Pagefind
 * index (queried from Node through the bundle's own pagefind.js), and, when Debian Chromium is present,
 * the real search UI in a headless browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { buildSite } from '../scripts/site/build.ts';
import { searchBuiltSite, searchHitPages, searchPapers } from '../scripts/site/search.ts';
import type { BriefingInput, PaperInput } from '../src/schema/briefing.ts';
import { categoryLabel } from '../src/schema/taxonomy.ts';
import { t } from '../src/i18n/index.ts';
import { formatNumber } from '../src/i18n/locale.ts';
import { searchFilters } from '../src/lib/searchBundles.ts';
import { segmentQuery, type Hit } from '../src/lib/searchResults.ts';
import { startOfDayIn } from '../lib/dates.ts';
import { checkLinks, decodeEntities, extractIds, extractLinks, listFiles, read } from './helpers/dist.ts';
import { makeTestArchive, NASTY_LINE, NASTY_PROSE, type TestArchive } from './helpers/siteArchive.ts';
import { escapeRegExp, tPattern } from './helpers/i18n.ts';
import { hasChromium, noChromiumMessage, serveDist, withBrowser } from '../scripts/site/browser.ts';
import { hasBibtexparser, readBibs } from './helpers/readers.ts';

const SITE = config.site.url;
/** The interface language of this build (the default config's). */
const UI = config.site.language;
const OPTIONS = { days: 20, papers: 15, featured: 5, englishEvery: 5, seed: 7, end: '2026-05-03' };
/** Queries a reader types and the categories whose papers are about them (issue 12). */
const CONCEPTS: [string, string[]][] = [
  ['强化学习', ['post-training-rl', 'world-model']],
  ['世界模型', ['world-model']],
  ['speculative decoding', ['systems']],
  ['持续学习', ['continual-learning']],
  ['RL', ['post-training-rl', 'world-model']],
];

let archive: TestArchive;
let out: string;
let dist: string;
let buildOutput = '';

const fm = (i: number): BriefingInput => archive.drafts[i]!.frontmatter;
const newestFirst = (): BriefingInput[] => archive.drafts.map((d) => d.frontmatter).sort((a, b) => (String(a.date) < String(b.date) ? 1 : -1));

beforeAll(async () => {
  archive = await makeTestArchive(OPTIONS);
  out = await mkdtemp(path.join(tmpdir(), 'pb-site-'));
  dist = path.join(out, 'dist');
  const result = await buildSite({ briefingsDir: archive.dir, distDir: dist });
  buildOutput = result.output;
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
});

afterAll(async () => {
  await archive?.cleanup();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('day pages', () => {
  it('exist for every day: the article in the briefing language, the frame around it in the interface language', () => {
    for (const b of archive.drafts.map((d) => d.frontmatter)) {
      const html = read(dist, `briefings/${b.date}/index.html`);
      expect(html).toContain(`<html lang="${UI}"`);
      expect(html).toContain(`<article class="briefing" lang="${b.language}" data-pagefind-body>`);
      expect(html).toMatch(new RegExp(`<nav class="site-nav"[^>]*><ul><li><a href="/"[^>]*>${t(UI, 'site.navHome')}</a>`));
      expect(html).toContain(`<nav class="day-nav" aria-label="${t(UI, 'site.dayNav')}">`);
      expect(html).toContain(`<h1>${b.title}</h1>`);
      expect(decodeEntities(html)).toContain(b.summary);
      expect(html).toContain(t(b.language!, 'notes.window'));
      // Every source that was not ok is named with its status and note; the extractive writer is disclosed.
      for (const src of b.sources ?? []) {
        if (src.status === 'ok') continue;
        expect(decodeEntities(html)).toContain(src.name);
        expect(html).toContain(`status-${src.status}`);
        if (src.note) expect(decodeEntities(html)).toContain(src.note);
      }
      expect(decodeEntities(html)).toContain(t(b.language!, 'notes.writtenWithoutLlm'));
      if (b.window?.note) expect(decodeEntities(html)).toContain(b.window.note);
    }
  });

  it('give every paper an anchor: featured papers a heading, the others a table row', () => {
    for (const b of archive.drafts.map((d) => d.frontmatter)) {
      const html = read(dist, `briefings/${b.date}/index.html`);
      const ids = extractIds(html);
      for (const p of b.papers as PaperInput[]) {
        expect(ids.has(p.id), `${b.date} #${p.id}`).toBe(true);
        if (p.featured) expect(html).toContain(`<h3 class="paper-title" id="${p.id}">`);
        else expect(html).toContain(`<tr id="${p.id}">`);
      }
    }
  });

  it('render the paper header from the frontmatter: categories, http(s) links, repo with stars or "not verified"', () => {
    const b = fm(archive.drafts.length - 1);
    const html = decodeEntities(read(dist, `briefings/${b.date}/index.html`));
    const featured = (b.papers as PaperInput[]).filter((p) => p.featured);
    for (const p of featured) {
      const start = html.indexOf(`id="${p.id}"`);
      const section = html.slice(start, html.indexOf('</section>', start));
      for (const slug of p.category) expect(section).toContain(`/categories/${slug}/`);
      expect(section).toContain(`href="${p.links!.arxiv}"`);
      if (p.repo) expect(section).toContain(p.stars == null ? t(b.language!, 'paper.starsNotVerified') : `★ ${formatNumber(b.language!, p.stars)}`);
      if (p.contribution) expect(section).toContain(p.contribution);
    }
    // Section headings of a write-up are demoted under the paper title and carry no ids of their own;
    // each section is wrapped by its kind, the configured commentary kinds out of the search index.
    expect(html).toMatch(new RegExp(`<div class="section" data-section="why" data-pagefind-ignore>\\s*<h4 data-pagefind-ignore>${escapeRegExp(t(b.language!, 'section.why'))}</h4>`));
    for (const p of featured) {
      const start = html.indexOf(`id="${p.id}"`);
      expect(html.slice(start + 1, html.indexOf('</section>', start))).not.toMatch(/<h[1-6][^>]*\sid=/);
    }
  });

  it('render any prose as the same text: braces, tags, component tags, entities, ESM lines', () => {
    const html = read(dist, `briefings/${archive.planted.zh.date}/index.html`);
    const text = decodeEntities(html.replace(/<[^>]+>/g, ''));
    expect(text).toContain(NASTY_PROSE.replace('`a<b>`', 'a<b>'));
    expect(text).toContain(NASTY_LINE);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('<code>a&lt;b&gt;</code>');
  });

  it('link to the previous and next day', () => {
    const days = newestFirst().map((b) => String(b.date));
    const middle = days[5]!;
    const html = read(dist, `briefings/${middle}/index.html`);
    expect(html).toContain(`href="/briefings/${days[6]}/" rel="prev"`);
    expect(html).toContain(`href="/briefings/${days[4]}/" rel="next"`);
    expect(read(dist, `briefings/${days[0]}/index.html`)).not.toContain('rel="next"');
    expect(read(dist, `briefings/${days.at(-1)}/index.html`)).not.toContain('rel="prev"');
  });

  it('ship no client JavaScript but the two inline theme scripts and the feedback buttons (tests/feedback-site.test.ts)', () => {
    const html = read(dist, `briefings/${String(fm(0).date)}/index.html`);
    expect([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1])).toEqual([expect.stringMatching(/^\/_astro\/Feedback\.astro_astro_type_script_index_0_lang\.[\w-]+\.js$/)]);
    expect(html.match(/<script/g)).toHaveLength(3);
    expect(html).toContain("localStorage.getItem('theme')");
  });

  it('are the only indexed pages: data-pagefind-body on the day article only', () => {
    for (const file of listFiles(dist, '.html')) {
      const html = readFileSync(file, 'utf8');
      const isDay = /briefings\/\d{4}-\d{2}-\d{2}\/index\.html$/.test(file);
      expect(html.includes('data-pagefind-body'), path.relative(dist, file)).toBe(isDay);
    }
  });
});

describe('interface language and briefing language', () => {
  it('an English briefing on the Chinese site: Chinese navigation and footer, lang="en" on the article, English inside', () => {
    const day = archive.planted.enDay.date;
    const html = decodeEntities(read(dist, `briefings/${day}/index.html`));
    expect(html).toContain(`<html lang="${UI}"`);
    expect(html).toContain('<article class="briefing" lang="en" data-pagefind-body>');
    const frame = html.slice(0, html.indexOf('<article')) + html.slice(html.indexOf('</article>'));
    for (const key of ['site.navHome', 'site.navCategories', 'site.navSearch', 'site.skip', 'site.footerGenerated', 'site.dayNav'] as const) expect(frame).toContain(t(UI, key));
    const article = html.slice(html.indexOf('<article'), html.indexOf('</article>'));
    for (const key of ['notes.window', 'paper.contribution', 'body.overview', 'section.why'] as const) expect(article).toContain(t('en', key));
    expect(article).not.toContain(t(UI, 'notes.window'));
  });

  it('day sections are wrapped by kind; the top-3 list and reading routes stay out of the search index', () => {
    const html = read(dist, `briefings/${archive.planted.zh.date}/index.html`);
    expect(html).toContain('<div class="section" data-section="overview">');
    expect(html).toContain('<div class="section" data-section="top" data-pagefind-ignore>');
    expect(html).toContain('<div class="section" data-section="routes" data-pagefind-ignore>');
    for (const kind of config.site.unindexedSections) expect(html).not.toContain(`<div class="section" data-section="${kind}">`);
  });
});

describe('/about/ (MDX)', () => {
  it('is built from MDX in the interface language, with figures and the taxonomy from the config, linked from every page', () => {
    const html = decodeEntities(read(dist, 'about/index.html'));
    expect(html).toContain(`<html lang="${UI}"`);
    expect(html).toContain(`<article class="about" lang="${UI}">`);
    expect(html).toContain(`<h1>${t(UI, 'about.title')}</h1>`);
    // From the config through the MDX's props, never copied into the text.
    expect(html).toContain(config.reader.name);
    expect(html).toContain(`${config.window.minPapers}`);
    for (const c of config.taxonomy) expect(html).toContain(`<a href="/categories/${c.slug}/">${categoryLabel(c.slug, UI)}</a>`);
    // The feedback paragraph links the My feedback page.
    expect(html.match(/<article[\s\S]*<\/article>/)![0]).toContain('href="/feedback/"');
    expect(html).toContain('href="/status/"');
    for (const page of ['index.html', 'search/index.html', `briefings/${archive.planted.enDay.date}/index.html`]) {
      expect(read(dist, page)).toMatch(new RegExp(`<footer[\\s\\S]*<a href="/about/"[^>]*>${escapeRegExp(t(UI, 'site.navAbout'))}</a>`));
    }
  });

  it('exists in the other language at /about/<language>/, each version linking the other', () => {
    const en = decodeEntities(read(dist, 'about/en/index.html'));
    expect(en).toContain(`<html lang="${UI}"`);
    expect(en).toContain('<article class="about" lang="en">');
    expect(en).toContain(`<h1>${t('en', 'about.title')}</h1>`);
    expect(en.match(/<article[\s\S]*<\/article>/)![0]).toContain('href="/feedback/"');
    expect(en).toContain(`href="/about/" hreflang="${UI}" lang="${UI}">${t(UI, 'about.readIn')}</a>`);
    expect(read(dist, 'about/index.html')).toContain(`href="/about/en/" hreflang="en" lang="en">${t('en', 'about.readIn')}</a>`);
  });
});

describe('home, categories, 404, sitemap', () => {
  it('home shows the latest summary and picks, then the archive by month', () => {
    const html = decodeEntities(read(dist, 'index.html'));
    const latest = newestFirst()[0]!;
    expect(html).toContain(latest.summary);
    for (const p of (latest.papers as PaperInput[]).filter((x) => x.pick)) expect(html).toContain(`href="/briefings/${latest.date}/#${p.id}"`);
    for (const b of newestFirst()) expect(html).toContain(`href="/briefings/${b.date}/"`);
    expect(html).toContain('id="m-2026-05"');
    expect(html).toContain('id="m-2026-04"');
    expect(html.indexOf('id="m-2026-05"')).toBeLessThan(html.indexOf('id="m-2026-04"'));
  });

  it('each category page lists exactly that category’s papers, newest first, across its pages', () => {
    const expected = new Map<string, string[]>();
    for (const b of newestFirst()) {
      for (const p of b.papers as PaperInput[]) {
        for (const slug of new Set(p.category)) expected.set(slug, [...(expected.get(slug) ?? []), `/briefings/${b.date}/#${p.id}`]);
      }
    }
    let paginated = 0;
    for (const c of config.taxonomy) {
      const links: string[] = [];
      for (let page = 1; ; page++) {
        const file = path.join(dist, 'categories', c.slug, page === 1 ? '' : String(page), 'index.html');
        if (!existsSync(file)) break;
        if (page > 1) paginated++;
        const html = readFileSync(file, 'utf8');
        const list = html.slice(html.indexOf('<ol class="paper-list"'), html.indexOf('</ol>', html.indexOf('<ol class="paper-list"')));
        if (html.includes('<ol class="paper-list"')) links.push(...extractLinks(list).filter((l) => l.startsWith('/briefings/')));
      }
      expect(links, c.slug).toEqual(expected.get(c.slug) ?? []);
    }
    expect(paginated, 'at least one category spans several pages').toBeGreaterThan(0);
  });

  it('the categories index shows a count for every category', () => {
    const html = read(dist, 'categories/index.html');
    const counts = new Map<string, number>();
    for (const b of newestFirst()) for (const p of b.papers as PaperInput[]) for (const s of new Set(p.category)) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const c of config.taxonomy) {
      expect(html).toContain(`<a href="/categories/${c.slug}/">${categoryLabel(c.slug, UI)}</a> <span class="meta">(${t(UI, 'site.papersCount', { count: counts.get(c.slug) ?? 0 })})</span>`);
    }
  });

  it('has a 404 page, a sitemap with every day, and Open Graph tags', () => {
    expect(read(dist, '404.html')).toContain('noindex');
    const sitemap = read(dist, 'sitemap-0.xml');
    for (const b of newestFirst()) expect(sitemap).toContain(`${SITE}/briefings/${b.date}/`);
    const day = read(dist, `briefings/${String(fm(3).date)}/index.html`);
    expect(day).toContain('<meta property="og:type" content="article">');
    expect(day).toContain(`<link rel="canonical" href="${SITE}/briefings/${fm(3).date}/">`);
    expect(day).toMatch(/<meta name="description" content="[^"]+">/);
  });
});

describe('links', () => {
  it('every internal link and asset in dist/ resolves, including #anchors to paper sections', () => {
    const { checked, broken } = checkLinks(dist, '/', SITE);
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('feeds', () => {
  const parser = new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } });

  it('/rss.xml parses and holds one item per day, newest first, full content with absolute links and no scripts', async () => {
    const feed = await parser.parseString(read(dist, 'rss.xml'));
    const days = newestFirst().slice(0, config.site.feedDays);
    expect(feed.items.map((i) => i.link)).toEqual(days.map((b) => `${SITE}/briefings/${b.date}/`));
    for (const [n, item] of feed.items.entries()) {
      const content = (item as unknown as { contentEncoded: string }).contentEncoded;
      const b = days[n]!;
      expect(item.title).toBe(b.title);
      // Dated at the start of the day in the site's timezone (not UTC midnight, a day early west of UTC).
      expect(new Date(item.isoDate!).toISOString()).toBe(startOfDayIn(String(b.date), config.timezone).toISOString());
      // Full content: every featured paper's title and the others table are there.
      for (const p of b.papers as PaperInput[]) expect(decodeEntities(content)).toContain(p.title);
      for (const href of extractLinks(content)) expect(href, href).toMatch(/^https?:\/\//);
      expect(content).toContain(`href="${SITE}/briefings/${b.date}/#`);
      expect(content).toContain(t(b.language!, 'notes.window'));
      expect(content).not.toMatch(/<script|<style|onclick=/i);
    }
  });

  it('each category feed parses and holds that category’s newest papers, each linking to its permalink', async () => {
    const slug = 'llm-agent';
    const feed = await parser.parseString(read(dist, `categories/${slug}/rss.xml`));
    const expected: string[] = [];
    for (const b of newestFirst()) for (const p of b.papers as PaperInput[]) if (p.category.includes(slug)) expected.push(`${SITE}/papers/${p.id}/`);
    expect(feed.items.map((i) => i.link)).toEqual(expected.slice(0, config.site.categoryFeedItems));
    expect(feed.title).toContain(categoryLabel(slug, UI));
    for (const c of config.taxonomy) expect(existsSync(path.join(dist, 'categories', c.slug, 'rss.xml')), c.slug).toBe(true);
  });
});

describe('permalinks and reference managers', () => {
  it('every paper has a permalink page and a .bib; the build data they came from is not published', () => {
    for (const b of archive.drafts.map((d) => d.frontmatter)) {
      for (const p of b.papers as PaperInput[]) {
        const html = read(dist, `papers/${p.id}/index.html`);
        expect(html).toContain(`<meta http-equiv="refresh" content="0; url=/briefings/${b.date}/#${p.id}">`);
        expect(html).toContain(`<link rel="canonical" href="${SITE}/briefings/${b.date}/">`);
        expect(html).toContain(`<a href="/briefings/${b.date}/#${p.id}">`);
        expect(read(dist, `papers/${p.id}/paper.bib`)).toContain(`@misc{arXiv:${p.id},`);
      }
    }
    expect(existsSync(path.join(dist, 'papers', 'files'))).toBe(false);
    expect(existsSync(path.join(dist, 'search', 'documents'))).toBe(false);
  });

  it('each day page offers its papers to Zotero (one COinS span per paper) and links its .bib', () => {
    const b = fm(archive.drafts.length - 1);
    const html = read(dist, `briefings/${b.date}/index.html`);
    const spans = [...html.matchAll(/<span class="Z3988" title="([^"]+)"><\/span>/g)].map((m) => decodeEntities(m[1]!));
    expect(spans).toHaveLength((b.papers as PaperInput[]).length);
    for (const [i, p] of (b.papers as PaperInput[]).entries()) {
      expect(spans[i]).toContain(`rft.title=${encodeURIComponent(p.title)}`);
      expect(spans[i]).toContain('rft.type=preprint');
    }
    expect(html).toContain(`href="/briefings/${b.date}/briefing.bib"`);
  });

  it.skipIf(!hasBibtexparser)('the day’s .bib parses with a real BibTeX parser: one entry per paper', () => {
    const files = archive.drafts.slice(-3).map((d) => path.join(dist, 'briefings', String(d.frontmatter.date), 'briefing.bib'));
    const parsed = readBibs(files);
    for (const [i, file] of files.entries()) {
      const papers = archive.drafts.slice(-3)[i]!.frontmatter.papers as PaperInput[];
      const { entries, declared } = parsed[file]!;
      expect(declared).toBe(papers.length);
      expect(entries.map((e) => e.ID)).toEqual(papers.map((p) => `arXiv:${p.id}`));
      for (const e of entries) expect(e.ENTRYTYPE).toBe('misc');
    }
  });
});

describe('search index (Pagefind, queried from Node)', () => {
  it('finds a Chinese query on the right page and points a sub-result to the paper section', async () => {
    const { term, date, id } = archive.planted.zh;
    const result = await searchBuiltSite(dist, term, {});
    const hit = result.hits.find((h) => h.url === `/briefings/${date}/`);
    expect(hit, JSON.stringify(result.hits.map((h) => h.url))).toBeDefined();
    expect(hit!.subResults.map((s) => s.url)).toContain(`/briefings/${date}/#${id}`);
  });

  it('finds an English term on a Chinese page and an English day in its own index', async () => {
    const zhPage = await searchBuiltSite(dist, archive.planted.en.term, {});
    expect(zhPage.hits[0]?.url).toBe(`/briefings/${archive.planted.en.date}/`);
    const { term, date, id } = archive.planted.enDay;
    const enPage = await searchBuiltSite(dist, term);
    const hit = enPage.hits.find((h) => h.url === `/briefings/${date}/`);
    expect(hit, JSON.stringify(enPage.hits.map((h) => h.url))).toBeDefined();
    expect(hit!.subResults.map((s) => s.url)).toContain(`/briefings/${date}/#${id}`);
  });

  it('filters by month and category', async () => {
    const { term, date } = archive.planted.zh;
    const month = date.slice(0, 7);
    const names = searchFilters(config.site.language);
    const inMonth = await searchBuiltSite(dist, term, { filters: { [names.month]: month } });
    expect(inMonth.hits.map((h) => h.url)).toContain(`/briefings/${date}/`);
    const otherMonth = await searchBuiltSite(dist, term, { filters: { [names.month]: '2026-01' } });
    expect(otherMonth.hits).toEqual([]);
    const hit = inMonth.hits.find((h) => h.url === `/briefings/${date}/`)!;
    const day = archive.drafts.find((d) => d.frontmatter.date === date)!.frontmatter;
    expect(hit.filters[names.category]?.sort()).toEqual((day.categories ?? []).map((s) => categoryLabel(s, config.site.language)).sort());
  });

  it('does not index category pages, the home page or the header chrome', async () => {
    const result = await searchBuiltSite(dist, '后训练', { limit: 50 });
    expect(result.total).toBeGreaterThan(0);
    for (const h of result.hits) expect(h.url).toMatch(/^\/briefings\/\d{4}-\d{2}-\d{2}\/$/);
    const chrome = await searchBuiltSite(dist, t(UI, 'site.skip'), {});
    expect(chrome.hits).toEqual([]);
  });

  it('each paper is its own result: concept queries find a paper of that concept first, not a day overview', async () => {
    for (const [term, slugs] of CONCEPTS) {
      const first = (await searchHitPages(dist, term)).pages[0]![0];
      expect(first?.kind, term).toBe('paper');
      expect(first!.url, term).toMatch(/^\/briefings\/\d{4}-\d{2}-\d{2}\/#\d{4}\.\d{4,5}$/);
      expect(first!.categories.some((c) => slugs.includes(c)), `${term}: ${first!.title} ${first!.categories.join(',')}`).toBe(true);
      // The hit is that paper on that day: its title and categories are the frontmatter's.
      const [date, id] = first!.url.slice('/briefings/'.length).split('/#') as [string, string];
      const paper = (archive.drafts.find((d) => d.frontmatter.date === date)!.frontmatter.papers as PaperInput[]).find((p) => p.id === id)!;
      expect([first!.title, first!.categories]).toEqual([paper.title, paper.category]);
    }
  });

  it('a paper of the others table is found by its title', async () => {
    const b = fm(archive.drafts.length - 3);
    const other = (b.papers as PaperInput[]).filter((p) => !p.featured).at(-1)!;
    expect((await searchHitPages(dist, other.title)).pages[0]![0]?.url).toBe(`/briefings/${b.date}/#${other.id}`);
  });

  it('the category filter applies to papers: only papers of the chosen category come back', async () => {
    const names = searchFilters(UI);
    const slug = 'memory';
    const { papers } = await searchPapers(dist, '智能体', { limit: 10, filters: { [names.category]: { any: [categoryLabel(slug, UI)] } }, categories: [slug] });
    expect(papers.length).toBeGreaterThan(0);
    for (const h of papers) {
      expect(h.kind).toBe('paper');
      expect(h.categories).toContain(slug);
    }
  });
});

describe('the built bundle', () => {
  it('holds the search engine and index, but none of the Pagefind UIs it does not use', () => {
    for (const bundle of ['pagefind', 'pagefind-en']) {
      const files = readdirSync(path.join(dist, bundle));
      expect(files).toEqual(expect.arrayContaining(['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json']));
      expect(files.filter((f) => /^pagefind-(?:ui|modular-ui|component-ui|highlight)\./.test(f))).toEqual([]);
    }
  });

  it('the search page points its own UI at the bundle, merges the English index, and ships no Pagefind UI', () => {
    const html = read(dist, 'search/index.html');
    const client = JSON.parse(decodeEntities(/data-search="([^"]+)"/.exec(html)![1]!));
    expect(client).toMatchObject({ bundlePath: '/pagefind/', baseUrl: '/', merge: [{ bundlePath: '/pagefind-en/', language: 'en' }] });
    expect(client.filters).toEqual(searchFilters(config.site.language));
    expect(html).not.toContain('pagefind-ui');
    expect(html).toMatch(/<form class="search-form" role="search"/);
    expect(html).toContain('<label for="search-input">');
    expect(html).toContain('role="status" aria-live="polite"');
    expect(html).toContain('<noscript>');
    // One module script of our own, small: the Pagefind UI it replaces was 31 KB gzipped.
    const scripts = [...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(gzipSync(readFileSync(path.join(dist, scripts[0]!))).byteLength).toBeLessThan(5_000);
    expect(existsSync(path.join(dist, 'pagefind-en', 'pagefind-entry.json'))).toBe(true);
    expect(existsSync(path.join(dist, 'pagefind', 'pagefind.js'))).toBe(true);
    expect(buildOutput).toMatch(/indexed 20 day pages .*pagefind\/ \(zh-cn, 16\), pagefind-en\/ \(en, 4\)/);
  });

  it('a day page is small: well under 25 KB gzipped', () => {
    // Sizes are deterministic for a given archive; the benchmark reports them at scale.
    const html = readFileSync(path.join(dist, `briefings/${String(fm(19).date)}/index.html`));
    expect(gzipSync(html).byteLength).toBeLessThan(25_000);
  });
});

// ------------------------------------------------------------------------------------------------------
// The browser test: the real search UI in headless Debian Chromium.
// ------------------------------------------------------------------------------------------------------

if (!hasChromium) console.warn(`[site-build] ${noChromiumMessage}`);

describe.skipIf(!hasChromium)('in a browser (headless Chromium)', () => {
  it('opens home, a day, searches a Chinese term, clicks a result and lands on the paper section', async () => {
    const site = await serveDist(dist);
    const origin = site.origin;
    await withBrowser(async (context) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/`);
      const latest = newestFirst()[0]!;
      await page.click(`a[href="/briefings/${latest.date}/"] >> nth=0`);
      await page.waitForURL(`**/briefings/${latest.date}/`);
      expect(await page.locator('h1').textContent()).toBe(latest.title);

      // The theme toggle persists the choice, and the next page starts dark before first paint.
      await page.emulateMedia({ colorScheme: 'light' });
      // A toggle named by its visible text, its state in aria-pressed (WCAG 2.5.3 label in name).
      const toggle = page.getByRole('button', { name: t(UI, 'site.themeToggle'), exact: true });
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      await toggle.click();
      expect(await page.evaluate(() => [document.documentElement.dataset.theme, localStorage.getItem('theme')])).toEqual(['dark', 'dark']);
      await page.reload();
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 28)');
      expect(await page.locator('.theme-toggle').getAttribute('aria-pressed')).toBe('true');
      await page.click('.theme-toggle');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(253, 253, 251)');

      const { term, date, id } = archive.planted.zh;
      await page.goto(`${origin}/search/`);
      await page.getByRole('searchbox', { name: t(UI, 'search.label') }).fill(term);
      const sub = page.locator(`.search-results a[href="/briefings/${date}/#${id}"]`).first();
      await sub.waitFor({ timeout: 15_000 });
      // The query is kept in the URL, the count is announced, and excerpts carry the highlighted term as <mark>.
      expect(new URL(page.url()).searchParams.get('q')).toBe(term);
      const days = (await searchPapers(dist, term, { limit: 0 })).total;
      expect(await page.locator('#search-status').textContent()).toContain(t(UI, 'search.hits', { q: term, count: days }));
      expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0);
      await sub.click();
      await page.waitForURL(`**/briefings/${date}/#${id}`);
      expect(new URL(page.url()).hash).toBe(`#${id}`);
      const heading = page.locator(`[id="${id}"]`);
      await expect.poll(async () => heading.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight;
      })).toBe(true);
      expect(errors).toEqual([]);
    }).finally(() => site.close());
  });

  it('search page: papers as results, query from the URL, counts, "show more", filters kept in the URL, an empty state', async () => {
    const term = '后训练';
    const expected = await searchHitPages(dist, term, { pages: 2 });
    const [first, second] = expected.pages as [Hit[], Hit[]];
    expect(first.length, 'the archive needs more than a page of hits for this test').toBe(20);
    expect(second.length).toBeGreaterThan(0);
    const names = searchFilters(config.site.language);
    const site = await serveDist(dist);
    await withBrowser(async (context) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${site.origin}/search/?q=${encodeURIComponent(term)}`);
      const status = page.locator('#search-status');
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(`${t(UI, 'search.hits', { q: term, count: expected.total })} ${t(UI, 'search.hitsShown', { days: expected.loadedDays[0]!, hits: 20 })}`);
      expect(await page.getByRole('searchbox').inputValue()).toBe(term);
      const results = page.locator('.search-results > li');
      // Results are papers, best first, each with its title as text, its day and its categories.
      expect(await results.locator('h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(first.map((h) => h.url));
      expect(first[0]!.url).toMatch(/^\/briefings\/\d{4}-\d{2}-\d{2}\/#/);
      const meta = await results.first().locator('.meta').textContent();
      expect(meta).toContain(first[0]!.day);
      for (const slug of first[0]!.categories) expect(meta).toContain(categoryLabel(slug, UI));

      // "Show more" by keyboard: the next hits come in and focus moves to the first of them.
      await page.getByRole('button', { name: t(UI, 'search.more') }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => results.count()).toBe(20 + second.length);
      expect(await results.locator('h2 a').evaluateAll((links) => links.slice(20).map((a) => a.getAttribute('href')))).toEqual(second.map((h) => h.url));
      expect(await page.evaluate(() => document.activeElement?.closest('li.search-result') === document.querySelectorAll('.search-results > li')[20])).toBe(true);

      // Filters come from pagefind.filters() with counts; choosing them narrows the results and lands in the URL.
      await page.locator('.search-filters summary').click();
      const month = archive.planted.zh.date.slice(0, 7);
      const select = page.getByRole('combobox', { name: names.month });
      await expect.poll(() => select.locator('option').count(), { timeout: 15_000 }).toBeGreaterThan(1);
      await select.selectOption(month);
      const inMonth = await searchBuiltSite(dist, segmentQuery(term), { filters: { [names.month]: month }, limit: 0 });
      await expect.poll(() => status.textContent()).toMatch(new RegExp(`^${tPattern(UI, 'search.hits', { q: term, count: inMonth.total })}`));
      expect(new URL(page.url()).searchParams.get('month')).toBe(month);
      const category = page.locator('.search-categories label').first();
      const label = (await category.locator('span').first().textContent())!;
      await category.locator('input').check();
      await expect.poll(() => new URL(page.url()).searchParams.getAll('category')).toEqual([label]);
      expect(await page.locator('.search-filters summary').textContent()).toBe(t(UI, 'search.filtersActive', { n: 2 }));
      // The category filter applies to papers: every result shown is a paper of that category.
      await expect.poll(() => page.locator('#search').getAttribute('data-state')).toBe('done');
      const metas = await results.locator('.meta').allTextContents();
      expect(metas.length).toBeGreaterThan(0);
      for (const m of metas) expect(m).toContain(label);

      // A query with no match says so, politely, and shows no stale results. (Pagefind also matches
      // single-letter words of the archive inside a Latin query word: checked from Node first.)
      const none = 'qwvkjhq';
      const filters = { [names.month]: month, [names.category]: { any: [label] } };
      expect((await searchBuiltSite(dist, none, { filters, limit: 0 })).total).toBe(0);
      await page.getByRole('searchbox').fill(none);
      await expect.poll(() => status.textContent()).toContain(t(UI, 'search.none', { q: none }));
      expect(await results.count()).toBe(0);
      expect(await page.getByRole('button', { name: t(UI, 'search.more') }).isVisible()).toBe(false);
      expect(errors).toEqual([]);
    }).finally(() => site.close());
  });

  it('the first result of each concept query is a paper of that concept, and it opens on the paper', async () => {
    const site = await serveDist(dist);
    await withBrowser(async (context) => {
      const page = await context.newPage();
      for (const [term, slugs] of CONCEPTS) {
        const expected = (await searchHitPages(dist, term)).pages[0]![0]!;
        await page.goto(`${site.origin}/search/?q=${encodeURIComponent(term)}`);
        const first = page.locator('.search-results > li').first().locator('h2 a');
        await first.waitFor({ timeout: 15_000 });
        expect(await first.getAttribute('href'), term).toBe(expected.url);
        expect(expected.categories.some((c) => slugs.includes(c)), term).toBe(true);
      }
      // The last one: click it and land on the paper.
      const first = page.locator('.search-results > li').first().locator('h2 a');
      const href = (await first.getAttribute('href'))!;
      await first.click();
      await page.waitForURL(`**${href}`);
      const id = decodeURIComponent(href.split('#')[1]!);
      await expect.poll(async () => page.locator(`[id="${id}"]`).evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    }).finally(() => site.close());
  });

  it('a paper’s permalink /papers/<id>/ lands on the paper on its day (the page has no script)', async () => {
    const b = fm(archive.drafts.length - 2);
    const other = (b.papers as PaperInput[]).filter((p) => !p.featured)[0]!;
    const site = await serveDist(dist);
    await withBrowser(async (context) => {
      const page = await context.newPage();
      expect(read(dist, `papers/${other.id}/index.html`)).not.toContain('<script');
      await page.goto(`${site.origin}/papers/${other.id}/`);
      await page.waitForURL(`**/briefings/${b.date}/#${other.id}`, { timeout: 15_000 });
      await expect.poll(async () => page.locator(`[id="${other.id}"]`).evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    }).finally(() => site.close());
  });
});
