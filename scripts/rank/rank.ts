/**
 * The ranker: merged papers + the reader (profile, labelled examples, background texts) → ranked papers,
 * each with its relevance, band (relevant / listed / screened, scripts/rank/floor.ts), categories and the
 * reason in the reader's language. Pure, offline and deterministic: the scorers (scripts/rank/scorers.ts)
 * are combined as independent evidence; community signal (HF upvotes) and recency only reorder papers of
 * similar relevance, so a popular paper the reader does not work on never outranks one they do.
 */
import { localized, sentence } from '../../src/i18n/locale.ts';
import type { BriefingConfig, Language } from '../../briefing.config.ts';
import { guessCategories } from '../pipeline/categorize.ts';
import type { PaperRecord, RankedPaper } from '../pipeline/types.ts';
import { paperDoc, type PaperDoc } from './docs.ts';
import { BAND_ORDER, bandOf, FEATURE_FLOOR, LIST_FLOOR, type Band } from './floor.ts';
import { rankPhrases } from './phrases.ts';
import type { Interest, ReaderProfile } from '../../src/schema/reader.ts';
import { combine, type PaperScorer, type RankReason } from './scorer.ts';
import { avoidScorer, exampleScorer, interestScorer, modelScorer, type Example } from './scorers.ts';
import { Vocabulary } from './vectors.ts';

export interface RankerInput {
  profile: Pick<ReaderProfile, 'interests' | 'avoid'>;
  /** Liked and disliked papers with the text found for them (scripts/rank/examples.ts). */
  examples?: readonly Example[];
  /** Other papers (e.g. the archive's) for document frequencies and as the model's unlabelled background. */
  background?: ReadonlyArray<{ id: string; terms: string[] }>;
  ranking: BriefingConfig['ranking'];
  taxonomy: BriefingConfig['taxonomy'];
  /** Language of the reasons (the briefing's). */
  language: Language;
  /** The briefing date (YYYY-MM-DD): recency is measured back from it. */
  date: string;
  /** Days over which recency decays to 0 (config.window.maxDays). */
  horizonDays: number;
  /** More scorers, run after the built-in ones (the seam for e.g. an embedding scorer). */
  scorers?: readonly PaperScorer[];
}

/** Where the day's ranking is cut: the first `relevant` papers pass the relevance floor, the first `listed` the listing floor. */
export interface RankCut {
  relevant: number;
  listed: number;
  screened: number;
  floor: number;
  listFloor: number;
}

export interface RankResult {
  /** Every paper, best first: relevant ones, then listed, then screened. */
  papers: RankedPaper[];
  cut: RankCut;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The ranker's reading of a merged record: abstract (else the HF summary), HF keywords. */
export function recordDoc(p: PaperRecord): PaperDoc {
  return paperDoc({ id: p.id, title: p.title, abstract: p.abstract || p.aiSummary || '', keywords: p.aiKeywords });
}

export function rankPapers(records: readonly PaperRecord[], input: RankerInput): RankResult {
  // Sorted by id first, so nothing depends on the order the sources delivered the papers in.
  const sorted = [...records].sort((a, b) => a.id.localeCompare(b.id));
  const docs = sorted.map(recordDoc);
  const examples = input.examples ?? [];
  const background = input.background ?? [];

  const vocabulary = new Vocabulary();
  for (const d of docs) vocabulary.add(d.terms);
  for (const e of examples) vocabulary.add(e.doc.terms);
  const seen = new Set([...docs.map((d) => d.id), ...examples.map((e) => e.id)]);
  for (const b of background) if (!seen.has(b.id)) vocabulary.add(b.terms);

  // The model's unlabelled background: the archive and the day's own papers (as arxiv-sanity-lite trains
  // on everything it ranks), so it can learn from the first labels even in a new archive.
  const ids = new Set(docs.map((d) => d.id));
  const model = modelScorer(examples, [...background.filter((b) => !ids.has(b.id)), ...docs.map((d) => ({ id: d.id, terms: d.terms }))], vocabulary);
  const scorers: PaperScorer[] = [
    interestScorer(input.profile.interests),
    avoidScorer([...input.profile.avoid, ...input.ranking.negativeKeywords], input.profile.interests),
    ...(examples.length ? [exampleScorer(examples)] : []),
    ...(model ? [model] : []),
    ...(input.scorers ?? []),
  ];
  const outputs = scorers.map((s) => s.score(docs, { vocabulary, taxonomy: input.taxonomy }));

  const maxUpvotes = Math.max(0, ...sorted.map((r) => r.upvotes ?? 0));
  const w = input.ranking;
  const wSum = w.relevance + w.upvotes + w.recency || 1;
  const ph = rankPhrases(input.language);
  const labels = new Map(input.profile.interests.map((i) => [i.id, i]));

  const ranked = sorted.map((p, k) => {
    const doc = docs[k]!;
    const c = combine(outputs.map((o) => o[k]!));
    const relevance = round(Math.max(0, Math.min(1, c.relevance)));
    const upvotes = maxUpvotes > 0 ? Math.log1p(p.upvotes ?? 0) / Math.log1p(maxUpvotes) : 0;
    const age = p.listed ? Math.max(0, daysBetween(p.listed, input.date) - 1) : input.horizonDays;
    const recency = input.horizonDays > 0 ? Math.max(0, 1 - age / input.horizonDays) : 1;
    // Relevance decides; community signal and recency move a paper by at most their share of the weights.
    const score = round((relevance * (w.relevance + w.upvotes * upvotes + w.recency * recency)) / wSum);
    const band: Band = bandOf(relevance, c.veto);
    const matches: Record<string, string[]> = {};
    for (const t of c.topics) matches[t.id] = t.keywords;
    const avoid = c.reasons.find((r): r is Extract<RankReason, { kind: 'avoid' }> => r.kind === 'avoid');
    if (avoid) matches['negative'] = avoid.phrases;
    const paper: RankedPaper = {
      ...p,
      score,
      relevance,
      topics: c.topics.map((t) => t.id),
      matches,
      categories: guessCategories(doc, input.taxonomy, w.maxCategories),
      band,
      reasons: c.reasons,
      reason: reasonText(c.reasons, labels, input.language, () => heaviestTerms(doc, vocabulary, 4), ph),
    };
    return paper;
  });
  // Within a band, a paper with real evidence (an interest phrase, a liked paper, the model) comes before one
  // matched by generic words only, whatever their upvotes.
  const weakOnly = (p: RankedPaper) => (p.reasons!.some((r) => r.kind === 'interest' || r.kind === 'like' || r.kind === 'liked' || r.kind === 'model') ? 0 : 1);
  ranked.sort((a, b) => BAND_ORDER[a.band!] - BAND_ORDER[b.band!] || weakOnly(a) - weakOnly(b) || b.score - a.score || (b.upvotes ?? 0) - (a.upvotes ?? 0) || a.id.localeCompare(b.id));
  const relevant = ranked.filter((p) => p.band === 'relevant').length;
  const listed = relevant + ranked.filter((p) => p.band === 'listed').length;
  return { papers: ranked, cut: { relevant, listed, screened: ranked.length, floor: FEATURE_FLOOR, listFloor: LIST_FLOOR } };
}

/** The terms of a paper with the highest TF-IDF weight (words before their bigrams when tied). */
function heaviestTerms(doc: PaperDoc, vocabulary: Vocabulary, n: number): string[] {
  const v = vocabulary.vector(doc.terms);
  return v.idx
    .map((i, k) => ({ term: vocabulary.terms[i]!, weight: v.val[k]! }))
    .filter((t) => !/^\d/.test(t.term))
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .slice(0, n)
    .map((t) => t.term);
}

/** One line saying why a paper is where it is, in the briefing's language. */
export function reasonText(
  reasons: readonly RankReason[],
  interests: ReadonlyMap<string, Interest>,
  language: Language,
  fallbackTerms: () => string[],
  ph = rankPhrases(language),
): string {
  const parts: string[] = [];
  for (const r of reasons) {
    switch (r.kind) {
      case 'liked':
        parts.push(ph.reasonLiked);
        break;
      case 'interest': {
        const interest = interests.get(r.interest);
        if (interest && parts.filter((x) => x).length < 3) parts.push(ph.reasonInterest({ label: localized(language, interest.label), phrases: r.phrases.slice(0, 3) }));
        break;
      }
      case 'like':
        parts.push(ph.reasonLike(r.title));
        break;
      case 'model':
        if (r.terms.length) parts.push(ph.reasonModel(r.terms));
        break;
      case 'dislike':
        parts.push(ph.reasonDislike(r.title));
        break;
      case 'avoid':
        parts.push(ph.reasonAvoid(r.phrases.slice(0, 3)));
        break;
      default:
        break;
    }
  }
  if (!reasons.some((r) => r.kind === 'interest' || r.kind === 'like' || r.kind === 'liked' || r.kind === 'model')) {
    const terms = fallbackTerms();
    if (terms.length) parts.unshift(ph.reasonTerms(terms));
  }
  return ph.join(parts);
}

/** The part of a paper's reason that comes from the reader's feedback (liked papers, the trained model), or ''. */
export function feedbackReasonText(reasons: readonly RankReason[], language: Language): string {
  const ph = rankPhrases(language);
  const parts = reasons.flatMap((r) =>
    r.kind === 'liked' ? [ph.reasonLiked] : r.kind === 'like' ? [ph.reasonLike(r.title)] : r.kind === 'model' && r.terms.length ? [ph.reasonModel(r.terms)] : [],
  );
  return parts.length ? sentence(language, ph.join(parts)) : '';
}
