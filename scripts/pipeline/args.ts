/**
 * Command-line flags of `npm run brief` (and the day flags `npm run daily` shares). Pure: returns the
 * parsed options or throws a UsageError naming the flag, so the CLI can exit 2 before touching anything.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { isValidDay } from '../../src/schema/briefing.ts';
import { addDays } from '../../lib/dates.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface BriefArgs {
  /** Dates to brief, oldest first (one unless --from/--to). */
  dates: string[];
  replayDir: string | null;
  force: boolean;
  dryRun: boolean;
  /** Run as npm's prebuild: never fail the build except for a config error. */
  prebuild: boolean;
  /** Write a machine-readable report (scripts/publish/brief-report.ts) to this file. */
  reportFile: string | null;
  help: boolean;
}

export const USAGE = `Usage: npm run brief -- [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--replay DIR] [--force] [--dry-run]

  --date D       brief one day (default: today in the configured timezone)
  --from D --to D  brief each day of a range, oldest first
  --replay DIR   use recorded responses (DIR/hf/YYYY-MM-DD.json, DIR/arxiv/, DIR/github/) instead of the network
  --force        rebuild a briefing that already exists (even one edited by hand)
  --dry-run      fetch, rank and write in memory only: no briefing, snapshot or cache is written
  --report FILE  also write a JSON report of each day (outcome, sources, requests) for scripts/daily.ts
  --prebuild     the mode \`npm run build\` uses: returns at once when today's briefing exists and never fails
                 the build for a network problem (exit 0 with one line); config errors still exit 2
  --help         show this help`;

/** Longest range one invocation accepts (a typo in a year should not start a 10-year run). */
const MAX_RANGE_DAYS = 1000;

function day(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isValidDay(value)) throw new UsageError(`${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * The days a command works on, from `--date D` or `--from D --to D` (inclusive), else today. Shared by
 * `npm run brief` and `npm run daily`, so both accept and reject exactly the same flags.
 */
export function selectDates(flags: { date?: string | undefined; from?: string | undefined; to?: string | undefined }, today: string): string[] {
  const date = day('--date', flags.date);
  const from = day('--from', flags.from);
  const to = day('--to', flags.to);
  if (date && (from || to)) throw new UsageError('--date cannot be combined with --from/--to');
  if ((from && !to) || (!from && to)) throw new UsageError(from ? '--from needs --to' : '--to needs --from');
  if (!from || !to) return [date ?? today];
  if (from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    dates.push(d);
    if (dates.length > MAX_RANGE_DAYS) throw new UsageError(`--from/--to: the range is longer than ${MAX_RANGE_DAYS} days`);
  }
  return dates;
}

/** The flags of every command that briefs days (`brief`, `daily`): which days, from where, and how. */
export const DAY_FLAGS = {
  date: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  replay: { type: 'string' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsOptionsConfig;

/** `util.parseArgs`, strict and without positionals; a bad flag is a UsageError in node's own words. */
export function parseFlags<O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function parseBriefArgs(argv: readonly string[], today: string): BriefArgs {
  const v = parseFlags(argv, {
    ...DAY_FLAGS,
    prebuild: { type: 'boolean', default: false },
    report: { type: 'string' },
  });
  const dates = selectDates({ date: v.date, from: v.from, to: v.to }, today);
  if (v.replay !== undefined && v.replay.trim() === '') throw new UsageError('--replay: expected a directory');
  if (v.report !== undefined && v.report.trim() === '') throw new UsageError('--report: expected a file name');
  return { dates, replayDir: v.replay ?? null, force: Boolean(v.force), dryRun: Boolean(v['dry-run']), prebuild: Boolean(v.prebuild), reportFile: v.report ?? null, help: Boolean(v.help) };
}
