/**
 * The one way the evals run the pipeline: through its public entry points only (`runBriefing` with
 * `--replay` semantics, `createWriter`, `writeBriefingFile`), with a writer wrapper that captures the
 * `RankedDay` the ranker produced and the draft the writer made of it. Nothing here knows how ranking
 * or writing work inside, so the evals keep measuring while those are rewritten.
 *
 * Also finds the corpus: an extracted folder given with `--corpus DIR` (holding `hf/YYYY-MM-DD.json`),
 * else ../shared/corpus/hf-daily-papers.tar.xz extracted into a temporary folder for the run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BriefingConfig } from '../../briefing.config.ts';
import { addDays } from '../../lib/dates.ts';
import { writeBriefingFile } from '../mdx/write.ts';
import { ArchiveReader } from '../pipeline/archive.ts';
import { runBriefing, type RunResult } from '../pipeline/run.ts';
import type { BriefingWriter, RankedDay, WriteResult } from '../pipeline/types.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const defaultCorpusTar = path.join(sharedDir, 'corpus/hf-daily-papers.tar.xz');
export const defaultSeedsDir = path.join(sharedDir, 'seeds');

/** A command-line mistake: the CLI prints it and exits 2. */
export class EvalUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalUsageError';
  }
}

export interface Corpus {
  /** A replay folder: `dir/hf/YYYY-MM-DD.json`. */
  dir: string;
  /** Listing days in the corpus, oldest first. */
  days: string[];
  /** Removes the folder when this run extracted it. */
  cleanup(): void;
}

/** `--corpus DIR` (an extracted corpus or any replay folder), else the shared tarball extracted to a temp folder. */
export function openCorpus(flag: string | undefined, tarball: string = defaultCorpusTar): Corpus {
  let dir: string;
  let owned = false;
  if (flag) {
    dir = path.resolve(flag);
    if (!existsSync(path.join(dir, 'hf')) || !statSync(path.join(dir, 'hf')).isDirectory()) {
      throw new EvalUsageError(`--corpus ${flag}: expected a folder holding hf/YYYY-MM-DD.json (an extracted corpus or a replay folder)`);
    }
  } else {
    if (!existsSync(tarball)) {
      throw new EvalUsageError(`no corpus: ${tarball} is absent; pass --corpus DIR (a folder holding hf/YYYY-MM-DD.json)`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'pb-eval-corpus-'));
    owned = true;
    execFileSync('tar', ['-xJf', tarball, '-C', dir, 'hf']);
  }
  const days = readdirSync(path.join(dir, 'hf'))
    .map((f) => /^(\d{4}-\d{2}-\d{2})\.json(?:\.gz)?$/.exec(f)?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
  if (days.length === 0) throw new EvalUsageError(`${path.join(dir, 'hf')}: no listing files (YYYY-MM-DD.json)`);
  return {
    dir,
    days,
    cleanup: () => {
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every calendar day from `from` to `to`, inclusive. */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** What one replayed day gave: the run's outcome, and (when a writer ran) its input and output. */
export interface ReplayedDay {
  date: string;
  result: RunResult;
  /** The ranking the pipeline produced, as handed to the writer. */
  ranked: RankedDay | null;
  /** The writer's output (draft and LLM usage). */
  written: WriteResult | null;
}

export type WriterFactory = (config: BriefingConfig, env: Record<string, string | undefined>) => BriefingWriter;

export interface ReplayOptions {
  corpus: string;
  /** The archive root: briefings go to `<root>/<config.archive.briefingsDir>`; one root = one archive. */
  root: string;
  config: BriefingConfig;
  createWriter: WriterFactory;
  env?: Record<string, string | undefined>;
  /** Called after each day, in date order (keeps memory flat over hundreds of days). */
  onDay: (day: ReplayedDay) => void | Promise<void>;
}

/** Replays `dates` in order into one archive, as a daily run would (each day sees the briefings before it). */
export async function replayDays(dates: readonly string[], o: ReplayOptions): Promise<void> {
  const archive = new ArchiveReader(o.config);
  for (const date of dates) {
    let captured: { ranked: RankedDay; written: WriteResult } | null = null;
    const createWriter: WriterFactory = (config, env) => {
      const inner = o.createWriter(config, env);
      return {
        kind: inner.kind,
        async write(day: RankedDay): Promise<WriteResult> {
          const written = await inner.write(day);
          captured = { ranked: day, written };
          return written;
        },
      };
    };
    const result = await runBriefing(
      { date, replayDir: o.corpus },
      { config: o.config, root: o.root, env: o.env ?? {}, createWriter, writeBriefingFile, archive },
    );
    const got = captured as { ranked: RankedDay; written: WriteResult } | null;
    await o.onDay({ date, result, ranked: got?.ranked ?? null, written: got?.written ?? null });
  }
}

/** A fresh, empty archive root in the temp folder. */
export function tempRoot(prefix: string): { root: string; cleanup(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** The folder the pipeline writes briefings to under `root`. */
export function briefingsDirOf(root: string, config: BriefingConfig): string {
  return path.resolve(root, config.archive.briefingsDir);
}
