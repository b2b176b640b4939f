/** Unit tests for the DOM-free half of the search page's client (src/lib/searchResults.ts). */
import { describe, expect, it } from 'vitest';
import { dayOfUrl, decodeEntities, decodePaperAnchor, encodePaperAnchor, excerptParts, fill, pagefindFilters, paperHits, readSearchState, segmentQuery, writeSearchState } from '../src/lib/searchResults.ts';

describe('excerptParts', () => {
  it('splits Pagefind excerpts into text and highlighted runs, decoding its escapes', () => {
    expect(excerptParts('a &lt;b&gt; <mark>智能</mark><mark>体</mark> &amp; <mark>RL</mark>.')).toEqual([
      { text: 'a <b> ', mark: false },
      { text: '智能体', mark: true },
      { text: ' & ', mark: false },
      { text: 'RL', mark: true },
      { text: '.', mark: false },
    ]);
  });

  it('never turns other markup into anything but text', () => {
    const parts = excerptParts('<img src=x onerror=alert(1)><mark><script>x</script></mark>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)>', mark: false },
      { text: '<script>x</script>', mark: true },
    ]);
  });

  it('decodes numeric references and leaves unknown ones alone', () => {
    expect(decodeEntities('&#39;&#x4e16;&quot;&bogus;&#0;')).toBe('\'世"&bogus;&#0;');
  });
});

describe('paperHits', () => {
  const located = (weights: number[]) => ({ locations: weights.map((_, i) => i), weighted_locations: weights.map((w, i) => ({ weight: 1, balanced_score: w, location: i })) });
  const paper = (day: string, id: string, title: string, categories: string[], weights: number[]) => ({
    url: `/briefings/${day}/#${id}`,
    title: encodePaperAnchor({ title, categories }),
    excerpt: title,
    ...located(weights),
  });
  const pages = [
    {
      url: '/briefings/2026-05-03/',
      meta: { title: '2026-05-03 简报' },
      sub_results: [
        { url: '/briefings/2026-05-03/', title: '2026-05-03 简报', excerpt: 'overview', ...located([3]) },
        paper('2026-05-03', '2605.00001', 'A world model', ['world-model'], [10, 10]),
        paper('2026-05-03', '2605.00002', 'An RL paper', ['post-training-rl'], [4]),
      ],
    },
    { url: '/briefings/2026-05-02/', meta: { title: '2026-05-02 简报' }, sub_results: [paper('2026-05-02', 'cs/0701001', 'Old style', ['world-model', 'memory'], [30])] },
  ];

  it('turns day results into papers and days, best first, with their day and categories', () => {
    const hits = paperHits(pages);
    expect(hits.map((h) => [h.kind, h.url, h.title, h.day, h.categories])).toEqual([
      ['paper', '/briefings/2026-05-02/#cs/0701001', 'Old style', '2026-05-02', ['world-model', 'memory']],
      ['paper', '/briefings/2026-05-03/#2605.00001', 'A world model', '2026-05-03', ['world-model']],
      ['paper', '/briefings/2026-05-03/#2605.00002', 'An RL paper', '2026-05-03', ['post-training-rl']],
      ['day', '/briefings/2026-05-03/', '2026-05-03 简报', '2026-05-03', []],
    ]);
  });

  it('keeps only the papers of the chosen categories, and no day lines, when filtering', () => {
    expect(paperHits(pages, ['memory', 'post-training-rl']).map((h) => h.url)).toEqual(['/briefings/2026-05-02/#cs/0701001', '/briefings/2026-05-03/#2605.00002']);
  });

  it('reads any other sub-result title as a plain title', () => {
    expect(decodePaperAnchor('Plain {title}')).toEqual({ title: 'Plain {title}', categories: [] });
    expect(decodePaperAnchor(encodePaperAnchor({ title: '"Quoted" <b>', categories: ['a'] }))).toEqual({ title: '"Quoted" <b>', categories: ['a'] });
    expect(decodePaperAnchor(encodePaperAnchor({ title: 'T', categories: [], localTitle: '标题' }))).toEqual({ title: 'T', categories: [], localTitle: '标题' });
  });
});

describe('segmentQuery', () => {
  it('splits Chinese runs into words as the browser does, and leaves other queries alone', () => {
    expect(segmentQuery('强化学习')).toBe('强化 学习');
    expect(segmentQuery('世界模型 world model')).toBe('世界 模型 world model');
    expect(segmentQuery('speculative decoding')).toBe('speculative decoding');
    expect(segmentQuery('"强化学习"')).toBe('"强化学习"');
    // A browser without Intl.Segmenter searches the query as typed (Pagefind then does the same).
    expect(segmentQuery('强化学习', null)).toBe('强化学习');
  });
});

describe('search state in the URL', () => {
  it('round-trips the query, categories and month', () => {
    const state = { q: '世界模型 & RL', categories: ['LLM 智能体', '记忆'], month: '2026-05' };
    expect(readSearchState(writeSearchState(state))).toEqual(state);
    expect(writeSearchState({ q: '', categories: [], month: '' })).toBe('');
  });

  it('ignores a malformed month and trims the query', () => {
    expect(readSearchState('?q=%20agents%20&month=May')).toEqual({ q: 'agents', categories: [], month: '' });
  });

  it('asks Pagefind for any of the categories and the month', () => {
    const names = { category: '分类', month: '月份' };
    expect(pagefindFilters({ q: 'x', categories: ['a', 'b'], month: '2026-05' }, names)).toEqual({ 分类: { any: ['a', 'b'] }, 月份: '2026-05' });
    expect(pagefindFilters({ q: 'x', categories: [], month: '' }, names)).toEqual({});
  });
});

describe('small helpers', () => {
  it('reads the day of a result URL under any base path and fills templates', () => {
    expect(dayOfUrl('/paper-briefing/briefings/2026-05-03/')).toBe('2026-05-03');
    expect(dayOfUrl('/search/')).toBeUndefined();
    expect(fill('{n} results for “{q}”', { n: 3, q: 'x' })).toBe('3 results for “x”');
  });
});
