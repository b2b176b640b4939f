/**
 * Hostile text from the sources and the model (issue 13 defect 11): a 200 KB title or abstract is capped
 * and the cut is marked (it used to make a 242 KB day page), bidi overrides and zero-width characters are
 * removed, listing items that are not papers are counted in the source note instead of vanishing, and an
 * e-mail address in prose stays text instead of becoming a mailto: link. Runs go through `runBriefing`
 * against a local Hugging Face fault server, so the text takes the path real text takes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { markdownToHtml } from 'satteri';
import { afterAll, describe, expect, it } from 'vitest';
import settings from '../briefing.config.ts';
import astroConfig from '../astro.config.mjs';
import { capText, CUT_MARK, stripInvisible, TEXT_LIMITS } from '../lib/untrusted.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { runBriefing } from '../scripts/pipeline/run.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { t, template } from '../src/i18n/index.ts';
import { bodyToMarkdown } from '../src/lib/briefingBody.ts';
import { resolveConfig } from '../src/schema/config.ts';
import { fault, startFaultServer } from './helpers/faults.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

const BIDI = '\u202E';
/** The words that say a text was cut, up to the count. */
const cutWords = (language: 'zh-CN' | 'en'): string => template(language, 'text.cut').split('{count}')[0]!;
const INVISIBLES = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

describe('stripInvisible and capText', () => {
  it('removes bidi controls and zero-width characters, keeping the joiner inside an emoji sequence', () => {
    expect(stripInvisible(`Safe${BIDI}txt.exe\u2066 title\u200B with\uFEFF marks\u200E`)).toBe('Safetxt.exe title with marks');
    const family = '👩\u200D👩\u200D👧';
    expect(stripInvisible(`${family} and a\u200Db`)).toBe(`${family} and ab`);
  });

  it('cuts at a sentence end, else a word end, marks the cut, and never splits a surrogate pair', () => {
    expect(capText('Short.', 10)).toEqual({ text: 'Short.', cut: false });
    expect(capText('First sentence here. Second sentence is much longer than the cap allows.', 40)).toEqual({ text: `First sentence here.${CUT_MARK}`, cut: true });
    expect(capText('one two three four five six seven eight', 20)).toEqual({ text: `one two three four${CUT_MARK}`, cut: true });
    const emoji = capText('😀'.repeat(50), 12);
    expect(emoji.text.endsWith(CUT_MARK)).toBe(true);
    expect(emoji.text.length).toBeLessThanOrEqual(12);
    expect(emoji.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('hostile listings through a live run', () => {
  const hugeTitle = `A title ${'that never ends '.repeat(14_000)}`;
  // One sentence that never ends: any quote of it is a cut quote.
  const hugeAbstract = `We propose a tool-use LLM agent trained with reinforcement learning that ${'keeps going without a full stop '.repeat(6_000)}`;
  const items = [
    { paper: { id: '2605.40000', title: `Spoofed ${BIDI}gnp.exe\u2066 agent\u200B title`, summary: `We propose an LLM agent for tool use with reinforcement learning.\u200B Mail the authors at team@example.org for the code.`, authors: [{ name: `Eve${BIDI}` }], upvotes: 9 } },
    { paper: { id: '2605.40001', title: hugeTitle, summary: hugeAbstract, authors: Array.from({ length: 500 }, (_, i) => ({ name: `Author ${i}` })), upvotes: 8 } },
    ...Array.from({ length: 10 }, (_, i) => ({ paper: { id: `2605.4100${i}`, title: `Tool-use agent paper ${i}`, summary: `We train LLM agents for tool use with reinforcement learning, variant ${i}.`, authors: [{ name: 'Ada' }], upvotes: 5 } })),
    // Three items no paper can be made of: no id, not an arXiv id, no title.
    { paper: { title: 'No id at all' } },
    { paper: { id: 'not-an-id', title: 'Not an arXiv paper' } },
    { paper: { id: '2605.49999', title: '   ' } },
  ];

  it('caps the texts (marked), strips invisible characters and counts the skipped items', async () => {
    const hf = await startFaultServer((req) => (/^\/api\/(models|datasets)/.test(req.url.pathname) ? fault.json([]) : req.url.searchParams.get('date') === '2026-05-01' ? fault.json(items) : fault.emptyListing()));
    const config = resolveConfig(settings, { HF_BASE_URL: hf.url, BRIEFING_WRITER: 'extractive' });
    const cfg = { ...config, sources: { ...config.sources, facts: { ...config.sources.facts, arxiv: { ...config.sources.facts.arxiv, enabled: false }, github: { ...config.sources.facts.github, enabled: false } } } };
    const root = mkdtempSync(path.join(tmpdir(), 'faults-text-'));
    temps.push(root);
    let now = Date.parse('2026-05-02T00:30:00Z');
    try {
      const r = await runBriefing(
        { date: '2026-05-02' },
        { config: cfg, root, env: {}, createWriter: (c, e) => createWriter(c, e, { now: () => new Date(now) }), writeBriefingFile, clientOptions: { now: () => now, sleep: async (ms) => void (now += ms) }, now: () => now },
      );
      expect(r.outcome).toBe('published');
      const text = readFileSync(r.path!, 'utf8');
      // The whole day file is small again (a 210 KB title and a 210 KB abstract came in).
      expect(text.length).toBeLessThan(60_000);
      expect(text).not.toMatch(INVISIBLES);
      const { frontmatter } = await readBriefingFile(r.path!, cfg);
      const long = frontmatter.papers.find((p) => p.id === '2605.40001')!;
      expect(long.title.length).toBeLessThanOrEqual(TEXT_LIMITS.title);
      expect(long.title.endsWith(CUT_MARK)).toBe(true);
      expect(long.authors).toHaveLength(TEXT_LIMITS.authors);
      expect(long.authors.at(-1)).toBe(`${CUT_MARK} (+${500 - TEXT_LIMITS.authors + 1})`);
      expect(frontmatter.papers.find((p) => p.id === '2605.40000')!.title).toBe('Spoofed gnp.exe agent title');
      // The source note counts the three items it skipped.
      expect(frontmatter.sources[0]!.note).toContain(t(cfg.language, 'source.dropped', { count: 3 }));
      // A quote from the cut abstract, if the writer used one, carries the cut in words.
      // The one-line contribution quotes that endless sentence: cut, and the cut is marked.
      expect(long.contribution.length).toBeLessThanOrEqual(TEXT_LIMITS.line);
      expect(long.contribution.endsWith(CUT_MARK)).toBe(true);
    } finally {
      await hf.close();
    }
  });
});

describe('runaway model output', () => {
  it('a 200 KB section is capped at the renderer, and the cut is said in the briefing language', async () => {
    const config = { ...resolveConfig(settings, {}), writer: { ...resolveConfig(settings, {}).writer, topK: 2 } };
    const { draft } = await createWriter(config, {}, { now: () => new Date('2026-05-29T00:00:00Z') }).write(syntheticRankedDay(4, 3));
    const runaway = 'The model repeats itself. '.repeat(8_000);
    draft.body.overview = runaway;
    draft.body.writeups![0]!.sections = [{ kind: 'why', body: `Because\u200B ${BIDI}reasons. ${runaway}` }];
    draft.body.writeups![0]!.headline = 'H'.repeat(5_000);
    const mdx = renderBriefingMdx(draft, config);
    expect(mdx.length).toBeLessThan(40_000);
    expect(mdx).not.toMatch(INVISIBLES);
    // Both prose fields say they were cut; the headline (a line) ends with the mark.
    expect(mdx.split(cutWords(config.language)).length - 1).toBe(2);
    expect(mdx).toContain(`${'H'.repeat(TEXT_LIMITS.line - CUT_MARK.length)}${CUT_MARK}`);
  });
});

describe('e-mail addresses in prose', () => {
  it('stay text in the site\'s Markdown processor, escaped or not; a written-out mailto link stays a link', async () => {
    const processor = (astroConfig as { markdown: { processor: { options: { mdastPlugins: unknown[]; features: object } } } }).markdown.processor;
    const render = (md: string) => markdownToHtml(md, { features: processor.options.features, mdastPlugins: processor.options.mdastPlugins as never }).html;
    const { escapeMarkdown } = await import('../scripts/mdx/escape.ts');
    for (const prose of ['Mail team@example.org for the code.', escapeMarkdown('Mail team@example.org or <x@y.org> for the code.')]) {
      const html = render(bodyToMarkdown(prose));
      expect(html).not.toContain('mailto:');
      expect(html).toContain('team@example.org');
    }
    expect(render('[write to us](mailto:team@example.org)')).toContain('href="mailto:team@example.org"');
  });
});
