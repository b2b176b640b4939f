/**
 * Builds the Pagefind search index after `astro build`, through Pagefind's Node API.
 *
 * - What is indexed is not the rendered pages but one search document per day (src/lib/searchDocs.ts),
 *   which the build leaves in `search/documents/` (src/pages/search/documents/): each paper a section
 *   anchored by its arXiv id, carrying its categories' names and descriptions in both languages and the
 *   interests it matched, so every paper comes back as its own sub-result that lands on it. The folder is
 *   removed once indexed; category pages, the home page and feeds repeat the same text and are not indexed.
 * - One bundle per content language (each briefing's `language`, see src/lib/searchBundles.ts), so the
 *   search page can merge them and a Chinese and an English query both work, while Chinese is segmented
 *   only in Chinese briefings, whatever the interface language.
 * - Every step's `errors` are checked and fail the build loudly. An empty archive still gets a valid,
 *   empty primary bundle.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindIndex, type PagefindServiceConfig } from 'pagefind';
import { config } from '../config.ts';
import { searchBundles, type SearchBundle } from '../lib/searchBundles.ts';
import { SEARCH_DOCUMENTS_DIR, type SearchDocument, type SearchDocumentFile } from '../lib/searchDocs.ts';

export interface SearchIndexOptions {
  /** The built site (Astro's outDir). */
  siteDir: string;
  /** The site language (decides the primary bundle). */
  siteLanguage?: string;
  /** Passed to Pagefind's `createIndex`. */
  pagefind?: PagefindServiceConfig;
  /** Leave the search documents in place (the benchmark re-indexes them). */
  keepDocuments?: boolean;
  log?: (message: string) => void;
}

export interface SearchIndexResult {
  pages: number;
  /** Paper sections indexed. */
  papers: number;
  bundles: (SearchBundle & { pages: number })[];
  seconds: number;
}

/**
 * Word locations per index chunk (Pagefind's default is 20,000). A query downloads every chunk its words
 * fall in, whole: at 5,000 a chunk is a quarter the size, so the 10-year archive's queries download less
 * index (reinforcement learning 167 → 92 KB, 世界模型 185 → 131 KB; scripts/bench/search-variants.ts) for
 * 8 KB more metadata. Pagefind 1.6 reads it from the environment of its service process
 * (`PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`, not yet a documented option; the benchmark notices if a later
 * version drops it). A value already in the environment wins.
 */
export const INDEX_CHUNK_SIZE = 5000;
const CHUNK_SIZE_VARIABLE = 'PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE';

function fail(step: string, errors: string[]): never {
  throw new Error(`Pagefind ${step} failed:\n- ${errors.join('\n- ')}`);
}

/** The files of search documents the build wrote, oldest month first. */
async function documentFiles(siteDir: string): Promise<{ dir: string; files: string[] }> {
  const dir = path.join(siteDir, ...SEARCH_DOCUMENTS_DIR.split('/'));
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return { dir, files: names.filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n)) };
}

/** The documents of one file, checked. */
async function readDocuments(file: string): Promise<SearchDocument[]> {
  const data = JSON.parse(await readFile(file, 'utf8')) as SearchDocumentFile;
  if (data.version !== 1 || !Array.isArray(data.documents)) throw new Error(`Pagefind: ${file}: expected { version: 1, documents: [...] }`);
  for (const d of data.documents) {
    if (!d.language) throw new Error(`Pagefind: ${file}: the document of ${d.url} has no language; cannot tell which search index it belongs to`);
  }
  return data.documents;
}

/**
 * Indexes the day documents of a built site and writes one Pagefind bundle per language. Throws on any
 * error. Documents are read a month at a time (twice: to count the languages, then to index), so the
 * build's heap never holds ten years of them at once.
 */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<SearchIndexResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { dir, files } = await documentFiles(options.siteDir);
  const counts = new Map<string, number>();
  for (const file of files) for (const d of await readDocuments(file)) counts.set(d.language, (counts.get(d.language) ?? 0) + 1);
  const bundles = searchBundles(counts, options.siteLanguage ?? config.site.language);
  const pages = [...counts.values()].reduce((a, b) => a + b, 0);

  // Bundles of an earlier build in the same folder must not survive.
  for (const entry of await readdir(options.siteDir)) {
    if (entry === 'pagefind' || entry.startsWith('pagefind-')) await rm(path.join(options.siteDir, entry), { recursive: true, force: true });
  }
  if (pages === 0) log('no briefings to index yet: writing an empty search bundle');

  const written: SearchIndexResult['bundles'] = [];
  let papers = 0;
  const chunkSize = process.env[CHUNK_SIZE_VARIABLE];
  // The service process inherits the environment when it starts (at the first createIndex).
  process.env[CHUNK_SIZE_VARIABLE] ??= String(INDEX_CHUNK_SIZE);
  try {
    // One index per bundle, all open while the documents stream through.
    const indexes = new Map<string, PagefindIndex>();
    for (const bundle of bundles) {
      // Pagefind would take the language from <html lang>: index the bundle as its content's, explicitly.
      const created = await createIndex({ ...options.pagefind, forceLanguage: bundle.language });
      if (created.errors.length || !created.index) fail('createIndex', created.errors.length ? created.errors : ['no index returned']);
      indexes.set(bundle.language, created.index);
    }
    for (const file of files) {
      for (const doc of await readDocuments(file)) {
        const added = await indexes.get(doc.language)!.addHTMLFile({ url: doc.url, content: doc.html });
        if (added.errors.length) fail(`indexing ${doc.url}`, added.errors);
        papers += doc.html.split('<section id=').length - 1;
      }
    }
    for (const bundle of bundles) {
      const index = indexes.get(bundle.language)!;
      const outputPath = path.join(options.siteDir, bundle.dir);
      const result = await index.writeFiles({ outputPath });
      if (result.errors.length) fail(`writing ${outputPath}`, result.errors);
      await removeUnusedUi(outputPath);
      await index.deleteIndex();
      written.push({ ...bundle, pages: counts.get(bundle.language) ?? 0 });
    }
  } finally {
    await close();
    if (chunkSize === undefined) delete process.env[CHUNK_SIZE_VARIABLE];
  }
  if (!options.keepDocuments) await rm(dir, { recursive: true, force: true });
  return { pages, papers, bundles: written, seconds: (performance.now() - started) / 1000 };
}

/**
 * Pagefind writes its ready-made UIs into every bundle; /search/ uses its own script over `pagefind.js`
 * (src/scripts/search.ts), so they would only be dead weight in every deploy (~370 KB per bundle).
 */
const UNUSED_UI = /^pagefind-(?:ui|modular-ui|component-ui|highlight)\.(?:js|css)$/;

async function removeUnusedUi(bundleDir: string): Promise<void> {
  for (const entry of await readdir(bundleDir)) {
    if (UNUSED_UI.test(entry)) await rm(path.join(bundleDir, entry), { force: true });
  }
}

/** The Astro integration: runs `buildSearchIndex` in `astro:build:done`. */
export default function pagefind(): AstroIntegration {
  return {
    name: 'paper-briefing:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        // SEARCH_KEEP_DOCUMENTS=1 leaves the documents for `npm run bench -- --index-alone` to index again.
        const keepDocuments = process.env.SEARCH_KEEP_DOCUMENTS === '1';
        const result = await buildSearchIndex({ siteDir: fileURLToPath(dir), keepDocuments, log: (m) => logger.info(m) });
        const summary = result.bundles.map((b) => `${b.dir}/ (${b.language}, ${b.pages})`).join(', ');
        logger.info(`indexed ${result.pages} day pages (${result.papers} papers) in ${result.seconds.toFixed(1)} s → ${summary}`);
      },
    },
  };
}
