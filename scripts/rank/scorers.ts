/**
 * The scorers the ranker runs today, all offline and deterministic:
 * - `interestScorer`: the reader's interests as phrases (scripts/rank/phrases-match.ts);
 * - `avoidScorer`: topics the reader does not follow;
 * - `exampleScorer`: TF-IDF similarity to the papers the reader liked and disliked;
 * - `modelScorer`: a logistic regression trained per run once there are enough labels.
 */
import { heaviestFeatures, predict, trainLogistic, type TrainingExample } from './model.ts';
import { compilePhrases, phraseHits, topicEvidence } from './phrases-match.ts';
import type { Interest } from '../../src/schema/reader.ts';
import { prepare } from './text.ts';
import type { PaperScorer, RankReason, ScorerOutput } from './scorer.ts';
import { cosine, type SparseVector, type Vocabulary } from './vectors.ts';
import { topicSimilarity, topicVector } from '../pipeline/categorize.ts';
import type { PaperDoc } from './docs.ts';

/** The most a paper matched only by generic words can score: below any floor that features a paper. */
export const WEAK_ONLY_MAX = 0.1;

/**
 * Relevance from the reader's interests. Within an interest, evidence adds up with diminishing returns
 * (log2(1 + evidence): a second phrase adds less than the first); across interests it adds up linearly, so
 * a paper at the crossing of several of the reader's topics ranks above one that repeats a single topic.
 * relevance = 1 − exp(−Σ weight·log2(1 + evidence) / SCALE).
 */
export const INTEREST_SCALE = 4;

export function interestScorer(interests: readonly Interest[]): PaperScorer {
  const compiled = interests.map((i) => ({ interest: i, phrases: compilePhrases([...i.keywords, ...(i.keywordsZh ?? [])]) }));
  return {
    name: 'interests',
    score(docs) {
      return docs.map((doc): ScorerOutput => {
        let total = 0;
        let weakOnly = 0;
        const topics: NonNullable<ScorerOutput['topics']> = [];
        for (const { interest, phrases } of compiled) {
          const ev = topicEvidence(doc, phrases);
          if (ev.hits.length === 0) continue;
          if (ev.strong === 0) {
            weakOnly += ev.weak;
            continue;
          }
          const score = (interest.weight ?? 1) * Math.log2(1 + ev.strong + ev.weak);
          total += score;
          topics.push({ id: interest.id, score: Math.round(score * 1000) / 1000, keywords: ev.hits.map((h) => h.phrase) });
        }
        if (topics.length === 0) {
          // Generic words alone: listed at most, never featured.
          return { boost: Math.min(WEAK_ONLY_MAX, weakOnly), reasons: [], topics: [] };
        }
        topics.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
        const reasons: RankReason[] = topics.map((t) => {
          const strong = compiled.find((c) => c.interest.id === t.id)!.phrases.filter((p) => p.strength !== 'generic').map((p) => p.text);
          return { kind: 'interest', interest: t.id, phrases: t.keywords.filter((k) => strong.includes(k)), weak: false };
        });
        return { boost: 1 - Math.exp(-total / INTEREST_SCALE), reasons, topics };
      });
    },
  };
}

/**
 * Penalty for a topic the reader does not follow, by where the paper names it: in its title (it is what the
 * paper is about), in its Hugging Face keywords, or only in the abstract. Halved when the title also names
 * one of the reader's interest phrases ("How far is video generation from a world model?").
 */
export const AVOID_PENALTY = { title: 0.7, keywords: 0.4, abstract: 0.15 };

export function avoidScorer(avoid: readonly string[], interests: readonly Interest[] = []): PaperScorer {
  const phrases = compilePhrases(avoid).map((p) => ({ ...p, strength: 'phrase' as const }));
  const interestPhrases = compilePhrases(interests.flatMap((i) => [...i.keywords, ...(i.keywordsZh ?? [])])).filter((p) => p.strength !== 'generic');
  return {
    name: 'avoid',
    score(docs) {
      return docs.map((doc): ScorerOutput => {
        const hits = phraseHits(doc, phrases);
        if (!hits.length) return { reasons: [] };
        const where = hits.some((h) => h.fields.includes('title')) ? 'title' : hits.some((h) => h.fields.includes('keywords')) ? 'keywords' : 'abstract';
        const inTitle = phraseHits({ ...doc, fields: { ...doc.fields, keywords: EMPTY, abstract: EMPTY } }, interestPhrases).length > 0;
        return { penalty: AVOID_PENALTY[where] * (inTitle ? 0.5 : 1), reasons: [{ kind: 'avoid', phrases: hits.map((h) => h.phrase) }] };
      });
    },
  };
}

const EMPTY = prepare('');

/** A labelled paper with the text found for it (scripts/rank/examples.ts). */
export interface Example {
  id: string;
  title: string;
  verdict: 'like' | 'dislike';
  doc: PaperDoc;
}

/**
 * How alike two papers are, 0..1: half the cosine of their TF-IDF vectors (shared words and bigrams), half
 * the cosine of their topic vectors (the category model: shared topics even in different words). Short
 * abstracts share few exact terms, so words alone rarely pass ~0.15 even for two papers on one topic.
 */
export function similarity(a: { x: SparseVector; t: ReadonlyMap<string, number> }, b: { x: SparseVector; t: ReadonlyMap<string, number> }): number {
  return 0.5 * cosine(a.x, b.x) + 0.5 * topicSimilarity(a.t, b.t);
}

/** Similarity below which two papers are not "alike", and the similarity that counts as fully alike. */
export const SIMILARITY = { from: 0.25, full: 0.55 };

function alike(s: number): number {
  return Math.max(0, Math.min(1, (s - SIMILARITY.from) / (SIMILARITY.full - SIMILARITY.from)));
}

/** How much a fully alike liked paper adds, and a fully alike disliked one takes away. */
const LIKE_BOOST = 0.7;
const DISLIKE_PENALTY = 0.6;

export function exampleScorer(examples: readonly Example[]): PaperScorer {
  return {
    name: 'examples',
    score(docs, { vocabulary, taxonomy }) {
      const points = examples.map((e) => ({ e, x: vocabulary.vector(e.doc.terms), t: topicVector(e.doc, taxonomy) }));
      return docs.map((doc): ScorerOutput => {
        const own = examples.find((e) => e.id === doc.id);
        if (own?.verdict === 'dislike') return { veto: true, reasons: [{ kind: 'disliked' }] };
        if (own?.verdict === 'like') return { boost: 1, reasons: [{ kind: 'liked' }] };
        const me = { x: vocabulary.vector(doc.terms), t: topicVector(doc, taxonomy) };
        const best = (verdict: Example['verdict']) =>
          points
            .filter((p) => p.e.verdict === verdict)
            .map((p) => ({ e: p.e, s: similarity(me, p) }))
            .sort((a, b) => b.s - a.s || a.e.id.localeCompare(b.e.id))[0];
        const like = best('like');
        const dislike = best('dislike');
        const out: ScorerOutput = { reasons: [] };
        if (like && alike(like.s) > 0) {
          out.boost = LIKE_BOOST * alike(like.s);
          out.reasons.push({ kind: 'like', id: like.e.id, title: like.e.title, similarity: round3(like.s) });
        }
        if (dislike && alike(dislike.s) > 0) {
          out.penalty = DISLIKE_PENALTY * alike(dislike.s);
          out.reasons.push({ kind: 'dislike', id: dislike.e.id, title: dislike.e.title, similarity: round3(dislike.s) });
        }
        return out;
      });
    },
  };
}

/** Labels needed before a model is trained: a few likes, and something to contrast them with. */
export const MODEL_MIN = { likes: 3, total: 5 };
/** Weight of one unlabelled background paper as a negative, against 1 for a stated dislike. */
const BACKGROUND_WEIGHT = 0.2;
/** How much the model's probability (above its base rate) adds. */
const MODEL_BOOST = 0.6;

/**
 * Trained on likes (positive) against dislikes and the background papers (the archive, weighted lightly:
 * unlabelled, mostly not what the reader wants), as arxiv-sanity-lite does. Returns null when the labels are
 * too few; the example scorer still uses them.
 */
export function modelScorer(examples: readonly Example[], background: ReadonlyArray<{ id: string; terms: string[] }>, vocabulary: Vocabulary): PaperScorer | null {
  const likes = examples.filter((e) => e.verdict === 'like');
  const labelled = new Set(examples.map((e) => e.id));
  const others = background.filter((b) => !labelled.has(b.id));
  if (likes.length < MODEL_MIN.likes || examples.length + others.length < MODEL_MIN.total) return null;
  const data: TrainingExample[] = [
    ...examples.map((e) => ({ x: vocabulary.vector(e.doc.terms), y: (e.verdict === 'like' ? 1 : 0) as 0 | 1, weight: 1 })),
    ...others.map((b) => ({ x: vocabulary.vector(b.terms), y: 0 as const, weight: BACKGROUND_WEIGHT })),
  ];
  const model = trainLogistic(data);
  // The model's view of an average background paper: a paper only gains what it scores above that.
  const base = others.length ? median(others.map((b) => predict(model, vocabulary.vector(b.terms)))) : 0.5;
  return {
    name: 'model',
    score(docs) {
      return docs.map((doc): ScorerOutput => {
        const x: SparseVector = vocabulary.vector(doc.terms);
        const p = predict(model, x);
        const lift = base < 1 ? Math.max(0, (p - base) / (1 - base)) : 0;
        if (lift <= 0.05) return { reasons: [] };
        const terms = heaviestFeatures(model, x, 4).map((f) => vocabulary.terms[f.index]!);
        return { boost: MODEL_BOOST * lift, reasons: [{ kind: 'model', terms, probability: round3(p) }] };
      });
    },
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
