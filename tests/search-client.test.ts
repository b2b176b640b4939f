/** Unit tests for the DOM-free half of the search page's client (src/lib/searchResults.ts). */
import { describe, expect, it } from 'vitest';
import { dayOfUrl, decodeEntities, excerptParts, fill, pagefindFilters, readSearchState, topSubResults, writeSearchState } from '../src/lib/searchResults.ts';

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

describe('topSubResults', () => {
  const sub = (url: string, hits: number) => ({ url, title: url, excerpt: '', locations: Array.from({ length: hits }, (_, i) => i) });
  it('keeps anchored sections only, the most hit ones, in page order', () => {
    const subs = [sub('/d/', 9), sub('/d/#a', 1), sub('/d/#b', 5), sub('/d/#c', 3), sub('/d/#e', 4)];
    expect(topSubResults('/d/', subs, 3).map((s) => s.url)).toEqual(['/d/#b', '/d/#c', '/d/#e']);
    expect(topSubResults('/d/', [sub('/d/', 2)], 3)).toEqual([]);
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
