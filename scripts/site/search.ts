/**
 * Searches a built site's Pagefind bundles from Node, the way a browser would: the bundle's own
 * `pagefind.js` is imported and its `fetch` calls are served from disk and counted. Used by the build
 * tests (does a query find the right page and paper?) and by the benchmark (how many bytes does a
 * query download?). `searchPapers` gives the search page's own result list: the query segmented and the
 * day results turned into paper hits by the page's code (src/lib/searchResults.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nextHits, paperHits, segmentQuery, type Hit, type HitPager } from '../../src/lib/searchResults.ts';

export interface SubResult {
  url: string;
  title: string;
  excerpt: string;
  locations?: number[];
  weighted_locations?: { weight: number; balanced_score: number; location: number }[];
}

export interface SearchHit {
  url: string;
  title: string;
  excerpt: string;
  filters: Record<string, string[]>;
  meta: Record<string, string>;
  subResults: SubResult[];
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** Total results before `limit`. */
  total: number;
  /** Files fetched and their bytes, for the whole query including start-up (wasm, entry, metadata). */
  fetched: { path: string; bytes: number }[];
  bytes: number;
}

export interface SearchOptions {
  /** Language of the primary index to load (default: Pagefind's choice, the bundle's largest). */
  language?: string;
  /** Merge the other language bundles (`pagefind-<lang>/`) like the /search/ page does. Default true. */
  merge?: boolean;
  /** Pagefind filters: a value, all of several values, or `{ any: [...] }`. */
  filters?: Record<string, unknown>;
  /** Prefix of result URLs: the site's base path (Pagefind stores URLs relative to the site root). Default `/`. */
  baseUrl?: string;
  /** How many hits to load (their fragments count as downloaded, as the UI loads them). Default 5. */
  limit?: number;
}

interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(url: string, o?: Record<string, unknown>): Promise<void>;
  search(term: string, o?: Record<string, unknown>): Promise<{ results: { data(): Promise<RawHit> }[] }>;
  destroy?(): Promise<void>;
}

interface RawHit {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
  sub_results: SubResult[];
}

/** Runs one query against `<distDir>/pagefind/` in a fresh copy of the bundle's module. */
export async function searchBuiltSite(distDir: string, term: string, options: SearchOptions = {}): Promise<SearchOutcome> {
  const bundleDir = path.resolve(distDir, 'pagefind');
  const fetched: { path: string; bytes: number }[] = [];
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.protocol !== 'file:') return originalFetch(input as Parameters<typeof fetch>[0]);
    const file = fileURLToPath(url);
    try {
      const body = await readFile(file);
      fetched.push({ path: path.relative(path.resolve(distDir), file), bytes: body.byteLength });
      const type = file.endsWith('.json') ? 'application/json' : file.endsWith('.pagefind') ? 'application/wasm' : 'application/octet-stream';
      return new Response(body, { status: 200, headers: { 'content-type': type } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  }) as typeof fetch;
  try {
    // A query string makes each call a fresh module instance with fresh state.
    const moduleUrl = `${pathToFileURL(path.join(bundleDir, 'pagefind.js')).href}?run=${Date.now()}-${Math.random()}`;
    const pagefind = (await import(moduleUrl)) as PagefindModule;
    const basePath = `${pathToFileURL(bundleDir).href}/`;
    await pagefind.options({ basePath, baseUrl: options.baseUrl ?? '/', ...(options.language ? { language: options.language } : {}) });
    if (options.merge !== false) {
      const others = (await readdir(distDir)).filter((d) => d.startsWith('pagefind-')).sort();
      for (const dir of others) await pagefind.mergeIndex(`${pathToFileURL(path.resolve(distDir, dir)).href}/`, { baseUrl: options.baseUrl ?? '/' });
    }
    await pagefind.init();
    const response = await pagefind.search(term, options.filters ? { filters: options.filters } : {});
    const results = response?.results ?? [];
    const hits: SearchHit[] = [];
    for (const r of results.slice(0, options.limit ?? 5)) {
      const data = await r.data();
      hits.push({
        url: data.url,
        title: data.meta.title ?? '',
        excerpt: data.excerpt,
        filters: data.filters,
        meta: data.meta,
        subResults: data.sub_results.map((sr) => ({ url: sr.url, title: sr.title, excerpt: sr.excerpt, locations: sr.locations, weighted_locations: sr.weighted_locations })),
      });
    }
    await pagefind.destroy?.();
    return { hits, total: results.length, fetched, bytes: fetched.reduce((sum, f) => sum + f.bytes, 0) };
  } finally {
    globalThis.fetch = originalFetch;
  }
}

/**
 * The search page's results for a query: the query segmented as the page does, the first `limit` day
 * results turned into paper (and day) hits, best first, papers of `categories` (slugs) only if given.
 */
export async function searchPapers(distDir: string, term: string, options: SearchOptions & { categories?: string[] } = {}): Promise<SearchOutcome & { papers: Hit[] }> {
  const outcome = await searchBuiltSite(distDir, segmentQuery(term), options);
  const papers = paperHits(
    outcome.hits.map((h) => ({ url: h.url, meta: h.meta, sub_results: h.subResults })),
    options.categories,
  );
  return { ...outcome, papers };
}

/**
 * The pages of hits the search page shows for a query, computed as it does (`nextHits`: `pageSize` hits a
 * page, day results loaded `dayBatch` at a time): `pages` pages, and how many days were loaded for them.
 */
export async function searchHitPages(
  distDir: string,
  term: string,
  options: SearchOptions & { categories?: string[]; pages?: number; pageSize?: number; dayBatch?: number } = {},
): Promise<{ total: number; pages: Hit[][]; loadedDays: number[] }> {
  const pageSize = options.pageSize ?? 20;
  const dayBatch = options.dayBatch ?? 5;
  const outcome = await searchBuiltSite(distDir, segmentQuery(term), { ...options, limit: options.limit ?? 60 });
  const data = outcome.hits.map((h) => ({ url: h.url, meta: h.meta, sub_results: h.subResults }));
  const pager: HitPager = { loadedDays: 0, pending: [] };
  const total = Math.min(outcome.total, data.length);
  const pages: Hit[][] = [];
  const loadedDays: number[] = [];
  for (let i = 0; i < (options.pages ?? 1); i++) {
    pages.push(await nextHits(pager, total, async (from, to) => data.slice(from, to), { pageSize, dayBatch, categories: options.categories }));
    loadedDays.push(pager.loadedDays);
  }
  return { total: outcome.total, pages, loadedDays };
}
