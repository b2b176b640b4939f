/**
 * Search on real briefings: two weeks of the Hugging Face Daily Papers corpus (../shared) replayed through
 * the pipeline (extractive writer) into an archive, built, and searched as a reader would, from Node and in
 * headless Chromium. The first result for 强化学习, 世界模型, "speculative decoding" and 持续学习 must be a
 * paper of that concept (never a day's overview), a paper of an others table is found by its title, and a
 * permalink lands on its paper. Skips with a message when ../shared is absent.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config as baseConfig } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { buildSite } from '../scripts/site/build.ts';
import { searchHitPages } from '../scripts/site/search.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { briefingsDirOf, daysFrom, openCorpus, replayDays, type Corpus } from '../scripts/eval/replay.ts';
import { readBriefingFile } from '../scripts/mdx/write.ts';
import type { Briefing } from '../src/schema/briefing.ts';
import { hasCorpus } from './helpers/rankedDay.ts';
import { hasChromium, noChromiumMessage, serveDist, withBrowser } from '../scripts/site/browser.ts';

/** Queries a reader types, and the categories whose papers are about them. */
const CONCEPTS: [string, string[]][] = [
  ['强化学习', ['post-training-rl', 'world-model']],
  ['世界模型', ['world-model']],
  ['speculative decoding', ['systems']],
  ['持续学习', ['continual-learning']],
];
const FROM = '2026-05-18';
const TO = '2026-05-31';

if (!hasCorpus) console.warn('[search-corpus] ../shared/corpus/hf-daily-papers.tar.xz is absent: skipping search on real briefings');

describe.skipIf(!hasCorpus)('search on two weeks of real briefings', () => {
  let root: string;
  let corpus: Corpus;
  let dist: string;
  const days: Briefing[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'pb-search-corpus-'));
    corpus = openCorpus(undefined);
    const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'extractive' } };
    await replayDays(daysFrom(FROM, TO), {
      corpus: corpus.dir,
      root,
      config,
      createWriter: (c, env) => createWriter(c, env, { now: () => new Date('2026-06-01T00:00:00Z') }),
      onDay: () => {},
    });
    const dir = briefingsDirOf(root, config);
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.mdx')).sort()) days.push((await readBriefingFile(path.join(dir, file), config)).frontmatter);
    dist = path.join(root, 'dist');
    const result = await buildSite({ briefingsDir: dir, distDir: dist });
    if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
  });

  afterAll(async () => {
    corpus?.cleanup();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const paperAt = (url: string) => {
    const [date, id] = url.replace(/^\/briefings\//, '').split('/#') as [string, string];
    return days.find((d) => d.date === date)?.papers.find((p) => p.id === decodeURIComponent(id));
  };

  it('replayed enough days to search', () => {
    expect(days.length).toBeGreaterThanOrEqual(10);
  });

  it('the first result of each concept query is a paper of that concept, not a day overview', async () => {
    for (const [term, slugs] of CONCEPTS) {
      const first = (await searchHitPages(dist, term)).pages[0]![0];
      expect(first?.kind, term).toBe('paper');
      const paper = paperAt(first!.url);
      expect(paper, `${term}: ${first!.url}`).toBeDefined();
      expect(paper!.category.some((c) => slugs.includes(c)), `${term}: ${paper!.title} (${paper!.category.join(', ')})`).toBe(true);
    }
  });

  it('a paper of an others table is found by its title', async () => {
    const day = days.at(-2)!;
    const other = day.papers.filter((p) => !p.featured).at(-1)!;
    expect((await searchHitPages(dist, other.title)).pages[0]![0]?.url).toBe(`/briefings/${day.date}/#${other.id}`);
  });

  if (!hasChromium) console.warn(`[search-corpus] ${noChromiumMessage}`);
  it.skipIf(!hasChromium)('in Chromium: the same first results on the search page, and a permalink lands on its paper', async () => {
    const site = await serveDist(dist);
    await withBrowser(async (context) => {
      const page = await context.newPage();
      for (const [term, slugs] of CONCEPTS) {
        await page.goto(`${site.origin}/search/?q=${encodeURIComponent(term)}`);
        const first = page.locator('.search-results > li').first();
        await first.waitFor({ timeout: 20_000 });
        const href = (await first.locator('h2 a').getAttribute('href'))!;
        const paper = paperAt(href);
        expect(paper, `${term}: ${href}`).toBeDefined();
        expect(paper!.category.some((c) => slugs.includes(c)), `${term}: ${paper!.title}`).toBe(true);
      }
      const last = days.at(-1)!;
      const other = last.papers.filter((p) => !p.featured)[0] ?? last.papers[0]!;
      // The permalink leads to the day the paper was first listed (an earlier briefing may have listed it).
      const first = days.find((d) => d.papers.some((p) => p.id === other.id))!;
      await page.goto(`${site.origin}/papers/${other.id}/`);
      await page.waitForURL(`**/briefings/${first.date}/#${other.id}`, { timeout: 15_000 });
      await expect.poll(async () => page.locator(`[id="${other.id}"]`).evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(true);
    }).finally(() => site.close());
  });
});
