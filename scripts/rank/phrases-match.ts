/**
 * Phrase evidence: how strongly a paper's text names a topic, from a list of phrases (a reader's interest,
 * a taxonomy category, an "avoid" list). Shared by the interest scorer and the category model, so a topic
 * is recognised the same way for ranking and for categories.
 *
 * Each phrase is a multi-word phrase (strong), a specific single word (medium: "dreamer", "grpo") or a
 * generic single word (weak: "agent", "RL", "LoRA", "model", "reasoning": common enough in AI abstracts that
 * they say nothing on their own). Evidence per phrase is the sum of the field weights where it occurs (title
 * counts double) times its strength; generic words only ever add a little, and only to a topic that already
 * has real evidence (see `topicEvidence`).
 */
import { FIELD_WEIGHT, FIELDS, type Field, type PaperDoc } from './docs.ts';
import { compilePhrase, countPhrase, stem, type Phrase } from './text.ts';

/**
 * Single words that never carry a paper alone (stemmed). The reader may still list them: they then add a
 * little to a topic the paper already matches by a phrase.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (
    'agent agentic ai alignment attention benchmark code coding data dataset deep diffusion distillation efficiency efficient ' +
    'embedding environment evaluation framework generation generative image inference language large learning llm lora ' +
    'memory model multimodal network neural optimization performance planning policy pretraining reasoning retrieval reward ' +
    'rl safety scaling search system task text token tool training transformer video vision'
  )
    .split(' ')
    .map(stem),
);

export type Strength = 'phrase' | 'term' | 'generic';
export const STRENGTH: Record<Strength, number> = { phrase: 1, term: 0.5, generic: 0.1 };

export interface CompiledPhrase extends Phrase {
  strength: Strength;
}

export function classify(phrase: Phrase): Strength {
  if (phrase.cjk) return phrase.text.trim().length >= 2 ? 'phrase' : 'generic';
  if (phrase.tokens.length >= 2) return 'phrase';
  const word = phrase.tokens[0] ?? '';
  return GENERIC_WORDS.has(word) || word.length <= 2 ? 'generic' : 'term';
}

export function compilePhrases(texts: readonly string[]): CompiledPhrase[] {
  const seen = new Set<string>();
  const out: CompiledPhrase[] = [];
  for (const text of texts) {
    const p = compilePhrase(text);
    const key = p.cjk ? p.text.trim() : p.tokens.join(' ');
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ ...p, strength: classify(p) });
  }
  return out;
}

export interface PhraseHit {
  phrase: string;
  strength: Strength;
  fields: Field[];
  /** Field weights × strength (a repeated mention in the abstract adds half a field). */
  evidence: number;
}

/** Every phrase of the list the paper holds, strongest evidence first (ties in list order). */
export interface HitOptions {
  strength?: Record<Strength, number>;
  fieldWeight?: Record<Field, number>;
  /** Added when a phrase occurs twice or more in the abstract (a repeated topic is a central one). */
  repeatBonus?: number;
}

export function phraseHits(doc: PaperDoc, phrases: readonly CompiledPhrase[], options: HitOptions = {}): PhraseHit[] {
  const strength = options.strength ?? STRENGTH;
  const fieldWeight = options.fieldWeight ?? FIELD_WEIGHT;
  const repeatBonus = options.repeatBonus ?? 0.5;
  const hits: Array<PhraseHit & { order: number }> = [];
  phrases.forEach((p, order) => {
    const fields: Field[] = [];
    let weight = 0;
    for (const f of FIELDS) {
      const n = countPhrase(doc.fields[f], p);
      if (n === 0) continue;
      fields.push(f);
      weight += fieldWeight[f] + (f === 'abstract' && n >= 2 ? repeatBonus : 0);
    }
    if (fields.length) hits.push({ phrase: p.text, strength: p.strength, fields, evidence: weight * strength[p.strength], order });
  });
  hits.sort((a, b) => b.evidence - a.evidence || a.order - b.order);
  return hits.map(({ order: _order, ...h }) => h);
}

export interface TopicEvidence {
  /** Evidence from phrases and specific words. */
  strong: number;
  /** Evidence from generic words, capped. */
  weak: number;
  hits: PhraseHit[];
}

/** Most that generic words add to a topic: less than one phrase found in the title. */
export const WEAK_CAP = 0.3;

/**
 * Field weights for a reader's interests: what a paper is about shows in its title and its Hugging Face
 * keywords; one passing mention in the abstract counts for half (twice or more, as much as a keyword).
 */
export const INTEREST_FIELD_WEIGHT: Record<Field, number> = { title: 2, keywords: 1, abstract: 0.5 };

export function topicEvidence(doc: PaperDoc, phrases: readonly CompiledPhrase[]): TopicEvidence {
  const hits = phraseHits(doc, phrases, { fieldWeight: INTEREST_FIELD_WEIGHT });
  let strong = 0;
  let weak = 0;
  for (const h of hits) {
    if (h.strength === 'generic') weak += h.evidence;
    else strong += h.evidence;
  }
  return { strong, weak: Math.min(WEAK_CAP, weak), hits };
}

/** Saturating 0..1 score of a topic's evidence: one phrase in the abstract ≈ 0.39, in title and abstract ≈ 0.78. */
export function saturate(evidence: number): number {
  return 1 - Math.exp(-evidence / 2);
}
