/**
 * The run log of this build (`archive.runsLog`, default content/runs.jsonl; RUNS_LOG overrides it and, like
 * BRIEFINGS_DIR, resolves against the working directory), read once for the status page.
 */
import path from 'node:path';
import { readRunLog } from '../../lib/runlog.ts';
import { config } from '../config.ts';
import type { RunRecord } from '../schema/run.ts';

let cached: Promise<RunRecord[]> | undefined;

/** The run log of this build, read once. */
export function getRunLog(): Promise<RunRecord[]> {
  cached ??= readRunLog(path.resolve(config.archive.runsLog)).then((r) => r.records);
  return cached;
}
