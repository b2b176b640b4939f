/**
 * Imported days on the built site, like any other day: `npm run import` writes the fixtures (and the
 * real seeds when ../shared is present) into a temporary archive, the site is built from it once, and
 * the pages, category pages, feeds and search show the imported papers with their text intact.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { runImport } from '../scripts/legacy/cli.ts';
import { buildSite } from '../scripts/site/build.ts';
import { searchBuiltSite } from '../scripts/site/search.ts';
import { checkLinks, decodeEntities, extractIds, read } from './helpers/dist.ts';
import { fixturesDir, repoRoot, sharedDir } from './helpers/legacy.ts';

const LATEX = '$\\mathbf{H}_{\\text{init}}$';
const seedsDir = path.join(sharedDir, 'seeds');
const seeds = existsSync(seedsDir) ? readdirSync(seedsDir).filter((f) => /^\d{3}_.*\.txt$/.test(f)).map((f) => path.join(seedsDir, f)) : [];
if (!seeds.length) console.warn('legacy-site: ../shared/seeds not found; building the fixtures only');

let work: string;
let dist: string;
let importLog: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pb-legacy-site-'));
  const archive = path.join(work, 'briefings');
  dist = path.join(work, 'dist');
  const files = ['daily-briefing.md', 'featured-briefing.md', 'featured-briefing-crlf.md', 'hf-report.md'].map((f) => path.join(fixturesDir, f));
  const code = await runImport([...files, ...seeds, '--dir', archive], { cwd: repoRoot, env: {}, log: (l) => importLog.push(l) });
  if (code !== 0) throw new Error(`import failed:\n${importLog.join('\n')}`);
  const result = await buildSite({ briefingsDir: archive, distDir: dist });
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const page = (date: string) => read(dist, `briefings/${date}/index.html`);

describe('imported days on the site', () => {
  it('render each paper with its anchor, and LaTeX, braces and tags as written', () => {
    const html = page('2026-03-08');
    const text = decodeEntities(html);
    expect(text).toContain(LATEX);
    expect(text).toContain('Tiny{Loop}: Recurrent Depth for <think> Tokens');
    expect(html).not.toContain('<think>'); // shown as text, never an element
    expect(text).toMatch(/<td>TinyLoop \(\$k\\le 4\$\)<\/td>\s*<td>47\.9%<\/td>/); // the Markdown table, as a table
    for (const id of ['2603.01234', '2603.02345', '2603.03456']) expect(extractIds(html)).toContain(id);
    expect(text).toContain('A Survey Whose Links Were Lost'); // kept as prose
    expect(text).toContain('🧪 附录:复现笔记');
    const report = decodeEntities(page('2026-02-02'));
    expect(report).toContain(`若 ${LATEX.slice(0, -1)} > \\tau$`);
    expect(report).toContain('<code><step>…</step></code>'); // inline code, its tag shown as text
    const others = decodeEntities(page('2026-03-15'));
    expect(others).toContain('Delta: Confidence-Aware KV | Cache Eviction');
    expect(others).toContain('$O(\\sqrt{n})$');
  });

  it('list imported papers on their category pages and in the feed', () => {
    const latent = decodeEntities(read(dist, 'categories/latent-reasoning/index.html'));
    expect(latent).toContain('/briefings/2026-03-08/#2603.01234');
    const memory = decodeEntities(read(dist, 'categories/memory/index.html'));
    expect(memory).toContain('/briefings/2026-03-15/#2603.44444');
    const rss = read(dist, 'rss.xml');
    expect(rss).toContain('/briefings/2026-03-08/');
    expect(rss).toContain('/briefings/2026-02-02/');
  });

  it('are found by search', async () => {
    const result = await searchBuiltSite(dist, 'EntroRoute');
    expect(result.hits.map((h) => h.url)).toContain('/briefings/2026-02-02/');
    const zh = await searchBuiltSite(dist, '复现笔记');
    expect(zh.hits.map((h) => h.url)).toContain('/briefings/2026-03-08/');
  });

  it('have no broken internal links or anchors (top-3 links point at the papers)', () => {
    const { broken, checked } = checkLinks(dist, '/', config.site.url);
    expect(checked).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });

  it.skipIf(!seeds.length)('include the real seeds, LaTeX intact', () => {
    expect(importLog.join('\n')).toContain('7 of 7 file(s) imported');
    const report = decodeEntities(page('2026-01-13'));
    expect(report).toContain(LATEX);
    expect(extractIds(page('2026-05-31'))).toContain('2605.24786'); // a row of the others table
    expect(decodeEntities(read(dist, 'categories/world-model/index.html'))).toContain('/briefings/2026-05-31/#2605.30263');
  });
});
