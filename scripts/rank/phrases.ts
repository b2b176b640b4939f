/**
 * The ranker's words in each briefing language: why a paper was picked, the thin-day notice, the
 * near-misses and the screened count. New keys, kept apart from the writers' phrase table until the one
 * translation system takes them in (the keys are named so they can move over as they are).
 */
import type { Language } from '../../briefing.config.ts';

export interface RankPhrases {
  /** Joins reasons into one line. */
  join(parts: string[]): string;
  reasonInterest(a: { label: string; phrases: string[] }): string;
  reasonLike(title: string): string;
  reasonLiked: string;
  reasonModel(terms: string[]): string;
  reasonDislike(title: string): string;
  reasonAvoid(phrases: string[]): string;
  /** The paper's heaviest TF-IDF terms, when nothing else explains its place. */
  reasonTerms(terms: string[]): string;
  /** A thin day: nothing reached the relevance floor. */
  noneRelevant: string;
  /** Plain list of the closest papers under the floor. */
  nearMisses(titles: string[]): string;
  /** How many papers were screened, listed and found relevant. */
  screened(a: { screened: number; listed: number; relevant: number }): string;
}

const zh: RankPhrases = {
  join: (parts) => parts.join(';'),
  reasonInterest: ({ label, phrases }) => (phrases.length ? `命中「${label}」:${phrases.join('、')}` : `命中「${label}」`),
  reasonLike: (title) => `与你喜欢的《${title}》相似`,
  reasonLiked: '你标记过喜欢这篇',
  reasonModel: (terms) => `按你的反馈学到的关键词:${terms.join('、')}`,
  reasonDislike: (title) => `与你标记为不相关的《${title}》相似`,
  reasonAvoid: (phrases) => `涉及你不关注的主题:${phrases.join('、')}`,
  reasonTerms: (terms) => `主要词:${terms.join('、')}`,
  noneRelevant: '今天没有与你方向直接相关的新论文。',
  nearMisses: (titles) => `最接近的几篇(未达到相关度门槛,仅供参考):${titles.join('、')}。`,
  screened: ({ screened, listed, relevant }) =>
    `今天共筛选 ${screened} 篇论文,其中 ${relevant} 篇与你的方向直接相关${screened > listed ? `;简报列出 ${listed} 篇,其余 ${screened - listed} 篇与你的方向无关,未列出` : ''}。`,
};

const en: RankPhrases = {
  join: (parts) => parts.join('; '),
  reasonInterest: ({ label, phrases }) => (phrases.length ? `${label}: ${phrases.join(', ')}` : label),
  reasonLike: (title) => `similar to “${title}”, which you liked`,
  reasonLiked: 'you liked this paper',
  reasonModel: (terms) => `terms learned from your feedback: ${terms.join(', ')}`,
  reasonDislike: (title) => `similar to “${title}”, which you marked not relevant`,
  reasonAvoid: (phrases) => `about topics you do not follow: ${phrases.join(', ')}`,
  reasonTerms: (terms) => `main terms: ${terms.join(', ')}`,
  noneRelevant: 'No new paper today relates directly to your interests.',
  nearMisses: (titles) => `The closest near-misses (below the relevance floor, for reference only): ${titles.join('; ')}.`,
  screened: ({ screened, listed, relevant }) =>
    `${screened} paper${screened === 1 ? '' : 's'} screened today; ${relevant} relate${relevant === 1 ? 's' : ''} directly to your interests.${screened > listed ? ` ${listed} are listed in this briefing; the other ${screened - listed} are unrelated and not listed.` : ''}`,
};

const table: Record<Language, RankPhrases> = { 'zh-CN': zh, en };

export function rankPhrases(language: Language): RankPhrases {
  return table[language];
}
