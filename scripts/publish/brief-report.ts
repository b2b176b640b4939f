/**
 * The machine-readable report `npm run brief -- --report FILE` writes: one entry per day with the same
 * facts the terminal summary prints (outcome, papers, sources, requests, tokens). `scripts/daily.ts`
 * reads it to append the run log, write the job summary and decide what to commit.
 *
 * Validated when read: it crosses a process boundary, and a malformed report must fail loudly rather
 * than record a wrong day.
 */
import { z } from 'zod';
import { formatIssues, isoDay, sourceSchema } from '../../src/schema/briefing.ts';
import { runOutcome } from '../../src/schema/run.ts';

export const BRIEF_REPORT_VERSION = 1;

const count = z.number().int().nonnegative();

export const sourceStatsSchema = z.object({
  requests: count,
  retries: count.default(0),
  failures: count.default(0),
  notModified: count.default(0),
  rateLimited: count.default(0),
  bytes: count.default(0),
});
export type SourceStatsReport = z.infer<typeof sourceStatsSchema>;

export const reportDaySchema = z.object({
  date: isoDay,
  outcome: runOutcome,
  reason: z.string().default(''),
  /** The briefing file (absolute or relative to the project root), when one exists for the day. */
  path: z.string().nullable().default(null),
  offline: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  papers: count.default(0),
  featured: count.default(0),
  covered: count.default(0),
  window: z
    .object({ from: isoDay, to: isoDay, days: z.array(isoDay).default([]), widened: z.boolean().default(false), note: z.string().default('') })
    .nullable()
    .default(null),
  sources: z.array(sourceSchema).default([]),
  /** HTTP counters per source client (hf, arxiv, github, …). */
  stats: z.record(z.string(), sourceStatsSchema).default({}),
  usage: z.object({ calls: count, inputTokens: count, outputTokens: count, cached: count, fallbacks: count }).nullable().default(null),
  writer: z.string().nullable().default(null),
  durationMs: z.number().nonnegative().default(0),
});
export type ReportDay = z.infer<typeof reportDaySchema>;

export const briefReportSchema = z.object({
  version: z.literal(BRIEF_REPORT_VERSION),
  startedAt: z.string(),
  finishedAt: z.string(),
  days: z.array(reportDaySchema),
});
export type BriefReport = z.infer<typeof briefReportSchema>;
export type BriefReportInput = z.input<typeof briefReportSchema>;

/** Parses a report or throws an Error naming the file and the fields. */
export function parseBriefReport(text: string, file: string): BriefReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const result = briefReportSchema.safeParse(data);
  if (!result.success) throw new Error(`invalid brief report\n${formatIssues(result.error, file)}`);
  return result.data;
}
