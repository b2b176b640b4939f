/**
 * The search index's documents (src/lib/searchDocs.ts): each paper a section anchored by its id with its
 * title, categories (both languages' names and descriptions), matched interests and the ranker's reason;
 * the day's prose first at a quarter weight; filters by month and category; untrusted text escaped; Chinese
 * spaced into words in a document Pagefind does not segment.
 */
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { bodyToMarkdown } from '../src/lib/briefingBody.ts';
import { commonConceptWords, conceptWords, htmlText, reasonPhrases, searchDayInput, searchDocument, spaceCjk, type SearchContext, type SearchDayInput } from '../src/lib/searchDocs.ts';
import { decodePaperAnchor } from '../src/lib/searchResults.ts';
import type { Briefing } from '../src/schema/briefing.ts';
import { searchFilters } from '../src/lib/searchBundles.ts';
import { createBriefingSchema } from '../src/schema/briefing.ts';
import { categoryLabel } from '../src/schema/taxonomy.ts';

const UI = config.site.language;
const context: SearchContext = { taxonomy: config.taxonomy, interests: config.reader.interests, filters: searchFilters(UI), ui: UI };
const category = (slug: string) => config.taxonomy.find((c) => c.slug === slug)!;
const interest = config.reader.interests.find((i) => i.id === 'model-based-rl') ?? config.reader.interests[0]!;

const day: SearchDayInput = {
  date: '2026-05-03',
  title: '2026-05-03 简报',
  summary: '今天的主线：<b>可验证环境</b>',
  language: 'zh-CN',
  prose: ['概览段落'],
  papers: [
    { id: '2605.00001', title: 'WorldX: a <script>world</script> model', categories: ['world-model', 'post-training-rl'], topics: [interest.id], contribution: '提出 WorldX', headline: '学习工具状态', reason: '与 wenjun 的方向相关：world model' },
    { id: 'cs/0701001', title: 'Old & "quoted"', categories: ['other'], topics: [], contribution: '' },
  ],
};

/** The HTML of one paper's section. */
const sectionOf = (html: string, id: string): string => {
  const start = html.indexOf(`<section id="${id}"`);
  return html.slice(start, html.indexOf('</section>', start));
};

describe('searchDocument', () => {
  const doc = searchDocument(day, context);

  it('is the day page URL in the briefing language', () => {
    expect(doc.url).toBe('/briefings/2026-05-03/');
    expect(doc.language).toBe('zh-cn');
    expect(doc.html).toContain('<html lang="zh-CN">');
  });

  it('puts each paper in a section anchored by its id, titled with its title and category slugs', () => {
    for (const p of day.papers) {
      const attr = new RegExp(`<section id="${p.id.replace(/[./]/g, '\\$&')}" data-pagefind-title="([^"]*)">`).exec(doc.html)?.[1];
      expect(attr, p.id).toBeDefined();
      const decoded = attr!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(decodePaperAnchor(decoded)).toEqual({ title: p.title, categories: p.categories });
    }
  });

  it('carries its categories’ names as written, then the distinctive words of their descriptions, interests and reason phrases', () => {
    const section = htmlText(sectionOf(doc.html, '2605.00001'));
    const names = ['world-model', 'post-training-rl'].flatMap((slug) => [category(slug).zh, category(slug).en]);
    expect(section).toContain(names.join(' · '));
    const rest = section.slice(section.indexOf(names.join(' · ')) + names.join(' · ').length).split(' ').filter(Boolean);
    const words = new Set(rest.map((w) => w.toLowerCase()));
    // The descriptions' concept words: 强化学习 (post-training RL, "reinforcement learning") finds this paper.
    for (const w of ['强化', 'reinforcement', 'RLHF', 'GRPO', '模拟', 'simulators']) expect(words, w).toContain(w.toLowerCase());
    // The interest's label words, and the phrase the reason names (world model is a keyword of an interest).
    for (const w of conceptWords([interest.label.zh, interest.label.en], new Set([...commonConceptWords(config.taxonomy), ...conceptWords(names).map((x) => x.toLowerCase())]))) expect(words, w).toContain(w.toLowerCase());
    // Each word once, none already in the names, and none that tells no category apart (模型, learning).
    expect(rest.length).toBe(words.size);
    for (const w of conceptWords(names)) expect(words.has(w.toLowerCase()), w).toBe(false);
    expect(words.has('learning') || words.has('模型')).toBe(false);
    expect(section).toContain('学习工具状态');
    expect(sectionOf(doc.html, '2605.00001')).toContain('<p data-pagefind-weight="3">WorldX: a &lt;script&gt;world&lt;/script&gt; model</p>');
  });

  it('with `concepts: text`, carries the names, descriptions and the reason as written (the measured alternative)', () => {
    const text = htmlText(sectionOf(searchDocument(day, { ...context, concepts: 'text' }).html, '2605.00001'));
    for (const slug of ['world-model', 'post-training-rl']) for (const t of [category(slug).zh, category(slug).en, category(slug).descriptionZh, category(slug).description]) expect(text).toContain(t);
    expect(text).toContain('与 wenjun 的方向相关');
  });

  it('names the interest phrases a reason holds, on word boundaries', () => {
    const kw = interest.keywords[0]!;
    expect(reasonPhrases(`matched: ${kw.toUpperCase()}, nothing else`, [interest])).toContain(kw);
    expect(reasonPhrases(`matched: x${kw}y`, [interest])).not.toContain(kw);
    expect(commonConceptWords(config.taxonomy)).toContain('模型');
    expect(commonConceptWords(config.taxonomy)).not.toContain('强化');
  });

  it('indexes the day’s own prose first, at a quarter weight, and titles the page with the day', () => {
    const head = doc.html.slice(0, doc.html.indexOf('<section'));
    expect(head).toContain('<div data-pagefind-weight="0.25"><h1 data-pagefind-meta="title">2026-05-03 简报</h1>');
    expect(head).toContain('<p>今天的主线：&lt;b&gt;可验证环境&lt;/b&gt;</p>');
    expect(head).toContain('<p>概览段落</p>');
  });

  it('filters by month and by every category of its papers, in the interface language', () => {
    const names = searchFilters(UI);
    expect(doc.html).toContain(`<meta data-pagefind-filter="${names.month}[content]" content="2026-05">`);
    const values = [...doc.html.matchAll(new RegExp(`data-pagefind-filter="${names.category}\\[content\\]" content="([^"]+)"`, 'g'))].map((m) => m[1]);
    expect(values).toEqual(['world-model', 'post-training-rl', 'other'].map((s) => categoryLabel(s, UI).replace(/&/g, '&amp;')));
  });

  it('leaves no markup from the text: everything is escaped', () => {
    expect(doc.html).not.toMatch(/<script|<b>/);
    expect(doc.html).toContain('Old &amp; &quot;quoted&quot;');
  });

  it('spaces Chinese into words in an English briefing’s document (Pagefind does not segment it)', () => {
    const en = searchDocument({ ...day, language: 'en' }, { ...context, concepts: 'text' });
    expect(htmlText(sectionOf(en.html, '2605.00001'))).toContain('强化 学习');
    expect(spaceCjk('预训练之后的强化学习与 RLHF', 'en')).toBe('预 训练 之后 的 强化 学习 与 RLHF');
    expect(spaceCjk('强化学习', 'zh-cn')).toBe('强化学习');
    expect(spaceCjk('no chinese here', 'en')).toBe('no chinese here');
  });
});

describe('searchDayInput', () => {
  const marker = (line: string): string => bodyToMarkdown(line).trim();
  const briefing = createBriefingSchema(config.taxonomy).parse({
    date: '2026-05-03',
    title: '2026-05-03 简报',
    summary: 'S',
    language: 'zh-CN',
    window: { from: '2026-05-02', to: '2026-05-03' },
    papers: [
      { id: '2605.00001', title: 'A', category: ['world-model'], date: '2026-05-02', featured: true, topics: [interest.id], contribution: 'ca', summarizer: 'extractive' },
      { id: '2605.00002', title: 'B', category: ['memory'], date: '2026-05-02', contribution: 'cb', summarizer: 'extractive' },
      { id: '2605.00003', title: 'C', category: ['memory'], date: '2026-05-02', contribution: 'cc', summarizer: 'extractive' },
    ],
    follow: [{ kind: 'repo', name: 'owner/repo', reason: 'worth it' }],
    generator: { version: '1', writer: 'extractive' },
  }) as Briefing;
  const html = [
    marker('<Section kind="overview">'),
    '<h2>概览</h2><p>Overview &amp; more</p>',
    marker('</Section>'),
    marker('<Paper id="2605.00001">'),
    '<p><strong>Headline</strong></p>',
    marker('<Section kind="why">'),
    '<h3>why</h3><p>long commentary</p>',
    marker('</Section>'),
    marker('<Section kind="relation">'),
    '<h3>relation</h3><p>matched world model</p>',
    marker('</Section>'),
    marker('<Section kind="note">'),
    '<p>a planted note</p>',
    marker('</Section>'),
    marker('</Paper>'),
    marker('<Section kind="top">'),
    '<ol><li>A</li></ol>',
    marker('</Section>'),
    marker('<Section kind="others">'),
    marker('<OtherPapers />'),
    marker('</Section>'),
  ].join('\n');

  it('reads headline, reason and indexed sections of each write-up; the day’s prose without top-3 and tables', () => {
    const input = searchDayInput(briefing, html, { unindexedSections: config.site.unindexedSections, include: (id) => id !== '2605.00003' });
    expect(input.prose).toEqual(['概览 Overview & more', 'owner/repo worth it']);
    expect(input.papers.map((p) => p.id)).toEqual(['2605.00001', '2605.00002']);
    expect(input.papers[0]).toMatchObject({ headline: 'Headline', reason: 'relation matched world model', notes: ['a planted note'], topics: [interest.id] });
    expect(input.papers[0]!.notes!.join(' ')).not.toContain('long commentary');
    expect(input.papers[1]).toEqual({ id: '2605.00002', title: 'B', categories: ['memory'], topics: [], contribution: 'cb' });
  });
});
