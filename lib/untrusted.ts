/**
 * Untrusted text (titles, abstracts, authors and keywords from the APIs, model output) made fit to store and
 * show. Two things no page should inherit from a listing or a model:
 *
 * - invisible characters that reorder or hide text: bidi embeddings, overrides and isolates (a title can be
 *   made to read backwards, "Trojan Source" style) and zero-width characters (a word that matches nothing, a
 *   link that is not what it shows). A zero-width joiner inside an emoji sequence is kept;
 * - unbounded length: one 200 KB title made a 242 KB day page. Each kind of field has a cap, and a cut is
 *   never silent: it ends at a sentence or word boundary when there is one, and is marked with "…".
 *
 * Pure and shared: the sources use it on what they parse (scripts/pipeline/collect.ts), the renderer on
 * every draft before it is written (scripts/mdx/render.ts). A cut abstract or prose section also says so in
 * the briefing's language ("[cut here: 195,000 more characters]"), since a reader would take a bare "…"
 * for the author's.
 */
import type { Language } from '../src/schema/config.ts';
import type { BriefingDraft } from '../src/schema/briefing.ts';
import { t } from '../src/i18n/index.ts';

/** Bidi controls (LRM/RLM/ALM, embeddings, overrides, isolates) and zero-width and other invisible format characters. */
const INVISIBLE = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060-\u2064\uFEFF\u180E\u00AD]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Removes bidi controls and zero-width characters (an emoji's zero-width joiner stays). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** The caps, in characters (UTF-16 code units), by kind of field. Real text is well below each. */
export const TEXT_LIMITS = {
  /** Paper titles (arXiv's longest are around 250 characters). */
  title: 300,
  /** One author's name. */
  author: 120,
  /** Authors kept per paper; the rest are counted in a last entry. */
  authors: 100,
  /** One keyword, category or tag. */
  keyword: 80,
  /** Keywords kept per paper. */
  keywords: 30,
  /** Abstracts (arXiv allows 1,920 characters). */
  abstract: 4_000,
  /** Hugging Face's AI summary, a repository description, an arXiv comment. */
  summary: 2_000,
  /** A short line: a headline, a reason, a name, a journal reference. */
  line: 600,
  /** One prose field of a briefing (a section, the overview, an idea). */
  prose: 6_000,
} as const;

export type TextLimit = keyof typeof TEXT_LIMITS;

/** The mark a cut text ends with. */
export const CUT_MARK = '…';

/**
 * `text` cut to at most `max` characters (the mark included) when longer: at the last sentence end in the
 * second half of the allowance, else the last space, else mid-word; then "…". Surrogate pairs are never split.
 */
export function capText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  let room = Math.max(0, max - CUT_MARK.length);
  // Never split a surrogate pair.
  if (room > 0 && /[\uD800-\uDBFF]/.test(text[room - 1]!)) room--;
  const head = text.slice(0, room);
  const floor = Math.floor(room / 2);
  // Just after the last sentence-ending mark (the mark kept), or 0.
  const sentence = Math.max(...['. ', '! ', '? ', '。', '！', '？'].map((end) => head.lastIndexOf(end) + 1));
  const space = head.lastIndexOf(' ');
  const at = sentence > floor ? sentence : space > floor ? space : room;
  return { text: `${head.slice(0, at).trimEnd()}${CUT_MARK}`, cut: true };
}

/** Kinds whose cut is also said in words (with a language): long text a reader quotes or reads as a whole. */
const SAID: ReadonlySet<TextLimit> = new Set(['abstract', 'prose']);

/** Invisible characters removed, then capped at the field kind's limit (with `language`, a long text's cut is said in words). */
export function cleanText(text: string, limit: TextLimit, language?: Language): string {
  const clean = stripInvisible(text);
  const capped = capText(clean, TEXT_LIMITS[limit]);
  if (!capped.cut || !language || !SAID.has(limit)) return capped.text;
  return `${capped.text} ${t(language, 'text.cut', { count: clean.length - (capped.text.length - CUT_MARK.length) })}`;
}

/** A cleaned optional text. */
export function cleanOptional(text: string | null, limit: TextLimit, language?: Language): string | null {
  return text === null ? null : cleanText(text, limit, language);
}

/**
 * A list of short texts (authors, keywords) cleaned and capped in number. `more` words the entry that counts
 * what was left out (authors: "… (+12)"); without it, the surplus is dropped (keywords, which no one quotes).
 */
export function cleanList(items: readonly string[], item: TextLimit, count: TextLimit, more?: (left: number) => string): string[] {
  const max = TEXT_LIMITS[count];
  const cleaned = items.map((s) => cleanText(s, item)).filter((s) => s.trim() !== '');
  if (cleaned.length <= max) return cleaned;
  return more ? [...cleaned.slice(0, max - 1), more(cleaned.length - (max - 1))] : cleaned.slice(0, max);
}

/** Authors beyond the cap are counted in a last entry. */
export const moreAuthors = (left: number): string => `${CUT_MARK} (+${left})`;

/** The cap of each draft field, by its name; any other string is only stripped of invisible characters (ids, URLs, slugs). */
const DRAFT_FIELDS: Readonly<Record<string, TextLimit>> = {
  title: 'title',
  summary: 'line',
  headline: 'line',
  contribution: 'line',
  venue: 'line',
  reason: 'line',
  heading: 'line',
  theme: 'line',
  path: 'line',
  note: 'summary',
  followNote: 'summary',
  overview: 'prose',
  body: 'prose',
  conclusion: 'prose',
};

/**
 * A draft (frontmatter and body, whoever wrote it: the writers, a model, the importer) with every string
 * stripped of invisible characters and every prose field capped (scripts/mdx/render.ts runs it before the
 * schema). Caps are far above real text; only hostile or runaway text is cut, and the cut is marked.
 */
export function cleanDraft(draft: BriefingDraft): BriefingDraft {
  const language = draft.frontmatter.language as Language | undefined;
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      const limit = DRAFT_FIELDS[key];
      return limit ? cleanText(value, limit, language) : stripInvisible(value);
    }
    if (Array.isArray(value)) {
      if (key === 'authors' && value.every((v) => typeof v === 'string')) return cleanList(value as string[], 'author', 'authors', moreAuthors);
      return value.map((v) => walk(v, key));
    }
    if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(draft, '') as BriefingDraft;
}
