/**
 * The DOM-free parts of the search page's client (src/scripts/search.ts): reading Pagefind's excerpts
 * safely, choosing the sub-results (paper sections) to show, and the page state kept in the URL.
 * Pure, so the tests run them in Node.
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
}

/**
 * The sections of a page worth showing under it: those with their own anchor (a paper's `#arXivId`),
 * the `max` with the most hits, in page order.
 */
export function topSubResults<T extends SubResultLike>(pageUrl: string, subs: readonly T[], max: number): T[] {
  return subs
    .map((sub, order) => ({ sub, order, hits: sub.locations?.length ?? 0 }))
    .filter(({ sub }) => sub.url !== pageUrl && sub.url.includes('#'))
    .sort((a, b) => b.hits - a.hits || a.order - b.order)
    .slice(0, max)
    .sort((a, b) => a.order - b.order)
    .map(({ sub }) => sub);
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
