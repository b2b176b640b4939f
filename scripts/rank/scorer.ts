/**
 * The ranker's one extension point. A scorer reads the day's papers (and what it was given: the profile,
 * labelled examples, a TF-IDF vocabulary) and returns, for each paper, a 0..1 `boost` (evidence the reader
 * wants it) or `penalty` (evidence they do not), with the reasons in data form. The ranker combines all
 * scorers the same way (`combine`), so a new signal — e.g. an embedding similarity computed offline — is
 * one more scorer, not a change to the ranker.
 */
import type { PaperDoc } from './docs.ts';
import type { Category } from '../../briefing.config.ts';
import type { Vocabulary } from './vectors.ts';

/** Why a paper scored as it did; rendered in the reader's language by scripts/rank/reasons.ts. */
export type RankReason =
  /** Phrases of one interest found in the paper (strong phrases first). */
  | { kind: 'interest'; interest: string; phrases: string[]; weak: boolean }
  /** Close to a paper the reader liked (cosine of TF-IDF vectors). */
  | { kind: 'like'; id: string; title: string; similarity: number }
  /** Close to a paper the reader disliked. */
  | { kind: 'dislike'; id: string; title: string; similarity: number }
  /** The reader disliked this very paper. */
  | { kind: 'disliked' }
  /** The reader liked this very paper. */
  | { kind: 'liked' }
  /** The linear model trained on the reader's labels: its heaviest terms in this paper. */
  | { kind: 'model'; terms: string[]; probability: number }
  /** Names a topic the reader does not follow. */
  | { kind: 'avoid'; phrases: string[] };

export interface ScorerOutput {
  /** 0..1: evidence for the paper (combined with the others as independent evidence). */
  boost?: number;
  /** 0..1: evidence against it (multiplies the combined relevance by 1 − penalty). */
  penalty?: number;
  /** True: the paper must not be featured whatever its score (the reader disliked it). */
  veto?: boolean;
  reasons: RankReason[];
  /** Interest ids matched by phrases, strongest first (the briefing's `topics`). */
  topics?: Array<{ id: string; score: number; keywords: string[] }>;
}

export interface ScoreContext {
  /** TF-IDF vocabulary over the day's papers, the labelled examples and the background. */
  vocabulary: Vocabulary;
  /** The category taxonomy, for topic similarity (scripts/pipeline/categorize.ts `topicVector`). */
  taxonomy: readonly Category[];
}

export interface PaperScorer {
  readonly name: string;
  /** One output per paper, in the order given. Pure and deterministic. */
  score(docs: readonly PaperDoc[], context: ScoreContext): ScorerOutput[];
}

export interface Combined {
  relevance: number;
  veto: boolean;
  reasons: RankReason[];
  topics: Array<{ id: string; score: number; keywords: string[] }>;
}

/** Independent evidence: relevance = (1 − Π(1 − boost)) × Π(1 − penalty). */
export function combine(outputs: readonly ScorerOutput[]): Combined {
  let miss = 1;
  let keep = 1;
  let veto = false;
  const reasons: RankReason[] = [];
  const topics: Combined['topics'] = [];
  for (const o of outputs) {
    if (o.boost) miss *= 1 - Math.min(1, Math.max(0, o.boost));
    if (o.penalty) keep *= 1 - Math.min(1, Math.max(0, o.penalty));
    if (o.veto) veto = true;
    reasons.push(...o.reasons);
    topics.push(...(o.topics ?? []));
  }
  return { relevance: veto ? 0 : (1 - miss) * keep, veto, reasons, topics };
}
