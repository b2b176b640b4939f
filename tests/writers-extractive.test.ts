/**
 * The extractive writer: sentence picking, the briefing it writes (language, picks, follow list,
 * relation to interests, the "no LLM" notice), determinism and input checks.
 */
import { describe, expect, it } from 'vitest';
import { briefingSchema, config as baseConfig } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { extractiveContribution, writeExtractive } from '../scripts/writers/extractive.ts';
import { followCandidates } from '../scripts/writers/facts.ts';
import { cleanAbstract, pickSentences, shortTitle, splitSentences, venueFromComment } from '../scripts/writers/text.ts';
import { parseBriefing } from '../src/schema/briefing.ts';
import { t } from '../src/i18n/index.ts';
import { compileMdx, mdxTree, RENDER, visibleText } from './helpers/mdx.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

const NOW = new Date('2026-05-29T00:00:00Z');
const body = (mdx: string) => mdx.replace(/^---[\s\S]*?\n---\n/, '');
const withLanguage = (language: 'zh-CN' | 'en'): BriefingConfig => ({ ...baseConfig, language });

describe('sentences', () => {
  it('splits on sentence ends but not on abbreviations, decimals, initials or versions', () => {
    const text = 'We use e.g. GPT-4.5 and J. Smith et al. report 3.5x gains. Results improve by 12.3%. Fig. 2 shows it! Is it? yes. models. minWM provides code.';
    expect(splitSentences(text)).toEqual([
      'We use e.g. GPT-4.5 and J. Smith et al. report 3.5x gains.',
      'Results improve by 12.3%.',
      'Fig. 2 shows it!',
      'Is it? yes.',
      'models.',
      'minWM provides code.',
    ]);
    expect(splitSentences('中文句子。第二句！')).toEqual(['中文句子。', '第二句！']);
  });

  it('drops HF link trailers and keeps their URLs', () => {
    const c = cleanAbstract('We present X.\n  Project Page: [https://x.github.io/a](https://x.github.io/a)\nCode: https://github.com/o/x');
    expect(c.text).toBe('We present X.');
    expect(c.urls).toEqual(['https://x.github.io/a', 'https://github.com/o/x']);
  });

  it('picks contribution, problem, method, results and usage by role, each sentence once', () => {
    const s = splitSentences(
      'Agents remain brittle on long tasks. However, existing methods lack verifiable feedback. In this work, we propose Foo, a framework for agents. Specifically, Foo first synthesizes tasks and then trains with GRPO. Foo 2.0 improves success rate by 12.5% on SWE-bench. It also outperforms strong baselines. Code and checkpoints are publicly available.',
    );
    const p = pickSentences(s, { title: 'Foo 2.0: Agents' });
    // The opening is trimmed; the rest is the sentence verbatim, re-capitalised.
    expect(p.contribution).toBe('We propose Foo, a framework for agents.');
    expect(p.contributionSource).toBe('abstract');
    // Problem sentences are quoted together, so only the first must stand alone ("However" joins them).
    expect(p.problem).toEqual(['Agents remain brittle on long tasks.', 'However, existing methods lack verifiable feedback.']);
    expect(p.method).toEqual(['Foo first synthesizes tasks and then trains with GRPO.']);
    expect(p.results).toEqual(['Foo 2.0 improves success rate by 12.5% on SWE-bench.', 'It also outperforms strong baselines.']);
    expect(p.usage).toEqual(['Code and checkpoints are publicly available.']);
    const all = [p.contribution, ...p.problem, ...p.method, ...p.results, ...p.usage];
    expect(new Set(all).size).toBe(all.length);
  });

  it('does not take a version number from the title for a result', () => {
    const p = pickSentences(['We present AgentDoG 1.5, a guardrail.', 'Finally, we deploy AgentDoG 1.5 online.'], { title: 'AgentDoG 1.5: Safety' });
    expect(p.results).toEqual([]);
  });

  it('short titles and venues', () => {
    expect(shortTitle('minWM: A Full-Stack Framework')).toBe('minWM');
    expect(shortTitle('A Very Long Title Without Any Colon At All')).toBe('A Very Long Title Without Any Colon At All');
    expect(venueFromComment('Accepted to ACL 2026 Findings; 12 pages')).toBe('ACL 2026 Findings');
    expect(venueFromComment('12 pages, 5 figures')).toBeNull();
    expect(venueFromComment(null, 'Nature 612 (2026)')).toBe('Nature 612 (2026)');
  });
});

describe('extractive briefing', () => {
  const day = syntheticRankedDay(14, 5);

  it('is the default writer, needs no key and makes no calls', async () => {
    const writer = createWriter(baseConfig, {}, { now: () => NOW });
    expect(writer.kind).toBe('extractive');
    const result = await writer.write(day);
    expect(result.usage).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0, cached: 0, fallbacks: 0 });
    const fm = parseBriefing(briefingSchema, result.draft.frontmatter);
    expect(fm.generator).toMatchObject({ writer: 'extractive', model: null });
    expect(fm.generator.tokens).toBeUndefined();
    expect(fm.papers.every((p) => p.summarizer === 'extractive')).toBe(true);
  });

  it('is deterministic', () => {
    expect(renderBriefingMdx(writeExtractive(day, baseConfig, NOW), RENDER)).toBe(renderBriefingMdx(writeExtractive(syntheticRankedDay(14, 5), baseConfig, NOW), RENDER));
  });

  it('features the top K, picks the top 3 by rank with an alternate, and lists the rest', () => {
    const draft = writeExtractive(day, baseConfig, NOW);
    const fm = parseBriefing(briefingSchema, draft.frontmatter);
    const ids = day.papers.map((p) => p.id);
    expect(fm.papers.map((p) => p.id)).toEqual(ids);
    expect(fm.papers.filter((p) => p.featured).map((p) => p.id)).toEqual(ids.slice(0, baseConfig.writer.topK));
    expect(fm.papers.filter((p) => p.pick).map((p) => p.id)).toEqual(ids.slice(0, 3));
    expect(draft.body.top?.map((t) => t.id)).toEqual(ids.slice(0, 3));
    expect(draft.body.alternate?.id).toBe(ids[3]);
    expect(draft.body.writeups?.map((w) => w.id)).toEqual(ids.slice(0, baseConfig.writer.topK));
    // Every paper, featured or not, has a one-line contribution: the "we propose" sentence.
    for (const p of fm.papers) expect(p.contribution).toMatch(/^We propose Method\d+/);
    expect(fm.categories[0]).toBeDefined();
  });

  it('writes Chinese prose by default around English quotes, and English by config', () => {
    const zh = renderBriefingMdx(writeExtractive(day, withLanguage('zh-CN'), NOW), RENDER);
    const en = renderBriefingMdx(writeExtractive(day, withLanguage('en'), NOW), RENDER);
    const zhText = visibleText(mdxTree(body(zh)));
    const enText = visibleText(mdxTree(body(en)));
    for (const [lang, text] of [['zh-CN', zhText], ['en', enText]] as const) {
      expect(text).toContain(t(lang, 'writer.problem'));
      expect(text).toContain(t(lang, 'body.papers'));
    }
    expect(enText).not.toMatch(/[\u4e00-\u9fff]/);
    for (const text of [zhText, enText]) {
      expect(text).toContain('We propose Method1, a framework that couples environment synthesis with verifiable rewards.');
      expect(text).toMatch(/improves success rate by [\d.]+% over strong baselines on 3 benchmarks\./);
    }
  });

  it('names the matched interests by their configured labels, in the briefing language', () => {
    const zh = writeExtractive(day, withLanguage('zh-CN'), NOW);
    const relation = zh.body.writeups?.[0]?.sections?.find((s) => s.kind === 'relation')?.body ?? '';
    const first = day.papers[0]!;
    const interest = baseConfig.reader.interests.find((i) => i.id === first.topics[0])!;
    expect(visibleText(mdxTree(relation))).toContain(interest.label.zh);
    const en = writeExtractive(day, withLanguage('en'), NOW);
    expect(visibleText(mdxTree(en.body.writeups?.[0]?.sections?.find((s) => s.kind === 'relation')?.body ?? ''))).toContain(interest.label.en);
    // A paper without matched interests says so instead of inventing a link.
    const unmatched = day.papers.findIndex((p) => p.topics.length === 0);
    expect(visibleText(mdxTree(zh.body.writeups?.[unmatched]?.sections?.find((s) => s.kind === 'relation')?.body ?? ''))).toBe(t('zh-CN', 'writer.noRelation'));
    // The reader's name is not repeated in every paper's prose.
    for (const w of zh.body.writeups ?? []) for (const section of w.sections ?? []) expect(section.body).not.toContain(baseConfig.reader.name);
  });

  it('follows repositories by verified stars, and never shows unverified stars', () => {
    const draft = writeExtractive(day, baseConfig, NOW);
    const fm = parseBriefing(briefingSchema, draft.frontmatter);
    const candidates = followCandidates(day, baseConfig);
    const verified = candidates.filter((c) => c.follow.verified).map((c) => c.follow.stars!);
    expect(verified).toEqual([...verified].sort((a, b) => b - a));
    expect(fm.follow.map((f) => f.name)).toEqual(candidates.slice(0, 3).map((c) => c.follow.name));
    for (const f of fm.follow) if (!f.verified) expect(f.stars).toBeNull();
    for (const p of fm.papers) {
      const src = day.papers.find((x) => x.id === p.id)!;
      if (!src.repoFacts?.verified) expect(p.stars).toBeNull();
    }
  });

  it('writes no section rather than a stock sentence when the abstract has nothing for it', () => {
    const d = syntheticRankedDay(2, 9, (p) => ({ ...p, abstract: 'We introduce a new agent framework. It works well in practice.', aiSummary: null, repo: null, repoFacts: null, projectPage: null, comment: null }));
    const draft = writeExtractive(d, baseConfig, NOW);
    const kinds = draft.body.writeups?.[0]?.sections?.map((s) => s.kind);
    // No numbers, no usage facts, no method sentence: only what there is to say.
    expect(kinds).not.toContain('results');
    expect(kinds).not.toContain('usage');
    expect(kinds).not.toContain('innovations');
    expect(kinds).toContain('relation');
  });

  it('offers an idea only for two featured papers that share matched phrases, and says what they share', () => {
    const d = syntheticRankedDay(4, 5, (p, i) => ({ ...p, matches: i < 2 ? { 'llm-agent': ['tool use', `only-${i}`] } : ({ reasoning: [`alone-${i}`] } as Record<string, string[]>) }));
    const draft = writeExtractive(d, { ...baseConfig, writer: { ...baseConfig.writer, topK: 4 } }, NOW);
    expect(draft.body.ideas).toHaveLength(1);
    expect(draft.body.ideas![0]!.body).toContain(t(baseConfig.language, 'writer.ideaBody', { phrases: 'tool use', first: '', firstContribution: '', second: '', secondContribution: '' }).split('\n')[0]);
    const none = writeExtractive(syntheticRankedDay(3, 5, (p, i) => ({ ...p, matches: { x: [`own-${i}`] } })), baseConfig, NOW);
    expect(none.body.ideas).toEqual([]);
  });

  it('handles tiny days: one paper, and no papers at all', () => {
    for (const n of [0, 1]) {
      const draft = writeExtractive(syntheticRankedDay(n, 2), baseConfig, NOW);
      const mdx = renderBriefingMdx(draft, RENDER);
      expect(() => compileMdx(body(mdx))).not.toThrow();
      expect(parseBriefing(briefingSchema, draft.frontmatter).summary).toContain(t(baseConfig.language, 'writer.summary.papers', { count: n }));
    }
  });

  it('rejects a malformed day with an error naming the field', () => {
    const bad = syntheticRankedDay(3, 1, (p, i) => (i === 2 ? { ...p, id: 'abc' } : p));
    expect(() => writeExtractive(bad, baseConfig, NOW)).toThrow(/RankedDay 2026-05-29: papers\[2\]\.id: not an arXiv id: "abc"/);
    const dup = syntheticRankedDay(3, 1, (p, i, ) => (i === 1 ? { ...p, id: '2605.00001' } : i === 2 ? { ...p, id: '2605.00001' } : p));
    expect(() => writeExtractive(dup, baseConfig, NOW)).toThrow(/duplicate paper 2605\.00001/);
  });

  it('falls back to the AI summary when no sentence states a contribution', () => {
    const [p] = syntheticRankedDay(1, 4, (x) => ({ ...x, abstract: 'Agents are popular. They are hard to train.', aiSummary: 'A method improves agents. More text.' })).papers;
    expect(extractiveContribution(p!)).toBe('A method improves agents.');
  });
});
