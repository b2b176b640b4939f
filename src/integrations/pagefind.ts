/**
 * Builds the Pagefind search index after `astro build`, through Pagefind's Node API.
 *
 * - Only day pages are indexed (`briefings/<date>/index.html`), and on those only the
 *   `<article data-pagefind-body>`: category pages, the home page and feeds repeat the same text and would
 *   multiply the index (and what a query downloads) for no new results.
 * - One bundle per content language (the `lang` of each day's article, see src/lib/searchBundles.ts), so
 *   the search page can merge them and a Chinese and an English query both work, while Chinese is
 *   segmented only in Chinese briefings, whatever the interface language.
 * - Every step's `errors` are checked and fail the build loudly. An empty archive still gets a valid,
 *   empty primary bundle.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { close, createIndex, type PagefindServiceConfig } from 'pagefind';
import { config } from '../config.ts';
import { searchBundles, type SearchBundle } from '../lib/searchBundles.ts';

export interface SearchIndexOptions {
  /** The built site (Astro's outDir). */
  siteDir: string;
  /** The site language (decides the primary bundle). */
  siteLanguage?: string;
  /** Passed to Pagefind's `createIndex`. */
  pagefind?: PagefindServiceConfig;
  log?: (message: string) => void;
}

export interface SearchIndexResult {
  pages: number;
  bundles: (SearchBundle & { pages: number })[];
  seconds: number;
}

interface DayPage {
  file: string;
  url: string;
  language: string;
}

function fail(step: string, errors: string[]): never {
  throw new Error(`Pagefind ${step} failed:\n- ${errors.join('\n- ')}`);
}

const DAY_DIR = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The built day pages and the language of their content: the `lang` of the `data-pagefind-body` element
 * (the briefing's language; `<html lang>` is the interface language and may differ), else `<html lang>`.
 */
async function findDayPages(siteDir: string): Promise<DayPage[]> {
  const briefingsDir = path.join(siteDir, 'briefings');
  const days = await readdir(briefingsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const pages: DayPage[] = [];
  for (const day of days.filter((d) => DAY_DIR.test(d)).sort()) {
    const file = path.join(briefingsDir, day, 'index.html');
    const html = await readFile(file, 'utf8');
    const body = /<[a-z]+\s[^>]*data-pagefind-body[^>]*>/.exec(html)?.[0] ?? '';
    const language = /\slang="([^"]+)"/.exec(body)?.[1] ?? /<html[^>]*\slang="([^"]+)"/.exec(html.slice(0, 400))?.[1];
    if (!language) throw new Error(`Pagefind: ${file} has no lang on its data-pagefind-body element or <html>; cannot tell which search index it belongs to`);
    // Relative to the site root: Pagefind's client prefixes the base path it derives from the bundle's URL.
    pages.push({ file, url: `/briefings/${day}/`, language: language.toLowerCase() });
  }
  return pages;
}

/** Indexes the day pages of a built site and writes one Pagefind bundle per language. Throws on any error. */
export async function buildSearchIndex(options: SearchIndexOptions): Promise<SearchIndexResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const pages = await findDayPages(options.siteDir);
  const counts = new Map<string, number>();
  for (const p of pages) counts.set(p.language, (counts.get(p.language) ?? 0) + 1);
  const bundles = searchBundles(counts, options.siteLanguage ?? config.site.language);

  // Bundles of an earlier build in the same folder must not survive.
  for (const entry of await readdir(options.siteDir)) {
    if (entry === 'pagefind' || entry.startsWith('pagefind-')) await rm(path.join(options.siteDir, entry), { recursive: true, force: true });
  }
  if (pages.length === 0) log('no briefings to index yet: writing an empty search bundle');

  const written: SearchIndexResult['bundles'] = [];
  try {
    for (const bundle of bundles) {
      // Pagefind would take the language from <html lang> (the interface's): index the bundle as its content's.
      const created = await createIndex({ ...options.pagefind, forceLanguage: bundle.language });
      if (created.errors.length || !created.index) fail('createIndex', created.errors.length ? created.errors : ['no index returned']);
      const { index } = created;
      const mine = pages.filter((p) => p.language === bundle.language);
      for (const page of mine) {
        const added = await index.addHTMLFile({ url: page.url, content: await readFile(page.file, 'utf8') });
        if (added.errors.length) fail(`indexing ${page.file}`, added.errors);
      }
      const outputPath = path.join(options.siteDir, bundle.dir);
      const result = await index.writeFiles({ outputPath });
      if (result.errors.length) fail(`writing ${outputPath}`, result.errors);
      await removeUnusedUi(outputPath);
      await index.deleteIndex();
      written.push({ ...bundle, pages: mine.length });
    }
  } finally {
    await close();
  }
  return { pages: pages.length, bundles: written, seconds: (performance.now() - started) / 1000 };
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
        const result = await buildSearchIndex({ siteDir: fileURLToPath(dir), log: (m) => logger.info(m) });
        const summary = result.bundles.map((b) => `${b.dir}/ (${b.language}, ${b.pages})`).join(', ');
        logger.info(`indexed ${result.pages} day pages in ${result.seconds.toFixed(1)} s → ${summary}`);
      },
    },
  };
}
