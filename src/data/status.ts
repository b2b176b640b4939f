/**
 * The figures of the `/status/` page, computed from the archive and the run log. Pure: the page (and
 * the tests) pass the briefings, the run records and "today"; nothing here reads files or the clock.
 *
 * Every day of the window gets a state and the facts that explain it, so a reader who finds no briefing
 * for a day sees why: a weekend, a source that was down (from a failed run's record), a run that found
 * nothing new, a run that failed for another reason, or no run at all.
 *
 * Every briefing counts, whichever command wrote it (`npm run daily`, `brief`, `import`, the demo): the
 * archive's own figures come from the briefings, not from the run log. An archive whose newest briefing
 * or run is older than the window (a replayed month, an import, the demo week, a daily run that stopped)
 * gets the window up to that newest day instead of a window of empty days, and the page says so.
 */
import type { Briefing, Generator, Source, SourceStatus } from '../schema/briefing.ts';
import { SUCCESSFUL_OUTCOMES, type RunRecord } from '../schema/run.ts';
import { addDays, weekdayOf } from '../../lib/dates.ts';

/** What the status page needs of a briefing's frontmatter. */
export type BriefingFacts = Pick<Briefing, 'date' | 'papers' | 'sources' | 'generator'>;

/**
 * - `published`: a briefing exists for the day.
 * - `kept-edited`: a briefing exists, edited by hand; the last run kept it.
 * - `weekend`: no briefing on a Saturday or Sunday, and the run recorded nothing new.
 * - `source-down`: the day's last run failed and at least one source was reported failed.
 * - `failed`: the day's last run failed for another reason (writer, key, build, …).
 * - `nothing-new`: the run found nothing to write about.
 * - `pending`: today, and no run has been recorded yet.
 * - `not-run`: a weekday with neither a briefing nor a recorded run.
 */
export type DayState = 'published' | 'kept-edited' | 'weekend' | 'source-down' | 'failed' | 'nothing-new' | 'pending' | 'not-run';

export const SOURCE_STATUSES: readonly SourceStatus[] = ['ok', 'degraded', 'failed', 'skipped'];

export interface DayBriefing {
  papers: number;
  featured: number;
  writer: Generator['writer'];
  model: string | null;
  tokens: { input: number; output: number };
  /** Model sentences dropped for numbers their sources do not hold (generator.grounding). */
  droppedNumbers: number;
}

export interface StatusDay {
  date: string;
  /** 0 = Sunday … 6 = Saturday (the calendar day's weekday, independent of any timezone). */
  weekday: number;
  weekend: boolean;
  state: DayState;
  briefing: DayBriefing | null;
  /** The day's last recorded run (a later re-run replaces an earlier one). */
  run: RunRecord | null;
  /** Runs recorded for the day. */
  attempts: number;
  /** Sources the last run reported as failed, with their notes. */
  downSources: Source[];
  /** Plain-text reason from the run log (or why the state was inferred). */
  reason: string;
  /** Source name → status on the day: from the last run when it reported sources, else from the briefing. */
  sources: Record<string, SourceStatus>;
  /** HTTP requests made for the day (last run). */
  requests: number;
}

export interface SourceHistory {
  name: string;
  /** Status per day, aligned with `StatusReport.days` (newest first); null when not reported. */
  days: (SourceStatus | null)[];
  counts: Record<SourceStatus, number>;
  /** The newest day on which the source was not `ok`. */
  lastProblem: { date: string; status: SourceStatus; note: string } | null;
}

export interface WriterUse {
  writer: Generator['writer'];
  model: string | null;
  days: number;
}

export interface StatusReport {
  today: string;
  /**
   * The newest day of the window: today, unless no briefing and no run falls in the `days` days up to
   * today; then the newest day with a briefing or a run (`stale` is true).
   */
  windowEnd: string;
  /** True when nothing happened in the `days` days up to today and the window ends at `windowEnd` instead. */
  stale: boolean;
  /** The window, newest day first: up to `days` calendar days ending at `windowEnd`, from the first day in it with a briefing or a run. */
  days: StatusDay[];
  lastRun: RunRecord | null;
  /** The newest run that did not fail. */
  lastSuccess: RunRecord | null;
  /** The newest briefing (a fallback for archives without a run log). */
  latestBriefing: { date: string; generatedAt: string | null } | null;
  /** The whole archive, whichever command wrote each briefing (days after today left out). */
  archive: { briefings: number; papers: number; first: string | null; latest: string | null };
  /** Failed runs in a row, counting back from the newest run. */
  failureStreak: number;
  sources: SourceHistory[];
  totals: {
    briefings: number;
    papers: number;
    featured: number;
    tokens: { input: number; output: number };
    requests: number;
    /** Model sentences dropped for unsupported numbers, over the window's briefings. */
    droppedNumbers: number;
    /** Days in the window without a briefing, by state. */
    gaps: Partial<Record<DayState, number>>;
    writers: WriterUse[];
  };
  /** The largest papers-per-day in the window (for scaling a chart); 0 when there is none. */
  maxPapers: number;
}

export interface StatusOptions {
  /** The day the page is built for, YYYY-MM-DD in the configured timezone. */
  today: string;
  /** How many calendar days the window covers. */
  days: number;
}

function byFinish(a: RunRecord, b: RunRecord): number {
  return Date.parse(a.finishedAt) - Date.parse(b.finishedAt);
}

function briefingFacts(b: BriefingFacts): DayBriefing {
  return {
    papers: b.papers.length,
    featured: b.papers.filter((p) => p.featured).length,
    writer: b.generator.writer,
    model: b.generator.model ?? null,
    tokens: { input: b.generator.tokens?.input ?? 0, output: b.generator.tokens?.output ?? 0 },
    droppedNumbers: b.generator.grounding?.dropped ?? 0,
  };
}

function dayState(date: string, today: string, weekend: boolean, briefing: BriefingFacts | undefined, run: RunRecord | null): { state: DayState; reason: string; downSources: Source[] } {
  const reason = run?.reason ?? '';
  if (briefing) return { state: run?.outcome === 'kept-edited' ? 'kept-edited' : 'published', reason, downSources: [] };
  if (run) {
    if (run.outcome === 'failed') {
      const downSources = run.sources.filter((s) => s.status === 'failed');
      return { state: downSources.length > 0 ? 'source-down' : 'failed', reason, downSources };
    }
    if (run.outcome === 'nothing-new' || run.outcome === 'skipped') return { state: weekend ? 'weekend' : 'nothing-new', reason, downSources: [] };
    // The run said it wrote the day, yet the archive has no such file: say so rather than guess.
    return {
      state: 'failed',
      reason: `the run recorded "${run.outcome}" but ${run.briefing ?? `the briefing for ${date}`} is not in the archive${reason ? ` (${reason})` : ''}`,
      downSources: [],
    };
  }
  if (date === today) return { state: 'pending', reason: '', downSources: [] };
  // The daily run also runs on weekends: a weekend day with no record is a missed run, not a quiet day.
  return { state: 'not-run', reason: '', downSources: [] };
}

/** Computes the status page's figures. Briefings and runs may come in any order. */
export function computeStatus(briefings: readonly BriefingFacts[], runs: readonly RunRecord[], options: StatusOptions): StatusReport {
  const { today } = options;
  if (!Number.isInteger(options.days) || options.days < 1) throw new Error(`computeStatus: days must be a positive integer, got ${options.days}`);

  const briefingByDate = new Map<string, BriefingFacts>();
  for (const b of briefings) briefingByDate.set(b.date, b);

  const sortedRuns = [...runs].sort(byFinish);
  const runsByDate = new Map<string, RunRecord[]>();
  for (const r of sortedRuns) {
    const list = runsByDate.get(r.date) ?? [];
    list.push(r);
    runsByDate.set(r.date, list);
  }

  // The window ends today, or at the newest day with a briefing or a run when the last `days` days hold
  // none (an archive written by `brief --replay`, `import` or the demo, or a daily run that stopped).
  const allKnown = [...new Set([...briefingByDate.keys(), ...runsByDate.keys()])].filter((d) => d <= today).sort();
  const newestKnown = allKnown.at(-1);
  const stale = newestKnown !== undefined && newestKnown < addDays(today, -(options.days - 1));
  const windowEnd = stale ? newestKnown : today;
  // The window starts at the first day inside it with a briefing or a run: days before an archive
  // existed, or before the daily run began (after an import of old briefings, say), are not gaps.
  const windowStart = addDays(windowEnd, -(options.days - 1));
  const first = allKnown.find((d) => d >= windowStart) ?? windowEnd;

  const days: StatusDay[] = [];
  for (let date = windowEnd; date >= first; date = addDays(date, -1)) {
    const weekday = weekdayOf(date);
    const weekend = weekday === 0 || weekday === 6;
    const briefing = briefingByDate.get(date);
    const dayRuns = runsByDate.get(date) ?? [];
    const run = dayRuns.at(-1) ?? null;
    const { state, reason, downSources } = dayState(date, today, weekend, briefing, run);
    const reported = run && run.sources.length > 0 ? run.sources : (briefing?.sources ?? []);
    const sources: Record<string, SourceStatus> = {};
    for (const s of reported) sources[s.name] = s.status;
    days.push({
      date,
      weekday,
      weekend,
      state,
      briefing: briefing ? briefingFacts(briefing) : null,
      run,
      attempts: dayRuns.length,
      downSources,
      reason,
      sources,
      requests: run?.requests ?? briefing?.sources.reduce((n, s) => n + (s.requests ?? 0), 0) ?? 0,
    });
  }

  // Sources: every name seen in the window, in order of appearance from the newest day.
  const names: string[] = [];
  for (const day of days) for (const name of Object.keys(day.sources)) if (!names.includes(name)) names.push(name);
  const sources: SourceHistory[] = names.map((name) => {
    const counts: Record<SourceStatus, number> = { ok: 0, degraded: 0, failed: 0, skipped: 0 };
    let lastProblem: SourceHistory['lastProblem'] = null;
    const statuses = days.map((day) => {
      const status = day.sources[name] ?? null;
      if (status) {
        counts[status] += 1;
        if (status !== 'ok' && !lastProblem) {
          const reported = day.run && day.run.sources.length > 0 ? day.run.sources : (briefingByDate.get(day.date)?.sources ?? []);
          lastProblem = { date: day.date, status, note: reported.find((s) => s.name === name)?.note ?? '' };
        }
      }
      return status;
    });
    return { name, days: statuses, counts, lastProblem };
  });

  const writers: WriterUse[] = [];
  const gaps: Partial<Record<DayState, number>> = {};
  const totals: StatusReport['totals'] = { briefings: 0, papers: 0, featured: 0, tokens: { input: 0, output: 0 }, requests: 0, droppedNumbers: 0, gaps, writers };
  for (const day of days) {
    totals.requests += day.requests;
    if (!day.briefing) {
      gaps[day.state] = (gaps[day.state] ?? 0) + 1;
      continue;
    }
    const b = day.briefing;
    totals.briefings += 1;
    totals.papers += b.papers;
    totals.featured += b.featured;
    totals.tokens.input += b.tokens.input;
    totals.tokens.output += b.tokens.output;
    totals.droppedNumbers += b.droppedNumbers;
    const use = writers.find((w) => w.writer === b.writer && w.model === (b.writer === 'llm' || b.writer === 'mixed' ? b.model : null));
    if (use) use.days += 1;
    else writers.push({ writer: b.writer, model: b.writer === 'llm' || b.writer === 'mixed' ? b.model : null, days: 1 });
  }
  // Most used first; Array.prototype.sort is stable, so a tie keeps the most recently used first.
  writers.sort((a, b) => b.days - a.days);

  let failureStreak = 0;
  for (let i = sortedRuns.length - 1; i >= 0 && sortedRuns[i]!.outcome === 'failed'; i--) failureStreak += 1;
  const lastSuccess = [...sortedRuns].reverse().find((r) => SUCCESSFUL_OUTCOMES.has(r.outcome)) ?? null;

  const newestBriefing = [...briefingByDate.values()].sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  const archived = [...briefingByDate.values()].filter((b) => b.date <= today).sort((a, b) => (a.date < b.date ? -1 : 1));

  return {
    today,
    windowEnd,
    stale,
    days,
    lastRun: sortedRuns.at(-1) ?? null,
    lastSuccess,
    latestBriefing: newestBriefing ? { date: newestBriefing.date, generatedAt: newestBriefing.generator.generatedAt ?? null } : null,
    archive: {
      briefings: archived.length,
      papers: archived.reduce((n, b) => n + b.papers.length, 0),
      first: archived[0]?.date ?? null,
      latest: archived.at(-1)?.date ?? null,
    },
    failureStreak,
    sources,
    totals,
    maxPapers: days.reduce((m, d) => Math.max(m, d.briefing?.papers ?? 0), 0),
  };
}
