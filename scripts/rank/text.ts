/**
 * Text → tokens for the ranker and the category model, written here so ranking needs no network and no
 * model download. English is lower-cased, split at anything that is not a letter or digit (so "tool-use",
 * "tool use" and "Tool Use" are the same two tokens) and lightly stemmed (plural endings only: "agents" →
 * "agent", "policies" → "policy"); CJK runs become overlapping character bigrams, the usual way to index
 * Chinese without a dictionary. Phrases are matched as token sequences, never as substrings, so "coding"
 * does not hide in "decoding" and "code" does not match "collective coding".
 */

const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const TOKEN = /[\p{L}\p{N}]+/gu;

/** Words too common to say anything about a paper on their own (dropped from bags of words, kept in sequences). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been being but by can could do does for from has have how however in into is it its of on ' +
    'or our over such than that the their them then there these they this those through to under up via was we were ' +
    'what when where whether which while who why will with within without would you your also both each more most ' +
    'not only other so some very all any few many much new used using based show shows shown propose proposed ' +
    'present introduce paper work approach method methods results result achieve achieves across between further ' +
    'well even may one two three first second existing recent recently address challenge challenges however while'
  ).split(' '),
);

/** The light stemmer: plural endings only, so the same rule applies to a paper and to a reader's phrase. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous)$/.test(word)) return word;
  if (/(?:sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Normalises a text for tokenising: NFKC (full-width letters and digits), lower case. */
function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * The token sequence of a text: stemmed English words and CJK character bigrams, in order. Sentence
 * punctuation is kept as a `|` token so that phrases and bigrams never join two sentences or two list items.
 */
export function tokenSequence(text: string): string[] {
  const out: string[] = [];
  const norm = normalize(text).replace(/[.,;:!?()[\]{}"“”'‘’。,;:!?()、|\n]+/gu, ' | ');
  for (const part of norm.split(/\s+/)) {
    if (part === '|') {
      if (out.length && out[out.length - 1] !== '|') out.push('|');
      continue;
    }
    for (const m of part.matchAll(TOKEN)) {
      const word = m[0];
      if (CJK_CHAR.test(word)) out.push(...cjkTokens(word));
      else out.push(stem(word));
    }
  }
  return out;
}

/** Mixed runs ("LLM智能体") split into Latin words and CJK bigrams (a single CJK character stays itself). */
function cjkTokens(word: string): string[] {
  const out: string[] = [];
  for (const run of word.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu) ?? []) {
    if (!CJK_CHAR.test(run)) {
      out.push(stem(run));
    } else if (run.length === 1) {
      out.push(run);
    } else {
      for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
    }
  }
  return out;
}

/**
 * Bag-of-words terms of a text: content words (no stopwords, no bare numbers) and the bigrams of
 * neighbouring content words within a sentence ("world model", "tool use"), joined by a space. CJK bigrams
 * are already bigrams and are kept as they are.
 */
export function terms(text: string): string[] {
  const seq = tokenSequence(text);
  const out: string[] = [];
  let prev: string | null = null;
  for (const tok of seq) {
    if (tok === '|' || STOPWORDS.has(tok) || /^\d+$/.test(tok) || tok.length < 2) {
      prev = null;
      continue;
    }
    out.push(tok);
    if (prev !== null && !CJK_CHAR.test(tok) && !CJK_CHAR.test(prev)) out.push(`${prev} ${tok}`);
    prev = tok;
  }
  return out;
}

/** A compiled phrase: its token sequence, plus whether it is Chinese (matched on the raw text instead). */
export interface Phrase {
  /** As written by the reader or the taxonomy. */
  text: string;
  tokens: string[];
  cjk: boolean;
}

export function compilePhrase(text: string): Phrase {
  const cjk = CJK_CHAR.test(text);
  return { text, tokens: cjk ? [] : tokenSequence(text).filter((t) => t !== '|'), cjk };
}

/** A text prepared once for many phrase lookups. */
export interface PreparedText {
  raw: string;
  tokens: string[];
  /** Positions of each token, for fast sequence lookup. */
  index: Map<string, number[]>;
}

export function prepare(text: string): PreparedText {
  const tokens = tokenSequence(text);
  const index = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    const list = index.get(t);
    if (list) list.push(i);
    else index.set(t, [i]);
  });
  return { raw: normalize(text), tokens, index };
}

/** How many times a phrase occurs in a prepared text (as a whole token sequence; CJK as a substring). */
export function countPhrase(text: PreparedText, phrase: Phrase): number {
  if (phrase.cjk) {
    const needle = normalize(phrase.text.trim());
    if (!needle) return 0;
    let n = 0;
    for (let i = text.raw.indexOf(needle); i >= 0; i = text.raw.indexOf(needle, i + needle.length)) n++;
    return n;
  }
  const [first, ...rest] = phrase.tokens;
  if (first === undefined) return 0;
  let n = 0;
  for (const start of text.index.get(first) ?? []) {
    if (rest.every((t, k) => text.tokens[start + 1 + k] === t)) n++;
  }
  return n;
}
