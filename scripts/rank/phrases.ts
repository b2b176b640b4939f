/**
 * The ranker's words in each briefing language (why a paper was picked, the thin-day notice, the
 * near-misses, the screened count), as one small interface over the dictionaries (`rank.*` keys in
 * src/i18n/translations/*.json), so the ranker and the writers ask for a sentence, not a key.
 */
import type { Language } from '../../src/schema/config.ts';
import { t } from '../../src/i18n/index.ts';
import { join, quote } from '../../src/i18n/locale.ts';

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

export function rankPhrases(language: Language): RankPhrases {
  const list = (items: readonly string[]) => join(language, items);
  return {
    join: (parts) => parts.join(t(language, 'rank.reasonSeparator')),
    reasonInterest: ({ label, phrases }) => (phrases.length ? t(language, 'rank.reasonInterest', { label, phrases: list(phrases) }) : t(language, 'rank.reasonInterestBare', { label })),
    reasonLike: (title) => t(language, 'rank.reasonLike', { title }),
    reasonLiked: t(language, 'rank.reasonLiked'),
    reasonModel: (terms) => t(language, 'rank.reasonModel', { terms: list(terms) }),
    reasonDislike: (title) => t(language, 'rank.reasonDislike', { title }),
    reasonAvoid: (phrases) => t(language, 'rank.reasonAvoid', { phrases: list(phrases) }),
    reasonTerms: (terms) => t(language, 'rank.reasonTerms', { terms: list(terms) }),
    noneRelevant: t(language, 'rank.noneRelevant'),
    nearMisses: (titles) => t(language, 'rank.nearMisses', { titles: list(titles.map((title) => quote(language, title))) }),
    screened: ({ screened, listed, relevant }) =>
      t(language, 'rank.screened', { count: screened, relevant, unlisted: screened > listed ? t(language, 'rank.unlisted', { listed, others: screened - listed }) : '' }),
  };
}
