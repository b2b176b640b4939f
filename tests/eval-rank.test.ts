/**
 * `npm run eval:rank`'s labels and scoring on hand-made data: a tiny seed briefing read through the
 * legacy importer, the feedback file, one day scored against a hand-made ranking and briefing, and
 * the command's flags. The run over the real seeds and corpus is in eval-corpus.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { addFeedback, GAIN, parseFeedback, seedLabels, type LabelledDay } from '../scripts/eval/labels.ts';
import { parseRankArgs, scoreDay } from '../scripts/eval/rank.ts';
import { parseWriterArgs, readerName } from '../scripts/eval/writer.ts';
import { createTitleIndex } from '../scripts/legacy/resolve.ts';
import type { RankedDay, RankedPaper } from '../scripts/pipeline/types.ts';
import type { BriefingDraft } from '../src/schema/briefing.ts';

const SEED = `#2026-05-03 AI/LLM 最新论文与研究热点简报
时间范围说明:今天是周日。
#一句话结论
Agent 研究正在转向可执行环境。
#今日重点论文与动态
#1. Alpha Agents: Live Benchmarks for Workflows
- 类别:LLM Agent / Evaluation
- 链接:arXiv / HF Papers
- 一句话核心贡献:提出一个 live benchmark。
#2. Beta Video: Diffusion for Long Clips
- 类别:Video Generation / Systems
- 链接:https://arxiv.org/abs/2605.00002
- 一句话核心贡献:视频生成。
#3. Gamma Unknown: A Paper Nobody Recorded
- 类别:LLM Agent
- 链接:arXiv
- 一句话核心贡献:没有链接。
#今日最值得精读的 3 篇
- Alpha Agents: Live Benchmarks for Workflows
精读原因:定义了 live evaluation。
#其他值得扫一眼的论文与动态
| 类别 | 标题 | 链接 | 日期 | 一句话核心贡献 |
| --- | --- | --- | --- | --- |
| Memory | Delta Memory: Agents That Remember | https://huggingface.co/papers/2605.00004 | 2026-05-01 | 记忆。 |
`;

const titleIndex = createTitleIndex([{ title: 'Alpha Agents: Live Benchmarks for Workflows', id: '2605.00001', from: 'hf/2026-05-01.json' }]);

describe('labels from a seed briefing', () => {
  const day = seedLabels(SEED, 'seeds/000_test.txt', titleIndex)!;
  it('grades the top 3, the featured papers and the others table', () => {
    expect(day.date).toBe('2026-05-03');
    expect(day.top).toEqual(['2605.00001']);
    expect(Object.fromEntries(day.gains)).toEqual({ '2605.00001': GAIN.top, '2605.00002': GAIN.featured, '2605.00004': GAIN.others });
  });
  it('finds ids by link or by exact title, and reports the titles it could not match', () => {
    expect(day.papers.get('2605.00002')?.role).toBe('featured');
    expect(day.unmatched).toEqual(['Gamma Unknown: A Paper Nobody Recorded']);
  });
  it("keeps the reader's labels and maps them to taxonomy slugs in order", () => {
    expect(day.papers.get('2605.00001')).toMatchObject({ labelText: 'LLM Agent / Evaluation', slugs: ['llm-agent', 'evaluation'] });
    expect(day.papers.get('2605.00004')?.slugs).toEqual(['memory']);
  });
  it('says nothing about a per-paper Hugging Face report', () => {
    const report = '## 📄 Some Paper\n\n**链接**: https://huggingface.co/papers/2605.00009\n\n### 1. 应用领域\n智能体。\n';
    expect(seedLabels(report, 'seeds/004.txt', titleIndex)).toBeNull();
  });
});

describe('labels from the feedback file', () => {
  it('parses votes and names the line and field of a bad one', () => {
    const votes = parseFeedback('{"id":"2605.00001v2","verdict":"like","at":"2026-05-03"}\n\n{"id":"2605.00009","verdict":"dislike","at":"2026-05-04","note":"off topic"}\n', 'feedback.jsonl');
    expect(votes).toEqual([
      { id: '2605.00001', verdict: 'like', at: '2026-05-03' },
      { id: '2605.00009', verdict: 'dislike', at: '2026-05-04', note: 'off topic' },
    ]);
    expect(() => parseFeedback('{"id":"x","verdict":"like","at":"2026-05-03"}', 'f.jsonl')).toThrow(/f\.jsonl:1: id: expected an arXiv id.*"x"/);
    expect(() => parseFeedback('{"id":"2605.00001","verdict":"meh","at":"2026-05-03"}', 'f.jsonl')).toThrow(/verdict: expected "like" or "dislike", got "meh"/);
    expect(() => parseFeedback('\n{"id":"2605.00001","verdict":"like","at":"2026-13-40"}', 'f.jsonl')).toThrow(/f\.jsonl:2: at: expected a date/);
    expect(() => parseFeedback('not json', 'f.jsonl')).toThrow(/f\.jsonl:1: not a JSON object/);
  });
  it('adds likes as relevant and dislikes as irrelevant on the day they were given', () => {
    const seed = seedLabels(SEED, 'seeds/000_test.txt', titleIndex)!;
    const days = addFeedback([seed], parseFeedback(
      [
        '{"id":"2605.00002","verdict":"dislike","at":"2026-05-03"}',
        '{"id":"2605.00004","verdict":"like","at":"2026-05-03"}',
        '{"id":"2605.00007","verdict":"like","at":"2026-05-05"}',
      ].join('\n'),
      'f.jsonl',
    ), 'content/reader/feedback.jsonl');
    expect(days.map((d) => d.date)).toEqual(['2026-05-03', '2026-05-05']);
    expect(days[0]!.gains.get('2605.00002')).toBe(0);
    expect(days[0]!.gains.get('2605.00004')).toBe(GAIN.like);
    expect(days[0]!.gains.get('2605.00001')).toBe(GAIN.top);
    expect(days[0]!.sources).toEqual(['000_test.txt', 'content/reader/feedback.jsonl']);
    expect(days[1]).toMatchObject({ likes: ['2605.00007'], top: [] });
  });
});

// ---------------------------------------------------------------------------------------------------
// Scoring one day
// ---------------------------------------------------------------------------------------------------

function ranked(id: string, title: string, categories: string[], relevance = 0.5): RankedPaper {
  return {
    id, version: 1, title, authors: [], abstract: '', aiSummary: null, aiKeywords: [], upvotes: 1, listed: '2026-05-02', published: null, updated: null,
    arxivCategories: [], primaryCategory: null, comment: null, journalRef: null, doi: null, organization: null, projectPage: null, repo: null, repoFacts: null,
    sources: [], score: 1, relevance, topics: [], matches: {}, categories,
  };
}

const labels: LabelledDay = {
  date: '2026-05-03',
  sources: ['000.txt'],
  gains: new Map([['a', 3], ['b', 3], ['c', 3], ['d', 2], ['v', 1], ['gone', 2]]),
  top: ['a', 'b', 'c'],
  papers: new Map([
    ['a', { id: 'a', title: 'A', role: 'top', labelText: 'LLM Agent / Evaluation', slugs: ['llm-agent', 'evaluation'] }],
    ['d', { id: 'd', title: 'D', role: 'featured', labelText: 'Systems', slugs: ['systems'] }],
    ['v', { id: 'v', title: 'V', role: 'others', labelText: 'Video Generation', slugs: ['vision-generation'] }],
  ]),
  unmatched: ['Lost Title'],
  likes: [],
  dislikes: [],
};

const day: RankedDay = {
  date: '2026-05-03',
  window: { from: '2026-05-01', to: '2026-05-02', days: ['2026-05-01', '2026-05-02'], widened: true, note: '' },
  sources: [],
  covered: [],
  follow: [],
  papers: [
    ranked('x', 'Image Editing with RL Rewards', ['post-training-rl'], 0),
    ranked('a', 'A', ['evaluation', 'llm-agent']),
    ranked('v', 'V', ['embodied']),
    ranked('d', 'D', ['systems']),
    ranked('y', 'Y', ['vision-generation']),
    ranked('b', 'B', ['llm-agent']),
  ],
};

const briefing = {
  frontmatter: {
    papers: day.papers.map((p, i) => ({ id: p.id, category: p.categories, featured: i < 4, pick: i < 3, relevance: p.relevance })),
  },
  body: {},
} as unknown as BriefingDraft;

describe('scoring a replayed day', () => {
  const s = scoreDay(labels, day, briefing, config);
  it('computes P@k, nDCG and the seed picks in our top 3', () => {
    // Ranking x a v d y b: gains 0 3 1 2 0 3.
    expect(s.p3).toBeCloseTo(1 / 3);
    expect(s.p5).toBeCloseTo(2 / 5);
    expect(s.ndcg10).toBeGreaterThan(0);
    expect(s.ndcg10).toBeLessThan(1);
    expect(s.seedTopHits).toBe(1);
    expect(s.window).toBe('2026-05-01…2026-05-02, widened');
  });
  it('lists labelled papers the day did not offer', () => {
    expect(s.notInPool.map((p) => p.id)).toEqual(['c', 'gone']);
  });
  it("flags image/video generation by the reader's label, else our category or the title", () => {
    // x: title; v: the reader's "Video Generation"; y: our category.
    expect(s.top5.map((p) => [p.id, p.generation])).toEqual([['x', true], ['a', false], ['v', true], ['d', false], ['y', true]]);
    expect(s.generationInTop5).toBe(3);
  });
  it('lists featured papers the reader did not list and those the ranker scored 0', () => {
    expect(s.featuredGain0.map((p) => p.id)).toEqual(['x']);
    expect(s.featuredRelevance0.map((p) => p.id)).toEqual(['x']);
  });
  it("compares our primary category with the reader's labels", () => {
    // a: ours evaluation vs [llm-agent, evaluation] → any; d: systems = systems → first; v: embodied → neither.
    expect(s.agreement).toEqual({ compared: 3, first: 1, any: 2 });
  });
  it('scores nothing for a day the pipeline did not write', () => {
    const none = scoreDay(labels, null, null, config, 'nothing-new');
    expect(none).toMatchObject({ pool: 0, p3: null, ndcg10: null, seedTopHits: 0 });
  });
});

describe('flags', () => {
  it('eval:rank: --month is May 2026, --from/--to another range, and bad values name the flag', () => {
    expect(parseRankArgs(['--month']).range).toEqual({ from: '2026-05-01', to: '2026-05-31' });
    expect(parseRankArgs(['--from', '2026-04-01', '--to', '2026-04-30']).range).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(parseRankArgs([]).range).toBeNull();
    expect(() => parseRankArgs(['--from', '2026-04-31', '--to', '2026-05-01'])).toThrow(/--from: expected a date YYYY-MM-DD, got "2026-04-31"/);
    expect(() => parseRankArgs(['--from', '2026-05-01'])).toThrow(/--from needs --to/);
    expect(() => parseRankArgs(['--month', '--from', '2026-05-01', '--to', '2026-05-02'])).toThrow(/--month cannot be combined/);
    expect(() => parseRankArgs(['--bogus'])).toThrow(/bogus/);
  });
  it('eval:writer: --llm options need --llm, and --days is a small whole number', () => {
    expect(parseWriterArgs(['--llm', '--days', '2', '--inject-numbers'])).toMatchObject({ llm: true, days: 2, injectNumbers: true, extractive: true });
    expect(() => parseWriterArgs(['--days', '2'])).toThrow(/--days needs --llm/);
    expect(() => parseWriterArgs(['--llm', '--days', 'x'])).toThrow(/--days: expected a whole number from 1 to 60, got "x"/);
    expect(() => parseWriterArgs(['--no-extractive'])).toThrow(/nothing to measure without --llm/);
    expect(() => parseWriterArgs(['--to', '2026-05-01'])).toThrow(/--to needs --from/);
  });
  it("finds the reader's name from the flag, else the config's reader profile", () => {
    const withName = { ...config, reader: { ...config.reader, name: 'bob' } };
    expect(readerName(withName, 'alice')).toBe('alice');
    expect(readerName(withName, undefined)).toBe('bob');
  });

});
