/**
 * Finding the arXiv id of a paper whose legacy text names it only by title ("链接:arXiv / HF Papers",
 * the links lost in a copy). Ids come from recorded data only, matched on the exact title (case,
 * spacing, quotes and dashes aside): Hugging Face Daily Papers responses (a replay folder such as the
 * pipeline's raw snapshots or an extracted corpus) and the briefings already in the archive. A title
 * that maps to two different ids is ambiguous and resolves to nothing.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { config } from '../../src/config.ts';
import { readBriefingFile } from '../mdx/write.ts';
import { parseDailyPapersText } from '../sources/huggingface.ts';
import { titleKey } from './text.ts';

export interface TitleHit {
  id: string;
  /** Where the id was found (a file). */
  from: string;
}

export interface TitleIndex {
  lookup(title: string): TitleHit | null;
  readonly size: number;
  /** Files that could not be read as a listing or a briefing, with the reason. */
  readonly skipped: string[];
}

export function createTitleIndex(entries: Iterable<{ title: string; id: string; from: string }>, skipped: string[] = []): TitleIndex {
  const map = new Map<string, TitleHit | 'ambiguous'>();
  for (const e of entries) {
    const key = titleKey(e.title);
    const had = map.get(key);
    if (had === undefined) map.set(key, { id: e.id, from: e.from });
    else if (had !== 'ambiguous' && had.id !== e.id) map.set(key, 'ambiguous');
  }
  return {
    lookup(title) {
      const hit = map.get(titleKey(title));
      return hit && hit !== 'ambiguous' ? hit : null;
    },
    get size() {
      return map.size;
    },
    skipped,
  };
}

async function filesUnder(p: string, accept: (name: string) => boolean): Promise<string[]> {
  const s = await stat(p);
  if (s.isFile()) return accept(path.basename(p)) ? [p] : [];
  const out: string[] = [];
  for (const entry of await readdir(p, { withFileTypes: true })) {
    const full = path.join(p, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full, accept)));
    else if (accept(entry.name)) out.push(full);
  }
  return out.sort();
}

/** A listing day's file, as the pipeline's snapshots and the corpus name them: `YYYY-MM-DD.json[.gz]`. */
const LISTING_FILE = /^(\d{4}-\d{2}-\d{2})\.json(?:\.gz)?$/;

/**
 * Builds an index from Hugging Face listing files (`YYYY-MM-DD.json[.gz]` arrays as `/api/daily_papers`
 * returns them, found recursively under each path: a snapshot, a replay folder, the extracted corpus)
 * and from the archive's briefings (`*.mdx`). Listing paths that do not exist are an error; a missing
 * archive is not.
 */
export async function loadTitleIndex(options: {
  listings?: string[];
  archiveDir?: string;
  /** Titles with ids known otherwise (the linked papers of the files imported in the same run). */
  entries?: Iterable<{ title: string; id: string; from: string }>;
}): Promise<TitleIndex> {
  const entries: Array<{ title: string; id: string; from: string }> = [...(options.entries ?? [])];
  const skipped: string[] = [];
  for (const root of options.listings ?? []) {
    let files: string[];
    try {
      files = await filesUnder(root, (name) => LISTING_FILE.test(name));
    } catch (error) {
      throw new Error(`--titles ${root}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
    }
    for (const file of files) {
      const listed = LISTING_FILE.exec(path.basename(file))?.[1] ?? '';
      const bytes = await readFile(file);
      let text: string;
      try {
        text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      } catch (error) {
        skipped.push(`${file}: ${(error as Error).message}`);
        continue;
      }
      const parsed = parseDailyPapersText(text, listed);
      if (parsed.error) skipped.push(`${file}: ${parsed.error}`);
      for (const p of parsed.papers) entries.push({ title: p.title, id: p.id, from: file });
    }
  }
  if (options.archiveDir) {
    const files = await filesUnder(options.archiveDir, (name) => name.endsWith('.mdx')).catch(() => [] as string[]);
    for (const file of files) {
      try {
        const { frontmatter } = await readBriefingFile(file, config);
        for (const p of frontmatter.papers) entries.push({ title: p.title, id: p.id, from: file });
      } catch (error) {
        skipped.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }
  return createTitleIndex(entries, skipped);
}
