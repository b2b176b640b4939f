/**
 * How fast the pipeline learns what the archive already showed ("seen once" needs every earlier briefing,
 * not the last 14 days): `node scripts/bench/archive-index.ts [--days 3650] [--papers 25] [--dir DIR]`.
 *
 * On a synthetic archive (scripts/bench/synthetic.ts; or `--dir`, any briefings folder) it times what a
 * daily run costs in `ArchiveReader.state()` (scripts/pipeline/archive.ts):
 *   full parse   every file through the YAML parser and the schema (what reading every earlier briefing
 *                would cost without the index and the scanner; skip with --no-baseline)
 *   cold         a new process with no index (a CI runner without a cache): stat + scan every file
 *   indexed      a new process with the index the cold run wrote (a daily run on a kept cache)
 *   one changed  the same after one briefing was rewritten (a hand edit or a --force rerun)
 *   same reader  a second call on the same reader (the next day of a range run)
 * Figures depend on the machine and its load; the load average is printed with them.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../src/config.ts';
import { addDays } from '../../lib/dates.ts';
import { readBriefingFile } from '../mdx/write.ts';
import { ArchiveReader, type ReadStats } from '../pipeline/archive.ts';
import { writeSyntheticArchive } from './synthetic.ts';

interface Row {
  step: string;
  ms: number;
  stats?: ReadStats;
  seen?: number;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      days: { type: 'string', default: '3650' },
      papers: { type: 'string', default: '25' },
      dir: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const count = (flag: string, v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag}: expected a positive integer, got ${JSON.stringify(v)}`);
    return n;
  };
  const work = mkdtempSync(path.join(os.tmpdir(), 'pb-bench-archive-'));
  const end = '2026-05-31';
  let dir: string;
  if (values.dir) {
    dir = path.resolve(values.dir);
  } else {
    dir = path.join(work, 'briefings');
    const made = await timed(() => writeSyntheticArchive(dir, { days: count('days', values.days), papers: count('papers', values.papers), end }));
    console.log(`synthetic archive: ${made.value.files} briefings × ${values.papers} papers in ${(made.ms / 1000).toFixed(1)} s → ${dir}`);
  }
  const names = (await readdir(dir)).filter((n) => /^\d{4}-\d{2}-\d{2}\.mdx$/.test(n)).sort();
  if (names.length === 0) throw new Error(`${dir}: no briefings (YYYY-MM-DD.mdx)`);
  const date = addDays(names.at(-1)!.slice(0, 10), 1);
  const indexFile = path.join(work, 'cache', 'archive-index.json');
  const rows: Row[] = [];
  const load = os.loadavg()[0]!.toFixed(2);
  try {
    if (!values['no-baseline']) {
      const full = await timed(async () => {
        for (const n of names) await readBriefingFile(path.join(dir, n), config);
      });
      rows.push({ step: 'full parse (YAML + schema, every file)', ms: full.ms });
    }
    const run = async (step: string, reader: ArchiveReader): Promise<void> => {
      const r = await timed(() => reader.state(dir, date));
      rows.push({ step, ms: r.ms, stats: reader.stats(), seen: r.value.seen.size });
    };
    await run('cold: no index (scan, hash verified)', new ArchiveReader(config, { indexFile }));
    const same = new ArchiveReader(config, { indexFile });
    await run('indexed: new process, index kept', same);
    await run('same reader, next day of a range run', same);
    // One briefing changes, as a hand edit would (then put back as it was: --dir may be a real archive).
    const changed = path.join(dir, names[Math.floor(names.length / 2)]!);
    const text = await readFile(changed, 'utf8');
    const { atime, mtime } = statSync(changed);
    try {
      await writeFile(changed, text.replace('summary: "', 'summary: "✎ '));
      await run('indexed, one file edited by hand', new ArchiveReader(config, { indexFile }));
    } finally {
      await writeFile(changed, text);
      await utimes(changed, atime, mtime);
    }
  } finally {
    const indexBytes = (() => {
      try {
        return statSync(indexFile).size;
      } catch {
        return 0;
      }
    })();
    console.log(`archive state for ${date} over ${names.length} briefings (load average ${load} at start, ${os.loadavg()[0]!.toFixed(2)} at end); index ${(indexBytes / 1e6).toFixed(1)} MB`);
    for (const r of rows) {
      const s = r.stats ? ` — ${r.stats.cached} cached, ${r.stats.scanned} scanned, ${r.stats.parsed} parsed, ${r.stats.failed} failed; ${r.seen} papers seen` : '';
      console.log(`  ${r.step.padEnd(42)} ${(r.ms / 1000).toFixed(2).padStart(7)} s${s}`);
    }
    if (!values.keep) rmSync(work, { recursive: true, force: true });
    else console.log(`kept ${work}`);
  }
}

if (import.meta.main) await main(process.argv.slice(2));
