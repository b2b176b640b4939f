/**
 * The run log on disk (`archive.runsLog`, default content/runs.jsonl; RUNS_LOG overrides it and, like
 * BRIEFINGS_DIR, resolves against the working directory). Read by the status page at build time and by
 * `npm run daily` before it appends.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveConfig } from '../../briefing.config.ts';
import { parseRunLog, type RunRecord } from '../schema/run.ts';

/** Reads and validates a run log; a missing file is an empty log. Throws naming `file:line` when malformed. */
export async function readRunLog(file: string): Promise<{ text: string; records: RunRecord[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', records: [] };
    throw error;
  }
  return { text, records: parseRunLog(text, file) };
}

let cached: Promise<RunRecord[]> | undefined;

/** The run log of this build, read once. */
export function getRunLog(): Promise<RunRecord[]> {
  cached ??= readRunLog(path.resolve(resolveConfig(process.env).archive.runsLog)).then((r) => r.records);
  return cached;
}
