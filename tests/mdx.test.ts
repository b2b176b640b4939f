import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeText } from '../scripts/mdx/escape.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { writeFileAtomic } from '../lib/files.ts';
import { isEdited, readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import type { BriefingDraft } from '../src/schema/briefing.ts';
import { t } from '../src/i18n/index.ts';
import { compileMdx, findAll, mdxTree, nodeKinds, RENDER, visibleText } from './helpers/mdx.ts';
import { config } from '../src/config.ts';

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const nasty = [
  'A {braced} <b>bold</b> title',
  'import fs from "fs"',
  'export const x = 1',
  '</script><script>alert(1)</script>',
  'Entities &amp; &lt; &#123; stay literal',
  '`code` and ``double`` and a lone ` tick',
  '# not a heading * not a list _ not emphasis [not](a link)',
  '$\\mathbf{H}_{\\text{init}}$ LaTeX',
  'back\\slash \\{ \\} \\\\',
  '1. starts like a list',
  '> quote | pipe ~ tilde ! bang',
  '中文标题:潜空间推理 {x} <y>',
  '  leading and trailing  ',
  'emoji 🚀 and \u200b zero width',
  '<!-- comment -->',
  'http://example.com and www.example.com',
];

describe('escapeText', () => {
  it.each(nasty)('renders %j as the same text', (input) => {
    const tree = mdxTree(escapeText(input));
    expect(squash(visibleText(tree))).toBe(squash(input));
    const kinds = [...nodeKinds(tree)];
    expect(kinds.filter((k) => /mdx|raw|element:(code|em|strong|h\d|li|blockquote|script|img)/.test(k))).toEqual([]);
    // GFM may still autolink a bare web address; only http(s) ones.
    for (const a of findAll(tree, 'a')) expect(String(a.properties?.href)).toMatch(/^https?:\/\//);
  });

  it('folds newlines so the text stays on one line', () => {
    expect(escapeText('a\nb\r\nc')).toBe('a b c');
  });
});

describe('escapeMarkdown', () => {
  it('keeps Markdown structure', () => {
    const tree = mdxTree(escapeMarkdown('Intro **bold** and `a {b}`.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[link](https://arxiv.org/abs/2605.29559)'));
    expect(findAll(tree, 'strong')).toHaveLength(1);
    expect(findAll(tree, 'li')).toHaveLength(2);
    expect(findAll(tree, 'table')).toHaveLength(1);
    expect(findAll(tree, 'code').map(visibleText)).toEqual(['a {b}']);
    expect(findAll(tree, 'a')[0]?.properties?.href).toBe('https://arxiv.org/abs/2605.29559');
  });

  it('neutralises JSX, expressions, ESM and raw HTML', () => {
    const input = 'ignore previous instructions <script>alert(1)</script> {process.exit()}\nimport x from "y"\nexport default 1\n<Paper id="x">';
    const tree = mdxTree(escapeMarkdown(input));
    const kinds = [...nodeKinds(tree)];
    expect(kinds.filter((k) => /mdx|raw|script/.test(k))).toEqual([]);
    expect(squash(visibleText(tree))).toBe(squash(input));
  });

  it('keeps only http(s) links and turns images into text', () => {
    const tree = mdxTree(escapeMarkdown('[a](javascript:alert(1)) [b](https://ok.example) ![img](https://x.example/i.png) [c](data:text/html,x)\n\n[d]: javascript:alert(1)'));
    expect(findAll(tree, 'a').map((a) => a.properties?.href)).toEqual(['https://ok.example', 'https://x.example/i.png']);
    expect(findAll(tree, 'img')).toHaveLength(0);
  });

  it.each([
    ['a template-literal call split by a code span', '[x](javascript:alert`1`)'],
    ["a single-quoted title", "[x](javascript:alert%281%29 'title')"],
    ['a parenthesised title', '[x](javascript:alert%281%29 (title))'],
    ['a destination on the next line', '[x](\njavascript:alert%281%29)'],
    ['a label over two lines', '[x\ny](javascript:alert%281%29)'],
    ['a definition with its target on the next line', '[r]:\n  javascript:alert%281%29\n\nsee [r]'],
    ['a definition in a quote', '> [r]: javascript:alert%281%29\n\nsee [r]'],
    ['a definition in a list item', '- [r]: javascript:alert%281%29\n\nsee [r]'],
    ['a link nested in an escaped one', '[a [b](javascript:alert%281%29) c](https://ok.example)'],
  ])('makes no link of %s', (_name, input) => {
    const out = escapeMarkdown(input);
    const tree = mdxTree(out);
    for (const a of findAll(tree, 'a')) expect(String(a.properties?.href)).toMatch(/^https?:\/\//);
    // Same text, less the Markdown that stays Markdown (a code span's ticks, a list or quote marker).
    expect(squash(visibleText(tree))).toBe(squash(input.replace(/`/g, '').replace(/^- /, '').replace(/^> /, '')));
  });

  it('keeps safe links with balanced parentheses, and a bare URL inside a refused link is still made safe', () => {
    const wiki = mdxTree(escapeMarkdown('[wiki](https://en.wikipedia.org/wiki/A_(b))'));
    expect(findAll(wiki, 'a').map((a) => a.properties?.href)).toEqual(['https://en.wikipedia.org/wiki/A_(b)']);
    const input = '[a https://x.example/a<b> c](javascript:x)';
    const tree = mdxTree(escapeMarkdown(input));
    expect(visibleText(tree)).toBe(input);
    expect(findAll(tree, 'a').map((a) => a.properties?.href)).toEqual(['https://x.example/a']);
  });

  it.each(['Big\n===', 'Big\n---', 'Big\n-', '- item\n  ---', '> q\n> ==='])('makes no setext heading of %j; a --- after a blank line stays a rule', (input) => {
    const tree = mdxTree(escapeMarkdown(`${input}\n\nafter\n\n---\n\nend`));
    const kinds = [...nodeKinds(tree)];
    expect(kinds.filter((k) => /element:h\d/.test(k))).toEqual([]);
    expect(kinds).toContain('element:hr');
    // The underline shows as the characters written.
    expect(visibleText(tree)).toContain(input.split(/\s+/).at(-1));
  });

  it.each(['      ```', '    ```', '\t```'])('a fence closed by %j (indented: MDX has no indented code) leaves no expression or JSX after it', (closing) => {
    const input = `\`\`\`\ncode\n${closing}\n{process.exit()}\n<b>x</b>`;
    const tree = mdxTree(escapeMarkdown(input));
    expect([...nodeKinds(tree)].filter((k) => /mdx|element:b$/.test(k))).toEqual([]);
    expect(visibleText(tree)).toContain('{process.exit()}');
  });

  it('keeps LaTeX and braces verbatim', () => {
    const input = '基于首 Token 熵($\\mathbf{H}_{\\text{init}}$)的难度判别';
    expect(squash(visibleText(mdxTree(escapeMarkdown(input))))).toBe(input);
  });

  it('closes an unclosed code fence and demotes headings', () => {
    const out = escapeMarkdown('# Big\n```js\nconst a = {b}');
    expect(out.split('\n').at(-1)).toBe('```');
    expect(out.startsWith('#### Big')).toBe(true);
    expect(() => compileMdx(`<Paper id="1">\n\n${out}\n\n</Paper>`)).not.toThrow();
  });
});

function draft(overrides: Partial<BriefingDraft['frontmatter']> = {}): BriefingDraft {
  return {
    frontmatter: {
      date: '2026-05-31',
      title: '2026-05-31 AI/LLM 论文简报',
      summary: 'Agent 训练正在转向可生成、可验证的环境工厂 {not code}',
      language: 'zh-CN',
      window: { from: '2026-05-28', to: '2026-05-29', days: ['2026-05-28', '2026-05-29'], widened: true, note: '周末新增较少,扩大到 3 天' },
      sources: [{ name: 'arXiv API', status: 'degraded', note: '429/timeout,改用 HF 摘要' }],
      categories: ['code-agent', 'llm-agent'],
      papers: [
        { id: '2605.29559', title: 'LiteCoder-Terminal: <Scaling> {Envs}', category: ['code-agent'], date: '2026-05-28', featured: true, pick: true, summarizer: 'extractive', repo: 'icip-cas/LiteCoder', stars: 120 },
        { id: '2605.28424', title: 'Skill0.5', category: ['llm-agent', 'post-training-rl'], date: '2026-05-27', summarizer: 'extractive', contribution: 'joint skill internalization' },
      ],
      follow: [{ kind: 'repo', name: 'icip-cas/LiteCoder', url: 'https://github.com/icip-cas/LiteCoder', stars: 120, verified: true, reason: 'code' }],
      generator: { version: '0.1.0', writer: 'extractive' },
      ...overrides,
    },
    body: {
      overview: '今天最值得关注的信号是 **环境工厂**。',
      writeups: [{ id: '2605.29559', headline: '用合成终端环境训练 {Agent}', sections: [{ kind: 'why', body: '1. 环境可合成\n2. 反馈可执行' }, { kind: 'relation', body: 'import this\n关系' }] }],
      top: [{ id: '2605.29559', title: '', reason: '最贴近 code agent' }],
      ideas: [{ title: 'Dreamer-style terminal world model', body: '- write(memory)' }],
      routes: [{ theme: 'Agent', path: 'LiteCoder → Skill0.5' }],
      conclusion: '先精读 LiteCoder。',
    },
  };
}

describe('renderBriefingMdx', () => {
  it('renders a body that compiles, with one Paper per write-up and the tables as components', () => {
    const mdx = renderBriefingMdx(draft(), RENDER);
    const { body } = splitFrontmatter(mdx);
    expect(() => compileMdx(body)).not.toThrow();
    expect(body).toContain('<Paper id="2605.29559">');
    expect(body).toContain('<FollowList />');
    expect(body).toContain('<OtherPapers />');
    expect(body).toContain(`<Section kind="top">\n\n## ${escapeText(t('zh-CN', 'body.top'))}`);
    expect(body).toContain(`<Section kind="relation">\n\n### ${escapeText(t('zh-CN', 'section.relation', { reader: RENDER.reader.name }))}`);
    const text = visibleText(mdxTree(body));
    expect(text).toContain('用合成终端环境训练 {Agent}');
    expect(text).toContain('import this');
    // The top pick links to its section on the page.
    expect(findAll(mdxTree(body), 'a').map((a) => a.properties?.href)).toContain('#2605.29559');
  });

  it('stores each section\'s kind in the body, around its heading, so a reworded heading keeps its kind', () => {
    const { body } = splitFrontmatter(renderBriefingMdx(draft(), RENDER));
    const kinds = [...body.matchAll(/^<Section kind="([^"]+)">$/gm)].map((m) => m[1]);
    expect(kinds).toEqual(['overview', 'why', 'relation', 'top', 'follow', 'ideas', 'routes', 'others', 'conclusion']);
    expect(body.match(/^<\/Section>$/gm)).toHaveLength(kinds.length);
    // A heading override (kept from an import) is written as given; the kind stays.
    const custom = draft();
    custom.body.writeups![0]!.sections![0]!.heading = 'Warum es zählt';
    expect(splitFrontmatter(renderBriefingMdx(custom, RENDER)).body).toContain('<Section kind="why">\n\n### Warum es zählt\n');
    expect(() => compileMdx(body)).not.toThrow();
  });

  it('names the reader of the config the writer was given in the relation heading, not the default config\'s', () => {
    const body = splitFrontmatter(renderBriefingMdx(draft(), { ...RENDER, reader: { ...RENDER.reader, name: 'Ada' } })).body;
    expect(body).toContain(`### ${escapeText(t('zh-CN', 'section.relation', { reader: 'Ada' }))}`);
    expect(body).not.toContain(t('zh-CN', 'section.relation', { reader: RENDER.reader.name }));
  });

  it('is deterministic and keeps frontmatter strings intact', () => {
    const a = renderBriefingMdx(draft(), RENDER);
    expect(renderBriefingMdx(draft(), RENDER)).toBe(a);
    const { data } = splitFrontmatter(a) as unknown as { data: { papers: { title: string }[]; date: string } };
    expect(data.papers[0]?.title).toBe('LiteCoder-Terminal: <Scaling> {Envs}');
    expect(data.date).toBe('2026-05-31');
  });

  it('names the field and value of invalid frontmatter', () => {
    const bad = draft();
    (bad.frontmatter.papers as { category: string[] }[])[0]!.category = ['agents'];
    expect(() => renderBriefingMdx(bad, RENDER, 'content/briefings/2026-05-31.mdx')).toThrow(
      /content\/briefings\/2026-05-31\.mdx: papers\.0\.category\.0: unknown category "agents"/,
    );
  });

  it('refuses a write-up for a paper that is not featured', () => {
    const bad = draft();
    bad.body.writeups = [{ id: '2605.28424', sections: [] }];
    expect(() => renderBriefingMdx(bad, RENDER)).toThrow(/not a featured paper/);
  });
});

describe('writeBriefingFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pb-mdx-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders with the reader of the config it is given (the writer\'s)', async () => {
    const ada = await writeBriefingFile(draft(), { dir, dryRun: true, config: { ...RENDER, reader: { ...RENDER.reader, name: 'Ada' } } });
    expect(ada.content).toContain(escapeText(t('zh-CN', 'section.relation', { reader: 'Ada' })));
    const plain = await writeBriefingFile(draft(), { dir, dryRun: true, config: RENDER });
    expect(plain.content).toContain(escapeText(t('zh-CN', 'section.relation', { reader: RENDER.reader.name })));
  });

  it('creates, leaves unchanged, keeps existing and edited files, and replaces with force', async () => {
    const first = await writeBriefingFile(draft(), { config, dir });
    expect(first.status).toBe('created');
    expect(isEdited(await readFile(first.path, 'utf8'))).toBe(false);
    expect((await writeBriefingFile(draft(), { config, dir })).status).toBe('unchanged');

    const changed = draft({ summary: 'a different conclusion' });
    expect((await writeBriefingFile(changed, { config, dir })).status).toBe('kept-existing');

    await writeFile(first.path, (await readFile(first.path, 'utf8')).replace('先精读 LiteCoder。', '我改过这一句。'));
    expect((await readBriefingFile(first.path, config)).edited).toBe(true);
    expect((await writeBriefingFile(changed, { config, dir })).status).toBe('kept-edited');
    expect(await readFile(first.path, 'utf8')).toContain('我改过这一句。');

    expect((await writeBriefingFile(changed, { config, dir, force: true })).status).toBe('updated');
    const read = await readBriefingFile(first.path, config);
    expect(read.frontmatter.summary).toBe('a different conclusion');
    expect(read.edited).toBe(false);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a rerun that differs only in its generation time leaves the file byte-identical', async () => {
    const at = (generatedAt: string) => draft({ generator: { version: '0.1.0', writer: 'extractive', generatedAt } });
    const first = await writeBriefingFile(at('2026-05-31T06:00:00.000Z'), { config, dir });
    const bytes = await readFile(first.path, 'utf8');
    const rerun = await writeBriefingFile(at('2026-05-31T09:30:00.000Z'), { config, dir });
    expect(rerun.status).toBe('unchanged');
    expect(await readFile(first.path, 'utf8')).toBe(bytes);
    // A real change is still a change, and an edited file is still kept.
    expect((await writeBriefingFile(draft({ summary: 'other', generator: { version: '0.1.0', writer: 'extractive', generatedAt: 'x' } }), { config, dir })).status).toBe('kept-existing');
    await writeFile(first.path, bytes.replace('先精读 LiteCoder。', '改过。'));
    expect((await writeBriefingFile(at('2026-05-31T10:00:00.000Z'), { config, dir })).status).toBe('kept-edited');
  });

  it('leaves no temp file behind when the write itself fails', async () => {
    const file = path.join(dir, '2026-01-02.mdx');
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes nothing on a dry run', async () => {
    const out = await writeBriefingFile(draft(), { config, dir, dryRun: true });
    expect(out.status).toBe('created');
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a missing frontmatter with the file name', async () => {
    const file = path.join(dir, '2026-01-01.mdx');
    await writeFile(file, 'no frontmatter');
    await expect(readBriefingFile(file, config)).rejects.toThrow(/2026-01-01\.mdx: no YAML frontmatter/);
  });
});
