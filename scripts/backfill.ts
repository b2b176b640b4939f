/**
 * `npm run backfill -- --from D --to D [--batch] [--replay DIR] [--force]`
 *
 * Writes a range of days. Without `--batch` it is `npm run brief -- --from D --to D`. With `--batch` the
 * LLM answers come from the OpenAI Batch API (half price, up to 24 h) instead of live calls:
 *
 *   1. collect   each day's papers are fetched and ranked by the ingest, oldest first (days whose
 *                briefing exists are skipped unless --force); the ranked days are saved with the state
 *   2. papers    one batch for every featured paper not yet cached
 *   3. days      one batch for every day's overview, from the cached paper notes
 *   4. write     each day is written by the LLM writer, whose answers now all come from the cache
 *
 * Everything is resumable: the state lives in `<cacheDir>/batches/`. If the wait runs out
 * (config.writer.batch.maxWaitMs) the command exits with code 75; run the same command again to resume.
 *
 * Exit codes: 0 done, 1 a day failed, 2 bad flags or config, 75 a batch is still running.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { isValidDay } from '../src/schema/briefing.ts';
import { addDays } from '../lib/dates.ts';
import { writeBriefingFile } from './mdx/write.ts';
import { writeFileAtomic } from '../lib/files.ts';
import { ArchiveReader, type BriefingFacts } from './pipeline/archive.ts';
import { createSourceClient, runBriefing } from './pipeline/run.ts';
import { loadSources } from './sources/registry.ts';
import type { BriefingWriter, RankedDay } from './pipeline/types.ts';
import { runBatchBackfill } from './writers/batch.ts';
import { createFileCache, interestsFingerprint } from './writers/cache.ts';
import { featuredCount } from './writers/draft.ts';
import { createBudget } from './writers/limits.ts';
import { createLlmWriter, createOpenAIClient, modelName } from './writers/llm.ts';
import { createRequestMeter, llmEndpoint } from './writers/provider.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const USAGE = `Usage: npm run backfill -- --from YYYY-MM-DD --to YYYY-MM-DD [--batch] [--replay DIR] [--force]
  --from D --to D  the range to write, oldest first (at most 366 days)
  --batch          get the LLM answers through the OpenAI Batch API (resumable; rerun to resume)
  --replay DIR     use recorded responses instead of the network (as npm run brief)
  --force          rewrite days whose briefing exists (a hand-edited one too)`;

export interface BackfillArgs {
  from: string;
  to: string;
  batch: boolean;
  replayDir?: string;
  force: boolean;
}

class BackfillUsageError extends Error {}

export function parseBackfillArgs(argv: readonly string[]): BackfillArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { from: { type: 'string' }, to: { type: 'string' }, batch: { type: 'boolean' }, replay: { type: 'string' }, force: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BackfillUsageError((error as Error).message);
  }
  const day = (flag: string, v: string | undefined): string => {
    if (!v) throw new BackfillUsageError(`${flag} is required`);
    if (!isValidDay(v)) throw new BackfillUsageError(`${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    return v;
  };
  const from = day('--from', values.from);
  const to = day('--to', values.to);
  if (from > to) throw new BackfillUsageError(`--from ${from} is after --to ${to}`);
  if (datesBetween(from, to).length > 366) throw new BackfillUsageError('the range is longer than 366 days; split it');
  return { from, to, batch: Boolean(values.batch), force: Boolean(values.force), ...(values.replay ? { replayDir: values.replay } : {}) };
}

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length <= 366; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Thrown by the capturing writer to stop a run right after ranking: the day is all we need. */
class Captured extends Error {
  readonly day: RankedDay;
  constructor(day: RankedDay) {
    super(`captured ${day.date}`);
    this.day = day;
  }
}

/**
 * The archive as the ingest sees it, plus the days captured earlier in this backfill: the papers they list
 * count as seen and their windows continue, as if they had been written already.
 */
class ArchiveWithCaptured extends ArchiveReader {
  private readonly captured: RankedDay[];
  constructor(captured: RankedDay[], config: BriefingConfig) {
    super(config);
    this.captured = captured;
  }
  protected override pendingFacts(date: string): BriefingFacts[] {
    return this.captured
      .filter((d) => d.date < date)
      .map((d) => ({ date: d.date, windowFrom: d.window.from, windowTo: d.window.to, papers: d.papers.map((p) => ({ id: p.id, upvotes: p.upvotes, back: p.back !== undefined })) }));
  }
}

/** A stable name for the state of one backfill: range, model, prompt version, language, interests. */
function batchName(args: BackfillArgs, config: BriefingConfig, model: string): string {
  const h = createHash('sha256').update(JSON.stringify([model, config.writer.promptVersion, config.language, interestsFingerprint(config), config.writer.topK])).digest('hex').slice(0, 10);
  return `${args.from}_${args.to}_${h}`;
}

export interface BackfillDeps {
  root: string;
  env: Record<string, string | undefined>;
  /** Tests inject an HTTP client for the sources. */
  sourceClientOptions?: Parameters<typeof runBriefing>[1]['clientOptions'];
  out?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

/** The --batch flow. Returns the exit code. */
export async function backfillWithBatch(args: BackfillArgs, config: BriefingConfig, deps: BackfillDeps): Promise<number> {
  const out = deps.out ?? ((l: string) => process.stderr.write(`${l}\n`));
  const llmConfig: BriefingConfig = { ...config, writer: { ...config.writer, kind: 'llm' } };
  if (!deps.env.OPENAI_API_KEY) throw new Error('--batch uses the OpenAI Batch API and needs OPENAI_API_KEY (without --batch, the configured writer is used)');
  // One budget for the whole run: the batch requests are reserved against it (papers, tokens, requests),
  // and the final write's live calls get what is left, so `--batch` keeps to writer.budget like a live run.
  const budget = createBudget(llmConfig.writer.budget);
  const meter = createRequestMeter(llmEndpoint(llmConfig, deps.env).requests);
  // The Batch API's own calls (upload, create, poll) are not chat requests: that client is not metered.
  const client = createOpenAIClient(llmConfig, deps.env);
  const model = modelName(llmConfig, deps.env);
  const cacheDir = path.resolve(deps.root, config.archive.cacheDir);
  const cache = createFileCache(cacheDir);
  const name = batchName(args, llmConfig, model);
  const statePath = path.join(cacheDir, 'batches', `${name}.json`);
  const daysPath = path.join(cacheDir, 'batches', `${name}.days.json`);
  const briefingsDir = path.resolve(deps.root, config.archive.briefingsDir);

  // 1. Collect (or reuse the days collected by an earlier, interrupted run).
  let days: RankedDay[];
  let failedDays = 0;
  const saved = await readFile(daysPath, 'utf8').then((t) => JSON.parse(t) as RankedDay[]).catch(() => null);
  if (saved) {
    days = saved;
    out(`backfill: resuming ${name}: ${days.length} days collected earlier`);
  } else {
    days = [];
    const archive = new ArchiveWithCaptured(days, llmConfig);
    const sources = await loadSources(llmConfig);
    const sourceClient = args.replayDir ? undefined : createSourceClient(llmConfig, sources, deps.sourceClientOptions ?? {});
    try {
      for (const date of datesBetween(args.from, args.to)) {
        const capture: BriefingWriter = {
          kind: 'llm',
          write: async (day) => {
            throw new Captured(day);
          },
        };
        try {
          const r = await runBriefing(
            { date, replayDir: args.replayDir, force: args.force },
            { config: llmConfig, root: deps.root, env: deps.env, createWriter: () => capture, writeBriefingFile, client: sourceClient, archive, sources, ...(deps.sourceClientOptions ? { clientOptions: deps.sourceClientOptions } : {}) },
          );
          out(`backfill ${date}: ${r.outcome}: ${r.reason}`);
          if (r.outcome === 'failed') failedDays++;
          if (r.offline) return 1;
        } catch (error) {
          if (!(error instanceof Captured)) throw error;
          days.push(error.day);
          out(`backfill ${date}: collected ${error.day.papers.length} papers (${featuredCount(error.day, llmConfig)} featured)`);
        }
      }
    } finally {
      await sourceClient?.close();
    }
    await writeFileAtomic(daysPath, JSON.stringify(days));
  }
  if (!days.length) {
    out('backfill: nothing to write');
    return failedDays ? 1 : 0;
  }

  // 2–3. The batches.
  const outcome = await runBatchBackfill(days, { client, config: llmConfig, model, cache, statePath, name, budget, meter, log: (m) => out(`backfill: ${m}`), ...(deps.sleep ? { sleep: deps.sleep } : {}) });
  if (!outcome.done) {
    out(`backfill: batch ${outcome.pending?.batchId} (${outcome.pending?.phase}) is ${outcome.pending?.status}; run the same command again to resume`);
    return 75;
  }

  // 4. Write every day; the answers come from the cache.
  const writer = createLlmWriter(llmConfig, deps.env, { client: createOpenAIClient(llmConfig, deps.env, meter), cache, cwd: deps.root, budget, meter, log: (m) => out(`backfill: ${m}`), ...(deps.now ? { now: deps.now } : {}) });
  let failed = failedDays;
  for (const day of days) {
    try {
      const result = await writer.write(day);
      const written = await writeBriefingFile(result.draft, { config, dir: briefingsDir, force: args.force });
      const u = result.usage;
      out(`backfill ${day.date}: ${written.status} ${path.relative(deps.root, written.path)} (llm: ${u.cached} cached, ${u.calls} live calls, ${u.fallbacks} fallbacks)`);
    } catch (error) {
      failed++;
      out(`backfill ${day.date}: failed: ${(error as Error).message}`);
    }
  }
  return failed ? 1 : 0;
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>, deps: Partial<BackfillDeps> = {}): Promise<number> {
  let args: BackfillArgs;
  let config: BriefingConfig;
  try {
    args = parseBackfillArgs(argv);
    config = await loadConfig(env);
  } catch (error) {
    process.stderr.write(`backfill: ${(error as Error).message}${error instanceof BackfillUsageError ? `\n\n${USAGE}` : ''}\n`);
    return 2;
  }
  if (!args.batch) {
    const brief = await import('./brief.ts');
    return brief.main(['--from', args.from, '--to', args.to, ...(args.replayDir ? ['--replay', args.replayDir] : []), ...(args.force ? ['--force'] : [])], env);
  }
  if (args.replayDir) {
    // As npm run brief: relative to where the command runs, and checked before anything is fetched.
    const dir = path.resolve(args.replayDir);
    if (!(await stat(dir).catch(() => null))?.isDirectory()) {
      process.stderr.write(`backfill: --replay: ${JSON.stringify(args.replayDir)} is not a directory\n`);
      return 2;
    }
    args = { ...args, replayDir: dir };
  }
  try {
    return await backfillWithBatch(args, config, { root, env, ...deps });
  } catch (error) {
    process.stderr.write(`backfill: ${(error as Error).message}\n`);
    return /OPENAI_API_KEY/.test((error as Error).message) ? 2 : 1;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`backfill: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
