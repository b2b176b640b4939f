/**
 * `npm run daily -- [--date D | --from D --to D] [--force] [--replay DIR] [--dry-run] [--publish-only]
 *                   [--no-build] [--patch FILE] [--message FILE] [--summary FILE]`
 *
 * The daily run, the same steps locally and in .github/workflows/daily.yml:
 *   1. brief      `npm run brief` for the day(s), with a machine-readable report
 *   2. record     one run-log record per day in content/runs.jsonl, also when nothing was written
 *   3. build      `npm run build` (the prebuild brief is skipped: step 1 did it)
 *   4. hand over  what changed under content/: printed (--dry-run), or as a patch and a commit message
 *                 for the workflow's commit job (--patch/--message); the job summary and step outputs
 *                 when running in GitHub Actions
 * It never commits, pushes or deploys itself: the workflow does that in jobs with their own permissions.
 *
 * Exit codes: 0 done; 1 a day failed or the build failed (all of it is still recorded and summarised);
 * 2 bad flags or config (nothing done).
 */
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { todayIn } from '../lib/dates.ts';
import type { RunRecord } from '../src/schema/run.ts';
import { readBriefingFile } from './mdx/write.ts';
import { selectDates, UsageError } from './pipeline/args.ts';
import { parseBriefReport, type BriefReport } from './publish/brief-report.ts';
import {
  commitMessage,
  failedRecords,
  formatOutputs,
  jobSummary,
  overallOutcome,
  overallReason,
  recordsFromReport,
  redactSecrets,
  runUrlFromEnv,
  triggerFromEnv,
  type BriefingFileFacts,
  type RecordContext,
} from './publish/daily-run.ts';
import { appendRunRecords, gitChanges, isGitWorkTree, runProcess, writeContentPatch, type Change } from './publish/io.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `Usage: npm run daily -- [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [options]

Runs what the daily workflow runs: brief, record the run, build. Never commits, pushes or deploys.

  --date D          the day to brief (default: today in the configured timezone)
  --from D --to D   each day of a range
  --force           replace briefings that were edited by hand
  --replay DIR      brief from recorded responses (see npm run brief -- --help)
  --dry-run         print what the workflow would commit (the briefing and run log are still written
                    to your working tree, as the workflow writes them before committing)
  --publish-only    skip the brief and the run record; only build
  --no-build        skip the site build
  --patch FILE      write the content changes as a git patch (the workflow's commit job applies it)
  --message FILE    write the commit message
  --summary FILE    append the Markdown summary (default: $GITHUB_STEP_SUMMARY when set)
  --help            show this help`;

export { UsageError };

export interface DailyArgs {
  dates: string[];
  explicitDates: boolean;
  force: boolean;
  replay: string | null;
  dryRun: boolean;
  publishOnly: boolean;
  build: boolean;
  patch: string | null;
  message: string | null;
  summary: string | null;
  help: boolean;
}

export function parseDailyArgs(argv: readonly string[], today: string): DailyArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        date: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        force: { type: 'boolean', default: false },
        replay: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'publish-only': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        patch: { type: 'string' },
        message: { type: 'string' },
        summary: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  for (const flag of ['replay', 'patch', 'message', 'summary'] as const) {
    if (values[flag] !== undefined && values[flag]!.trim() === '') throw new UsageError(`--${flag}: expected a path`);
  }
  const { date, from } = values;
  const dates = selectDates({ date: values.date, from: values.from, to: values.to }, today);
  if (values['publish-only'] && (date || from || values.force || values.replay)) throw new UsageError('--publish-only builds the archive as it is; it takes no --date, --from/--to, --force or --replay');
  return {
    dates,
    explicitDates: Boolean(date || from),
    force: values.force,
    replay: values.replay ?? null,
    dryRun: values['dry-run'],
    publishOnly: values['publish-only'],
    build: !values['no-build'],
    patch: values.patch ?? null,
    message: values.message ?? null,
    summary: values.summary ?? null,
    help: values.help,
  };
}

export interface DailyDeps {
  /** Project root (the git work tree); archive paths resolve against it. */
  root: string;
  /** The brief CLI. */
  briefScript: string;
  /** The root the brief CLI resolves its paths against (its report's paths are relative to it). */
  briefRoot: string;
  /** How to build the site: command and arguments. */
  buildCommand: [string, ...string[]];
  now: () => Date;
  out: (text: string) => void;
  err: (text: string) => void;
}

function defaultDeps(env: Record<string, string | undefined>): DailyDeps {
  // Under npm, npm_execpath is npm's own script: run it with this Node so the build uses Node 24 too.
  const npm: [string, ...string[]] = env.npm_execpath ? [process.execPath, env.npm_execpath] : ['npm'];
  return {
    root: repoRoot,
    briefScript: path.join(repoRoot, 'scripts/brief.ts'),
    briefRoot: repoRoot,
    buildCommand: [...npm, 'run', 'build'],
    now: () => new Date(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** The report with its briefing paths made absolute (the brief CLI writes them relative to its root). */
function absolutePaths(report: BriefReport, briefRoot: string): BriefReport {
  return { ...report, days: report.days.map((d) => ({ ...d, path: d.path ? path.resolve(briefRoot, d.path) : null })) };
}

/** Reads back what the briefing files of the report say (writer, model, tokens, counts). */
async function briefingFacts(root: string, report: BriefReport, config: BriefingConfig): Promise<Map<string, BriefingFileFacts>> {
  const facts = new Map<string, BriefingFileFacts>();
  for (const day of report.days) {
    if (!day.path || day.dryRun || day.outcome === 'failed' || day.outcome === 'nothing-new') continue;
    try {
      const { frontmatter: fm } = await readBriefingFile(path.resolve(root, day.path), config);
      facts.set(day.date, {
        papers: fm.papers.length,
        featured: fm.papers.filter((p) => p.featured).length,
        writer: fm.generator.writer,
        model: fm.generator.model ?? null,
        tokens: { input: fm.generator.tokens?.input ?? 0, output: fm.generator.tokens?.output ?? 0 },
      });
    } catch {
      // A briefing that does not parse is reported by the build; the record keeps the report's figures.
    }
  }
  return facts;
}

/** Step 1 and 2: brief the days and turn the outcome into run records. */
async function briefAndRecord(args: DailyArgs, env: Record<string, string | undefined>, deps: DailyDeps, config: BriefingConfig): Promise<{ records: RunRecord[]; report?: BriefReport }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'daily-'));
  const reportFile = path.join(tmp, 'brief-report.json');
  const startedAt = deps.now().toISOString();
  const briefArgs = [deps.briefScript, ...(args.dates.length > 1 ? ['--from', args.dates[0]!, '--to', args.dates.at(-1)!] : ['--date', args.dates[0]!])];
  if (args.force) briefArgs.push('--force');
  if (args.replay) briefArgs.push('--replay', args.replay);
  briefArgs.push('--report', reportFile);
  const ctx: RecordContext = { root: deps.root, trigger: triggerFromEnv(env), runUrl: runUrlFromEnv(env), env };
  try {
    deps.err(`daily: brief ${args.dates.length > 1 ? `${args.dates[0]}…${args.dates.at(-1)}` : args.dates[0]}\n`);
    const result = await runProcess(process.execPath, briefArgs, { cwd: deps.root, env: { ...process.env, ...env } });
    const finishedAt = deps.now().toISOString();
    let report: BriefReport | undefined;
    const text = await readFile(reportFile, 'utf8').catch(() => null);
    if (text !== null) report = absolutePaths(parseBriefReport(text, 'brief report'), deps.briefRoot);
    const lastLines = result.stderrTail.split('\n').filter((l) => l.trim()).slice(-3).join(' ');
    const crash = result.code === 2 ? `the brief step refused to run (exit 2): ${lastLines}` : `the brief step stopped (exit ${result.code}): ${lastLines}`;
    if (!report) return { records: failedRecords(args.dates, crash, { startedAt, finishedAt }, ctx) };
    const records = recordsFromReport(report, { ...ctx, briefings: await briefingFacts(deps.root, report, config) });
    // Days the report does not cover (the brief stopped halfway through a range) failed too.
    const missing = args.dates.filter((d) => !report!.days.some((day) => day.date === d));
    if (missing.length > 0) records.push(...failedRecords(missing, crash, { startedAt, finishedAt }, ctx));
    return { records, report };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>, overrides: Partial<DailyDeps> = {}): Promise<number> {
  const deps = { ...defaultDeps(env), ...overrides };
  let config: BriefingConfig;
  let args: DailyArgs;
  try {
    config = await loadConfig(env);
    args = parseDailyArgs(argv, todayIn(config.timezone, deps.now()));
  } catch (error) {
    deps.err(`daily: ${(error as Error).message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}\n`);
    // In the workflow, the failure-tracking job reads the reason from here (e.g. a mistyped dispatch date).
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, formatOutputs({ outcome: 'failed', reason: redactSecrets((error as Error).message, env), changed: false, built: false, papers: 0 }));
    return 2;
  }
  if (args.help) {
    deps.out(`${USAGE}\n`);
    return 0;
  }
  const inGit = await isGitWorkTree(deps.root);
  if (!inGit && args.patch) {
    deps.err(`daily: --patch: ${deps.root} is not a git work tree\n`);
    return 2;
  }
  const contentPaths = [config.archive.briefingsDir, config.archive.rawDir, config.archive.runsLog].map((p) => toPosix(path.relative(deps.root, path.resolve(deps.root, p))));
  const outside = contentPaths.filter((p) => p.startsWith('..') || path.isAbsolute(p));
  if (inGit && outside.length > 0) {
    deps.err(`daily: ${outside.join(', ')} lies outside ${deps.root}; the run cannot track it in git\n`);
    return 2;
  }
  const before: Change[] = inGit ? await gitChanges(deps.root, contentPaths) : [];

  // 1–2. Brief and record.
  let records: RunRecord[] = [];
  let report: BriefReport | undefined;
  let recordError: string | null = null;
  if (!args.publishOnly) {
    try {
      ({ records, report } = await briefAndRecord(args, env, deps, config));
      await appendRunRecords(path.resolve(deps.root, config.archive.runsLog), records);
      for (const r of records) deps.err(`daily: recorded ${r.date}: ${r.outcome}${r.reason ? ` (${r.reason})` : ''}\n`);
    } catch (error) {
      recordError = redactSecrets((error as Error).message, env);
      deps.err(`daily: could not record the run: ${recordError}\n`);
    }
  }

  // 3. Build. The prebuild brief is skipped: the days were briefed above.
  const build: { ran: boolean; ok: boolean; error?: string; site?: string } = { ran: args.build, ok: false };
  if (args.build) {
    const [command, ...rest] = deps.buildCommand;
    deps.err(`daily: build (${[command, ...rest].map((c) => path.basename(c)).join(' ')})\n`);
    const result = await runProcess(command, rest, { cwd: deps.root, env: { ...process.env, ...env, BRIEFING_PREBUILD: '0' } });
    build.ok = result.code === 0;
    build.site = `${config.site.url.replace(/\/$/, '')}${config.site.basePath}`;
    if (!build.ok) {
      const lines = result.stderrTail.split('\n').filter((l) => l.trim());
      build.error = redactSecrets(`exit ${result.code}: ${lines.slice(-3).join(' ')}`, env);
    }
  }

  // 4. Hand over.
  const after: Change[] = inGit ? await gitChanges(deps.root, contentPaths) : [];
  const message = commitMessage(records);
  if (args.patch && after.length > 0) await writeContentPatch(deps.root, after, path.resolve(args.patch));
  if (args.message) {
    await mkdir(path.dirname(path.resolve(args.message)), { recursive: true });
    await writeFile(path.resolve(args.message), message);
  }
  const summary = jobSummary({ records, report, changes: after, build, dryRun: args.dryRun, publishOnly: args.publishOnly });
  const summaryFile = args.summary ?? env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, `${summary}\n`);

  const outcome = recordError ? 'failed' : overallOutcome(records);
  const reasons = [recordError ? `recording the run failed: ${recordError}` : overallOutcome(records) === 'failed' ? overallReason(records) : '', build.ran && !build.ok ? `site build failed (${build.error})` : '']
    .filter(Boolean)
    .join('; ');
  if (env.GITHUB_OUTPUT) {
    await appendFile(
      env.GITHUB_OUTPUT,
      formatOutputs({
        outcome,
        reason: reasons || overallReason(records),
        changed: after.length > 0,
        built: build.ran && build.ok,
        papers: records.reduce((n, r) => n + r.papers, 0),
      }),
    );
  }
  if (env.GITHUB_ACTIONS === 'true' && reasons) deps.out(`::error title=Daily briefing::${reasons.replace(/[\r\n]+/g, ' ')}\n`);

  if (!inGit) deps.err('daily: not a git work tree; cannot tell what would be committed\n');
  else if (args.dryRun || !args.patch) {
    const preexisting = new Set(before.map((c) => `${c.state} ${c.path}`));
    deps.out(`\n${args.dryRun ? 'Dry run: nothing committed, pushed or deployed.' : 'Nothing committed (the workflow commits).'}\n`);
    if (after.length === 0) deps.out('Would commit: nothing (no content changed).\n');
    else {
      deps.out(`Would commit ${after.length} file${after.length === 1 ? '' : 's'}:\n`);
      const listed = after.slice(0, 50);
      for (const c of listed) deps.out(`  ${c.state === '?' ? 'A' : c.state} ${c.path}${preexisting.has(`${c.state} ${c.path}`) ? '   (already changed before this run)' : ''}\n`);
      if (after.length > listed.length) deps.out(`  … and ${after.length - listed.length} more\n`);
      deps.out(`with the message:\n${message.replace(/^/gm, '  ')}`);
    }
  }
  if (args.dryRun && !summaryFile) deps.out(`\n${summary}`);
  return reasons ? 1 : 0;
}

if (import.meta.main) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`daily: ${redactSecrets((error as Error).stack ?? String(error), process.env)}\n`);
      process.exitCode = 1;
    },
  );
}
