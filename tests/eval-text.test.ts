/**
 * The writing figures of `npm run eval:writer` (scripts/eval/text-metrics.ts) and the grounded-number
 * check (scripts/writers/numbers.ts), on tiny hand-made sentences and one hand-made briefing draft.
 */
import { describe, expect, it } from 'vitest';
import { numbersIn, supportedValues, unsupportedNumbers } from '../scripts/writers/numbers.ts';
import {
  asciiBesideChinese,
  asciiBetweenChinese,
  hasBrokenSplit,
  inLanguage,
  isBareKeywordList,
  isCut,
  isKeywordList,
  latexKinds,
  NO_NUMBERS,
  NO_USAGE,
  opensWithConnective,
  proseStrings,
  renderedWriteups,
  repeatedSentences,
  sentencesOf,
  WritingTally,
} from '../scripts/eval/text-metrics.ts';
import type { BriefingDraft } from '../src/schema/briefing.ts';
import { t } from '../src/i18n/index.ts';
import { config } from '../src/config.ts';

describe('dangling openings', () => {
  it.each([
    'To address this challenge, we propose X.',
    'Specifically, we propose a unified scaling law.',
    'To mitigate this issue, we add a verifier.',
    'Motivated by these observations, we build Z.',
    'To bridge the gap, we introduce a benchmark.',
    'However, existing agents fail.',
    'To this end, we release a dataset.',
    '**Specifically**, the model plans.',
  ])('flags %j', (s) => expect(opensWithConnective(s)).toBe(true));
  it.each([
    'In this paper, we propose X.',
    'We propose X, a method for agents.',
    'This work introduces Interactive VideoGPT (iVideoGPT), a scalable model.',
    'To enable long contexts, we propose X.',
    'Large language models (LLMs), however, fail.',
    'We study agents.',
  ])('does not flag %j', (s) => expect(opensWithConnective(s)).toBe(false));
});

describe('cuts, LaTeX and broken splits', () => {
  it('sees a sentence cut with an ellipsis', () => {
    expect(isCut('we find that the model…')).toBe(true);
    expect(isCut('we find that the model...')).toBe(true);
    expect(isCut('ends in a quote “cut…”')).toBe(true);
    expect(isCut('A complete sentence.')).toBe(false);
    expect(isCut('A … in the middle is fine.')).toBe(false);
  });
  it.each([
    ['G_{stack} layers', ['_{']],
    ['2^{18} tokens', ['^{']],
    ['a \\times b', ['\\command']],
    ['1.45times faster', ['1.45times']],
    ['8times RTX 4090', ['1.45times']],
    ['$\\alpha$-weighted', ['\\command', '$math$']],
    ['$k$ samples', ['$math$']],
    ['signals--visual and actions', ['--']],
    ['costs $200k and $4 per test', []],
    ['see https://x.org/a--b_{c}', []],
    ['plain text', []],
  ])('LaTeX kinds of %j', (text, kinds) => expect(latexKinds(text)).toEqual(kinds));
  it('sees two sentences glued by a split without a space', () => {
    expect(hasBrokenSplit('models learn from.To address this, we')).toBe(true);
    expect(hasBrokenSplit('see arxiv.org and github.com for code.')).toBe(false);
    expect(hasBrokenSplit('e.g. Python and i.e. Rust')).toBe(false);
    expect(hasBrokenSplit('Done. Next sentence.')).toBe(false);
  });
});

describe('boilerplate', () => {
  it('tells keyword lists from sentences', () => {
    expect(isKeywordList('- 关键词:agent、GRPO、verifiable rewards')).toBe(true);
    expect(isKeywordList('Keywords: world model')).toBe(true);
    expect(isKeywordList('agent, RL, reward model, curriculum')).toBe(true);
    expect(isKeywordList('We propose a, b, and c.')).toBe(false);
    expect(isKeywordList('The method improves a, b and c over strong baselines in three settings.')).toBe(false);
    expect(isBareKeywordList('- 关键词:a、b、c')).toBe(true);
    expect(isBareKeywordList('- We propose X.\n- 关键词:a、b')).toBe(false);
  });
  it('recognises "no numbers" and "no usage" notes in both languages', () => {
    expect(NO_NUMBERS.test('摘要没有给出具体数字,结果需要看原文核对(未核验)。')).toBe(true);
    expect(NO_NUMBERS.test('The abstract gives no numbers; check the paper.')).toBe(true);
    expect(NO_NUMBERS.test('- 成功率提升 12%。')).toBe(false);
    expect(NO_USAGE.test('摘要没有说明输入输出、硬件需求或发布计划,需要看原文。')).toBe(true);
    expect(NO_USAGE.test('The abstract does not describe inputs, outputs, hardware or release plans.')).toBe(true);
    expect(NO_USAGE.test('- 代码:已开源。')).toBe(false);
  });
});

describe('punctuation and language', () => {
  it('counts ASCII marks between Chinese characters, and beside one', () => {
    const text = '今日共 25 篇论文,主题集中在**世界模型**(3)。';
    expect(asciiBetweenChinese(text)).toBe(1);
    // "," and "(" touch Chinese characters; ")" touches the full-width "。".
    expect(asciiBesideChinese(text)).toBe(3);
    expect(asciiBetweenChinese('全角，标点；没问题')).toBe(0);
    // URLs and code are not prose.
    expect(asciiBetweenChinese('见 `中,文` 与 [链接](https://a.b/中,文)')).toBe(0);
  });
  it('tells a line in the briefing language', () => {
    expect(inLanguage('提出一个轻量的安全对齐框架 AgentDoG', 'zh-CN')).toBe(true);
    expect(inLanguage('A lightweight and scalable alignment framework for agents.', 'zh-CN')).toBe(false);
    expect(inLanguage('A lightweight framework.', 'en')).toBe(true);
    expect(inLanguage('一个轻量框架', 'en')).toBe(false);
  });
});

describe('sentences and repetition', () => {
  it('splits Chinese and English sentences and drops list marks and fragments', () => {
    expect(sentencesOf('第一句话在这里。第二句话也在这里!\n- Third sentence here. Fourth one is here.\n- ok')).toEqual([
      '第一句话在这里。',
      '第二句话也在这里!',
      'Third sentence here.',
      'Fourth one is here.',
    ]);
  });
  it('finds sentences in more than 5% of texts, once per text, and masks digits on request', () => {
    const texts = Array.from({ length: 20 }, (_, i) => `Unique sentence number ${i} here. ${i < 2 ? 'A shared sentence appears. A shared sentence appears.' : ''} 排名第 ${i} 名的论文。`);
    const exact = repeatedSentences(texts);
    expect(exact).toEqual([{ sentence: 'A shared sentence appears.', count: 2, share: 0.1 }]);
    const masked = repeatedSentences(texts, 0.05, true);
    expect(masked.map((r) => [r.sentence, r.count])).toEqual([
      ['Unique sentence number # here.', 20],
      ['排名第 # 名的论文。', 20],
      ['A shared sentence appears.', 2],
    ]);
    // One text in twenty is exactly 5%: not "more than 5%".
    expect(repeatedSentences(texts.slice(0, 1).concat(texts.slice(2)), 0.05).length).toBe(0);
  });
});

describe('grounded numbers', () => {
  it('reads numbers with their units, skipping names and small ordinals', () => {
    expect(numbersIn('improves by 12.5% and runs 1.5× faster on 1,234 samples; top 3').map((t) => t.raw)).toEqual(['12.5%', '1.5×', '1,234']);
    expect(numbersIn('Qwen2.5-7B and GPT-4o, arXiv 2605.29559').map((t) => t.raw)).toEqual(['2605.29559']);
    expect(numbersIn('12k stars').map((t) => t.values)).toEqual([[12000, 12]]);
    // A percentage is also a ratio, a multiplier also a percentage.
    expect(numbersIn('37% and 1.5× and 2 倍').map((t) => t.values)).toEqual([[37, 0.37], [1.5, 150], [2, 200]]);
    expect(unsupportedNumbers('an accuracy of 0.37', 'accuracy reaches 37%')).toEqual([]);
  });
  it('treats 1.5×, 1.5x, 1.5 倍 and 150% as one figure', () => {
    expect(unsupportedNumbers('speeds up 1.5x', 'a 150% speedup')).toEqual([]);
    expect(unsupportedNumbers('a 150% speedup', 'runs 1.5× faster')).toEqual([]);
    expect(unsupportedNumbers('快 1.5 倍', 'runs 1.5x faster')).toEqual([]);
    expect(unsupportedNumbers('12k stars', '12,000 stars')).toEqual([]);
  });
  it('reports numbers the given text does not hold', () => {
    expect(unsupportedNumbers('gains 37.9% and 12.5%', 'gains 12.5% on SWE-bench')).toEqual(['37.9%']);
    expect(unsupportedNumbers('on 3 benchmarks', 'no numbers here')).toEqual([]);
    const given = supportedValues('success rises from 41.2% to 58.7% with 2,048 tasks');
    expect(unsupportedNumbers('从 41.2% 提升到 58.7%,共 2048 个任务,提升 17.5 个百分点', given)).toEqual(['17.5']);
  });
});

// ---------------------------------------------------------------------------------------------------
// One hand-made briefing through the whole tally
// ---------------------------------------------------------------------------------------------------

function paper(id: string, featured: boolean, contribution: string) {
  return { id, title: `Paper ${id}: a title`, category: ['llm-agent'], date: '2026-05-29', featured, pick: false, contribution, summarizer: 'extractive' as const };
}

function draft(): BriefingDraft {
  return {
    frontmatter: {
      date: '2026-05-30',
      title: '2026-05-30 简报',
      summary: '今日共 3 篇论文,主题集中在智能体。',
      language: 'zh-CN',
      window: { from: '2026-05-29', to: '2026-05-29' },
      papers: [
        paper('2605.00001', true, 'To address this issue, we propose Alpha, which…'),
        paper('2605.00002', true, 'We propose Beta with G_{2} layers.'),
        paper('2605.00003', false, 'A plain English row.'),
      ],
      generator: { version: '1', writer: 'extractive' },
    },
    body: {
      overview: '按类别看,今天 3 篇论文。',
      writeups: [
        {
          id: '2605.00001',
          sections: [
            { kind: 'why', body: '- Agents matter for long tasks.\n- 社区信号:Hugging Face 12 赞。' },
            { kind: 'relation', body: '命中 wenjun 关注的 **LLM Agent**。' },
            { kind: 'innovations', body: '- 关键词:agent、GRPO、verifiable rewards' },
            { kind: 'results', body: '摘要没有给出具体数字,结果需要看原文核对(未核验)。' },
          ],
        },
        {
          id: '2605.00002',
          sections: [
            { kind: 'usage', body: '- 摘要没有说明输入输出、硬件需求或发布计划,需要看原文。' },
            { kind: 'innovations', body: '- We stack layers learn from.To address this, we add gates.' },
            { kind: 'results', body: '- Beta improves success by 12.5%.' },
          ],
        },
      ],
      ideas: [
        { title: 'Idea one', body: '前者与后者放在一起看。可以验证的问题:两者的结论是否一致?' },
        { title: 'Idea two', body: '再看一篇论文的做法。可以验证的问题:两者的结论是否一致?' },
      ],
    },
  };
}

describe('the tally over a briefing', () => {
  it('renders each write-up as its <Paper> block, with headings', () => {
    const blocks = renderedWriteups(draft(), config);
    expect([...blocks.keys()]).toEqual(['2605.00001', '2605.00002']);
    expect(blocks.get('2605.00001')).toContain(`### ${t('zh-CN', 'section.why')}`);
    expect(blocks.get('2605.00001')).not.toContain('<Section');
    expect(blocks.get('2605.00001')).not.toContain('To address this issue');
  });
  it('collects the prose of a draft but not its ids, links or slugs', () => {
    const prose = proseStrings(draft());
    expect(prose).toContain('A plain English row.');
    expect(prose).toContain('按类别看,今天 3 篇论文。');
    expect(prose.some((s) => s.includes('2605.0000') && !s.includes(' '))).toBe(false);
    expect(prose).not.toContain('llm-agent');
  });
  it('counts every figure', () => {
    const tally = new WritingTally('wenjun');
    tally.add(draft());
    const f = tally.result();
    expect(f).toMatchObject({
      briefings: 1,
      writeups: 2,
      dangling: 1,
      cutContributions: 1,
      latexContributions: 1,
      brokenSplits: 1,
      innovations: 2,
      keywordInnovations: 1,
      results: 2,
      noNumbers: 1,
      usage: 1,
      noUsage: 1,
      ideas: 2,
      templateIdeas: 2,
      readerName: 1,
      chineseBriefings: 1,
      asciiBriefings: 1,
    });
    expect(f.latexByKind['_{']).toBe(1);
    // "按类别看,今天", "摘要没有给出具体数字,结果", "输入输出、硬件需求或发布计划,需要", "问题:两者" ×2, "论文,主题" …
    expect(f.asciiBetween).toBeGreaterThanOrEqual(6);
    // The rendered write-ups carry Chinese headings, so they hold fewer Latin letters than the text alone.
    expect(f.latinShare!).toBeGreaterThan(0);
    expect(f.latinShare!).toBeLessThan(f.latinShareText!);
    expect(f.ideaEndings[0]).toMatchObject({ sentence: '可以验证的问题:两者的结论是否一致?', count: 2 });
  });
  it('does not know the reader without a name', () => {
    const tally = new WritingTally(null);
    tally.add(draft());
    expect(tally.result().readerName).toBeNull();
  });
});
