/**
 * Texts for the reader's labelled papers and for the background, from what is on disk — never the network:
 *   1. the day's own merged records (full abstract and HF keywords);
 *   2. recorded Hugging Face listings: the day snapshots (`content/raw/D/hf/*.json.gz`) and the replay
 *      folder (`DIR/hf/*.json`), searched only for the listing days an id can appear on (from the month its
 *      arXiv id encodes to the briefing date, at most `LOOKBACK_DAYS`);
 *   3. the archive's frontmatter: title and one-line contribution (shorter, but always there).
 * A label found nowhere is reported as missing (id only: nothing to compare with) and otherwise ignored.
 * The background is the archive's recent papers (title + contribution), for document frequencies and as
 * the linear model's unlabelled negatives.
 */
import type { BriefingConfig } from '../../src/schema/config.ts';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { addDays } from '../../lib/dates.ts';
import { isValidDay } from '../../src/schema/briefing.ts';
import { readBriefingFile } from '../mdx/write.ts';
import type { PaperRecord } from '../pipeline/types.ts';
import { parseDailyPapersText } from '../sources/huggingface.ts';
import { paperDoc } from './docs.ts';
import type { Verdict } from './feedback.ts';
import type { Example } from './scorers.ts';

/** Listing days searched for one label, at most: a paper reaches HF Daily Papers within weeks of arXiv. */
export const LOOKBACK_DAYS = 120;
/** Briefings searched for a label's title and contribution, at most this far back. */
export const ARCHIVE_LABEL_DAYS = 730;
/** Background: the archive's briefings of this many days before the date. */
export const BACKGROUND_DAYS = 60;

export interface ExampleSources {
  /** The briefing date: nothing after it is read. */
  date: string;
  records: readonly PaperRecord[];
  /** Folders holding `hf/YYYY-MM-DD.json[.gz]` listings: a replay folder, or the raw snapshot root's day folders. */
  replayDir?: string | null;
  /** `content/raw`: one snapshot folder per day, each with `hf/`. */
  rawDir?: string | null;
  /** `content/briefings`. */
  briefingsDir?: string | null;
  /** The config the archive is read with (its taxonomy validates the briefings). */
  config: BriefingConfig;
}

export interface FoundExamples {
  examples: Example[];
  /** Labels with no text anywhere on disk (id and verdict). */
  missing: Array<{ id: string; verdict: Verdict }>;
  /** Where each found label's text came from. */
  from: Map<string, 'records' | 'listing' | 'archive'>;
  background: Array<{ id: string; terms: string[] }>;
  /** Files that could not be read (reported by the caller, then ignored). */
  problems: string[];
}

interface ArchivePaper {
  id: string;
  title: string;
  contribution: string;
  date: string;
}

/** First listing day worth searching for an id: the first of the month its new-style arXiv id encodes. */
export function idMonthStart(id: string): string | null {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `20${m[1]}-${m[2]}-01`;
}

async function list(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
    throw error;
  });
}

async function readMaybeGz(file: string): Promise<string> {
  const bytes = await readFile(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** Listing files (`hf/YYYY-MM-DD.json[.gz]`) of the given folders, newest day first, within [from, to]. */
async function listingFiles(sources: ExampleSources, from: string, to: string): Promise<Array<{ day: string; file: string }>> {
  const out: Array<{ day: string; file: string }> = [];
  const inRange = (d: string) => isValidDay(d) && d >= from && d <= to;
  if (sources.replayDir) {
    for (const name of await list(path.join(sources.replayDir, 'hf'))) {
      const day = /^(\d{4}-\d{2}-\d{2})\.json(?:\.gz)?$/.exec(name)?.[1];
      if (day && inRange(day)) out.push({ day, file: path.join(sources.replayDir, 'hf', name) });
    }
  }
  if (sources.rawDir) {
    for (const snap of await list(sources.rawDir)) {
      if (!isValidDay(snap) || snap < from || snap > addDays(to, 1)) continue;
      for (const name of await list(path.join(sources.rawDir, snap, 'hf'))) {
        const day = /^(\d{4}-\d{2}-\d{2})\.json(?:\.gz)?$/.exec(name)?.[1];
        if (day && inRange(day)) out.push({ day, file: path.join(sources.rawDir, snap, 'hf', name) });
      }
    }
  }
  return out.sort((a, b) => b.day.localeCompare(a.day) || a.file.localeCompare(b.file));
}

async function archivePapers(dir: string, from: string, to: string, problems: string[], config: BriefingConfig): Promise<ArchivePaper[]> {
  const out: ArchivePaper[] = [];
  const days = (await list(dir))
    .map((n) => /^(\d{4}-\d{2}-\d{2})\.mdx$/.exec(n)?.[1])
    .filter((d): d is string => d !== undefined && isValidDay(d) && d >= from && d < to)
    .sort();
  for (const day of days) {
    const file = path.join(dir, `${day}.mdx`);
    try {
      const info = await stat(file);
      const key = `${info.mtimeMs}:${info.size}`;
      let papers = archiveCache.get(file)?.key === key ? archiveCache.get(file)!.papers : null;
      if (!papers) {
        const { frontmatter } = await readBriefingFile(file, config);
        papers = frontmatter.papers.map((p) => ({ id: p.id.replace(/v\d+$/, ''), title: p.title, contribution: p.contribution, date: day }));
        archiveCache.set(file, { key, papers });
      }
      out.push(...papers);
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return out;
}

/** Parsed briefings by file (path + mtime + size), so a range run does not re-read the archive every day. */
const archiveCache = new Map<string, { key: string; papers: ArchivePaper[] }>();

/** Finds texts for the labelled papers and the background. Reads only local files. */
export async function findExamples(labels: ReadonlyMap<string, Verdict>, sources: ExampleSources): Promise<FoundExamples> {
  const problems: string[] = [];
  const examples = new Map<string, Example>();
  const from = new Map<string, 'records' | 'listing' | 'archive'>();
  const add = (id: string, title: string, abstract: string, keywords: readonly string[], where: 'records' | 'listing' | 'archive') => {
    const verdict = labels.get(id);
    if (!verdict || examples.has(id)) return;
    examples.set(id, { id, title, verdict, doc: paperDoc({ id, title, abstract, keywords }) });
    from.set(id, where);
  };

  for (const r of sources.records) add(r.id, r.title, r.abstract || r.aiSummary || '', r.aiKeywords, 'records');

  const pending = () => [...labels.keys()].filter((id) => !examples.has(id));
  if (pending().length && (sources.replayDir || sources.rawDir)) {
    const starts = pending().map(idMonthStart).filter((d): d is string => d !== null).sort();
    const floor = addDays(sources.date, -LOOKBACK_DAYS);
    const start = starts[0] && starts[0] > floor ? starts[0] : floor;
    for (const { day, file } of await listingFiles(sources, start, sources.date)) {
      if (!pending().length) break;
      let text: string;
      try {
        text = await readMaybeGz(file);
      } catch (error) {
        problems.push(`${file}: ${(error as Error).message}`);
        continue;
      }
      for (const p of parseDailyPapersText(text, day).papers) add(p.id, p.title, p.summary || p.aiSummary || '', p.aiKeywords, 'listing');
    }
  }

  let background: FoundExamples['background'] = [];
  if (sources.briefingsDir) {
    const needed = pending();
    const earliestLabel = needed.map(idMonthStart).filter((d): d is string => d !== null).sort()[0];
    const bgFrom = addDays(sources.date, -BACKGROUND_DAYS);
    const labelFrom = earliestLabel && earliestLabel > addDays(sources.date, -ARCHIVE_LABEL_DAYS) ? earliestLabel : addDays(sources.date, -ARCHIVE_LABEL_DAYS);
    const papers = await archivePapers(sources.briefingsDir, needed.length && labelFrom < bgFrom ? labelFrom : bgFrom, sources.date, problems, sources.config);
    for (const p of papers) add(p.id, p.title, p.contribution, [], 'archive');
    const seen = new Set<string>();
    background = papers
      .filter((p) => p.date >= bgFrom && !seen.has(p.id) && seen.add(p.id))
      .map((p) => ({ id: p.id, terms: paperDoc({ id: p.id, title: p.title, abstract: p.contribution, keywords: [] }).terms }));
  }

  const missing = pending().map((id) => ({ id, verdict: labels.get(id)! }));
  const ordered = [...examples.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { examples: ordered, missing, from, background, problems };
}
