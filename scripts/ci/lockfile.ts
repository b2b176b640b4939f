/**
 * Checks package-lock.json for what `npm ci` needs on every machine that installs this project: the
 * platform binaries (pagefind, the Astro compiler, rolldown, lightningcss, esbuild, …) for each platform
 * contributors and runners use, and a lock entry for every optional dependency any package declares.
 *
 * Why: `npm install` silently leaves out of the lock an optional dependency whose registry metadata it
 * could not fetch (arborist marks the failed optional node inert, and inert nodes are not written), yet
 * `npm ci` puts the same dependency into its ideal tree and refuses the lock ("Missing: X@V from lock
 * file", or "X@ from lock file" when the registry still does not serve it). A lock written while the
 * registry lacked 13 platform packages broke `npm ci` on every clean clone; this check names such gaps.
 *
 * Usage: `npm run lint:lockfile [-- FILE]` (default package-lock.json). Exit code 1 on problems.
 */
import { readFile } from 'node:fs/promises';

export interface LockEntry {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

export interface Lockfile {
  lockfileVersion?: number;
  packages: Record<string, LockEntry>;
}

export interface Platform {
  name: string;
  os: string;
  cpu: string;
  libc?: 'glibc' | 'musl';
}

/** The platforms the workflows and contributors install on (GitHub's runners and the usual laptops). */
export const PLATFORMS: readonly Platform[] = [
  { name: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc' },
  { name: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc' },
  { name: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  { name: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  { name: 'win32-x64', os: 'win32', cpu: 'x64' },
];

/** npm's os/cpu/libc rule: a list of allowed values, or `!value` exclusions. */
function allows(list: readonly string[] | undefined, value: string | undefined): boolean {
  if (!list || list.length === 0) return true;
  if (value === undefined) return false;
  const excluded = list.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  const allowed = list.filter((v) => !v.startsWith('!'));
  if (excluded.includes(value)) return false;
  return allowed.length === 0 || allowed.includes(value) || allowed.includes('any');
}

/** Whether npm would install `entry` on `platform`. */
export function installsOn(entry: LockEntry, platform: Platform): boolean {
  return allows(entry.os, platform.os) && allows(entry.cpu, platform.cpu) && (platform.os !== 'linux' || allows(entry.libc, platform.libc));
}

/** The lock key a dependency `name` of the package at `from` resolves to (Node's lookup up the tree). */
export function resolveInLock(packages: Lockfile['packages'], from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (base === '') return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** A package that picks its native code from platform-specific optional dependencies. */
export interface NativeFamily {
  key: string;
  /** Platform name → the lock keys installable there. */
  binaries: Record<string, string[]>;
}

/**
 * Packages with two or more platform-specific optional dependencies (the npm convention for shipping
 * native binaries), with the locked binaries each platform gets.
 */
export function nativeFamilies(lock: Lockfile, platforms: readonly Platform[] = PLATFORMS): NativeFamily[] {
  const families: NativeFamily[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    const resolved = Object.keys(entry.optionalDependencies ?? {}).map((name) => resolveInLock(lock.packages, key, name)).filter((k): k is string => k !== null);
    const platformSpecific = resolved.filter((k) => lock.packages[k]!.os || lock.packages[k]!.cpu);
    if (platformSpecific.length < 2) continue;
    const binaries: Record<string, string[]> = {};
    for (const p of platforms) binaries[p.name] = platformSpecific.filter((k) => installsOn(lock.packages[k]!, p) && !lock.packages[k]!.cpu?.includes('wasm32'));
    families.push({ key, binaries });
  }
  return families;
}

/** Everything that would make `npm ci` refuse the lock or miss a native binary, one line each. */
export function lockfileProblems(lock: Lockfile, platforms: readonly Platform[] = PLATFORMS): string[] {
  const problems: string[] = [];
  if (lock.lockfileVersion !== 3) problems.push(`lockfileVersion: expected 3, got ${String(lock.lockfileVersion)}`);
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
      if (!resolveInLock(lock.packages, key, name)) problems.push(`${key || '(root)'}: optional dependency ${name}@${range} has no lock entry (npm ci: "Missing: ${name} from lock file")`);
    }
  }
  for (const family of nativeFamilies(lock, platforms)) {
    const empty = Object.entries(family.binaries).filter(([, keys]) => keys.length === 0).map(([name]) => name);
    if (empty.length > 0) problems.push(`${family.key}: no locked binary for ${empty.join(', ')}`);
  }
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const file = argv[0] ?? 'package-lock.json';
  const lock = JSON.parse(await readFile(file, 'utf8')) as Lockfile;
  const problems = lockfileProblems(lock);
  for (const p of problems) console.error(`${file}: ${p}`);
  const families = nativeFamilies(lock);
  console.log(`${file}: ${families.length} native packages checked for ${PLATFORMS.map((p) => p.name).join(', ')}; ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return problems.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`lint-lockfile: ${error.message}`);
      process.exit(2);
    },
  );
}
