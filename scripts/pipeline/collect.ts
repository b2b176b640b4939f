/**
 * Collect: the day's raw facts from Hugging Face Daily Papers, arXiv, GitHub and HF trending, from the
 * network (through the one HTTP client), from the day's existing snapshot, or from a replay directory.
 * Every source ends with a status and a reason; nothing here throws for a source failing.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BriefingConfig, Language } from '../../briefing.config.ts';
import type { Source } from '../../src/schema/briefing.ts';
import { HttpError, type FailureKind, type HttpClient } from '../lib/http.ts';
import type { Progress } from '../lib/progress.ts';
import { writeFileAtomic } from '../mdx/write.ts';
import { arxivQueryUrl, batches, fetchArxivBatch, parseArxivFeed, ARXIV_SOURCE_NAME, type ArxivEntry } from '../sources/arxiv.ts';
import {
  factsFromRecord,
  fetchRepo,
  repoApiUrl,
  repoFileName,
  unverifiedFacts,
  GITHUB_SOURCE_NAME,
  type EtagEntry,
} from '../sources/github.ts';
import {
  fetchDailyPapers,
  fetchTrending,
  parseDailyPapers,
  parseDailyPapersText,
  parseTrending,
  trendingUrl,
  HF_SOURCE_NAME,
  HF_TRENDING_NAME,
  type HfPaper,
  type TrendingItem,
} from '../sources/huggingface.ts';
import { compactJson, RecordedResponses, type SnapshotWriter } from './snapshot.ts';
import { failureWords, listDays, note, replayReason } from './notes.ts';
import type { RepoFacts } from './types.ts';

export interface CollectContext {
  config: BriefingConfig;
  language: Language;
  /** Null in replay mode: no network at all. */
  client: HttpClient | null;
  /** Replay directory: recorded responses instead of the network. */
  replay: RecordedResponses | null;
  /** The day's existing snapshot, reused on a rerun (live mode only). */
  previous: RecordedResponses | null;
  /** Where this run's responses are recorded (null in replay and dry runs). */
  snapshot: SnapshotWriter | null;
  /** GitHub ETag cache (live mode). */
  etags: Map<string, EtagEntry> | null;
  githubToken?: string;
  progress: Progress;
}

export interface ListingDay {
  day: string;
  papers: HfPaper[];
  /** Why the day could not be used. */
  error: string | null;
  kind: FailureKind | 'invalid' | 'missing' | null;
  /** HTTP status of a failed fetch, when there was one. */
  status?: number | null;
  /** Items skipped for a bad shape. */
  invalid: number;
  origin: 'network' | 'snapshot' | 'replay' | 'none';
}

interface Failure {
  kind: FailureKind | 'invalid' | 'missing';
  status: number | null;
  message: string;
}

function failureOf(error: unknown): Failure {
  if (error instanceof HttpError) return { kind: error.kind, status: error.status, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const status = /HTTP (\d{3})/.exec(message);
  return { kind: status ? 'http' : 'invalid', status: status ? Number(status[1]) : null, message };
}

/** Loads one listing day: replay → previous snapshot → network. */
export async function loadListingDay(ctx: CollectContext, day: string): Promise<ListingDay> {
  const rel = `hf/${day}.json`;
  const hf = ctx.config.sources.huggingFace;
  if (ctx.replay) {
    const { text, error } = await ctx.replay.tryReadText(rel);
    if (error !== null) return { day, papers: [], error, kind: 'invalid', invalid: 0, origin: 'replay' };
    // A day without a recorded listing is an empty day (weekends have none), not a failure.
    if (text === null) return { day, papers: [], error: null, kind: 'missing', invalid: 0, origin: 'none' };
    const parsed = parseDailyPapersText(text, day);
    return { day, papers: parsed.papers, error: parsed.error, kind: parsed.error ? 'invalid' : null, invalid: parsed.invalid, origin: 'replay' };
  }
  // An unreadable snapshot file is fetched again.
  const kept = ctx.previous ? (await ctx.previous.tryReadText(rel)).text : null;
  if (kept !== null) {
    const parsed = parseDailyPapersText(kept, day);
    if (!parsed.error) {
      ctx.snapshot?.put(rel, kept, { source: 'hf', url: null, status: 200 });
      return { day, papers: parsed.papers, error: null, kind: null, invalid: parsed.invalid, origin: 'snapshot' };
    }
  }
  if (!ctx.client) return { day, papers: [], error: 'no HTTP client', kind: 'offline', invalid: 0, origin: 'none' };
  try {
    const fetched = await fetchDailyPapers(ctx.client, hf.baseUrl, day, hf.pageSize);
    const parsed = parseDailyPapers(fetched.items, day);
    ctx.snapshot?.put(rel, compactJson(fetched.items), { source: 'hf', url: `${hf.baseUrl.replace(/\/+$/, '')}/api/daily_papers?date=${day}`, status: 200 });
    return { day, papers: parsed.papers, error: parsed.error, kind: parsed.error ? 'invalid' : null, invalid: parsed.invalid, origin: 'network' };
  } catch (error) {
    const f = failureOf(error);
    return { day, papers: [], error: f.message, kind: f.kind, status: f.status, invalid: 0, origin: 'network' };
  }
}

/** The HF Daily Papers source entry for the briefing. */
export function hfSource(ctx: CollectContext, listings: readonly ListingDay[], papers: number): Source {
  const lang = ctx.language;
  const url = 'https://huggingface.co/papers';
  const failed = listings.filter((l) => l.error !== null);
  const used = listings.filter((l) => l.error === null && l.origin !== 'none');
  const allDays = listings.map((l) => l.day).sort();
  if (ctx.replay && used.length === 0 && failed.length === 0) {
    return { name: HF_SOURCE_NAME, url, status: 'failed', note: note(lang, 'hf.failed', { days: listDays(lang, allDays), reason: replayReason(lang) }) };
  }
  if (failed.length === 0) {
    return { name: HF_SOURCE_NAME, url, status: 'ok', note: note(lang, 'hf.ok', { days: listDays(lang, used.map((l) => l.day).sort()), papers }) };
  }
  const first = failed[0]!;
  // A bad body is worth quoting; for network failures the short words say it ("HTTP 503", "超时").
  const reason = first.kind === 'invalid' ? `${failureWords(lang, 'invalid')}: ${first.error}` : failureWords(lang, first.kind ?? 'network', first.status);
  if (used.length === 0) {
    return { name: HF_SOURCE_NAME, url, status: 'failed', note: note(lang, 'hf.failed', { days: listDays(lang, allDays), reason }) };
  }
  return {
    name: HF_SOURCE_NAME,
    url,
    status: 'degraded',
    note: note(lang, 'hf.degraded', { days: listDays(lang, used.map((l) => l.day).sort()), papers, failedDays: listDays(lang, failed.map((l) => l.day).sort()), reason }),
  };
}

export interface ArxivResult {
  entries: Map<string, ArxivEntry>;
  source: Source;
}

function firstFailure(failures: Failure[]): Failure | null {
  // Prefer the most telling failure: rate limits and timeouts over generic errors.
  const order: Array<Failure['kind']> = ['rate-limited', 'timeout', 'reset', 'offline', 'http', 'network', 'invalid', 'missing'];
  return [...failures].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0] ?? null;
}

function reasonText(lang: Language, f: Failure): string {
  // arXiv's own error message (the Error entry) is more useful than the status alone.
  if (f.kind === 'invalid' || (f.kind === 'http' && f.message && !/^HTTP \d{3}/.test(f.message))) return `${failureWords(lang, f.kind, f.status)} (${f.message})`;
  return failureWords(lang, f.kind, f.status);
}

/** arXiv metadata for the ids: replay → previous snapshot → network, in batches. */
export async function collectArxiv(ctx: CollectContext, ids: readonly string[]): Promise<ArxivResult> {
  const lang = ctx.language;
  const cfg = ctx.config.sources.arxiv;
  const url = 'https://arxiv.org';
  const entries = new Map<string, ArxivEntry>();
  const wanted = new Set(ids);
  if (!cfg.enabled) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'skipped', note: note(lang, 'arxiv.disabled') } };
  if (ids.length === 0) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'ok', note: note(lang, 'arxiv.none') } };

  const absorb = (xml: string): string | null => {
    const feed = parseArxivFeed(xml);
    for (const e of feed.entries) if (wanted.has(e.id) && !entries.has(e.id)) entries.set(e.id, e);
    return feed.error;
  };

  if (ctx.replay) {
    const files = (await ctx.replay.list('arxiv')).filter((f) => f.endsWith('.xml'));
    if (files.length === 0) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'skipped', note: note(lang, 'arxiv.skipped', { reason: replayReason(lang) }) } };
    for (const f of files) absorb((await ctx.replay.tryReadText(`arxiv/${f}`)).text ?? '');
    const missing = ids.filter((id) => !entries.has(id)).length;
    if (missing === 0) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'ok', note: note(lang, 'arxiv.ok', { found: entries.size }) } };
    if (entries.size === 0) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'skipped', note: note(lang, 'arxiv.skipped', { reason: replayReason(lang) }) } };
    return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'degraded', note: note(lang, 'arxiv.partial', { reason: failureWords(lang, 'missing'), missing, found: entries.size }) } };
  }

  if (ctx.previous) {
    for (const f of (await ctx.previous.list('arxiv')).filter((n) => n.endsWith('.xml'))) {
      const xml = (await ctx.previous.tryReadText(`arxiv/${f}`)).text;
      if (xml !== null && absorb(xml) === null) ctx.snapshot?.put(`arxiv/${f}`, xml, { source: 'arxiv', url: null, status: 200 });
    }
  }
  const todo = ids.filter((id) => !entries.has(id));
  const failures: Failure[] = [];
  let failedIds = 0;
  if (todo.length > 0 && ctx.client) {
    const groups = batches(todo, Math.max(1, cfg.batchSize));
    ctx.progress.stage('arXiv', groups.length);
    for (const group of groups) {
      try {
        const res = await fetchArxivBatch(ctx.client, cfg.baseUrl, group);
        if (res.status === 200 && !res.feed.error) {
          for (const e of res.feed.entries) if (wanted.has(e.id) && !entries.has(e.id)) entries.set(e.id, e);
          ctx.snapshot?.put(`arxiv/${group[0]}+${group.length}.xml`, res.xml, { source: 'arxiv', url: arxivQueryUrl(cfg.baseUrl, group), status: res.status });
        } else {
          failures.push({ kind: 'http', status: res.status, message: res.feed.error ?? `HTTP ${res.status}` });
          failedIds += group.length;
        }
      } catch (error) {
        failures.push(failureOf(error));
        failedIds += group.length;
      }
      ctx.progress.advance();
    }
  } else if (todo.length > 0) {
    failures.push({ kind: 'offline', status: null, message: 'no HTTP client' });
    failedIds = todo.length;
  }
  const f = firstFailure(failures);
  if (!f) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'ok', note: note(lang, 'arxiv.ok', { found: entries.size }) } };
  const reason = reasonText(lang, f);
  if (entries.size === 0) return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'failed', note: note(lang, 'arxiv.failed', { reason }) } };
  return { entries, source: { name: ARXIV_SOURCE_NAME, url, status: 'degraded', note: note(lang, 'arxiv.partial', { reason, missing: failedIds, found: entries.size }) } };
}

export interface GithubResult {
  /** Facts by lower-cased requested repo name. */
  repos: Map<string, RepoFacts>;
  source: Source;
}

/** Reads a recorded repo lookup in any of the shapes we accept: our record, a raw API body, a nock recording. */
export function recordedRepo(repo: string, json: unknown): RepoFacts | null {
  if (Array.isArray(json)) {
    const first = json[0] as { status?: unknown; response?: unknown } | undefined;
    return first ? factsFromRecord(repo, { status: first.status, data: first.response }) : null;
  }
  if (json && typeof json === 'object' && 'full_name' in json) return factsFromRecord(repo, { status: 200, data: json });
  return json && typeof json === 'object' ? factsFromRecord(repo, json as { status?: unknown; data?: unknown }) : null;
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(runners);
}

function missingNote(lang: Language, missing: number): string {
  if (missing === 0) return '';
  return lang === 'en' ? `; ${missing} not found (404)` : `;其中 ${missing} 个仓库不存在(404)`;
}

/** GitHub facts for the linked repositories (live: ETag-conditional, one request per repo). */
export async function collectGithub(ctx: CollectContext, repoNames: readonly string[]): Promise<GithubResult> {
  const lang = ctx.language;
  const cfg = ctx.config.sources.github;
  const url = 'https://github.com';
  const repos = new Map<string, RepoFacts>();
  const unique = [...new Map(repoNames.map((r) => [r.toLowerCase(), r])).values()].sort((a, b) => a.localeCompare(b));
  const unverifiedAll = (): void => {
    for (const r of unique) repos.set(r.toLowerCase(), unverifiedFacts(r));
  };
  if (!cfg.enabled) {
    unverifiedAll();
    return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'skipped', note: note(lang, 'github.disabled') } };
  }
  if (unique.length === 0) return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'ok', note: note(lang, 'github.none') } };

  if (ctx.replay) {
    const files = new Set(await ctx.replay.list('github'));
    if (files.size === 0) {
      unverifiedAll();
      return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'skipped', note: note(lang, 'github.skipped', { reason: replayReason(lang) }) } };
    }
    let checked = 0;
    let missing = 0;
    for (const r of unique) {
      const name = repoFileName(r);
      const text = files.has(name) ? (await ctx.replay.tryReadText(`github/${name}`)).text : null;
      let facts: RepoFacts | null = null;
      if (text !== null) {
        try {
          facts = recordedRepo(r, JSON.parse(text));
        } catch {
          facts = null;
        }
      }
      if (facts) checked++;
      if (facts?.missing) missing++;
      repos.set(r.toLowerCase(), facts ?? unverifiedFacts(r));
    }
    const unverified = unique.length - checked;
    const extra = missingNote(lang, missing);
    if (unverified === 0) return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'ok', note: note(lang, 'github.ok', { checked, extra }) } };
    if (checked === 0) return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'skipped', note: note(lang, 'github.skipped', { reason: replayReason(lang) }) } };
    return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'degraded', note: note(lang, 'github.partial', { reason: failureWords(lang, 'missing'), unverified, checked, extra }) } };
  }

  const failures: Failure[] = [];
  let checked = 0;
  let missing = 0;
  ctx.progress.stage('GitHub', unique.length);
  if (!ctx.client) {
    unverifiedAll();
    failures.push({ kind: 'offline', status: null, message: 'no HTTP client' });
  } else {
    const client = ctx.client;
    await pool(unique, ctx.config.sources.http.concurrencyPerHost, async (r) => {
      const key = r.toLowerCase();
      try {
        const lookup = await fetchRepo(client, cfg.baseUrl, r, ctx.githubToken, ctx.etags?.get(key));
        repos.set(key, lookup.facts);
        checked++;
        if (lookup.facts.missing) missing++;
        if (lookup.etag) ctx.etags?.set(key, lookup.etag);
        else if (lookup.facts.missing) ctx.etags?.delete(key);
        ctx.snapshot?.put(`github/${repoFileName(r)}`, compactJson(lookup.record), { source: 'github', url: repoApiUrl(cfg.baseUrl, r), status: lookup.status });
      } catch (error) {
        failures.push(failureOf(error));
        repos.set(key, unverifiedFacts(r));
      }
      ctx.progress.advance();
    });
  }
  // 304s are counted in the run summary, not the briefing: a rerun must give the same briefing.
  const extra = missingNote(lang, missing);
  const f = firstFailure(failures);
  if (!f) return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'ok', note: note(lang, 'github.ok', { checked, extra }) } };
  const reason = reasonText(lang, f);
  if (checked === 0) return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'failed', note: note(lang, 'github.failed', { reason }) } };
  return { repos, source: { name: GITHUB_SOURCE_NAME, url, status: 'degraded', note: note(lang, 'github.partial', { reason, unverified: unique.length - checked, checked, extra }) } };
}

export interface TrendingResult {
  items: TrendingItem[];
  source: Source;
}

/** HF trending models and datasets: replay → previous snapshot → network. */
export async function collectTrending(ctx: CollectContext): Promise<TrendingResult> {
  const lang = ctx.language;
  const hf = ctx.config.sources.huggingFace;
  const url = 'https://huggingface.co/models?sort=trending';
  if (!hf.enabled || !hf.trending) return { items: [], source: { name: HF_TRENDING_NAME, url, status: 'skipped', note: note(lang, 'trending.disabled') } };
  const items: TrendingItem[] = [];
  const failures: Failure[] = [];
  let found = 0;
  for (const kind of ['model', 'dataset'] as const) {
    const rel = `hf-trending/${kind}s.json`;
    let json: unknown = undefined;
    const read = ctx.replay ? await ctx.replay.tryReadText(rel) : ctx.previous ? await ctx.previous.tryReadText(rel) : { text: null, error: null };
    if (read.error !== null && ctx.replay) {
      failures.push({ kind: 'invalid', status: null, message: read.error });
      continue;
    }
    const recorded = read.text;
    if (recorded !== null) {
      try {
        json = JSON.parse(recorded);
      } catch (error) {
        failures.push({ kind: 'invalid', status: null, message: `${rel}: not valid JSON (${(error as Error).message})` });
        continue;
      }
      if (!ctx.replay) ctx.snapshot?.put(rel, recorded, { source: 'hf-trending', url: null, status: 200 });
    } else if (ctx.replay) {
      continue;
    } else if (ctx.client) {
      try {
        json = await fetchTrending(ctx.client, hf.baseUrl, kind, hf.trendingLimit);
        ctx.snapshot?.put(rel, compactJson(json), { source: 'hf-trending', url: trendingUrl(hf.baseUrl, kind, hf.trendingLimit), status: 200 });
      } catch (error) {
        failures.push(failureOf(error));
        continue;
      }
    }
    if (json === undefined) continue;
    found++;
    const parsed = parseTrending(json, kind);
    if (parsed.error) failures.push({ kind: 'invalid', status: null, message: parsed.error });
    items.push(...parsed.items.slice(0, hf.trendingLimit));
  }
  if (ctx.replay && found === 0) return { items, source: { name: HF_TRENDING_NAME, url, status: 'skipped', note: note(lang, 'trending.skipped', { reason: replayReason(lang) }) } };
  const f = firstFailure(failures);
  const counts = { models: items.filter((i) => i.kind === 'model').length, datasets: items.filter((i) => i.kind === 'dataset').length };
  if (!f) return { items, source: { name: HF_TRENDING_NAME, url, status: 'ok', note: note(lang, 'trending.ok', counts) } };
  if (items.length === 0) return { items, source: { name: HF_TRENDING_NAME, url, status: 'failed', note: note(lang, 'trending.failed', { reason: reasonText(lang, f) }) } };
  return { items, source: { name: HF_TRENDING_NAME, url, status: 'degraded', note: `${note(lang, 'trending.ok', counts)} ${note(lang, 'trending.failed', { reason: reasonText(lang, f) })}` } };
}

/** The ETag cache file (config.archive.cacheDir/github-etags.json). Unreadable → empty (it is a cache). */
export async function loadEtagCache(file: string): Promise<Map<string, EtagEntry>> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, EtagEntry>;
    return new Map(Object.entries(json).filter(([, v]) => v && typeof v.etag === 'string' && v.data && typeof v.data.full_name === 'string'));
  } catch {
    return new Map();
  }
}

export async function saveEtagCache(file: string, cache: ReadonlyMap<string, EtagEntry>): Promise<void> {
  const sorted = Object.fromEntries([...cache.entries()].sort(([a], [b]) => a.localeCompare(b)));
  await writeFileAtomic(file, `${JSON.stringify(sorted)}\n`);
}

export function etagCacheFile(root: string, config: BriefingConfig): string {
  return path.resolve(root, config.archive.cacheDir, 'github-etags.json');
}
