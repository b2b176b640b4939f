/**
 * Builds the site from a given archive into a given folder, isolated from every other build: Astro's
 * generated files (.astro/, prerender chunks) and content-layer cache go to a scratch root under
 * `.cache/site-builds/` (inside the project, so packages resolve) that is removed afterwards, so builds of
 * different archives never share state, even when they run at the same time.
 * Used by the build tests and the benchmark; `npm run build` is the plain `astro build`.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface SiteBuildOptions {
  /** The archive folder (BRIEFINGS_DIR). */
  briefingsDir: string;
  /** Where the site goes (DIST_DIR). */
  distDir: string;
  /** BASE_PATH, e.g. `/paper-briefing/`. */
  basePath?: string;
  /** SITE_URL. */
  siteUrl?: string;
  /** More environment variables. */
  env?: Record<string, string>;
  /**
   * The project to build (its astro.config.mjs, briefing.config.ts and src/); default this one. A copy with
   * another config value lets a test build the site as a user who changed that value would.
   */
  root?: string;
}

export interface SiteBuildResult {
  /** Exit code of `astro build` (0 = success). */
  code: number;
  stdout: string;
  stderr: string;
  /** Combined output, for error messages. */
  output: string;
  seconds: number;
}

/** Runs `astro build` on Node 24 (this process's node) and resolves when it exits; never throws on a failed build. */
export async function buildSite(options: SiteBuildOptions): Promise<SiteBuildResult> {
  const scratch = path.join(projectRoot, '.cache', 'site-builds', `${Date.now()}-${randomBytes(4).toString('hex')}`);
  await mkdir(scratch, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BRIEFINGS_DIR: path.resolve(options.briefingsDir),
    DIST_DIR: path.resolve(options.distDir),
    ASTRO_BUILD_ROOT: scratch,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...(options.basePath !== undefined ? { BASE_PATH: options.basePath } : {}),
    ...(options.siteUrl !== undefined ? { SITE_URL: options.siteUrl } : {}),
    ...options.env,
  };
  // Vitest puts its own import.meta.env into process.env (BASE_URL="/", MODE="test", …); Vite would take
  // them over in the build, so a BASE_PATH build would link to "/". Astro must not see a test runner.
  // GITHUB_REPOSITORY (set on every GitHub runner, CI included) would name a repository on /feedback/: a
  // test build names one only when it asks to.
  for (const key of ['VITEST', 'VITEST_MODE', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'TEST', 'NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'GITHUB_REPOSITORY']) {
    if (!(options.env && key in options.env)) delete env[key];
  }
  const started = performance.now();
  const astroBin = path.join(projectRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
  try {
    return await new Promise<SiteBuildResult>((resolve, reject) => {
      // cwd = the scratch root too: Astro puts its server chunks in `<cwd>/.astro/` when outDir lies outside cwd.
      // Astro joins --config onto its root (the cwd), so pass it relative.
      const args = [astroBin, 'build', '--config', path.relative(scratch, path.join(options.root ?? projectRoot, 'astro.config.mjs'))];
      const child = spawn(process.execPath, args, { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        output += chunk;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk;
        output += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, output, seconds: (performance.now() - started) / 1000 }));
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
