/**
 * One day of the pipeline: window → collect → merge → rank (+ seen once) → write → MDX, with snapshots.
 * `scripts/brief.ts` is the thin CLI around `runBriefing`; tests and benchmarks call it directly with
 * their own client, writer and archive.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { addDays } from '../../lib/dates.ts';
import { sentences } from '../../src/i18n/locale.ts';
import type { BriefingDraft, Source } from '../../src/schema/briefing.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import { HttpClient, NO_ANSWER_CODES, totalStats, unreachableReason, type HttpClientOptions, type SourceStats } from '../lib/http.ts';
import { silentProgress, type Progress } from '../lib/progress.ts';
import { hostPolicies, loadSources, type SourceSet } from '../sources/registry.ts';
import type { PaperCandidate } from '../sources/types.ts';
import type { WriteOptions, WriteOutcome } from '../mdx/write.ts';
import { ArchiveReader } from './archive.ts';
import { collectFollow, enrichWithFacts, listDay, paperSourceStatus, saveCaches, type CollectContext, type Listings } from './collect.ts';
import { repoCandidates, trendingCandidates } from './follow.ts';
import { mergeRecords, uniquePapers } from './merge.ts';
import { cutDay, rankByInterest } from './rank.ts';
import { loadReader } from '../rank/reader.ts';
import { RecordedResponses, SnapshotWriter } from './snapshot.ts';
import type { BriefingWriter, RankedDay, WriteResult } from './types.ts';
import { resolveWindow, type ResolvedWindow } from './window.ts';
import { seenNote, splitSeen } from './seen.ts';

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
  /** The config's sources, loaded once for a range run (loaded per run when absent). */
  sources?: SourceSet;
  /** Shared client for live runs (created and closed per run when absent). */
  client?: HttpClient;
  /** The run's network deadline (default `sources.http.deadlineMs`; the prebuild passes its shorter one). */
  deadlineMs?: number;
  /** Options for a client the run creates itself (tests inject a dispatcher and clock). */
  clientOptions?: Partial<HttpClientOptions>;
  /** Shared archive reader (keeps its cache across days of a range run; else one over the archive index in cacheDir). */
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

/** The ingest client: config timeouts, the sources' host policies (arXiv: one connection, 3 s apart), a clear User-Agent. */
export function createSourceClient(config: BriefingConfig, sources: SourceSet, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    http: config.sources.http,
    defaultConcurrency: config.sources.http.concurrencyPerHost,
    ...options,
    hosts: { ...hostPolicies(sources), ...(options.hosts ?? {}) },
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

/** The archive index's file name in `archive.cacheDir` (scripts/pipeline/archive.ts). */
export const ARCHIVE_INDEX = 'archive-index.json';

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
  // A listing day (a UTC date: Hugging Face's Daily Papers, arXiv's submissions) fills up until that day is
  // over. Briefing D before D 00:00 UTC (e.g. before 08:00 in Asia/Shanghai) would mark a half-filled listing
  // as covered, and its late papers would never be briefed: wait for the day to close instead (the daily run
  // is at 00:30 UTC).
  if (!options.replayDir && now() < Date.parse(`${options.date}T00:00:00Z`)) {
    const open = addDays(options.date, -1);
    return finish({ outcome: 'skipped', reason: `the listing day ${open} is still open until ${options.date} 00:00 UTC; nothing briefed yet`, exitCode: 0 });
  }
  const sourceSet = deps.sources ?? (await loadSources(config));
  if (sourceSet.papers.length === 0) {
    return finish({ reason: 'no paper source is enabled (sources.papers in briefing.config.ts, or BRIEFING_SOURCES), so there is nothing to brief' });
  }

  const cacheDir = path.resolve(deps.root, config.archive.cacheDir);
  const archive = deps.archive ?? new ArchiveReader(config, { indexFile: path.join(cacheDir, ARCHIVE_INDEX), writeIndex: !dryRun });
  const state = await archive.state(briefingsDir, options.date);
  for (const problem of state.problems) progress.log(`warning: ${problem}`);
  if (config.window.dedupeDays !== undefined) {
    progress.log('warning: window.dedupeDays is no longer used: a paper any earlier briefing featured or listed is never listed again as new (README "Repeats"); remove it from briefing.config.ts');
  }

  const replay = options.replayDir ? new RecordedResponses(path.resolve(deps.root, options.replayDir)) : null;
  const rawDayDir = path.resolve(deps.root, config.archive.rawDir, options.date);
  const ownsClient = !replay && !deps.client;
  const client = replay ? null : (deps.client ?? createSourceClient(config, sourceSet, { onEvent: (e) => progress.http(e), ...deps.clientOptions }));
  const statsBefore = client?.stats() ?? {};
  // One deadline for everything this day fetches: a host that answers too slowly cannot hold the run.
  client?.setDeadline(deps.deadlineMs ?? config.sources.http.deadlineMs);
  const ctx: CollectContext = {
    config,
    language,
    client,
    replay,
    previous: replay ? null : new RecordedResponses(rawDayDir),
    snapshot: replay || dryRun ? null : new SnapshotWriter(rawDayDir),
    env: deps.env,
    progress,
    cacheDir,
    caches: new Map(),
  };

  try {
    // 1. Window + the paper sources' listing days.
    const listings = new Map<string, Listings>();
    const listed = (days: readonly string[]): PaperCandidate[] =>
      uniquePapers([...listings.values()].flatMap((byDay) => days.flatMap((d) => byDay.get(d)?.value ?? [])));
    progress.stage(sourceSet.papers.map((r) => r.source.label).join(' + '));
    const window = await resolveWindow(
      { date: options.date, lastCoveredTo: state.lastCoveredTo, window: config.window, language },
      async (day) => {
        const usable = await listDay(ctx, sourceSet.papers, listings, day);
        progress.advance();
        if (client?.isOffline()) throw new OfflineAbort();
        return usable;
      },
      (days) => splitSeen(listed(days), state.seen, config.window.back, state.later, state.covers).fresh.length,
    );
    const all = listed(window.days);
    // Seen once: papers another briefing featured or listed stay out, unless they come back (once); so do
    // papers an earlier briefing screened (from a listing day its window covered) and left unlisted.
    const split = splitSeen(all, state.seen, config.window.back, state.later, state.covers);
    const left = new Set([...split.covered, ...split.screened]);
    const papers = all.filter((p) => !left.has(p.id));
    const paperStatuses = sourceSet.papers.map((reg) => {
      const label = reg.source.label;
      const count = (list: readonly PaperCandidate[]): number => list.filter((p) => p.sources.includes(label)).length;
      // Every day the source was asked for, also one left out of the window for failing: the note says so.
      const byDay = listings.get(reg.source.name) ?? new Map();
      return paperSourceStatus(ctx, reg, byDay, [...byDay.keys()].sort(), { papers: count(all), screened: count(papers) });
    });

    if (papers.length === 0) {
      await ctx.snapshot?.flush(options.date, { from: window.from, to: window.to, days: window.days });
      const down = paperStatuses.filter((s) => s.status === 'failed');
      const why =
        down.length > 0
          ? `no papers: ${down.map((s) => s.note).join(' ')}`
          : split.covered.length + split.screened.length > 0
            ? `no new papers: all ${split.covered.length + split.screened.length} papers listed on ${window.from}…${window.to} were listed (${split.covered.length}) or screened (${split.screened.length}) by earlier briefings`
            : `no papers listed on ${window.from}…${window.to}`;
      return finish({
        outcome: down.length > 0 ? 'failed' : 'nothing-new',
        reason: `${why}; nothing written`,
        window,
        sources: paperStatuses,
        covered: split.covered.length,
        stats: diffStats(client?.stats() ?? {}, statsBefore),
      });
    }

    // 2. Facts (arXiv, then GitHub, which reads arXiv's comments) and follow candidates alongside: different hosts.
    const [facts, follow] = await Promise.all([enrichWithFacts(ctx, sourceSet.facts, papers), collectFollow(ctx, sourceSet.follow)]);
    progress.done();

    // Keep what was fetched before anything else can fail.
    await ctx.snapshot?.flush(options.date, { from: window.from, to: window.to, days: window.days });
    if (!dryRun && !replay) await saveCaches(ctx);

    // 3. Merge, rank, follow candidates.
    const records = mergeRecords(facts.candidates);
    // The reader: profile, feedback and the texts of the papers they labelled (local files only).
    const reader = await loadReader({ config, root: deps.root, date: options.date, records, replayDir: replay?.dir ?? null });
    for (const problem of reader.problems) progress.log(`warning: ${problem}`);
    if (reader.missing.length) progress.log(`reader: no text on disk for ${reader.missing.map((m) => `${m.id} (${m.verdict})`).join(', ')}; not used for ranking`);
    const { papers: cutPapers, cut } = cutDay(
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
    // A paper that came back carries its mark; one the ranker does not list stays covered.
    const ranked = cutPapers.map((p) => {
      const back = split.back.get(p.id);
      return back && p.upvotes !== null ? { ...p, back } : p;
    });
    const covered = [...split.covered, ...[...split.back.keys()].filter((id) => !ranked.some((p) => p.id === id && p.back))].sort();
    const backPapers = ranked.flatMap((p) => (p.back && p.upvotes !== null ? [{ title: p.title, back: p.back, upvotes: p.upvotes }] : []));
    const windowNote = sentences(language, [window.note, seenNote(language, { covered: covered.length, screened: split.screened.length, back: backPapers, rule: config.window.back })]);
    const dayWindow: ResolvedWindow = { ...window, note: windowNote };
    const sources = [...paperStatuses, ...facts.statuses, ...follow.statuses];
    const day: RankedDay = {
      date: options.date,
      window: { from: window.from, to: window.to, days: window.days, widened: window.widened, note: windowNote },
      sources,
      papers: ranked,
      cut,
      covered,
      follow: [...repoCandidates(ranked, language), ...trendingCandidates(follow.items, config, language)],
    };

    // 4. Write.
    progress.stage('write');
    const writer = deps.createWriter(config, deps.env);
    const written = await writer.write(day);
    const outcome = await deps.writeBriefingFile(written.draft, { config, dir: briefingsDir, force: Boolean(options.force), dryRun });
    progress.done();
    const featured = (written.draft.frontmatter.papers ?? []).filter((p) => p.featured).length;
    const stats = diffStats(client?.stats() ?? {}, statsBefore);
    const common = {
      path: outcome.path,
      papers: written.draft.frontmatter.papers?.length ?? ranked.length,
      featured,
      covered: covered.length,
      window: dayWindow,
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
      const unreachable = Object.entries(client.unreachableHosts());
      // "offline" when no connection could be made at all; a host that took the connection and then said nothing is named as such.
      const silent = unreachable.some(([, code]) => NO_ANSWER_CODES.has(code));
      const hosts = unreachable.map(([h, code]) => unreachableReason(h, code, config.sources.http)).join(', ');
      return finish({
        offline: true,
        reason: `${silent ? 'no answer' : 'offline'}: ${hosts}; nothing fetched, archive unchanged`,
        stats: diffStats(client.stats(), statsBefore),
      });
    }
    throw error;
  } finally {
    progress.done();
    client?.clearDeadline();
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
