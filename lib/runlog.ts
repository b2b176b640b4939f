/**
 * Reading the run log from disk (`archive.runsLog`, default content/runs.jsonl). Shared by the status page
 * (src/data/runs.ts, at build time) and `npm run daily` (scripts/publish/io.ts, before it appends).
 */
import { readFile } from 'node:fs/promises';
import { parseRunLog, type RunRecord } from '../src/schema/run.ts';

/**
 * Reads and validates a run log; a missing file is an empty log. Throws naming `file:line` when malformed.
 *
 * Another run's append may be in flight: a read can see the start of its one write (Linux lets a read see
 * a write half copied). So an unterminated last line that does not parse, after complete lines that do, is
 * read again (every `pauseMs`, up to `attempts` reads) before the log counts as malformed. Every append
 * ends with a newline, so a line that stays cut was cut for good (a killed writer, a hand edit).
 */
export async function readRunLog(file: string, { attempts = 40, pauseMs = 25 } = {}): Promise<{ text: string; records: RunRecord[] }> {
  for (let attempt = 1; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', records: [] };
      throw error;
    }
    try {
      return { text, records: parseRunLog(text, file) };
    } catch (error) {
      if (attempt >= attempts || text.endsWith('\n')) throw error;
      try {
        parseRunLog(text.slice(0, text.lastIndexOf('\n') + 1), file);
      } catch {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
