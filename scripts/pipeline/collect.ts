/**
 * Collect: the wrapper every source runs in. It gives each source its `SourceContext`, which reads a
 * response from the replay directory, else from the day's existing snapshot, else from the network through
 * the one HTTP client, and keeps what it fetched in the day's snapshot; and it turns what each source reports
 * (a `Tally`) into the ok / degraded / failed / skipped status and note the briefing shows. Nothing here
 * throws for a source failing. The sources themselves (scripts/sources/*) only say what to ask and how to
 * read the answer.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../lib/files.ts';
import { cleanList, cleanOptional, cleanText, moreAuthors, stripInvisible } from '../../lib/untrusted.ts';
import type { Source, SourceStatus } from '../../src/schema/briefing.ts';
import type { BriefingConfig, Language } from '../../src/schema/config.ts';
import { HttpError, type HttpClient } from '../lib/http.ts';
import type { Progress } from '../lib/progress.ts';
import type { Registered, SourceSet } from '../sources/registry.ts';
import type {
  ArxivEntry,
  Failure,
  FollowItem,
  NoteRef,
  PaperCandidate,
  PaperSource,
  Recorded,
  RecordIO,
  SourceContext,
  SourceNotes,
  Tally,
} from '../sources/types.ts';
import { RecordedResponses, type SnapshotWriter } from './snapshot.ts';
import { failureWords, listDays, note, replayReason, type NoteKey } from './notes.ts';
import { t } from '../../src/i18n/index.ts';
import { sentences } from '../../src/i18n/locale.ts';

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
  env: Record<string, string | undefined>;
  progress: Progress;
  /** Folder of the sources' caches (`archive.cacheDir`, resolved). */
  cacheDir: string;
  /** The caches the sources opened in this run, saved by `saveCaches`. */
  caches: Map<string, Map<string, unknown>>;
}

function failureOf(error: unknown): Failure {
  if (error instanceof HttpError) return { kind: error.kind, status: error.status, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  const status = /HTTP (\d{3})/.exec(message);
  return { kind: status ? 'http' : 'invalid', status: status ? Number(status[1]) : null, message };
}

/** The context one source works in: its options, and replay → snapshot → network for its folder. */
function sourceContext<O>(ctx: CollectContext, folder: string, options: O): SourceContext<O> {
  const at = (rel: string): string => `${folder}/${rel}`;
  return {
    options,
    config: ctx.config,
    language: ctx.language,
    mode: ctx.replay ? 'replay' : 'live',
    client: ctx.client,
    env: ctx.env,
    progress: ctx.progress,

    async recorded<T>(rel: string, io: RecordIO<T>): Promise<Recorded<T>> {
      const file = at(rel);
      const use = (text: string, origin: Recorded<T>['origin'], meta: { url: string | null; status: number | null }): Recorded<T> => {
        const parsed = io.parse(text);
        if (parsed.error !== null) return { value: null, origin, failure: { kind: 'invalid', status: null, message: parsed.error } };
        // Only a final answer is kept: an empty or partial one is asked for again by the next run.
        if (origin !== 'replay' && parsed.final !== false) ctx.snapshot?.put(file, text, { source: folder, ...meta });
        return { value: parsed.value, origin, failure: null, ...(parsed.dropped ? { dropped: parsed.dropped } : {}) };
      };
      if (ctx.replay) {
        const { text, error } = await ctx.replay.tryReadText(file);
        if (error !== null) return { value: null, origin: 'replay', failure: { kind: 'invalid', status: null, message: error } };
        return text === null ? { value: null, origin: 'none', failure: null } : use(text, 'replay', { url: null, status: null });
      }
      if (io.reuse !== false && ctx.previous) {
        // An unreadable, invalid or unfinished kept response is fetched again.
        const kept = (await ctx.previous.tryReadText(file)).text;
        if (kept !== null) {
          const parsed = io.parse(kept);
          if (parsed.error === null && parsed.final !== false) {
            ctx.snapshot?.put(file, kept, { source: folder, url: null, status: 200 });
            return { value: parsed.value, origin: 'snapshot', failure: null };
          }
        }
      }
      if (!ctx.client) return { value: null, origin: 'none', failure: { kind: 'offline', status: null, message: 'no HTTP client' } };
      try {
        const fetched = await io.fetch(ctx.client);
        return use(fetched.text, 'network', { url: fetched.url, status: fetched.status });
      } catch (error) {
        return { value: null, origin: 'network', failure: failureOf(error) };
      }
    },

    async recordings<T>(parse: (text: string) => { value: T; error: string | null; final?: boolean }): Promise<Array<Recorded<T>>> {
      const from = ctx.replay ?? ctx.previous;
      if (!from) return [];
      const out: Array<Recorded<T>> = [];
      for (const name of (await from.list(folder)).filter((n) => !n.startsWith('.'))) {
        const { text, error } = await from.tryReadText(at(name));
        if (text === null) {
          if (ctx.replay && error !== null) out.push({ value: null, origin: 'replay', failure: { kind: 'invalid', status: null, message: error } });
          continue;
        }
        const parsed = parse(text);
        if (parsed.error !== null) {
          if (ctx.replay) out.push({ value: null, origin: 'replay', failure: { kind: 'invalid', status: null, message: parsed.error } });
          continue;
        }
        if (!ctx.replay) ctx.snapshot?.put(at(name), text, { source: folder, url: null, status: 200 });
        out.push({ value: parsed.value, origin: ctx.replay ? 'replay' : 'snapshot', failure: null });
      }
      return out;
    },

    async cache<V>(name: string, valid: (value: unknown) => value is V): Promise<Map<string, V>> {
      let cache = ctx.caches.get(name) as Map<string, V> | undefined;
      if (!cache) {
        cache = new Map();
        try {
          const json = JSON.parse(await readFile(path.join(ctx.cacheDir, `${name}.json`), 'utf8')) as Record<string, unknown>;
          for (const [k, v] of Object.entries(json)) if (valid(v)) cache.set(k, v);
        } catch {
          // No cache yet, or an unreadable one: it is only a cache.
        }
        ctx.caches.set(name, cache as Map<string, unknown>);
      }
      return cache;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Untrusted text: what a source parsed is stripped of invisible characters and capped before anything
// ranks, prompts or renders it (lib/untrusted.ts), whatever the source.
// ---------------------------------------------------------------------------------------------------

function cleanEntry(e: ArxivEntry, lang: Language): ArxivEntry {
  return {
    ...e,
    title: cleanText(e.title, 'title'),
    abstract: cleanText(e.abstract, 'abstract', lang),
    authors: cleanList(e.authors, 'author', 'authors', moreAuthors),
    categories: cleanList(e.categories, 'keyword', 'keywords'),
    comment: cleanOptional(e.comment, 'summary'),
    journalRef: cleanOptional(e.journalRef, 'line'),
  };
}

/** A paper candidate with every text a source gave cleaned and capped. */
export function cleanCandidate(p: PaperCandidate, lang: Language): PaperCandidate {
  return {
    ...p,
    title: cleanText(p.title, 'title'),
    summary: cleanText(p.summary, 'abstract', lang),
    authors: cleanList(p.authors, 'author', 'authors', moreAuthors),
    aiSummary: cleanOptional(p.aiSummary, 'summary', lang),
    aiKeywords: cleanList(p.aiKeywords, 'keyword', 'keywords'),
    githubRepo: p.githubRepo === null ? null : stripInvisible(p.githubRepo),
    projectPage: p.projectPage === null ? null : stripInvisible(p.projectPage),
    organization: cleanOptional(p.organization, 'line'),
    arxiv: p.arxiv && cleanEntry(p.arxiv, lang),
    repoFacts: p.repoFacts && { ...p.repoFacts, description: cleanOptional(p.repoFacts.description, 'summary') },
  };
}

function cleanFollowItem(item: FollowItem): FollowItem {
  return { ...item, id: stripInvisible(item.id), pipelineTag: cleanOptional(item.pipelineTag, 'keyword'), tags: cleanList(item.tags, 'keyword', 'keywords') };
}

/** Writes the caches the sources used (sorted, atomically). */
export async function saveCaches(ctx: CollectContext): Promise<void> {
  for (const [name, cache] of ctx.caches) {
    const sorted = Object.fromEntries([...cache.entries()].sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomic(path.join(ctx.cacheDir, `${name}.json`), `${JSON.stringify(sorted)}\n`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Statuses and notes.
// ---------------------------------------------------------------------------------------------------

function firstFailure(failures: readonly Failure[]): Failure | null {
  // Prefer the most telling failure: rate limits and timeouts over generic errors.
  const order: Array<Failure['kind']> = ['rate-limited', 'timeout', 'reset', 'offline', 'http', 'network', 'invalid', 'not-found', 'missing'];
  return [...failures].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))[0] ?? null;
}

/** The failure in a few words, with the server's or parser's own message where it says more. */
function reasonText(lang: Language, f: Failure, detail: SourceNotes['detail'] = 'parens'): string {
  if (f.kind === 'not-found') return note(lang, 'reason.notReturned');
  const words = failureWords(lang, f.kind, f.status);
  if (detail === 'colon') return f.kind === 'invalid' ? `${words}: ${f.message}` : words;
  const quote = f.kind === 'invalid' || (f.kind === 'http' && f.message !== '' && !/^HTTP \d{3}/.test(f.message));
  return quote ? `${words} (${f.message})` : words;
}

function render(lang: Language, key: NoteKey | string, vars: Tally['vars']): string {
  const plain: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars)) {
    plain[k] = v === null ? '' : typeof v === 'object' ? render(lang, (v as NoteRef).note, (v as NoteRef).vars ?? {}) : v;
  }
  return note(lang, key as NoteKey, plain);
}

interface Described {
  name: string;
  url: string;
  notes: SourceNotes;
  contributes: 'papers' | 'facts' | 'follow';
}

/**
 * A source's status from its tally. Nothing asked → ok ("none"); a replay without its recordings → skipped
 * (a paper source: failed, there is nothing to brief); no failure → ok; nothing obtained → failed (replay:
 * skipped); else degraded.
 */
export function statusOf(lang: Language, source: Described, tally: Tally, replay: boolean, varsFor: (status: SourceStatus) => Tally['vars'] = () => tally.vars): Source {
  const make = (status: SourceStatus, key: NoteKey | string, vars: Tally['vars'] = {}): Source => ({ name: source.name, url: source.url, status, note: render(lang, key, vars) });
  const n = source.notes;
  const papers = source.contributes === 'papers';
  const notCalled = (): Source => (papers ? make('failed', n.failed, { ...varsFor('failed'), reason: replayReason(lang) }) : make('skipped', n.skipped ?? n.failed, { ...varsFor('skipped'), reason: replayReason(lang) }));
  if (tally.wanted === 0 && n.none) return make('ok', n.none);
  if (replay && !tally.recorded) return notCalled();
  const f = firstFailure(tally.failures);
  if (!f) return make('ok', n.ok, varsFor('ok'));
  const reason = reasonText(lang, f, n.detail);
  if (tally.got === 0) return replay && !papers ? notCalled() : make('failed', n.failed, { ...varsFor('failed'), reason });
  return make('degraded', n.partial, { ...varsFor('degraded'), reason });
}

/** A source that is turned off in the config. */
function disabledStatus(lang: Language, source: { label: string; url: string; notes: SourceNotes }): Source {
  return { name: source.label, url: source.url, status: 'skipped', note: note(lang, (source.notes.disabled ?? source.notes.failed) as NoteKey) };
}

// ---------------------------------------------------------------------------------------------------
// The three kinds of source, run.
// ---------------------------------------------------------------------------------------------------

/** One paper source's listings over the window, by day. */
export type Listings = Map<string, Recorded<PaperCandidate[]>>;

/** Lists one day with every paper source. Returns false when a source could not list it (the day is then retried later, if it ends the window). */
export async function listDay(ctx: CollectContext, sources: SourceSet['papers'], listings: Map<string, Listings>, day: string): Promise<boolean> {
  let usable = true;
  for (const { source, options } of sources) {
    const listed = await source.listDay(sourceContext(ctx, source.folder, options as never), day);
    const result = listed.value ? { ...listed, value: listed.value.map((p) => cleanCandidate(p, ctx.language)) } : listed;
    let byDay = listings.get(source.name);
    if (!byDay) listings.set(source.name, (byDay = new Map()));
    byDay.set(day, result);
    if (result.failure) usable = false;
  }
  return usable;
}

/** A paper source's status over the window's days; `papers` counts its distinct papers, `screened` those that were ranked. */
export function paperSourceStatus(ctx: CollectContext, reg: Registered<PaperSource>, byDay: Listings, days: readonly string[], counts: { papers: number; screened: number }): Source {
  const lang = ctx.language;
  const results = days.map((d) => [d, byDay.get(d)] as const).filter((e): e is readonly [string, Recorded<PaperCandidate[]>] => e[1] !== undefined);
  const failed = results.filter(([, r]) => r.failure).map(([d]) => d);
  const used = results.filter(([, r]) => !r.failure && r.origin !== 'none').map(([d]) => d);
  const tally: Tally = {
    wanted: results.length,
    got: used.length,
    failures: results.flatMap(([, r]) => (r.failure ? [r.failure] : [])),
    recorded: results.some(([, r]) => r.origin !== 'none'),
    vars: {},
  };
  const extra = reg.source.noteVars?.(reg.options as never, results.map(([, r]) => r)) ?? {};
  const varsFor = (status: SourceStatus): Tally['vars'] => ({
    ...extra,
    // "could not be fetched" names every day of the window; otherwise the days that were used.
    days: listDays(lang, status === 'failed' ? results.map(([d]) => d) : used),
    papers: counts.papers,
    failedDays: listDays(lang, failed),
  });
  const status = statusOf(lang, described(reg.source), tally, Boolean(ctx.replay), varsFor);
  // Items a listing held but no paper could be made of are counted, not dropped in silence.
  const dropped = results.reduce((n, [, r]) => n + (r.failure ? 0 : (r.dropped ?? 0)), 0);
  const noteText = dropped > 0 ? sentences(lang, [status.note, t(lang, 'source.dropped', { count: dropped })]) : status.note;
  return { ...status, note: noteText, screened: counts.screened };
}

function described(source: { label: string; url: string; notes: SourceNotes; contributes: Described['contributes'] }): Described {
  return { name: source.label, url: source.url, notes: source.notes, contributes: source.contributes };
}

/** Runs the fact sources in order over the candidates. Disabled ones add nothing and say so. */
export async function enrichWithFacts(ctx: CollectContext, sources: SourceSet['facts'], candidates: readonly PaperCandidate[]): Promise<{ candidates: PaperCandidate[]; statuses: Source[] }> {
  let current = [...candidates];
  const statuses: Source[] = [];
  for (const { source, options } of sources) {
    if (!options.enabled) {
      statuses.push(disabledStatus(ctx.language, source));
      continue;
    }
    const result = await source.enrich(sourceContext(ctx, source.folder, options as never), current);
    current = result.candidates.map((p) => cleanCandidate(p, ctx.language));
    statuses.push(statusOf(ctx.language, described(source), result.tally, Boolean(ctx.replay)));
  }
  return { candidates: current, statuses };
}

/** Runs the follow sources. */
export async function collectFollow(ctx: CollectContext, sources: SourceSet['follow']): Promise<{ items: FollowItem[]; statuses: Source[] }> {
  const items: FollowItem[] = [];
  const statuses: Source[] = [];
  for (const { source, options } of sources) {
    if (!options.enabled) {
      statuses.push(disabledStatus(ctx.language, source));
      continue;
    }
    const result = await source.candidates(sourceContext(ctx, source.folder, options as never));
    items.push(...result.items.map(cleanFollowItem));
    statuses.push(statusOf(ctx.language, described(source), result.tally, Boolean(ctx.replay)));
  }
  return { items, statuses };
}
