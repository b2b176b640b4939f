/**
 * The production build of a given archive, run and measured for the benchmark.
 *
 * The command is the one `npm run build` runs (package.json `scripts.build`, e.g. `astro build`, with any
 * leading `VAR=value` such as NODE_OPTIONS), without npm's `prebuild` fetch, pointed at the archive and
 * an output folder through the site's overrides (BRIEFINGS_DIR, DIST_DIR, ASTRO_BUILD_ROOT: see
 * astro.config.mjs and src/content.config.ts). Astro's scratch files go to a fresh folder under
 * `.cache/site-builds/` (inside the project so packages resolve), removed afterwards.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { projectRoot } from '../site/build.ts';
import { runMeasured, type MeasuredRun } from './measure.ts';

export interface BuildCommand {
  /** Variables the script sets before the command (`NODE_OPTIONS=… astro build`). */
  env: Record<string, string>;
  /** Arguments after `astro build`. */
  args: string[];
  /** The script as written in package.json. */
  script: string;
}

/** Parses package.json's `scripts.build`; it must be `[VAR=value …] astro build [args]`. */
export function parseBuildScript(script: string): BuildCommand {
  const tokens = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (tokens.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0]!)) {
    const token = tokens.shift()!;
    const eq = token.indexOf('=');
    env[token.slice(0, eq)] = token.slice(eq + 1).replace(/^(['"])(.*)\1$/, '$2');
  }
  if (tokens[0] !== 'astro' || tokens[1] !== 'build' || tokens.some((t) => /[;&|<>`$]/.test(t))) {
    throw new Error(`package.json scripts.build: expected "[VAR=value …] astro build [args]" so the bench can run it on another archive, got "${script}"`);
  }
  return { env, args: tokens.slice(2), script };
}

export function readBuildScript(root = projectRoot): BuildCommand {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.build;
  if (!script) throw new Error('package.json: scripts.build is missing');
  return parseBuildScript(script);
}

export interface BuildPhases {
  /** Content layer sync (reading and validating every MDX file's frontmatter). */
  contentSeconds?: number;
  /** Vite/Rolldown bundling of the pages and every MDX module. */
  bundleSeconds?: number;
  /** Rendering every route to HTML. */
  renderSeconds?: number;
  /** Pagefind indexing, as logged by the integration (`indexed N day pages (P papers) in X s`). */
  indexSeconds?: number;
  /** Day pages the integration indexed. */
  indexedPages?: number;
  /** Writing the paper permalink pages and BibTeX files after the build (`wrote N … files in X s`). */
  papersSeconds?: number;
}

export interface MeasuredBuild {
  command: string;
  run: MeasuredRun;
  phases: BuildPhases;
  /** Build minus index and minus the permalink and BibTeX files. */
  astroSeconds: number;
  /** Highest sampled tree RSS before the Pagefind service started (the Astro part). */
  astroPeakBytes: number;
  /** Highest sampled tree RSS while the Pagefind service ran (node still holds the Astro heap). */
  indexTreePeakBytes: number;
  /** Peak RSS of the Pagefind service process itself (kernel VmHWM). */
  pagefindPeakBytes: number;
  /** Peak RSS of the node process itself (kernel VmHWM). */
  nodePeakBytes: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Phase durations from the arrival times of Astro's log lines. */
export function buildPhases(lines: { t: number; text: string }[]): BuildPhases {
  const at = (re: RegExp): number | undefined => lines.find((l) => re.test(l.text.replace(ANSI, '')))?.t;
  const start = 0;
  const synced = at(/\[content\] Synced content/);
  const bundling = at(/\[build\] Building static entrypoints/);
  const rearranged = at(/\[build\] Rearranging server assets/);
  const rendered = at(/^\S*\s*✓ Completed in [\d.]+m?s\.$/);
  const indexed = lines.map((l) => /indexed (\d+) day pages(?: \(\d+ papers\))? in ([\d.]+) s/.exec(l.text.replace(ANSI, ''))).find(Boolean);
  const phases: BuildPhases = {};
  if (synced !== undefined) phases.contentSeconds = synced - start;
  if (bundling !== undefined && rearranged !== undefined) phases.bundleSeconds = rearranged - bundling;
  if (rearranged !== undefined && rendered !== undefined) phases.renderSeconds = rendered - rearranged;
  if (indexed) {
    phases.indexedPages = Number(indexed[1]);
    phases.indexSeconds = Number(indexed[2]);
  }
  const papers = lines.map((l) => /wrote \d+ permalink and BibTeX files in ([\d.]+) s/.exec(l.text.replace(ANSI, ''))).find(Boolean);
  if (papers) phases.papersSeconds = Number(papers[1]);
  return phases;
}

const isPagefind = (name: string): boolean => name.startsWith('pagefind');

export interface BuildOptions {
  briefingsDir: string;
  distDir: string;
  /** Extra environment (e.g. NODE_OPTIONS to try a heap limit). */
  env?: Record<string, string>;
  onLine?: (line: string, t: number) => void;
}

/** Builds `briefingsDir` into `distDir` exactly as `npm run build` would (minus the prebuild fetch), measured. */
export async function measuredBuild(options: BuildOptions): Promise<MeasuredBuild> {
  const command = readBuildScript();
  const scratch = path.join(projectRoot, '.cache', 'site-builds', `bench-${Date.now()}-${randomBytes(4).toString('hex')}`);
  await mkdir(scratch, { recursive: true });
  await rm(options.distDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...command.env,
    BRIEFINGS_DIR: path.resolve(options.briefingsDir),
    DIST_DIR: path.resolve(options.distDir),
    ASTRO_BUILD_ROOT: scratch,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...options.env,
  };
  delete env.NODE_ENV;
  // As npm would: node_modules/.bin/astro on this Node (24). cwd = the scratch root, where Astro keeps its
  // server chunks when outDir lies outside cwd; --config is joined onto the root, so it is relative.
  const astroBin = path.join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const args = [astroBin, 'build', ...command.args, '--config', path.relative(scratch, path.join(projectRoot, 'astro.config.mjs'))];
  try {
    const run = await runMeasured(process.execPath, args, { cwd: scratch, env, onLine: options.onLine });
    const phases = buildPhases(run.lines);
    const pagefindProcs = run.processes.filter((p) => isPagefind(p.name));
    const indexStart = pagefindProcs.length ? Math.min(...pagefindProcs.map((p) => p.firstSeen)) : Infinity;
    let astroPeakBytes = 0;
    let indexTreePeakBytes = 0;
    for (const s of run.samples) {
      if (s.t < indexStart && !Object.keys(s.byName).some(isPagefind)) astroPeakBytes = Math.max(astroPeakBytes, s.rssBytes);
      else indexTreePeakBytes = Math.max(indexTreePeakBytes, s.rssBytes);
    }
    const maxHwm = (pred: (name: string) => boolean): number => Math.max(0, ...run.processes.filter((p) => pred(p.name)).map((p) => p.hwmBytes));
    // Node 24 names its main thread, and so its process, "MainThread".
    const nodePeakBytes = maxHwm((n) => n === 'node' || n === 'MainThread');
    return {
      command: `${Object.entries(command.env).map(([k, v]) => `${k}=${v} `).join('')}astro build${command.args.length ? ` ${command.args.join(' ')}` : ''}`,
      run,
      phases,
      astroSeconds: run.seconds - (phases.indexSeconds ?? 0) - (phases.papersSeconds ?? 0),
      astroPeakBytes,
      indexTreePeakBytes,
      pagefindPeakBytes: maxHwm(isPagefind),
      nodePeakBytes,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
