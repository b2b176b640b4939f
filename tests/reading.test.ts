/**
 * The site as a reader meets it, on two builds made once: the demo week (`npm run demo -- --no-serve`,
 * run as a newcomer would, with every network origin pointed at a closed port) and a generated archive of
 * six weeks (English days, failed and degraded sources, interest topics). Checks the day page for reading
 * (contents, paper cards, folded notes, category mix), the charts and /trends/, the preview server's
 * redirect to the slash form, and, in headless Chromium: no horizontal scroll at 375 px, charts coloured
 * by the theme in light and dark, and no axe-core violation on the main pages.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import type { Briefing, BriefingDraft } from '../src/schema/briefing.ts';
import { t } from '../src/i18n/index.ts';
import { categoryLabel } from '../src/schema/taxonomy.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { buildSite, projectRoot } from '../scripts/site/build.ts';
import { DEMO_REPLAY, demoDays } from '../scripts/demo.ts';
import { resolveRequest, startPreview } from '../scripts/preview.ts';
import { addDays, todayIn, weekdayOf } from '../lib/dates.ts';
import { OTHERS_ANCHOR } from '../src/components/anchors.ts';
import { hasChromium, noChromiumMessage, serveDist, withBrowser } from '../scripts/site/browser.ts';
import { decodeEntities, extractIds, read } from './helpers/dist.ts';

const UI = config.site.language;
let out: string;
let demo: { code: number; output: string; archive: string; dist: string };
let synth: { dir: string; dist: string; drafts: BriefingDraft[] };
let contentBefore: string[] = [];

/** Runs `npm run demo -- --no-serve` as a child process; every origin it could reach points at a closed port. */
function runDemo(archive: string, dist: string): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HF_BASE_URL: 'http://127.0.0.1:9', ARXIV_BASE_URL: 'http://127.0.0.1:9', GITHUB_API_URL: 'http://127.0.0.1:9', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-must-not-be-used' };
  for (const key of ['VITEST', 'VITEST_MODE', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'TEST', 'NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'demo.ts'), '--no-serve', '--out', dist, '--archive', archive], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Six weeks ending 2026-05-03 (two months and a bit), with topics, and sources in every state on known days. */
async function buildSynthetic(dir: string, dist: string): Promise<BriefingDraft[]> {
  const interests = config.reader.interests.map((i) => i.id);
  const drafts = Array.from({ length: 42 }, (_, i) => syntheticDraft(i, { days: 42, papers: 14, featured: 4, englishEvery: 6, seed: 5, end: '2026-05-03' }));
  drafts.forEach((draft, d) => {
    (draft.frontmatter.papers ?? []).forEach((p, i) => {
      p.topics = [interests[(d + i) % interests.length]!, ...(i % 3 === 0 ? [interests[(d + i + 1) % interests.length]!] : [])];
    });
    const sources = draft.frontmatter.sources!;
    for (const s of sources) Object.assign(s, { status: 'ok', note: '' });
    if (d === 41) Object.assign(sources[1]!, { status: 'failed', note: 'HTTP 503 after 4 attempts' });
    if (d === 41) Object.assign(sources[2]!, { status: 'degraded', note: 'rate limited: stars not verified' });
    if (d === 40) Object.assign(sources[2]!, { status: 'skipped', note: 'no recorded response' });
  });
  for (const draft of drafts) await writeBriefingFile(draft, { config, dir, force: true });
  const result = await buildSite({ briefingsDir: dir, distDir: dist });
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
  return drafts;
}

const frontmatter = async (dir: string, date: string): Promise<Briefing> => (await readBriefingFile(path.join(dir, `${date}.mdx`), config)).frontmatter;

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'pb-reading-'));
  contentBefore = existsSync(path.join(projectRoot, 'content', 'briefings')) ? readdirSync(path.join(projectRoot, 'content', 'briefings')).sort() : [];
  const demoArchive = path.join(out, 'demo', 'briefings');
  const demoDist = path.join(out, 'demo', 'dist');
  const synthDir = path.join(out, 'synth', 'briefings');
  const synthDist = path.join(out, 'synth', 'dist');
  const [demoRun, drafts] = await Promise.all([runDemo(demoArchive, demoDist), buildSynthetic(synthDir, synthDist)]);
  demo = { ...demoRun, archive: demoArchive, dist: demoDist };
  synth = { dir: synthDir, dist: synthDist, drafts };
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** Every day the demo briefs, in order. */
const demoWeek = async (): Promise<string[]> => {
  const { from, to } = await demoDays(DEMO_REPLAY);
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
};

/** The demo days that have a briefing: a day whose listing days held no new paper (a weekend) has none. */
const demoDates = async (): Promise<string[]> => (await demoWeek()).filter((d) => existsSync(path.join(demo.archive, `${d}.mdx`)));

describe('npm run demo (offline, no key)', () => {
  it('briefs the recorded week into its own archive, never content/briefings, and builds the site', async () => {
    expect(demo.code, demo.output.slice(-3000)).toBe(0);
    const week = await demoWeek();
    expect(week).toHaveLength(7);
    const dates = await demoDates();
    expect((await readdir(demo.archive)).filter((f) => f.endsWith('.mdx')).sort()).toEqual(dates.map((d) => `${d}.mdx`));
    // The days without a briefing are the ones after a weekend listing day: nothing new, nothing written.
    const missing = week.filter((d) => !dates.includes(d));
    expect(missing.length).toBeLessThanOrEqual(2);
    for (const d of missing) expect([0, 6], d).toContain(weekdayOf(addDays(d, -1)));
    const contentNow = existsSync(path.join(projectRoot, 'content', 'briefings')) ? readdirSync(path.join(projectRoot, 'content', 'briefings')).sort() : [];
    expect(contentNow).toEqual(contentBefore);
    for (const date of dates) expect(existsSync(path.join(demo.dist, 'briefings', date, 'index.html')), date).toBe(true);
    expect(read(demo.dist, 'index.html')).toContain(`href="/briefings/${dates.at(-1)}/"`);
    expect(demo.output).toContain('npm run preview');
  });

  it('used only recorded responses and the extractive writer: Hugging Face ok, every other source skipped', async () => {
    for (const date of await demoDates()) {
      const b = await frontmatter(demo.archive, date);
      expect(b.generator.writer, date).toBe('extractive');
      expect(b.papers.length, date).toBeGreaterThan(0);
      for (const s of b.sources) expect([s.name, s.status], date).toEqual([s.name, s.name === 'Hugging Face Daily Papers' ? 'ok' : 'skipped']);
    }
  });

  it('its /status/ counts every briefing although no daily run recorded one', async () => {
    const dates = await demoDates();
    const html = decodeEntities(read(demo.dist, 'status/index.html'));
    let papers = 0;
    for (const d of dates) papers += (await frontmatter(demo.archive, d)).papers.length;
    expect(html).toMatch(/<p id="archive-total"[^>]*>/);
    expect(html).toContain(`>${t(UI, 'status.archiveTotal', { count: dates.length, papers: new Intl.NumberFormat(UI).format(papers), range: t(UI, 'locale.range', { from: dates[0]!, to: dates.at(-1)! }) })}</p>`);
    const figures = html.slice(html.indexOf('id="figures"'), html.indexOf('</ul>', html.indexOf('id="figures"')));
    expect(figures).toMatch(new RegExp(`<strong[^>]*>${dates.length}</strong> ${t(UI, 'status.briefings')}`));
    for (const date of dates) expect(html).toMatch(new RegExp(`<tr id="day-${date}"[^>]*data-state="published"`));
    // Built long after the recorded week, the window ends at its newest day and says so.
    const vars = { days: config.status.days, timezone: config.timezone, date: dates.at(-1)! };
    if (addDays(dates.at(-1)!, config.status.days) <= todayIn(config.timezone)) {
      expect(html).toMatch(new RegExp(`<h2[^>]*>${t(UI, 'status.windowUntil', vars)}</h2>`));
      expect(html).toContain(t(UI, 'status.stale', vars));
    }
  });
});

describe('npm run preview', () => {
  it('redirects a page address without its slash, under the base path too, and serves files and the 404 page', async () => {
    const day = (await demoDates())[2]!;
    expect(resolveRequest(demo.dist, '/', `/briefings/${day}`)).toEqual({ kind: 'redirect', location: `/briefings/${day}/` });
    expect(resolveRequest(demo.dist, '/', `/trends?q=1`)).toEqual({ kind: 'redirect', location: '/trends/?q=1' });
    expect(resolveRequest(demo.dist, '/', `/briefings/${day}/`)).toEqual({ kind: 'file', file: path.join(demo.dist, 'briefings', day, 'index.html') });
    expect(resolveRequest(demo.dist, '/paper-briefing/', '/paper-briefing')).toEqual({ kind: 'redirect', location: '/paper-briefing/' });
    expect(resolveRequest(demo.dist, '/paper-briefing/', `/paper-briefing/briefings/${day}`)).toEqual({ kind: 'redirect', location: `/paper-briefing/briefings/${day}/` });
    expect(resolveRequest(demo.dist, '/paper-briefing/', `/briefings/${day}/`)).toEqual({ kind: 'missing' });
    expect(resolveRequest(demo.dist, '/', '/../../etc/passwd')).toEqual({ kind: 'missing' });
    expect(resolveRequest(demo.dist, '/', '/%2e%2e/%2e%2e/etc/passwd')).toEqual({ kind: 'missing' });

    const preview = await startPreview({ root: demo.dist, base: '/', host: '127.0.0.1', port: 0 });
    const get = (p: string): Promise<{ status: number; location?: string; type?: string; body: string }> =>
      new Promise((resolve, reject) => {
        request(new URL(p, preview.url), (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, type: res.headers['content-type'], body }));
        })
          .on('error', reject)
          .end();
      });
    try {
      expect(await get(`/briefings/${day}`)).toMatchObject({ status: 301, location: `/briefings/${day}/` });
      const page = await get(`/briefings/${day}/`);
      expect(page.status).toBe(200);
      expect(page.body).toContain(`<time datetime="${day}">`);
      expect(await get('/favicon.ico')).toMatchObject({ status: 200, type: 'image/x-icon' });
      const missing = await get('/no-such-page/');
      expect(missing.status).toBe(404);
      expect(missing.body).toContain(t(UI, 'site.notFoundTitle'));
    } finally {
      await preview.close();
    }
  });
});

describe('a day page for reading', () => {
  const day = (i: number) => synth.drafts[i]!.frontmatter;
  const page = (dist: string, date: string) => read(dist, `briefings/${date}/index.html`);

  it('opens with a table of contents: every featured paper in page order, then a link to the others', () => {
    for (const d of [day(41), day(36)]) {
      const html = page(synth.dist, String(d.date));
      const toc = html.slice(html.indexOf('<nav class="toc"'), html.indexOf('</nav>', html.indexOf('<nav class="toc"')));
      const featured = (d.papers ?? []).filter((p) => p.featured);
      const others = (d.papers ?? []).filter((p) => !p.featured);
      expect([...toc.matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1])).toEqual(featured.map((p) => `/briefings/${d.date}/#${p.id}`));
      // The contents come before the first paper, and every target exists on the page.
      expect(html.indexOf('<nav class="toc"')).toBeLessThan(html.indexOf('<section class="paper"'));
      const ids = extractIds(html);
      for (const p of featured) expect(ids.has(p.id)).toBe(true);
      expect(ids.has(OTHERS_ANCHOR)).toBe(true);
      expect(decodeEntities(toc)).toContain(`href="/briefings/${d.date}/#${OTHERS_ANCHOR}">${t(d.language!, 'toc.others', { count: others.length, section: t(d.language!, 'body.others') })}</a>`);
      expect(toc.match(/class="toc-pick"/g)?.length ?? 0).toBe(featured.filter((p) => p.pick).length);
      expect(toc).toContain('data-pagefind-ignore');
    }
  });

  it('folds the notes to one line, but keeps failed and degraded sources in view', () => {
    const bad = decodeEntities(page(synth.dist, String(day(41).date)));
    const notes = bad.slice(bad.indexOf('<div class="notes"'), bad.indexOf('</details>', bad.indexOf('<div class="notes"')));
    const folded = notes.slice(notes.indexOf('<details>'));
    const visible = notes.slice(0, notes.indexOf('<details>'));
    expect(visible).toContain('arXiv API <span class="status-failed"');
    expect(visible).toContain('HTTP 503 after 4 attempts');
    expect(visible).toContain('GitHub API <span class="status-degraded"');
    expect(folded).toMatch(new RegExp(`<summary>[\\s\\S]*${t(day(41).language!, 'notes.problemsShort', { count: 2 })}[\\s\\S]*</summary>`));

    const skipped = decodeEntities(page(synth.dist, String(day(40).date)));
    const skippedNotes = skipped.slice(skipped.indexOf('<div class="notes"'), skipped.indexOf('</details>', skipped.indexOf('<div class="notes"')));
    expect(skippedNotes.indexOf('<details>')).toBeLessThan(skippedNotes.indexOf('status-skipped'));
    expect(skippedNotes).toContain(t(day(40).language!, 'notes.skippedShort', { count: 1 }));

    const ok = decodeEntities(page(synth.dist, String(day(39).date)));
    const okNotes = ok.slice(ok.indexOf('<div class="notes"'), ok.indexOf('</details>', ok.indexOf('<div class="notes"')));
    expect(okNotes).toMatch(/^<div class="notes" data-pagefind-ignore>\s*<details>/);
    expect(okNotes).toContain(t(day(39).language!, 'notes.allOkShort'));
  });

  it('shows the category mix: a bar under 5 KB with its figures as text, and every category of the day in the legend', () => {
    const d = day(41);
    const html = decodeEntities(page(synth.dist, String(d.date)));
    const svg = /<svg class="chart chart-mix"[\s\S]*?<\/svg>/.exec(html)![0];
    expect(Buffer.byteLength(svg)).toBeLessThan(5_000);
    const counts = new Map<string, number>();
    for (const p of d.papers ?? []) for (const c of new Set(p.category)) counts.set(c, (counts.get(c) ?? 0) + 1);
    const title = /<title[^>]*>([^<]*)<\/title>/.exec(svg)![1]!;
    for (const [slug, n] of counts) {
      expect(title).toContain(`${categoryLabel(slug, d.language!)} ${t(d.language!, 'site.papersCount', { count: n })}`);
      expect(html).toContain(`<a href="/categories/${slug}/">${categoryLabel(slug, d.language!)}</a> <span class="count">${n}</span>`);
    }
    const widths = [...svg.matchAll(/width="(\d+)"/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(widths).toBe([...counts.values()].reduce((a, b) => a + b, 0));
  });
});

describe('pictures', () => {
  const svgs = (html: string): string[] => [...html.matchAll(/<svg class="chart[\s\S]*?<\/svg>/g)].map((m) => m[0]);

  it('category pages show papers per week over the archive, with a text alternative', () => {
    const weeks = new Set(synth.drafts.map((d) => {
      const date = String(d.frontmatter.date);
      return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7));
    }));
    const slug = 'llm-agent';
    const html = read(synth.dist, `categories/${slug}/index.html`);
    const [chart] = svgs(html);
    expect(chart).toBeDefined();
    expect(chart).toContain(`viewBox="0 0 ${weeks.size} 40"`);
    expect(Buffer.byteLength(chart!)).toBeLessThan(5_000);
    expect(decodeEntities(chart!)).toMatch(new RegExp(`<title id="weeks-${slug}">${categoryLabel(slug, UI)}`));
    // Only the first page of a category carries the chart.
    expect(svgs(read(synth.dist, `categories/${slug}/2/index.html`))).toEqual([]);
  });

  it('/trends/ compares this month with the last, by category and interest, and draws each interest over time', () => {
    const html = decodeEntities(read(synth.dist, 'trends/index.html'));
    expect(html).toContain(t(UI, 'trends.monthTitle', { current: '2026-05', previous: '2026-04' }));
    const tables = [...html.matchAll(/<table class="rise"[^>]*>[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables).toHaveLength(2);
    // Rows sorted by change, largest rise first.
    const changes = [...tables[0]!.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>\s*<\/tr>/g)].map((m) => Number(m[1]!.replace('−', '-').replace('+', '')));
    expect(changes.length).toBeGreaterThan(3);
    expect([...changes].sort((a, b) => b - a)).toEqual(changes);
    for (const interest of config.reader.interests) expect(html).toContain(`<title id="weeks-topic-${interest.id}">`);
    for (const svg of svgs(html)) expect(Buffer.byteLength(svg)).toBeLessThan(5_000);
  });

  it('the demo’s /trends/ has two months to compare and is linked from every page', async () => {
    const html = decodeEntities(read(demo.dist, 'trends/index.html'));
    expect(html).toContain(t(UI, 'trends.monthTitle', { current: '2026-06', previous: '2026-05' }));
    expect(read(demo.dist, 'index.html')).toContain(`<a href="/trends/">${t(UI, 'site.navTrends')}</a>`);
  });
});

describe('favicon', () => {
  it('ships an SVG, an ICO and a touch icon, linked from every page', () => {
    for (const file of ['favicon.svg', 'favicon.ico', 'apple-touch-icon.png']) expect(existsSync(path.join(demo.dist, file)), file).toBe(true);
    expect(readFileSync(path.join(demo.dist, 'favicon.ico')).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    const html = read(demo.dist, 'status/index.html');
    expect(html).toContain('<link rel="icon" href="/favicon.ico" sizes="32x32">');
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });
});

// ------------------------------------------------------------------------------------------------------
// In headless Chromium.
// ------------------------------------------------------------------------------------------------------

if (!hasChromium) console.warn(`[reading] ${noChromiumMessage}`);

const PAGES = ['', 'categories/llm-agent/', 'trends/', 'status/', 'search/', 'about/'];

describe.skipIf(!hasChromium)('in a browser (headless Chromium)', () => {
  it('no page scrolls sideways at 375 px; the others table is cards with its contribution in view', async () => {
    const demoPages = [...(await demoDates()).map((d) => `briefings/${d}/`), ...PAGES];
    const synthPages = [`briefings/${synth.drafts[41]!.frontmatter.date}/`, `briefings/${synth.drafts.find((d) => d.frontmatter.language === 'en')!.frontmatter.date}/`];
    for (const [dist, pages] of [[demo.dist, demoPages], [synth.dist, synthPages]] as const) {
      const site = await serveDist(dist);
      try {
        await withBrowser(async (context) => {
          const page = await context.newPage();
          for (const p of pages) {
            await page.goto(`${site.origin}/${p}`);
            const size = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
            expect(size.scroll, `${p} at 375 px`).toBeLessThanOrEqual(size.client);
            // What scrolls inside the page (wide tables) can be reached and scrolled by keyboard, and is named.
            const unreachable = await page.evaluate(() =>
              [...document.querySelectorAll('body *')]
                .filter((el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
                .filter((el) => !((el as HTMLElement).tabIndex >= 0 && el.getAttribute('role') === 'region' && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))))
                .map((el) => el.outerHTML.slice(0, 80)),
            );
            expect(unreachable, `${p} at 375 px`).toEqual([]);
            if (!p.startsWith('briefings/')) continue;
            // A paper's sub-headings are larger than its text.
            const sizes = await page.evaluate(() => {
              const px = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) : NaN);
              return { h4: px(document.querySelector('.paper h4')), text: px(document.querySelector('.paper li, .paper p')) };
            });
            expect(sizes.h4, p).toBeGreaterThan(sizes.text);
            const cell = page.locator(`#${OTHERS_ANCHOR} .others-contribution`).first();
            if ((await cell.count()) === 0) continue;
            const box = await cell.evaluate((el) => {
              const r = el.getBoundingClientRect();
              return { left: r.left, right: r.right, display: getComputedStyle(el.closest('tr')!).display };
            });
            expect(box.display, p).toBe('block');
            expect(box.left, p).toBeGreaterThanOrEqual(0);
            expect(box.right, p).toBeLessThanOrEqual(375);
          }
        }, { width: 375, height: 800 });
      } finally {
        await site.close();
      }
    }
  });

  it('charts render and follow the theme in light and dark', async () => {
    const site = await serveDist(demo.dist);
    try {
      await withBrowser(async (context) => {
        const page = await context.newPage();
        const colours: Record<string, { area: string; accent: string; mix: string[]; width: number; height: number }> = {};
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await page.goto(`${site.origin}/trends/`);
          const chart = await page.evaluate(() => {
            const svg = document.querySelector('svg.chart-weeks')!;
            const box = svg.getBoundingClientRect();
            const probe = document.createElement('span');
            probe.style.color = 'var(--accent)';
            document.body.append(probe);
            const accent = getComputedStyle(probe).color;
            return { area: getComputedStyle(svg.querySelector('.chart-area')!).fill, accent, width: box.width, height: box.height };
          });
          await page.goto(`${site.origin}/briefings/${(await demoDates())[1]}/`);
          const mix = await page.evaluate(() => [...document.querySelectorAll('svg.chart-mix rect')].map((r) => getComputedStyle(r).fill));
          colours[scheme] = { ...chart, mix };
        }
        for (const scheme of ['light', 'dark'] as const) {
          const c = colours[scheme]!;
          expect(c.area, scheme).toBe(c.accent);
          expect(c.width, scheme).toBeGreaterThan(200);
          expect(c.height, scheme).toBeGreaterThan(20);
          expect(c.mix.length, scheme).toBeGreaterThan(1);
          expect(new Set(c.mix).size, scheme).toBe(c.mix.length);
        }
        expect(colours.light!.area).not.toBe(colours.dark!.area);
        expect(colours.light!.mix).not.toEqual(colours.dark!.mix);
      });
    } finally {
      await site.close();
    }
  });

  it('axe-core finds no violation on the home, a day, a category, /trends/, /status/, /search/ and /about/ pages', async () => {
    const axeSource = readFileSync(path.join(projectRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const pages = [...PAGES, `briefings/${(await demoDates())[1]}/`];
    const site = await serveDist(demo.dist);
    try {
      // Wide and light, then a phone in dark mode (the status tables scroll only on the phone).
      for (const [viewport, scheme] of [[{ width: 1000, height: 800 }, 'light'], [{ width: 375, height: 800 }, 'dark']] as const) {
        await withBrowser(async (context) => {
          const page = await context.newPage();
          await page.emulateMedia({ colorScheme: scheme });
          for (const p of pages) {
            await page.goto(`${site.origin}/${p}`);
            await page.addScriptTag({ content: axeSource });
            const violations = await page.evaluate(async () => {
              const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
              const result = await axe.run(document);
              return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
            });
            expect(violations, `/${p} at ${viewport.width} px, ${scheme}`).toEqual([]);
          }
        }, viewport);
      }
    } finally {
      await site.close();
    }
  });
});
