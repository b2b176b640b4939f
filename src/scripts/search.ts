/**
 * The search page's client: a small UI over Pagefind's JS API (instead of the 31 KB Pagefind UI widget).
 *
 * - pagefind.js is imported lazily from the primary bundle (under the base path) when there is a query in
 *   the URL or the reader focuses the search box; the other languages' bundles are merged in.
 * - The query and filters live in the URL (`?q=…&category=…&month=…`, history.replaceState): shareable.
 * - Filters are built from `pagefind.filters()` when the filter panel is first opened (or the URL names a
 *   filter), so a plain query does not pay for every filter file.
 * - Results are papers: every day's search document holds each paper as a section (src/lib/searchDocs.ts),
 *   so each paper that matched is one line (title linking to its place on the day page, the day, its
 *   categories, a highlighted excerpt), best first; a day whose own prose matched is a line too. Hits are
 *   shown 20 at a time ("show more"), day results loaded 5 at a time as needed (`nextHits`); category
 *   filters keep only the papers of those categories.
 * - Chinese queries are split into words first (`segmentQuery`), so English briefings match them too.
 * - Titles are set as text; excerpts are split into text runs and `<mark>` runs (never innerHTML).
 */
import { excerptParts, fill, nextHits, pagefindFilters, readSearchState, segmentQuery, writeSearchState, type Hit, type HitPager, type PageLike, type SearchState } from '../lib/searchResults.ts';

/** What the page hands the client in `data-search` (see src/pages/search/index.astro). */
export interface SearchConfig {
  bundlePath: string;
  merge: { bundlePath: string; language: string }[];
  baseUrl: string;
  excerptLength: number;
  /** Hits per page, and day results loaded at a time. */
  pageSize: number;
  dayBatch: number;
  filters: { category: string; month: string };
  /** Category slug → label in the interface language (the category filter's values). */
  categories: Record<string, string>;
  text: Record<string, string>;
}

interface PagefindResult {
  id: string;
  data(): Promise<PageLike>;
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(url: string, o: Record<string, unknown>): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  debouncedSearch(term: string, o: Record<string, unknown>, ms?: number): Promise<{ results: PagefindResult[]; filters?: Record<string, Record<string, number>> } | null>;
}

const root = document.getElementById('search');
if (root) start(root, JSON.parse(root.dataset.search!) as SearchConfig);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function start(root: HTMLElement, cfg: SearchConfig): void {
  const t = cfg.text;
  const $ = <T extends Element>(sel: string): T => root.querySelector<T>(sel)!;
  const form = $<HTMLFormElement>('form');
  const input = $<HTMLInputElement>('input[type=search]');
  const panel = $<HTMLDetailsElement>('details');
  const summary = $<HTMLElement>('summary');
  const chips = $<HTMLElement>('.search-categories');
  const month = $<HTMLSelectElement>('select');
  const status = $<HTMLElement>('[role=status]');
  const list = $<HTMLOListElement>('ol');
  const more = $<HTMLButtonElement>('.search-more');

  const state: SearchState = readSearchState(location.search);
  let engine: Promise<Pagefind> | undefined;
  let filtersBuilt: Promise<void> | undefined;
  let totals: Record<string, Record<string, number>> = {};
  let results: PagefindResult[] = [];
  let pager: HitPager = { loadedDays: 0, pending: [] };
  let hits = 0;
  let run = 0;
  const slugOf = new Map(Object.entries(cfg.categories).map(([slug, label]) => [label, slug]));

  root.hidden = false;
  input.value = state.q;

  const say = (text: string): void => {
    status.textContent = text;
  };

  const load = (): Promise<Pagefind> =>
    (engine ??= (async () => {
      let pf: Pagefind;
      try {
        pf = (await import(/* @vite-ignore */ `${cfg.bundlePath}pagefind.js`)) as Pagefind;
      } catch {
        throw Object.assign(new Error(t.unavailable), { name: 'Unavailable' });
      }
      await pf.options({ baseUrl: cfg.baseUrl, excerptLength: cfg.excerptLength });
      for (const m of cfg.merge) await pf.mergeIndex(m.bundlePath, { language: m.language, baseUrl: cfg.baseUrl });
      await pf.init();
      return pf;
    })());

  const monthText = (value: string): string => fill(t.month!, { year: value.slice(0, 4), month: value.slice(5, 7) });

  /** Builds the category checkboxes and month options once, from every bundle's filters. */
  const buildFilters = (): Promise<void> =>
    (filtersBuilt ??= (async () => {
      totals = await (await load()).filters();
      const categories = Object.entries(totals[cfg.filters.category] ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      chips.replaceChildren(
        ...categories.map(([value]) => {
          const box = el('input', { type: 'checkbox', value, checked: state.categories.includes(value) });
          return el('label', {}, box, ' ', el('span', { textContent: value }), ' ', el('span', { className: 'count' }));
        }),
      );
      const months = Object.keys(totals[cfg.filters.month] ?? {}).sort().reverse();
      month.replaceChildren(el('option', { value: '', textContent: t.anyMonth! }), ...months.map((m) => el('option', { value: m, selected: m === state.month })));
      showActive();
      // Counts within the current results need the filter files just loaded: search again (cached chunks).
      if (state.q) await search();
      else showCounts(undefined);
    })());

  /** Counts next to each filter value: within the current results when there are some, else overall. */
  const showCounts = (inResults: Record<string, Record<string, number>> | undefined): void => {
    const counts = (name: string): Record<string, number> => (inResults && state.q ? inResults[name] : totals[name]) ?? {};
    for (const label of chips.querySelectorAll('label')) {
      const value = label.querySelector('input')!.value;
      label.querySelector('.count')!.textContent = `(${counts(cfg.filters.category)[value] ?? 0})`;
    }
    const byMonth = counts(cfg.filters.month);
    for (const option of month.options) if (option.value) option.textContent = `${monthText(option.value)} (${byMonth[option.value] ?? 0})`;
  };

  const showActive = (): void => {
    const active = state.categories.length + (state.month ? 1 : 0);
    summary.textContent = active ? fill(t.filtersActive!, { n: active }) : t.filters!;
  };

  const excerpt = (html: string): HTMLElement =>
    el('p', { className: 'search-excerpt' }, ...excerptParts(html).map((p) => (p.mark ? el('mark', { textContent: p.text }) : p.text)));

  const renderHit = (hit: Hit): HTMLLIElement => {
    const meta = el('p', { className: 'meta' }, el('time', { dateTime: hit.day, textContent: hit.day }));
    if (hit.kind === 'day') meta.append(` · ${t.dayHit}`);
    for (const slug of hit.categories) meta.append(' · ', el('span', { textContent: cfg.categories[slug] ?? slug }));
    const heading = el('h2', {}, el('a', { href: hit.url, textContent: hit.title }));
    return el('li', { className: `search-result search-${hit.kind}` }, heading, ...(hit.localTitle ? [el('p', { className: 'search-local', textContent: hit.localTitle })] : []), meta, excerpt(hit.excerpt));
  };

  const countText = (): string => {
    const n = results.length;
    const base = fill(n === 1 ? t.hitsOne! : t.hits!, { count: n, q: state.q });
    return `${base} ${fill(t.shown!, { days: pager.loadedDays, hits })}`;
  };

  /** Appends the next page of results; moves focus to the first new one when the reader asked for more. */
  const showMore = async (focus: boolean, mine: number): Promise<void> => {
    more.disabled = true;
    const categories = state.categories.map((c) => slugOf.get(c) ?? c);
    const load = (from: number, to: number): Promise<PageLike[]> => Promise.all(results.slice(from, to).map((r) => r.data()));
    const page = await nextHits(pager, results.length, load, { pageSize: cfg.pageSize, dayBatch: cfg.dayBatch, categories });
    if (mine !== run) return;
    const items = page.map(renderHit);
    list.append(...items);
    hits += items.length;
    more.disabled = false;
    more.hidden = pager.pending.length === 0 && pager.loadedDays >= results.length;
    say(countText());
    if (focus) items[0]?.querySelector('a')?.focus();
  };

  const search = async (): Promise<void> => {
    const mine = ++run;
    history.replaceState(null, '', location.pathname + writeSearchState(state) + location.hash);
    root.dataset.state = 'searching';
    root.dataset.term = state.q;
    if (!state.q) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      say('');
      if (filtersBuilt) showCounts(undefined);
      root.dataset.state = 'idle';
      return;
    }
    say(engine ? fill(t.searching!, { q: state.q }) : t.loading!);
    try {
      const pf = await load();
      const response = await pf.debouncedSearch(segmentQuery(state.q), { filters: pagefindFilters(state, cfg.filters) }, 250);
      if (!response || mine !== run) return;
      results = response.results;
      pager = { loadedDays: 0, pending: [] };
      hits = 0;
      list.replaceChildren();
      if (filtersBuilt) showCounts(response.filters);
      if (results.length === 0) {
        more.hidden = true;
        say(fill(t.none!, { q: state.q }));
      } else await showMore(false, mine);
      if (mine !== run) return;
      root.dataset.count = String(results.length);
      root.dataset.state = 'done';
    } catch (error) {
      if (mine !== run) return;
      const e = error as Error;
      say(e.name === 'Unavailable' ? e.message : fill(t.error!, { message: e.message }));
      root.dataset.state = 'error';
    }
  };

  input.addEventListener('focus', () => void load().catch(() => {}), { once: true });
  input.addEventListener('input', () => {
    state.q = input.value.trim();
    void search();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.q = input.value.trim();
    void search();
  });
  panel.addEventListener('toggle', () => {
    if (panel.open) void buildFilters().catch((error: Error) => say(error.message));
  });
  chips.addEventListener('change', () => {
    state.categories = [...chips.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value);
    showActive();
    void search();
  });
  month.addEventListener('change', () => {
    state.month = month.value;
    showActive();
    void search();
  });
  more.addEventListener('click', () => void showMore(true, run));

  showActive();
  // Filters named in the URL: open the panel (its toggle builds them; the search waits for the engine).
  if (state.categories.length || state.month) panel.open = true;
  if (state.q) void search();
}
