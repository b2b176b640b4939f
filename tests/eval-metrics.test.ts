/**
 * The ranking figures of `npm run eval:rank` (scripts/eval/metrics.ts) and the table printer, on tiny
 * hand-made inputs whose answers are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { categoryAgreement, dcgAt, hitsInTop, mean, ndcgAt, precisionAt, repeatStats } from '../scripts/eval/metrics.ts';
import { countOf, displayWidth, fixed, formatTable, percent, shorten } from '../scripts/eval/table.ts';

const gains = new Map([
  ['a', 3],
  ['b', 2],
  ['c', 1],
  ['d', 0],
]);

describe('precision@k', () => {
  it('counts gain ≥ 2 as relevant and divides by k', () => {
    expect(precisionAt(['a', 'c', 'b', 'x', 'd'], gains, 3)).toBeCloseTo(2 / 3);
    expect(precisionAt(['c', 'd', 'x'], gains, 3)).toBe(0);
    expect(precisionAt(['a', 'b', 'c', 'd', 'x'], gains, 5)).toBeCloseTo(2 / 5);
  });
  it('does not reward a short list: missing places count as misses', () => {
    expect(precisionAt(['a'], gains, 5)).toBeCloseTo(1 / 5);
  });
  it('takes another relevance threshold', () => {
    expect(precisionAt(['c', 'd', 'x'], gains, 3, 1)).toBeCloseTo(1 / 3);
  });
  it('rejects a k that is not a positive integer', () => {
    expect(() => precisionAt(['a'], gains, 0)).toThrow(/k must be a positive integer, got 0/);
  });
});

describe('nDCG@k', () => {
  it('is 1 for the ideal order and below 1 otherwise', () => {
    expect(ndcgAt(['a', 'b', 'c', 'd'], gains, 10)).toBeCloseTo(1);
    // DCG of [c, b, a] = 1/log2(2) + 3/log2(3) + 7/log2(4) = 1 + 1.8928 + 3.5 = 6.3928
    expect(dcgAt(['c', 'b', 'a'], gains, 10)).toBeCloseTo(6.3928, 3);
    // Ideal [a, b, c] = 7 + 3/1.58496 + 1/2 = 9.3928
    expect(ndcgAt(['c', 'b', 'a'], gains, 10)).toBeCloseTo(6.3928 / 9.3928, 3);
  });
  it('cuts at k on both sides', () => {
    // Top 1: ranked gets c (1), ideal gets a (7).
    expect(ndcgAt(['c', 'b', 'a'], gains, 1)).toBeCloseTo(1 / 7);
  });
  it('builds the ideal from the labelled papers in the pool only', () => {
    // "a" was not offered that day: the ideal is [b, c].
    expect(ndcgAt(['b', 'c', 'x'], gains, 10, ['b', 'c', 'x'])).toBeCloseTo(1);
    expect(ndcgAt(['b', 'c', 'x'], gains, 10, ['a', 'b', 'c', 'x'])).toBeLessThan(1);
  });
  it('is null when no labelled paper is in the pool', () => {
    expect(ndcgAt(['x', 'y', 'd'], gains, 10)).toBeNull();
  });
});

describe('hits and means', () => {
  it('counts the wanted ids among our first k, once each', () => {
    expect(hitsInTop(['a', 'x', 'b', 'c'], ['a', 'b', 'c'], 3)).toBe(2);
    expect(hitsInTop(['x', 'y', 'z'], ['a', 'b', 'c'], 3)).toBe(0);
    expect(hitsInTop(['a', 'a', 'a'], ['a', 'a'], 3)).toBe(1);
  });
  it('averages the defined values only', () => {
    expect(mean([1, null, 0, undefined, 0.5])).toBeCloseTo(0.5);
    expect(mean([null])).toBeNull();
  });
});

describe('repeat figures over consecutive briefings', () => {
  const days = [
    { date: '2026-05-02', papers: [{ id: 'p2', category: ['world-model'] }, { id: 'p3', category: ['world-model', 'llm-agent'] }] },
    { date: '2026-05-01', papers: [{ id: 'p1', category: ['llm-agent'] }, { id: 'p2', category: ['world-model'] }] },
    { date: '2026-05-03', papers: [{ id: 'p2', category: ['world-model'], back: true }, { id: 'p3', category: ['world-model'] }] },
  ];
  const stats = repeatStats(days);
  it('counts rows, distinct papers and papers listed as new twice ("back" aside)', () => {
    expect(stats.briefings).toBe(3);
    expect(stats.rows).toBe(6);
    expect(stats.distinct).toBe(3);
    // p2 is new on 05-01 and 05-02 (05-03 marks it back); p3 is new on 05-02 and 05-03.
    expect(stats.repeated).toEqual([
      { id: 'p2', times: 2 },
      { id: 'p3', times: 2 },
    ]);
  });
  it('finds the briefings made only of papers shown before, in date order', () => {
    expect(stats.allSeen).toEqual(['2026-05-03']);
  });
  it('sets category entries beside distinct papers', () => {
    expect(stats.categories).toEqual([
      { slug: 'llm-agent', entries: 2, distinct: 2 },
      { slug: 'world-model', entries: 5, distinct: 2 },
    ]);
  });
});

describe('category agreement', () => {
  it("compares our primary with the reader's first label and with any of them", () => {
    const a = categoryAgreement([
      { ours: 'llm-agent', seed: ['llm-agent', 'evaluation'] },
      { ours: 'evaluation', seed: ['llm-agent', 'evaluation'] },
      { ours: 'world-model', seed: ['systems'] },
      { ours: null, seed: ['llm-agent'] },
      { ours: 'llm-agent', seed: [] },
    ]);
    expect(a).toEqual({ compared: 3, first: 1, any: 2 });
  });
});

describe('tables', () => {
  it('counts a CJK character as two columns', () => {
    expect(displayWidth('ab')).toBe(2);
    expect(displayWidth('世界模型')).toBe(8);
    expect(displayWidth('P@3,持续')).toBe(8);
  });
  it('aligns columns with Chinese cells and right-aligns numbers', () => {
    const t = formatTable(
      [{ title: 'day' }, { title: 'P@3', align: 'right' }],
      [
        ['世界模型', '0.33'],
        ['x', '1.00'],
      ],
    );
    expect(t.split('\n')).toEqual(['day        P@3', '--------  ----', '世界模型  0.33', 'x         1.00']);
  });
  it('refuses a row of the wrong width, naming it', () => {
    expect(() => formatTable([{ title: 'a' }], [['1', '2']])).toThrow(/row 0 has 2 cells for 1 columns/);
  });
  it('formats numbers and shares', () => {
    expect(fixed(1 / 3)).toBe('0.33');
    expect(fixed(null)).toBe('–');
    expect(percent(1, 8)).toBe('12.5%');
    expect(percent(1, 0)).toBe('–');
    expect(countOf(3, 12)).toBe('3 of 12 (25.0%)');
  });
  it('shortens on a word boundary with an ellipsis', () => {
    expect(shorten('Large Language Models Explore by Latent Distilling', 30)).toBe('Large Language Models Explore…');
    expect(shorten('short', 30)).toBe('short');
  });
});
