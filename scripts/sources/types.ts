/**
 * The source interface: what every source of the pipeline implements, and the data it hands on. A source
 * is one small file, `scripts/sources/<name>.ts`, whose default export is one of the three kinds below
 * (modelled on Astro's content loaders: a name plus a function, with I/O done through a context):
 *
 *   papers  lists the papers of one day of the window          huggingface, arxiv-listing
 *   facts   adds metadata to the day's papers (by arXiv id…)   arxiv, github
 *   follow  proposes repositories, models, datasets to follow  hf-trending
 *
 * A source never decides where a response comes from: `SourceContext.recorded` reads it from the replay
 * directory, else from the day's snapshot, else fetches it (and snapshots it), once for every source
 * (scripts/pipeline/collect.ts). Nor does it write its status: it reports a `Tally`, and the wrapper turns
 * that into the ok / degraded / failed / skipped note the briefing shows. The list of sources comes from
 * the config (`sources.<kind>.<name>`); docs/sources.md says how to add one. Shared types live here, so no
 * source imports from the pipeline.
 */
import type { BriefingConfig, Language } from '../../src/schema/config.ts';
import type { FailureKind, HostPolicy, HttpClient } from '../lib/http.ts';
import type { Progress } from '../lib/progress.ts';

// ---------------------------------------------------------------------------------------------------
// What sources produce.
// ---------------------------------------------------------------------------------------------------

/** arXiv metadata of one paper (the Atom entry of the arXiv API). */
export interface ArxivEntry {
  /** Id without version. */
  id: string;
  version: number | null;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  primaryCategory: string | null;
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  updated: string | null;
  absUrl: string | null;
  pdfUrl: string | null;
}

/** Facts about a GitHub repository, as verified against the API (or not). */
export interface RepoFacts {
  /** owner/name (after following a rename/redirect). */
  name: string;
  url: string;
  /** True when the API answered today (or a cached 304 confirmed it). */
  verified: boolean;
  stars: number | null;
  pushedAt: string | null;
  description: string | null;
  archived: boolean;
  /** 404 or otherwise unavailable. */
  missing?: boolean;
}

/**
 * A paper as the paper sources list it, one per arXiv id once merged (scripts/pipeline/merge.ts), with the
 * facts the fact sources add. A paper both sources list keeps Hugging Face's community fields (upvotes, AI
 * summary) and the arXiv metadata, and names both sources.
 */
export interface PaperCandidate {
  /** arXiv id without version. */
  id: string;
  title: string;
  /** The abstract as the listing gives it. */
  summary: string;
  authors: string[];
  /** Paper date (arXiv submission), YYYY-MM-DD. */
  published: string | null;
  /** The Hugging Face listing day it came from; null for a paper no HF listing had. */
  listed: string | null;
  upvotes: number | null;
  aiSummary: string | null;
  aiKeywords: string[];
  /** Raw GitHub repository URL as the listing gives it. */
  githubRepo: string | null;
  projectPage: string | null;
  organization: string | null;
  /** Labels of the paper sources that listed it ("Hugging Face Daily Papers", "arXiv new submissions"). */
  sources: string[];
  /** arXiv metadata: from a listing that carries it, else added by the `arxiv` fact source. */
  arxiv: ArxivEntry | null;
  /** Whether `arxiv` came from the fact source (the paper then also names "arXiv" as a source). */
  arxivLookedUp?: boolean;
  /** The linked repository's facts, added by the `github` fact source. */
  repoFacts: RepoFacts | null;
}

/** A model, dataset or repository proposed by a follow source. */
export interface FollowItem {
  kind: 'model' | 'dataset';
  id: string;
  likes: number | null;
  downloads: number | null;
  pipelineTag: string | null;
  tags: string[];
  lastModified: string | null;
}

// ---------------------------------------------------------------------------------------------------
// How a source reports back.
// ---------------------------------------------------------------------------------------------------

/** Why something could not be had: the HTTP client's kinds, a bad body, no recording, or an id the API did not return. */
export interface Failure {
  kind: FailureKind | 'invalid' | 'missing' | 'not-found';
  status: number | null;
  message: string;
}

/**
 * A note key of scripts/pipeline/notes.ts (kept a string here so sources need nothing from the pipeline;
 * a test checks that every key a source names exists in every language).
 */
export type NoteKey = string;

/** A sentence inside a note: rendered by the wrapper in the briefing's language. */
export interface NoteRef {
  note: NoteKey;
  vars?: Record<string, string | number>;
}

/** What a source did, from which the wrapper writes its status and note. */
export interface Tally {
  /** Things asked for (ids, repositories, lists); 0 gives the `none` note. */
  wanted: number;
  /** Things the source answered for. */
  got: number;
  /** What went wrong; none means ok. */
  failures: Failure[];
  /** Replay only: false when the replay directory holds no recording for this source at all. */
  recorded: boolean;
  /** Values for the note templates (`{found}`, `{checked}`, …); `reason` is added by the wrapper. */
  vars: Record<string, string | number | NoteRef | null>;
}

/** The note (scripts/pipeline/notes.ts) for each way a source can end. */
export interface SourceNotes {
  ok: NoteKey;
  /** Some of it worked. */
  partial: NoteKey;
  /** Nothing worked. */
  failed: NoteKey;
  /** Not called: the replay has no recordings of it. */
  skipped?: NoteKey;
  /** Turned off in the config. */
  disabled?: NoteKey;
  /** Nothing to ask for. */
  none?: NoteKey;
  /** How the failure's detail joins its short words: `colon` ("bad format: …") or `parens` ("bad format (…)"). */
  detail?: 'colon' | 'parens';
}

// ---------------------------------------------------------------------------------------------------
// The context a source works in.
// ---------------------------------------------------------------------------------------------------

/** Where a response came from. `none`: no recording and no fetch (replay without it, or offline). */
export type Origin = 'replay' | 'snapshot' | 'network' | 'none';

/** A parsed response. `final: false` (an empty or partial answer) is used for this run but never snapshotted. */
export interface Parsed<T> {
  value: T;
  /** Set when the body is unusable; the response then counts as a failure. */
  error: string | null;
  final?: boolean;
  /** Items of the answer that were unusable and left out (no id, no title); the source's note counts them. */
  dropped?: number;
}

export interface Fetched {
  /** The body as it is kept in the snapshot. */
  text: string;
  /** The URL that was asked (recorded in the snapshot's manifest). */
  url: string;
  status: number;
}

export interface Recorded<T> {
  /** The parsed value; null when there was nothing, or it failed. */
  value: T | null;
  origin: Origin;
  failure: Failure | null;
  /** Items left out of `value` as unusable (see `Parsed.dropped`). */
  dropped?: number;
}

export interface RecordIO<T> {
  /** Gets the response from the network. Throws (HttpError or Error) when it cannot. */
  fetch(client: HttpClient): Promise<Fetched>;
  parse(text: string): Parsed<T>;
  /**
   * Use the day's snapshot on a rerun (default true). False for answers that must be fresh each run
   * (GitHub stars, checked with an ETag so an unchanged repository costs a 304).
   */
  reuse?: boolean;
}

export interface SourceContext<Options> {
  /** This source's block of the config (`sources.<kind>.<name>`). */
  readonly options: Options;
  readonly config: BriefingConfig;
  /** The briefing's language (for anything the source words itself). */
  readonly language: Language;
  /** `replay`: recorded responses only, no network. */
  readonly mode: 'replay' | 'live';
  /** The one HTTP client; null in replay mode. */
  readonly client: HttpClient | null;
  readonly env: Record<string, string | undefined>;
  readonly progress: Progress;
  /**
   * One response, `rel` inside the source's folder (e.g. `2026-05-01.json`): from the replay directory,
   * else the day's snapshot, else the network; a final, valid answer goes into the day's snapshot.
   */
  recorded<T>(rel: string, io: RecordIO<T>): Promise<Recorded<T>>;
  /**
   * Every recording in the source's folder (the replay directory, else the day's snapshot, whose valid ones
   * are kept), parsed; for sources whose files are not one per key (arXiv `id_list` batches).
   */
  recordings<T>(parse: (text: string) => Parsed<T>): Promise<Array<Recorded<T>>>;
  /** A small key-value cache kept between runs in `archive.cacheDir/<name>.json` (GitHub ETags); not saved in replay or dry runs. */
  cache<V>(name: string, valid: (value: unknown) => value is V): Promise<Map<string, V>>;
}

// ---------------------------------------------------------------------------------------------------
// The three kinds of source.
// ---------------------------------------------------------------------------------------------------

interface SourceBase<Options> {
  /** The config key and file name, e.g. `arxiv-listing`. */
  readonly name: string;
  /** The name the briefing shows, e.g. "arXiv new submissions". */
  readonly label: string;
  /** Where a reader finds the source. */
  readonly url: string;
  /** Snapshot and replay folder, and the HTTP counter bucket (`hf`, `arxiv`, …). */
  readonly folder: string;
  readonly notes: SourceNotes;
  /** Per-host request policies the shared HTTP client must apply (arXiv: one connection, one request per 3 s). */
  hosts?(options: Options): Record<string, HostPolicy>;
}

export interface PaperSource<Options = unknown> extends SourceBase<Options> {
  readonly contributes: 'papers';
  /** The papers listed on one day of the window (a UTC calendar day, YYYY-MM-DD). */
  listDay(ctx: SourceContext<Options>, day: string): Promise<Recorded<PaperCandidate[]>>;
  /** Extra note values from the source's options and the day's listings (e.g. `{categories}`, a cap reached). */
  noteVars?(options: Options, listings: ReadonlyArray<Recorded<PaperCandidate[]>>): Record<string, string | number | NoteRef | null>;
}

export interface FactSource<Options = unknown> extends SourceBase<Options> {
  readonly contributes: 'facts';
  /** The candidates with what this source knows added (new objects; input order kept). */
  enrich(ctx: SourceContext<Options>, candidates: readonly PaperCandidate[]): Promise<{ candidates: PaperCandidate[]; tally: Tally }>;
}

export interface FollowSource<Options = unknown> extends SourceBase<Options> {
  readonly contributes: 'follow';
  candidates(ctx: SourceContext<Options>): Promise<{ items: FollowItem[]; tally: Tally }>;
}

export type AnySource = PaperSource<never> | FactSource<never> | FollowSource<never>;

/** Typed identity for a source file's default export (the options type is its config block). */
export function defineSource<Options>(source: PaperSource<Options>): PaperSource<Options>;
export function defineSource<Options>(source: FactSource<Options>): FactSource<Options>;
export function defineSource<Options>(source: FollowSource<Options>): FollowSource<Options>;
export function defineSource(source: unknown): unknown {
  return source;
}
