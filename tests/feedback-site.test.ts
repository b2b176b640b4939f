/**
 * The feedback loop on the site: two builds of a small generated archive, one for a GitHub project site
 * that names its repository (GITHUB_REPOSITORY, base path /paper-briefing/) and one that names none. Checked
 * on the built files (placeholders, labels from the dictionaries, feeds without button text, links, the JS
 * budget: all the feedback JavaScript under 2 KB gzipped) and in headless Chromium: no buttons without
 * JavaScript; the buttons (aria-pressed, live region, keyboard, localStorage); the My feedback page (list,
 * undo, export as JSON Lines that the feedback log accepts, download, copy) and the prefilled issue-form
 * link, followed to a stand-in for github.com.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { t } from '../src/i18n/index.ts';
import { buildSite } from '../scripts/site/build.ts';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, noChromiumMessage, serveDist } from '../scripts/site/browser.ts';
import { FORM_FILE, VOTES_FIELD } from '../scripts/ci/feedback-ingest.ts';
import { parseFeedback } from '../scripts/rank/feedback.ts';
import { todayIn } from '../lib/dates.ts';
import type { BriefingInput, PaperInput } from '../src/schema/briefing.ts';
import { checkLinks, decodeEntities, read } from './helpers/dist.ts';
import { escapeRegExp } from './helpers/i18n.ts';
import { makeTestArchive, type TestArchive } from './helpers/siteArchive.ts';

const UI = config.site.language;
const BASE = '/paper-briefing/';
const REPO = 'owner/paper-briefing';
const STORE = `paper-briefing:feedback:${BASE}`;
const TZ = 'Asia/Shanghai';
const label = (key: 'feedback.like' | 'feedback.dislike') => t(UI, key);

let archive: TestArchive;
let out: string;
let dist: string;
let plain: string;

const days = (): BriefingInput[] => archive.drafts.map((d) => d.frontmatter).sort((a, b) => String(a.date).localeCompare(String(b.date)));
const papersOf = (day: BriefingInput): PaperInput[] => day.papers as PaperInput[];

beforeAll(async () => {
  archive = await makeTestArchive({ days: 3, papers: 8, featured: 3, englishEvery: 2, seed: 11, end: '2026-05-03' });
  out = await mkdtemp(path.join(tmpdir(), 'pb-feedback-site-'));
  dist = path.join(out, 'repo');
  plain = path.join(out, 'plain');
  const [withRepo, without] = await Promise.all([
    buildSite({ briefingsDir: archive.dir, distDir: dist, basePath: BASE, env: { GITHUB_REPOSITORY: REPO } }),
    buildSite({ briefingsDir: archive.dir, distDir: plain, env: { GITHUB_REPOSITORY: '' } }),
  ]);
  for (const r of [withRepo, without]) if (r.code !== 0) throw new Error(`astro build failed (exit ${r.code}):\n${r.output.slice(-4000)}`);
}, 300_000);

afterAll(async () => {
  await archive?.cleanup();
  if (out) await rm(out, { recursive: true, force: true });
});

/** The module scripts a page loads, with what they import, as built files. */
function scriptsOf(root: string, html: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) visit(path.join(path.dirname(file), m[1]!));
  };
  for (const m of html.matchAll(/<script type="module" src="([^"]+)"/g)) visit(path.join(root, m[1]!.slice(BASE.length)));
  return [...seen].sort();
}

describe('the built site', () => {
  it('gives every paper, featured or in the others table, an empty hidden place for its buttons, labelled in the interface language', () => {
    for (const day of days()) {
      const html = read(dist, `briefings/${String(day.date)}/index.html`);
      const spots = [...html.matchAll(/<span class="fb" ([^>]*)>(.*?)<\/span>/g)];
      const papers = papersOf(day).filter((p) => p.featured).concat(papersOf(day).filter((p) => !p.featured));
      expect(spots.map((m) => /data-fb="([^"]+)"/.exec(m[1]!)![1])).toEqual(papers.map((p) => String(p.id)));
      // The title travels as a JSON string (< and > escaped, so no title reads like a tag in the source).
      expect(spots.map((m) => JSON.parse(decodeEntities(/data-fb-title="([^"]+)"/.exec(m[1]!)![1]!)))).toEqual(papers.map((p) => String(p.title)));
      for (const [, attrs, inner] of spots) {
        expect(inner).toBe('');
        expect(attrs).toMatch(/ hidden/);
        expect(attrs).toContain(`lang="${UI}"`);
        expect(decodeEntities(/data-fb-l="([^"]+)"/.exec(attrs!)![1]!)).toBe([t(UI, 'feedback.like'), t(UI, 'feedback.dislike'), t(UI, 'feedback.cleared')].join('|'));
        expect(attrs).toContain(`data-fb-day="${String(day.date)}"`);
      }
      // No button is in the HTML: a page without JavaScript shows none.
      expect(html.match(/<article[\s\S]*<\/article>/)![0]).not.toContain('<button');
    }
  });

  it('keeps the buttons out of the feeds (the places are empty, so they add no text to the search index either)', () => {
    const feed = read(dist, 'rss.xml');
    // (Words like 有用 occur in prose; the labels as the place carries them, buttons and scripts must not.)
    for (const text of [[t(UI, 'feedback.like'), t(UI, 'feedback.dislike')].join('|'), 'data-fb', '&lt;button', '_astro/', 'type=&quot;module&quot;']) expect(feed).not.toContain(text);
  });

  it('links My feedback from every page’s footer and from /about/, and every link resolves', () => {
    const href = `${BASE}feedback/`;
    for (const page of ['index.html', `briefings/${String(days()[0]!.date)}/index.html`, 'search/index.html', 'feedback/index.html']) {
      expect(read(dist, page)).toMatch(new RegExp(`<footer[\\s\\S]*<a href="${href}"[^>]*>${t(UI, 'site.navFeedback')}</a>`));
    }
    expect(read(dist, 'about/index.html').match(/<article[\s\S]*<\/article>/)![0]).toContain(`href="${href}"`);
    expect(checkLinks(dist, BASE, config.site.url).broken).toEqual([]);
  });

  it('/feedback/ says what it needs without JavaScript, and what sending means', () => {
    const html = read(dist, 'feedback/index.html');
    expect(html).toMatch(new RegExp(`<noscript><p class="notes"[^>]*>${escapeRegExp(t(UI, 'feedbackPage.noScript'))}</p></noscript>`));
    expect(html).toMatch(/<div id="feedback-page"[^>]* hidden[ >]/);
    const page = JSON.parse(decodeEntities(/data-feedback-page="([^"]+)"/.exec(html)![1]!));
    expect(page).toMatchObject({ briefings: `${BASE}briefings/`, issue: `https://github.com/${REPO}/issues/new?template=feedback.yml`, max: 8000 });
    expect(html).toContain(t(UI, 'feedbackPage.sendIntro', { repository: REPO }));
    expect(html).toContain(t(UI, 'feedbackPage.public'));
    expect(html).not.toContain(t(UI, 'feedbackPage.noRepository'));
  });

  it('/feedback/ of a site without a repository explains how to send the exported file instead', () => {
    const html = read(plain, 'feedback/index.html');
    expect(JSON.parse(decodeEntities(/data-feedback-page="([^"]+)"/.exec(html)![1]!)).issue).toBe('');
    expect(html).toContain(t(UI, 'feedbackPage.noRepository'));
    expect(html).toContain(`cat feedback.jsonl &gt;&gt; ${config.reader.feedback.file}`);
    expect(html).not.toContain('github.com/');
    expect(html).not.toContain('class="fb-send"');
  });

  it('ships all its JavaScript in under 2 KB gzipped', () => {
    const day = scriptsOf(dist, read(dist, `briefings/${String(days()[0]!.date)}/index.html`));
    const page = scriptsOf(dist, read(dist, 'feedback/index.html'));
    const all = [...new Set([...day, ...page])];
    const gz = (files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(f)).byteLength, 0);
    expect(day.length).toBeGreaterThan(0);
    expect(page.length).toBeGreaterThan(0);
    // Every file is ours: the feedback script and the one-line entries that load it.
    for (const f of all) expect(readFileSync(f, 'utf8')).toMatch(/paper-briefing:feedback:|^import"\.\/feedback\.[\w-]+\.js";?\s*$/);
    console.info(`[feedback-site] feedback JS gzipped: day page ${gz(day)} B, /feedback/ ${gz(page)} B, all files ${gz(all)} B`);
    expect(gz(all)).toBeLessThan(2048);
  });
});

// ------------------------------------------------------------------------------------------------------
// In the browser.
// ------------------------------------------------------------------------------------------------------

if (!hasChromium) console.warn(`[feedback-site] ${noChromiumMessage}`);

describe.skipIf(!hasChromium)('in headless Chromium', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveDist>>;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    site = await serveDist(dist, BASE);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const open = async (context: BrowserContext, url: string): Promise<{ page: Page; errors: string[] }> => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${site.origin}${url}`);
    return { page, errors };
  };
  const stored = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), STORE);

  it('without JavaScript: no buttons on a day, and /feedback/ explains what it needs', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const day = days()[0]!;
      const { page } = await open(context, `${BASE}briefings/${String(day.date)}/`);
      expect(await page.getByRole('button', { name: label('feedback.like') }).count()).toBe(0);
      expect(await page.locator('.fb').count()).toBe(papersOf(day).length);
      expect(await page.locator('.fb').evaluateAll((els) => els.every((e) => (e as HTMLElement).offsetParent === null))).toBe(true);
      const { page: mine } = await open(context, `${BASE}feedback/`);
      // (Playwright's text matching skips <noscript>: look at the element itself.)
      const note = mine.locator('noscript p');
      expect([await note.isVisible(), await note.textContent()]).toEqual([true, t(UI, 'feedbackPage.noScript')]);
      expect(await mine.locator('#feedback-page').isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('the buttons: toggles with aria-pressed, a polite announcement, keyboard use, the vote in localStorage', async () => {
    const context = await browser.newContext({ timezoneId: TZ });
    try {
      const day = days()[1]!;
      const [featured, other] = [papersOf(day).find((p) => p.featured)!, papersOf(day).find((p) => !p.featured)!];
      const { page, errors } = await open(context, `${BASE}briefings/${String(day.date)}/`);
      const group = (p: PaperInput) => page.getByRole('group', { name: String(p.title), exact: true });
      expect(await page.getByRole('button', { name: label('feedback.like') }).count()).toBe(papersOf(day).length);
      const like = group(featured).getByRole('button', { name: label('feedback.like') });
      const dislike = group(featured).getByRole('button', { name: label('feedback.dislike') });
      expect(await like.getAttribute('aria-pressed')).toBe('false');
      await like.click();
      expect([await like.getAttribute('aria-pressed'), await dislike.getAttribute('aria-pressed')]).toEqual(['true', 'false']);
      const status = page.locator('body > [role=status]');
      expect(await status.textContent()).toBe(`${label('feedback.like')} · ${String(featured.title)}`);
      expect(await page.evaluate(() => document.querySelector('body > [role=status]')!.className)).toBe('visually-hidden');
      const vote = (await stored(page))[String(featured.id)];
      expect(vote).toMatchObject({ verdict: 'like', at: todayIn(TZ), title: String(featured.title), day: String(day.date) });
      expect(Date.parse(vote.time)).not.toBeNaN();
      // Switching to the other verdict, then pressing it again, removes the vote.
      await dislike.click();
      expect([await like.getAttribute('aria-pressed'), await dislike.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
      await dislike.click();
      expect(await dislike.getAttribute('aria-pressed')).toBe('false');
      expect(await status.textContent()).toBe(`${t(UI, 'feedback.cleared')} · ${String(featured.title)}`);
      expect(await stored(page)).toEqual({});
      // Keyboard: real buttons, reachable with Tab, pressed with Space, with a visible focus ring.
      const otherLike = group(other).getByRole('button', { name: label('feedback.like') });
      await otherLike.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      expect(await otherLike.evaluate((b) => b === document.activeElement && getComputedStyle(b).outlineStyle !== 'none')).toBe(true);
      await page.keyboard.press('Space');
      expect(await otherLike.getAttribute('aria-pressed')).toBe('true');
      expect(Object.keys(await stored(page))).toEqual([String(other.id)]);
      // The vote is still shown after a reload.
      await page.reload();
      expect(await group(other).getByRole('button', { name: label('feedback.like') }).getAttribute('aria-pressed')).toBe('true');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('My feedback: the list, undo, the export as feedback-log lines, download, copy, and the prefilled issue form', async () => {
    const context = await browser.newContext({ timezoneId: TZ, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    try {
      const [d1, d2] = days();
      const votes: Array<[BriefingInput, PaperInput, 'feedback.like' | 'feedback.dislike']> = [
        [d1!, papersOf(d1!)[0]!, 'feedback.like'],
        [d1!, papersOf(d1!).find((p) => !p.featured)!, 'feedback.dislike'],
        [d2!, papersOf(d2!)[1]!, 'feedback.like'],
      ];
      const { page: dayPage, errors } = await open(context, `${BASE}briefings/${String(d1!.date)}/`);
      for (const [day, paper, key] of votes) {
        if (!dayPage.url().includes(String(day.date))) await dayPage.goto(`${site.origin}${BASE}briefings/${String(day.date)}/`);
        await dayPage.getByRole('group', { name: String(paper.title), exact: true }).getByRole('button', { name: label(key) }).click();
      }
      const { page, errors: pageErrors } = await open(context, `${BASE}feedback/`);
      // Newest first, each linking to its paper on its day, with the verdict.
      const rows = page.locator('#feedback-page tbody tr');
      expect(await rows.count()).toBe(3);
      expect(await page.locator('#feedback-page caption').textContent()).toBe(t(UI, 'feedbackPage.caption', { count: 3 }));
      const [last] = votes.slice(-1);
      expect(await rows.nth(0).locator('a').getAttribute('href')).toBe(`${BASE}briefings/${String(last![0].date)}/#${String(last![1].id)}`);
      expect(await rows.nth(0).locator('a').textContent()).toBe(String(last![1].title));
      expect(await rows.nth(0).textContent()).toContain(t(UI, 'feedback.like'));
      expect(await rows.nth(1).textContent()).toContain(t(UI, 'feedback.dislike'));

      // The export: the feedback log's format, oldest first, exactly what `npm run feedback`'s log accepts.
      const exported = await page.getByLabel(t(UI, 'feedbackPage.exportLabel')).inputValue();
      expect(parseFeedback(exported, 'export')).toEqual(votes.map(([, p, key]) => ({ id: String(p.id), verdict: key === 'feedback.like' ? 'like' : 'dislike', at: todayIn(TZ) })));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: t(UI, 'feedbackPage.download') }).click()]);
      expect(download.suggestedFilename()).toBe('feedback.jsonl');
      expect(await readFile((await download.path())!, 'utf8')).toBe(exported);
      await page.getByRole('button', { name: t(UI, 'feedbackPage.copy'), exact: true }).click();
      await expect.poll(() => page.locator('#feedback-page [role=status]').textContent()).toBe(t(UI, 'feedbackPage.copied'));
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(exported);

      // The issue form, prefilled through the field's id (as GitHub documents), followed to a stand-in for github.com.
      const send = page.getByRole('link', { name: t(UI, 'feedbackPage.send') });
      const url = new URL((await send.getAttribute('href'))!);
      const form = parseYaml(await readFile(path.resolve(import.meta.dirname, '..', FORM_FILE), 'utf8')) as { body: Array<{ id?: string }> };
      expect(form.body.some((e) => e.id === VOTES_FIELD)).toBe(true);
      expect(`${url.origin}${url.pathname}`).toBe(`https://github.com/${REPO}/issues/new`);
      expect(Object.fromEntries(url.searchParams)).toEqual({ template: 'feedback.yml', [VOTES_FIELD]: exported });
      let opened = '';
      await context.route('https://github.com/**', (route) => {
        opened = route.request().url();
        return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>issue form</title>' });
      });
      const [popup] = await Promise.all([context.waitForEvent('page'), send.click()]);
      await popup.waitForLoadState();
      expect(opened).toBe(url.href);

      // Undo: the row goes, the export follows, the vote is gone from storage, focus stays in the table.
      const first = String(last![1].title);
      await rows.nth(0).getByRole('button', { name: t(UI, 'feedbackPage.undoLabel', { title: first }) }).click();
      expect(await rows.count()).toBe(2);
      expect(await page.locator('#feedback-page [role=status]').textContent()).toBe(`${t(UI, 'feedback.cleared')} · ${first}`);
      expect(await page.evaluate(() => document.activeElement?.closest('tbody') !== null)).toBe(true);
      expect(parseFeedback(await page.getByLabel(t(UI, 'feedbackPage.exportLabel')).inputValue(), 'export')).toHaveLength(2);
      expect(Object.keys(await stored(page))).not.toContain(String(last![1].id));
      // The day page still open in the other tab follows without a reload (the storage event).
      expect(dayPage.url()).toContain(String(last![0].date));
      await expect.poll(() => dayPage.getByRole('group', { name: first, exact: true }).getByRole('button', { name: label('feedback.like') }).getAttribute('aria-pressed')).toBe('false');
      expect([...errors, ...pageErrors]).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('My feedback: too many votes for one link opens the form empty and says to paste; none shows the empty state; no clipboard API selects the text', async () => {
    const context = await browser.newContext();
    // A browser without the clipboard API (a page served over plain http).
    await context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    try {
      const { page } = await open(context, `${BASE}feedback/`);
      expect(await page.getByText(t(UI, 'feedbackPage.empty')).isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: t(UI, 'feedbackPage.send') }).count()).toBe(0);
      expect(await page.getByRole('button', { name: t(UI, 'feedbackPage.download') }).isDisabled()).toBe(true);
      await page.evaluate((key) => {
        const many: Record<string, unknown> = {};
        for (let i = 0; i < 200; i++) many[`2605.${String(10000 + i)}`] = { verdict: 'like', at: '2026-05-02', time: `2026-05-02T00:00:${String(i % 60).padStart(2, '0')}Z`, title: `Paper ${i}`, day: '2026-05-03' };
        // Garbage next to the votes is ignored, not exported.
        many['not an id'] = { verdict: 'like', at: '2026-05-02' };
        many['2605.99999'] = { verdict: 'love', at: '2026-05-02' };
        localStorage.setItem(key, JSON.stringify(many));
      }, STORE);
      await page.reload();
      expect(await page.locator('#feedback-page tbody tr').count()).toBe(200);
      expect(await page.getByText(t(UI, 'feedbackPage.tooLong')).isVisible()).toBe(true);
      expect(await page.getByRole('link', { name: t(UI, 'feedbackPage.send') }).getAttribute('href')).toBe(`https://github.com/${REPO}/issues/new?template=feedback.yml`);
      const exported = await page.getByLabel(t(UI, 'feedbackPage.exportLabel')).inputValue();
      expect(parseFeedback(exported, 'export')).toHaveLength(200);
      await page.getByRole('button', { name: t(UI, 'feedbackPage.copy'), exact: true }).click();
      expect(await page.locator('#feedback-page [role=status]').textContent()).toBe(t(UI, 'feedbackPage.copyFailed'));
      expect(await page.evaluate(() => window.getSelection()?.toString() || (document.activeElement as HTMLTextAreaElement).value.slice((document.activeElement as HTMLTextAreaElement).selectionStart, (document.activeElement as HTMLTextAreaElement).selectionEnd))).toBe(exported);
    } finally {
      await context.close();
    }
  });
});
