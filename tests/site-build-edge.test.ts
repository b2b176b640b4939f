/**
 * The site's builds at the edges: an empty archive (a fresh clone), a GitHub Pages project path
 * (BASE_PATH=/paper-briefing/), and a content file with an unknown category (the build must fail naming
 * the file, the field and the value). Each is one small build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { buildSite } from '../scripts/site/build.ts';
import { searchBuiltSite } from '../scripts/site/search.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { RENDER } from './helpers/mdx.ts';
import { t } from '../src/i18n/index.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { checkLinks, decodeEntities, extractLinks, listFiles, read } from './helpers/dist.ts';
import { makeTestArchive, type TestArchive } from './helpers/siteArchive.ts';
import { hasChromium, noChromiumMessage, serveDist, withBrowser } from '../scripts/site/browser.ts';

const scratch: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('an empty archive (fresh clone)', () => {
  let dist: string;
  beforeAll(async () => {
    const archive = await tempDir('pb-empty-');
    await writeFile(path.join(archive, '.gitkeep'), '');
    dist = path.join(await tempDir('pb-empty-site-'), 'dist');
    const result = await buildSite({ briefingsDir: archive, distDir: dist });
    if (result.code !== 0) throw new Error(`build of an empty archive failed:\n${result.output.slice(-3000)}`);
  });

  it('home offers what works offline first (the demo, an import), then the command that needs the network', () => {
    const html = decodeEntities(read(dist, 'index.html'));
    const lang = config.site.language;
    expect(html).toContain(t(lang, 'site.emptyTitle'));
    expect(html).toContain(`npm run demo             # ${t(lang, 'site.emptyDemo')}`);
    expect(html).toContain(`npm run import -- FILES  # ${t(lang, 'site.emptyImport')}`);
    expect(html.indexOf('npm run demo')).toBeLessThan(html.indexOf('npm run brief'));
    expect(html).toContain(t(lang, 'site.emptyOnline'));
  });

  it('trends and status say there is nothing yet instead of failing', () => {
    expect(decodeEntities(read(dist, 'trends/index.html'))).toContain(t(config.site.language, 'trends.empty'));
    expect(read(dist, 'status/index.html')).not.toContain('id="archive-total"');
  });

  it('feeds are valid and empty; category pages exist; search works without results', async () => {
    const parser = new Parser();
    expect((await parser.parseString(read(dist, 'rss.xml'))).items).toEqual([]);
    for (const c of config.taxonomy) {
      expect(read(dist, `categories/${c.slug}/index.html`)).toContain(t(config.site.language, 'site.categoryEmpty'));
      expect((await parser.parseString(read(dist, `categories/${c.slug}/rss.xml`))).items).toEqual([]);
    }
    const search = read(dist, 'search/index.html');
    expect(search).not.toContain('pagefind-ui');
    expect(search).not.toContain('data-search=');
    expect(search).not.toMatch(/<script type="module"/);
    expect(search).toContain(t(config.site.language, 'site.emptyTitle'));
    expect(JSON.parse(read(dist, 'pagefind/pagefind-entry.json'))).toMatchObject({ languages: {} });
  });

  it('has no broken links', () => {
    expect(checkLinks(dist, '/', config.site.url).broken).toEqual([]);
  });
});

describe('a GitHub Pages project site (BASE_PATH=/paper-briefing/)', () => {
  const BASE = '/paper-briefing/';
  const SITE = 'https://someone.github.io';
  let archive: TestArchive;
  let dist: string;
  beforeAll(async () => {
    archive = await makeTestArchive({ days: 4, papers: 8, featured: 3, englishEvery: 2, seed: 11, end: '2026-03-02' });
    scratch.push(archive.dir);
    dist = path.join(await tempDir('pb-base-site-'), 'dist');
    const result = await buildSite({ briefingsDir: archive.dir, distDir: dist, basePath: BASE, siteUrl: SITE });
    if (result.code !== 0) throw new Error(`build with a base path failed:\n${result.output.slice(-3000)}`);
  });

  it('every internal link and asset carries the base path and resolves', () => {
    const { checked, broken } = checkLinks(dist, BASE, SITE);
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(200);
    for (const file of listFiles(dist, '.html')) {
      for (const link of extractLinks(readFileSync(file, 'utf8'))) {
        if (link.startsWith('/')) expect(link.startsWith(BASE), `${path.relative(dist, file)}: ${link}`).toBe(true);
      }
    }
  });

  it('feeds and the sitemap use absolute URLs with the base path', async () => {
    const feed = await new Parser({ customFields: { item: [['content:encoded', 'contentEncoded']] } }).parseString(read(dist, 'rss.xml'));
    expect(feed.items).toHaveLength(4);
    for (const item of feed.items) {
      expect(item.link).toMatch(new RegExp(`^${SITE}${BASE}briefings/\\d{4}-\\d{2}-\\d{2}/$`));
      const content = (item as unknown as { contentEncoded: string }).contentEncoded;
      for (const href of extractLinks(content)) {
        expect(href).toMatch(/^https?:\/\//);
        if (href.startsWith(SITE)) expect(href.startsWith(SITE + BASE), href).toBe(true);
      }
      expect(content).toContain(`href="${SITE}${BASE}categories/`);
    }
    const category = await new Parser().parseString(read(dist, 'categories/llm-agent/rss.xml'));
    for (const item of category.items) expect(item.link).toMatch(new RegExp(`^${SITE}${BASE}papers/[^/]+/$`));
    const sitemap = read(dist, 'sitemap-0.xml');
    expect(sitemap).toContain(`<loc>${SITE}${BASE}briefings/`);
    expect(sitemap).not.toMatch(new RegExp(`<loc>${SITE}/briefings/`));
    expect(read(dist, 'index.html')).toContain(`<link rel="canonical" href="${SITE}${BASE}">`);
  });

  it('the search page points its UI at the bundles under the base path', async () => {
    const html = read(dist, 'search/index.html');
    const client = JSON.parse(decodeEntities(/data-search="([^"]+)"/.exec(html)![1]!));
    expect(client).toMatchObject({ bundlePath: `${BASE}pagefind/`, baseUrl: BASE, merge: [{ bundlePath: `${BASE}pagefind-en/`, language: 'en' }] });
    expect(html).toMatch(new RegExp(`<script type="module" src="${BASE}_astro/[^"]+\\.js"`));
    expect(html).toContain(`action="${BASE}search/"`);
    // Pagefind stores site-relative URLs; the client prefixes the base it derives from the bundle path.
    const { term, date, id } = archive.planted.zh;
    const result = await searchBuiltSite(dist, term, { baseUrl: BASE });
    expect(result.hits[0]?.url).toBe(`${BASE}briefings/${date}/`);
    expect(result.hits[0]?.subResults.map((s) => s.url)).toContain(`${BASE}briefings/${date}/#${id}`);
  });

  if (!hasChromium) console.warn(`[site-build-edge] ${noChromiumMessage}`);
  it.skipIf(!hasChromium)('in a browser, a search result under the base path lands on the paper section', async () => {
    const site = await serveDist(dist, BASE);
    await withBrowser(async (context) => {
      const page = await context.newPage();
      const { term, date, id } = archive.planted.enDay;
      await page.goto(`${site.origin}${BASE}search/?q=${encodeURIComponent(term)}`);
      const link = page.locator(`.search-results a[href="${BASE}briefings/${date}/#${id}"]`).first();
      await link.waitFor({ timeout: 15_000 });
      await link.click();
      await page.waitForURL(`**${BASE}briefings/${date}/#${id}`);
      expect(await page.locator(`[id="${id}"]`).textContent()).toBeTruthy();
    }).finally(() => site.close());
  });
});

describe('a content file with an unknown category', () => {
  it('fails the build with a message naming the file, the field and the value', async () => {
    const archive = await tempDir('pb-bad-');
    const good = renderBriefingMdx(syntheticDraft(1, { days: 2, papers: 3, featured: 1, seed: 2, end: '2026-05-03' }), RENDER);
    const bad = renderBriefingMdx(syntheticDraft(0, { days: 2, papers: 3, featured: 1, seed: 2, end: '2026-05-03' }), RENDER).replace(
      /(papers:\n(?:.*\n)*?\s+category:\n\s+- )"[a-z-]+"/,
      '$1"quantum-agents"',
    );
    expect(bad).toContain('"quantum-agents"');
    await writeFile(path.join(archive, '2026-05-03.mdx'), good);
    await writeFile(path.join(archive, '2026-05-02.mdx'), bad);
    const dist = path.join(await tempDir('pb-bad-site-'), 'dist');
    const result = await buildSite({ briefingsDir: archive, distDir: dist });
    expect(result.code).not.toBe(0);
    // Astro colours its output and, with CI=true, escapes quotes in the message: read it as a person would.
    const output = stripVTControlCharacters(result.output).replace(/\\"/g, '"');
    expect(output).toContain(path.join(archive, '2026-05-02.mdx'));
    expect(output).toMatch(/papers\.0\.category\.0: unknown category "quantum-agents"/);
    expect(existsSync(path.join(dist, 'index.html'))).toBe(false);
  });
});
