/**
 * A paper as the ranker reads it: title, abstract and Hugging Face keywords, each prepared once for phrase
 * lookups, plus its bag of terms (words and bigrams) for TF-IDF. Scorers, the category model and the
 * example matcher all work on this one shape, so they see the same text the same way.
 */
import { prepare, terms, type PreparedText } from './text.ts';

/** The text fields the ranker reads, and how much a phrase found in each counts. */
export const FIELDS = ['title', 'keywords', 'abstract'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_WEIGHT: Record<Field, number> = { title: 2, keywords: 1, abstract: 1 };

export interface PaperText {
  id: string;
  title: string;
  /** Abstract (or, when there is none, the Hugging Face summary). */
  abstract: string;
  /** Hugging Face AI keywords. */
  keywords: readonly string[];
}

export interface PaperDoc {
  id: string;
  title: string;
  fields: Record<Field, PreparedText>;
  /** Words and bigrams of title (twice: a title says more per word), keywords and abstract. */
  terms: string[];
}

export function paperDoc(p: PaperText): PaperDoc {
  // Keywords are joined with a separator so a phrase never spans two of them.
  const keywords = p.keywords.join(' | ');
  return {
    id: p.id,
    title: p.title,
    fields: { title: prepare(p.title), keywords: prepare(keywords), abstract: prepare(p.abstract) },
    terms: [...terms(p.title), ...terms(p.title), ...terms(keywords), ...terms(p.abstract)],
  };
}
