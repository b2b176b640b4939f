/**
 * What the pipeline needs to know about the existing archive, fast enough for ten years of it:
 * - the latest briefing before a date (its `window.to` starts the next window);
 * - every paper an earlier briefing featured or listed ("seen once": it is never listed again as new),
 *   with the upvotes the latest of those briefings recorded and whether it already came back once
 *   (scripts/pipeline/seen.ts decides what that means for a new day).
 *
 * Reading 3,650 briefings through the YAML parser and the schema takes about 30 s, so a file is read only
 * when it is new or changed:
 * 1. an index in `archive.cacheDir` (`archive-index.json`) keeps each file's facts under its mtime and
 *    size; a run stats the files and reads only those whose stat differs (an in-memory copy serves the days
 *    of a range run). The index is a cache: delete it and the next run rebuilds it.
 * 2. A file whose content hash verifies was written by the pipeline after schema validation and is read by
 *    a line scanner of the renderer's own YAML layout (`scanFrontmatter`, about 15× faster than parsing);
 *    a file edited by hand, or one the scanner does not recognise, is parsed and validated in full.
 * 3. A file that cannot be read or validated is reported each run and treated conservatively: it covered
 *    up to the day before its date, and every arXiv id in its text counts as seen (and none can come back).
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { ARXIV_ID, createBriefingSchema, isValidDay, parseBriefing } from '../../src/schema/briefing.ts';
import { splitFrontmatter } from '../../src/schema/frontmatter.ts';
import { addDays } from '../../lib/dates.ts';
import { writeFileAtomic } from '../../lib/files.ts';
import { isEdited } from '../mdx/write.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';

/** One paper as an earlier briefing listed it (featured or in the others table). */
export interface ListedPaper {
  /** arXiv id without version. */
  id: string;
  /** Hugging Face upvotes the briefing recorded (frontmatter `upvotes`). */
  upvotes: number | null;
  /** The briefing marked it as back ("重新上榜"). */
  back: boolean;
}

/** What seen-once needs of one briefing file. */
export interface BriefingFacts {
  date: string;
  /** The listing days its window covered: `window.from` … `window.to`. */
  windowFrom: string;
  windowTo: string;
  papers: ListedPaper[];
  /** Why the file could not be read; its papers are then the ids found in its text. */
  problem?: string;
}

/** Everything the archive before a date says about one paper. */
export interface SeenPaper {
  /** The first briefing that listed it. */
  first: string;
  /** The latest briefing that listed it. */
  last: string;
  /** The upvotes recorded by the latest briefing that recorded any, and that briefing's date. */
  upvotes: number | null;
  upvotesOn: string | null;
  /** The briefing that marked it back, if one did: a paper comes back once. */
  back: string | null;
}

export interface ArchiveState {
  /** `window.to` of the latest briefing dated before the target date, or null. */
  lastCoveredTo: string | null;
  /** Whether a briefing dated before the target date covered this listing day (its papers were screened then). */
  covers(day: string): boolean;
  /** Every paper a briefing dated before the target date featured or listed. */
  seen: Map<string, SeenPaper>;
  /**
   * Papers a briefing dated after the target date lists (a `--force` rerun of a past day): they are shown on
   * that later day, so listing them on this one too would list them as new twice.
   */
  later: Set<string>;
  /** Files that could not be read (reported, then treated conservatively), and index write failures. */
  problems: string[];
}

export interface ArchiveReaderOptions {
  /** The index file (`<archive.cacheDir>/archive-index.json`); none: an in-memory cache only. */
  indexFile?: string | null;
  /** Write the index back when it changed (false for a dry run). Default true. */
  writeIndex?: boolean;
}

/** How the last `state()` came by each file's facts (for tests and the benchmark). */
export interface ReadStats {
  files: number;
  /** Unchanged since the index (or this reader) last read them. */
  cached: number;
  /** Read by the line scanner (hash verified). */
  scanned: number;
  /** Parsed and validated in full. */
  parsed: number;
  /** Could not be read or validated. */
  failed: number;
}

const INDEX_VERSION = 2;
const BRIEFING_NAME = /^(\d{4}-\d{2}-\d{2})\.mdx$/;

/** The index on disk: facts per file name, each under the stat it was read at. */
interface IndexFile {
  version: number;
  /** The briefings folder it describes, and the taxonomy its full parses validated against. */
  dir: string;
  taxonomy: string;
  files: Record<string, IndexEntry>;
}

/** Compact: `p` holds [id, upvotes, back 0/1] per paper. */
interface IndexEntry {
  m: number;
  s: number;
  from: string;
  to: string;
  p: Array<[string, number | null, 0 | 1]>;
  x?: string;
}

interface Cached {
  key: string;
  facts: BriefingFacts;
}

export class ArchiveReader {
  private readonly cache = new Map<string, Cached>();
  private readonly taxonomy: Pick<BriefingConfig, 'taxonomy'>;
  private readonly indexFile: string | null;
  private readonly writeIndex: boolean;
  private indexLoaded = false;
  private indexDir: string | null = null;
  private lastStats: ReadStats = { files: 0, cached: 0, scanned: 0, parsed: 0, failed: 0 };

  /** The briefings are validated against this config's taxonomy. */
  constructor(config: Pick<BriefingConfig, 'taxonomy'>, options: ArchiveReaderOptions = {}) {
    this.taxonomy = { taxonomy: config.taxonomy };
    this.indexFile = options.indexFile ?? null;
    this.writeIndex = options.writeIndex ?? true;
  }

  /** How the last `state()` read the archive. */
  stats(): ReadStats {
    return { ...this.lastStats };
  }

  async state(dir: string, date: string): Promise<ArchiveState> {
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const all = names.filter((n) => {
      const d = BRIEFING_NAME.exec(n)?.[1];
      return d !== undefined && isValidDay(d);
    });
    await this.loadIndex(dir);
    const others = all.filter((n) => n.slice(0, 10) !== date).sort();
    const stats: ReadStats = { files: others.length, cached: 0, scanned: 0, parsed: 0, failed: 0 };
    let changed = false;
    const read = await mapLimited(others, 16, async (name) => {
      const file = path.join(dir, name);
      const info = await stat(file).catch(() => null);
      const key = info ? `${info.mtimeMs}:${info.size}` : 'missing';
      const hit = this.cache.get(name);
      if (hit && hit.key === key) {
        stats.cached++;
        return hit.facts;
      }
      const got = await readFacts(file, name.slice(0, 10), this.taxonomy);
      stats[got.how]++;
      changed = true;
      this.cache.set(name, { key, facts: got.facts });
      return got.facts;
    });
    // Files gone from the folder leave the cache (and the index).
    const present = new Set(all);
    for (const name of [...this.cache.keys()]) {
      if (!present.has(name)) {
        this.cache.delete(name);
        changed = true;
      }
    }
    this.lastStats = stats;
    const problems = read.flatMap((f) => (f.problem ? [f.problem] : []));
    const facts = read.filter((f) => f.date < date);
    const later = new Set(read.filter((f) => f.date > date).flatMap((f) => f.papers.map((p) => p.id)));
    if (changed) {
      const failure = await this.saveIndex(dir);
      if (failure) problems.push(failure);
    }
    // Briefings not on disk yet (a backfill's collected days) come after the files of their date.
    const ordered = [...facts, ...this.pendingFacts(date)].map((f, i) => ({ f, i })).sort((a, b) => a.f.date.localeCompare(b.f.date) || a.i - b.i).map((x) => x.f);
    const windows = ordered.map((f) => [f.windowFrom, f.windowTo] as const);
    const covers = (day: string): boolean => windows.some(([from, to]) => from <= day && day <= to);
    return { lastCoveredTo: ordered.at(-1)?.windowTo ?? null, covers, seen: seenPapers(ordered), later, problems };
  }

  /** Briefings dated before `date` that count as written although no file holds them yet (none here). */
  protected pendingFacts(_date: string): BriefingFacts[] {
    return [];
  }

  private taxonomyKey(): string {
    return createHash('sha256')
      .update(this.taxonomy.taxonomy.map((c) => c.slug).join('\n'))
      .digest('hex')
      .slice(0, 16);
  }

  /** Loads the index once per folder; a missing, unreadable or foreign index is simply not used. */
  private async loadIndex(dir: string): Promise<void> {
    const resolved = path.resolve(dir);
    if (this.indexDir !== resolved) {
      // Another folder: what this reader cached describes other files.
      if (this.indexDir !== null) this.cache.clear();
      this.indexDir = resolved;
      this.indexLoaded = false;
    }
    if (this.indexLoaded || !this.indexFile) return;
    this.indexLoaded = true;
    let index: IndexFile;
    try {
      index = JSON.parse(await readFile(this.indexFile, 'utf8')) as IndexFile;
    } catch {
      return;
    }
    if (!index || index.version !== INDEX_VERSION || index.dir !== resolved || index.taxonomy !== this.taxonomyKey() || typeof index.files !== 'object') return;
    for (const [name, e] of Object.entries(index.files)) {
      const date = BRIEFING_NAME.exec(name)?.[1];
      if (!date || !Array.isArray(e?.p) || typeof e.to !== 'string' || typeof e.from !== 'string') continue;
      const facts: BriefingFacts = { date, windowFrom: e.from, windowTo: e.to, papers: e.p.map(([id, upvotes, back]) => ({ id, upvotes, back: back === 1 })) };
      if (e.x) facts.problem = e.x;
      this.cache.set(name, { key: `${e.m}:${e.s}`, facts });
    }
  }

  /** Writes the index atomically; returns a problem line when it cannot (the run goes on). */
  private async saveIndex(dir: string): Promise<string | null> {
    if (!this.indexFile || !this.writeIndex) return null;
    const files: Record<string, IndexEntry> = {};
    for (const [name, { key, facts }] of [...this.cache].sort(([a], [b]) => a.localeCompare(b))) {
      const [m, s] = key.split(':').map(Number);
      if (!Number.isFinite(m) || !Number.isFinite(s)) continue;
      files[name] = { m: m!, s: s!, from: facts.windowFrom, to: facts.windowTo, p: facts.papers.map((p) => [p.id, p.upvotes, p.back ? 1 : 0]), ...(facts.problem ? { x: facts.problem } : {}) };
    }
    const index: IndexFile = { version: INDEX_VERSION, dir: path.resolve(dir), taxonomy: this.taxonomyKey(), files };
    try {
      await mkdir(path.dirname(this.indexFile), { recursive: true });
      await writeFileAtomic(this.indexFile, JSON.stringify(index));
      return null;
    } catch (error) {
      return `${this.indexFile}: could not write the archive index (${(error as Error).message}); the next run reads the archive again`;
    }
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The seen papers of a run of briefings (oldest first). */
export function seenPapers(facts: readonly BriefingFacts[]): Map<string, SeenPaper> {
  const seen = new Map<string, SeenPaper>();
  for (const f of facts) {
    for (const p of f.papers) {
      let s = seen.get(p.id);
      if (!s) seen.set(p.id, (s = { first: f.date, last: f.date, upvotes: null, upvotesOn: null, back: null }));
      s.last = f.date;
      if (p.upvotes !== null) {
        s.upvotes = p.upvotes;
        s.upvotesOn = f.date;
      }
      if (p.back && s.back === null) s.back = f.date;
    }
  }
  return seen;
}

type ReadHow = 'scanned' | 'parsed' | 'failed';

/** One file's facts: scanned when its hash verifies, else parsed in full, else scraped conservatively. */
async function readFacts(file: string, date: string, config: Pick<BriefingConfig, 'taxonomy'>): Promise<{ facts: BriefingFacts; how: ReadHow }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { facts: unreadable(date, `${file}: ${(error as Error).message}`, ''), how: 'failed' };
  }
  if (!isEdited(text)) {
    const scanned = scanFrontmatter(text);
    if (scanned) return { facts: { date, ...scanned }, how: 'scanned' };
  }
  try {
    const { data } = splitFrontmatter(text, file);
    const b = parseBriefing(createBriefingSchema(config.taxonomy), data, file);
    const papers = b.papers.map((p) => ({ id: bareId(p.id), upvotes: p.upvotes, back: p.back !== undefined }));
    return { facts: { date, windowFrom: b.window.from, windowTo: b.window.to, papers }, how: 'parsed' };
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 3).join('; ');
    return { facts: unreadable(date, message.startsWith(file) ? message : `${file}: ${message}`, text), how: 'failed' };
  }
}

/** The versioned id of a hand edit (2605.29559v2) is the paper 2605.29559. */
function bareId(id: string): string {
  return id.replace(/v\d+$/, '');
}

/** arXiv ids where a briefing names a paper: `id:` keys, `<Paper id>`, arXiv and Hugging Face links. */
const IDS_IN_TEXT = /(?:\bid:\s*["']?|<Paper\s+id=["']|arxiv\.org\/(?:abs|pdf)\/|huggingface\.co\/papers\/)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/g;

/**
 * A briefing that cannot be read, treated conservatively: it covered up to the day before its date (so
 * the next window does not reach back over what it may have covered), and every id its text names counts
 * as seen, without upvotes (so none of them can come back from it).
 */
function unreadable(date: string, problem: string, text: string): BriefingFacts {
  const ids = [...new Set([...text.matchAll(IDS_IN_TEXT)].map((m) => m[1]!))].sort();
  return { date, windowFrom: addDays(date, -1), windowTo: addDays(date, -1), papers: ids.map((id) => ({ id, upvotes: null, back: false })), problem: `${problem} (treated as listing the ${ids.length} arXiv ids in its text)` };
}

// ---------------------------------------------------------------------------------------------------
// The line scanner. The renderer (scripts/mdx/render.ts) writes YAML with `yaml`'s stringify: block style,
// two-space indents, every string double-quoted on one line. For such a file the facts are on fixed lines:
//
//   window:                   papers:
//     from: "2026-05-01"        - id: "2605.29559"
//     to: "2026-05-02"
//                                 upvotes: 12          (or null)
//                                 back:
//                                   from: "2026-05-01"
//                                   upvotes: 5
//
// Anything else in the papers list (another layout, a flow sequence, a key twice, an id that is not an
// arXiv id, a blank line) makes the scanner give up (null), and the file is parsed in full instead.
// ---------------------------------------------------------------------------------------------------

const TOP_KEY = /^([A-Za-z_][\w-]*):(?: (.*))?$/;
const ITEM_FIRST = /^ {2}- ([A-Za-z_]\w*):(?: (.*))?$/;
const ITEM_KEY = /^ {4}([A-Za-z_]\w*):(?: (.*))?$/;
const BACK_KEY = /^ {6}(from|upvotes): (.+)$/;
const WINDOW_EDGE = /^ {2}(from|to): "(\d{4}-\d{2}-\d{2})"$/;
const QUOTED = /^"([^"\\]*)"$/;
const COUNT = /^(?:0|[1-9]\d{0,9})$/;

interface ScanItem {
  id?: string;
  upvotes?: number | null;
  backFrom?: string;
  backUpvotes?: number;
  inBack: boolean;
  back: boolean;
}

/** `window.to` and the papers of a briefing in the renderer's layout, or null when the text is not in it. */
export function scanFrontmatter(text: string): { windowFrom: string; windowTo: string; papers: ListedPaper[] } | null {
  if (!text.startsWith('---\n')) return null;
  const end = text.indexOf('\n---\n', 3);
  if (end < 0) return null;
  const lines = text.slice(4, end).split('\n');
  let section = '';
  let windowFrom: string | null = null;
  let windowTo: string | null = null;
  const papers: ListedPaper[] = [];
  const ids = new Set<string>();
  let item: ScanItem | null = null;

  const close = (): boolean => {
    if (!item) return true;
    const it = item;
    item = null;
    if (it.id === undefined || ids.has(it.id)) return false;
    if (it.back && (it.backFrom === undefined || it.backUpvotes === undefined)) return false;
    ids.add(it.id);
    papers.push({ id: it.id, upvotes: it.upvotes ?? null, back: it.back });
    return true;
  };
  const field = (it: ScanItem, key: string, raw: string | undefined): boolean => {
    it.inBack = false;
    if (key === 'id') {
      const id = raw === undefined ? undefined : QUOTED.exec(raw)?.[1];
      if (it.id !== undefined || id === undefined || !ARXIV_ID.test(id)) return false;
      it.id = bareId(id);
    } else if (key === 'upvotes') {
      if (it.upvotes !== undefined || raw === undefined) return false;
      if (raw === 'null') it.upvotes = null;
      else if (COUNT.test(raw)) it.upvotes = Number(raw);
      else return false;
    } else if (key === 'back') {
      if (it.back || raw !== undefined) return false;
      it.back = it.inBack = true;
    }
    return true;
  };

  for (const line of lines) {
    if (line === '' || line.trimStart().startsWith('#')) {
      if (section === 'papers') return null;
      continue;
    }
    if (line[0] !== ' ') {
      if (!close()) return null;
      const m = TOP_KEY.exec(line);
      if (!m) return null;
      section = m[1]!;
      if (section === 'papers' && m[2] !== undefined && m[2] !== '[]') return null;
      continue;
    }
    if (section === 'window') {
      const m = WINDOW_EDGE.exec(line);
      if (m?.[1] === 'from') windowFrom = m[2]!;
      else if (m?.[1] === 'to') windowTo = m[2]!;
      continue;
    }
    if (section !== 'papers') continue;
    if (line.startsWith('  - ')) {
      if (!close()) return null;
      const m = ITEM_FIRST.exec(line);
      if (!m) return null;
      item = { inBack: false, back: false };
      if (!field(item, m[1]!, m[2])) return null;
      continue;
    }
    const it = item as ScanItem | null;
    if (!it || !line.startsWith('    ')) return null;
    if (line[4] !== ' ') {
      const m = ITEM_KEY.exec(line);
      if (!m || !field(it, m[1]!, m[2])) return null;
      continue;
    }
    if (it.inBack && line[6] !== ' ') {
      const m = BACK_KEY.exec(line);
      if (!m) return null;
      if (m[1] === 'from') {
        const day = QUOTED.exec(m[2]!)?.[1];
        if (it.backFrom !== undefined || !day || !isValidDay(day)) return null;
        it.backFrom = day;
      } else {
        if (it.backUpvotes !== undefined || !COUNT.test(m[2]!)) return null;
        it.backUpvotes = Number(m[2]);
      }
    }
    // Deeper lines are values of other fields (authors, links, …).
  }
  if (!close() || windowTo === null || windowFrom === null) return null;
  return { windowFrom, windowTo, papers };
}
