/**
 * Pure pipeline stages: window planning, widening and failed days, merge, ranking (deterministic,
 * explained), category guessing and CLI flags.
 */
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { parseBriefArgs, UsageError } from '../scripts/pipeline/args.ts';
import { guessCategories, scoreCategories } from '../scripts/pipeline/categorize.ts';
import { matchKeywords } from '../scripts/pipeline/keywords.ts';
import { mergeRecords, uniquePapers } from '../scripts/pipeline/merge.ts';
import { rankByInterest } from '../scripts/pipeline/rank.ts';
import { planWindow, resolveWindow } from '../scripts/pipeline/window.ts';
import { linkedRepo } from '../scripts/sources/github.ts';
import type { ArxivEntry, PaperCandidate } from '../scripts/sources/types.ts';
import { t } from '../src/i18n/index.ts';
import { note } from '../scripts/pipeline/notes.ts';
import { range, sentences } from '../src/i18n/locale.ts';
import { paperRecord } from './helpers/ranking.ts';

function hf(id: string, over: Partial<PaperCandidate> = {}): PaperCandidate {
  return {
    id,
    title: `Title ${id}`,
    summary: `Summary ${id}`,
    authors: ['HF Author'],
    published: '2026-05-01',
    listed: '2026-05-01',
    upvotes: 1,
    aiSummary: null,
    aiKeywords: [],
    githubRepo: null,
    projectPage: null,
    organization: null,
    sources: ['Hugging Face Daily Papers'],
    arxiv: null,
    repoFacts: null,
    ...over,
  };
}

const record = paperRecord;

describe('window', () => {
  const w = { minPapers: 10, maxDays: 7 };
  it('covers yesterday when there is no earlier briefing', () => {
    expect(planWindow('2026-05-05', null, w).baseDays).toEqual(['2026-05-04']);
  });
  it('covers the listing days since the last briefing, capped at maxDays', () => {
    expect(planWindow('2026-05-05', '2026-05-01', w).baseDays).toEqual(['2026-05-02', '2026-05-03', '2026-05-04']);
    expect(planWindow('2026-05-30', '2026-04-01', w).baseDays).toHaveLength(7);
  });
  const sum = (counts: Record<string, number>) => (days: readonly string[]) => days.reduce((n, d) => n + (counts[d] ?? 0), 0);
  it('widens back one day at a time while fewer than minPapers remain, and says so', async () => {
    const counts: Record<string, number> = { '2026-05-03': 0, '2026-05-02': 0, '2026-05-01': 6, '2026-04-30': 8 };
    const loaded: string[] = [];
    const win = await resolveWindow(
      { date: '2026-05-04', lastCoveredTo: '2026-05-02', window: w, language: 'zh-CN' },
      async (d) => {
        loaded.push(d);
        return true;
      },
      sum(counts),
    );
    expect(loaded).toEqual(['2026-05-03', '2026-05-02', '2026-05-01', '2026-04-30']);
    expect(win).toMatchObject({ from: '2026-04-30', to: '2026-05-03', widened: true });
    expect(win.days).toEqual(['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
    // The covered day had no new papers (fewer than minPapers): the window grew to four days, 14 papers.
    expect(win.note).toBe(
      sentences('zh-CN', [
        t('zh-CN', 'window.covers', { days: '2026-05-03', previous: t('zh-CN', 'window.previous', { date: '2026-05-02' }) }),
        t('zh-CN', 'window.widenedDay', { count: 0, min: 10, range: range('zh-CN', '2026-04-30', '2026-05-03'), days: 4, papers: 14 }),
      ]),
    );
  });
  it('never widens past maxDays, and writes the note in English when asked', async () => {
    const win = await resolveWindow({ date: '2026-05-10', lastCoveredTo: null, window: { ...w, maxDays: 3 }, language: 'en' }, async () => true, () => 0);
    expect(win.days).toEqual(['2026-05-07', '2026-05-08', '2026-05-09']);
    expect(win.note).toContain(t('en', 'window.widenedDay', { count: 0, min: 10, range: range('en', '2026-05-07', '2026-05-09'), days: 3, papers: 0 }));
  });
  it('does not widen when enough papers remain', async () => {
    const win = await resolveWindow({ date: '2026-05-05', lastCoveredTo: '2026-05-03', window: w, language: 'zh-CN' }, async () => true, () => 12);
    expect(win).toMatchObject({ from: '2026-05-04', to: '2026-05-04', widened: false });
    expect(win.note).toBe(t('zh-CN', 'window.covers', { days: '2026-05-04', previous: t('zh-CN', 'window.previous', { date: '2026-05-03' }) }));
  });
  it('leaves a failed last day out of the window, and its 0 papers are not called a quiet weekend', async () => {
    // 05-04 failed (say a 200 with an HTML page): it is retried next time, not covered now.
    const win = await resolveWindow(
      { date: '2026-05-05', lastCoveredTo: '2026-05-03', window: w, language: 'en' },
      async (d) => d !== '2026-05-04',
      sum({ '2026-05-03': 12 }),
    );
    expect(win).toMatchObject({ from: '2026-05-03', to: '2026-05-03', days: ['2026-05-03'] });
    expect(win.note).toContain('The listing of 2026-05-04 could not be fetched and is left for the next briefing.');
    expect(win.note).not.toMatch(/only 0 new papers|weekends/);
    expect(win.note).toMatch(/^This briefing covers the Hugging Face Daily Papers listing of 2026-05-03/);
  });
  it('keeps a failed day that is not the last one (the next briefing would not start there)', async () => {
    const win = await resolveWindow(
      { date: '2026-05-06', lastCoveredTo: '2026-05-03', window: w, language: 'zh-CN' },
      async (d) => d !== '2026-05-04',
      sum({ '2026-05-05': 12 }),
    );
    expect(win.days).toEqual(['2026-05-04', '2026-05-05']);
    expect(win.note).not.toContain(note('zh-CN', 'window.retry', { days: '' }).trim());
  });
});

describe('merge', () => {
  const entry = (id: string, over: Partial<ArxivEntry> = {}): ArxivEntry => ({
    id,
    version: 2,
    title: 'arXiv title',
    abstract: 'arXiv abstract https://github.com/from/abstract',
    authors: ['X', 'Y'],
    categories: ['cs.CL', 'cs.AI'],
    primaryCategory: 'cs.CL',
    comment: 'ACL 2026 Findings',
    journalRef: null,
    doi: null,
    published: '2026-04-30',
    updated: '2026-05-02',
    absUrl: null,
    pdfUrl: null,
    ...over,
  });
  it('combines HF, arXiv and GitHub facts into one record per id', () => {
    const repoFacts = { name: 'Org/Renamed', url: 'https://github.com/Org/Renamed', verified: true, stars: 10, pushedAt: '2026-05-01T00:00:00Z', description: null, archived: false };
    const papers = [hf('2605.1', { githubRepo: 'https://github.com/Org/Repo', upvotes: 9, arxiv: entry('2605.1'), arxivLookedUp: true, repoFacts }), hf('2605.2')];
    const [a, b] = mergeRecords(papers);
    expect(a).toMatchObject({ id: '2605.1', version: 2, title: 'arXiv title', authors: ['X', 'Y'], abstract: expect.stringContaining('arXiv abstract'), upvotes: 9, repo: 'Org/Renamed', comment: 'ACL 2026 Findings', published: '2026-04-30' });
    expect(a!.sources).toEqual(['Hugging Face Daily Papers', 'arXiv', 'GitHub']);
    expect(b).toMatchObject({ id: '2605.2', title: 'Title 2605.2', abstract: 'Summary 2605.2', version: null, sources: ['Hugging Face Daily Papers'] });
  });
  it('keeps an arXiv title "0" and finds repos in the abstract or comment', () => {
    const [r] = mergeRecords([hf('2605.3', { arxiv: entry('2605.3', { title: '0' }), arxivLookedUp: true })]);
    expect(r!.title).toBe('0');
    expect(linkedRepo(hf('2605.3', { arxiv: entry('2605.3') }))).toBe('from/abstract');
    expect(linkedRepo(hf('2605.3', { projectPage: 'https://github.com/p/page' }))).toBe('p/page');
  });
  it('collapses a paper listed on two days (first listing, highest upvotes)', () => {
    const u = uniquePapers([hf('2605.4', { listed: '2026-05-02', upvotes: 20 }), hf('2605.4', { listed: '2026-05-01', upvotes: 5 })]);
    expect(u).toEqual([expect.objectContaining({ listed: '2026-05-01', upvotes: 20 })]);
  });
  it('merges a paper two sources list by id: HF upvotes and AI summary, the listing arXiv metadata, both sources', () => {
    const fromArxiv = hf('2605.5', { listed: null, upvotes: null, summary: 'arXiv abstract', sources: ['arXiv new submissions'], arxiv: entry('2605.5', { title: 'arXiv title' }) });
    const fromHf = hf('2605.5', { upvotes: 42, aiSummary: 'An AI summary.', githubRepo: 'https://github.com/o/r' });
    const records = mergeRecords([fromArxiv, fromHf, hf('2605.6', { listed: null, upvotes: null, sources: ['arXiv new submissions'], arxiv: entry('2605.6') })]);
    expect(records.map((r) => r.id)).toEqual(['2605.5', '2605.6']);
    expect(records[0]).toMatchObject({ upvotes: 42, aiSummary: 'An AI summary.', listed: '2026-05-01', title: 'arXiv title', version: 2, comment: 'ACL 2026 Findings', repo: 'o/r' });
    // The metadata came with the listing: no "arXiv" lookup is claimed.
    expect(records[0]!.sources).toEqual(['Hugging Face Daily Papers', 'arXiv new submissions']);
    expect(records[1]).toMatchObject({ listed: null, upvotes: null, sources: ['arXiv new submissions'] });
  });
});

describe('keywords and categories', () => {
  it('matches words, plurals, hyphen/space variants and Chinese substrings', () => {
    expect(matchKeywords('Multi-Agent systems for tool use', ['agent', 'tool-use', 'code'])).toEqual(['agent', 'tool-use']);
    expect(matchKeywords('We encode the coding agents', ['code', 'coding'])).toEqual(['coding']);
    expect(matchKeywords('基于强化学习的智能体', ['强化学习', '智能体', '记忆'])).toEqual(['强化学习', '智能体']);
  });
  it('guesses taxonomy categories deterministically, title first, other when nothing matches', () => {
    expect(guessCategories({ title: 'A GUI agent for the browser', body: 'We use reinforcement learning.' }, config.taxonomy)).toEqual(['gui-agent', 'llm-agent', 'post-training-rl']);
    expect(guessCategories({ title: 'On the history of typography' }, config.taxonomy)).toEqual(['other']);
    const scores = scoreCategories({ title: 'Speech synthesis', body: 'text-to-speech audio' }, config.taxonomy);
    expect(scores[0]).toMatchObject({ slug: 'speech-audio' });
  });

  it('does not file a paper under a category for a passing mention', () => {
    const diffusion = {
      title: 'Latent diffusion for text-to-video generation with a 3D VAE',
      body: 'We propose a video diffusion model. It improves image generation quality on two benchmarks. Code is available at https://github.com/x/y. Our evaluation shows strong reasoning about motion.',
    };
    const guess = guessCategories(diffusion, config.taxonomy);
    expect(guess[0]).toBe('vision-generation');
    expect(guess).not.toContain('code-agent');
    expect(guess).not.toContain('reasoning');
    expect(guess).not.toContain('evaluation');
  });
});

describe('rankByInterest', () => {
  const options = { profile: config.reader, ranking: config.ranking, taxonomy: config.taxonomy, language: 'zh-CN' as const, date: '2026-05-02', horizonDays: 7 };
  const records = [
    record('2605.10', { title: 'Agentic reinforcement learning for coding agents', abstract: 'We train code agents with GRPO in a terminal environment.', upvotes: 10 }),
    record('2605.11', { title: 'A study of image compression', abstract: 'JPEG.', upvotes: 50 }),
    record('2605.12', { title: 'World models for latent reasoning', abstract: 'Recurrent latent states.', upvotes: 3, listed: '2026-04-27' }),
  ];
  it('ranks by relevance, upvotes and recency, and explains each pick', () => {
    const ranked = rankByInterest(records, options);
    expect(ranked.map((p) => p.id)).toEqual(['2605.10', '2605.12', '2605.11']);
    const top = ranked[0]!;
    expect(top.topics).toEqual(expect.arrayContaining(['agentic-rl', 'code']));
    expect(top.matches['code']).toEqual(expect.arrayContaining(['coding agent', 'terminal']));
    expect(top.relevance).toBeGreaterThan(0.6);
    expect(top.band).toBe('relevant');
    expect(top.categories.length).toBeGreaterThan(0);
    expect(ranked[2]!.topics).toEqual([]);
    expect(ranked[2]!.categories).toEqual(['other']);
    expect(ranked[2]!.band).toBe('screened');
  });
  it('is deterministic whatever the input order', () => {
    const a = rankByInterest(records, options);
    const b = rankByInterest([...records].reverse(), options);
    expect(b).toEqual(a);
  });
  it('pushes papers down with negative keywords and records them', () => {
    const ranked = rankByInterest(records, { ...options, ranking: { ...config.ranking, negativeKeywords: ['terminal'] } });
    const p = ranked.find((r) => r.id === '2605.10')!;
    expect(p.matches['negative']).toEqual(['terminal']);
    expect(p.relevance).toBeLessThan(rankByInterest(records, options).find((r) => r.id === '2605.10')!.relevance);
  });
});

describe('CLI flags', () => {
  it('parses a date, a range and switches', () => {
    expect(parseBriefArgs([], '2026-05-05')).toMatchObject({ dates: ['2026-05-05'], replayDir: null, force: false, dryRun: false });
    expect(parseBriefArgs(['--from', '2026-05-01', '--to', '2026-05-03', '--replay', 'x', '--force', '--dry-run'], 't').dates).toEqual(['2026-05-01', '2026-05-02', '2026-05-03']);
  });
  it.each([
    [['--date', '2026-02-30'], /--date: expected a date YYYY-MM-DD, got "2026-02-30"/],
    [['--date', '2026-05-01', '--from', '2026-05-01', '--to', '2026-05-02'], /--date cannot be combined/],
    [['--from', '2026-05-01'], /--from needs --to/],
    [['--from', '2026-05-03', '--to', '2026-05-01'], /is after --to/],
    [['--nope'], /Unknown option '--nope'/],
    [['--date'], /--date/],
    [['stray'], /positional/i],
  ])('rejects %j with a message naming the flag', (argv, message) => {
    expect(() => parseBriefArgs(argv, '2026-05-05')).toThrow(UsageError);
    expect(() => parseBriefArgs(argv, '2026-05-05')).toThrow(message);
  });
});
