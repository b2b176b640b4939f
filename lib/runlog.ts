/**
 * Reading the run log from disk (`archive.runsLog`, default content/runs.jsonl). Shared by the status page
 * (src/data/runs.ts, at build time) and `npm run daily` (scripts/publish/io.ts, before it appends).
 */
import { readFile } from 'node:fs/promises';
import { parseRunLog, type RunRecord } from '../src/schema/run.ts';

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
