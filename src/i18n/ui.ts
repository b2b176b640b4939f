/**
 * UI strings in each supported language. Used by the site (labels, headings, notes) and by the MDX
 * renderer (the section headings inside a briefing body), so both speak the same words.
 */
import type { Language } from '../../briefing.config.ts';
import { fill } from './template.ts';

const zh = {
  // Headings inside a briefing body (scripts/mdx/render.ts).
  overview: '一句话总览',
  papers: '今日重点论文',
  top: '今日最值得精读的 3 篇',
  alternate: '备选',
  follow: '今日最值得跟进的 repo / model / dataset',
  ideas: '研究机会 / Idea',
  routes: '快速阅读路线建议',
  others: '其他值得扫一眼的论文',
  conclusion: '今日结论',
  // Standard headings of a paper write-up's sections (SectionKind).
  section_why: '为什么值得关注',
  section_relation: '与 {reader} 研究方向的关系',
  section_usage: '使用指南',
  section_innovations: '主要创新点',
  section_results: '实验效果',
  section_note: '简评',
  section_domain: '应用领域',
  section_other: '补充',
  // Paper header and tables.
  contribution: '一句话核心贡献',
  category: '类别',
  links: '链接',
  source: '来源',
  date: '日期',
  repo: '代码',
  stars: 'stars',
  starsNotVerified: 'stars 未核验',
  upvotes: '赞',
  title: '标题',
  // Notes.
  windowNote: '时间范围说明',
  accessNote: '访问限制',
  writtenWithoutLlm: '本简报由抽取式写作器生成(未使用 LLM),内容摘自论文摘要与 Hugging Face 摘要。',
  // Added by the house branch (issue 9 §2): papers screened per source, on the day page.
  screened: '筛选论文',
} as const;

export type UiKey = keyof typeof zh;

const en: Record<UiKey, string> = {
  overview: 'Overview',
  papers: "Today's papers",
  top: 'Top 3 to read',
  alternate: 'Alternate',
  follow: 'Repos, models and datasets to follow',
  ideas: 'Research ideas',
  routes: 'Reading routes',
  others: 'Other papers worth a glance',
  conclusion: 'Conclusion',
  section_why: 'Why it matters',
  section_relation: "Relation to {reader}'s research",
  section_usage: 'How to use it',
  section_innovations: 'Main innovations',
  section_results: 'Results',
  section_note: 'Note',
  section_domain: 'Domain',
  section_other: 'More',
  contribution: 'Core contribution',
  category: 'Category',
  links: 'Links',
  source: 'Source',
  date: 'Date',
  repo: 'Code',
  stars: 'stars',
  starsNotVerified: 'stars not verified',
  upvotes: 'upvotes',
  title: 'Title',
  windowNote: 'Time window',
  accessNote: 'Access limits',
  writtenWithoutLlm: 'This briefing was written by the extractive writer (no LLM): text is taken from the abstracts and Hugging Face summaries.',
  // Added by the house branch (issue 9 §2): papers screened per source, on the day page.
  screened: 'Papers screened',
};

const dictionaries: Record<Language, Record<UiKey, string>> = { 'zh-CN': zh, en };

/** A UI string in a language, with `{name}` placeholders filled from `vars`. */
export function t(language: Language, key: UiKey, vars: Record<string, string> = {}): string {
  return fill(dictionaries[language][key], vars);
}
