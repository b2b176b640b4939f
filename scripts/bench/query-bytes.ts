/**
 * How many bytes a search costs a reader: the built /search/ page is served from 127.0.0.1 the way GitHub
 * Pages serves it (gzip for text types; Pagefind's own .pf_* and wasm files are already compressed and go
 * as they are) and driven in headless Chromium (playwright-core, /usr/bin/chromium): the page's own search
 * script loads pagefind.js, the wasm, the entry and metadata of every merged bundle, then the index chunks
 * and the first 5 results' fragments of the query (filter files only once the filter panel is opened).
 * Every response is counted on the server.
 *
 * - cold: a fresh browser context (empty cache) opens `/search/?q=TERM` and waits until the results are
 *   shown and the network is quiet: everything the first query costs, page included.
 * - session: one page, every query typed in turn: what each later query adds, and the session total.
 *
 * Without Chromium it falls back to the bundle's pagefind.js driven from Node (scripts/site/search.ts): the
 * index bytes only (no UI script, no filters, no page), and says so.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, CHROMIUM_ARGS } from '../site/browser.ts';
import { searchBuiltSite } from '../site/search.ts';
import { bundleFileKind } from './dist-stats.ts';


export interface QuerySpec {
  term: string;
  /** `zh` or `en`: which kind of query this is. */
  lang: 'zh' | 'en';
}

/** Typical queries: terms a reader of this archive types, in both languages. */
export const DEFAULT_QUERIES: QuerySpec[] = [
  { term: '世界模型', lang: 'zh' },
  { term: '持续学习', lang: 'zh' },
  { term: 'reinforcement learning', lang: 'en' },
  { term: 'speculative decoding', lang: 'en' },
];

export interface Transfer {
  path: string;
  kind: string;
  /** Bytes of the file. */
  raw: number;
  /** Bytes sent (gzip where the server compresses). */
  wire: number;
}

export interface QueryCost {
  term: string;
  lang: 'zh' | 'en';
  /** Results Pagefind reported. */
  results: number;
  transfers: Transfer[];
  /** Wire bytes of everything. */
  wire: number;
  /** Wire bytes under the Pagefind bundle folders. */
  bundleWire: number;
  /**
   * Wire bytes of the search itself: pagefind.js and its worker, the wasm, entry and metadata, filters,
   * index chunks and fragments; not the page, its stylesheets or the page's search script.
   */
  searchWire: number;
  /** Wire bytes by kind (html, css, ui, wasm, meta, filter, index, fragment, …). */
  byKind: Record<string, number>;
}

export interface SearchCost {
  method: 'chromium' | 'node';
  note?: string;
  cold: QueryCost[];
  /** Each query typed into the same page after the previous one (the first includes the page load). */
  session: QueryCost[];
  sessionWire: number;
}

const TEXT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
};

interface CountingServer {
  origin: string;
  server: Server;
  take(): Transfer[];
  /** Resolves when no request has been in flight for `quietMs`. */
  quiet(quietMs: number, timeoutMs: number): Promise<void>;
}

function kindOf(rel: string): string {
  const top = rel.split('/')[0]!;
  if (top === 'pagefind' || top.startsWith('pagefind-')) return bundleFileKind(rel.slice(top.length + 1));
  const ext = path.extname(rel);
  return ext === '.html' || rel.endsWith('/') || rel === '' ? 'html' : ext.slice(1) || 'other';
}

async function serveCounting(root: string, base: string): Promise<CountingServer> {
  let transfers: Transfer[] = [];
  let inFlight = 0;
  let lastActivity = performance.now();
  const gzipCache = new Map<string, Buffer>();
  const server = createServer(async (req, res) => {
    inFlight++;
    lastActivity = performance.now();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
      if (!rel.startsWith(base)) throw new Error('outside base');
      rel = rel.slice(base.length);
      let file = path.join(root, rel);
      if (!file.startsWith(root)) throw new Error('outside root');
      if (rel === '' || rel.endsWith('/')) file = path.join(file, 'index.html');
      const body = await readFile(file);
      const type = TEXT_TYPES[path.extname(file)];
      const gzip = type !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      let sent: Buffer = body;
      if (gzip) {
        sent = gzipCache.get(file) ?? gzipSync(body);
        gzipCache.set(file, sent);
      }
      res.writeHead(200, {
        'content-type': type ?? (file.endsWith('.pagefind') ? 'application/wasm' : 'application/octet-stream'),
        'content-length': sent.byteLength,
        'cache-control': 'max-age=600',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      res.end(sent);
      transfers.push({ path: rel, kind: kindOf(rel), raw: body.byteLength, wire: sent.byteLength });
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } finally {
      inFlight--;
      lastActivity = performance.now();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('bench: no port for the search server');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    server,
    take() {
      const out = transfers;
      transfers = [];
      return out;
    },
    async quiet(quietMs, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        if (inFlight === 0 && performance.now() - lastActivity >= quietMs) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** What a query needs whatever UI shows it. */
export const SEARCH_KINDS = new Set(['engine', 'wasm', 'meta', 'filter', 'index', 'fragment']);

function cost(spec: QuerySpec, results: number, transfers: Transfer[]): QueryCost {
  const byKind: Record<string, number> = {};
  for (const t of transfers) byKind[t.kind] = (byKind[t.kind] ?? 0) + t.wire;
  const inBundle = (t: Transfer): boolean => /^pagefind(-[^/]+)?\//.test(t.path);
  return {
    term: spec.term,
    lang: spec.lang,
    results,
    transfers,
    wire: transfers.reduce((s, t) => s + t.wire, 0),
    bundleWire: transfers.filter(inBundle).reduce((s, t) => s + t.wire, 0),
    searchWire: transfers.filter((t) => SEARCH_KINDS.has(t.kind)).reduce((s, t) => s + t.wire, 0),
    byKind,
  };
}

/**
 * Waits until the search page (src/scripts/search.ts) has shown its first results for `term` (it marks
 * `#search` with `data-state="done"`, `data-term` and `data-count`) and the network is quiet; returns the count.
 */
async function settle(page: import('playwright-core').Page, counting: CountingServer, term: string, timeoutMs: number): Promise<number> {
  const count = await page.waitForFunction(
    (t) => {
      const root = document.getElementById('search');
      return root?.dataset.state === 'done' && root.dataset.term === t ? root.dataset.count : undefined;
    },
    term,
    { timeout: timeoutMs },
  );
  const results = Number(await count.jsonValue());
  await counting.quiet(500, timeoutMs);
  return results;
}

async function withChromium(distDir: string, base: string, queries: QuerySpec[]): Promise<SearchCost> {
  const { chromium } = await import('playwright-core');
  const counting = await serveCounting(path.resolve(distDir), base);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const timeout = 60_000;
  const searchUrl = (term?: string): string => `${counting.origin}${base}search/${term ? `?q=${encodeURIComponent(term)}` : ''}`;
  try {
    const cold: QueryCost[] = [];
    for (const spec of queries) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        counting.take();
        await page.goto(searchUrl(spec.term));
        const results = await settle(page, counting, spec.term, timeout);
        cold.push(cost(spec, results, counting.take()));
      } finally {
        await context.close();
      }
    }
    const session: QueryCost[] = [];
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      counting.take();
      await page.goto(searchUrl());
      await counting.quiet(500, timeout);
      const pageLoad = counting.take();
      for (const [i, spec] of queries.entries()) {
        await page.fill('#search-input', spec.term);
        const results = await settle(page, counting, spec.term, timeout);
        session.push(cost(spec, results, [...(i === 0 ? pageLoad : []), ...counting.take()]));
      }
    } finally {
      await context.close();
    }
    return { method: 'chromium', cold, session, sessionWire: session.reduce((s, q) => s + q.wire, 0) };
  } finally {
    await browser.close();
    await new Promise<void>((r) => counting.server.close(() => r()));
  }
}

async function withNode(distDir: string, base: string, queries: QuerySpec[]): Promise<SearchCost> {
  const cold: QueryCost[] = [];
  for (const spec of queries) {
    const outcome = await searchBuiltSite(distDir, spec.term, { baseUrl: base, limit: 5 });
    // pagefind.js itself is imported, not fetched: count it as the browser would download it.
    const js = await readFile(path.join(distDir, 'pagefind', 'pagefind.js'));
    const transfers: Transfer[] = [
      { path: 'pagefind/pagefind.js', kind: 'engine', raw: js.byteLength, wire: gzipSync(js).byteLength },
      ...outcome.fetched.map((f) => {
        const rel = f.path.split(path.sep).join('/');
        return { path: rel, kind: kindOf(rel), raw: f.bytes, wire: f.bytes };
      }),
    ];
    // The search page loads the filter files only when the reader opens the filter panel: not counted.
    cold.push(cost(spec, outcome.total, transfers));
  }
  return {
    method: 'node',
    note: `${CHROMIUM} or playwright-core missing: pagefind.js driven from Node: pagefind.js, wasm, metadata, index chunks and 5 results' fragments (no worker, page or page script)`,
    cold,
    session: [],
    sessionWire: 0,
  };
}

/** Measures the queries against a built site (`base` is the site's base path, e.g. `/`). */
export async function measureSearchCost(distDir: string, base: string, queries: QuerySpec[] = DEFAULT_QUERIES, options: { browser?: boolean } = {}): Promise<SearchCost> {
  if (options.browser === false) {
    const node = await withNode(distDir, base, queries);
    return { ...node, note: node.note!.replace(/^.*?: /, 'no browser (--no-browser): ') };
  }
  let playwright = true;
  try {
    await import('playwright-core');
  } catch {
    playwright = false;
  }
  if (playwright && existsSync(CHROMIUM)) {
    try {
      return await withChromium(distDir, base, queries);
    } catch (error) {
      // A browser that cannot start (sandbox, missing libraries) should not cost the whole run its figures.
      const fallback = await withNode(distDir, base, queries);
      return { ...fallback, note: `Chromium failed (${(error as Error).message.split('\n')[0]}); ${fallback.note}` };
    }
  }
  return withNode(distDir, base, queries);
}
