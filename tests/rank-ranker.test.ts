/**
 * The ranker on generated papers (always runs): tokens and phrases, generic words that never carry a
 * paper, the floors and the cut, reasons in the briefing language, likes/dislikes, the per-run model, the
 * avoid list, the scorer seam, and categories on the same phrase model.
 */
import { t } from '../src/i18n/index.ts';
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { guessCategories, scoreCategories } from '../scripts/pipeline/categorize.ts';
import { cutDay, rankByInterest, type RankOptions } from '../scripts/pipeline/rank.ts';
import type { PaperRecord } from '../scripts/pipeline/types.ts';
import { paperDoc } from '../scripts/rank/docs.ts';
import { FEATURE_FLOOR, LIST_FLOOR } from '../scripts/rank/floor.ts';
import { trainLogistic, predict } from '../scripts/rank/model.ts';
import type { Interest } from '../src/schema/reader.ts';
import { rankPapers } from '../scripts/rank/rank.ts';
import type { PaperScorer } from '../scripts/rank/scorer.ts';
import { WEAK_ONLY_MAX, type Example } from '../scripts/rank/scorers.ts';
import { compilePhrase, countPhrase, prepare, terms, tokenSequence } from '../scripts/rank/text.ts';
import { Vocabulary } from '../scripts/rank/vectors.ts';
import { paperRecord } from './helpers/ranking.ts';

function record(id: string, title: string, abstract: string, over: Partial<PaperRecord> = {}): PaperRecord {
  return paperRecord(id, { title, abstract, authors: ['A. Author'], upvotes: 5, published: '2026-04-30', sources: ['Hugging Face Daily Papers'], ...over });
}

const interests: Interest[] = [
  { id: 'agents', label: { zh: '智能体', en: 'agents' }, keywords: ['agent', 'reasoning', 'RL', 'LoRA', 'model', 'learning', 'tool use', 'computer-use agent'], weight: 1 },
  { id: 'world', label: { zh: '世界模型', en: 'world models' }, keywords: ['world model', 'dreamer'], keywordsZh: ['世界模型'] },
];

function options(over: Partial<RankOptions> = {}): RankOptions {
  return { profile: { interests, avoid: ['image generation'] }, ranking: config.ranking, taxonomy: config.taxonomy, language: 'zh-CN', date: '2026-05-02', horizonDays: 7, ...over };
}

describe('tokens and phrases', () => {
  it('stems plurals, splits hyphens, makes CJK bigrams and keeps sentences apart', () => {
    expect(tokenSequence('World-Models for LLM智能体.')).toEqual(['world', 'model', 'for', 'llm', '智能', '能体', '|']);
    expect(tokenSequence('policies and analysis')).toEqual(['policy', 'and', 'analysis']);
    expect(terms('Tool use. Agents plan')).toEqual(['tool', 'use', 'tool use', 'agent', 'plan', 'agent plan']);
  });

  it('matches phrases as whole token sequences, never as substrings', () => {
    const text = prepare('We study speculative decoding and collective coding in the hippocampus. World models, too.');
    expect(countPhrase(text, compilePhrase('coding'))).toBe(1);
    expect(countPhrase(text, compilePhrase('code'))).toBe(0);
    expect(countPhrase(text, compilePhrase('world model'))).toBe(1);
    expect(countPhrase(text, compilePhrase('hippocampus world'))).toBe(0);
    expect(countPhrase(prepare('基于世界模型的规划'), compilePhrase('世界模型'))).toBe(1);
  });
});

describe('ranking by interests', () => {
  const generic = record('2605.00001', 'Agents, reasoning and RL with LoRA for large language models', 'A model for learning agents with reasoning and RL.', { upvotes: 500 });
  const phrase = record('2605.00002', 'World models for planning under uncertainty', 'We learn a world model of the environment and plan in it.', { upvotes: 0 });
  const passing = record('2605.00004', 'Planning under uncertainty', 'We plan in a learned world model.', { upvotes: 0 });
  const nothing = record('2605.00003', 'On the history of typography', 'Fonts through the ages.', { upvotes: 90 });

  it('generic single words never carry a paper: it ranks below one matching a phrase, whatever its upvotes', () => {
    const ranked = rankByInterest([generic, phrase, nothing, passing], options());
    expect(ranked.map((p) => p.id)).toEqual(['2605.00002', '2605.00004', '2605.00001', '2605.00003']);
    const [p, a, g, n] = ranked;
    expect(p!.band).toBe('relevant');
    expect(p!.topics).toEqual(['world']);
    // One passing mention in the abstract is listed, not featured, but still above generic words.
    expect(a!.band).toBe('listed');
    expect(a!.relevance).toBeLessThan(FEATURE_FLOOR);
    expect(g!.relevance).toBeLessThanOrEqual(WEAK_ONLY_MAX);
    expect(g!.relevance).toBeGreaterThanOrEqual(LIST_FLOOR);
    expect(g!.band).toBe('listed');
    expect(g!.topics).toEqual([]);
    expect(n!.relevance).toBe(0);
    expect(n!.band).toBe('screened');
    expect(FEATURE_FLOOR).toBeGreaterThan(WEAK_ONLY_MAX);
  });

  it('cuts the day: relevant papers first, listed ones after, screened ones only counted', () => {
    const { papers, cut } = cutDay(rankByInterest([nothing, generic, phrase], options()));
    expect(papers.map((p) => p.id)).toEqual(['2605.00002', '2605.00001']);
    expect(cut).toEqual({ relevant: 1, listed: 2, screened: 3, floor: FEATURE_FLOOR, listFloor: LIST_FLOOR });
  });

  it('is deterministic whatever the input order', () => {
    const a = rankByInterest([generic, phrase, nothing], options());
    expect(rankByInterest([nothing, phrase, generic], options())).toEqual(a);
  });

  it('says why in the briefing language: matched phrases, or the heaviest terms', () => {
    const zh = rankByInterest([phrase, nothing], options());
    expect(zh[0]!.reason).toBe(t('zh-CN', 'rank.reasonInterest', { label: '世界模型', phrases: 'world model' }));
    expect(zh[1]!.reason).toMatch(new RegExp(`^${t('zh-CN', 'rank.reasonTerms', { terms: '' })}`));
    const en = rankByInterest([phrase], options({ language: 'en' }));
    expect(en[0]!.reason).toBe(t('en', 'rank.reasonInterest', { label: 'world models', phrases: 'world model' }));
    expect(en[0]!.reasons).toEqual([{ kind: 'interest', interest: 'world', phrases: ['world model'], weak: false }]);
  });

  it('a paper at the crossing of two interests ranks above one that repeats a single phrase', () => {
    const both = record('2605.00010', 'Tool use with a world model', 'An agent plans tool use in a world model.');
    const one = record('2605.00011', 'World models', 'A world model. Another world model.');
    expect(rankByInterest([one, both], options()).map((p) => p.id)).toEqual(['2605.00010', '2605.00011']);
  });

  it('ranks a paper on a topic the reader avoids lower, less so when its title names an interest', () => {
    const plain = record('2605.00020', 'A world model for image generation', 'A world model.');
    const off = record('2605.00021', 'Image generation at scale', 'We scale image generation; a world model helps.');
    const [a, b] = rankByInterest([plain, off], options({ profile: { interests, avoid: [] } }));
    const [c, d] = rankByInterest([plain, off], options());
    expect(c!.relevance).toBeLessThan(a!.relevance);
    expect(d!.relevance).toBeLessThan(b!.relevance);
    // Title names an interest ("world model"): half the penalty.
    expect(c!.relevance / a!.relevance).toBeGreaterThan(d!.relevance / b!.relevance);
    expect(d!.matches['negative']).toEqual(['image generation']);
  });
});

describe('learning from the reader', () => {
  const speech = (id: string, title: string) => record(id, title, 'We improve automatic speech recognition for low-resource languages with self-supervised acoustic pretraining and a multilingual phoneme decoder.');
  const liked: Example[] = ['2604.00001', '2604.00002', '2604.00003'].map((id, i) => {
    const r = speech(id, ['Phoneme decoders for speech recognition', 'Acoustic pretraining for low-resource speech recognition', 'Multilingual speech recognition'][i]!);
    return { id, title: r.title, verdict: 'like' as const, doc: paperDoc({ id, title: r.title, abstract: r.abstract, keywords: [] }) };
  });
  const candidate = speech('2605.00030', 'Self-supervised speech recognition in the wild');
  const unrelated = record('2605.00031', 'Typography', 'Fonts through the ages and their history in print.');
  const background = Array.from({ length: 8 }, (_, i) => ({ id: `2603.0000${i}`, terms: terms(`Paper ${i} about graph neural networks, fonts, databases and compilers number ${i}`) }));

  it('a liked paper pulls similar ones up, and the reason names it', () => {
    const without = rankByInterest([candidate, unrelated], options());
    const withOne = rankByInterest([candidate, unrelated], options({ examples: liked.slice(0, 1) }));
    const c0 = without.find((p) => p.id === candidate.id)!;
    const c1 = withOne.find((p) => p.id === candidate.id)!;
    expect(c0.band).not.toBe('relevant');
    expect(c1.relevance).toBeGreaterThan(c0.relevance);
    expect(c1.band).toBe('relevant');
    expect(c1.reason).toContain(t('zh-CN', 'rank.reasonLike', { title: 'Phoneme decoders for speech recognition' }));
    expect(rankByInterest([candidate], options({ examples: liked.slice(0, 1), language: 'en' }))[0]!.reason).toContain('similar to “Phoneme decoders for speech recognition”, which you liked');
    expect(withOne.find((p) => p.id === unrelated.id)!.relevance).toBe(0);
  });

  it('a disliked paper is never featured, and papers like it rank lower', () => {
    const strong = record('2605.00040', 'World models for tool use', 'A world model for tool use.');
    const twin = record('2605.00041', 'World models for tool use, revisited', 'A world model for tool use, revisited.');
    const disliked: Example = { id: strong.id, title: strong.title, verdict: 'dislike', doc: paperDoc({ id: strong.id, title: strong.title, abstract: strong.abstract, keywords: [] }) };
    const before = rankByInterest([strong, twin], options());
    const after = rankByInterest([strong, twin], options({ examples: [disliked] }));
    expect(before.find((p) => p.id === strong.id)!.band).toBe('relevant');
    expect(after.find((p) => p.id === strong.id)!).toMatchObject({ band: 'screened', relevance: 0 });
    expect(after.find((p) => p.id === twin.id)!.relevance).toBeLessThan(before.find((p) => p.id === twin.id)!.relevance);
    expect(after.find((p) => p.id === twin.id)!.reason).toContain(t('zh-CN', 'rank.reasonDislike', { title: 'World models for tool use' }));
  });

  it('with enough labels trains a linear model per run: deterministic, explained by its heaviest terms', () => {
    const run = () => rankPapers([candidate, unrelated], options({ examples: liked, background }));
    const a = run();
    expect(run()).toEqual(a);
    const c = a.papers.find((p) => p.id === candidate.id)!;
    const model = c.reasons!.find((r) => r.kind === 'model');
    expect(model).toBeDefined();
    expect(model?.kind === 'model' && model.terms.some((t) => /speech|recognition|acoustic|phoneme/.test(t))).toBe(true);
    expect(c.reason).toContain(t('zh-CN', 'rank.reasonModel', { terms: '' }).trim());
    // Fewer than three likes: no model.
    expect(rankPapers([candidate], options({ examples: liked.slice(0, 2), background })).papers[0]!.reasons!.some((r) => r.kind === 'model')).toBe(false);
  });

  it('logistic regression separates its classes and gives the same weights every time', () => {
    const v = new Vocabulary();
    const docs = ['speech audio', 'speech voice', 'fonts print', 'fonts ink'].map((t) => terms(t));
    for (const d of docs) v.add(d);
    const data = docs.map((d, i) => ({ x: v.vector(d), y: (i < 2 ? 1 : 0) as 0 | 1, weight: 1 }));
    const m1 = trainLogistic(data);
    const m2 = trainLogistic(data);
    expect([...m1.weights]).toEqual([...m2.weights]);
    expect(predict(m1, v.vector(terms('speech')))).toBeGreaterThan(0.5);
    expect(predict(m1, v.vector(terms('fonts')))).toBeLessThan(0.5);
  });

  it('takes any further scorer through the same interface (the seam for e.g. embeddings)', () => {
    const extra: PaperScorer = { name: 'fixed', score: (docs) => docs.map((d) => (d.id === unrelated.id ? { boost: 0.5, reasons: [{ kind: 'liked' }] } : { reasons: [] })) };
    const ranked = rankByInterest([candidate, unrelated], options({ scorers: [extra] }));
    expect(ranked[0]!.id).toBe(unrelated.id);
    expect(ranked[0]!.relevance).toBe(0.5);
    expect(ranked[0]!.reason).toBe(t('zh-CN', 'rank.reasonLiked'));
  });
});

describe('categories on the same phrase model', () => {
  it('does not file a memory paper under code agents for "collective coding"', () => {
    const hippocampus = { title: 'Geometric Phase Transition Enables Extreme Hippocampal Memory Capacity', body: 'We model collective coding in hippocampal place cells and show a phase transition in episodic memory capacity.' };
    expect(guessCategories(hippocampus, config.taxonomy)).not.toContain('code-agent');
    expect(guessCategories(hippocampus, config.taxonomy)[0]).toBe('memory');
  });

  it('does not make a speculative-decoding paper a world model for its "performance simulator"', () => {
    const doc = paperDoc({
      id: '2604.26779',
      title: 'Accelerating RL Post-Training Rollouts via System-Integrated Speculative Decoding',
      abstract: 'Speculative decoding improves rollout throughput by 1.8x. Using a high-fidelity performance simulator, we project further gains.',
      keywords: ['speculative decoding', 'RL post-training', 'performance simulator'],
    });
    const slugs = scoreCategories(doc, config.taxonomy).map((g) => g.slug);
    expect(slugs[0]).toBe('systems');
    expect(slugs).not.toContain('world-model');
  });

  it('reads Chinese text through the Chinese labels', () => {
    expect(guessCategories({ title: '一种新的世界模型', body: '我们提出世界模型与规划方法。' }, config.taxonomy)[0]).toBe('world-model');
  });
});
