/**
 * Texts for the reader's labelled papers, from local files only (generated data, always runs): the day's
 * records, a replay folder's listings, the raw snapshots (gzipped), the archive's frontmatter; a label found
 * nowhere is reported as missing. `loadReader` puts profile, feedback log and texts together, and a broken
 * feedback log is a configuration error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { writeBriefingFile } from '../scripts/mdx/write.ts';
import { ConfigError } from '../src/schema/config.ts';
import { findExamples, idMonthStart } from '../scripts/rank/examples.ts';
import { loadReader } from '../scripts/rank/reader.ts';
import { tempDirs } from './helpers/ranking.ts';

const temp = tempDirs('pb-examples-');

const item = (id: string, title: string) => ({ paper: { id, title, summary: `${title}: an abstract about speech recognition.`, authors: [{ name: 'A' }], ai_keywords: ['speech recognition'] } });

describe('finding texts for labelled papers', () => {
  it('reads records, replay listings, gzipped snapshots and the archive, and reports what it cannot find', async () => {
    const root = temp();
    const replay = path.join(root, 'replay');
    mkdirSync(path.join(replay, 'hf'), { recursive: true });
    writeFileSync(path.join(replay, 'hf', '2026-05-20.json'), JSON.stringify([item('2605.20001', 'From the replay folder')]));
    // Listed on a day outside the look-back window of its id's month: not searched.
    writeFileSync(path.join(replay, 'hf', '2026-01-02.json'), JSON.stringify([item('2605.20009', 'Too early to be searched')]));
    const raw = path.join(root, 'content', 'raw');
    mkdirSync(path.join(raw, '2026-05-22', 'hf'), { recursive: true });
    writeFileSync(path.join(raw, '2026-05-22', 'hf', '2026-05-21.json.gz'), gzipSync(JSON.stringify([item('2605.20002', 'From a snapshot')])));
    const archive = path.join(root, 'content', 'briefings');
    const draft = syntheticDraft(0, { days: 1, papers: 3, end: '2026-05-25', englishEvery: 0 });
    await writeBriefingFile(draft, { config, dir: archive });
    const archived = draft.frontmatter.papers![1]!;

    const labels = new Map([
      ['2605.20001', 'like'],
      ['2605.20002', 'like'],
      ['2605.20003', 'dislike'],
      [archived.id, 'dislike'],
      ['2605.29999', 'like'],
      ['2605.20009', 'like'],
    ] as const);
    const records = [{ id: '2605.20003', title: 'From the records', abstract: 'Today.', aiSummary: null, aiKeywords: [] }] as never[];
    const found = await findExamples(new Map(labels), { date: '2026-05-31', records, replayDir: replay, rawDir: raw, briefingsDir: archive, config });
    expect(found.examples.map((e) => [e.id, e.verdict, e.title])).toEqual(
      [
        ['2605.20001', 'like', 'From the replay folder'],
        ['2605.20002', 'like', 'From a snapshot'],
        ['2605.20003', 'dislike', 'From the records'],
        [archived.id, 'dislike', archived.title],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(Object.fromEntries(found.from)).toMatchObject({ '2605.20001': 'listing', '2605.20002': 'listing', '2605.20003': 'records', [archived.id]: 'archive' });
    expect(found.examples.find((e) => e.id === '2605.20001')!.doc.terms).toEqual(expect.arrayContaining(['speech recognition']));
    expect(found.missing).toEqual([
      { id: '2605.29999', verdict: 'like' },
      { id: '2605.20009', verdict: 'like' },
    ]);
    expect(found.background.map((b) => b.id).sort()).toEqual(draft.frontmatter.papers!.map((p) => p.id).sort());
    expect(found.problems).toEqual([]);
    expect(idMonthStart('2605.20001')).toBe('2026-05-01');
    expect(idMonthStart('cs/0701001')).toBeNull();
  });

  it('loadReader joins the profile, the feedback log (latest verdict wins) and the texts; a broken log is a config error', async () => {
    const root = temp();
    const log = path.join(root, 'content', 'reader', 'feedback.jsonl');
    mkdirSync(path.dirname(log), { recursive: true });
    writeFileSync(log, '{"id":"2605.30001","verdict":"like","at":"2026-05-30"}\n{"id":"2605.30001","verdict":"dislike","at":"2026-05-31"}\n');
    const records = [{ id: '2605.30001', title: 'A paper', abstract: 'Text.', aiSummary: null, aiKeywords: [] }] as never[];
    const reader = await loadReader({ config, root, date: '2026-05-31', records });
    expect(reader.profile.name).toBe('wenjun');
    expect(reader.feedbackFile).toBe(log);
    expect(reader.examples.map((e) => [e.id, e.verdict])).toEqual([['2605.30001', 'dislike']]);
    writeFileSync(log, '{"id":"2605.30001","verdict":"meh","at":"2026-05-31"}\n');
    await expect(loadReader({ config, root, date: '2026-05-31', records })).rejects.toThrow(ConfigError);
    await expect(loadReader({ config, root, date: '2026-05-31', records })).rejects.toThrow(/feedback\.jsonl:1: verdict: expected "like" or "dislike", got "meh"/);
  });
});
