/**
 * Writes the files the build emitted as data (src/pages/papers/files/: paper permalinks, per-paper and
 * per-day BibTeX), after `astro build`. At ten years these are ~95,000 small files: rendering each as an
 * Astro route costs a route render and a log line apiece, writing them from one JSON file per month costs
 * a write each. The data folder is removed afterwards, so it is never published.
 *
 * Each path is checked before it is written: relative, `/`-separated, no `..`, and inside the output
 * folder, so no content (an arXiv id, a date) can write anywhere else.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { EMITTED_FILES_DIR, type EmittedFiles } from '../lib/citation.ts';

const SAFE_PATH = /^(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The absolute path of an emitted file, or an error naming the data file and the path. */
export function emittedPath(siteDir: string, relative: string, source: string): string {
  const target = path.resolve(siteDir, ...relative.split('/'));
  if (!SAFE_PATH.test(relative) || relative.split('/').some((s) => s === '.' || s === '..') || !target.startsWith(path.resolve(siteDir) + path.sep)) {
    throw new Error(`${source}: files[].path: expected a relative path inside the site (letters, digits, . _ - and /), got ${JSON.stringify(relative)}`);
  }
  return target;
}

/** Writes every emitted file under `siteDir` and removes the data folder. Returns how many were written. */
export async function writeEmittedFiles(siteDir: string): Promise<{ files: number; seconds: number }> {
  const started = performance.now();
  const dataDir = path.join(siteDir, ...EMITTED_FILES_DIR.split('/'));
  const names = await readdir(dataDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  let count = 0;
  const made = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const source = path.join(dataDir, name);
    const data = JSON.parse(await readFile(source, 'utf8')) as EmittedFiles;
    if (data.version !== 1 || !Array.isArray(data.files)) throw new Error(`${source}: expected { version: 1, files: [...] }`);
    for (const file of data.files) {
      const target = emittedPath(siteDir, file.path, source);
      const dir = path.dirname(target);
      if (!made.has(dir)) {
        await mkdir(dir, { recursive: true });
        made.add(dir);
      }
      await writeFile(target, file.content);
      count++;
    }
  }
  await rm(dataDir, { recursive: true, force: true });
  return { files: count, seconds: (performance.now() - started) / 1000 };
}

/** The Astro integration: runs `writeEmittedFiles` in `astro:build:done`. */
export default function papers(): AstroIntegration {
  return {
    name: 'paper-briefing:papers',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const result = await writeEmittedFiles(fileURLToPath(dir));
        logger.info(`wrote ${result.files} permalink and BibTeX files in ${result.seconds.toFixed(1)} s`);
      },
    },
  };
}
