/**
 * Types that flow between the pipeline stages (collect → merge → rank → write). Each stage is a
 * function over these; network, disk and the LLM stay at the edges.
 *
 *   collect(window)  → PaperCandidate[] + facts  (scripts/sources/*, run by scripts/pipeline/collect.ts)
 *   merge(candidates) → PaperRecord[] (scripts/pipeline/merge.ts)
 *   rank(records)    → RankedDay      (scripts/pipeline/rank.ts)
 *   write(ranked)    → BriefingDraft  (scripts/writers/*: extractive | llm)
 *   render(draft)    → MDX on disk    (scripts/mdx/*)
 */
import type { BriefingDraft, Follow, Source, Window } from '../../src/schema/briefing.ts';
import type { RepoFacts } from '../sources/types.ts';
import type { Band } from '../rank/floor.ts';
import type { RankCut } from '../rank/rank.ts';
import type { RankReason } from '../rank/scorer.ts';
import type { BackMark } from './seen.ts';

/** One paper with everything the sources told us, merged by arXiv id. */
export interface PaperRecord {
  /** arXiv id without version. */
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  /** arXiv abstract, else HF summary (which is the abstract). */
  abstract: string;
  /** HF's AI-written one-paragraph summary, when present. */
  aiSummary: string | null;
  aiKeywords: string[];
  /** HF upvotes. */
  upvotes: number | null;
  /** HF listing day (YYYY-MM-DD); null for a paper no Hugging Face listing had. */
  listed: string | null;
  /** First submitted (YYYY-MM-DD). */
  published: string | null;
  /** Latest version (YYYY-MM-DD). */
  updated: string | null;
  arxivCategories: string[];
  primaryCategory: string | null;
  /** arXiv comment (pages, venue such as "ACL 2026 Findings"). */
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  organization: string | null;
  projectPage: string | null;
  /** owner/name of the linked code repository, if any. */
  repo: string | null;
  repoFacts: RepoFacts | null;
  /** Which sources contributed ("Hugging Face Daily Papers", "arXiv new submissions", "arXiv", "GitHub"). */
  sources: string[];
}

/** The ranker's verdict on one paper. */
export interface RankedPaper extends PaperRecord {
  /** Final score (higher first); deterministic. */
  score: number;
  /** Interest relevance 0..1. */
  relevance: number;
  /** Interest ids that matched, strongest first. */
  topics: string[];
  /** Matched keywords per topic id, for "why this was picked". */
  matches: Record<string, string[]>;
  /** Taxonomy slugs guessed from the text (at least one; `other` when nothing matched). */
  categories: string[];
  /** Against the relevance floors (scripts/rank/floor.ts); absent on hand-made fixtures (then: relevant). */
  band?: Band;
  /** Why the paper ranks where it does, as data (scripts/rank/scorer.ts). */
  reasons?: RankReason[];
  /** The same in the briefing's language, one line (matched phrases, a liked paper it resembles, heaviest terms). */
  reason?: string;
  /** Set when an earlier briefing listed the paper and it comes back today (scripts/pipeline/seen.ts). */
  back?: BackMark;
}

/** A repository, model or dataset candidate for "to follow". */
export type FollowCandidate = Follow & { source: string; likes?: number | null; downloads?: number | null };

/** Everything a writer needs to write one day. */
export interface RankedDay {
  /** The briefing's date. */
  date: string;
  window: Window;
  sources: Source[];
  /** All of the day's papers, best first. */
  papers: RankedPaper[];
  /** ids of the window left out because an earlier briefing featured or listed them (seen once). */
  covered: string[];
  follow: FollowCandidate[];
  /**
   * The ranker's cut: `papers[0..relevant)` passed the relevance floor (only they are featured), the rest
   * passed the listing floor; `screened` counts every paper ranked, listed or not. Absent (hand-made
   * fixtures, older callers): every paper counts as relevant.
   */
  cut?: RankCut;
}

/** A writer turns a ranked day into a draft. `extractive` needs no network; `llm` uses the openai SDK. */
export interface BriefingWriter {
  readonly kind: 'extractive' | 'llm';
  write(day: RankedDay): Promise<WriteResult>;
}

export interface WriteResult {
  draft: BriefingDraft;
  /** LLM usage for the run summary (zero for extractive). */
  usage: { calls: number; inputTokens: number; outputTokens: number; cached: number; fallbacks: number };
}
