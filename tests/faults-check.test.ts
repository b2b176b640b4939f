/**
 * Property (issue 13 defect 5): anything the pipeline writes passes `npm run check`, and the site can render
 * it. Random titles, abstracts, HF summaries and model output, heavy in what looks like the briefing's own
 * dialect (`<Paper id="…">`, `\</Paper>`, `<Section kind>`, fences of every indentation, code spans), go
 * through the real writers (extractive, and the LLM writer through the openai SDK against a local server)
 * and the real renderer; the file must then have no problem for `scripts/check-content.ts` (what `npm run
 * check` runs on the archive), and the loader's path (component lines → markers → Markdown → split) must
 * give back exactly the papers the frontmatter features.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { markdownToHtml } from 'satteri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBriefingText } from '../scripts/check-content.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { writeBriefingFile } from '../scripts/mdx/write.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { startMockOpenAI, kindOf, validDayNote, validPaperNote, completion, type ChatRequest, type MockServer } from '../scripts/testing/openaiServer.ts';
import type { RankedDay } from '../scripts/pipeline/types.ts';
import { briefingSchema, config as baseConfig } from '../src/config.ts';
import { bodyToMarkdown, splitRenderedBody, type BodySegment } from '../src/lib/briefingBody.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

const RUNS = Number(process.env.FC_RUNS ?? 60);
const NOW = () => new Date('2026-05-29T00:00:00Z');

/** Text that looks like the dialect, escaped the ways the pipeline escapes it, and the fences that fool line scanners. */
const dialect = fc.constantFrom(
  '<Paper id="2605.00001">', '</Paper>', '\\<Paper id\\=\\"x\\"\\>', '\\</Paper>', '<Section kind="why">', '</Section>', '\\<Section kind\\=\\"top\\"\\>',
  '\n<Paper id="2605.00001">\n', '\n</Paper>\n', '\n</Section>\n', '\n<Section kind="overview">\n', '<FollowList />', '\n<OtherPapers />\n', '<Foo>', '<Paper>',
  '`<Paper id="x">`', '`</Section>`', '``</Paper>``', '\n```\n', '\n    ```\n', '\n   ```\n', '\n        ```\n', '\n~~~\n', '\n```js\n', '\n````\n', '\n\t```\n',
  '\n> </Paper>\n', '\n- </Section>\n', '<!--pb:follow-->', '<!--pb:/paper-->', '\nimport x from "y"\n', '{', '}', '<', '>', '\\', '\\\\', '&lt;', '"', '=',
  'mail@example.com', 'https://arxiv.org/abs/2605.00001', '中文', ' ', '\n\n',
);
const hostile = fc.array(fc.oneof({ weight: 3, arbitrary: dialect }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

const FILE = '2026-05-29.mdx';

/** Problems `npm run check` would report for this file text, and the papers the site's render path finds. */
function checkAndRender(mdx: string): { problems: string[]; papers: string[] } {
  const problems = checkBriefingText(FILE, mdx, briefingSchema).map((p) => p.message);
  const { body } = splitFrontmatter(mdx, FILE);
  const html = markdownToHtml(bodyToMarkdown(body), { features: { gfm: true, smartPunctuation: false } }).html;
  const papers: string[] = [];
  const walk = (segments: BodySegment[]): void => {
    for (const s of segments) {
      if (s.kind === 'paper') papers.push(s.id);
      else if (s.kind === 'section') walk(s.parts);
    }
  };
  walk(splitRenderedBody(html));
  return { problems, papers };
}

function featuredIds(mdx: string): string[] {
  const data = splitFrontmatter(mdx, FILE).data as { papers: Array<{ id: string; featured: boolean }> };
  return data.papers.filter((p) => p.featured).map((p) => p.id);
}

describe('property: the pipeline output passes npm run check', () => {
  it('extractive writer: hostile titles, abstracts and HF summaries', async () => {
    const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'extractive', topK: 2 } };
    const writer = createWriter(config, {}, { now: NOW });
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (title, abstract, aiSummary) => {
        const day = syntheticRankedDay(4, 3, (p, i) => (i < 2 ? { ...p, title: `${title} ${i}`, abstract: `We propose ${abstract}. ${abstract}`, aiSummary, aiKeywords: [title] } : p));
        const mdx = renderBriefingMdx((await writer.write(day)).draft, config);
        const { problems, papers } = checkAndRender(mdx);
        expect(problems).toEqual([]);
        expect(papers).toEqual(featuredIds(mdx));
      }),
      { numRuns: RUNS },
    );
  });

  describe('LLM writer (model output through the openai SDK)', () => {
    let server: MockServer;
    beforeAll(async () => {
      server = await startMockOpenAI();
    });
    afterAll(async () => {
      await server?.close();
    });

    /** Every string of a valid answer replaced by hostile text (ids kept, so the answer still names the day's papers). */
    function hostileAnswer(value: unknown, texts: string[], key = ''): unknown {
      if (typeof value === 'string') return /^(id|categories)$/.test(key) ? value : texts[(texts.length + value.length) % texts.length];
      if (Array.isArray(value)) return value.map((v) => hostileAnswer(v, texts, key));
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostileAnswer(v, texts, k)]));
      return value;
    }

    it('hostile prose in every field of the paper and day answers', async () => {
      const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', topK: 2, concurrency: 2, maxRetries: 0, timeoutMs: 5_000 } };
      await fc.assert(
        fc.asyncProperty(fc.array(hostile, { minLength: 3, maxLength: 6 }), async (texts) => {
          server.setScript((req: ChatRequest) => {
            const valid = kindOf(req) === 'day' ? validDayNote(req) : validPaperNote(req);
            return { body: completion(JSON.stringify(hostileAnswer(valid, texts))) };
          });
          const writer = createWriter(config, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL, BRIEFING_MODEL: 'mock-model' }, { cache: createMemoryCache(), now: NOW, log: () => {} });
          const day: RankedDay = syntheticRankedDay(4, 5);
          const mdx = renderBriefingMdx((await writer.write(day)).draft, config);
          const { problems, papers } = checkAndRender(mdx);
          expect(problems).toEqual([]);
          expect(papers).toEqual(featuredIds(mdx));
        }),
        { numRuns: Math.max(10, Math.round(RUNS / 3)) },
      );
    });
  });
});

describe('npm run check on files the pipeline wrote', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'faults-check-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('escaped component tags and indented fences in titles and abstracts are no problem', async () => {
    const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'extractive', topK: 2 } };
    const titles = ['\\<Paper id\\=\\"2605.00001\\"\\>', 'A title ending \\</Paper>', '<Section kind="why"> in a title'];
    const abstract = 'We propose <Paper id="2605.00001"> as a tag.\n```\n    ```\n</Paper>\nand \\</Section> in text.';
    const day = syntheticRankedDay(4, 3, (p, i) => (i < 3 ? { ...p, title: titles[i]!, abstract, aiSummary: abstract } : p));
    const { draft } = await createWriter(config, {}, { now: NOW }).write(day);
    await writeBriefingFile(draft, { config, dir, force: true });
    const r = spawnSync(process.execPath, ['scripts/check-content.ts', '--dir', dir], { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('1 briefing(s)');
  });
});
