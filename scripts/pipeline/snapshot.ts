/**
 * Snapshots and replay directories share one layout, so a day's snapshot is itself a replay directory:
 *
 *   DIR/hf/YYYY-MM-DD.json[.gz]     the Daily Papers response of one listing day (all pages, one array)
 *   DIR/arxiv/<first-id>+<n>.xml[.gz]  one arXiv id_list response
 *   DIR/github/<owner>__<name>.json[.gz]  one repository lookup ({ url, status, etag, redirects, data })
 *   DIR/hf-trending/models.json[.gz], datasets.json[.gz]
 *   DIR/manifest.json               what each file is: source, URL, status, bytes, sha256
 *
 * Snapshots are written compactly (minified, gzip with a fixed header so equal content gives equal
 * bytes); replay reads plain or gzipped files, so the corpus and ../shared/fixtures work as they are.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../../lib/files.ts';

export interface ManifestEntry {
  source: string;
  url: string | null;
  status: number | null;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  date: string;
  window: { from: string; to: string; days: string[] } | null;
  files: Record<string, ManifestEntry>;
}

/** Reads recorded responses from a replay directory or an existing snapshot. Missing → null. */
export class RecordedResponses {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  async read(rel: string): Promise<Buffer | null> {
    for (const candidate of [rel, `${rel}.gz`]) {
      const file = path.join(this.dir, candidate);
      const data = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
        throw error;
      });
      if (data === null) continue;
      if (candidate.endsWith('.gz')) {
        try {
          return gunzipSync(data);
        } catch (error) {
          throw new Error(`${file}: not a valid gzip file (${(error as Error).message})`);
        }
      }
      return data;
    }
    return null;
  }

  async readText(rel: string): Promise<string | null> {
    const data = await this.read(rel);
    return data === null ? null : data.toString('utf8');
  }

  /**
   * Like readText, but a file that exists and cannot be read (a corrupt `.gz`, a folder in its place)
   * comes back as a reason instead of an exception, so one bad recording degrades its source, not the day.
   */
  async tryReadText(rel: string): Promise<{ text: string | null; error: string | null }> {
    try {
      return { text: await this.readText(rel), error: null };
    } catch (error) {
      // Name the file relative to the directory: the reason can end up in a briefing's source note.
      return { text: null, error: (error as Error).message.split(`${this.dir}${path.sep}`).join('') };
    }
  }

  /** File names under a sub-folder with any `.gz` removed, sorted; [] when the folder is absent. */
  async list(sub: string): Promise<string[]> {
    const names = await readdir(path.join(this.dir, sub)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
      throw error;
    });
    return [...new Set(names.filter((n) => !n.startsWith('.')).map((n) => n.replace(/\.gz$/, '')))].sort();
  }
}

/** Collects a day's responses in memory and writes them (gzipped, atomically) plus a manifest. */
export class SnapshotWriter {
  readonly dir: string;
  private readonly pending = new Map<string, { data: Buffer; entry: ManifestEntry }>();
  constructor(dir: string) {
    this.dir = dir;
  }

  put(rel: string, content: string | Buffer, meta: { source: string; url: string | null; status: number | null }): void {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.pending.set(rel, {
      data,
      entry: { ...meta, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') },
    });
  }

  /** Writes pending files and merges them into the manifest. Returns the files written. */
  async flush(date: string, window: Manifest['window']): Promise<string[]> {
    if (this.pending.size === 0) return [];
    const manifestFile = path.join(this.dir, 'manifest.json');
    let manifest: Manifest = { date, window, files: {} };
    try {
      const existing = JSON.parse(await readFile(manifestFile, 'utf8')) as Manifest;
      if (existing && typeof existing === 'object' && existing.files) manifest = { ...existing, date, window: window ?? existing.window };
    } catch {
      // No manifest yet (or unreadable): start a new one.
    }
    const written: string[] = [];
    for (const [rel, { data, entry }] of [...this.pending.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const file = `${rel}.gz`;
      await writeFileAtomic(path.join(this.dir, file), gzipSync(data, { level: 9 }));
      // A response reused from this snapshot (put again with no URL) keeps the provenance it was recorded with.
      const before = manifest.files[rel];
      manifest.files[rel] = entry.url === null && before?.sha256 === entry.sha256 ? before : entry;
      written.push(file);
    }
    manifest.files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
    this.pending.clear();
    return written;
  }
}
