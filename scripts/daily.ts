/**
 * `npm run daily -- [--date D | --from D --to D] [--force] [--replay DIR] [--dry-run] [--publish-only]
 *                   [--no-build | --build-only] [--patch FILE] [--message FILE] [--summary FILE]`
 *
 * The daily run, the same steps locally and in .github/workflows/daily.yml:
 *   1. brief      `npm run brief` for the day(s), with a machine-readable report
 *   2. record     one run-log record per day in content/runs.jsonl, also when nothing was written
 *   3. build      `npm run build` (the prebuild brief is skipped: step 1 did it)
 *   4. hand over  what changed under content/: printed (--dry-run), or as a patch and a commit message
 *                 for the workflow's commit job (--patch/--message); the job summary and step outputs
 *                 when running in GitHub Actions
 * It never commits, pushes or deploys itself: the workflow does that in jobs with their own permissions.
 * The workflow runs steps 1, 2 and 4 (`--no-build`, with the secrets) and step 3 (`--build-only`, without
 * them) as two steps; run here in one go, the secrets still reach only the brief process.
 *
 * Secrets (OPENAI_API_KEY, GITHUB_TOKEN) go to the brief process and nowhere else: the build, its plugins
 * and pagefind run without them; the children's output is redacted before it is printed; and content
 * that holds a secret's value is never handed over.
 *
 * A run killed halfway (SIGKILL, a cancelled job) leaves the temp files of atomic writes beside the
 * archive: they never reach the patch, and the next run removes those whose process is gone.
 *
 * Exit codes: 0 done; 1 a day failed or the build failed (all of it is still recorded and summarised);
 * 2 bad flags or config (nothing done).
 */
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lib/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { todayIn } from '../lib/dates.ts';
import type { RunRecord } from '../src/schema/run.ts';
import { readBriefingFile } from './mdx/write.ts';
import { DAY_FLAGS, parseFlags, selectDates, UsageError } from './pipeline/args.ts';
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
  siteSummary,
  runUrlFromEnv,
  triggerFromEnv,
  type BriefingFileFacts,
  type RecordContext,
} from './publish/daily-run.ts';
import { redactingWriter, withoutSecrets } from './lib/secrets.ts';
import { appendRunRecords, gitChanges, isGitWorkTree, runProcess, secretsInChanges, sweepStaleTempFiles, writeContentPatch, type Change } from './publish/io.ts';

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
  --no-build        skip the site build (the workflow builds in a step of its own, without secrets)
  --build-only      only build the site: its summary section and the \`built\` output, nothing else
  --patch FILE      write the content changes as a git patch (the workflow's commit job applies it)
  --message FILE    write the commit message
  --summary FILE    append the Markdown summary (default: $GITHUB_STEP_SUMMARY when set)
  --help            show this help

Environment: BRIEFING_REPLAY=DIR works as --replay DIR (the workflow harness sets it, so that no
request leaves the machine).`;

export { UsageError };

export interface DailyArgs {
  dates: string[];
  explicitDates: boolean;
  force: boolean;
  replay: string | null;
  dryRun: boolean;
  publishOnly: boolean;
  build: boolean;
  buildOnly: boolean;
  patch: string | null;
  message: string | null;
  summary: string | null;
  help: boolean;
}

export function parseDailyArgs(argv: readonly string[], today: string, env: Record<string, string | undefined> = {}): DailyArgs {
  const values = parseFlags(argv, {
    ...DAY_FLAGS,
    'publish-only': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'build-only': { type: 'boolean', default: false },
    patch: { type: 'string' },
    message: { type: 'string' },
    summary: { type: 'string' },
  });
  for (const flag of ['replay', 'patch', 'message', 'summary'] as const) {
    if (values[flag] !== undefined && values[flag]!.trim() === '') throw new UsageError(`--${flag}: expected a path`);
  }
  const { date, from } = values;
  const dates = selectDates({ date: values.date, from: values.from, to: values.to }, today);
  if (values['publish-only'] && (date || from || values.force || values.replay)) throw new UsageError('--publish-only builds the archive as it is; it takes no --date, --from/--to, --force or --replay');
  const buildOnly = values['build-only'];
  if (buildOnly) {
    const others = (['date', 'from', 'to', 'force', 'replay', 'dry-run', 'publish-only', 'no-build', 'patch', 'message'] as const).filter((f) => values[f] !== undefined && values[f] !== false);
    if (others.length > 0) throw new UsageError(`--build-only only builds the site; it takes no ${others.map((f) => `--${f}`).join(', ')}`);
  }
  const replayEnv = env.BRIEFING_REPLAY?.trim();
  return {
    dates,
    explicitDates: Boolean(date || from),
    force: values.force,
    replay: values.replay ?? (replayEnv && !values['publish-only'] && !buildOnly ? replayEnv : null),
    dryRun: values['dry-run'],
    publishOnly: values['publish-only'],
    build: !values['no-build'],
    buildOnly,
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

/** A child's output, redacted of the secrets in `env`, on the way to the daily run's own output. */
function redacted(write: (text: string) => void, env: Record<string, string | undefined>) {
  const writer = redactingWriter(write, env);
  return { write: (text: string) => writer.write(text), end: () => writer.end() };
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
  const out = redacted(deps.out, env);
  const err = redacted(deps.err, env);
  try {
    deps.err(`daily: brief ${args.dates.length > 1 ? `${args.dates[0]}…${args.dates.at(-1)}` : args.dates[0]}\n`);
    // The one process that gets the secrets: it calls the LLM and GitHub. What it prints is redacted
    // (a server may echo a key back in an error).
    const result = await runProcess(process.execPath, briefArgs, { cwd: deps.root, env: { ...process.env, ...env }, onStdout: out.write, onStderr: err.write });
    out.end();
    err.end();
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

type BuildResult = { ran: boolean; ok: boolean; error?: string; site?: string };

/** Step 3: the site build, without the secrets (astro, its plugins and pagefind have no use for them). */
async function buildSite(config: BriefingConfig, env: Record<string, string | undefined>, deps: DailyDeps): Promise<BuildResult> {
  const [command, ...rest] = deps.buildCommand;
  deps.err(`daily: build (${[command, ...rest].map((c) => path.basename(c)).join(' ')})\n`);
  // The prebuild brief is skipped: the days were briefed in step 1 (or, with --build-only, the step before).
  const buildEnv = withoutSecrets({ ...process.env, ...env, BRIEFING_PREBUILD: '0' });
  const out = redacted(deps.out, env);
  const err = redacted(deps.err, env);
  const result = await runProcess(command, rest, { cwd: deps.root, env: buildEnv, onStdout: out.write, onStderr: err.write });
  out.end();
  err.end();
  const build: BuildResult = { ran: true, ok: result.code === 0, site: `${config.site.url.replace(/\/$/, '')}${config.site.basePath}` };
  if (!build.ok) {
    const lines = result.stderrTail.split('\n').filter((l) => l.trim());
    build.error = redactSecrets(`exit ${result.code}: ${lines.slice(-3).join(' ')}`, env);
  }
  return build;
}

/** `--build-only`: the workflow's build step. Its own summary section and outputs; exit 1 when it fails. */
async function buildOnly(config: BriefingConfig, args: DailyArgs, env: Record<string, string | undefined>, deps: DailyDeps): Promise<number> {
  const build = await buildSite(config, env, deps);
  const summaryFile = args.summary ?? env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, `${siteSummary(build)}\n`);
  const reason = build.ok ? '' : `site build failed (${build.error})`;
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, formatOutputs({ built: build.ok, reason }));
  if (env.GITHUB_ACTIONS === 'true' && reason) deps.out(`::error title=Daily briefing::${reason.replace(/[\r\n]+/g, ' ')}\n`);
  return build.ok ? 0 : 1;
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>, overrides: Partial<DailyDeps> = {}): Promise<number> {
  const deps = { ...defaultDeps(env), ...overrides };
  let config: BriefingConfig;
  let args: DailyArgs;
  try {
    config = await loadConfig(env);
    args = parseDailyArgs(argv, todayIn(config.timezone, deps.now()), env);
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
  if (args.buildOnly) return buildOnly(config, args, env, deps);
  const inGit = await isGitWorkTree(deps.root);
  if (!inGit && args.patch) {
    deps.err(`daily: --patch: ${deps.root} is not a git work tree\n`);
    return 2;
  }
  const contentPaths = [config.archive.briefingsDir, config.archive.rawDir, config.archive.runsLog].map((p) => toPosix(path.relative(deps.root, path.resolve(deps.root, p))));
  const outside = contentPaths.filter((p) => p.startsWith('..') || path.isAbsolute(p));
  // The feedback log too, when it is in the project (the workflow appends votes from feedback issues to it).
  const feedbackLog = toPosix(path.relative(deps.root, path.resolve(deps.root, config.reader.feedback.file)));
  if (!feedbackLog.startsWith('..') && !path.isAbsolute(feedbackLog)) contentPaths.push(feedbackLog);
  if (inGit && outside.length > 0) {
    deps.err(`daily: ${outside.join(', ')} lies outside ${deps.root}; the run cannot track it in git\n`);
    return 2;
  }
  // Temp files of a run that was killed halfway: never content, and in the way of this run's writes.
  const swept = await sweepStaleTempFiles(deps.root, contentPaths);
  if (swept.length > 0) deps.err(`daily: removed ${swept.length} temp file${swept.length === 1 ? '' : 's'} left by a run that was stopped: ${swept.join(', ')}\n`);
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

  // 3. Build.
  const build: BuildResult = args.build ? await buildSite(config, env, deps) : { ran: false, ok: false };

  // 4. Hand over. Content that holds a secret's value (a server that echoed the key into a response
  // that was snapshotted, say) is not handed over at all.
  let after: Change[] = inGit ? await gitChanges(deps.root, contentPaths) : [];
  const leaks = await secretsInChanges(deps.root, after, env);
  const leakError = leaks.length > 0 ? `the content to commit holds the value of ${[...new Set(leaks.map((l) => l.variable))].join(', ')} (${leaks.map((l) => l.path).join(', ')}); nothing handed over` : '';
  if (leakError) {
    deps.err(`daily: ${leakError}\n`);
    after = [];
  }
  const message = commitMessage(records);
  if (args.patch && after.length > 0) await writeContentPatch(deps.root, after, path.resolve(args.patch));
  if (args.message) {
    await mkdir(path.dirname(path.resolve(args.message)), { recursive: true });
    await writeFile(path.resolve(args.message), message);
  }
  const summary = jobSummary({ records, report, changes: after, build, dryRun: args.dryRun, publishOnly: args.publishOnly });
  const summaryFile = args.summary ?? env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, `${summary}\n`);

  const outcome = recordError || leakError ? 'failed' : overallOutcome(records);
  const reasons = [
    recordError ? `recording the run failed: ${recordError}` : overallOutcome(records) === 'failed' ? overallReason(records) : '',
    leakError,
    build.ran && !build.ok ? `site build failed (${build.error})` : '',
  ]
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
