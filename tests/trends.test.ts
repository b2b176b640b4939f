/**
 * The figures behind the site's pictures (src/data/trends.ts) and the SVG they are drawn as
 * (src/components/charts/svg.ts): weeks, each paper counted once, this month against the last by share,
 * a day's category mix, and charts that stay under 5 KB at ten years.
 */
import { describe, expect, it } from 'vitest';
import { categoryMix, compareMonths, computeTrends, previousMonth, weekOf, type TrendDay } from '../src/data/trends.ts';
import { mixBar, pairBars, stepPath, weekChart, WEEK_CHART_HEIGHT } from '../src/components/charts/svg.ts';
import { createRandom } from '../scripts/bench/synthetic.ts';

const paper = (id: string, category: string[], topics: string[] = []) => ({ id, category, topics });

describe('weeks and months', () => {
  it('weekOf is the Monday of the week (Monday to Sunday)', () => {
    expect(weekOf('2026-06-01')).toBe('2026-06-01'); // a Monday
    expect(weekOf('2026-06-03')).toBe('2026-06-01');
    expect(weekOf('2026-06-07')).toBe('2026-06-01'); // Sunday
    expect(weekOf('2026-05-31')).toBe('2026-05-25');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
  });

  it('previousMonth crosses the year', () => {
    expect(previousMonth('2026-06')).toBe('2026-05');
    expect(previousMonth('2026-01')).toBe('2025-12');
  });
});

describe('computeTrends', () => {
  const days: TrendDay[] = [
    { date: '2026-06-02', papers: [paper('2606.00003', ['llm-agent', 'memory'], ['agent']), paper('2605.00001', ['llm-agent'], ['agent'])] },
    { date: '2026-05-28', papers: [paper('2605.00001', ['llm-agent'], ['agent']), paper('2605.00002', ['world-model'], ['world-model', 'agent'])] },
    { date: '2026-05-12', papers: [paper('2605.00000', ['world-model', 'world-model'], ['world-model'])] },
  ];
  const trends = computeTrends(days, ['llm-agent', 'world-model', 'memory'], ['agent', 'world-model']);

  it('puts every week from the first to the last on one axis, empty weeks included', () => {
    expect(trends.weeks).toEqual(['2026-05-11', '2026-05-18', '2026-05-25', '2026-06-01']);
  });

  it('counts a paper once, on the first day that lists it, in each of its categories and topics', () => {
    expect(trends.papers).toEqual([1, 0, 2, 1]);
    expect(trends.categories.get('llm-agent')).toEqual([0, 0, 1, 1]);
    expect(trends.categories.get('world-model')).toEqual([1, 0, 1, 0]);
    expect(trends.categories.get('memory')).toEqual([0, 0, 0, 1]);
    expect(trends.topics.get('agent')).toEqual([0, 0, 2, 1]);
    expect(trends.totals).toEqual({ days: 3, papers: 4 });
  });

  it('compares the newest month with the one before by share of each month’s papers', () => {
    const m = trends.months!;
    expect([m.current, m.previous]).toEqual(['2026-06', '2026-05']);
    expect(m.totals).toEqual({ current: 1, previous: 3 });
    expect(m.days).toEqual({ current: 1, previous: 2 });
    const agent = m.categories.find((r) => r.key === 'llm-agent')!;
    expect(agent).toMatchObject({ current: 1, previous: 1, currentShare: 1, change: 66.7 });
    expect(agent.previousShare).toBeCloseTo(1 / 3);
    // Largest rise first; a category absent this month falls.
    expect(m.categories.map((r) => [r.key, r.change])).toEqual([
      ['memory', 100],
      ['llm-agent', 66.7],
      ['world-model', -66.7],
    ]);
    expect(m.topics.map((r) => r.key)).toEqual(['agent', 'world-model']);
  });

  it('has no months for an empty archive', () => {
    expect(computeTrends([])).toEqual({ weeks: [], papers: [], categories: new Map(), topics: new Map(), months: null, totals: { days: 0, papers: 0 } });
  });

  it('breaks ties in the given order, and a month without papers has zero shares', () => {
    const rows = compareMonths(['b', 'a'], new Map([['a', 1], ['b', 1]]), new Map(), { current: 2, previous: 0 });
    expect(rows.map((r) => [r.key, r.previousShare, r.change])).toEqual([
      ['b', 0, 50],
      ['a', 0, 50],
    ]);
  });
});

describe('categoryMix', () => {
  it('counts each paper in each of its categories, most papers first, ties in taxonomy order', () => {
    const mix = categoryMix([paper('1', ['memory', 'llm-agent']), paper('2', ['llm-agent', 'llm-agent']), paper('3', ['memory']), paper('4', ['world-model'])], ['llm-agent', 'world-model', 'memory']);
    expect(mix).toEqual([
      { slug: 'llm-agent', count: 2 },
      { slug: 'memory', count: 2 },
      { slug: 'world-model', count: 1 },
    ]);
  });
});

describe('SVG charts', () => {
  it('draws a step area of one unit per week, merging runs of equal weeks', () => {
    expect(stepPath([0, 2, 2, 1], 40)).toBe('M0 40V40h1V0h2V20h1V40Z');
    expect(stepPath([0, 0, 0], 40)).toBe('M0 40V40h3V40Z');
    expect(stepPath([], 40)).toBe('M0 40V40Z');
  });

  it('stays under 5 KB for ten years of weeks, with a text alternative, no script and no inline colour', () => {
    const random = createRandom(11);
    const weeks = Array.from({ length: 522 }, () => random.int(0, 400));
    const svg = weekChart(weeks, { id: 'weeks-x', title: 'LLM Agent: 522 weeks <&> "quoted"' });
    expect(Buffer.byteLength(svg)).toBeLessThan(5_000);
    expect(svg).toMatch(/^<svg class="chart chart-weeks" viewBox="0 0 522 40" preserveAspectRatio="none" role="img" aria-labelledby="weeks-x"><title id="weeks-x">LLM Agent: 522 weeks &lt;&amp;&gt; &quot;quoted&quot;<\/title>/);
    expect(svg).not.toMatch(/<script|fill="#|style=/);
    // The drawing reaches the top for the busiest week and the baseline for an empty one.
    const max = Math.max(...weeks);
    expect(stepPath(weeks)).toContain(`V0h`);
    expect(stepPath([max, 0])).toBe(`M0 ${WEEK_CHART_HEIGHT}V0h1V${WEEK_CHART_HEIGHT}h1V${WEEK_CHART_HEIGHT}Z`);
  });

  it('draws a category mix as one bar of proportional segments, skipping empty ones', () => {
    const svg = mixBar(
      [
        { count: 3, className: 'mix-1' },
        { count: 0, className: 'mix-2' },
        { count: 2, className: 'mix-rest' },
      ],
      { id: 'mix-d', title: 'mix' },
    );
    expect(svg).toContain('viewBox="0 0 5 1"');
    expect([...svg.matchAll(/<rect class="([^"]+)" x="(\d+)" width="(\d+)"/g)].map((m) => [m[1], m[2], m[3]])).toEqual([
      ['mix-1', '0', '3'],
      ['mix-rest', '3', '2'],
    ]);
  });

  it('draws two shares on one scale, hidden from assistive technology', () => {
    const svg = pairBars(0.1, 0.4, 0.4);
    expect(svg).toContain('aria-hidden="true"');
    expect(svg).toContain('<rect class="pair-previous" width="25" height="4"/>');
    expect(svg).toContain('<rect class="pair-current" y="5" width="100" height="4"/>');
  });
});
