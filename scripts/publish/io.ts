/**
 * The I/O edges of the daily run: the run log on disk, the git working tree, and child processes.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readRunLog } from '../../lib/runlog.ts';
import type { RunRecord } from '../../src/schema/run.ts';
import { secretValues, SECRET_ENV } from '../lib/secrets.ts';
import { runLogLines } from './daily-run.ts';

/**
 * Appends records to the run log. The existing log is validated first, so a corrupted log stops the
 * run with the file and line rather than growing further. The records go in with one write to a file
 * opened for appending (O_APPEND): runs appending at the same time each land whole, and none replaces
 * the file under another (reading, then replacing the whole log lost records when runs overlapped).
 */
export async function appendRunRecords(file: string, records: readonly RunRecord[]): Promise<void> {
  if (records.length === 0) return;
  const { text } = await readRunLog(file);
  // A log whose last line lacks its newline (written by hand) gets one first; a blank line is harmless.
  const chunk = Buffer.from(`${text === '' || text.endsWith('\n') ? '' : '\n'}${runLogLines(records)}`, 'utf8');
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a');
  try {
    let written = 0;
    // One write for the whole chunk; a short write (a full disk) continues where it stopped.
    while (written < chunk.length) written += (await handle.write(chunk, written, chunk.length - written)).bytesWritten;
  } finally {
    await handle.close();
  }
}

export interface ProcessResult {
  code: number;
  /** The last lines the process wrote to stderr (for a failure reason). */
  stderrTail: string;
}

export interface ProcessOptions {
  cwd: string;
  /** The child's whole environment (nothing is inherited). */
  env: NodeJS.ProcessEnv;
  tailLines?: number;
  /** Receives the child's stdout and stderr (default: dropped). The caller decides what reaches a log. */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
}

/**
 * Runs a command with its output piped through the caller's callbacks (so the daily run can redact
 * it) and keeps the tail of stderr.
 */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = options.tailLines ?? 20;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => options.onStdout?.(chunk));
    child.stderr.on('data', (chunk: string) => {
      options.onStderr?.(chunk);
      tail = (tail + chunk).split('\n').slice(-(keep + 1)).join('\n');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1), stderrTail: tail.trim() }));
  });
}

function git(root: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err.trim() }));
  });
}

export interface Change {
  path: string;
  /** `A` added, `M` modified, `D` deleted, `?` untracked (new). */
  state: string;
}

/** Whether `root` is inside a git work tree. */
export async function isGitWorkTree(root: string): Promise<boolean> {
  const r = await git(root, ['rev-parse', '--is-inside-work-tree']).catch(() => null);
  return r?.code === 0 && r.stdout.toString().trim() === 'true';
}

/**
 * The temp file writeFileAtomic (lib/files.ts) writes beside its target before the rename:
 * `.<name>.<pid>.<8 hex>.tmp`. One that outlives its process (SIGKILL, power loss) is junk.
 */
const TEMP_FILE = /^\.(?<name>.+)\.(?<pid>\d+)\.[0-9a-f]{8}\.tmp$/;

/** Whether a path names a temp file of an atomic write (never content, whoever left it). */
export function isTempFile(file: string): boolean {
  return TEMP_FILE.test(path.posix.basename(file.split(path.sep).join('/')));
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files of atomic writes whose writer is gone, under `paths` (files or folders,
 * relative to `root`). A temp file of a running process (a `npm run brief` beside this run) is left
 * alone. Returns the removed paths, relative to `root`.
 */
export async function sweepStaleTempFiles(root: string, paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
      throw error;
    });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else {
        const pid = TEMP_FILE.exec(entry.name)?.groups?.pid;
        if (pid === undefined || processAlive(Number(pid))) continue;
        await rm(full, { force: true });
        removed.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  // A file path (the run log) is swept in its folder, for its own temp files only.
  for (const p of paths) {
    const full = path.resolve(root, p);
    const info = await stat(full).catch(() => null);
    if (info?.isDirectory()) await visit(full);
    else {
      const dir = path.dirname(full);
      const base = path.basename(full);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const match = TEMP_FILE.exec(name);
        if (!match || match.groups!.name !== base || processAlive(Number(match.groups!.pid))) continue;
        await rm(path.join(dir, name), { force: true });
        removed.push(path.relative(root, path.join(dir, name)).split(path.sep).join('/'));
      }
    }
  }
  return removed.sort();
}

/** A file's bytes, uncompressed when it is gzip (the raw snapshots). */
export function uncompressed(data: Buffer): Buffer {
  if (data[0] !== 0x1f || data[1] !== 0x8b) return data;
  try {
    return gunzipSync(data);
  } catch {
    return data;
  }
}

/**
 * Changed files (from `gitChanges`) that hold the value of a secret of `env`, gzip files read
 * uncompressed. The last check before content leaves the job that had the secrets.
 */
export async function secretsInChanges(root: string, changes: readonly Change[], env: Record<string, string | undefined>): Promise<{ path: string; variable: string }[]> {
  const secrets = secretValues(env);
  if (secrets.length === 0) return [];
  const found: { path: string; variable: string }[] = [];
  for (const change of changes) {
    if (change.state === 'D') continue;
    const data = await readFile(path.resolve(root, change.path)).catch(() => null);
    if (!data) continue;
    const bytes = uncompressed(data);
    for (const value of secrets) {
      if (!bytes.includes(Buffer.from(value, 'utf8'))) continue;
      const variable = SECRET_ENV.find((name) => env[name]?.trim() === value) ?? 'a secret';
      found.push({ path: change.path, variable });
    }
  }
  return found;
}

/**
 * Files changed (or new) under `paths`, relative to the repository root. Temp files of atomic writes
 * are never content: a run killed halfway leaves them, and they must not reach a commit.
 */
export async function gitChanges(root: string, paths: readonly string[]): Promise<Change[]> {
  const r = await git(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths]);
  if (r.code !== 0) throw new Error(`git status failed: ${r.stderr}`);
  const entries = r.stdout.toString('utf8').split('\0').filter(Boolean);
  const changes: Change[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const xy = entry.slice(0, 2);
    const file = entry.slice(3);
    // A rename is followed by its source path as a separate entry.
    if (xy[0] === 'R' || xy[0] === 'C') i += 1;
    const state = xy === '??' ? '?' : (xy[0] !== ' ' ? xy[0] : xy[1])!;
    if (isTempFile(file)) continue;
    changes.push({ path: file, state: state === 'R' || state === 'C' ? 'A' : state });
  }
  return changes.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Writes `changes` (from `gitChanges`) as a binary git patch against HEAD, without touching the real
 * index (a temporary index is used). The commit job applies it with `git apply --index`.
 */
export async function writeContentPatch(root: string, changes: readonly Change[], file: string): Promise<void> {
  const paths = changes.map((c) => c.path);
  // `git add -A --` with no path would stage the whole tree.
  if (paths.length === 0) throw new Error('writeContentPatch: no changes to write');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'daily-index-'));
  const env = { ...process.env, GIT_INDEX_FILE: path.join(dir, 'index') };
  try {
    for (const args of [['read-tree', 'HEAD'], ['add', '-A', '--', ...paths]]) {
      const r = await git(root, args, env);
      if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
    }
    const diff = await git(root, ['diff', '--cached', '--binary', '--full-index', 'HEAD'], env);
    if (diff.code !== 0) throw new Error(`git diff failed: ${diff.stderr}`);
    await mkdir(path.dirname(path.resolve(root, file)), { recursive: true });
    await writeFile(path.resolve(root, file), diff.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
