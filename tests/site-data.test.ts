/** Unit tests for the site's pure helpers: archive queries, URLs, feed HTML, headings, search bundles, synthetic data. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildArchive, featuredPapers, otherPapers, pickedPapers, type BriefingLike } from '../src/data/archive.ts';
import { createUrls, normalizeBase } from '../src/lib/urls.ts';
import { absoluteLink, feedHtml } from '../src/lib/feed.ts';
import { demoteHeadings } from '../src/components/headings.ts';
import { searchBundles } from '../src/lib/searchBundles.ts';
import { paperLinks } from '../src/lib/paperLinks.ts';
import { markdownToHtml } from 'satteri';
import { bodyToMarkdown, splitRenderedBody, writeupHtml } from '../src/lib/briefingBody.ts';
import { parseBriefing, type Briefing } from '../src/schema/briefing.ts';
import { createRandom, syntheticDraft, syntheticDrafts } from '../scripts/bench/synthetic.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { RENDER } from './helpers/mdx.ts';
import { briefingSchema, config } from '../src/config.ts';

function entry(date: string, papers: { id: string; category: string[]; featured?: boolean; pick?: boolean }[], language: 'zh-CN' | 'en' = 'zh-CN'): BriefingLike {
  const data: Briefing = parseBriefing(briefingSchema, {
    date,
    title: `Briefing ${date}`,
    summary: 'summary',
    language,
    window: { from: date, to: date },
    papers: papers.map((p) => ({ title: `Paper ${p.id}`, date, summarizer: 'extractive', ...p })),
    generator: { version: '0.1.0', writer: 'extractive' },
  });
  return { id: date, data };
}

describe('buildArchive', () => {
  const entries = [
    entry('2026-04-30', [{ id: '2604.00001', category: ['llm-agent', 'memory'] }]),
    entry('2026-05-02', [
      { id: '2605.00001', category: ['llm-agent'], featured: true, pick: true },
      { id: '2605.00002', category: ['memory', 'memory'] },
    ]),
    entry('2026-05-01', [{ id: '2605.00003', category: ['systems'], featured: true }], 'en'),
  ];
  const archive = buildArchive(entries);

  it('orders days newest first and finds the latest', () => {
    expect(archive.days.map((d) => d.data.date)).toEqual(['2026-05-02', '2026-05-01', '2026-04-30']);
    expect(archive.latest()?.data.date).toBe('2026-05-02');
    expect(archive.byDate('2026-05-01')?.data.language).toBe('en');
    expect(archive.byDate('2026-01-01')).toBeUndefined();
  });

  it('gives the older and newer neighbour of a day', () => {
    expect(archive.adjacent('2026-05-01')).toMatchObject({ older: { id: '2026-04-30' }, newer: { id: '2026-05-02' } });
    expect(archive.adjacent('2026-05-02').newer).toBeUndefined();
    expect(archive.adjacent('2026-04-30').older).toBeUndefined();
    expect(archive.adjacent('1999-01-01')).toEqual({});
  });

  it('groups months newest first', () => {
    expect(archive.months().map((m) => [m.month, m.days.map((d) => d.id)])).toEqual([
      ['2026-05', ['2026-05-02', '2026-05-01']],
      ['2026-04', ['2026-04-30']],
    ]);
  });

  it('lists a category’s papers newest first, once per paper even with a repeated slug', () => {
    expect(archive.papersIn('memory').map((r) => `${r.date}#${r.paper.id}`)).toEqual(['2026-05-02#2605.00002', '2026-04-30#2604.00001']);
    expect(archive.papersIn('llm-agent').map((r) => r.paper.id)).toEqual(['2605.00001', '2604.00001']);
    expect(archive.papersIn('safety')).toEqual([]);
  });

  it('counts papers and days for every category in taxonomy order', () => {
    const counts = archive.categoryCounts();
    expect(counts.map((c) => c.slug)).toEqual(config.taxonomy.map((c) => c.slug));
    expect(counts.find((c) => c.slug === 'memory')).toEqual({ slug: 'memory', papers: 2, days: 2, latest: '2026-05-02' });
    expect(counts.find((c) => c.slug === 'safety')).toEqual({ slug: 'safety', papers: 0, days: 0, latest: undefined });
  });

  it('finds a paper of a day, and splits featured, other and picked papers', () => {
    expect(archive.paper('2026-05-02', '2605.00002')?.category).toEqual(['memory', 'memory']);
    expect(archive.paper('2026-05-02', '2604.00001')).toBeUndefined();
    const day = archive.byDate('2026-05-02')!.data;
    expect(featuredPapers(day).map((p) => p.id)).toEqual(['2605.00001']);
    expect(otherPapers(day).map((p) => p.id)).toEqual(['2605.00002']);
    expect(pickedPapers(day).map((p) => p.id)).toEqual(['2605.00001']);
  });

  it('rejects two files for one day and a file not named after its date, naming file and field', () => {
    const a = entry('2026-05-02', []);
    expect(() => buildArchive([a, { ...a, id: '2026-05-02' }])).toThrow(/two briefings for 2026-05-02.*field: date/);
    expect(() => buildArchive([{ ...a, id: 'notes' }])).toThrow(/briefing "notes".*2026-05-02\.mdx.*field: date/);
  });

  it('indexes once and caches the answers (3,000 days × 25 papers)', () => {
    const many = Array.from({ length: 3000 }, (_, i) => {
      const d = new Date(Date.UTC(2018, 0, 1 + i)).toISOString().slice(0, 10);
      return { id: d, data: { ...entries[0]!.data, date: d, papers: Array.from({ length: 25 }, (_, k) => ({ ...entries[0]!.data.papers[0]!, id: `1801.${String(i * 25 + k).padStart(5, '0')}` })) } };
    });
    const big = buildArchive(many);
    expect(big.papersIn('llm-agent')).toHaveLength(75_000);
    expect(big.papersIn('llm-agent')).toBe(big.papersIn('llm-agent'));
    expect(big.months()).toBe(big.months());
  });
});

describe('urls', () => {
  it('normalises base paths', () => {
    expect(normalizeBase(undefined)).toBe('/');
    expect(normalizeBase('')).toBe('/');
    expect(normalizeBase('paper-briefing')).toBe('/paper-briefing/');
    expect(normalizeBase('/a/b//')).toBe('/a/b/');
  });

  it('builds every internal URL under the base path', () => {
    const u = createUrls('/paper-briefing/', 'https://me.github.io');
    expect(u.home()).toBe('/paper-briefing/');
    expect(u.briefing('2026-05-03')).toBe('/paper-briefing/briefings/2026-05-03/');
    expect(u.briefing('2026-05-03', '2605.29559')).toBe('/paper-briefing/briefings/2026-05-03/#2605.29559');
    expect(u.briefing('2026-05-03', 'cs/0701001')).toBe('/paper-briefing/briefings/2026-05-03/#cs/0701001');
    expect(u.categories()).toBe('/paper-briefing/categories/');
    expect(u.category('llm-agent')).toBe('/paper-briefing/categories/llm-agent/');
    expect(u.category('llm-agent', 1)).toBe('/paper-briefing/categories/llm-agent/');
    expect(u.category('llm-agent', 3)).toBe('/paper-briefing/categories/llm-agent/3/');
    expect(u.categoryFeed('memory')).toBe('/paper-briefing/categories/memory/rss.xml');
    expect(u.feed()).toBe('/paper-briefing/rss.xml');
    expect(u.search()).toBe('/paper-briefing/search/');
    expect(u.pagefind()).toBe('/paper-briefing/pagefind/');
    expect(u.path('/sitemap-index.xml')).toBe('/paper-briefing/sitemap-index.xml');
    expect(u.absolute(u.briefing('2026-05-03', '2605.29559'))).toBe('https://me.github.io/paper-briefing/briefings/2026-05-03/#2605.29559');
  });

  it('works at the domain root and refuses absolute URLs without a site', () => {
    const root = createUrls('/', 'https://example.org');
    expect(root.briefing('2026-05-03')).toBe('/briefings/2026-05-03/');
    expect(root.absolute(root.feed())).toBe('https://example.org/rss.xml');
    expect(() => createUrls('/', undefined).absolute('/x/')).toThrow(/site/);
  });

  it('every generated path starts with the base and ends in / or a file', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{0,12}(\/[a-z0-9-]{1,8}){0,2}$/), fc.integer({ min: 1, max: 500 }), (base, page) => {
        const u = createUrls(base, 'https://x.test');
        for (const p of [u.home(), u.categories(), u.category('memory', page), u.search(), u.briefing('2026-01-01')]) {
          expect(p.startsWith(u.base)).toBe(true);
          expect(p.endsWith('/')).toBe(true);
          expect(p).not.toContain('//');
        }
      }),
    );
  });
});

describe('feed HTML', () => {
  const page = 'https://me.github.io/paper-briefing/briefings/2026-05-03/';

  it('makes links absolute against the item page, base path included', () => {
    const html = feedHtml('<p><a href="#2605.1">a</a> <a href="/paper-briefing/categories/memory/">b</a> <a href="../2026-05-02/">c</a> <a href="https://arxiv.org/abs/1">d</a></p>', page);
    expect(html).toContain('href="https://me.github.io/paper-briefing/briefings/2026-05-03/#2605.1"');
    expect(html).toContain('href="https://me.github.io/paper-briefing/categories/memory/"');
    expect(html).toContain('href="https://me.github.io/paper-briefing/briefings/2026-05-02/"');
    expect(html).toContain('href="https://arxiv.org/abs/1"');
  });

  it('drops scripts, styles, event handlers and unsafe URLs', () => {
    const html = feedHtml(
      '<script>alert(1)</script><style>p{}</style><p onclick="x()" style="color:red">ok</p><a href="javascript:alert(1)">x</a><img src="data:image/png;base64,AA" onerror="y()"><iframe src="https://e.vil"></iframe>',
      page,
    );
    expect(html).not.toMatch(/script|style|onclick|onerror|javascript:|data:|iframe/i);
    expect(html).toContain('<p>ok</p>');
  });

  it('keeps headings, tables, ids and lists', () => {
    const html = feedHtml('<h2 id="x">H</h2><table><thead><tr><th scope="col">a</th></tr></thead><tbody><tr id="2605.1"><td>b</td></tr></tbody></table><ol start="3"><li>c</li></ol>', page);
    expect(html).toBe('<h2 id="x">H</h2><table><thead><tr><th scope="col">a</th></tr></thead><tbody><tr id="2605.1"><td>b</td></tr></tbody></table><ol start="3"><li>c</li></ol>');
  });

  it('absoluteLink refuses non-web schemes', () => {
    expect(absoluteLink('javascript:alert(1)', page)).toBeUndefined();
    expect(absoluteLink('mailto:a@b.c', page)).toBe('mailto:a@b.c');
    expect(absoluteLink('  /x/ ', page)).toBe('https://me.github.io/x/');
  });
});

describe('demoteHeadings', () => {
  it('moves headings one level down and drops their ids, keeping other attributes', () => {
    expect(demoteHeadings('<h3 id="为什么值得关注">为什么</h3><p id="keep">x</p><h4 class="c" id=\'y\'>z</h4><h6>deep</h6>')).toBe(
      '<h4 data-pagefind-ignore>为什么</h4><p id="keep">x</p><h5 class="c" data-pagefind-ignore>z</h5><h6 data-pagefind-ignore>deep</h6>',
    );
  });
});

describe('searchBundles', () => {
  it('puts the site language first at pagefind/, others at pagefind-<lang>/', () => {
    expect(searchBundles(new Map([['en', 3], ['zh-CN', 10]]), 'zh-CN')).toEqual([
      { language: 'zh-cn', dir: 'pagefind', primary: true },
      { language: 'en', dir: 'pagefind-en', primary: false },
    ]);
  });

  it('falls back to the most frequent language, and to the site language for an empty archive', () => {
    expect(searchBundles(new Map([['en', 3]]), 'zh-CN')).toEqual([{ language: 'en', dir: 'pagefind', primary: true }]);
    expect(searchBundles(new Map(), 'zh-CN')).toEqual([{ language: 'zh-cn', dir: 'pagefind', primary: true }]);
  });
});

describe('paperLinks', () => {
  it('keeps http(s) links in display order', () => {
    expect(paperLinks({ pdf: 'https://arxiv.org/pdf/1', arxiv: 'https://arxiv.org/abs/1', project: 'javascript:alert(1)' as string })).toEqual([
      { key: 'arxiv', label: 'arXiv', href: 'https://arxiv.org/abs/1' },
      { key: 'pdf', label: 'PDF', href: 'https://arxiv.org/pdf/1' },
    ]);
  });
});

describe('synthetic archive', () => {
  const options = { days: 30, papers: 25, seed: 3, end: '2026-05-03' };

  it('is deterministic and renders to valid MDX through the one renderer', () => {
    const a = [...syntheticDrafts(options)].map((d) => renderBriefingMdx(d, RENDER));
    const b = [...syntheticDrafts(options)].map((d) => renderBriefingMdx(d, RENDER));
    expect(a).toEqual(b);
    expect(a).toHaveLength(30);
  });

  it('has consecutive days, unique paper ids, taxonomy categories, picks and featured write-ups', () => {
    const drafts = [...syntheticDrafts(options)];
    expect(drafts.at(-1)!.frontmatter.date).toBe('2026-05-03');
    expect(drafts[0]!.frontmatter.date).toBe('2026-04-04');
    const ids = new Set<string>();
    const slugs = new Set(config.taxonomy.map((c) => c.slug));
    for (const d of drafts) {
      const b = parseBriefing(briefingSchema, d.frontmatter);
      expect(b.papers).toHaveLength(25);
      expect(b.papers.filter((p) => p.pick)).toHaveLength(3);
      expect(b.papers.filter((p) => p.featured)).toHaveLength(config.writer.topK);
      expect(d.body.writeups).toHaveLength(config.writer.topK);
      for (const p of b.papers) {
        expect(ids.has(p.id)).toBe(false);
        ids.add(p.id);
        for (const c of p.category) expect(slugs.has(c)).toBe(true);
      }
    }
    const languages = new Set(drafts.map((d) => d.frontmatter.language));
    expect(languages).toEqual(new Set(['zh-CN', 'en']));
  });

  it('mixes Chinese prose with English research vocabulary', () => {
    const zh = syntheticDraft(0, options);
    const text = JSON.stringify(zh.body);
    expect(text).toMatch(/[\u4e00-\u9fff]{4,}/);
    expect(text).toMatch(/\b(agent|RL|benchmark|GRPO|rollout|world model|LoRA|KV)/i);
  });

  it('different seeds give different archives; the PRNG is uniform enough', () => {
    expect(renderBriefingMdx(syntheticDraft(0, { ...options, seed: 1 }), RENDER)).not.toBe(renderBriefingMdx(syntheticDraft(0, { ...options, seed: 2 }), RENDER));
    const r = createRandom(42);
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) buckets[Math.floor(r.next() * 4)]!++;
    for (const b of buckets) expect(b).toBeGreaterThan(850);
  });
});

describe('briefing body (MDX dialect → Markdown → segments)', () => {
  const body = [
    '<Section kind="overview">',
    '',
    '## 一句话总览',
    '',
    'Text with \\{braces\\} and \\<b>.',
    '',
    '</Section>',
    '',
    '<Paper id="2605.00001">',
    '',
    '<Section kind="why">',
    '',
    '### 为什么值得关注',
    '',
    '- a',
    '',
    '</Section>',
    '',
    '</Paper>',
    '',
    '```md',
    '<Paper id="2605.99999">',
    '<Section kind="why">',
    '```',
    '',
    '<Section kind="follow">',
    '',
    '<FollowList />',
    '',
    '</Section>',
    '',
    '<OtherPapers />',
  ].join('\n');
  /** The marker a component line becomes (an HTML comment, which Markdown passes through as it is). */
  const marker = (line: string): string => bodyToMarkdown(line).trim();

  it('turns component lines into markers, but not inside code fences', () => {
    const md = bodyToMarkdown(body);
    for (const line of ['<Section kind="overview">', '<Paper id="2605.00001">', '<Section kind="why">', '</Section>', '</Paper>', '<FollowList />', '<OtherPapers />']) {
      expect(marker(line)).toMatch(/^<!--pb:[^>]+-->$/);
      expect(md).toContain(marker(line));
    }
    expect(md).toContain('```md\n<Paper id="2605.99999">\n<Section kind="why">\n```');
    expect(md).toContain('Text with \\{braces\\} and \\<b>.');
  });

  it('splits rendered HTML into day sections, papers (with their own sections), follow and others, in order', () => {
    const html = [
      marker('<Section kind="overview">'),
      '<h2 id="a">A</h2>',
      marker('</Section>'),
      marker('<Paper id="2605.00001">'),
      marker('<Section kind="why">'),
      '<h3 id="w">W</h3>',
      marker('</Section>'),
      marker('</Paper>'),
      '<p>x</p>',
      marker('<Section kind="follow">'),
      '<h2>F</h2>',
      marker('<FollowList />'),
      marker('</Section>'),
      marker('<OtherPapers />'),
      '<p>end</p>',
    ].join('\n');
    expect(splitRenderedBody(html)).toEqual([
      { kind: 'section', section: 'overview', parts: [{ kind: 'html', html: '\n<h2 id="a">A</h2>\n' }] },
      { kind: 'paper', id: '2605.00001', html: `\n${marker('<Section kind="why">')}\n<h3 id="w">W</h3>\n${marker('</Section>')}\n` },
      { kind: 'html', html: '\n<p>x</p>\n' },
      { kind: 'section', section: 'follow', parts: [{ kind: 'html', html: '\n<h2>F</h2>\n' }, { kind: 'follow' }] },
      { kind: 'others' },
      { kind: 'html', html: '\n<p>end</p>' },
    ]);
  });

  it('renders a body written before sections existed (no <Section>) as before', () => {
    const html = `<h2 id="a">A</h2>\n${marker('<Paper id="1">')}\n<h3>W</h3>\n${marker('</Paper>')}\n${marker('<OtherPapers />')}`;
    expect(splitRenderedBody(html)).toEqual([
      { kind: 'html', html: '<h2 id="a">A</h2>\n' },
      { kind: 'paper', id: '1', html: '\n<h3>W</h3>\n' },
      { kind: 'others' },
    ]);
    expect(writeupHtml('\n<h3>W</h3>\n', new Set(['why']))).toBe('\n<h3>W</h3>\n');
  });

  it('reads a marker only where it stands alone on its line, not inside an attribute the text produced', () => {
    // `- ~~~ \\<!--pb:follow-->` in model prose: Markdown puts the fence's info string into a class attribute.
    const html = markdownToHtml(bodyToMarkdown('<Paper id="1">\n\n- ~~~ \\<!--pb:follow-->\n\n</Paper>\n'), { features: { gfm: true, smartPunctuation: false } }).html;
    expect(html).toContain('language-<!--pb:follow-->');
    expect(splitRenderedBody(html).map((s) => s.kind)).toEqual(['paper']);
  });

  it('rejects unbalanced papers and sections and anything nested where the dialect does not allow it', () => {
    // Each on a line of its own, as the Markdown renderer writes an HTML block.
    const line = (component: string): string => `${marker(component)}\n`;
    const [paper, paperEnd, why, sectionEnd, top] = ['<Paper id="1">', '</Paper>', '<Section kind="why">', '</Section>', '<Section kind="top">'].map(line);
    expect(() => splitRenderedBody(paper!)).toThrow(/never closed/);
    expect(() => splitRenderedBody(paperEnd!)).toThrow(/without an opening/);
    expect(() => splitRenderedBody(paper! + line('<Paper id="2">'))).toThrow(/not closed before/);
    expect(() => splitRenderedBody(paper! + line('<FollowList />') + paperEnd!)).toThrow(/inside <Paper id="1">/);
    expect(() => splitRenderedBody(top!)).toThrow(/<Section kind="top"> is never closed/);
    expect(() => splitRenderedBody(sectionEnd!)).toThrow(/without an opening <Section/);
    expect(() => splitRenderedBody(top! + top!)).toThrow(/inside <Section kind="top">/);
    expect(() => splitRenderedBody(top! + paper! + paperEnd! + sectionEnd!)).toThrow(/<Paper id="1"> inside <Section kind="top">/);
    expect(() => splitRenderedBody(paper! + why! + why! + sectionEnd! + sectionEnd! + paperEnd!)).toThrow(/inside another <Section>/);
    expect(() => splitRenderedBody(paper! + why! + paperEnd!)).toThrow(/ends inside a <Section>/);
  });

  it('keeps a marker from closing itself early: ids lose "--", kinds keep only word characters and single hyphens', () => {
    expect(marker('<Paper id="a-->b">')).toBe('<!--pb:paper:a>b-->');
    expect(marker('<Section kind="x--><script>">')).toBe('<!--pb:section:x-script-->');
  });
});

describe('BRIEFINGS_DIR', () => {
  it('points the site at another archive and refuses an empty value', async () => {
    const { resolveConfig } = await import('../src/schema/config.ts');
    const { default: settings } = await import('../briefing.config.ts');
    expect(resolveConfig(settings, {}).archive.briefingsDir).toBe('content/briefings');
    expect(resolveConfig(settings, { BRIEFINGS_DIR: '/tmp/archive' }).archive.briefingsDir).toBe('/tmp/archive');
    expect(() => resolveConfig(settings, { BRIEFINGS_DIR: ' ' })).toThrow(/BRIEFINGS_DIR/);
  });
});
