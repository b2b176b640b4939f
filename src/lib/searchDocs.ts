/**
 * What the search index holds for one day: a small HTML document written for Pagefind alone, not the
 * day page. Each paper (featured or in the others table) is a section anchored by its arXiv id, so it
 * comes back as its own sub-result that links to its place on the day page, with its title, day and
 * categories; the day's own prose (summary, overview, ideas, conclusion, follow list) comes first, at
 * a quarter weight, so it is still found but no longer outranks the papers (Pagefind weights count
 * squared: a word there counts 1/16 of one in a paper).
 *
 * A paper's section carries what a reader types to find it: its title (weighted up), headline, one-line
 * contribution and indexed write-up sections, then its concept words: every word of its categories'
 * Chinese and English names, and the distinctive words of their descriptions, of the labels of the
 * reader's interests it matched (frontmatter `topics`) and of the interest phrases its ranker's reason
 * names (the write-up's `relation` section). So 强化学习, 世界模型, "speculative decoding" or "RL" find the
 * papers of that concept although their own text need not say it.
 *
 * Why concept words and not the descriptions as written: every repeat of a word is one more position a
 * query for it downloads. Measured on the 10-year benchmark archive (3,650 days × 25 papers,
 * scripts/bench/search-variants.ts), the sentences as written, reasons included, made a query for 世界模型
 * download 335 KB of index alone; each word once, words shared by more than two categories' descriptions
 * left out (模型, 学习, model, learning: they tell no category from another), and the reason's phrases
 * instead of its prose: 185 KB, and 131 KB with smaller index chunks (src/integrations/pagefind.ts).
 * Why sections of one page and not one Pagefind record per paper (`addCustomRecord`): with the 78,000
 * records of the Chinese bundle at ten years (a few words each), Pagefind's metadata file, which every query
 * downloads first, is 418 KB on its own (over the 300 KB a query may cost) and adding them took 81 s; one
 * page per day keeps it at 43 KB. See README "Search".
 *
 * Pure: the build computes the inputs from the archive (src/pages/search/documents/) and the Pagefind
 * integration indexes the documents (src/integrations/pagefind.ts).
 */
import type { Category, Interest, Language } from '../schema/config.ts';
import type { Briefing } from '../schema/briefing.ts';
import { localized } from '../i18n/locale.ts';
import { DAY_SECTION_KINDS, splitRenderedBody, UNINDEXED_DAY_SECTIONS, writeupHtml, type BodyPart } from './briefingBody.ts';
import { escapeHtml } from './feed.ts';
import { decodeEntities, encodePaperAnchor } from './searchResults.ts';

/** Where the build leaves the documents for the integration (under the output folder; removed after indexing). */
export const SEARCH_DOCUMENTS_DIR = 'search/documents';

/** One paper as the index sees it. */
export interface SearchPaperInput {
  id: string;
  title: string;
  /** The title in the briefing's language, when a writer translated it. */
  localTitle?: string;
  /** Category slugs, most specific first. */
  categories: string[];
  /** Interest ids the ranker matched (frontmatter `topics`). */
  topics: string[];
  contribution: string;
  /** The write-up's headline (featured papers). */
  headline?: string;
  /** The ranker's reason in the briefing's language: the write-up's `relation` section, as text. */
  reason?: string;
  /** The write-up's other indexed sections (kinds not in `site.unindexedSections`), as text. */
  notes?: string[];
}

/** One day as the index sees it. */
export interface SearchDayInput {
  date: string;
  title: string;
  summary: string;
  language: Language;
  /** The day's indexed prose, as plain text blocks (overview, ideas, conclusion, follow list, …). */
  prose: string[];
  papers: SearchPaperInput[];
}

export interface SearchContext {
  taxonomy: readonly Category[];
  interests: readonly Interest[];
  /** Filter names (in the interface language) and the interface language of the filter values. */
  filters: { category: string; month: string };
  ui: Language;
  /**
   * How a paper carries its categories' and interests' text: `words` (default) each distinct word once,
   * `text` the sentences as written (measured against each other in README "Search").
   */
  concepts?: 'words' | 'all-words' | 'text';
}

/** A document ready for Pagefind's `addHTMLFile`. */
export interface SearchDocument {
  /** Site-relative URL of the day page (Pagefind's client prefixes the base path). */
  url: string;
  /** The briefing's language, lower-case, as Pagefind names its bundles (`zh-cn`, `en`). */
  language: string;
  html: string;
}

/** What the build writes for the integration: the documents of one month. */
export interface SearchDocumentFile {
  version: 1;
  documents: SearchDocument[];
}

/** Weights (Pagefind's `data-pagefind-weight`, 1 = body text; its scale is quadratic). */
const WEIGHT = { title: 3, headline: 1.5, day: 0.25 } as const;

/** Languages Pagefind segments when indexing (its indexer splits zh/ja/th text into words itself). */
const SEGMENTED = /^(?:zh|ja|th)\b/i;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

let segmenter: Intl.Segmenter | undefined;

/**
 * Chinese text in a document Pagefind does not segment (an English briefing) is split into words with
 * spaces, the same words the browser's segmenter makes of a query (src/lib/searchResults.ts
 * `segmentQuery`), so 强化学习 finds an English briefing's papers too. Text of segmented languages and text
 * without CJK characters is returned as it is.
 */
export function spaceCjk(text: string, language: string): string {
  if (SEGMENTED.test(language) || !CJK.test(text)) return text;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  let out = '';
  let previousCjk = false;
  for (const { segment } of segmenter.segment(text)) {
    const cjk = CJK.test(segment);
    if ((cjk || previousCjk) && out && !/\s$/.test(out) && !/^\s/.test(segment)) out += ' ';
    out += segment;
    previousCjk = cjk;
  }
  return out;
}

/** The visible text of rendered HTML (tags dropped, entities decoded, whitespace collapsed). */
export function htmlText(html: string): string {
  return decodeEntities(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The month (`YYYY-MM`) of a day. */
export const monthOf = (date: string): string => date.slice(0, 7);

/** Words that carry no concept, left out of a paper's concept words. */
const STOPWORDS = new Set(['与', '的', '和', '及', '或', '在', '之后', 'and', 'or', 'the', 'of', 'for', 'a', 'an', 'in', 'on', 'to', 'with', 'how', 'after']);

let wordSegmenter: Intl.Segmenter | undefined;

/**
 * The distinct words of some texts, in order of first use (case-insensitive, stop words and punctuation
 * out): a paper's categories in two languages repeat 模型, 学习, model, learning many times, and every
 * repeat is one more position in the index a query for that word downloads.
 */
export function conceptWords(texts: readonly string[], common: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    for (const segment of wordsOf(text)) {
      const key = segment.toLowerCase();
      if (STOPWORDS.has(key) || common.has(key) || seen.has(key)) continue;
      seen.add(key);
      out.push(segment);
    }
  }
  return out;
}

/** The words of a text (the same few category and interest texts come back for every paper: cached). */
const wordCache = new Map<string, string[]>();
function wordsOf(text: string): string[] {
  let words = wordCache.get(text);
  if (!words) {
    wordSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
    words = [...wordSegmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
    if (wordCache.size < 10_000) wordCache.set(text, words);
  }
  return words;
}

const commonCache = new WeakMap<readonly Category[], Set<string>>();

/**
 * Words of the taxonomy's names and descriptions that more than two categories share (模型, 学习, model,
 * learning, …): they tell no category from another, so a paper's concept words leave them out.
 */
export function commonConceptWords(taxonomy: readonly Category[]): Set<string> {
  let common = commonCache.get(taxonomy);
  if (!common) {
    const counts = new Map<string, number>();
    for (const c of taxonomy) for (const w of conceptWords([c.zh, c.en, c.descriptionZh, c.description])) counts.set(w.toLowerCase(), (counts.get(w.toLowerCase()) ?? 0) + 1);
    commonCache.set(taxonomy, (common = new Set([...counts].filter(([, n]) => n > 2).map(([w]) => w))));
  }
  return common;
}

/** The categories' names in both languages. */
function categoryNames(slugs: readonly string[], taxonomy: readonly Category[]): string[] {
  return [...new Set(slugs)].flatMap((slug) => {
    const c = taxonomy.find((x) => x.slug === slug);
    return c ? [c.zh, c.en] : [];
  });
}

/** The categories' descriptions in both languages. */
function categoryDescriptions(slugs: readonly string[], taxonomy: readonly Category[]): string[] {
  return [...new Set(slugs)].flatMap((slug) => {
    const c = taxonomy.find((x) => x.slug === slug);
    return c ? [c.descriptionZh, c.description] : [];
  });
}

/**
 * The interest phrases the ranker's reason names: the reader's interests' labels and keywords found in
 * it (Latin phrases on word boundaries, any case). The reason itself is prose around those phrases; the
 * phrases are what a reader searches for.
 */
export function reasonPhrases(reason: string, interests: readonly Interest[]): string[] {
  const text = reason.toLowerCase();
  return phraseMatchers(interests)
    .filter(({ test }) => test(text))
    .map(({ phrase }) => phrase);
}

const matcherCache = new WeakMap<readonly Interest[], { phrase: string; test(text: string): boolean }[]>();

/** One matcher per distinct phrase of the interests (compiled once per profile: every paper asks). */
function phraseMatchers(interests: readonly Interest[]): { phrase: string; test(text: string): boolean }[] {
  let matchers = matcherCache.get(interests);
  if (!matchers) {
    const phrases = [...new Set(interests.flatMap((i) => [i.label.zh, i.label.en, ...i.keywords, ...(i.keywordsZh ?? [])]))];
    matchers = phrases.map((phrase) => {
      const p = phrase.toLowerCase();
      if (!/[a-z0-9]/.test(p)) return { phrase, test: (text: string) => text.includes(p) };
      const re = new RegExp(`(?:^|[^a-z0-9])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z0-9])`);
      return { phrase, test: (text: string) => text.includes(p) && re.test(text) };
    });
    matcherCache.set(interests, matchers);
  }
  return matchers;
}

function interestText(topics: readonly string[], interests: readonly Interest[]): string[] {
  const out: string[] = [];
  for (const id of new Set(topics)) {
    const interest = interests.find((i) => i.id === id);
    if (interest) out.push(interest.label.zh, interest.label.en);
  }
  return [...new Set(out)];
}

/** The search document of one day (pure, deterministic). */
export function searchDocument(day: SearchDayInput, ctx: SearchContext): SearchDocument {
  const language = day.language.toLowerCase();
  const text = (s: string): string => escapeHtml(spaceCjk(s, language));
  const block = (s: string | undefined, weight?: number): string =>
    s?.trim() ? `<p${weight === undefined ? '' : ` data-pagefind-weight="${weight}"`}>${text(s.trim())}</p>` : '';
  // A paper's concepts: its categories' names (every word), then the distinctive words of their
  // descriptions, of its matched interests and of the phrases its reason names, each word once.
  const concepts = (names: string[], more: string[]): string[] => {
    if (ctx.concepts === 'text') return [...names, ...more].map((s) => block(s));
    // The names as written (they are also what an excerpt shows when a paper matched by its categories),
    // then the other words not already in them.
    const seen = new Set(conceptWords(names).map((w) => w.toLowerCase()));
    const rest = conceptWords(more, ctx.concepts === 'all-words' ? seen : new Set([...seen, ...commonConceptWords(ctx.taxonomy)]));
    return [block([names.join(' · '), ...rest].join(' '))];
  };
  const label = (slug: string): string => {
    const c = ctx.taxonomy.find((x) => x.slug === slug);
    return c ? localized(ctx.ui, { zh: c.zh, en: c.en }) : slug;
  };

  // Filters are the page's: the month, and every category a paper of the day carries (the search page
  // then keeps only the papers of the chosen categories, see `paperHits`).
  const dayCategories = [...new Set(day.papers.flatMap((p) => p.categories))];
  const filters = [
    `<meta data-pagefind-filter="${escapeHtml(ctx.filters.month)}[content]" content="${monthOf(day.date)}">`,
    ...dayCategories.map((slug) => `<meta data-pagefind-filter="${escapeHtml(ctx.filters.category)}[content]" content="${escapeHtml(label(slug))}">`),
  ];

  const papers = day.papers.map((p) => {
    const anchor = escapeHtml(encodePaperAnchor({ title: p.title, categories: p.categories, ...(p.localTitle ? { localTitle: p.localTitle } : {}) }));
    return [
      `<section id="${escapeHtml(p.id)}" data-pagefind-title="${anchor}">`,
      block(p.title, WEIGHT.title),
      block(p.localTitle, WEIGHT.title),
      block(p.headline, WEIGHT.headline),
      block(p.contribution),
      ...concepts(categoryNames(p.categories, ctx.taxonomy), [...categoryDescriptions(p.categories, ctx.taxonomy), ...interestText(p.topics, ctx.interests), ...(p.reason ? reasonPhrases(p.reason, ctx.interests) : [])]),
      ...(ctx.concepts === 'text' ? [block(p.reason)] : []),
      ...(p.notes ?? []).map((s) => block(s)),
      '</section>',
    ].join('');
  });

  const html = [
    `<!doctype html><html lang="${escapeHtml(day.language)}"><head><meta charset="utf-8"><title>${escapeHtml(day.title)}</title></head>`,
    '<body><main data-pagefind-body>',
    ...filters,
    `<div data-pagefind-weight="${WEIGHT.day}">`,
    `<h1 data-pagefind-meta="title">${escapeHtml(day.title)}</h1>`,
    block(day.summary),
    ...day.prose.map((s) => block(s)),
    '</div>',
    ...papers,
    '</main></body></html>',
  ].join('');
  return { url: `/briefings/${day.date}/`, language, html };
}

/** Day sections whose text is the day's own prose in the index (papers and their table are indexed as papers). */
const DAY_PROSE = new Set<string>(DAY_SECTION_KINDS.filter((k) => k !== 'others' && !UNINDEXED_DAY_SECTIONS.has(k)));

/** A write-up's HTML as its lead (before the first section: the headline) and its sections by kind. */
function writeupParts(html: string): { lead: string; sections: Map<string, string> } {
  // Every section wrapped and indexed (no kinds left out): `<div class="section" data-section="kind">`.
  const wrapped = writeupHtml(html, new Set());
  const starts = [...wrapped.matchAll(/<div class="section" data-section="([\w-]+)">/g)];
  const sections = new Map<string, string>();
  for (const [i, m] of starts.entries()) {
    const from = m.index + m[0].length;
    const end = wrapped.lastIndexOf('</div>', starts[i + 1]?.index ?? wrapped.length);
    sections.set(m[1]!, (sections.get(m[1]!) ?? '') + wrapped.slice(from, end > from ? end : undefined));
  }
  return { lead: starts.length ? wrapped.slice(0, starts[0]!.index) : wrapped, sections };
}

export interface SearchDayOptions {
  /** Which papers the day indexes (a paper listed again on a later day is indexed once, where it was first listed). */
  include?: (id: string) => boolean;
  /** Write-up section kinds kept out of the index (`site.unindexedSections`); the `relation` section, the ranker's reason, is always in. */
  unindexedSections?: readonly string[];
}

/** The index's view of a day from its frontmatter and rendered body. */
export function searchDayInput(briefing: Briefing, renderedHtml: string, options: SearchDayOptions = {}): SearchDayInput {
  const include = options.include ?? (() => true);
  const unindexed = new Set(options.unindexedSections ?? []);
  const writeups = new Map<string, Pick<SearchPaperInput, 'headline' | 'reason' | 'notes'>>();
  const prose: string[] = [];
  const collect = (parts: readonly BodyPart[], indexed: boolean): void => {
    for (const part of parts) {
      if (part.kind === 'paper') {
        const { lead, sections } = writeupParts(part.html);
        const notes = [...sections].filter(([kind]) => kind !== 'relation' && !unindexed.has(kind)).map(([, html]) => htmlText(html)).filter(Boolean);
        const headline = htmlText(lead);
        const reason = htmlText(sections.get('relation') ?? '');
        writeups.set(part.id, { ...(headline ? { headline } : {}), ...(reason ? { reason } : {}), ...(notes.length ? { notes } : {}) });
      } else if (part.kind === 'html' && indexed) prose.push(htmlText(part.html));
    }
  };
  for (const segment of splitRenderedBody(renderedHtml)) {
    if (segment.kind === 'section') collect(segment.parts, DAY_PROSE.has(segment.section));
    else collect([segment], true);
  }
  // The follow list is rendered from the frontmatter: its names and reasons are the day's prose too.
  for (const f of briefing.follow) prose.push([f.name, f.reason].filter(Boolean).join(' '));
  return {
    date: briefing.date,
    title: briefing.title,
    summary: briefing.summary,
    language: briefing.language,
    prose: prose.filter(Boolean),
    papers: briefing.papers
      .filter((p) => include(p.id))
      .map((p) => ({
        id: p.id,
        title: p.title,
        ...(p.localTitle ? { localTitle: p.localTitle } : {}),
        categories: p.category,
        topics: p.topics,
        contribution: p.contribution,
        ...writeups.get(p.id),
      })),
  };
}
