/**
 * The repository's own source files under a folder (.ts, .astro, .mdx), as paths relative to the root: for
 * the guard tests that read the code itself (no inline language ternaries, no import across a seam).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.(ts|astro|mdx)$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}
