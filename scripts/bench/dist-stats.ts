/**
 * What a built site weighs: day pages raw and gzipped (what GitHub Pages sends), the largest other pages,
 * every feed (RSS, JSON Feed, OPML: each must stay under 1 MB), the paper permalink pages and BibTeX
 * files, and each Pagefind bundle by kind of file (index chunks, fragments, filters, metadata, wasm, UI).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeStats {
  count: number;
  total: number;
  median: number;
  p95: number;
  max: number;
  /** The file holding the max, relative to dist. */
  maxFile?: string;
}

export interface BundleStats {
  dir: string;
  total: number;
  files: number;
  /** Bytes of the search index proper (everything but the scripts and styles). */
  indexTotal: number;
  byKind: Record<string, SizeStats>;
}

export interface DistStats {
  files: number;
  totalBytes: number;
  htmlPages: number;
  dayRaw: SizeStats;
  dayGzip: SizeStats;
  /** The five largest HTML pages that are not day pages, raw and gzip. */
  largestOther: { file: string; raw: number; gzip: number }[];
  bundles: BundleStats[];
  /** All bundles' index bytes together. */
  indexBytes: number;
  /** Every feed (`*.xml` but the sitemaps, `feed.json`, `*.opml`), largest first. */
  feeds: { file: string; bytes: number }[];
  /** Paper permalink pages (`papers/<id>/index.html`). */
  permalinks: SizeStats;
  /** BibTeX files (per day and per paper). */
  bib: SizeStats;
}

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else out.push(full);
  }
  return out;
}

export function sizeStats(values: { file: string; bytes: number }[]): SizeStats {
  if (!values.length) return { count: 0, total: 0, median: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a.bytes - b.bytes);
  const q = (f: number): number => sorted[Math.min(sorted.length - 1, Math.floor(f * (sorted.length - 1) + 0.5))]!.bytes;
  const top = sorted[sorted.length - 1]!;
  return { count: sorted.length, total: sorted.reduce((s, v) => s + v.bytes, 0), median: q(0.5), p95: q(0.95), max: top.bytes, maxFile: top.file };
}

/** The kind of a Pagefind bundle file, by its name. */
export function bundleFileKind(rel: string): string {
  if (rel.startsWith('index/')) return 'index';
  if (rel.startsWith('fragment/')) return 'fragment';
  if (rel.startsWith('filter/')) return 'filter';
  if (rel.endsWith('.pf_meta') || rel === 'pagefind-entry.json') return 'meta';
  if (rel.startsWith('wasm.')) return 'wasm';
  // The search engine a query cannot do without, and the UI widget the search page chose.
  if (rel === 'pagefind.js' || rel === 'pagefind-worker.js') return 'engine';
  if (rel.endsWith('.js') || rel.endsWith('.css')) return 'ui';
  return 'other';
}

const DAY_PAGE = /^briefings\/\d{4}-\d{2}-\d{2}\/index\.html$/;
const PERMALINK = /^papers\/[^/]+\/index\.html$/;
const FEED = /^(?!sitemap)[^/]*\.(?:xml|opml)$|^categories\/[^/]+\/rss\.xml$|^feed\.json$/;

export async function distStats(distDir: string): Promise<DistStats> {
  const files = await walk(distDir);
  let totalBytes = 0;
  const day: { file: string; bytes: number }[] = [];
  const dayGz: { file: string; bytes: number }[] = [];
  const others: { file: string; raw: number }[] = [];
  const feeds: { file: string; bytes: number }[] = [];
  const permalinks: { file: string; bytes: number }[] = [];
  const bib: { file: string; bytes: number }[] = [];
  const bundleFiles = new Map<string, { rel: string; bytes: number }[]>();
  for (const file of files) {
    const rel = path.relative(distDir, file).split(path.sep).join('/');
    const bytes = (await stat(file)).size;
    totalBytes += bytes;
    const top = rel.split('/')[0]!;
    if (top === 'pagefind' || top.startsWith('pagefind-')) {
      let list = bundleFiles.get(top);
      if (!list) bundleFiles.set(top, (list = []));
      list.push({ rel: rel.slice(top.length + 1), bytes });
    } else if (DAY_PAGE.test(rel)) {
      day.push({ file: rel, bytes });
      dayGz.push({ file: rel, bytes: gzipSync(await readFile(file)).byteLength });
    } else if (PERMALINK.test(rel)) permalinks.push({ file: rel, bytes });
    else if (rel.endsWith('.html')) others.push({ file: rel, raw: bytes });
    else if (rel.endsWith('.bib')) bib.push({ file: rel, bytes });
    else if (FEED.test(rel)) feeds.push({ file: rel, bytes });
  }
  others.sort((a, b) => b.raw - a.raw);
  const largestOther = await Promise.all(
    others.slice(0, 5).map(async (o) => ({ ...o, gzip: gzipSync(await readFile(path.join(distDir, o.file))).byteLength })),
  );
  const bundles: BundleStats[] = [...bundleFiles].sort(([a], [b]) => (a < b ? -1 : 1)).map(([dir, list]) => {
    const kinds = new Map<string, { file: string; bytes: number }[]>();
    for (const f of list) {
      const kind = bundleFileKind(f.rel);
      let k = kinds.get(kind);
      if (!k) kinds.set(kind, (k = []));
      k.push({ file: `${dir}/${f.rel}`, bytes: f.bytes });
    }
    const byKind = Object.fromEntries([...kinds].map(([k, v]) => [k, sizeStats(v)]));
    const total = list.reduce((s, f) => s + f.bytes, 0);
    return { dir, total, files: list.length, indexTotal: total - (byKind.ui?.total ?? 0) - (byKind.engine?.total ?? 0), byKind };
  });
  const htmlPages = day.length + others.length + permalinks.length;
  return {
    files: files.length,
    totalBytes,
    htmlPages,
    dayRaw: sizeStats(day),
    dayGzip: sizeStats(dayGz),
    largestOther,
    bundles,
    indexBytes: bundles.reduce((s, b) => s + b.indexTotal, 0),
    feeds: feeds.sort((a, b) => b.bytes - a.bytes || (a.file < b.file ? -1 : 1)),
    permalinks: sizeStats(permalinks),
    bib: sizeStats(bib),
  };
}
