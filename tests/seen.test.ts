/**
 * Seen once (issue 10 §4): a paper any earlier briefing featured or listed is never listed again as new,
 * widening a window re-lists nothing, a paper comes back once and only on a strong rise of its upvotes,
 * and the site counts each paper once. Also the archive reader that makes "any earlier briefing" cheap on
 * ten years: the line scanner agrees with the full parse, the index is used and kept in step with the
 * files, and an unreadable briefing is reported and treated conservatively.
 *
 * Generated days always run; the replay of real corpus days skips without ../shared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { parseBriefing, createBriefingSchema, type Briefing } from '../src/schema/briefing.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import { buildArchive, type BriefingLike } from '../src/data/archive.ts';
import { t } from '../src/i18n/index.ts';
import { quote } from '../src/i18n/locale.ts';
import { ArchiveReader, scanFrontmatter, seenPapers } from '../scripts/pipeline/archive.ts';
import { backMark, seenNote, splitSeen, type BackRule } from '../scripts/pipeline/seen.ts';
import { ARCHIVE_INDEX, runBriefing, type RunDeps } from '../scripts/pipeline/run.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { repeatStats } from '../scripts/eval/metrics.ts';
import { daysFrom, replayDays } from '../scripts/eval/replay.ts';
import { tempDirs } from './helpers/ranking.ts';

const shared = path.resolve(import.meta.dirname, '../../shared');
const corpusTar = path.join(shared, 'corpus', 'hf-daily-papers.tar.xz');
const FIXED_NOW = new Date('2026-05-02T06:00:00Z');
const RULE: BackRule = config.window.back;

/** Temp folders, removed when the file is done. */
const tempDir = tempDirs('pb-');

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

const deps = (root: string, cfg: BriefingConfig = config): RunDeps => ({
  config: cfg,
  root,
  env: {},
  createWriter: (c, e) => createWriter(c, e, { now: () => FIXED_NOW }),
  writeBriefingFile,
});

/** A Hugging Face listing item about the reader's topics (so the ranker lists it). */
function hfItem(id: string, i: number, upvotes = 7) {
  const title = `LLM agent with tool use for long-horizon tasks, study ${i}`;
  return {
    paper: { id, title, summary: `We study tool calling for LLM agents trained with reinforcement learning (variant ${i}).`, authors: [{ name: 'Ada Lovelace' }], publishedAt: '2026-04-30T00:00:00.000Z', upvotes },
    title,
    numComments: 1,
  };
}

/** A listing day of `n` papers `prefix0000…`, with upvotes per id where given. */
function listing(prefix: string, n: number, upvotes: Record<string, number> = {}): string {
  return JSON.stringify(Array.from({ length: n }, (_, i) => {
    const id = `${prefix}${String(i).padStart(4, '0')}`;
    return hfItem(id, i, upvotes[id] ?? 7);
  }));
}

async function frontmatterOf(file: string): Promise<Briefing> {
  return (await readBriefingFile(file, config)).frontmatter;
}

/** Every briefing of a folder, oldest first, as the site reads them. */
async function archiveOf(dir: string): Promise<Array<BriefingLike & { data: Briefing }>> {
  const names = readdirSync(dir).filter((n) => n.endsWith('.mdx')).sort();
  return Promise.all(names.map(async (n) => ({ id: n.slice(0, 10), data: await frontmatterOf(path.join(dir, n)) })));
}

/** The repeat figures of `npm run eval:rank -- --month`, over an archive's briefings. */
function repeats(entries: ReadonlyArray<{ data: Briefing }>) {
  return repeatStats(entries.map((e) => ({ date: e.data.date, papers: e.data.papers.map((p) => ({ id: p.id, category: p.category, back: p.back !== undefined })) })));
}

/** The site's category pages and counts against the distinct papers each shows. */
function expectEachPaperOnce(entries: readonly BriefingLike[]): void {
  const archive = buildArchive(entries);
  for (const c of archive.categoryCounts()) {
    const ids = archive.papersIn(c.slug).map((r) => r.paper.id.replace(/v\d+$/, ''));
    expect(new Set(ids).size, c.slug).toBe(ids.length);
    expect(c.papers, c.slug).toBe(ids.length);
  }
  const distinct = new Set(entries.flatMap((e) => e.data.papers.map((p) => p.id.replace(/v\d+$/, '')))).size;
  expect(archive.paperCount()).toBe(distinct);
  expect(archive.months().reduce((n, m) => n + m.papers, 0)).toBe(distinct);
}

// ---------------------------------------------------------------------------------------------------

describe('the back rule', () => {
  const seen = { first: '2026-05-01', last: '2026-05-02', upvotes: 10, upvotesOn: '2026-05-02', back: null };
  it('brings a paper back when its upvotes at least doubled AND rose by minRise, naming the earlier briefing and count', () => {
    expect(backMark(seen, 30, RULE)).toEqual({ from: '2026-05-02', upvotes: 10 });
    expect(backMark(seen, 40, RULE)).toEqual({ from: '2026-05-02', upvotes: 10 });
    expect(backMark({ ...seen, upvotes: 0 }, 20, RULE)).toEqual({ from: '2026-05-02', upvotes: 0 });
  });
  it('not on a rise that is only relative or only absolute, not twice, not without counts, not when turned off', () => {
    expect(backMark(seen, 29, RULE)).toBeNull(); // doubled, +19
    expect(backMark({ ...seen, upvotes: 30 }, 55, RULE)).toBeNull(); // +25, 1.8×
    expect(backMark({ ...seen, back: '2026-05-03' }, 100, RULE)).toBeNull();
    expect(backMark({ ...seen, upvotes: null, upvotesOn: null }, 100, RULE)).toBeNull();
    expect(backMark(seen, null, RULE)).toBeNull();
    expect(backMark(seen, 100, { ...RULE, enabled: false })).toBeNull();
    expect(backMark(seen, 35, { ...RULE, ratio: 4 })).toBeNull();
  });
  it('reads its numbers from the config, with defaults 2× and +20', () => {
    expect(RULE).toEqual({ enabled: true, ratio: 2, minRise: 20 });
  });
  it('splits a window into new papers, papers back and papers left out', () => {
    const s = seenPapers([
      { date: '2026-05-02', windowFrom: '2026-05-01', windowTo: '2026-05-01', papers: [{ id: '2605.00001', upvotes: 5, back: false }, { id: '2605.00002', upvotes: 5, back: false }] },
    ]);
    const split = splitSeen(
      [
        { id: '2605.00001', upvotes: 50, listed: '2026-05-04' },
        { id: '2605.00002', upvotes: 6, listed: '2026-05-04' },
        { id: '2605.00003', upvotes: 1, listed: '2026-05-04' },
        // Listed on a day the earlier briefing covered, never listed by it: screened then, not new today.
        { id: '2605.00004', upvotes: 3, listed: '2026-05-01' },
      ],
      s,
      RULE,
      new Set(),
      (day) => day === '2026-05-01',
    );
    expect(split.fresh.map((p) => p.id)).toEqual(['2605.00003']);
    expect(split.screened).toEqual(['2605.00004']);
    expect([...split.back]).toEqual([['2605.00001', { from: '2026-05-02', upvotes: 5 }]]);
    expect(split.covered).toEqual(['2605.00002']);
  });
  it('says what was left out and why a paper is back, with both counts, in the briefing language', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const text = seenNote(language, { covered: 3, back: [{ title: 'X', back: { from: '2026-05-02', upvotes: 5 }, upvotes: 50 }], rule: RULE });
      expect(text).toContain(t(language, 'window.seen', { count: 3 }));
      expect(text).toContain(t(language, 'window.backPaper', { title: quote(language, 'X'), from: '2026-05-02', before: 5, now: 50 }));
      expect(seenNote(language, { covered: 0, back: [], rule: RULE })).toBe('');
    }
  });
});

describe('reading the archive: scanner, index, unreadable files', () => {
  /** A small synthetic archive, one paper of the last day marked back and one without upvotes. */
  async function smallArchive(days = 12): Promise<string> {
    const dir = path.join(tempDir('seen-archive-'), 'briefings');
    for (let i = 0; i < days; i++) {
      const draft = syntheticDraft(i, { days, papers: 6, featured: 3, end: '2026-05-31' });
      const papers = draft.frontmatter.papers!;
      if (i === days - 1) papers[4] = { ...papers[4]!, back: { from: '2026-05-20', upvotes: 3 } };
      if (i === days - 2) papers[5] = { ...papers[5]!, upvotes: null };
      await writeBriefingFile(draft, { config, dir, force: true });
    }
    return dir;
  }

  it('the line scanner reads exactly what the full parse reads, for every file the renderer wrote', async () => {
    const dir = await smallArchive();
    for (const name of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, name), 'utf8');
      const full = parseBriefing(createBriefingSchema(config.taxonomy), splitFrontmatter(text).data);
      expect(scanFrontmatter(text), name).toEqual({ windowFrom: full.window.from, windowTo: full.window.to, papers: full.papers.map((p) => ({ id: p.id, upvotes: p.upvotes, back: p.back !== undefined })) });
    }
    const last = readFileSync(path.join(dir, readdirSync(dir).sort().at(-1)!), 'utf8');
    expect(scanFrontmatter(last)!.papers.filter((p) => p.back)).toHaveLength(1);
  });

  it('gives up on anything but the renderer layout, and the reader then parses the file in full', async () => {
    const dir = await smallArchive(2);
    const name = readdirSync(dir).sort()[0]!;
    const text = readFileSync(path.join(dir, name), 'utf8');
    expect(scanFrontmatter(text.replace(/\npapers:\n/, '\n# hand note\npapers:\n'))).not.toBeNull(); // outside the list: fine
    expect(scanFrontmatter(text.replace(/(\n {2}- id: "[^"]+"\n)/, '$1\n'))).toBeNull(); // a blank line in the list
    expect(scanFrontmatter(text.replace(/\n {2}- id: "(\d{4}\.\d{5})"/, '\n  - id: $1'))).toBeNull(); // unquoted id
    expect(scanFrontmatter(text.replace(/\n {4}upvotes: \d+/, '\n    upvotes: many'))).toBeNull();
    expect(scanFrontmatter(text.replace(/\npapers:\n/, '\npapers: [] \n'))).toBeNull();
    expect(scanFrontmatter('no frontmatter')).toBeNull();
    // A hand edit (the hash no longer verifies) in a layout of its own: parsed and validated in full.
    writeFileSync(path.join(dir, name), text.replace(/\n {2}- id: "(\d{4}\.\d{5})"/, "\n  - id: '$1v3'"));
    const reader = new ArchiveReader(config);
    const state = await reader.state(dir, '2026-06-01');
    expect(state.problems).toEqual([]);
    expect(reader.stats()).toMatchObject({ files: 2, parsed: 1, scanned: 1 });
    const full = parseBriefing(createBriefingSchema(config.taxonomy), splitFrontmatter(readFileSync(path.join(dir, name), 'utf8')).data);
    expect(full.papers[0]!.id).toMatch(/v3$/);
    for (const p of full.papers) expect(state.seen.has(p.id.replace(/v\d+$/, '')), p.id).toBe(true);
  });

  it('keeps an index in the cache folder: a new reader reads no file again, only a changed one, and forgets a deleted one', async () => {
    const dir = await smallArchive();
    const indexFile = path.join(tempDir('seen-cache-'), 'archive-index.json');
    const first = new ArchiveReader(config, { indexFile });
    const before = await first.state(dir, '2026-06-01');
    expect(first.stats()).toMatchObject({ files: 12, scanned: 12, cached: 0, parsed: 0 });
    expect(existsSync(indexFile)).toBe(true);

    const second = new ArchiveReader(config, { indexFile });
    const again = await second.state(dir, '2026-06-01');
    expect(second.stats()).toMatchObject({ files: 12, cached: 12, scanned: 0, parsed: 0 });
    expect([...again.seen]).toEqual([...before.seen]);
    expect(again.lastCoveredTo).toBe(before.lastCoveredTo);

    // A rerun with --force rewrites one briefing: only it is read again.
    const names = readdirSync(dir).sort();
    const draft = syntheticDraft(3, { days: 12, papers: 6, featured: 3, end: '2026-05-31', seed: 7 });
    await writeBriefingFile(draft, { config, dir, force: true });
    const third = new ArchiveReader(config, { indexFile });
    const after = await third.state(dir, '2026-06-01');
    expect(third.stats()).toMatchObject({ cached: 11, scanned: 1 });
    for (const p of draft.frontmatter.papers!) expect(after.seen.get(p.id)?.first).toBe(draft.frontmatter.date);

    // A deleted briefing's papers are no longer seen.
    const gone = (await readBriefingFile(path.join(dir, names[0]!), config)).frontmatter.papers.map((p) => p.id);
    unlinkSync(path.join(dir, names[0]!));
    const fourth = new ArchiveReader(config, { indexFile });
    const less = await fourth.state(dir, '2026-06-01');
    expect(fourth.stats()).toMatchObject({ files: 11, cached: 11 });
    for (const id of gone) expect(less.seen.has(id)).toBe(false);

    // Briefings before the date are seen; those after it are "later" (a rerun of a past day); the day is neither.
    const day = names[5]!.slice(0, 10);
    const early = await fourth.state(dir, day);
    expect(fourth.stats()).toMatchObject({ files: 10, cached: 10 });
    expect([...early.seen.values()].every((s) => s.last < day)).toBe(true);
    const own = (await readBriefingFile(path.join(dir, names[5]!), config)).frontmatter.papers.map((p) => p.id);
    const next = (await readBriefingFile(path.join(dir, names[6]!), config)).frontmatter.papers.map((p) => p.id);
    for (const id of next) expect(early.later.has(id)).toBe(true);
    for (const id of own) expect(early.seen.has(id) || early.later.has(id)).toBe(false);
  });

  it('ignores an index of another folder or a broken one, and writes none when told not to (dry run)', async () => {
    const dir = await smallArchive(3);
    const other = await smallArchive(2);
    const indexFile = path.join(tempDir('seen-cache-'), 'archive-index.json');
    await new ArchiveReader(config, { indexFile }).state(other, '2026-06-01');
    const reader = new ArchiveReader(config, { indexFile });
    await reader.state(dir, '2026-06-01');
    expect(reader.stats()).toMatchObject({ cached: 0, scanned: 3 });
    writeFileSync(indexFile, '{"version": 1, "files": ');
    const broken = new ArchiveReader(config, { indexFile });
    await broken.state(dir, '2026-06-01');
    expect(broken.stats()).toMatchObject({ cached: 0, scanned: 3 });
    const dryIndex = path.join(tempDir('seen-cache-'), 'archive-index.json');
    await new ArchiveReader(config, { indexFile: dryIndex, writeIndex: false }).state(dir, '2026-06-01');
    expect(existsSync(dryIndex)).toBe(false);
  });

  it('counts briefings a backfill collected but has not written yet, after the files of their date', async () => {
    const dir = await smallArchive(2);
    class WithPending extends ArchiveReader {
      protected override pendingFacts(date: string) {
        return [{ date: '2026-05-31', windowFrom: '2026-05-31', windowTo: '2026-05-31', papers: [{ id: '2605.99999', upvotes: 9, back: false }] }].filter((f) => f.date < date);
      }
    }
    const state = await new WithPending(config).state(dir, '2026-06-01');
    expect(state.lastCoveredTo).toBe('2026-05-31');
    expect(state.seen.get('2605.99999')).toEqual({ first: '2026-05-31', last: '2026-05-31', upvotes: 9, upvotesOn: '2026-05-31', back: null });
    expect((await new WithPending(config).state(dir, '2026-05-31')).seen.has('2605.99999')).toBe(false);
  });

  it('reports an unreadable briefing each run and treats it conservatively: every id in its text is seen, none comes back', async () => {
    const dir = await smallArchive(3);
    const name = readdirSync(dir).sort()[1]!;
    const text = readFileSync(path.join(dir, name), 'utf8');
    const ids = [...text.matchAll(/- id: "(\d{4}\.\d{5})"/g)].map((m) => m[1]!);
    writeFileSync(path.join(dir, name), text.replace('\nwindow:\n', '\nwindow: [oops\n'));
    const indexFile = path.join(tempDir('seen-cache-'), 'archive-index.json');
    for (const reader of [new ArchiveReader(config, { indexFile }), new ArchiveReader(config, { indexFile })]) {
      const state = await reader.state(dir, '2026-06-01');
      expect(state.problems).toHaveLength(1);
      expect(state.problems[0]).toContain(name);
      for (const id of ids) {
        expect(state.seen.has(id), id).toBe(true);
        expect(backMark(state.seen.get(id)!, 10_000, RULE)).toBeNull();
      }
    }
    // As the latest briefing before a date, it covered up to the day before its own date.
    expect(name).toBe('2026-05-30.mdx');
    expect((await new ArchiveReader(config).state(dir, '2026-05-31')).lastCoveredTo).toBe('2026-05-29');
  });
});

describe('generated days into one archive', () => {
  // 2026-05-01 is a Friday: listings on Thu 04-30, Fri 05-01, Mon 05-04 … Wed 05-06; the weekend is empty.
  const replay = tempDir('seen-replay-');
  const root = tempDir('seen-root-');
  const dir = path.join(root, 'content/briefings');
  const hf = (day: string) => path.join(replay, 'hf', `${day}.json`);
  const A = '2605.10000'; // rises from 7 to 40 (5.7×, +33): back
  const B = '2605.10001'; // rises from 7 to 20 (2.9×, +13): stays out
  const C = '2605.10002'; // rises from 30 to 55 (1.8×, +25): stays out
  const runs: Record<string, Awaited<ReturnType<typeof runBriefing>>> = {};

  beforeAll(async () => {
    write(hf('2026-04-30'), listing('2604.3', 12));
    write(hf('2026-05-01'), listing('2605.1', 12, { [C]: 30 }));
    write(hf('2026-05-02'), '[]');
    write(hf('2026-05-03'), '[]');
    write(hf('2026-05-04'), listing('2605.4', 14));
    write(hf('2026-05-05'), listing('2605.5', 12));
    write(hf('2026-05-06'), listing('2605.6', 13));
    for (const date of ['2026-05-01', '2026-05-02']) runs[date] = await runBriefing({ date, replayDir: replay }, deps(root));
    // By Sunday the Friday papers' upvotes have grown (a live run fetches the listing afresh).
    write(hf('2026-05-01'), listing('2605.1', 12, { [A]: 40, [B]: 20, [C]: 55 }));
    runs['2026-05-03'] = await runBriefing({ date: '2026-05-03', replayDir: replay }, deps(root));
    // And grown again by Monday: A came back once already.
    write(hf('2026-05-01'), listing('2605.1', 12, { [A]: 400, [B]: 20, [C]: 55 }));
    for (const date of ['2026-05-04', '2026-05-05', '2026-05-06', '2026-05-07']) runs[date] = await runBriefing({ date, replayDir: replay }, deps(root));
  }, 120_000);

  it('writes the weekdays and lists each paper as new in one briefing only', async () => {
    expect(runs['2026-05-02']!.outcome).toBe('published');
    const entries = await archiveOf(dir);
    const stats = repeats(entries);
    expect(stats.repeated).toEqual([]);
    // The one briefing of papers shown before is Sunday's, and what it holds came back.
    expect(stats.allSeen).toEqual(['2026-05-03']);
    expect(entries.find((e) => e.data.date === '2026-05-03')!.data.papers.every((p) => p.back)).toBe(true);
  });

  it('a widened window re-lists nothing: the weekend briefing holds only the paper that came back', async () => {
    const sunday = runs['2026-05-03']!;
    expect(sunday.outcome).toBe('published');
    expect(sunday.window).toMatchObject({ widened: true, to: '2026-05-02' });
    expect(sunday.window!.days).toContain('2026-05-01');
    const fm = await frontmatterOf(sunday.path!);
    expect(fm.papers.map((p) => p.id)).toEqual([A]);
    const earlier = (await frontmatterOf(runs['2026-05-02']!.path!)).papers.map((p) => p.id);
    expect(earlier).toContain(A);
    expect(fm.covered).toEqual(expect.arrayContaining(earlier.filter((id) => id !== A)));
    expect(fm.covered).toEqual(expect.arrayContaining([B, C]));
  });

  it('marks a paper back once, on a strong rise, with the earlier and the new count in the window note', async () => {
    const fm = await frontmatterOf(runs['2026-05-03']!.path!);
    const a = fm.papers.find((p) => p.id === A)!;
    expect(a.back).toEqual({ from: '2026-05-02', upvotes: 7 });
    expect(a.upvotes).toBe(40);
    const item = t(config.language, 'window.backPaper', { title: quote(config.language, a.title), from: '2026-05-02', before: 7, now: 40 });
    expect(fm.window.note).toContain(t(config.language, 'window.back', { count: 1, ratio: RULE.ratio, rise: RULE.minRise, papers: item }));
    expect(fm.window.note).toContain(t(config.language, 'window.seen', { count: fm.covered.length }));
    // Monday: A rose again (40 → 400) but came back once already; nothing else is new.
    const monday = runs['2026-05-04']!;
    expect(monday.outcome).toBe('nothing-new');
    expect(monday.reason).toMatch(/no new papers: all \d+ papers listed on .* were listed \(\d+\) or screened \(\d+\) by earlier briefings/);
    const entries = await archiveOf(dir);
    const marks = entries.flatMap((e) => e.data.papers.filter((p) => p.back).map((p) => `${e.data.date} ${p.id}`));
    expect(marks).toEqual([`2026-05-03 ${A}`]);
  });

  it('the site counts each paper once and shows the returned paper at its return, marked', async () => {
    const entries = await archiveOf(dir);
    expectEachPaperOnce(entries);
    const archive = buildArchive(entries);
    expect(archive.shown(A)).toMatchObject({ date: '2026-05-03', first: '2026-05-02', back: { from: '2026-05-02', upvotes: 7 } });
    expect(archive.firstListed(A)).toBe('2026-05-02');
    expect(archive.listings(A).map((r) => r.date)).toEqual(['2026-05-02', '2026-05-03']);
    const month = archive.months().find((m) => m.month === '2026-05')!;
    expect(month.back).toBe(1);
  });

  it('keeps the archive index in the cache folder, in step with the briefings', () => {
    const index = JSON.parse(readFileSync(path.join(root, config.archive.cacheDir, ARCHIVE_INDEX), 'utf8')) as { files: Record<string, unknown> };
    // The index describes the briefings before the last run's date.
    expect(Object.keys(index.files).sort()).toEqual(readdirSync(dir).filter((n) => n < '2026-05-07').sort());
    expect(statSync(path.join(root, config.archive.cacheDir, ARCHIVE_INDEX)).size).toBeGreaterThan(0);
  });
});

describe('briefing a past day again', () => {
  it('leaves out the papers a later briefing lists, so no paper is new on two days', async () => {
    const replay = tempDir('seen-later-');
    const root = tempDir('seen-later-root-');
    write(path.join(replay, 'hf/2026-04-30.json'), listing('2604.3', 12));
    write(path.join(replay, 'hf/2026-05-01.json'), listing('2605.1', 4));
    // 05-02 is briefed first (05-01 is thin: the window widens over 04-30), then 05-01, the day before.
    const later = await runBriefing({ date: '2026-05-02', replayDir: replay }, deps(root));
    expect(later.window).toMatchObject({ from: '2026-04-30', widened: true });
    const shown = (await frontmatterOf(later.path!)).papers.map((p) => p.id);
    expect(shown.filter((id) => id.startsWith('2604.3')).length).toBeGreaterThan(0);
    const earlier = await runBriefing({ date: '2026-05-01', replayDir: replay }, deps(root));
    expect(earlier.outcome).toBe('nothing-new');
    expect(earlier.covered).toBe(shown.filter((id) => id.startsWith('2604.3')).length);
    const stats = repeats(await archiveOf(path.join(root, config.archive.briefingsDir)));
    expect(stats.repeated).toEqual([]);
  });
});

describe('an archive written before seen-once (imports, hand edits)', () => {
  const entry = (date: string, papers: Array<{ id: string; category: string[]; back?: { from: string; upvotes: number } }>): BriefingLike => ({
    id: date,
    data: parseBriefing(createBriefingSchema(config.taxonomy), {
      date,
      title: `Briefing ${date}`,
      summary: 'summary',
      language: 'zh-CN',
      window: { from: date, to: date },
      papers: papers.map((p) => ({ title: `Paper ${p.id}`, date, summarizer: 'imported', ...p })),
      generator: { version: '0.1.0', writer: 'imported' },
    }),
  });
  const entries = [
    entry('2026-04-30', [{ id: '2604.00001', category: ['memory', 'llm-agent'] }, { id: '2604.00002', category: ['memory'] }]),
    entry('2026-05-01', [{ id: '2604.00001', category: ['memory'] }, { id: '2605.00001', category: ['memory'] }]),
    entry('2026-05-02', [{ id: '2604.00001v2', category: ['memory'] }, { id: '2604.00002', category: ['memory'], back: { from: '2026-04-30', upvotes: 4 } }]),
    entry('2026-05-03', [{ id: '2604.00002', category: ['memory'], back: { from: '2026-05-02', upvotes: 40 } }]),
  ];
  const archive = buildArchive(entries);

  it('counts a paper listed on several days once, at its first listing, or at its first return, marked', () => {
    expect(archive.papersIn('memory').map((r) => `${r.date} ${r.paper.id}${r.back ? ' back' : ''}`)).toEqual(['2026-05-02 2604.00002 back', '2026-05-01 2605.00001', '2026-04-30 2604.00001']);
    expect(archive.papersIn('llm-agent').map((r) => r.date)).toEqual(['2026-04-30']);
    expect(archive.categoryCounts().find((c) => c.slug === 'memory')).toEqual({ slug: 'memory', papers: 3, days: 3, latest: '2026-05-02' });
    expectEachPaperOnce(entries);
  });

  it('gives each paper its first day and every listing (a versioned id is the same paper)', () => {
    expect(archive.firstListed('2604.00001v2')).toBe('2026-04-30');
    expect(archive.listings('2604.00001').map((r) => [r.date, r.first])).toEqual([
      ['2026-04-30', '2026-04-30'],
      ['2026-05-01', '2026-04-30'],
      ['2026-05-02', '2026-04-30'],
    ]);
    expect(archive.firstListed('2699.99999')).toBeUndefined();
    expect(archive.listings('2699.99999')).toEqual([]);
  });

  it('counts months by first listing, returns apart', () => {
    expect(archive.months().map((m) => [m.month, m.papers, m.back])).toEqual([
      ['2026-05', 1, 1],
      ['2026-04', 2, 0],
    ]);
  });

  it('the schema takes the mark only with a day before the briefing', () => {
    expect(() => entry('2026-05-03', [{ id: '2604.00002', category: ['memory'], back: { from: '2026-05-03', upvotes: 1 } }])).toThrow(/papers\.0\.back\.from: expected a day before the briefing's date \(2026-05-03\), got "2026-05-03"/);
  });
});

describe.skipIf(!existsSync(corpusTar))('real corpus days into one archive (../shared/corpus)', () => {
  const corpus = tempDir('seen-corpus-');
  const root = tempDir('seen-corpus-root-');
  const outcomes: string[] = [];
  beforeAll(async () => {
    execFileSync('tar', ['-xJf', corpusTar, '-C', corpus, '--wildcards', 'hf/2026-04-2*.json', 'hf/2026-04-30.json', 'hf/2026-05-*.json']);
    await replayDays(daysFrom('2026-05-01', '2026-05-19'), {
      corpus,
      root,
      config: { ...config, writer: { ...config.writer, kind: 'extractive' } },
      createWriter: (c, e) => createWriter(c, e, { now: () => FIXED_NOW }),
      onDay: (d) => {
        outcomes.push(`${d.date} ${d.result.outcome}`);
      },
    });
  }, 300_000);

  it('no paper is listed as new in two briefings, no briefing is made of shown papers, widened windows re-list nothing', async () => {
    const entries = await archiveOf(path.join(root, config.archive.briefingsDir));
    expect(entries.length).toBeGreaterThan(10);
    const stats = repeats(entries);
    expect(stats.repeated).toEqual([]);
    expect(stats.allSeen).toEqual([]);
    expect(stats.rows).toBe(stats.distinct);
    const widened = entries.filter((e) => e.data.window.widened);
    expect(widened.length).toBeGreaterThan(0);
    const shownBefore = new Map<string, string>();
    for (const e of entries) {
      for (const p of e.data.papers) {
        if (!p.back) expect(shownBefore.get(p.id), `${e.data.date} ${p.id}`).toBeUndefined();
        shownBefore.set(p.id, e.data.date);
      }
    }
  });

  it('category counts equal the distinct papers', async () => {
    expectEachPaperOnce(await archiveOf(path.join(root, config.archive.briefingsDir)));
  });
});
