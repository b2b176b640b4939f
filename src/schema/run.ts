/**
 * The run log: one JSON line per day a daily run worked on, appended to `content/runs.jsonl` by
 * `scripts/daily.ts` and committed by the workflow, whether or not a briefing was written.
 *
 * A briefing only exists for the days that worked. The run log is what lets the `/status/` page
 * explain the other days honestly: a failed source, a run that found nothing new, a key out of credit.
 * It holds facts and plain-text reasons only, never secrets (reasons are redacted before writing).
 */
import { z } from 'zod';
import { formatIssues, httpUrl, isoDay, sourceSchema } from './briefing.ts';

/** Bump when a record's shape changes in a way old lines must be migrated for. */
const RUN_SCHEMA_VERSION = 1;

/**
 * How a day's run ended.
 * - `published`: a briefing was created or updated.
 * - `unchanged`: the briefing was regenerated and came out identical.
 * - `kept-edited`: the day's briefing was edited by hand and kept (run again with `--force` to replace it).
 * - `nothing-new`: there was nothing to write about (no listing, everything already covered).
 * - `skipped`: the run chose not to write the day (the reason says why).
 * - `failed`: the run failed; `reason` says why and `sources` which source was down.
 */
export const runOutcome = z.enum(['published', 'unchanged', 'kept-edited', 'nothing-new', 'skipped', 'failed']);
export type RunOutcome = z.infer<typeof runOutcome>;

/** Outcomes after which the day's archive is in order (the run itself succeeded). */
export const SUCCESSFUL_OUTCOMES: ReadonlySet<RunOutcome> = new Set(['published', 'unchanged', 'kept-edited', 'nothing-new', 'skipped']);

/** What started the run: the cron, a manual dispatch, or a person on their machine. */
const runTrigger = z.enum(['schedule', 'manual', 'local', 'other']);
export type RunTrigger = z.infer<typeof runTrigger>;

const isoTimestamp = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), {
  error: (iss) => `expected an ISO timestamp such as 2026-05-31T00:31:12Z, got ${JSON.stringify(iss.input)}`,
});

const count = z.number().int().nonnegative();

const runRecordSchema = z
  .object({
    schema: z.literal(RUN_SCHEMA_VERSION).default(RUN_SCHEMA_VERSION),
    /** The briefing day the run worked on (in the configured timezone). */
    date: isoDay,
    startedAt: isoTimestamp,
    finishedAt: isoTimestamp,
    trigger: runTrigger.default('other'),
    outcome: runOutcome,
    /** Plain text: why the run failed, or what it did when that is not obvious. */
    reason: z.string().default(''),
    /** The briefing file, relative to the project root, when one exists for the day. */
    briefing: z.string().nullable().default(null),
    /** Papers in the briefing (featured and listed). */
    papers: count.default(0),
    /** Papers with a full write-up. */
    featured: count.default(0),
    writer: z.enum(['llm', 'extractive', 'imported', 'mixed']).nullable().default(null),
    model: z.string().nullable().default(null),
    tokens: z.object({ input: count, output: count }).default({ input: 0, output: 0 }),
    /** LLM calls made, answered from cache, and papers that fell back to the extractive writer. */
    llm: z.object({ calls: count, cached: count, fallbacks: count }).default({ calls: 0, cached: 0, fallbacks: 0 }),
    /** HTTP requests made to the sources. */
    requests: count.default(0),
    /** Each source and how it went (same shape as a briefing's `sources`). */
    sources: z.array(sourceSchema).default([]),
    window: z.object({ from: isoDay, to: isoDay, widened: z.boolean().default(false) }).optional(),
    /** Link to the GitHub Actions run, when the run happened there. */
    runUrl: httpUrl.optional(),
  })
  .superRefine((r, ctx) => {
    if (Date.parse(r.finishedAt) < Date.parse(r.startedAt)) {
      ctx.addIssue({ code: 'custom', path: ['finishedAt'], message: `finishedAt (${r.finishedAt}) is before startedAt (${r.startedAt})`, input: r.finishedAt });
    }
    if (r.outcome === 'failed' && r.reason.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a failed run must say why (reason is empty)', input: r.reason });
    }
  });
export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunRecordInput = z.input<typeof runRecordSchema>;

/** Parses one record or throws an Error naming the file, line and fields. */
export function parseRunRecord(data: unknown, where?: string): RunRecord {
  const result = runRecordSchema.safeParse(data);
  if (!result.success) throw new Error(`invalid run record\n${formatIssues(result.error, where)}`);
  return result.data;
}

/**
 * Parses a whole run log (JSON Lines). Blank lines are allowed; anything else that is not a valid record
 * throws an Error naming `file:line` and the field, so a broken log fails the build loudly.
 */
export function parseRunLog(text: string, file = 'runs.jsonl'): RunRecord[] {
  const records: RunRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message})`);
    }
    records.push(parseRunRecord(data, where));
  });
  return records;
}

/** One log line for a record: validated, keys in schema order, no trailing newline. */
export function formatRunRecord(record: RunRecordInput): string {
  return JSON.stringify(parseRunRecord(record));
}
