/**
 * Pure pipeline stages: window planning and widening, merge, ranking (deterministic, explained),
 * category guessing, CLI flags and config validation.
 */
import { describe, expect, it } from 'vitest';
import { config, type BriefingConfig } from '../briefing.config.ts';
import { parseBriefArgs, UsageError } from '../scripts/pipeline/args.ts';
import { guessCategories, scoreCategories } from '../scripts/pipeline/categorize.ts';
import { matchKeywords } from '../scripts/pipeline/keywords.ts';
import { linkedRepo, mergeRecords, uniquePapers } from '../scripts/pipeline/merge.ts';
import { rankByInterest } from '../scripts/pipeline/rank.ts';
import { readerProfile } from '../scripts/rank/profile.ts';
import { paperRecord } from './helpers/ranking.ts';
import { ConfigError, validateIngestConfig } from '../scripts/pipeline/validate-config.ts';
import { planWindow, resolveWindow } from '../scripts/pipeline/window.ts';
import type { ArxivEntry } from '../scripts/sources/arxiv.ts';
import type { HfPaper } from '../scripts/sources/huggingface.ts';

function hf(id: string, over: Partial<HfPaper> = {}): HfPaper {
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
    numComments: null,
    ...over,
  };
}

const record = paperRecord;

describe('window', () => {
  const w = { minPapers: 10, maxDays: 7, dedupeDays: 14 };
  it('covers yesterday when there is no earlier briefing', () => {
    expect(planWindow('2026-05-05', null, w).baseDays).toEqual(['2026-05-04']);
  });
  it('covers the listing days since the last briefing, capped at maxDays', () => {
    expect(planWindow('2026-05-05', '2026-05-01', w).baseDays).toEqual(['2026-05-02', '2026-05-03', '2026-05-04']);
    expect(planWindow('2026-05-30', '2026-04-01', w).baseDays).toHaveLength(7);
  });
  it('widens back one day at a time while fewer than minPapers remain, and says so', async () => {
    const counts: Record<string, number> = { '2026-05-03': 0, '2026-05-02': 0, '2026-05-01': 6, '2026-04-30': 8 };
    let total = 0;
    const loaded: string[] = [];
    const win = await resolveWindow(
      { date: '2026-05-04', lastCoveredTo: '2026-05-02', window: w, language: 'zh-CN' },
      async (d) => {
        loaded.push(d);
        total += counts[d] ?? 0;
      },
      () => total,
    );
    expect(loaded).toEqual(['2026-05-03', '2026-05-02', '2026-05-01', '2026-04-30']);
    expect(win).toMatchObject({ from: '2026-04-30', to: '2026-05-03', widened: true });
    expect(win.days).toEqual(['2026-04-30', '2026-05-01', '2026-05-02', '2026-05-03']);
    expect(win.note).toContain('向前扩展到 2026-04-30 至 2026-05-03');
    expect(win.note).toContain('少于 10 篇');
  });
  it('never widens past maxDays, and writes the note in English when asked', async () => {
    const win = await resolveWindow({ date: '2026-05-10', lastCoveredTo: null, window: { ...w, maxDays: 3 }, language: 'en' }, async () => {}, () => 0);
    expect(win.days).toEqual(['2026-05-07', '2026-05-08', '2026-05-09']);
    expect(win.note).toMatch(/widened back to 2026-05-07 to 2026-05-09: 3 days, 0 papers/);
  });
  it('does not widen when enough papers remain', async () => {
    const win = await resolveWindow({ date: '2026-05-05', lastCoveredTo: '2026-05-03', window: w, language: 'zh-CN' }, async () => {}, () => 12);
    expect(win).toMatchObject({ from: '2026-05-04', to: '2026-05-04', widened: false });
    expect(win.note).toBe('本简报覆盖 Hugging Face Daily Papers 2026-05-04 的列表(上一期简报截至 2026-05-03)。');
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
    const papers = [hf('2605.1', { githubRepo: 'https://github.com/Org/Repo', upvotes: 9 }), hf('2605.2')];
    const arxiv = new Map([['2605.1', entry('2605.1')]]);
    const repos = new Map([['org/repo', { name: 'Org/Renamed', url: 'https://github.com/Org/Renamed', verified: true, stars: 10, pushedAt: '2026-05-01T00:00:00Z', description: null, archived: false }]]);
    const [a, b] = mergeRecords(papers, arxiv, repos);
    expect(a).toMatchObject({ id: '2605.1', version: 2, title: 'arXiv title', authors: ['X', 'Y'], abstract: expect.stringContaining('arXiv abstract'), upvotes: 9, repo: 'Org/Renamed', comment: 'ACL 2026 Findings', published: '2026-04-30' });
    expect(a!.sources).toEqual(['Hugging Face Daily Papers', 'arXiv', 'GitHub']);
    expect(b).toMatchObject({ id: '2605.2', title: 'Title 2605.2', abstract: 'Summary 2605.2', version: null, sources: ['Hugging Face Daily Papers'] });
  });
  it('keeps an arXiv title "0" and finds repos in the abstract or comment', () => {
    const [r] = mergeRecords([hf('2605.3')], new Map([['2605.3', entry('2605.3', { title: '0' })]]), new Map());
    expect(r!.title).toBe('0');
    expect(linkedRepo(hf('2605.3'), entry('2605.3'))).toBe('from/abstract');
    expect(linkedRepo(hf('2605.3', { projectPage: 'https://github.com/p/page' }), undefined)).toBe('p/page');
  });
  it('collapses a paper listed on two days (first listing, highest upvotes)', () => {
    const u = uniquePapers([hf('2605.4', { listed: '2026-05-02', upvotes: 20 }), hf('2605.4', { listed: '2026-05-01', upvotes: 5 })]);
    expect(u).toEqual([expect.objectContaining({ listed: '2026-05-01', upvotes: 20 })]);
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
  const options = { profile: readerProfile(config), ranking: config.ranking, taxonomy: config.taxonomy, language: 'zh-CN' as const, date: '2026-05-02', horizonDays: 7 };
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

describe('config validation', () => {
  const broken = (patch: (c: BriefingConfig) => void): BriefingConfig => {
    const c = structuredClone(config);
    patch(c);
    return c;
  };
  it('accepts the shipped config', () => {
    expect(() => validateIngestConfig(config)).not.toThrow();
  });
  it('names each bad field', () => {
    const c = broken((c) => {
      c.sources.arxiv.batchSize = 500;
      c.timezone = 'Mars/Olympus';
      c.sources.github.baseUrl = 'ftp://x';
      c.window.maxDays = 0;
    });
    expect(() => validateIngestConfig(c)).toThrow(ConfigError);
    const message = (() => {
      try {
        validateIngestConfig(c);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain('sources.arxiv.batchSize: expected an integer from 1 to 100, got 500');
    expect(message).toContain('timezone: not an IANA timezone: "Mars/Olympus"');
    expect(message).toContain('sources.github.baseUrl: expected an http(s) URL');
    expect(message).toContain('window.maxDays');
  });
});
