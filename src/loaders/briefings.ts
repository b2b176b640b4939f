/**
 * The content loader of the briefing archive: one `YYYY-MM-DD.mdx` per day.
 *
 * Frontmatter is validated with the collection schema (errors name the file, the field and the value);
 * the body is rendered to HTML once, here, through Astro's configured Markdown processor, with the three
 * body components kept as markers (see src/lib/briefingBody.ts). Nothing per day goes through the
 * bundler, which keeps a ten-year archive buildable in a few GB. Unchanged files are skipped by digest
 * when the store persists (dev, incremental builds); the dev server reloads a file when it changes.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { bodyToMarkdown } from '../lib/briefingBody.ts';
import { splitFrontmatter } from '../schema/frontmatter.ts';

const BRIEFING_FILE = /^(.+)\.mdx$/;

export function briefingsLoader(options: { base: string }): Loader {
  const base = path.resolve(options.base);

  async function loadFile(context: LoaderContext, name: string): Promise<string | undefined> {
    const id = BRIEFING_FILE.exec(name)?.[1];
    if (!id) return undefined;
    const file = path.join(base, name);
    const filePath = path.relative(process.cwd(), file) || file;
    const text = await readFile(file, 'utf8');
    const digest = context.generateDigest(text);
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
