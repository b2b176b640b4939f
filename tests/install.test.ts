/**
 * The install the workflows use (`npm ci`) works on a clean clone on every platform contributors and
 * runners use, and `npm install` does not rewrite the committed lock. The lock once lacked 13 platform
 * binaries of pagefind and the Astro compiler (the registry did not serve them when it was written), so
 * `npm ci` refused it; these tests keep that from coming back.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockfileProblems, nativeFamilies, PLATFORMS, resolveInLock, type Lockfile } from '../scripts/ci/lockfile.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

async function committedLock(): Promise<Lockfile> {
  return JSON.parse(await readFile(path.join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
}

describe('package-lock.json', () => {
  it('carries the pagefind and Astro compiler binaries for linux-x64, linux-arm64, darwin-arm64, darwin-x64 and win32-x64', async () => {
    const lock = await committedLock();
    const families = new Map(nativeFamilies(lock).map((f) => [f.key, f.binaries]));
    expect(PLATFORMS.map((p) => p.name)).toEqual(['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64', 'win32-x64']);
    expect(families.get('node_modules/pagefind')).toEqual({
      'linux-x64': ['node_modules/@pagefind/linux-x64'],
      'linux-arm64': ['node_modules/@pagefind/linux-arm64'],
      'darwin-arm64': ['node_modules/@pagefind/darwin-arm64'],
      'darwin-x64': ['node_modules/@pagefind/darwin-x64'],
      'win32-x64': ['node_modules/@pagefind/windows-x64'],
    });
    expect(families.get('node_modules/@astrojs/compiler-binding')).toEqual({
      'linux-x64': ['node_modules/@astrojs/compiler-binding-linux-x64-gnu'],
      'linux-arm64': ['node_modules/@astrojs/compiler-binding-linux-arm64-gnu'],
      'darwin-arm64': ['node_modules/@astrojs/compiler-binding-darwin-arm64'],
      'darwin-x64': ['node_modules/@astrojs/compiler-binding-darwin-x64'],
      'win32-x64': ['node_modules/@astrojs/compiler-binding-win32-x64-msvc'],
    });
    // The other native packages the build runs on are covered by the same rule.
    expect([...families.keys()]).toEqual(expect.arrayContaining(['node_modules/rolldown', 'node_modules/lightningcss', 'node_modules/esbuild', 'node_modules/satteri']));
    for (const entry of ['node_modules/@pagefind/darwin-arm64', 'node_modules/@astrojs/compiler-binding-win32-x64-msvc']) {
      expect(lock.packages[entry], entry).toMatchObject({ optional: true, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    }
  });

  it('has no problem npm ci would refuse: every optional dependency locked, every platform served', async () => {
    expect(lockfileProblems(await committedLock())).toEqual([]);
  });

  it('keeps vite at 8.3.8: vite 8.4 adds an optional dependency this registry does not serve', async () => {
    const lock = await committedLock();
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.vite).toBe('8.3.8');
    const vites = Object.entries(lock.packages).filter(([key]) => key.endsWith('node_modules/vite'));
    expect(vites.map(([key, e]) => `${key}@${e.version}`)).toEqual(['node_modules/vite@8.3.8']);
  });

  it('names the gaps of a lock written while the registry lacked packages', () => {
    // The shape of the lock before the fix, and of one made with vite 8.4.0 where its optional
    // Windows helper is not served: the declaring entry lists the dependency, the lock has no entry.
    const lock: Lockfile = {
      lockfileVersion: 3,
      packages: {
        '': {},
        'node_modules/pagefind': { version: '1.6.0', optionalDependencies: { '@pagefind/linux-x64': '1.6.0', '@pagefind/darwin-arm64': '1.6.0', '@pagefind/windows-x64': '1.6.0' } },
        'node_modules/@pagefind/linux-x64': { version: '1.6.0', optional: true, os: ['linux'], cpu: ['x64'] },
        'node_modules/@pagefind/windows-x64': { version: '1.6.0', optional: true, os: ['win32'], cpu: ['x64'] },
        'node_modules/vite': { version: '8.4.0', optionalDependencies: { fsevents: '~2.3.3', 'napi-windows-process-start-time': '^0.1.0' } },
        'node_modules/fsevents': { version: '2.3.3', optional: true, os: ['darwin'] },
      },
    };
    expect(lockfileProblems(lock)).toEqual([
      'node_modules/pagefind: optional dependency @pagefind/darwin-arm64@1.6.0 has no lock entry (npm ci: "Missing: @pagefind/darwin-arm64 from lock file")',
      'node_modules/vite: optional dependency napi-windows-process-start-time@^0.1.0 has no lock entry (npm ci: "Missing: napi-windows-process-start-time from lock file")',
      'node_modules/pagefind: no locked binary for linux-arm64, darwin-arm64, darwin-x64',
    ]);
  });

  it('resolves a dependency the way Node does, from the nested folder up to the root', () => {
    const packages = { '': {}, 'node_modules/a': {}, 'node_modules/a/node_modules/b': {}, 'node_modules/b': {}, 'node_modules/c': {} };
    expect(resolveInLock(packages, 'node_modules/a', 'b')).toBe('node_modules/a/node_modules/b');
    expect(resolveInLock(packages, 'node_modules/a/node_modules/b', 'c')).toBe('node_modules/c');
    expect(resolveInLock(packages, 'node_modules/c', 'b')).toBe('node_modules/b');
    expect(resolveInLock(packages, 'node_modules/c', 'zz')).toBeNull();
  });
});

/**
 * npm itself on a copy of package.json, .npmrc and the lock, with an empty cache: `npm ci` validates
 * the lock exactly as on a clean clone (`--dry-run` stops before downloading tarballs; `--offline`
 * proves a complete lock needs no registry metadata at all), and `npm install --package-lock-only`
 * rewrites the lock the way a contributor's `npm install` would (it asks the registry only for what
 * the lock lacks).
 */
describe('npm on a clean copy of the manifest and lock', () => {
  let dir: string;
  const npm = (args: string[]): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      const [cmd, pre] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
      const env: NodeJS.ProcessEnv = { ...process.env, npm_config_cache: path.join(dir, 'empty-cache'), npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
      // npm's own environment (npm test) would otherwise carry this run's settings into the child.
      for (const key of Object.keys(env)) if (/^npm_(?:config_(?!cache$|update_notifier$|loglevel$)|package_|lifecycle_)/.test(key)) delete env[key];
      execFile(cmd, [...pre, ...args, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env, timeout: 120_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'install-'));
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) await copyFile(path.join(repoRoot, file), path.join(dir, file));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('npm ci accepts the lock without asking the registry', async () => {
    const r = await npm(['ci', '--dry-run', '--offline']);
    expect(r.out).not.toMatch(/Missing: .* from lock file/);
    expect(r.code, r.out).toBe(0);
  });

  it('npm install leaves package-lock.json byte for byte as committed', async () => {
    const before = await readFile(path.join(dir, 'package-lock.json'), 'utf8');
    const r = await npm(['install', '--package-lock-only']);
    expect(r.code, r.out).toBe(0);
    expect(await readFile(path.join(dir, 'package-lock.json'), 'utf8')).toBe(before);
  });
});
