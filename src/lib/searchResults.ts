/**
 * The DOM-free parts of the search page's client (src/scripts/search.ts): reading Pagefind's excerpts
 * safely, turning Pagefind's day results into paper results (each paper of a day is a sub-result of the
 * day's search document, src/lib/searchDocs.ts), the query as the index was segmented, and the page
 * state kept in the URL. Pure, so the tests run them in Node.
 */

/** A run of excerpt text; `mark` when Pagefind highlighted it. Always inserted as text, never as HTML. */
export interface ExcerptPart {
  text: string;
  mark: boolean;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references Pagefind's escaped excerpts contain; anything else stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Pagefind's excerpt (escaped page text with `<mark>` around the hits) as text runs. Only `<mark>` and
 * `</mark>` are read as markup; any other `<…>` is shown as the literal text it is.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let mark = false;
  for (const piece of excerpt.split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) mark = true;
    else if (/^<\/mark>$/i.test(piece)) mark = false;
    else if (piece) {
      // Pagefind marks each segment of a Chinese word apart (`<mark>智能</mark><mark>体</mark>`): one run.
      const last = parts.at(-1);
      if (last && last.mark === mark) last.text += decodeEntities(piece);
      else parts.push({ text: decodeEntities(piece), mark });
    }
  }
  return parts;
}

export interface SubResultLike {
  url: string;
  title: string;
  excerpt: string;
  locations?: number[];
  weighted_locations?: { weight: number; balanced_score: number; location: number }[];
}

/** What a paper's section tells the search page beyond its anchor: its title and category slugs. */
export interface PaperAnchor {
  title: string;
  categories: string[];
  /** The title in the briefing's language, when a writer translated it. */
  localTitle?: string;
}

/**
 * A paper section's `data-pagefind-title` (Pagefind hands it back as the sub-result's title): the
 * paper's title and category slugs as JSON, so the page can show and filter papers without any other
 * download. A title that is not such JSON is read as a plain title.
 */
export function encodePaperAnchor(anchor: PaperAnchor): string {
  return JSON.stringify({ t: anchor.title, c: anchor.categories, ...(anchor.localTitle ? { l: anchor.localTitle } : {}) });
}

export function decodePaperAnchor(title: string): PaperAnchor {
  try {
    const value = JSON.parse(title) as { t?: unknown; c?: unknown; l?: unknown };
    if (value && typeof value.t === 'string' && Array.isArray(value.c)) {
      const categories = value.c.filter((c): c is string => typeof c === 'string');
      return { title: value.t, categories, ...(typeof value.l === 'string' && value.l ? { localTitle: value.l } : {}) };
    }
  } catch {
    // a plain title
  }
  return { title, categories: [] };
}

/** One result line of the search page: a paper, or a day whose own prose matched. */
export interface Hit {
  kind: 'paper' | 'day';
  url: string;
  title: string;
  /** A paper's title in its briefing's language, when a writer translated it. */
  localTitle?: string;
  /** `YYYY-MM-DD`. */
  day: string;
  /** Category slugs (papers). */
  categories: string[];
  excerpt: string;
  score: number;
}

export interface PageLike {
  url: string;
  meta: Record<string, string>;
  sub_results: SubResultLike[];
}

const subScore = (sub: SubResultLike): number =>
  sub.weighted_locations?.length ? sub.weighted_locations.reduce((sum, l) => sum + l.balanced_score, 0) : (sub.locations?.length ?? 0);

/**
 * The hits of some day results, best first: every paper section that matched, and the day itself when
 * its own prose matched. Scores are Pagefind's weighted hits in the section (the day's prose is indexed at
 * a quarter weight, so a paper about the query outranks an overview that mentions it). With `categories`
 * (slugs), only papers of those categories are kept, and no day lines: the filter applies to papers.
 */
export function paperHits(pages: readonly PageLike[], categories: readonly string[] = []): Hit[] {
  const chosen = new Set(categories);
  const hits: (Hit & { order: number })[] = [];
  for (const page of pages) {
    const day = dayOfUrl(page.url) ?? '';
    for (const sub of page.sub_results ?? []) {
      const order = hits.length;
      const score = subScore(sub);
      if (sub.url.includes('#')) {
        const { title, categories: slugs, localTitle } = decodePaperAnchor(sub.title);
        if (chosen.size && !slugs.some((s) => chosen.has(s))) continue;
        hits.push({ kind: 'paper', url: sub.url, title, ...(localTitle ? { localTitle } : {}), day, categories: slugs, excerpt: sub.excerpt, score, order });
      } else if (!chosen.size) {
        hits.push({ kind: 'day', url: sub.url, title: page.meta.title || day, day, categories: [], excerpt: sub.excerpt, score, order });
      }
    }
  }
  return hits.sort((a, b) => b.score - a.score || a.order - b.order).map(({ order: _order, ...hit }) => hit);
}

/** Where a reader is in a result list: day results loaded so far, and their hits not yet shown (best first). */
export interface HitPager {
  loadedDays: number;
  pending: Hit[];
}

/**
 * The next `pageSize` hits: day results are loaded `dayBatch` at a time (`load(from, to)` gives their data)
 * until enough hits wait, and the waiting hits stay in score order as days come in, so each page shows
 * the best hits of every day loaded so far. Mutates `pager`.
 */
export async function nextHits(
  pager: HitPager,
  totalDays: number,
  load: (from: number, to: number) => Promise<PageLike[]>,
  options: { pageSize: number; dayBatch: number; categories?: readonly string[] },
): Promise<Hit[]> {
  while (pager.pending.length < options.pageSize && pager.loadedDays < totalDays) {
    const to = Math.min(totalDays, pager.loadedDays + options.dayBatch);
    const more = paperHits(await load(pager.loadedDays, to), options.categories);
    pager.loadedDays = to;
    pager.pending = [...pager.pending, ...more].sort((a, b) => b.score - a.score);
  }
  return pager.pending.splice(0, options.pageSize);
}

const CJK_RUN = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+/g;

/**
 * The query with its Chinese runs split into words (Intl.Segmenter, as Pagefind splits a query for a
 * Chinese index), so an index of another language, whose Chinese text was split the same way when it was
 * built (src/lib/searchDocs.ts `spaceCjk`), matches too. Quoted (exact) queries and queries without
 * Chinese stay as typed.
 */
export function segmentQuery(query: string, Segmenter: typeof Intl.Segmenter | null = globalThis.Intl?.Segmenter ?? null): string {
  if (!Segmenter || /^\s*".+"\s*$/.test(query)) return query;
  const words = new Segmenter('zh', { granularity: 'word' });
  return query.replace(CJK_RUN, (run) => ` ${[...words.segment(run)].map((s) => s.segment).join(' ')} `).replace(/\s+/g, ' ').trim();
}

/** The day (`YYYY-MM-DD`) of a day page URL, or undefined. */
export function dayOfUrl(url: string): string | undefined {
  return /\/briefings\/(\d{4}-\d{2}-\d{2})\//.exec(url)?.[1];
}

/** What the search page keeps in its URL: the query and the chosen filter values. */
export interface SearchState {
  q: string;
  /** Chosen categories (labels as Pagefind stores them). */
  categories: string[];
  /** A month `YYYY-MM`, or '' for all. */
  month: string;
}

/** Reads `?q=…&category=…&month=…`. */
export function readSearchState(search: string): SearchState {
  const params = new URLSearchParams(search);
  return {
    q: (params.get('q') ?? '').trim(),
    categories: params.getAll('category').filter(Boolean),
    month: /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : '',
  };
}

/** The query string for a state (empty fields left out), for `history.replaceState`. */
export function writeSearchState(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const c of state.categories) params.append('category', c);
  if (state.month) params.set('month', state.month);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Pagefind's `filters` search option for a state: any of the categories, and the month. */
export function pagefindFilters(state: SearchState, names: { category: string; month: string }): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  if (state.categories.length) filters[names.category] = { any: state.categories };
  if (state.month) filters[names.month] = state.month;
  return filters;
}

export { fill } from '../i18n/template.ts';
