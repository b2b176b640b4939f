/**
 * The pure parts of the daily run (scripts/daily.ts): turning the brief report into run-log records,
 * the commit message, the GitHub job summary and the step outputs. No I/O here.
 */
import path from 'node:path';
import type { Source } from '../../src/schema/briefing.ts';
import { formatRunRecord, parseRunRecord, type RunOutcome, type RunRecord, type RunTrigger } from '../../src/schema/run.ts';
import { redactSecrets } from '../lib/secrets.ts';
import type { BriefReport, ReportDay, SourceStatsReport } from './brief-report.ts';

export { redactSecrets, SECRET_ENV } from '../lib/secrets.ts';

/** What started this run, from the GitHub Actions environment (a person's machine otherwise). */
export function triggerFromEnv(env: Record<string, string | undefined>): RunTrigger {
  if (env.GITHUB_ACTIONS !== 'true') return 'local';
  if (env.GITHUB_EVENT_NAME === 'schedule') return 'schedule';
  if (env.GITHUB_EVENT_NAME === 'workflow_dispatch') return 'manual';
  return 'other';
}

/** The link to this GitHub Actions run, when there is one. */
export function runUrlFromEnv(env: Record<string, string | undefined>): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env;
  if (env.GITHUB_ACTIONS !== 'true' || !GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_RUN_ID) return undefined;
  return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`;
}

/** Facts read back from a briefing file the run wrote or kept. */
export interface BriefingFileFacts {
  papers: number;
  featured: number;
  writer: RunRecord['writer'];
  model: string | null;
  tokens: { input: number; output: number };
}

export interface RecordContext {
  /** Project root: briefing paths are stored relative to it. */
  root: string;
  trigger: RunTrigger;
  runUrl?: string;
  env: Record<string, string | undefined>;
  /** The briefing's own frontmatter, by date, when a file exists for the day. */
  briefings?: ReadonlyMap<string, BriefingFileFacts>;
}

function totalRequests(stats: Record<string, SourceStatsReport>): number {
  return Object.values(stats).reduce((n, s) => n + s.requests, 0);
}

function relativePath(root: string, file: string | null): string | null {
  if (!file) return null;
  const abs = path.resolve(root, file);
  return path.relative(root, abs).split(path.sep).join('/');
}

const WRITERS = new Set(['llm', 'extractive', 'imported', 'mixed']);

/** One run-log record per day of the report. */
export function recordsFromReport(report: BriefReport, ctx: RecordContext): RunRecord[] {
  return report.days.map((day) => {
    const facts = ctx.briefings?.get(day.date);
    const usage = day.usage;
    const record = {
      date: day.date,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      trigger: ctx.trigger,
      outcome: day.outcome,
      reason: redactSecrets(day.reason, ctx.env).trim() || (day.outcome === 'failed' ? 'the brief step failed without saying why' : ''),
      briefing: facts ? relativePath(ctx.root, day.path) : null,
      papers: facts?.papers ?? day.papers,
      featured: facts?.featured ?? day.featured,
      writer: facts?.writer ?? (day.writer && WRITERS.has(day.writer) ? (day.writer as RunRecord['writer']) : null),
      model: facts?.model ?? null,
      tokens: usage ? { input: usage.inputTokens, output: usage.outputTokens } : (facts?.tokens ?? { input: 0, output: 0 }),
      llm: usage ? { calls: usage.calls, cached: usage.cached, fallbacks: usage.fallbacks } : { calls: 0, cached: 0, fallbacks: 0 },
      requests: totalRequests(day.stats),
      sources: day.sources.map((s) => ({ ...s, note: redactSecrets(s.note, ctx.env) })),
      ...(day.window ? { window: { from: day.window.from, to: day.window.to, widened: day.window.widened } } : {}),
      ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}),
    };
    return parseRunRecord(record, `brief report, ${day.date}`);
  });
}

/** Failed records for days the brief step could not report on (it crashed, or wrote no report). */
export function failedRecords(dates: readonly string[], reason: string, times: { startedAt: string; finishedAt: string }, ctx: RecordContext): RunRecord[] {
  const clean = redactSecrets(reason, ctx.env).trim() || 'the brief step failed without saying why';
  return dates.map((date) =>
    parseRunRecord({ date, ...times, trigger: ctx.trigger, outcome: 'failed', reason: clean, ...(ctx.runUrl ? { runUrl: ctx.runUrl } : {}) }, `run ${date}`),
  );
}

/** The run's outcome as one word, worst first: a failed day fails the run. */
export function overallOutcome(records: readonly RunRecord[]): RunOutcome | 'none' {
  const order: RunOutcome[] = ['failed', 'published', 'kept-edited', 'unchanged', 'nothing-new', 'skipped'];
  for (const outcome of order) if (records.some((r) => r.outcome === outcome)) return outcome;
  return 'none';
}

/** One line explaining the run: the failed days' reasons, else the days' own. */
export function overallReason(records: readonly RunRecord[]): string {
  const failed = records.filter((r) => r.outcome === 'failed');
  const pick = failed.length > 0 ? failed : records;
  return pick
    .map((r) => (records.length > 1 ? `${r.date}: ${r.reason || r.outcome}` : r.reason || r.outcome))
    .join('; ')
    .replace(/\s+/g, ' ')
    .trim();
}

function writerLabel(r: Pick<RunRecord, 'writer' | 'model'>): string {
  if (!r.writer) return '—';
  return r.model && (r.writer === 'llm' || r.writer === 'mixed') ? `${r.writer} ${r.model}` : r.writer;
}

/** The commit message for the content of this run. */
export function commitMessage(records: readonly RunRecord[]): string {
  const dates = records.map((r) => r.date);
  const span = dates.length === 0 ? 'no day' : dates.length === 1 ? dates[0]! : `${dates[0]}…${dates.at(-1)}`;
  const published = records.filter((r) => r.outcome === 'published');
  let subject: string;
  if (records.length === 1 && published.length === 1) {
    const r = published[0]!;
    subject = `Briefing ${r.date}: ${r.papers} papers (${writerLabel(r)})`;
  } else if (published.length > 0) {
    subject = `Briefings ${span}: ${published.length} published, ${records.length - published.length} other`;
  } else {
    subject = `Run log ${span}: ${overallOutcome(records)}`;
  }
  const lines = records.map((r) => `- ${r.date}: ${r.outcome}${r.papers ? `, ${r.papers} papers` : ''}${r.reason ? ` (${r.reason.replace(/\s+/g, ' ')})` : ''}`);
  const body = lines.length > SUMMARY_DAYS ? [...lines.slice(0, SUMMARY_DAYS), `- … and ${lines.length - SUMMARY_DAYS} more days (see content/runs.jsonl)`] : lines;
  const url = records.find((r) => r.runUrl)?.runUrl;
  return [subject, '', ...body, ...(url ? ['', `Run: ${url}`] : [])].join('\n') + '\n';
}

const ICON: Record<RunOutcome, string> = {
  published: '✅',
  unchanged: '✅',
  'kept-edited': '✋',
  'nothing-new': '💤',
  skipped: '⏭️',
  failed: '❌',
};
const STATUS_ICON: Record<Source['status'], string> = { ok: '✅', degraded: '⚠️', failed: '❌', skipped: '⏭️' };

function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ').trim() || '—';
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

/** Days a job summary lists in full. */
export const SUMMARY_DAYS = 31;

export interface SummaryInput {
  records: readonly RunRecord[];
  /** The report, for per-day timing and HTTP counters; absent when the brief step wrote none. */
  report?: BriefReport;
  /** Changed files to commit (`git status` style: path and a one-letter state). */
  changes: readonly { path: string; state: string }[];
  build: { ran: boolean; ok: boolean; error?: string; site?: string };
  dryRun: boolean;
  publishOnly?: boolean;
}

/** Markdown for `$GITHUB_STEP_SUMMARY` (also printed by a local dry run). */
export function jobSummary(input: SummaryInput): string {
  const all = input.records;
  const outcome = overallOutcome(all);
  const lines: string[] = [];
  const span = all.length > 3 ? `${all[0]!.date}…${all.at(-1)!.date}` : all.map((r) => r.date).join(', ');
  const title = input.publishOnly ? 'Daily briefing: publish only' : `Daily briefing ${span}: ${outcome}`;
  lines.push(`## ${title}${input.dryRun ? ' (dry run)' : ''}`, '');
  // GitHub caps a job summary at 1 MiB: a long backfill shows its failed days and the newest ones.
  const records = all.length > SUMMARY_DAYS ? all.filter((r, i) => r.outcome === 'failed' || i >= all.length - SUMMARY_DAYS) : all;
  if (records.length < all.length) {
    const counts = [...new Set(all.map((r) => r.outcome))].map((o) => `${all.filter((r) => r.outcome === o).length} ${o}`).join(', ');
    lines.push(`${all.length} days (${counts}); below: the failed days and the newest ${SUMMARY_DAYS}. The run log has every day.`, '');
  }
  if (records.length > 0) {
    const reportDays = new Map<string, ReportDay>((input.report?.days ?? []).map((d) => [d.date, d]));
    lines.push('| day | outcome | papers | featured | writer | tokens in / out | LLM calls (cached, fallbacks) | requests | time |');
    lines.push('| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |');
    for (const r of records) {
      const time = reportDays.get(r.date)?.durationMs;
      lines.push(
        `| ${r.date} | ${ICON[r.outcome]} ${r.outcome} | ${r.papers} | ${r.featured} | ${cell(writerLabel(r))} | ${n(r.tokens.input)} / ${n(r.tokens.output)} | ${r.llm.calls} (${r.llm.cached}, ${r.llm.fallbacks}) | ${r.requests} | ${time !== undefined ? `${(time / 1000).toFixed(1)} s` : '—'} |`,
      );
    }
    lines.push('');
    for (const r of records) if (r.reason) lines.push(`- **${r.date}**: ${cell(r.reason)}`);
    lines.push('');
    const withSources = records.filter((r) => r.sources.length > 0);
    if (withSources.length > 0) {
      lines.push('### Sources', '', '| day | source | status | requests | note |', '| --- | --- | --- | ---: | --- |');
      for (const r of withSources) for (const s of r.sources) lines.push(`| ${r.date} | ${cell(s.name)} | ${STATUS_ICON[s.status]} ${s.status} | ${s.requests ?? '—'} | ${cell(s.note)} |`);
      lines.push('');
    }
    const shownDates = new Set(records.map((r) => r.date));
    const stats = (input.report?.days ?? []).filter((d) => shownDates.has(d.date)).flatMap((d) => Object.entries(d.stats).map(([name, s]) => ({ date: d.date, name, s })));
    if (stats.length > 0) {
      lines.push('### Requests', '', '| day | client | requests | retries | failures | 304 | rate-limited | received |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const { date, name, s } of stats) lines.push(`| ${date} | ${cell(name)} | ${s.requests} | ${s.retries} | ${s.failures} | ${s.notModified} | ${s.rateLimited} | ${n(Math.round(s.bytes / 1024))} KiB |`);
      lines.push('');
    }
  }
  // Without a build here (`--no-build`), the workflow's own build step writes the site's section.
  if (input.build.ran) lines.push(siteSummary(input.build));
  lines.push(input.dryRun ? '### Would commit' : '### Content to commit', '');
  if (input.changes.length === 0) lines.push('Nothing changed.');
  else {
    const shown = input.changes.slice(0, 20);
    for (const c of shown) lines.push(`- \`${c.path}\` (${c.state === 'A' || c.state === '?' ? 'new' : c.state === 'D' ? 'deleted' : 'modified'})`);
    if (input.changes.length > shown.length) lines.push(`- … and ${input.changes.length - shown.length} more`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The job summary's section on the site build (the whole summary of `npm run daily -- --build-only`). */
export function siteSummary(build: SummaryInput['build']): string {
  const line = build.ok ? `Built${build.site ? ` for ${build.site}` : ''}.` : `❌ The build failed: ${cell(build.error ?? 'see the log')}`;
  return ['### Site', '', line, ''].join('\n');
}

/** `name=value` lines for `$GITHUB_OUTPUT`; values are single lines. */
export function formatOutputs(outputs: Record<string, string | number | boolean>): string {
  return Object.entries(outputs)
    .map(([name, value]) => `${name}=${String(value).replace(/[\r\n]+/g, ' ')}`)
    .join('\n')
    .concat('\n');
}

/** The log lines to append for these records. */
export function runLogLines(records: readonly RunRecord[]): string {
  return records.map((r) => formatRunRecord(r) + '\n').join('');
}
