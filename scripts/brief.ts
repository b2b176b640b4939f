/**
 * `npm run brief -- [--date D | --from D --to D] [--replay DIR] [--force] [--dry-run]`
 * and, as npm's `prebuild`, `node scripts/brief.ts --prebuild` (see scripts/pipeline/args.ts).
 *
 * Exit codes: 0 done (or nothing to do), 1 a day could not be written (no papers, a failure),
 * 2 bad flags or config (nothing written). In --prebuild mode only 2 fails the build.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../lib/config.ts';
import { todayIn } from '../lib/dates.ts';
import { writeFileAtomic } from '../lib/files.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { totalStats } from './lib/http.ts';
import { createProgress, silentProgress } from './lib/progress.ts';
import { ArchiveReader } from './pipeline/archive.ts';
import { parseBriefArgs, UsageError, USAGE, type BriefArgs } from './pipeline/args.ts';
import { createSourceClient, formatSummary, runBriefing, type RunResult } from './pipeline/run.ts';
import { loadSources, type SourceSet } from './sources/registry.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message: string, code: number): number {
  process.stderr.write(`brief: ${message}\n`);
  return code;
}

function failedDay(date: string, reason: string, dryRun: boolean): RunResult {
  return { date, outcome: 'failed', reason, path: null, offline: false, dryRun, papers: 0, featured: 0, covered: 0, window: null, sources: [], stats: {}, usage: null, writer: null, durationMs: 0, exitCode: 1 };
}

/** The `--report` file read by scripts/daily.ts (schema: scripts/publish/brief-report.ts). */
async function writeReport(file: string, startedAt: string, results: readonly RunResult[]): Promise<void> {
  const days = results.map((r) => ({
    date: r.date,
    outcome: r.outcome,
    reason: r.reason,
    path: r.path ? path.relative(root, r.path) : null,
    offline: r.offline,
    dryRun: r.dryRun,
    papers: r.papers,
    featured: r.featured,
    covered: r.covered,
    window: r.window,
    sources: r.sources,
    stats: r.stats,
    usage: r.usage,
    writer: r.writer,
    durationMs: r.durationMs,
  }));
  await writeFileAtomic(file, `${JSON.stringify({ version: 1, startedAt, finishedAt: new Date().toISOString(), days }, null, 2)}\n`);
}

/** `configFile`: another config file (tests); the project's briefing.config.ts by default. */
export async function main(argv: readonly string[], env: Record<string, string | undefined>, options: { configFile?: string } = {}): Promise<number> {
  let config: BriefingConfig;
  let args: BriefArgs;
  try {
    config = await loadConfig(env, options.configFile);
    args = parseBriefArgs(argv, todayIn(config.timezone));
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n\n${USAGE}`, 2);
    return fail((error as Error).message, 2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.prebuild && env.BRIEFING_PREBUILD === '0') {
    process.stderr.write('brief: prebuild skipped (BRIEFING_PREBUILD=0)\n');
    return 0;
  }
  if (args.replayDir) {
    // Relative to where the command was run; the run gets the absolute path so it reads what was checked.
    const dir = path.resolve(args.replayDir);
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) return fail(`--replay: ${JSON.stringify(args.replayDir)} is not a directory`, 2);
    args = { ...args, replayDir: dir };
  }
  if (args.prebuild) {
    // Returns at once when today's briefing exists: no imports of the writer, no network.
    const target = path.resolve(root, config.archive.briefingsDir, `${args.dates[args.dates.length - 1]}.mdx`);
    if (args.dates.length === 1 && !args.force && (await stat(target).catch(() => null))) {
      process.stderr.write(`brief: ${path.relative(root, target)} exists; nothing to fetch\n`);
      return 0;
    }
  }

  let sources: SourceSet;
  try {
    sources = await loadSources(config);
  } catch (error) {
    // A config that names a source without a file (or a file of the wrong kind) is a config error.
    return fail((error as Error).message, error instanceof ConfigError ? 2 : 1);
  }
  let modules;
  try {
    modules = await Promise.all([import('./writers/index.ts'), import('./mdx/write.ts')]);
  } catch (error) {
    // Only a broken checkout gets here; as prebuild, let the build go on.
    return fail(`cannot load the writer: ${(error as Error).message}`, args.prebuild ? 0 : 1);
  }
  const [{ createWriter: newWriter }, { writeBriefingFile }] = modules;
  // One writer for the whole run, so writer.budget (papers, tokens) is a per-run budget across a range.
  let runWriter: ReturnType<typeof newWriter> | undefined;
  const createWriter: typeof newWriter = (c, e) => (runWriter ??= newWriter(c, e));
  // As prebuild, stay quiet but for the one line at the end.
  const progress = args.prebuild ? silentProgress : createProgress(process.stderr, env);
  const client = args.replayDir ? undefined : createSourceClient(config, sources, { onEvent: (e) => progress.http(e) });
  const archive = new ArchiveReader(config);
  const results: RunResult[] = [];
  const startedAt = new Date().toISOString();
  try {
    for (const date of args.dates) {
      let result: RunResult;
      try {
        result = await runBriefing(
          { date, replayDir: args.replayDir, force: args.force, dryRun: args.dryRun },
          { config, root, env, createWriter, writeBriefingFile, client, archive, progress, sources, deadlineMs: args.prebuild ? config.sources.http.prebuildDeadlineMs : config.sources.http.deadlineMs },
        );
      } catch (error) {
        const message = (error as Error).message.split('\n')[0] ?? String(error);
        if (args.prebuild) {
          process.stderr.write(`brief: ${date}: ${message}; the build goes on with the archive as it is\n`);
          return 0;
        }
        // A day that crashed (e.g. the writer threw) is a failed day; a range goes on with the next one.
        process.stderr.write(`brief: ${date}: failed: ${(error as Error).message}\n`);
        result = failedDay(date, message, args.dryRun);
      }
      results.push(result);
      if (args.prebuild && result.exitCode !== 0) {
        // One line, and the build goes on with the archive as it is.
        process.stderr.write(`brief: ${date}: ${result.reason}; the build goes on with the archive as it is\n`);
        return 0;
      }
      process.stderr.write(`${formatSummary(result)}\n`);
      if (result.offline) break;
    }
  } finally {
    await client?.close();
    if (args.reportFile) await writeReport(path.resolve(args.reportFile), startedAt, results);
  }
  if (results.length > 1) {
    const total = totalStats(Object.assign({}, ...results.map((r) => ({ [r.date]: totalStats(r.stats) }))));
    const by = (o: string): number => results.filter((r) => r.outcome === o).length;
    process.stderr.write(
      `brief: ${results.length} days: ${by('published')} published, ${by('unchanged')} unchanged, ${by('skipped')} skipped, ${by('nothing-new')} nothing new, ${by('failed')} failed; ${total.requests} requests\n`,
    );
  }
  // One day: any day not written is a failure. A range: days with nothing new (weekends) are fine.
  if (results.length === 1) return results[0]!.exitCode;
  return results.some((r) => r.outcome === 'failed') ? 1 : 0;
}

if (import.meta.main) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`brief: ${(error as Error).stack ?? String(error)}\n`);
      // As npm's prebuild, an unexpected error must not stop the site build.
      process.exitCode = process.argv.includes('--prebuild') ? 0 : 1;
    },
  );
}
