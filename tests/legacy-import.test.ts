/**
 * Importing legacy briefings: the three formats (fixtures written for these tests, with tables, LaTeX,
 * braces, tags, emoji headings, missing sections, CRLF and mixed colons), the report of everything that
 * did not map, the title index, and the `npm run import` command on a temporary archive.
 */
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitCategoryTitle } from '../scripts/legacy/lists.ts';
import { detectFormat, importLegacyText, LegacyFormatError } from '../scripts/legacy/index.ts';
import { createTitleIndex, loadTitleIndex } from '../scripts/legacy/resolve.ts';
import { mapCategoryLabels } from '../scripts/legacy/categories.ts';
import { statusOf, isoTime, splitSummary } from '../scripts/legacy/draft.ts';
import { toLines } from '../scripts/legacy/text.ts';
import { runImport } from '../scripts/legacy/cli.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { readBriefingFile } from '../scripts/mdx/write.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import type { BriefingDraft, PaperInput } from '../src/schema/briefing.ts';
import { droppedText, fixture, visibleOf } from './helpers/legacy.ts';
import { compileMdx, RENDER } from './helpers/mdx.ts';
import { t } from '../src/i18n/index.ts';
import { config, briefingSchema } from '../src/config.ts';

const LATEX = '$\\mathbf{H}_{\\text{init}}$';

const load = (name: string, options = {}) => importLegacyText(fixture(name), `tests/fixtures/legacy/${name}`, options);
const paper = (draft: BriefingDraft, id: string): PaperInput => {
  const p = draft.frontmatter.papers!.find((x) => x.id === id);
  if (!p) throw new Error(`no paper ${id}`);
  return p;
};
const writeup = (draft: BriefingDraft, id: string) => draft.body.writeups!.find((w) => w.id === id)!;
const section = (draft: BriefingDraft, id: string, kind: string) => writeup(draft, id).sections!.find((s) => s.kind === kind);

describe('format detection', () => {
  it.each([
    ['daily-briefing.md', 'daily-briefing'],
    ['featured-briefing.md', 'featured-briefing'],
    ['featured-briefing-crlf.md', 'featured-briefing'],
    ['hf-report.md', 'hf-report'],
    ['not-a-briefing.md', null],
  ])('%s → %s', (name, format) => {
    expect(detectFormat(toLines(fixture(name)))).toBe(format);
  });
});

describe('daily briefing (numbered papers, labelled lists)', () => {
  const { draft, report } = load('daily-briefing.md');
  const fm = draft.frontmatter;

  it('reads date, title, summary, window and access notes', () => {
    expect(fm.date).toBe('2026-03-08');
    expect(fm.title).toBe('AI/LLM 论文速递与研究热点');
    expect(fm.language).toBe('zh-CN');
    expect(fm.summary).toBe('本周的主线是“把循环深度当作新的扩展轴”:多篇工作在隐状态里迭代 {h_t},而不是拉长 token 链。');
    expect(draft.body.overview).toContain('<tool_call>');
    expect(fm.window).toMatchObject({ from: '2026-03-04', to: '2026-03-06', days: ['2026-03-06'], widened: true });
    expect(fm.window!.note).toContain('向前扩展到 2026-03-04');
    expect(fm.sources).toEqual([
      { name: 'arXiv API', status: 'degraded', note: 'arXiv API 返回 429 Too Many Requests,改用论文页;' },
      { name: 'GitHub API', status: 'degraded', note: 'GitHub API 请求超时(timeout),未核验 stars;' },
      { name: 'Semantic Scholar', status: 'failed', note: 'Semantic Scholar 无法访问。' },
    ]);
    expect(fm.generator).toMatchObject({ writer: 'imported', model: null });
  });

  it('maps every field of a paper, keeping braces, tags and LaTeX as written', () => {
    const p = paper(draft, '2603.01234');
    expect(p).toMatchObject({
      title: 'Tiny{Loop}: Recurrent Depth for <think> Tokens',
      category: ['latent-reasoning', 'llm-agent', 'post-training-rl'],
      date: '2026-03-05',
      listed: '2026-03-06',
      venue: 'ICLR 2026 Workshop',
      source: ['Hugging Face Daily Papers', 'arXiv'],
      featured: true,
      pick: true,
      summarizer: 'imported',
      links: { arxiv: 'https://arxiv.org/abs/2603.01234', hf: 'https://huggingface.co/papers/2603.01234' },
    });
    expect(p.contribution).toContain(LATEX);
    expect(section(draft, '2603.01234', 'why')!.body).toContain('| TinyLoop ($k\\le 4$) | 47.9% | 2.6 |');
    expect(section(draft, '2603.01234', 'relation')!.heading).toBeUndefined(); // same as the standard heading
    // ASCII colons and an inline 简评 instead of why/relation.
    expect(paper(draft, '2603.02345')).toMatchObject({ title: 'ToolJudge: Process Rewards for Function Calls', date: '2026-03-06', source: ['Hugging Face Daily Papers'] });
    expect(writeup(draft, '2603.02345').sections!.map((s) => s.kind)).toEqual(['note', 'other']);
    expect(section(draft, '2603.02345', 'note')!.body).toMatch(/^过程奖励终于/);
    // A version suffix in the link is dropped from the id.
    expect(paper(draft, '2603.03456').links!.arxiv).toBe('https://arxiv.org/abs/2603.03456v2');
  });

  it('keeps unknown category labels in the write-up and reports them', () => {
    const kept = section(draft, '2603.01234', 'other')!;
    expect(kept).toEqual({ kind: 'other', heading: t('zh-CN', 'import.originalCategories'), body: 'Latent Reasoning / Multi-Agent / RLVR' });
    expect(report.unknownLabels.map((u) => [u.label, u.match, u.slugs])).toEqual([
      ['Multi-Agent', 'keyword', ['llm-agent']],
      ['RLVR', 'keyword', ['post-training-rl']],
      ['Process Reward', 'none', []],
      ['Trace Data', 'none', []],
    ]);
    expect(report.unknownLabels[0]!.line).toBe(8);
  });

  it('keeps a paper without an arXiv id as prose and reports it; never invents an id', () => {
    expect(fm.papers!.map((p) => p.id)).toEqual(['2603.01234', '2603.02345', '2603.03456']);
    expect(report.withoutId).toEqual([{ line: 32, title: 'A Survey Whose Links Were Lost' }]);
    const kept = draft.body.extra!.find((e) => e.heading === '3. A Survey Whose Links Were Lost')!;
    expect(kept.body).toContain('一句话核心贡献:综述 2025–2026 年的 Agent 评测方法。');
    expect(kept.body).toContain('\n\n简评:链接在复制时丢失了'); // not swallowed into the list above it
  });

  it('keeps a date it cannot represent ("revised") as written, and reports it', () => {
    expect(section(draft, '2603.03456', 'other')).toEqual({ kind: 'other', heading: t('zh-CN', 'import.originalField'), body: '- 日期:2026-03-01 submitted,2026-03-05 revised;HF 2026-03-06' });
    expect(report.unmapped.find((u) => u.line === 43)?.text).toContain('revised');
  });

  it('reads top 3, alternate, follow list, ideas; a missing routes section is simply absent', () => {
    expect(draft.body.top!.map((t) => t.id)).toEqual(['2603.01234', '2603.02345', '2603.03456']);
    expect(draft.body.top![0]!.reason).toBe('隐空间循环 + 自适应深度,和 latent reasoning 最贴近。');
    expect(draft.body.alternate).toEqual({ id: '2603.02345', title: 'ToolJudge', reason: '如果今天更想看 RL,则优先读它。' });
    expect(fm.follow).toEqual([
      { kind: 'dataset', name: 'someorg/agent-traces', url: 'https://huggingface.co/datasets/someorg/agent-traces', category: ['llm-agent'], stars: null, verified: false, reason: '包含工具调用轨迹,可用于 failure analysis。' },
      { kind: 'repo', name: 'someorg/tinyloop', url: 'https://github.com/someorg/tinyloop', category: ['latent-reasoning'], stars: 1200, verified: false, reason: 'TinyLoop 官方实现,约 1.2k stars(页面显示)。' },
      { kind: 'model', name: 'someorg/loop-7b', url: 'https://huggingface.co/someorg/loop-7b', category: [], stars: null, verified: false, reason: '循环深度 7B 模型权重。' },
      { kind: 'dataset', name: 'someorg/tool-mix', url: 'https://huggingface.co/datasets/someorg/tool-mix', category: [], stars: null, verified: false, reason: '可补充跟进:一个工具调用数据集。' },
    ]);
    // An item whose kind the text does not say stays prose.
    expect(draft.body.followNote).toContain('GitHub API 今日超时');
    expect(draft.body.followNote).toContain('someorg/mystery-thing:用途不明');
    expect(draft.body.ideas!.map((i) => i.title)).toEqual(['把循环深度当作 RL 动作', '工具调用的过程奖励 + 隐状态新颖度']);
    expect(draft.body.ideas![0]!.body).toContain('$\\lambda \\cdot$');
    expect(draft.body.routes).toEqual([]);
  });

  it('keeps an unknown (emoji) heading under its own heading and reports it', () => {
    const extra = draft.body.extra!.find((e) => e.heading === '🧪 附录:复现笔记')!;
    expect(extra.body).toBe('在 1×A100 上复现 TinyLoop 的表 1 需要约 6 小时;`--loops 4` 参数很关键。');
    expect(report.unmapped.some((u) => u.keptIn === 'extra › 🧪 附录:复现笔记')).toBe(true);
  });
});

describe('featured briefing (重点推荐 groups, pipe table)', () => {
  const { draft, report } = load('featured-briefing.md');
  const fm = draft.frontmatter;

  it('keeps an unknown heading with nothing under it, and reports it', () => {
    const src = fixture('daily-briefing.md').replace('#今日重点论文与动态', '#🌟 本周特别说明:没有正文的标题\n#今日重点论文与动态');
    const { draft, report } = importLegacyText(src, 'x.md');
    expect(droppedText(src, draft)).toEqual([]);
    expect(report.unmapped.map((u) => u.keptIn)).toContain('extra › 🌟 本周特别说明:没有正文的标题');
  });

  it('keeps what a follow item\'s link line says besides its URL', () => {
    const src = fixture('featured-briefing.md').replace(
      '- 跟进点:环境生成脚本与 verifier 设计。',
      '- 链接:https://huggingface.co/datasets/alpha-lab/alpha-data 也可看 https://alpha.example/docs\n- 跟进点:环境生成脚本与 verifier 设计。',
    );
    const { draft } = importLegacyText(src, 'x.md');
    expect(droppedText(src, draft)).toEqual([]);
    const reason = draft.frontmatter.follow?.find((f) => f.name === 'alpha-lab/alpha-env')?.reason ?? '';
    expect(reason).toContain('https://huggingface.co/datasets/alpha-lab/alpha-data 也可看 https://alpha.example/docs');
  });

  it('reads the notes at the top, including the retrieval time', () => {
    expect(fm.date).toBe('2026-03-15');
    expect(fm.generator!.generatedAt).toBe('2026-03-15T09:30:00+08:00');
    expect(fm.window).toMatchObject({ from: '2026-03-12', to: '2026-03-13', widened: true });
    expect(fm.window!.note).toBe('主要覆盖:Hugging Face Daily Papers 2026-03-12/13 的高相关论文与 GitHub 仓库。 周末新增较少,因此扩大到最近约 5 天。');
    expect(fm.sources!.map((s) => [s.name, s.status])).toEqual([['arXiv API', 'degraded'], ['X/Twitter', 'skipped']]);
  });

  it('reads a featured paper with its repo, headline and sections', () => {
    expect(paper(draft, '2603.11111')).toMatchObject({
      title: 'Alpha-Env: An Environment Factory for Terminal Agents',
      repo: 'alpha-lab/alpha-env',
      links: { hf: 'https://huggingface.co/papers/2603.11111', arxiv: 'https://arxiv.org/abs/2603.11111', code: 'https://github.com/alpha-lab/alpha-env' },
      source: ['Hugging Face Daily Papers', 'arXiv', 'GitHub'],
      category: ['code-agent', 'llm-agent', 'post-training-rl'],
      contribution: '从 specification 自动生成可执行、可验证的 terminal 环境,并用 {SFT, DPO} 训练长轨迹 agent。',
    });
    expect(writeup(draft, '2603.11111').headline).toBe('用可执行环境工厂训练终端 Agent');
    expect(section(draft, '2603.11111', 'why')!.body).toContain('1. 环境可合成');
    expect(section(draft, '2603.11111', 'relation')!.body).toContain('• 动作:shell command / edit patch。');
  });

  it('splits a group into its papers; the shared sections stay where they stood', () => {
    expect(writeup(draft, '2603.22222').headline).toBe('Beta + Gamma —— world model 从“能生成”走向“懂干预”');
    expect(writeup(draft, '2603.22222').sections).toEqual([]);
    expect(section(draft, '2603.33333', 'why')!.body).toMatch(/^Beta 解决“怎么交互”/);
    expect(paper(draft, '2603.33333').links).toEqual({ hf: 'https://huggingface.co/papers/2603.33333', arxiv: 'https://arxiv.org/abs/2603.33333' });
    expect(report.unknownLabels.map((u) => u.label)).toEqual(['Causality', 'KV']);
  });

  it('reads the others table: escaped pipes, LaTeX, the comment column; a row without a link stays a table row', () => {
    const others = fm.papers!.filter((p) => !p.featured);
    expect(others.map((p) => p.id)).toEqual(['2603.44444', '2603.55555']);
    expect(others[0]).toMatchObject({ title: 'Delta: Confidence-Aware KV | Cache Eviction', category: ['memory'], date: '2026-03-13', contribution: '按置信度动态调整 KV 预算,上界为 $O(\\sqrt{n})$。 快评:对长程 agent 降成本有意义。' });
    expect(others[1]).toMatchObject({ links: { arxiv: 'https://arxiv.org/abs/2603.55555' }, category: ['gui-agent'] });
    expect(others[1]!.links!.hf).toBeUndefined(); // the row names only arXiv
    expect(report.withoutId).toEqual([{ line: 72, title: 'Zeta: A Paper With No Link' }]);
    const kept = draft.body.extra!.find((e) => e.heading === t('zh-CN', 'import.keptPaper'))!;
    expect(kept.body.split('\n')).toEqual([
      '| 类别 | 标题 | 链接 | 日期 | 一句话核心贡献 | 快评 |',
      '|---|---|---|---|---|---|',
      '| Safety | Zeta: A Paper With No Link | | 2026-03-12 | 链接缺失的一行。 | 应保留为原文。 |',
    ]);
  });

  it('reads top 3 (+ alternate naming two papers), follow list with stars and inline extras, routes, conclusion', () => {
    expect(draft.body.top!.map((t) => t.id)).toEqual(['2603.11111', '2603.22222', '2603.33333']);
    expect(draft.body.alternate).toEqual({ title: 'Beta + Gamma', reason: '如果今天想偏系统,则把第三篇换成 Beta + Gamma 组合阅读。' });
    expect(fm.follow).toEqual([
      {
        kind: 'repo',
        name: 'alpha-lab/alpha-env',
        url: 'https://github.com/alpha-lab/alpha-env',
        category: [],
        stars: 385,
        verified: true,
        updated: '2026-03-14',
        reason: 'GitHub 验证:2026-03-14 仍有更新,约 385 stars;描述为 “Environment factory”。 环境生成脚本与 verifier 设计。',
      },
      { kind: 'repo', name: 'beta-lab/beta', url: 'https://github.com/beta-lab/beta', category: [], stars: null, verified: false, reason: '可顺手关注:Beta repo' },
      { kind: 'dataset', name: 'gamma-lab/causal-bench', url: 'https://huggingface.co/datasets/gamma-lab/causal-bench', category: [], stars: null, verified: false, reason: '可顺手关注:Causal-Bench' },
    ]);
    expect(draft.body.routes).toEqual([
      { theme: '如果只看环境工厂', path: 'Alpha-Env → Epsilon' },
      { theme: '如果只看 world model', path: 'Beta → Gamma' },
    ]);
    expect(draft.body.conclusion).toMatch(/^今日主线/);
  });
});

describe('an English briefing (headings from the site\'s own English strings)', () => {
  const { draft, report } = load('daily-briefing-en.md');
  it('reads it in English', () => {
    const fm = draft.frontmatter;
    expect(fm).toMatchObject({ language: 'en', date: '2026-04-02', title: 'AI research briefing', summary: 'Agents are moving to executable environments.' });
    expect(fm.window).toMatchObject({ from: '2026-03-30', to: '2026-04-01', widened: true });
    expect(fm.sources!.map((s) => [s.name, s.status])).toEqual([['arXiv API', 'degraded'], ['GitHub API', 'degraded']]);
    expect(paper(draft, '2604.00001')).toMatchObject({ title: 'Foo: A Bar for Baz', category: ['llm-agent', 'tool-use'], contribution: 'A bar for baz.', pick: true });
    expect(writeup(draft, '2604.00001').sections).toEqual([
      { kind: 'why', body: '- Because.' },
      { kind: 'relation', body: '- Direct.' },
    ]);
    expect(draft.body.routes).toEqual([{ theme: 'Agents only', path: 'Foo → Bar' }]);
    expect(draft.body.conclusion).toBe('Done.');
    expect(report.unmapped).toEqual([]);
    expect(droppedText(fixture('daily-briefing-en.md'), draft)).toEqual([]);
  });
});

describe('CRLF and a table flattened by a web copy', () => {
  const crlf = load('featured-briefing-crlf.md');

  it('reads CRLF exactly like LF', () => {
    const lf = importLegacyText(fixture('featured-briefing-crlf.md').replace(/\r\n/g, '\n'), 'tests/fixtures/legacy/featured-briefing-crlf.md');
    expect(crlf.draft).toEqual(lf.draft);
    expect(crlf.draft.body.overview).not.toMatch(/\r/);
  });

  it('splits run-together cells; an all-capitals title is found by its other mention', () => {
    const others = crlf.doc.others;
    expect(others.map((p) => [p.categoryText, p.title, p.id, p.date])).toEqual([
      ['LLM Agent / Safety', 'ThetaGuard: Lightweight Agent Safety', '2603.77777', '2026-03-21'],
      ['Context / KV', 'THETA-KV: Confidence KV Eviction', '2603.88888', '2026-03-20'],
    ]);
    expect(others[0]!.contribution).toBe('面向执行型 agent 的安全对齐。 快评:对 shell 场景很相关。');
    // The cells partition the row: nothing lost between them.
    for (const p of others) {
      const row = p.raw[0]!.text;
      expect(`${p.categoryText}${p.title}${p.links.hf}${p.date}${p.contribution.replace(' 快评:', '')}`.replace(/\s/g, '')).toBe(row.replace(/\s/g, ''));
    }
    expect(crlf.report.notes.some((n) => n.includes('ThetaGuard') && n.includes('other possible splits'))).toBe(true);
  });

  it('splitCategoryTitle prefers the first capital after a lower-case letter', () => {
    expect(splitCategoryTitle('GUI AgentPhoneWorld: Scaling', '')).toMatchObject({ category: 'GUI Agent', title: 'PhoneWorld: Scaling' });
    expect(splitCategoryTitle('Program-of-ThoughtREPOT: Recoverable', '')).toMatchObject({ category: 'Program-of-Thought', title: 'REPOT: Recoverable' });
    expect(splitCategoryTitle('Context / KVCONF-KV: Confidence', 'see CONF-KV above')).toMatchObject({ category: 'Context / KV', title: 'CONF-KV: Confidence', alternatives: [] });
    expect(splitCategoryTitle('lowercase only', '')).toBeNull();
  });
});

describe('Hugging Face report (## 📄 papers, numbered sections in several styles)', () => {
  const { draft, report } = load('hf-report.md');
  const fm = draft.frontmatter;

  it('reads the header and one featured paper per 📄 heading', () => {
    expect(fm).toMatchObject({ date: '2026-02-02', title: 'Hugging Face Daily Papers Report', language: 'zh-CN' });
    expect(fm.sources).toEqual([{ name: 'Hugging Face Daily Papers', url: 'https://huggingface.co/papers/date/2026-02-02', status: 'ok', note: '' }]);
    expect(fm.window).toMatchObject({ from: '2026-02-02', to: '2026-02-02', days: ['2026-02-02'] });
    expect(fm.papers!.map((p) => [p.id, p.title])).toEqual([
      ['2602.10001', 'EntroRoute: Routing Reasoning Steps by First-Token Entropy'],
      ['2602.10002', 'Pixel{VAE}: Aligning Diffusion Latents with <DINO> Features'],
      ['2602.10003', 'OpenGym-Lite: Separating Concerns in Agentic RL'],
    ]);
    expect(paper(draft, '2602.10001')).toMatchObject({ date: '2026-02-02', listed: '2026-02-02', source: ['Hugging Face Daily Papers', '阅读来源: HTML'] });
    expect(paper(draft, '2602.10003').source).toEqual(['Hugging Face Daily Papers', '阅读来源: ArXiv Abs']);
    expect(fm.summary).toBe(t('zh-CN', 'import.hfReportSummary', { count: 3, date: '2026-02-02' }));
    expect(report.notes.some((n) => n.includes('summary line was written by the importer'))).toBe(true);
  });

  it('maps 应用领域/使用指南/主要创新点/实验效果 in every heading style; contribution goes to the paper', () => {
    expect(writeup(draft, '2602.10001').headline).toBe('EntroRoute 论文研究报告');
    expect(writeup(draft, '2602.10001').sections!.map((s) => s.kind)).toEqual(['domain', 'usage', 'innovations', 'results']);
    expect(paper(draft, '2602.10001').contribution).toBe(`用推理步骤首个 Token 的熵 ${LATEX} 预判步骤难度,在大小模型之间路由,免训练。`);
    expect(section(draft, '2602.10001', 'usage')!.body).toBe(
      ['*   **输入**：推理型问题。', '*   **流程**：', '    1.  小模型先算首 Token 熵;', `    2.  若 ${LATEX.slice(0, -1)} > \\tau$,切换到大模型生成 \`<step>…</step>\`。`].join('\n'),
    );
    // "1. **应用领域**：text" on one line (full-width colon) and "2. **一句话核心贡献**:" (ASCII colon).
    expect(section(draft, '2602.10003', 'domain')!.body).toBe('大语言模型智能体 (LLM Agents) 的强化学习 (Reinforcement Learning) 与 tool-use。');
    expect(paper(draft, '2602.10003').contribution).toBe('把 agent 编程逻辑与训练设施解耦的 RL-as-a-Service 框架。');
  });

  it('a missing section is absent; an unknown numbered section is kept under its heading and reported', () => {
    const kinds = writeup(draft, '2602.10002').sections!.map((s) => [s.kind, s.heading]);
    expect(kinds).toEqual([['domain', undefined], ['usage', undefined], ['innovations', undefined], ['other', '局限性']]);
    expect(report.unmapped.find((u) => u.keptIn.endsWith('局限性'))?.text).toContain('$\\text{FID}=1.75$');
  });

  it('guesses categories from the text with the pipeline guesser and reports the guesses', () => {
    expect(paper(draft, '2602.10003').category).toContain('post-training-rl');
    expect(report.guessedCategories.map((g) => g.line)).toEqual([7, 35, 60]);
  });

  it('keeps a report without a link as prose (emoji title included)', () => {
    expect(report.withoutId).toEqual([{ line: 82, title: '🎙️ Speech Without Links: A Report Missing Its URL' }]);
    const kept = draft.body.extra!.find((e) => e.heading.includes('Speech Without Links'))!;
    expect(kept.body).toContain('链接缺失的论文应当保留为原文。');
  });
});

describe('nothing is dropped, and the MDX compiles with the text intact', () => {
  it.each(['daily-briefing.md', 'featured-briefing.md', 'featured-briefing-crlf.md', 'hf-report.md'])('%s', (name) => {
    const { draft } = load(name);
    expect(droppedText(fixture(name), draft)).toEqual([]);
    const mdx = renderBriefingMdx(draft, RENDER);
    expect(() => compileMdx(splitFrontmatter(mdx).body)).not.toThrow();
    const seen = visibleOf(draft);
    if (name === 'hf-report.md' || name === 'daily-briefing.md') expect(seen).toContain(LATEX);
    expect(briefingSchema.safeParse(splitFrontmatter(mdx).data).success).toBe(true);
  });

  it('the coverage check itself notices dropped text', () => {
    const { draft } = load('daily-briefing.md');
    draft.body.ideas = [];
    expect(droppedText(fixture('daily-briefing.md'), draft)).toContain('继续循环');
  });
});

describe('errors name the file and the line', () => {
  it('a file in no known format', () => {
    expect(() => load('not-a-briefing.md')).toThrow(LegacyFormatError);
    expect(() => load('not-a-briefing.md')).toThrow(/^tests\/fixtures\/legacy\/not-a-briefing\.md:1: not a known briefing format/);
  });

  it('a briefing whose title has no date', () => {
    const text = '\n\n#AI 简报\n#一句话结论\n总之。\n#1. A Paper\n- 链接:https://arxiv.org/abs/2601.00001\n';
    expect(() => importLegacyText(text, 'x.md')).toThrow('x.md:3: the title heading has no date YYYY-MM-DD: "AI 简报"');
  });

  it('a report without a date', () => {
    expect(() => importLegacyText('# Report\n\n## 📄 T\n- **链接**: https://huggingface.co/papers/2601.00001\n', 'r.md')).toThrow(/^r\.md:1: no report date/);
  });

  it('a briefing without any paper', () => {
    // Looks like a briefing (a numbered heading and known sections) but holds no paper.
    expect(() => importLegacyText('\n#2026-01-01 简报\n#今日结论\n无。\n#1. 不是论文\n', 'e.md')).toThrow('e.md:2: no papers found');
  });
});

describe('pieces', () => {
  it('maps category labels from the taxonomy, exactly or by keyword', () => {
    expect(mapCategoryLabels('LLM Agent / Evaluation / Tool-use / Code Agent').slugs).toEqual(['llm-agent', 'evaluation', 'tool-use', 'code-agent']);
    expect(mapCategoryLabels('Post-training RL、Latent Reasoning').labels.every((l) => l.match === 'exact')).toBe(true);
    expect(mapCategoryLabels('Code/Tool Agent').labels.map((l) => l.label)).toEqual(['Code', 'Tool Agent']);
    expect(mapCategoryLabels('Wholly Unknown').slugs).toEqual(['other']);
  });

  it('reads source statuses from the words of the note', () => {
    expect(statusOf('arXiv API 今日出现 429/超时')).toBe('degraded');
    expect(statusOf('GitHub API 已触发 rate limit')).toBe('degraded');
    expect(statusOf('X/Twitter 可打开搜索页但无法可靠抽取动态内容')).toBe('failed');
    expect(statusOf('X/Twitter 未作为主证据源')).toBe('skipped');
    expect(statusOf('用 GitHub API 交叉验证')).toBe('ok');
  });

  it('converts a retrieval time in a named zone', () => {
    expect(isoTime('2026-05-31 08:00(Asia/Shanghai)')).toBe('2026-05-31T08:00:00+08:00');
    expect(isoTime('2026-01-10 23:15 (America/New_York)')).toBe('2026-01-10T23:15:00-05:00');
    expect(isoTime('yesterday')).toBeNull();
  });

  it('keeps an impossible date as written instead of guessing', () => {
    const text = '#2026-03-01 简报\n#一句话结论\n一句。\n#1. Odd Dates\n- 链接:https://arxiv.org/abs/2602.00001\n- 日期:2026-02-30 submitted\n简评:无。\n';
    const { draft, report } = importLegacyText(text, 'd.md');
    expect(draft.frontmatter.papers![0]).toMatchObject({ date: '2026-03-01' });
    expect(draft.frontmatter.papers![0]!.venue).toBeUndefined();
    expect(section(draft, '2602.00001', 'other')).toEqual({ kind: 'other', heading: t('zh-CN', 'import.originalField'), body: '- 日期:2026-02-30 submitted' });
    expect(report.unmapped.map((u) => u.line)).toEqual([6]);
  });

  it('splits the summary from the overview', () => {
    expect(splitSummary('第一句。第二句。')).toEqual({ summary: '第一句。', rest: '第二句。' });
    expect(splitSummary('One sentence. Two.')).toEqual({ summary: 'One sentence.', rest: 'Two.' });
  });
});

describe('title index', () => {
  it('resolves exact titles only (case, spacing and dashes aside), never ambiguous ones', () => {
    const index = createTitleIndex([
      { title: 'A Survey Whose Links Were Lost', id: '2603.09999', from: 'x.json' },
      { title: 'Twice', id: '2603.00001', from: 'a.json' },
      { title: 'twice', id: '2603.00002', from: 'b.json' },
    ]);
    expect(index.lookup('a survey  whose links were lost')).toEqual({ id: '2603.09999', from: 'x.json' });
    expect(index.lookup('A Survey Whose Links')).toBeNull();
    expect(index.lookup('Twice')).toBeNull();
    const { draft, report } = load('daily-briefing.md', { titleIndex: index });
    expect(paper(draft, '2603.09999')).toMatchObject({ title: 'A Survey Whose Links Were Lost', category: ['evaluation'], links: { arxiv: 'https://arxiv.org/abs/2603.09999', hf: 'https://huggingface.co/papers/2603.09999' } });
    expect(report.resolved).toEqual([{ line: 32, title: 'A Survey Whose Links Were Lost', id: '2603.09999', from: 'x.json' }]);
    expect(report.withoutId).toEqual([]);
  });

  it('loads HF listings (plain and gzipped) recursively and skips broken ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-titles-'));
    try {
      await mkdir(path.join(dir, 'snap', 'hf'), { recursive: true });
      const item = (id: string, title: string) => ({ paper: { id, title, summary: '', authors: [] }, publishedAt: '2026-03-06T00:00:00.000Z' });
      await writeFile(path.join(dir, 'snap', 'hf', '2026-03-06.json.gz'), gzipSync(JSON.stringify([item('2603.09999', 'A Survey Whose Links Were Lost')])));
      await writeFile(path.join(dir, '2026-03-07.json'), JSON.stringify([item('2603.01111', 'Other')]));
      await writeFile(path.join(dir, '2026-03-08.json'), '{ not json');
      await writeFile(path.join(dir, 'manifest.json'), '{}');
      const index = await loadTitleIndex({ listings: [dir] });
      expect(index.size).toBe(2);
      expect(index.lookup('A Survey Whose Links Were Lost')?.id).toBe('2603.09999');
      expect(index.skipped).toHaveLength(1);
      expect(index.skipped[0]).toContain('2026-03-08.json');
      await expect(loadTitleIndex({ listings: [path.join(dir, 'missing')] })).rejects.toThrow(/--titles .*missing: no such file or folder/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run import', () => {
  let cwd: string;
  let archive: string;
  let lines: string[];
  const run = (...argv: string[]) => {
    lines = [];
    return runImport(argv, { cwd, env: {}, log: (l) => lines.push(l) });
  };
  const out = () => lines.join('\n');

  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'pb-import-'));
    archive = path.join(cwd, 'content/briefings');
    for (const f of ['daily-briefing.md', 'featured-briefing.md', 'hf-report.md', 'not-a-briefing.md']) await writeFile(path.join(cwd, f), fixture(f));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('imports each file into the archive; a bad file fails alone with its file and line; exit code 1', async () => {
    expect(await run('daily-briefing.md', 'not-a-briefing.md', 'featured-briefing.md', 'missing.md')).toBe(1);
    expect((await readdir(archive)).sort()).toEqual(['2026-03-08.mdx', '2026-03-15.mdx']);
    expect(out()).toContain('error: not-a-briefing.md:1: not a known briefing format');
    expect(out()).toContain('error: missing.md: cannot read the file (no such file)');
    expect(out()).toContain('date 2026-03-08 · format daily-briefing · 3 papers imported (3 featured, 0 others) · created:');
    expect(out()).toContain('"Multi-Agent" → llm-agent (by keyword); line 8');
    expect(out()).toContain(`line 43 [paper "Looped Transformers Revisited" › ${t('zh-CN', 'import.originalField')}]`);
    expect(out()).toContain('2 of 4 file(s) imported, 8 papers; 2 failed.');
    const day = await readBriefingFile(path.join(archive, '2026-03-08.mdx'), config);
    expect(day.edited).toBe(false);
    expect(day.frontmatter.papers.every((p) => p.summarizer === 'imported')).toBe(true);
    expect(day.body).toContain('<Paper id="2603.01234">');
  });

  it('is idempotent, refuses to replace a day from another source without --force, and --dry-run writes nothing', async () => {
    expect(await run('hf-report.md')).toBe(0);
    const file = path.join(archive, '2026-02-02.mdx');
    const first = await readFile(file, 'utf8');
    expect(await run('hf-report.md')).toBe(0);
    expect(out()).toContain('unchanged:');
    expect(await readFile(file, 'utf8')).toBe(first);

    // Another source for the same day.
    await writeFile(path.join(cwd, 'other.md'), fixture('hf-report.md').replace('EntroRoute 论文研究报告', 'EntroRoute 报告(另一个版本)'));
    expect(await run('other.md')).toBe(1);
    expect(out()).toContain('2026-02-02.mdx already exists with different content, written by an import of a different source file');
    expect(out()).toContain('use --force to replace it');
    expect(await readFile(file, 'utf8')).toBe(first);

    expect(await run('other.md', '--force', '--dry-run')).toBe(0);
    expect(out()).toContain('dry run, would be replaced');
    expect(await readFile(file, 'utf8')).toBe(first);

    expect(await run('other.md', '--force')).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('另一个版本');

    // A hand edit is kept, and said so.
    await writeFile(file, (await readFile(file, 'utf8')).replace('另一个版本', '手改'));
    expect(await run('hf-report.md')).toBe(1);
    expect(out()).toContain('was edited by hand since it was written; not replaced');
  });

  it('refuses two files for the same day in one run', async () => {
    await writeFile(path.join(cwd, 'copy.md'), fixture('hf-report.md'));
    expect(await run('hf-report.md', 'copy.md')).toBe(1);
    expect(out()).toContain("copy.md: its date 2026-02-02 is the same as hf-report.md's");
  });

  it('uses --titles listings and the archive itself to find ids by title', async () => {
    const listings = path.join(cwd, 'listings');
    await mkdir(listings);
    await writeFile(path.join(listings, '2026-03-06.json'), JSON.stringify([{ paper: { id: '2603.09999', title: 'A Survey Whose Links Were Lost' } }]));
    expect(await run('daily-briefing.md', '--titles', 'listings')).toBe(0);
    expect(out()).toContain('arXiv ids found by title (1):');
    expect(out()).toContain('line 32: 2603.09999 ← "A Survey Whose Links Were Lost"');
    // Re-importing without --titles finds the id in the archive and changes nothing.
    expect(await run('daily-briefing.md')).toBe(0);
    expect(out()).toContain('unchanged:');
  });

  it('is idempotent across files of one run: a title-only paper resolves from another file the same way every time', async () => {
    const other = fixture('daily-briefing.md')
      .replace('#2026-03-08', '#2026-03-09')
      .replace('- 链接:arXiv / HF Papers', '- 链接:https://arxiv.org/abs/2603.05555');
    await writeFile(path.join(cwd, 'other-day.md'), other);
    expect(await run('daily-briefing.md', 'other-day.md')).toBe(0);
    const first = await readFile(path.join(archive, '2026-03-08.mdx'), 'utf8');
    expect(first).toContain('<Paper id="2603.05555">');
    expect(await run('daily-briefing.md', 'other-day.md')).toBe(0);
    expect(await readFile(path.join(archive, '2026-03-08.mdx'), 'utf8')).toBe(first);
  });

  it('usage errors exit 2', async () => {
    expect(await run()).toBe(2);
    expect(out()).toContain('no FILE given');
    expect(await run('--bogus', 'x.md')).toBe(2);
    expect(await run('--help')).toBe(0);
    expect(out()).toContain('Usage: npm run import');
  });
});

