/**
 * Helpers for the legacy-import tests: read a fixture, and check that an import dropped nothing, i.e.
 * every piece of text in the source shows up in the rendered briefing (its visible text or its
 * frontmatter), except the structural labels the importer turns into fields and headings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderBriefingMdx } from '../../scripts/mdx/render.ts';
import { splitFrontmatter } from '../../src/schema/frontmatter.ts';
import type { BriefingDraft } from '../../src/schema/briefing.ts';
import { mdxTree, RENDER, visibleText } from './mdx.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.join(repoRoot, 'tests/fixtures/legacy');
export const sharedDir = path.resolve(repoRoot, '../shared');

export function fixture(name: string): string {
  return readFileSync(path.join(fixturesDir, name), 'utf8');
}

/** Labels and markers whose meaning lives on as a field, a standard heading or a structure. */
const STRUCTURAL = new Set(
  [
    '类别', '链接', '来源', '日期', '一句话核心贡献', '为什么值得关注', '与', 'wenjun', '研究方向的关系', '精读原因', '精读理由', '跟进理由',
    '跟进点', '备选第', '4', '篇', '备选精读', '可补充跟进', '可顺手关注', '标题', 'arxiv', 'repo', '时间范围说明', '访问限制', '检索时间',
    '主要覆盖', '重点推荐', 'idea', '应用领域', '使用指南', '主要创新点', '实验效果', '阅读来源', 'date', 'source', 'url', '简评', '快评',
    'submitted', 'hf', 'papers', 'report', '今日重点论文与动态', '一句话结论', '一句话总览', '今日最值得精读的', '3', '今日最值得跟进的',
    '个', 'repo/model/dataset', 'model', 'dataset', '研究机会', '快速阅读路线建议', '其他值得扫一眼的论文与动态', '今日结论', 'github',
    'hugging', 'face', 'daily', '📄',
    // English labels.
    'window', 'access', 'limits', 'category', 'links', 'contribution', 'reason',
    // "2026-05-31 08:00(Asia/Shanghai)" is kept as the ISO time 2026-05-31T08:00:00+08:00.
    'asia', 'shanghai',
  ].map((s) => s.toLowerCase()),
);

const normalize = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*`#>\\|_]/g, '');

function strings(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, into);
  return into;
}

/** Everything a reader (or the site, from the frontmatter) can see of a draft. */
export function visibleOf(draft: BriefingDraft): string {
  const mdx = renderBriefingMdx(draft, RENDER);
  const { data, body } = splitFrontmatter(mdx);
  return `${visibleText(mdxTree(body))}\n${strings(data).join('\n')}`;
}

/** A table row whose cells a web copy ran together (checked cell by cell instead). */
export const FLATTENED_ROW = /https?:\/\/\S*?\d{4}\.\d{4,5}\d{4}-\d{2}-\d{2}|^类别标题链接/;

/** Source segments (split at punctuation and spaces) that appear nowhere in the rendered briefing. */
export function droppedText(source: string, draft: BriefingDraft, exempt: RegExp[] = [FLATTENED_ROW]): string[] {
  const hay = normalize(visibleOf(draft));
  const missing = new Set<string>();
  for (const line of source.split(/\r?\n/)) {
    if (exempt.some((re) => re.test(line))) continue;
    const text = line.replace(/^\s*(?:#{1,6}|[-*•]|\d{1,3}[.)、]|\d+\.\d+)?\s*/, '');
    for (const seg of text.split(/[\s:：,，。;；、()（）|/／\-—–=]+/)) {
      const s = normalize(seg.replace(/^[“"'「]+|[”"'」.!?！？]+$/g, ''));
      if (!s || /^[\d.%]+$/.test(s) || STRUCTURAL.has(s)) continue;
      if (!hay.includes(s)) missing.add(seg);
    }
  }
  return [...missing];
}
