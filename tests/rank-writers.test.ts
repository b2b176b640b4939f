/**
 * The writers at the relevance floor (generated days, always runs): only papers above the floor are
 * featured (up to writer.topK); a thin day says plainly that nothing relates directly, names the closest
 * near-misses as such, and presents no paper as a pick; the overview says how many papers were screened.
 * The LLM writer makes no day call on a thin day.
 */
import { t } from '../src/i18n/index.ts';
import { describe, expect, it } from 'vitest';
import { briefingSchema, config as baseConfig } from '../src/config.ts';
import { type BriefingConfig } from '../src/schema/config.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import type { RankedDay } from '../scripts/pipeline/types.ts';
import { FEATURE_FLOOR, LIST_FLOOR } from '../scripts/rank/floor.ts';
import { rankPhrases } from '../scripts/rank/phrases.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { featuredCount } from '../scripts/writers/draft.ts';
import { writeExtractive } from '../scripts/writers/extractive.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { parseBriefing } from '../src/schema/briefing.ts';
import { compileMdx, mdxTree, visibleText } from './helpers/mdx.ts';
import { startMockOpenAI, type MockServer } from '../scripts/testing/openaiServer.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

const NOW = new Date('2026-05-29T00:00:00Z');
const withLanguage = (language: BriefingConfig['language']): BriefingConfig => ({ ...baseConfig, language });

/** A generated day cut like the ranker cuts it: `relevant` papers above the floor, of `screened` ranked. */
function cutDay(relevant: number, listed = 8, screened = 12): RankedDay {
  const day = syntheticRankedDay(listed, 3);
  day.papers.forEach((p, i) => {
    p.band = i < relevant ? 'relevant' : 'listed';
    if (i >= relevant) {
      p.relevance = 0.1;
      p.topics = [];
      p.matches = {};
    }
  });
  return { ...day, cut: { relevant, listed, screened, floor: FEATURE_FLOOR, listFloor: LIST_FLOOR } };
}

describe('featured papers follow the relevance floor', () => {
  it('features the papers above the floor, at most writer.topK; without a cut, every paper counts', () => {
    expect(featuredCount(cutDay(3), baseConfig)).toBe(3);
    expect(featuredCount(cutDay(8), { ...baseConfig, writer: { ...baseConfig.writer, topK: 5 } })).toBe(5);
    expect(featuredCount(cutDay(0), baseConfig)).toBe(0);
    expect(featuredCount(syntheticRankedDay(8, 3), baseConfig)).toBe(8);
  });

  it('a day with picks says how many papers were screened, and lists only the papers above the listing floor', () => {
    const day = cutDay(3);
    const draft = writeExtractive(day, withLanguage('zh-CN'), NOW);
    const fm = parseBriefing(briefingSchema, draft.frontmatter);
    expect(fm.papers).toHaveLength(8);
    expect(fm.papers.filter((p) => p.featured).map((p) => p.id)).toEqual(day.papers.slice(0, 3).map((p) => p.id));
    expect(fm.papers.filter((p) => p.pick).map((p) => p.id)).toEqual(day.papers.slice(0, 3).map((p) => p.id));
    expect(draft.body.overview).toContain(rankPhrases('zh-CN').screened({ screened: 12, listed: 8, relevant: 3 }));
    expect(draft.body.overview).not.toContain(rankPhrases('zh-CN').noneRelevant);
  });
});

describe('a thin day', () => {
  it.each(['zh-CN', 'en'] as const)('says plainly that nothing relates directly, names the near-misses as such, picks nothing (%s)', (language) => {
    const day = cutDay(0, 5, 9);
    const ph = rankPhrases(language);
    const draft = writeExtractive(day, withLanguage(language), NOW);
    const fm = parseBriefing(briefingSchema, draft.frontmatter);
    expect(fm.papers).toHaveLength(5);
    expect(fm.papers.some((p) => p.featured || p.pick)).toBe(false);
    expect(draft.body.writeups).toEqual([]);
    expect(draft.body.top).toEqual([]);
    expect(draft.body.alternate).toBeUndefined();
    expect(fm.summary.startsWith(ph.noneRelevant)).toBe(true);
    const mdx = renderBriefingMdx(draft, baseConfig);
    expect(() => compileMdx(mdx)).not.toThrow();
    const text = visibleText(mdxTree(draft.body.overview ?? ''));
    expect(text).toContain(ph.noneRelevant);
    expect(text).toContain(ph.screened({ screened: 9, listed: 5, relevant: 0 }).replace(/\s+/g, ' '));
    // The three closest papers are named, under the near-miss sentence, never as relevant picks.
    const near = text.slice(text.indexOf(ph.noneRelevant));
    for (const p of day.papers.slice(0, 3)) expect(near).toContain(p.title.split(':')[0]!);
    expect(text).not.toContain(t(language, 'writer.summary.best', { title: '' }).replace(/[。.]$/, '').trim());
  });

  it('the LLM writer writes no day call for it (and no paper calls)', async () => {
    const server: MockServer = await startMockOpenAI();
    try {
      const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', maxRetries: 0, timeoutMs: 5_000 } };
      const writer = createWriter(config, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL }, { cache: createMemoryCache(), now: () => NOW, log: () => {} });
      const result = await writer.write(cutDay(0, 5, 9));
      expect(result.usage.calls).toBe(0);
      expect(server.chats).toHaveLength(0);
      expect(result.draft.body.overview).toContain(rankPhrases('zh-CN').noneRelevant);
    } finally {
      await server.close();
    }
  });
});
