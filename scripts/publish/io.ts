/**
 * The I/O edges of the daily run: the run log on disk, the git working tree, and child processes.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readRunLog } from '../../lib/runlog.ts';
import { writeFileAtomic } from '../../lib/files.ts';
import type { RunRecord } from '../../src/schema/run.ts';
import { runLogLines } from './daily-run.ts';

/**
 * Appends records to the run log. The existing log is validated first, so a corrupted log stops the
 * run with the file and line rather than growing further.
 */
export async function appendRunRecords(file: string, records: readonly RunRecord[]): Promise<void> {
  if (records.length === 0) return;
  const { text } = await readRunLog(file);
  const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  await writeFileAtomic(file, prefix + runLogLines(records));
}

export interface ProcessResult {
  code: number;
  /** The last lines the process wrote to stderr (for a failure reason). */
  stderrTail: string;
}

/**
 * Runs a command with the parent's stdout; stderr is passed through and its tail kept. `signal` ends
 * the child when the parent is interrupted.
 */
export function runProcess(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; tailLines?: number; quiet?: boolean }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', options.quiet ? 'pipe' : 'inherit', 'pipe'] });
    let tail = '';
    const keep = options.tailLines ?? 20;
    child.stdout?.resume();
    child.stderr!.on('data', (chunk: Buffer) => {
      if (!options.quiet) process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).split('\n').slice(-(keep + 1)).join('\n');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderrTail: tail.trim() }));
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

/** Files changed (or new) under `paths`, relative to the repository root. */
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
