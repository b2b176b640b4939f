/**
 * One day of the pipeline: window → collect → merge → rank (+ dedupe) → write → MDX, with snapshots.
 * `scripts/brief.ts` is the thin CLI around `runBriefing`; tests and benchmarks call it directly with
 * their own client, writer and archive.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { BriefingConfig } from '../../briefing.config.ts';
import type { BriefingDraft, Source } from '../../src/schema/briefing.ts';
import { HttpClient, totalStats, type HttpClientOptions, type SourceStats } from '../lib/http.ts';
import { silentProgress, type Progress } from '../lib/progress.ts';
import type { WriteOptions, WriteOutcome } from '../mdx/write.ts';
import { ArchiveReader } from './archive.ts';
import {
  collectArxiv,
  collectGithub,
  collectTrending,
  etagCacheFile,
  hfSource,
  loadEtagCache,
  loadListingDay,
  saveEtagCache,
  type CollectContext,
  type ListingDay,
} from './collect.ts';
import { repoCandidates, trendingCandidates } from './follow.ts';
import { linkedRepo, mergeRecords, uniquePapers } from './merge.ts';
import { cutDay, rankByInterest } from './rank.ts';
import { loadReader } from '../rank/reader.ts';
import { RecordedResponses, SnapshotWriter } from './snapshot.ts';
import type { BriefingWriter, RankedDay, WriteResult } from './types.ts';
import { resolveWindow, type ResolvedWindow } from './window.ts';
import { addDays } from '../../src/data/status.ts';

export interface RunOptions {
  /** The briefing date, YYYY-MM-DD. */
  date: string;
  /** Replay recorded responses from this directory instead of the network. */
  replayDir?: string | null;
  /** Rebuild an existing briefing (a hand-edited one too). */
  force?: boolean;
  /** Do everything but write (no briefing, no snapshot, no cache). */
  dryRun?: boolean;
}

export interface RunDeps {
  config: BriefingConfig;
  /** Project root: relative archive paths resolve against it. */
  root: string;
  env: Record<string, string | undefined>;
  createWriter: (config: BriefingConfig, env: Record<string, string | undefined>) => BriefingWriter;
  writeBriefingFile: (draft: BriefingDraft, options: WriteOptions) => Promise<WriteOutcome>;
  /** Shared client for live runs (created and closed per run when absent). */
  client?: HttpClient;
  /** Options for a client the run creates itself (tests inject a dispatcher and clock). */
  clientOptions?: Partial<HttpClientOptions>;
  /** Shared archive reader (keeps its parse cache across days of a range run). */
  archive?: ArchiveReader;
  progress?: Progress;
  now?: () => number;
}

/** How a run ended; mirrors the run log's outcomes (src/schema/run.ts). */
export type RunOutcomeKind = 'published' | 'unchanged' | 'kept-edited' | 'nothing-new' | 'skipped' | 'failed';

export interface RunResult {
  date: string;
  outcome: RunOutcomeKind;
  /** One line: what happened and why. */
  reason: string;
  /** The briefing file (absolute), when one exists for the day. */
  path: string | null;
  /** True when nothing could be fetched because there is no network. */
  offline: boolean;
  dryRun: boolean;
  papers: number;
  featured: number;
  covered: number;
  window: ResolvedWindow | null;
  sources: Source[];
  /** HTTP counters per source for this run. */
  stats: Record<string, SourceStats>;
  usage: WriteResult['usage'] | null;
  writer: string | null;
  durationMs: number;
  /** 0 ok, 1 nothing written for a reason (no papers, failure). */
  exitCode: number;
}

/** The ingest client: config timeouts, arXiv on one connection with its spacing, a clear User-Agent. */
export function createSourceClient(config: BriefingConfig, options: Partial<HttpClientOptions> = {}): HttpClient {
  const arxivHost = new URL(config.sources.arxiv.baseUrl).host;
  return new HttpClient({
    http: config.sources.http,
    defaultConcurrency: config.sources.http.concurrencyPerHost,
    ...options,
    hosts: { [arxivHost]: { concurrency: 1, minIntervalMs: config.sources.arxiv.minIntervalMs }, ...(options.hosts ?? {}) },
  });
}

function diffStats(after: Record<string, SourceStats>, before: Record<string, SourceStats>): Record<string, SourceStats> {
  const out: Record<string, SourceStats> = {};
  for (const [source, s] of Object.entries(after)) {
    const b = before[source];
    const d = { ...s };
    if (b) for (const k of Object.keys(d) as Array<keyof SourceStats>) d[k] -= b[k];
    if (Object.values(d).some((v) => v !== 0)) out[source] = d;
  }
  return out;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

class OfflineAbort extends Error {}

function transientFailure(listing: ListingDay | undefined): boolean {
  return listing !== undefined && listing.error !== null && listing.kind !== 'invalid';
}

function trimFailedTail(window: ResolvedWindow, listings: ReadonlyMap<string, ListingDay>, language: BriefingConfig['language']): ResolvedWindow {
  let days = window.days;
  while (days.length > 1 && transientFailure(listings.get(days[days.length - 1]!))) days = days.slice(0, -1);
  if (days.length === window.days.length) return window;
  const dropped = window.days.slice(days.length);
  const note = `${window.note}${language === 'en' ? ' ' : ''}${retryNote(language, dropped)}`;
  return { ...window, days, to: days[days.length - 1]!, note };
}

function retryNote(language: BriefingConfig['language'], days: readonly string[]): string {
  const list = days.join(language === 'en' ? ', ' : '、');
  return language === 'en' ? `The listing of ${list} could not be fetched and is left for the next briefing.` : `${list} 的列表未能获取,留待下一期简报补上。`;
}

export async function runBriefing(options: RunOptions, deps: RunDeps): Promise<RunResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { config } = deps;
  const language = config.language;
  const progress = deps.progress ?? silentProgress;
  const dryRun = Boolean(options.dryRun);
  const briefingsDir = path.resolve(deps.root, config.archive.briefingsDir);
  const target = path.join(briefingsDir, `${options.date}.mdx`);
  const base: RunResult = {
    date: options.date,
    outcome: 'failed',
    reason: '',
    path: null,
    offline: false,
    dryRun,
    papers: 0,
    featured: 0,
    covered: 0,
    window: null,
    sources: [],
    stats: {},
    usage: null,
    writer: null,
    durationMs: 0,
    exitCode: 1,
  };
  const finish = (r: Partial<RunResult>): RunResult => ({ ...base, ...r, durationMs: now() - started });

  // An existing briefing is never touched by a routine run.
  if (!options.force && (await exists(target))) {
    return finish({ outcome: 'skipped', reason: `${path.relative(deps.root, target)} already exists (use --force to rebuild it)`, path: target, exitCode: 0 });
  }
  // Hugging Face's listing for a day (a UTC date) fills up until that day is over. Briefing D before
  // D 00:00 UTC (e.g. before 08:00 in Asia/Shanghai) would mark a half-filled listing as covered, and
  // its late papers would never be briefed: wait for the day to close instead (the daily run is at 00:30 UTC).
  if (!options.replayDir && now() < Date.parse(`${options.date}T00:00:00Z`)) {
    const open = addDays(options.date, -1);
    return finish({ outcome: 'skipped', reason: `the Hugging Face listing for ${open} is still open until ${options.date} 00:00 UTC; nothing briefed yet`, exitCode: 0 });
  }
  if (!config.sources.huggingFace.enabled) {
    return finish({ reason: 'sources.huggingFace.enabled is false: the Daily Papers listing is the only source of papers, so there is nothing to brief' });
  }

  const archive = deps.archive ?? new ArchiveReader();
  const state = await archive.state(briefingsDir, options.date, config.window.dedupeDays);
  for (const problem of state.problems) progress.log(`warning: ${problem}`);

  const replay = options.replayDir ? new RecordedResponses(path.resolve(deps.root, options.replayDir)) : null;
  const rawDayDir = path.resolve(deps.root, config.archive.rawDir, options.date);
  const ownsClient = !replay && !deps.client;
  const client = replay ? null : (deps.client ?? createSourceClient(config, { onEvent: (e) => progress.http(e), ...deps.clientOptions }));
  const statsBefore = client?.stats() ?? {};
  const etagFile = etagCacheFile(deps.root, config);
  const etags = replay ? null : await loadEtagCache(etagFile);
  const ctx: CollectContext = {
    config,
    language,
    client,
    replay,
    previous: replay ? null : new RecordedResponses(rawDayDir),
    snapshot: replay || dryRun ? null : new SnapshotWriter(rawDayDir),
    etags,
    // A token pasted with a trailing newline would make every GitHub request invalid.
    githubToken: deps.env.GITHUB_TOKEN?.trim() || undefined,
    progress,
  };

  try {
    // 1. Window + Hugging Face listing days.
    const listings = new Map<string, ListingDay>();
    const eligible = (): number => uniquePapers([...listings.values()].flatMap((l) => l.papers)).filter((p) => !state.featured.has(p.id)).length;
    progress.stage('Hugging Face Daily Papers');
    const resolved = await resolveWindow(
      { date: options.date, lastCoveredTo: state.lastCoveredTo, window: config.window, language },
      async (day) => {
        const listing = await loadListingDay(ctx, day);
        listings.set(day, listing);
        progress.advance();
        if (client?.isOffline()) throw new OfflineAbort();
      },
      eligible,
    );
    // A listing day that failed for a passing reason (network, 5xx, rate limit) at the end of the window
    // is left out of it, so the next briefing starts from that day again instead of skipping it forever.
    const window = trimFailedTail(resolved, listings, language);
    const all = uniquePapers([...listings.values()].flatMap((l) => l.papers));
    const papers = all.filter((p) => !state.featured.has(p.id));
    const covered = all.filter((p) => state.featured.has(p.id)).map((p) => p.id).sort();
    const hf = hfSource(ctx, [...listings.values()], all.length);

    if (papers.length === 0) {
      await ctx.snapshot?.flush(options.date, { from: window.from, to: window.to, days: window.days });
      const why =
        hf.status === 'failed'
          ? `no papers: ${hf.note}`
          : covered.length > 0
            ? `no new papers: all ${covered.length} papers listed on ${window.from}…${window.to} were featured in recent briefings`
            : `no papers listed on ${window.from}…${window.to}`;
      return finish({
        outcome: hf.status === 'failed' ? 'failed' : 'nothing-new',
        reason: `${why}; nothing written`,
        window,
        sources: [hf],
        covered: covered.length,
        stats: diffStats(client?.stats() ?? {}, statsBefore),
      });
    }

    // 2. arXiv (and HF trending alongside: different hosts), then GitHub for the linked repositories.
    const ids = papers.map((p) => p.id);
    const [arxiv, trending] = await Promise.all([collectArxiv(ctx, ids), collectTrending(ctx)]);
    const repoNames = papers.map((p) => linkedRepo(p, arxiv.entries.get(p.id))).filter((r): r is string => r !== null);
    const github = await collectGithub(ctx, repoNames);
    progress.done();

    // Keep what was fetched before anything else can fail.
    await ctx.snapshot?.flush(options.date, { from: window.from, to: window.to, days: window.days });
    if (etags && !dryRun && !replay) await saveEtagCache(etagFile, etags);

    // 3. Merge, rank, follow candidates.
    const records = mergeRecords(papers, arxiv.entries, github.repos);
    // The reader: profile, feedback and the texts of the papers they labelled (local files only).
    const reader = await loadReader({ config, root: deps.root, date: options.date, records, replayDir: replay?.dir ?? null });
    for (const problem of reader.problems) progress.log(`warning: ${problem}`);
    if (reader.missing.length) progress.log(`reader: no text on disk for ${reader.missing.map((m) => `${m.id} (${m.verdict})`).join(', ')}; not used for ranking`);
    const { papers: ranked, cut } = cutDay(
      rankByInterest(records, {
        profile: reader.profile,
        examples: reader.examples,
        background: reader.background,
        ranking: config.ranking,
        taxonomy: config.taxonomy,
        language,
        date: options.date,
        horizonDays: config.window.maxDays,
      }),
    );
    const sources = [hf, arxiv.source, github.source, trending.source];
    const day: RankedDay = {
      date: options.date,
      window: { from: window.from, to: window.to, days: window.days, widened: window.widened, note: window.note },
      sources,
      papers: ranked,
      cut,
      covered,
      follow: [...repoCandidates(ranked, language), ...trendingCandidates(trending.items, config, language)],
    };

    // 4. Write.
    progress.stage('write');
    // The writer writes for the reader the day was ranked for (READER_FILE included).
    const writer = deps.createWriter({ ...config, reader: { ...config.reader, file: reader.file } }, deps.env);
    const written = await writer.write(day);
    const outcome = await deps.writeBriefingFile(written.draft, { dir: briefingsDir, force: Boolean(options.force), dryRun });
    progress.done();
    const featured = (written.draft.frontmatter.papers ?? []).filter((p) => p.featured).length;
    const stats = diffStats(client?.stats() ?? {}, statsBefore);
    const common = {
      path: outcome.path,
      papers: written.draft.frontmatter.papers?.length ?? ranked.length,
      featured,
      covered: covered.length,
      window,
      sources,
      stats,
      usage: written.usage,
      writer: writer.kind,
      exitCode: 0,
    };
    const rel = path.relative(deps.root, outcome.path);
    switch (outcome.status) {
      case 'created':
      case 'updated':
        return finish({ ...common, outcome: 'published', reason: `${dryRun ? 'would write' : outcome.status === 'created' ? 'wrote' : 'rewrote'} ${rel}` });
      case 'unchanged':
        return finish({ ...common, outcome: 'unchanged', reason: `${rel} is unchanged` });
      case 'kept-edited':
        return finish({ ...common, outcome: 'kept-edited', reason: `${rel} was edited by hand and was kept (use --force to replace it)` });
      default:
        return finish({ ...common, outcome: 'skipped', reason: `${rel} already exists and was kept` });
    }
  } catch (error) {
    if (error instanceof OfflineAbort && client) {
      const hosts = Object.entries(client.unreachableHosts())
        .map(([h, code]) => `${h} (${code})`)
        .join(', ');
      return finish({
        offline: true,
        reason: `offline: cannot reach ${hosts}; nothing fetched, archive unchanged`,
        stats: diffStats(client.stats(), statsBefore),
      });
    }
    throw error;
  } finally {
    progress.done();
    if (ownsClient && client) await client.close();
  }
}

/** The run summary: a few plain lines for the terminal and CI logs. */
export function formatSummary(r: RunResult): string {
  const lines: string[] = [];
  const counts = r.papers > 0 ? ` (${r.papers} papers, ${r.featured} featured${r.covered ? `, ${r.covered} already covered` : ''})` : '';
  lines.push(`brief ${r.date}: ${r.outcome}${r.dryRun ? ' [dry run]' : ''}: ${r.reason}${counts}`);
  if (r.window) lines.push(`  window: ${r.window.from} … ${r.window.to}${r.window.widened ? ` (widened to ${r.window.days.length} days)` : ''}`);
  if (r.sources.length) lines.push(`  sources: ${r.sources.map((s) => `${s.name} ${s.status}`).join(' · ')}`);
  const total = totalStats(r.stats);
  if (total.requests > 0 || total.failures > 0) {
    const per = Object.entries(r.stats)
      .map(([name, s]) => `${name} ${s.requests}${s.notModified ? ` (${s.notModified}× 304)` : ''}`)
      .join(', ');
    lines.push(`  requests: ${per} · retries ${total.retries} · failures ${total.failures}${total.rateLimited ? ` · rate-limited ${total.rateLimited}` : ''}`);
  }
  if (r.usage && r.usage.calls > 0) lines.push(`  llm: ${r.usage.calls} calls, ${r.usage.inputTokens}+${r.usage.outputTokens} tokens, ${r.usage.cached} cached, ${r.usage.fallbacks} fallbacks`);
  lines.push(`  time: ${(r.durationMs / 1000).toFixed(1)} s`);
  return lines.join('\n');
}
