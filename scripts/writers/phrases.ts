/**
 * The writers' own prose around the quoted sentences: labels, connecting sentences, notes. One
 * implementation for every briefing language: the code picks which sentence a fact needs and in which
 * order; the words come from the dictionaries (`writer.*` keys in src/i18n/translations/) through `t()`,
 * and the punctuation from the shared locale helpers. Extracted abstract sentences stay in their own
 * language; section headings are the renderer's (`section.*`).
 */
import type { Language } from '../../briefing.config.ts';
import { t } from '../../src/i18n/index.ts';
import { join, list, quote, sentence, sentences } from '../../src/i18n/locale.ts';

export interface Phrases {
  /** A paper's (already escaped) short title marked up in Markdown prose. */
  paper(title: string): string;
  /** A paper's short title in plain text (frontmatter strings, headings). */
  quote(title: string): string;
  title(date: string): string;
  // Day level.
  /** Plain text (unescaped input, plain output). */
  summary(a: { papers: number; topCategories: { label: string; count: number }[]; best: string | null }): string;
  categoryMix(parts: { label: string; count: number }[], total: number): string;
  interestHits(hits: { label: string; count: number }[], missed: string[]): string;
  noInterestHits: string;
  mostUpvoted(title: string, upvotes: number): string;
  featuredNote(featured: number, others: number): string;
  topReason(a: { rank: number; interests: string[]; upvotes: number | null; relevance: number }): string;
  alternateReason(title: string): string;
  followVerified(date: string): string;
  followUnverified: string;
  followPartlyVerified: string;
  followNone: string;
  /** Plain text. */
  followRepoReason(a: { paper: string; description: string | null; stars: number | null; verified: boolean; pushed: string | null }): string;
  followOtherReason(a: { source: string; likes?: number | null; downloads?: number | null }): string;
  /** Plain text: two papers and the phrases they share. */
  ideaTitle(a: { first: string; second: string; phrases: string[] }): string;
  /** What the two share first, then each paper's own contribution. */
  ideaBody(a: { phrases: string[]; first: string; firstContribution: string; second: string; secondContribution: string }): string;
  routeTheme(label: string): string;
  conclusion(a: { best: string; reason: string; featured: number; total: number }): string;
  // Paper level.
  problemLabel: string;
  tldrLabel: string;
  relation(a: { hits: { label: string; keywords: string[] }[]; relevance: number }): string;
  noRelation: string;
  /** `link` is a ready Markdown link to the repository. */
  code(a: { link: string; stars: number | null; verified: boolean; pushed: string | null; archived: boolean }): string;
  projectPage(url: string): string;
  comment(text: string): string;
  usageFromAbstract: string;
}

export function phrasesFor(lang: Language): Phrases {
  const paper = (title: string) => t(lang, 'writer.paper', { title });
  /** "12 stars, last push 2026-05-01 (verified)" or "stars not verified". */
  const starsFact = (stars: number | null, verified: boolean, pushed: string | null): string =>
    verified && stars !== null
      ? `${t(lang, 'writer.stars', { count: stars })}${pushed ? t(lang, 'writer.lastPush', { date: pushed }) : ''}${t(lang, 'writer.verified')}`
      : t(lang, 'paper.starsNotVerified');
  return {
    paper,
    quote: (title) => quote(lang, title),
    title: (date) => t(lang, 'writer.title', { date }),
    summary: ({ papers, topCategories, best }) => {
      const mix = topCategories.map((c) => t(lang, 'writer.summary.mixItem', c));
      const head = `${t(lang, 'writer.summary.papers', { count: papers })}${mix.length ? t(lang, 'writer.summary.mix', { list: list(lang, mix) }) : ''}`;
      return best ? `${head}${t(lang, 'writer.summary.best', { title: quote(lang, best) })}` : sentence(lang, head);
    },
    categoryMix: (parts, total) => t(lang, 'writer.categoryMix', { total, list: list(lang, parts.map((p) => t(lang, 'writer.categoryMixItem', p))) }),
    interestHits: (hits, missed) =>
      t(lang, 'writer.interestHits', {
        list: list(lang, hits.map((h) => t(lang, 'writer.interestHitsItem', h))),
        missed: missed.length ? t(lang, 'writer.interestMissed', { list: list(lang, missed) }) : '',
      }),
    noInterestHits: t(lang, 'writer.noInterestHits'),
    mostUpvoted: (title, upvotes) => t(lang, 'writer.mostUpvoted', { paper: paper(title), upvotes }),
    featuredNote: (featured, others) => (others > 0 ? t(lang, 'writer.featuredSome', { featured, others }) : t(lang, 'writer.featuredAll', { featured })),
    topReason: ({ rank, interests, upvotes, relevance }) => {
      const parts = [t(lang, 'writer.topReason.rank', { rank })];
      if (interests.length) parts.push(t(lang, 'writer.topReason.interests', { list: list(lang, interests.map((label) => t(lang, 'writer.topReason.interest', { label }))) }));
      if (relevance > 0) parts.push(t(lang, 'writer.topReason.relevance', { relevance: relevance.toFixed(2) }));
      if (upvotes !== null) parts.push(t(lang, 'writer.topReason.upvotes', { upvotes }));
      return sentence(lang, parts.join(t(lang, 'writer.clauseSeparator')));
    },
    alternateReason: (title) => t(lang, 'writer.alternateReason', { paper: paper(title) }),
    followVerified: (date) => t(lang, 'writer.followVerified', { date }),
    followUnverified: t(lang, 'writer.followUnverified'),
    followPartlyVerified: t(lang, 'writer.followPartlyVerified'),
    followNone: t(lang, 'writer.followNone'),
    followRepoReason: ({ paper: title, description, stars, verified, pushed }) => {
      const head = sentence(lang, [t(lang, 'writer.followRepo', { paper: quote(lang, title) }), starsFact(stars, verified, pushed)].join(t(lang, 'writer.clauseSeparator')));
      return sentences(lang, [head, description ? t(lang, 'writer.repoDescription', { text: description }) : '']);
    },
    followOtherReason: ({ source, likes, downloads }) => {
      const parts = [t(lang, 'writer.followFrom', { source })];
      if (likes != null) parts.push(t(lang, 'writer.likes', { count: likes }));
      if (downloads != null) parts.push(t(lang, 'writer.downloads', { count: downloads }));
      return sentence(lang, parts.join(t(lang, 'writer.clauseSeparator')));
    },
    ideaTitle: ({ first, second, phrases }) => t(lang, 'writer.ideaTitle', { first: quote(lang, first), second: quote(lang, second), phrases: join(lang, phrases) }),
    ideaBody: ({ phrases, first, firstContribution, second, secondContribution }) =>
      t(lang, 'writer.ideaBody', { phrases: join(lang, phrases), first: paper(first), firstContribution, second: paper(second), secondContribution }),
    routeTheme: (label) => t(lang, 'writer.routeTheme', { label }),
    conclusion: ({ best, reason, featured, total }) => t(lang, 'writer.conclusion', { paper: paper(best), reason, featured, total }),
    problemLabel: t(lang, 'writer.problem'),
    tldrLabel: t(lang, 'writer.hfSummary'),
    relation: ({ hits, relevance }) =>
      t(lang, 'writer.relation', {
        list: list(lang, hits.map((h) => `**${h.label}**${h.keywords.length ? t(lang, 'writer.relationKeywords', { keywords: join(lang, h.keywords) }) : ''}`)),
        relevance: relevance.toFixed(2),
      }),
    noRelation: t(lang, 'writer.noRelation'),
    code: ({ link, stars, verified, pushed, archived }) =>
      t(lang, 'writer.code', {
        link,
        details: [starsFact(stars, verified, pushed), ...(archived ? [t(lang, 'writer.archived')] : [])].map((d) => `${t(lang, 'locale.clauseSeparator')}${d}`).join(''),
      }),
    projectPage: (url) => t(lang, 'writer.projectPage', { url }),
    comment: (text) => t(lang, 'writer.comment', { text }),
    usageFromAbstract: t(lang, 'writer.usageFromAbstract'),
  };
}
