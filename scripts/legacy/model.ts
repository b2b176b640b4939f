/**
 * What a legacy parser extracts from a file, before it becomes a `BriefingDraft`: the document as the
 * author structured it, with line numbers so the import report can point at the source.
 */
import type { Language } from '../../briefing.config.ts';
import type { PaperLinks, ProseSection } from '../../src/schema/briefing.ts';
import type { SourceLine } from './text.ts';

export type LegacyFormat = 'daily-briefing' | 'featured-briefing' | 'hf-report';

export interface LegacyField {
  value: string;
  line: number;
}

export interface LegacyPaper {
  /** Line of the paper's heading (or table row). */
  line: number;
  /** The heading as written, used when the paper has to stay prose. */
  heading: string;
  title: string;
  headline?: string;
  /** arXiv id found in the paper's own links. */
  id?: string;
  links: PaperLinks;
  repo: string | null;
  source: string[];
  date?: string;
  listed?: string;
  venue?: string;
  /** The category labels as written ("LLM Agent / Tool-use"), when the format has them. */
  categoryText?: string;
  categoryLine?: number;
  /** Free text to guess categories from when there are no labels (the report format's domain). */
  categoryHint?: { title: string; body: string };
  contribution: string;
  sections: ProseSection[];
  /** Every source line of the paper (heading included), for the prose fallback. */
  raw: SourceLine[];
  featured: boolean;
}

export interface LegacyTopItem {
  title: string;
  reason: string;
  line: number;
}

export interface LegacyFollowItem {
  kind: 'repo' | 'model' | 'dataset' | null;
  /** owner/name, when the text gives one. */
  name: string | null;
  /** The item's label as written ("LiteCoder", "open-thoughts/AgentTrove"). */
  label: string;
  url?: string;
  categoryText?: string;
  stars: number | null;
  verified: boolean;
  updated?: string;
  reason: string;
  line: number;
  raw: string[];
}

export interface LegacyDoc {
  format: LegacyFormat;
  language: Language;
  date: string;
  title: string;
  windowNote: string;
  accessNote: string;
  /** Retrieval time as written ("2026-05-31 08:00(Asia/Shanghai)"). */
  retrieved?: string;
  sourceUrl?: string;
  /** The one-paragraph overview as written; the first sentence becomes the summary. */
  overview: string;
  papers: LegacyPaper[];
  others: LegacyPaper[];
  top: LegacyTopItem[];
  alternate?: LegacyTopItem;
  follow: LegacyFollowItem[];
  followNote: string;
  ideas: Array<{ title: string; body: string }>;
  routes: Array<{ theme: string; path: string }>;
  conclusion: string;
  /** Text kept as prose under its own heading, in document order. */
  extra: Array<{ heading: string; body: string }>;
}

/** A document with its identity set and every section still empty; the parsers fill it in. */
export function emptyDoc(head: Pick<LegacyDoc, 'format' | 'language' | 'date' | 'title'> & Partial<LegacyDoc>): LegacyDoc {
  return { windowNote: '', accessNote: '', overview: '', papers: [], others: [], top: [], follow: [], followNote: '', ideas: [], routes: [], conclusion: '', extra: [], ...head };
}

export function emptyPaper(line: number, heading: string): LegacyPaper {
  return { line, heading, title: '', links: {}, repo: null, source: [], contribution: '', sections: [], raw: [], featured: true };
}
