/**
 * The vocabulary of legacy briefings: which heading, field label or column means what. Kept as data so
 * a new spelling is one line here, not a parser change. The site's own headings (src/i18n/ui.ts) are
 * recognised too, in both languages, so a briefing exported from this site reads back the same way.
 */
import { config } from '../../briefing.config.ts';
import type { SectionKind } from '../../src/schema/briefing.ts';
import { t, type UiKey } from '../../src/i18n/ui.ts';
import { stripEmphasis } from './text.ts';
import { readerProfile } from '../rank/profile.ts';

const LANGUAGES = ['zh-CN', 'en'] as const;

/** Compares labels ignoring case, spacing, emphasis and trailing colons. */
export function labelKey(s: string): string {
  return stripEmphasis(s)
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[:：\s]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function uiVariants(key: UiKey): string[] {
  return LANGUAGES.map((lang) => labelKey(t(lang, key, { reader: readerProfile(config).name })));
}

function matcher(patterns: RegExp[], uiKeys: UiKey[] = []): (s: string) => boolean {
  const exact = new Set(uiKeys.flatMap(uiVariants));
  return (s) => {
    const k = labelKey(s);
    return exact.has(k) || patterns.some((p) => p.test(k));
  };
}

/** Top-level sections of a personalised briefing. Order matters: the first match wins. */
export type BriefingRole = 'overview' | 'papers' | 'top' | 'follow' | 'ideas' | 'routes' | 'others' | 'conclusion';

export const BRIEFING_HEADINGS: Array<{ role: BriefingRole; test: (s: string) => boolean }> = [
  { role: 'overview', test: matcher([/一句话(总览|结论|总结)/, /^(overview|summary|tl;?dr)$/], ['overview']) },
  { role: 'papers', test: matcher([/重点论文/, /^today'?s papers/, /^papers( and news)?$/], ['papers']) },
  { role: 'top', test: matcher([/最值得精读/, /^top ?3\b/, /to read$/], ['top']) },
  { role: 'follow', test: matcher([/最值得跟进/, /repo ?\/ ?model/, /to follow$/], ['follow']) },
  { role: 'ideas', test: matcher([/研究机会/, /^(research )?ideas?$/, /^research opportunit/], ['ideas']) },
  { role: 'routes', test: matcher([/阅读路线/, /^reading (routes?|paths?)/], ['routes']) },
  { role: 'others', test: matcher([/其他值得/, /扫一眼/, /^other papers/], ['others']) },
  { role: 'conclusion', test: matcher([/^(今日)?结论$/, /^今日总结$/, /^conclusions?$/], ['conclusion']) },
];

export function briefingRole(heading: string): BriefingRole | null {
  return BRIEFING_HEADINGS.find((h) => h.test(heading))?.role ?? null;
}

/** A paper write-up section label → its kind; `contribution` goes to the paper's one-line field. */
export type SectionTarget = SectionKind | 'contribution';

const SECTION_LABELS: Array<{ target: SectionTarget; test: (s: string) => boolean }> = [
  { target: 'contribution', test: matcher([/^(一句话)?核心贡献$/, /^(core |one-line )?contribution$/], ['contribution']) },
  { target: 'why', test: matcher([/^为什么值得(关注|读)$/, /^why (it|this) matters$/], ['section_why']) },
  { target: 'relation', test: matcher([/^与.{0,30}(研究)?方向的关系$/, /^relation to .{0,40}$/], ['section_relation']) },
  { target: 'note', test: matcher([/^(简评|快评|点评|短评)$/, /^(note|comment|take)$/], ['section_note']) },
  { target: 'domain', test: matcher([/^应用领域$/, /^(domain|field|area)$/], ['section_domain']) },
  { target: 'usage', test: matcher([/^使用(指南|方法)$/, /^(how to use( it)?|usage)$/], ['section_usage']) },
  { target: 'innovations', test: matcher([/^(主要)?创新点$/, /^(main |key )?innovations$/], ['section_innovations']) },
  { target: 'results', test: matcher([/^实验(效果|结果)$/, /^(results|experiments)$/], ['section_results']) },
];

export function sectionTarget(label: string): SectionTarget | null {
  return SECTION_LABELS.find((s) => s.test(label))?.target ?? null;
}

/** The facts block of a paper (`- 类别:…`, `• 链接:…`). */
export type FieldKind = 'title' | 'category' | 'link' | 'arxiv' | 'repo' | 'source' | 'date' | 'readVia' | 'contribution';

const FIELD_LABELS: Array<{ field: FieldKind; test: (s: string) => boolean }> = [
  { field: 'title', test: matcher([/^(标题|题目|title)$/], ['title']) },
  { field: 'category', test: matcher([/^(类别|分类|categor(y|ies)|tags?)$/], ['category']) },
  { field: 'arxiv', test: matcher([/^arxiv( ?(链接|link|abs|id))?$/]) },
  { field: 'link', test: matcher([/^(链接|links?|hf( papers?)?|hugging ?face( papers?)?|论文链接|paper)$/], ['links']) },
  { field: 'repo', test: matcher([/^(repo|代码|code|github|仓库|项目代码)$/], ['repo']) },
  { field: 'source', test: matcher([/^(来源|source|sources)$/], ['source']) },
  { field: 'date', test: matcher([/^(日期|date|时间)$/], ['date']) },
  { field: 'readVia', test: matcher([/^(阅读来源|read (from|via))$/]) },
  { field: 'contribution', test: matcher([/^(一句话)?核心贡献$/, /^(core |one-line )?contribution$/], ['contribution']) },
];

export function fieldKind(label: string): FieldKind | null {
  return FIELD_LABELS.find((f) => f.test(label))?.field ?? null;
}

/** Notes at the top of a briefing, before the first section. */
export type NoteKind = 'window' | 'access' | 'retrieved' | 'coverage' | 'date' | 'sourceUrl';

const NOTE_LABELS: Array<{ kind: NoteKind; test: (s: string) => boolean }> = [
  { kind: 'window', test: matcher([/^时间(范围|窗口)(说明)?$/, /^(time )?window$/], ['windowNote']) },
  { kind: 'access', test: matcher([/^访问(限制|情况|说明)$/, /^access( limits| notes?)?$/], ['accessNote']) },
  { kind: 'retrieved', test: matcher([/^(检索|抓取|生成)时间$/, /^(retrieved|fetched|generated)( at)?$/]) },
  { kind: 'coverage', test: matcher([/^(主要)?覆盖(范围)?$/, /^coverage$/]) },
  { kind: 'date', test: matcher([/^(日期|date)$/]) },
  { kind: 'sourceUrl', test: matcher([/^(source url|来源链接|source)$/]) },
];

export function noteKind(label: string): NoteKind | null {
  return NOTE_LABELS.find((n) => n.test(label))?.kind ?? null;
}

/** Labels inside the top-3 list, the follow list and the others table. */
export const isTopReasonLabel = matcher([/^(精读)?(原因|理由)$/, /^(reason|why)$/]);
export const isAlternateLabel = matcher([/^备选/, /^alternat(e|ive)/], ['alternate']);
export const isFollowReasonLabel = matcher([/^跟进(理由|点|原因)$/, /^(理由|原因|reason|why( follow)?)$/]);
export const isFollowVerifyLabel = matcher([/^(github )?(验证|核验)$/, /^(github )?verif(ied|ication)$/]);
export const isFollowSecondaryLabel = matcher([/^可(补充|顺手)(跟进|关注)$/, /^also( worth)? (follow|watch)/]);

export type OthersColumn = 'category' | 'title' | 'link' | 'date' | 'contribution' | 'comment';

const OTHERS_COLUMNS: Array<{ column: OthersColumn; test: (s: string) => boolean }> = [
  { column: 'category', test: matcher([/^(类别|分类|categor(y|ies))$/], ['category']) },
  { column: 'title', test: matcher([/^(标题|论文|title|paper)$/], ['title']) },
  { column: 'link', test: matcher([/^(链接|links?)$/], ['links']) },
  { column: 'date', test: matcher([/^(日期|date)$/], ['date']) },
  { column: 'contribution', test: matcher([/^(一句话)?核心贡献$/, /^(core |one-line )?contribution$/], ['contribution']) },
  { column: 'comment', test: matcher([/^(快评|简评|点评|短评|评论)$/, /^(comment|note|take)$/]) },
];

export function othersColumn(label: string): OthersColumn | null {
  return OTHERS_COLUMNS.find((c) => c.test(label))?.column ?? null;
}

/** Column labels in the order a flattened (separator-less) table header may spell them. */
export const OTHERS_COLUMN_WORDS: Array<{ column: OthersColumn; words: string[] }> = [
  { column: 'category', words: ['类别', '分类', 'Category'] },
  { column: 'title', words: ['标题', 'Title'] },
  { column: 'link', words: ['链接', 'Link', 'Links'] },
  { column: 'date', words: ['日期', 'Date'] },
  { column: 'contribution', words: ['一句话核心贡献', '核心贡献', 'Contribution'] },
  { column: 'comment', words: ['快评', '简评', '点评', 'Comment', 'Note'] },
];

/** Strings the importer itself writes (headings of kept text), per language. */
export const IMPORT_STRINGS = {
  'zh-CN': {
    originalCategories: '原始类别标签',
    originalField: '原文',
    keptPaper: '论文(未找到 arXiv id,保留原文)',
    unmapped: '未归类内容',
    hfReportSummary: (n: number, date: string) => `Hugging Face Daily Papers ${date} 的 ${n} 篇论文报告。`,
  },
  en: {
    originalCategories: 'Original category labels',
    originalField: 'Original text',
    keptPaper: 'Paper (no arXiv id found; kept as written)',
    unmapped: 'Unmapped text',
    hfReportSummary: (n: number, date: string) => `Reports on ${n} papers from Hugging Face Daily Papers of ${date}.`,
  },
} as const;
