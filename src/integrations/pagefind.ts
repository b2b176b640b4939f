/**
 * Builds the Pagefind search index after `astro build`, through Pagefind's Node API.
 *
 * Only the day pages are indexed (`briefings/<date>/index.html`), and on those only the
 * `<article data-pagefind-body>`: category pages, the home page and feeds repeat the same text and would
 * multiply the index (and what a query downloads) for no new results. Every step's `errors` are checked
 * and fail the build loudly. An empty archive still gets a valid, empty bundle so /search/ works.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindServiceConfig } from 'pagefind';

/** The HTML files that are indexed, relative to the output folder. */
export const INDEXED_PAGES_GLOB = 'briefings/*/index.html';

export interface SearchIndexOptions {
  /** The built site (Astro's outDir). */
  siteDir: string;
  /** Where the bundle goes; default `<siteDir>/pagefind`. */
  outputPath?: string;
  /** Which files to index, relative to siteDir. */
  glob?: string;
  /** Passed to Pagefind's `createIndex`. */
  pagefind?: PagefindServiceConfig;
  log?: (message: string) => void;
}

export interface SearchIndexResult {
  pages: number;
  outputPath: string;
  seconds: number;
}

function fail(step: string, errors: string[]): never {
  throw new Error(`Pagefind ${step} failed:\n- ${errors.join('\n- ')}`);
}

/** Indexes the day pages of a built site and writes the Pagefind bundle. Throws on any Pagefind error. */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<SearchIndexResult> {
  const started = performance.now();
  const outputPath = options.outputPath ?? path.join(options.siteDir, 'pagefind');
  const log = options.log ?? (() => {});
  try {
    const created = await createIndex({ ...options.pagefind });
    if (created.errors.length || !created.index) fail('createIndex', created.errors.length ? created.errors : ['no index returned']);
    const { index } = created;

    const added = await index.addDirectory({ path: options.siteDir, glob: options.glob ?? INDEXED_PAGES_GLOB });
    if (added.errors.length) fail(`indexing ${options.siteDir}`, added.errors);
    if (added.page_count === 0) log('no briefings to index yet: writing an empty search bundle');

    // A stale bundle from an earlier build in the same folder must not survive.
    await rm(outputPath, { recursive: true, force: true });
    await mkdir(outputPath, { recursive: true });
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) fail(`writing ${outputPath}`, written.errors);
    return { pages: added.page_count, outputPath, seconds: (performance.now() - started) / 1000 };
  } finally {
    await close();
  }
}

/** The Astro integration: runs `buildSearchIndex` in `astro:build:done`. */
export default function pagefind(): AstroIntegration {
  return {
    name: 'paper-briefing:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const result = await buildSearchIndex({ siteDir: fileURLToPath(dir), log: (m) => logger.info(m) });
        logger.info(`indexed ${result.pages} day pages in ${result.seconds.toFixed(1)} s → ${path.relative(process.cwd(), result.outputPath) || result.outputPath}`);
      },
    },
  };
}
