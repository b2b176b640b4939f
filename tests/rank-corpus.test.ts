/**
 * The ranker on real recorded days (../shared/corpus) against the reader's own picks (../shared/seeds),
 * through the whole pipeline (`runBriefing --replay` into an empty archive, the extractive writer):
 * - 2026-05-03 and 2026-05-31: at least 2 of the seed's top 3 are in the briefing's top 3, and no image or
 *   video generation paper is in the top 5 unless its title names one of the reader's interest phrases;
 * - `npm run feedback -- --dislike ID` for a featured paper, then a `--force` rerun: it is not featured;
 * - liking three papers on one topic (robotics) raises the other papers on that topic the next day;
 * - a reader in another field (tests/fixtures/rank/reader-robotics.yml, READER_FILE) gets that field first.
 * Skipped with a message when ../shared is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { resolveConfig, type BriefingConfig } from '../src/schema/config.ts';
import settings from '../briefing.config.ts';
import { main as feedbackMain } from '../scripts/feedback.ts';
import { importLegacyText } from '../scripts/legacy/index.ts';
import { loadTitleIndex } from '../scripts/legacy/resolve.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { guessCategories } from '../scripts/pipeline/categorize.ts';
import { runBriefing } from '../scripts/pipeline/run.ts';
import type { RankedDay, RankedPaper } from '../scripts/pipeline/types.ts';
import { paperDoc } from '../scripts/rank/docs.ts';
import { compilePhrases, phraseHits } from '../scripts/rank/phrases-match.ts';
import { recordDoc } from '../scripts/rank/rank.ts';
import { createWriter } from '../scripts/writers/index.ts';
import type { Briefing } from '../src/schema/briefing.ts';
import { tempDirs } from './helpers/ranking.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(repoRoot, '../shared');
const corpusTar = path.join(shared, 'corpus', 'hf-daily-papers.tar.xz');
const seedsDir = path.join(shared, 'seeds');
const hasShared = existsSync(corpusTar) && existsSync(seedsDir);
if (!hasShared) console.warn(`rank-corpus: ${corpusTar} or ${seedsDir} not found; skipping the ranking tests on real days`);

const temp = tempDirs('pb-rank-');

let corpus = '';

interface Replayed {
  day: RankedDay;
  briefing: Briefing;
  /** The briefing's top 3, in order. */
  top: string[];
}

/** Replays one day into `root` (a fresh temp root by default) and returns the ranked day and the briefing. */
async function replay(date: string, o: { root?: string; force?: boolean; cfg?: BriefingConfig } = {}): Promise<Replayed> {
  const root = o.root ?? temp('pb-rank-root-');
  let day: RankedDay | null = null;
  const result = await runBriefing(
    { date, replayDir: corpus, force: o.force },
    {
      config: o.cfg ?? config,
      root,
      env: {},
      writeBriefingFile,
      createWriter: (c, e) => {
        const w = createWriter(c, e, { now: () => new Date('2026-06-01T00:00:00Z') });
        return { kind: w.kind, write: async (d) => ((day = d), w.write(d)) };
      },
    },
  );
  expect(result.outcome, result.reason).toBe('published');
  const { frontmatter } = await readBriefingFile(result.path!, config);
  // The picks ("最值得精读的 3 篇"), in the briefing's order (the frontmatter lists papers best first).
  const top = frontmatter.papers.filter((p) => p.pick).map((p) => p.id);
  return { day: day!, briefing: frontmatter, top };
}

/** The seed's own top 3 ("今日最值得精读的 3 篇"), as arXiv ids, through the legacy importer. */
async function seedTop3(prefix: string): Promise<string[]> {
  const file = path.join(seedsDir, readdirSync(seedsDir).find((f) => f.startsWith(prefix))!);
  const titleIndex = await loadTitleIndex({ listings: [path.join(corpus, 'hf')] });
  const draft = importLegacyText(readFileSync(file, 'utf8'), file, { titleIndex }).draft;
  const ids = (draft.body.top ?? []).map((t) => t.id).filter((id): id is string => Boolean(id));
  expect(ids).toHaveLength(3);
  return ids;
}

const IMAGE_VIDEO = /\b(image|video|visual|text-to-image|text-to-video|diffusion)\b/i;

describe.skipIf(!hasShared)('ranking real days for the reader (../shared)', () => {
  beforeAll(() => {
    corpus = temp('pb-rank-corpus-');
    execFileSync('tar', ['-xJf', corpusTar, '-C', corpus, '--wildcards', 'hf/2026-04-*', 'hf/2026-05-*']);
  });

  it.each([
    ['000_', '2026-05-03'],
    ['002_', '2026-05-31'],
  ])('seed %s (%s): at least 2 of the seed top 3 in the top 3; no image/video generation paper in the top 5 without an interest phrase in its title', async (prefix, date) => {
    const seed = await seedTop3(prefix);
    const { day, top } = await replay(date);
    const hits = top.filter((id) => seed.includes(id));
    expect(hits.length, `top 3 ${top.join(', ')} vs the seed's ${seed.join(', ')}`).toBeGreaterThanOrEqual(2);
    const interests = compilePhrases(config.reader.interests.flatMap((i) => i.keywords)).filter((p) => p.strength !== 'generic');
    for (const p of day.papers.slice(0, 5)) {
      const doc = recordDoc(p);
      const visual = p.categories[0] === 'vision-generation' || IMAGE_VIDEO.test(p.title);
      if (!visual) continue;
      const titleOnly = { ...doc, fields: { ...doc.fields, keywords: paperDoc({ id: '', title: '', abstract: '', keywords: [] }).fields.keywords, abstract: paperDoc({ id: '', title: '', abstract: '', keywords: [] }).fields.abstract } };
      expect(phraseHits(titleOnly, interests).length, `${p.title} is in the top 5`).toBeGreaterThan(0);
    }
  });

  it('npm run feedback --dislike of a featured paper, then a --force rerun: the paper is not featured', async () => {
    const root = temp('pb-rank-dislike-');
    const first = await replay('2026-05-31', { root });
    const target = first.briefing.papers.find((p) => p.featured)!;
    const log = path.join(root, 'content', 'reader', 'feedback.jsonl');
    const sink = { write: () => true };
    expect(await feedbackMain(['--dislike', target.id, '--date', '2026-05-31', '--file', log], {}, sink, sink)).toBe(0);
    const again = await replay('2026-05-31', { root, force: true });
    const after = again.briefing.papers.find((p) => p.id === target.id);
    expect(after?.featured ?? false).toBe(false);
    expect(again.top).not.toContain(target.id);
    expect(again.day.papers.some((p) => p.id === target.id)).toBe(false);
  });

  describe('liking three papers on one topic raises the other papers on that topic the next day', () => {
    const isRobotics = (p: { id: string; title: string; abstract: string; keywords: readonly string[] }) => guessCategories(paperDoc(p), config.taxonomy)[0] === 'embodied';
    const listing = (day: string): Array<{ id: string; title: string; abstract: string; keywords: string[] }> => {
      const file = path.join(corpus, 'hf', `${day}.json`);
      if (!existsSync(file)) return [];
      return (JSON.parse(readFileSync(file, 'utf8')) as Array<{ paper: { id: string; title: string; summary?: string; ai_keywords?: string[] } }>).map(({ paper: p }) => ({ id: p.id, title: p.title, abstract: p.summary ?? '', keywords: p.ai_keywords ?? [] }));
    };

    it.each(['2026-05-13', '2026-05-21', '2026-05-30'])('%s', async (date) => {
      // The first three robotics papers (by the category model) listed in the two weeks before the window.
      const liked: string[] = [];
      for (let k = 2; k <= 14 && liked.length < 3; k++) {
        const d = new Date(Date.parse(`${date}T00:00:00Z`) - k * 86_400_000).toISOString().slice(0, 10);
        for (const p of listing(d)) if (liked.length < 3 && isRobotics(p)) liked.push(p.id);
      }
      expect(liked).toHaveLength(3);
      const plain = await replay(date);
      const root = temp('pb-rank-likes-');
      mkdirSync(path.join(root, 'content', 'reader'), { recursive: true });
      writeFileSync(path.join(root, 'content', 'reader', 'feedback.jsonl'), liked.map((id) => `${JSON.stringify({ id, verdict: 'like', at: date })}\n`).join(''));
      const withLikes = await replay(date, { root });

      const topic = (d: RankedDay) => d.papers.filter((p) => isRobotics({ id: p.id, title: p.title, abstract: p.abstract, keywords: p.aiKeywords }));
      const rank = (d: RankedDay, id: string) => d.papers.findIndex((p) => p.id === id);
      const before = topic(plain.day);
      const after = topic(withLikes.day);
      expect(after.length).toBeGreaterThan(0);
      expect(after.length).toBeGreaterThanOrEqual(before.length);
      for (const p of before) {
        const q = withLikes.day.papers.find((x) => x.id === p.id)!;
        expect(q.relevance, p.title).toBeGreaterThan(p.relevance);
        expect(rank(withLikes.day, p.id), p.title).toBeLessThanOrEqual(rank(plain.day, p.id));
      }
      // Said in the reader's language, naming a liked paper or the terms learned from the likes.
      expect(after.some((p) => (p.reasons ?? []).some((r) => r.kind === 'like' || r.kind === 'model'))).toBe(true);
      const relevantBefore = before.filter((p) => p.band === 'relevant').length;
      const relevantAfter = after.filter((p: RankedPaper) => p.band === 'relevant').length;
      expect(relevantAfter).toBeGreaterThanOrEqual(relevantBefore);
      expect(after.length + relevantAfter).toBeGreaterThan(before.length + relevantBefore);
    });
  });

  it('a reader in another field (READER_FILE: a robotics researcher) gets that field first, on every day tried', async () => {
    const cfg = resolveConfig(settings, { READER_FILE: path.join(repoRoot, 'tests/fixtures/rank/reader-robotics.yml') });
    const ROBOTICS = /\b(robots?|robotic|embodied|humanoid|manipulation|vla|vision-language-action|autonomous driving|locomotion|dexterous)\b/i;
    const field = (p: RankedPaper) => ROBOTICS.test(`${p.title}\n${p.abstract}`);
    for (const date of ['2026-05-08', '2026-05-14', '2026-05-21', '2026-05-29', '2026-05-30']) {
      const { day, briefing } = await replay(date, { cfg });
      const inField = day.papers.filter(field).length;
      const shown = `${date}: ${day.papers.slice(0, 3).map((p) => p.title).join(' | ')}`;
      expect(inField, `${date}: no robotics paper listed`).toBeGreaterThan(0);
      expect(field(day.papers[0]!), shown).toBe(true);
      if (inField >= 3) expect(day.papers.slice(0, 3).filter(field).length, shown).toBeGreaterThanOrEqual(2);
      // The writer writes for this reader too.
      const relation = briefing.papers.find((p) => p.featured)?.topics ?? [];
      expect(cfg.reader.interests.map((i) => i.id)).toEqual(expect.arrayContaining(relation));
    }
    // The same day for wenjun puts other papers first.
    const wenjun = await replay('2026-05-14');
    expect(field(wenjun.day.papers[0]!)).toBe(false);
  });
});
