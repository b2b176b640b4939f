/**
 * What the pipeline needs to know about the existing archive: the latest briefing before a date (its
 * `window.to` starts the next window) and the papers featured in the last N days (not featured again).
 * Reads frontmatter through the MDX module's reader and caches per file (path + mtime + size), so a
 * range run over hundreds of days does not re-parse the archive each day.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isValidDay } from '../../src/schema/briefing.ts';
import { addDays } from '../../lib/dates.ts';
import { readBriefingFile } from '../mdx/write.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';

export interface BriefingFacts {
  date: string;
  windowTo: string;
  featured: string[];
}

export interface ArchiveState {
  /** `window.to` of the latest briefing dated before the target date, or null. */
  lastCoveredTo: string | null;
  /** Ids featured in briefings within the dedupe period, with the date that featured them. */
  featured: Map<string, string>;
  /** Files that could not be read (reported, then treated conservatively). */
  problems: string[];
}

export class ArchiveReader {
  private readonly cache = new Map<string, { key: string; facts: BriefingFacts }>();
  /** The briefings are validated against this config's taxonomy. */
  private readonly taxonomy: Pick<BriefingConfig, 'taxonomy'>;
  constructor(config: Pick<BriefingConfig, 'taxonomy'>) {
    this.taxonomy = { taxonomy: config.taxonomy };
  }

  /** Facts of one briefing file; an unreadable file yields its date only (covers up to the day before). */
  private async facts(file: string, date: string, problems: string[]): Promise<BriefingFacts> {
    const info = await stat(file);
    const key = `${info.mtimeMs}:${info.size}`;
    const hit = this.cache.get(file);
    if (hit && hit.key === key) return hit.facts;
    let facts: BriefingFacts;
    try {
      const { frontmatter } = await readBriefingFile(file, this.taxonomy);
      // The schema allows a versioned id (a hand edit: 2605.29559v2); the pipeline's ids are bare.
      facts = { date, windowTo: frontmatter.window.to, featured: frontmatter.papers.filter((p) => p.featured).map((p) => p.id.replace(/v\d+$/, '')) };
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message.split('\n').slice(0, 3).join('; ')}`);
      facts = { date, windowTo: addDays(date, -1), featured: [] };
    }
    this.cache.set(file, { key, facts });
    return facts;
  }

  async state(dir: string, date: string, dedupeDays: number): Promise<ArchiveState> {
    const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const dates = names
      .map((n) => /^(\d{4}-\d{2}-\d{2})\.mdx$/.exec(n)?.[1])
      .filter((d): d is string => d !== undefined && isValidDay(d) && d < date)
      .sort();
    const problems: string[] = [];
    const featured = new Map<string, string>();
    const since = addDays(date, -Math.max(0, dedupeDays));
    let lastCoveredTo: string | null = null;
    const latest = dates[dates.length - 1];
    if (latest) lastCoveredTo = (await this.facts(path.join(dir, `${latest}.mdx`), latest, problems)).windowTo;
    for (const d of dates) {
      if (d < since) continue;
      const f = await this.facts(path.join(dir, `${d}.mdx`), d, problems);
      for (const id of f.featured) if (!featured.has(id)) featured.set(id, d);
    }
    return { lastCoveredTo, featured, problems };
  }
}
