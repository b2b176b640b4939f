/**
 * The interface language is one config value, apart from each briefing's language. This builds a copy of
 * the project whose briefing.config.ts differs from this one in `site.language` only ('en'), from an archive
 * of Chinese days and one English day, and checks that the frame (navigation, day links, footer, home,
 * search, /about/) is English while every briefing keeps its own language on its article, and that
 * search still finds both languages. (The reverse, English briefings on the Chinese default site, is
 * checked by site-build.test.ts.) Expected strings come from the dictionaries.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, projectRoot } from '../scripts/site/build.ts';
import { searchBuiltSite } from '../scripts/site/search.ts';
import { t } from '../src/i18n/index.ts';
import { categoryLabel } from '../src/schema/taxonomy.ts';
import { decodeEntities, read } from './helpers/dist.ts';
import { makeTestArchive, type TestArchive } from './helpers/siteArchive.ts';

const UI = 'en';
let project: string;
let archive: TestArchive;
let out: string;
let dist: string;

/** The project's config with the interface language set to `language`: the one value a user would change. */
function withInterfaceLanguage(configText: string, language: string): string {
  const site = /(\n\s*site:\s*\{[^}]*?\n\s*language:\s*)'[^']*'/;
  if (!site.test(configText)) throw new Error('briefing.config.ts: cannot find site.language to change for this test');
  return configText.replace(site, `$1'${language}'`);
}

beforeAll(async () => {
  // Inside the project, so the copy resolves this project's node_modules.
  project = path.join(projectRoot, '.cache', 'projects', `ui-${randomBytes(4).toString('hex')}`);
  await mkdir(project, { recursive: true });
  for (const file of ['astro.config.mjs', 'package.json', 'tsconfig.json']) await cp(path.join(projectRoot, file), path.join(project, file));
  for (const dir of ['src', 'lib']) await cp(path.join(projectRoot, dir), path.join(project, dir), { recursive: true });
  await mkdir(path.join(project, 'content'), { recursive: true });
  await cp(path.join(projectRoot, 'content', 'reader.yml'), path.join(project, 'content', 'reader.yml'));
  const configText = await readFile(path.join(projectRoot, 'briefing.config.ts'), 'utf8');
  await writeFile(path.join(project, 'briefing.config.ts'), withInterfaceLanguage(configText, UI));

  archive = await makeTestArchive({ days: 3, papers: 5, featured: 3, englishEvery: 3, seed: 11, end: '2026-05-03' });
  out = await mkdtemp(path.join(tmpdir(), 'pb-ui-'));
  dist = path.join(out, 'dist');
  const result = await buildSite({ briefingsDir: archive.dir, distDir: dist, root: project });
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
});

afterAll(async () => {
  await archive?.cleanup();
  if (out) await rm(out, { recursive: true, force: true });
  if (project) await rm(project, { recursive: true, force: true });
});

describe('an English interface with Chinese briefings (site.language: en)', () => {
  it('a Chinese day: English navigation and chrome, lang="zh-CN" on the article, Chinese inside it', () => {
    const day = archive.planted.zh.date;
    const html = read(dist, `briefings/${day}/index.html`);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<article class="briefing" lang="zh-CN" data-pagefind-body>');
    expect(html).toContain('<meta property="og:locale" content="en_US">');
    const nav = html.slice(html.indexOf('<nav class="site-nav"'), html.indexOf('</nav>', html.indexOf('<nav class="site-nav"')));
    for (const key of ['site.navHome', 'site.navCategories', 'site.navSearch', 'site.themeToggle'] as const) expect(nav).toContain(t(UI, key));
    expect(html).toContain(`<a class="skip-link" href="#main">${t(UI, 'site.skip')}</a>`);
    expect(html).toContain(`<nav class="day-nav" aria-label="${t(UI, 'site.dayNav')}">`);
    expect(html).toContain(t(UI, 'site.footerGenerated'));
    // Inside the article everything speaks the briefing's language: notes, labels, section headings.
    const article = decodeEntities(html.slice(html.indexOf('<article'), html.indexOf('</article>')));
    expect(article).toContain(t('zh-CN', 'notes.window'));
    expect(article).toContain(t('zh-CN', 'paper.contribution'));
    expect(article).toContain(`<h4 data-pagefind-ignore>${t('zh-CN', 'section.why')}</h4>`);
    expect(article).not.toContain(t(UI, 'notes.window'));
  });

  it('the English day is English throughout, and every day is in the archive in English', () => {
    const html = read(dist, `briefings/${archive.planted.enDay.date}/index.html`);
    expect(html).toContain('<html lang="en"');
    expect(html).toContain('<article class="briefing" lang="en" data-pagefind-body>');
    const home = read(dist, 'index.html');
    expect(home).toContain('<html lang="en"');
    expect(home).toContain(t(UI, 'site.latest'));
    expect(home).toContain(t(UI, 'site.archiveByMonth'));
    const categories = read(dist, 'categories/index.html');
    expect(categories).toContain(`<h1>${t(UI, 'site.categoriesTitle')}</h1>`);
    expect(categories).toContain(`>${categoryLabel('llm-agent', UI)}</a>`);
  });

  it('search: English page and filters, each language in its own bundle, both found', async () => {
    const html = read(dist, 'search/index.html');
    expect(html).toContain('<html lang="en"');
    expect(html).toContain(`<label for="search-input">${t(UI, 'search.label')}</label>`);
    const zh = await searchBuiltSite(dist, archive.planted.zh.term, {});
    expect(zh.hits.map((h) => h.url)).toContain(`/briefings/${archive.planted.zh.date}/`);
    const en = await searchBuiltSite(dist, archive.planted.enDay.term, {});
    expect(en.hits.map((h) => h.url)).toContain(`/briefings/${archive.planted.enDay.date}/`);
  });

  it('/about/ is English and links the Chinese version at /about/zh-cn/, which keeps the English frame', () => {
    const about = read(dist, 'about/index.html');
    expect(about).toContain('<html lang="en"');
    expect(about).toContain('<article class="about" lang="en">');
    expect(about).toContain(`<h1>${t(UI, 'about.title')}</h1>`);
    expect(about).toContain(`href="/about/zh-cn/" hreflang="zh-CN" lang="zh-CN">${t('zh-CN', 'about.readIn')}</a>`);
    const zh = read(dist, 'about/zh-cn/index.html');
    expect(zh).toContain('<html lang="en"');
    expect(zh).toContain('<article class="about" lang="zh-CN">');
    expect(zh).toContain(`<h1>${t('zh-CN', 'about.title')}</h1>`);
    expect(zh).toContain(`href="/about/" hreflang="en" lang="en">${t(UI, 'about.readIn')}</a>`);
    expect(zh).toContain(t(UI, 'site.navHome'));
  });
});
