/**
 * A taxonomy change cannot pass the build on a cached content store (issue 13 defect 8). Astro keeps the
 * content layer's store between builds (`node_modules/.astro/` by default), and the briefings loader skips
 * a file whose digest is unchanged, validation included. Two real `astro build`s of one project copy share
 * one cache folder; between them a category slug is renamed in briefing.config.ts, as a user would. The
 * second build must fail and name the file, the field and the value, instead of building pages that link to
 * category pages that no longer exist.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, projectRoot } from '../scripts/site/build.ts';
import { makeTestArchive, type TestArchive } from './helpers/siteArchive.ts';

const OLD = 'llm-agent';
const NEW = 'agents';

let project: string;
let cache: string;
let out: string;
let archive: TestArchive;

beforeAll(async () => {
  project = path.join(projectRoot, '.cache', 'projects', `taxonomy-${randomBytes(4).toString('hex')}`);
  await mkdir(path.join(project, 'content'), { recursive: true });
  for (const file of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'briefing.config.ts']) await cp(path.join(projectRoot, file), path.join(project, file));
  for (const dir of ['src', 'lib']) await cp(path.join(projectRoot, dir), path.join(project, dir), { recursive: true });
  await cp(path.join(projectRoot, 'content', 'reader.yml'), path.join(project, 'content', 'reader.yml'));
  // The build's scratch root and cache, kept across both builds (inside the project, so packages resolve).
  cache = path.join(projectRoot, '.cache', 'site-builds', `taxonomy-shared-${randomBytes(4).toString('hex')}`);
  await mkdir(cache, { recursive: true });
  out = await mkdtemp(path.join(tmpdir(), 'pb-taxonomy-'));
  archive = await makeTestArchive({ days: 2, papers: 4, featured: 3, englishEvery: 2, seed: 5, end: '2026-05-02' });
});

afterAll(async () => {
  await archive?.cleanup();
  for (const dir of [project, cache, out]) if (dir) await rm(dir, { recursive: true, force: true });
});

const build = () => buildSite({ briefingsDir: archive.dir, distDir: path.join(out, 'dist'), root: project, env: { ASTRO_BUILD_ROOT: cache } });

describe('a category slug renamed between two builds that share the content cache', () => {
  it('fails the second build, naming the file, the field and the value', async () => {
    const first = await build();
    expect(first.code, first.output.slice(-3000)).toBe(0);

    const configFile = path.join(project, 'briefing.config.ts');
    const text = await readFile(configFile, 'utf8');
    expect(text).toContain(`slug: '${OLD}'`);
    await writeFile(configFile, text.replace(`slug: '${OLD}'`, `slug: '${NEW}'`));

    const second = await build();
    expect(second.code, second.output.slice(-3000)).not.toBe(0);
    // The file, the field and the value.
    expect(second.output).toMatch(/\d{4}-\d{2}-\d{2}\.mdx/);
    expect(second.output).toMatch(/papers\.\d+\.category\.\d+/);
    expect(second.output).toContain(`unknown category "${OLD}"`);
  }, 240_000);
});
