/**
 * Real corpus days (../shared/corpus) written end to end with both writers — the extractive one and
 * the LLM one through the real SDK against the local server — validated by the schema, written with
 * `writeBriefingFile`, read back, and rendered by the site (`astro build` of the written archive).
 * Skipped with a message when ../shared is absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config as baseConfig } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { buildSite } from '../scripts/site/build.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { extractiveContribution } from '../scripts/writers/extractive.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { t } from '../src/i18n/index.ts';
import { decodeEntities, read } from './helpers/dist.ts';
import { compileMdx, mdxTree, visibleText } from './helpers/mdx.ts';
import { startMockOpenAI, validScript, type MockServer } from '../scripts/testing/openaiServer.ts';
import { hasCorpus, rankedDayFromHf, readCorpusDay } from './helpers/rankedDay.ts';

if (!hasCorpus) console.warn('writers-corpus: ../shared/corpus/hf-daily-papers.tar.xz is absent; skipping the corpus tests');

const NOW = () => new Date('2026-05-30T00:00:00Z');
const body = (mdx: string) => mdx.replace(/^---[\s\S]*?\n---\n/, '');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!hasCorpus)('real corpus days through both writers (../shared/corpus)', () => {
  let server: MockServer;
  let work: string;
  let archive: string;
  beforeAll(async () => {
    server = await startMockOpenAI(validScript);
    work = mkdtempSync(path.join(os.tmpdir(), 'pb-writers-corpus-'));
    archive = path.join(work, 'briefings');
  });
  afterAll(async () => {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  });

  // 2025-07-22: mid-2025 schema (ai_summary, githubRepo); 2026-01-13: a seed day; 2026-05-29: newest schema.
  it.each(['2025-07-22', '2026-01-13', '2026-05-29'])('extractive: %s is valid, compiles, and quotes the abstracts verbatim', async (date) => {
    const day = rankedDayFromHf(readCorpusDay(date), date, { verifiedRepos: date === '2026-05-29' });
    const result = await createWriter(baseConfig, {}, { now: NOW }).write(day);
    const written = await writeBriefingFile(result.draft, { config: baseConfig, dir: archive });
    expect(written.status).toBe('created');
    const back = await readBriefingFile(written.path, baseConfig);
    expect(back.edited).toBe(false);
    expect(back.frontmatter.generator.writer).toBe('extractive');
    const featured = back.frontmatter.papers.filter((p) => p.featured);
    expect(featured).toHaveLength(Math.min(baseConfig.writer.topK, day.papers.length));
    expect(() => compileMdx(back.body)).not.toThrow();
    const text = squash(visibleText(mdxTree(back.body)));
    expect(text.length).toBeGreaterThan(0);
    // The one-line contribution sits in the frontmatter (the site shows it in the paper's header).
    for (const p of day.papers.slice(0, featured.length)) {
      expect(squash(featured.find((f) => f.id === p.id)?.contribution ?? '')).toBe(squash(extractiveContribution(p)));
    }
    // Rewriting the same day is a no-op.
    expect((await writeBriefingFile(result.draft, { config: baseConfig, dir: archive })).status).toBe('unchanged');
  });

  it('llm: a real day through the SDK and the local server', async () => {
    const date = '2026-05-28';
    const day = rankedDayFromHf(readCorpusDay(date), date);
    const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', maxRetries: 0 } };
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL };
    const result = await createWriter(config, env, { now: NOW, cache: createMemoryCache(), log: () => {} }).write(day);
    // One call per featured paper, one for the day, one or two for the others table.
    const calls = result.usage.calls;
    expect(calls).toBeGreaterThanOrEqual(config.writer.topK + 2);
    expect(calls).toBeLessThanOrEqual(config.writer.topK + 3);
    expect(result.usage.fallbacks).toBe(0);
    const written = await writeBriefingFile(result.draft, { config: baseConfig, dir: archive });
    const back = await readBriefingFile(written.path, baseConfig);
    expect(back.frontmatter.generator).toMatchObject({ writer: 'llm', model: config.writer.model, provider: 'openai', tokens: { input: calls * 1000, output: calls * 300 } });
    expect(() => compileMdx(back.body)).not.toThrow();
    expect(body(written.content)).toContain('<Paper id="');
  });

  it('the site renders the written days', async () => {
    const dist = path.join(work, 'dist');
    const result = await buildSite({ briefingsDir: archive, distDir: dist });
    expect(result.code, result.output.slice(-3000)).toBe(0);
    const extractive = decodeEntities(read(dist, 'briefings/2026-05-29/index.html'));
    expect(extractive).toContain(t(baseConfig.language, 'notes.writtenWithoutLlm'));
    const day = rankedDayFromHf(readCorpusDay('2026-05-29'), '2026-05-29');
    expect(squash(extractive)).toContain(squash(extractiveContribution(day.papers[0]!)));
    const llm = decodeEntities(read(dist, 'briefings/2026-05-28/index.html'));
    expect(llm).toContain('Headline for');
    // The others table's titles in the briefing language, beside the original.
    expect(llm).toMatch(/<span class="local-title" lang="zh-CN"><br\/?>译名：/);
    // The page says which model wrote it.
    expect(llm).toContain(t(baseConfig.language, 'notes.writtenBy', { model: baseConfig.writer.model, provider: t(baseConfig.language, 'notes.provider.openai'), sources: 'Hugging Face Daily Papers' }).split('Hugging Face')[0]);
    expect(llm).not.toMatch(/<script>alert/);
  }, 600_000);
});
