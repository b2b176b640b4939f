/**
 * The content loader of the briefing archive: one `YYYY-MM-DD.mdx` per day.
 *
 * Frontmatter is validated with the collection schema (errors name the file, the field and the value);
 * the body is rendered to HTML once, here, through Astro's configured Markdown processor, with the three
 * body components kept as markers (see src/lib/briefingBody.ts). Nothing per day goes through the
 * bundler, which keeps a ten-year archive buildable in a few GB. Unchanged files are skipped by digest
 * when the store persists (dev, and builds: Astro keeps the store in its cache folder); the dev server
 * reloads a file when it changes. The digest covers what validation depends on besides the file: the
 * schema's shape and the taxonomy (from briefing.config.ts, which Astro's own config digests do not see),
 * so renaming a category slug validates every file again and fails the build on the files that use it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { z } from 'zod';
import { bodyToMarkdown } from '../lib/briefingBody.ts';
import { splitFrontmatter } from '../schema/frontmatter.ts';

const BRIEFING_FILE = /^(.+)\.mdx$/;

export interface BriefingsLoaderOptions {
  base: string;
  /** The collection's schema: its shape is part of every entry's digest. */
  schema?: z.ZodType;
  /** The category taxonomy the schema checks slugs against (a refinement, invisible in the shape). */
  taxonomy?: readonly unknown[];
}

/** What a stored entry's validation depends on besides its file, as a string for the digest. */
export function validationFingerprint(options: Pick<BriefingsLoaderOptions, 'schema' | 'taxonomy'>): string {
  let shape = '';
  if (options.schema) {
    try {
      shape = JSON.stringify(z.toJSONSchema(options.schema, { unrepresentable: 'any', io: 'input' }));
    } catch (error) {
      // A schema the converter cannot describe: the error text still changes with it, and nothing is cached wrongly.
      shape = `unconvertible: ${(error as Error).message}`;
    }
  }
  return JSON.stringify({ shape, taxonomy: options.taxonomy ?? null });
}

export function briefingsLoader(options: BriefingsLoaderOptions): Loader {
  const base = path.resolve(options.base);
  const fingerprint = validationFingerprint(options);

  async function loadFile(context: LoaderContext, name: string): Promise<string | undefined> {
    const id = BRIEFING_FILE.exec(name)?.[1];
    if (!id) return undefined;
    const file = path.join(base, name);
    const filePath = path.relative(process.cwd(), file) || file;
    const text = await readFile(file, 'utf8');
    const digest = context.generateDigest(`${fingerprint}\n${text}`);
    const existing = context.store.get(id);
    if (existing?.digest === digest && existing.rendered) return id;

    const { data: raw, body } = splitFrontmatter(text, filePath);
    const data = await context.parseData({ id, data: raw, filePath: file });
    const rendered = await context.renderMarkdown(bodyToMarkdown(body), { fileURL: pathToFileURL(file) });
    context.store.set({ id, data, filePath, digest, rendered });
    return id;
  }

  return {
    name: 'paper-briefing:briefings',
    load: async (context) => {
      const names = await readdir(base).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      const seen = new Set<string>();
      for (const name of names.sort()) {
        const id = await loadFile(context, name);
        if (id) seen.add(id);
      }
      for (const id of context.store.keys()) if (!seen.has(id)) context.store.delete(id);

      const { watcher } = context;
      if (!watcher) return;
      watcher.add(base);
      const onChange = async (file: string): Promise<void> => {
        if (path.dirname(path.resolve(file)) !== base || !BRIEFING_FILE.test(path.basename(file))) return;
        try {
          await loadFile(context, path.basename(file));
          context.logger.info(`reloaded ${path.basename(file)}`);
        } catch (error) {
          context.logger.error((error as Error).message);
        }
      };
      watcher.on('change', onChange);
      watcher.on('add', onChange);
      watcher.on('unlink', (file) => {
        const id = BRIEFING_FILE.exec(path.basename(file))?.[1];
        if (id && path.dirname(path.resolve(file)) === base) context.store.delete(id);
      });
    },
  };
}
