/**
 * Sources behind one interface: the registry (every source the config names is one file of its kind, with
 * notes in both languages), the `arxiv-listing` paper source (query, paging, cap, arXiv's spacing, errors),
 * and two paper sources in one briefing: merged by arXiv id (a paper both list names both), the `arxiv` fact
 * lookup skipping papers the listing already described, snapshots and replay, and BRIEFING_SOURCES on the
 * command line. arXiv answers are generated (tests/helpers/arxivFeed.ts), never copied.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockAgent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import settings from '../briefing.config.ts';
import { HttpClient } from '../scripts/lib/http.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { note, type NoteKey } from '../scripts/pipeline/notes.ts';
import { runBriefing, type RunDeps } from '../scripts/pipeline/run.ts';
import { fetchListingDay, listingQuery, listingUrl } from '../scripts/sources/arxiv-listing.ts';
import { parseArxivFeed } from '../scripts/sources/arxiv.ts';
import { hostPolicies, loadSources } from '../scripts/sources/registry.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { resolveConfig, type BriefingConfig } from '../src/schema/config.ts';
import { buildSite } from '../scripts/site/build.ts';
import { t } from '../src/i18n/index.ts';
import { atomError, atomFeed, submissions } from './helpers/arxivFeed.ts';
import { read } from './helpers/dist.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const both = resolveConfig(settings, { BRIEFING_SOURCES: 'huggingface,arxiv-listing' });
const listing = both.sources.papers['arxiv-listing'];

const temps: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** An HF listing: `n` papers `2605.1NNNN`, upvoted 7, every other one linking a repository. */
function hfDay(n: number, prefix = '2605.1'): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    paper: {
      id: `${prefix}${String(i).padStart(4, '0')}`,
      title: `HF title ${i}`,
      summary: `We train LLM agents with reinforcement learning, variant ${i}.`,
      authors: [{ name: 'Ada Lovelace' }],
      publishedAt: '2026-04-30T00:00:00.000Z',
      upvotes: 7,
      ai_summary: `AI summary ${i}.`,
    },
    title: `HF title ${i}`,
  }));
}

/** The arXiv listing of 2026-05-01: 20 papers of its own plus the first four HF papers. */
function listingDay() {
  const shared = [0, 1, 2, 3].map((i) => ({ id: `2605.1${String(i).padStart(4, '0')}`, version: 2, title: `arXiv title ${i}`, abstract: `arXiv abstract ${i} about agents.`, comment: 'ACL 2026 Findings' }));
  return [...submissions(20), ...shared];
}

describe('the registry', () => {
  it('loads every source the config names from scripts/sources/<name>.ts, of the kind its group says', async () => {
    const set = await loadSources(both);
    expect(set.papers.map((r) => r.source.name)).toEqual(['huggingface', 'arxiv-listing']);
    expect(set.facts.map((r) => r.source.name)).toEqual(['arxiv', 'github']);
    expect(set.follow.map((r) => r.source.name)).toEqual(['hf-trending']);
    for (const { source } of [...set.papers, ...set.facts, ...set.follow]) expect(existsSync(path.join(repoRoot, 'scripts/sources', `${source.name}.ts`))).toBe(true);
    // Off by default: the shipped config runs Hugging Face only.
    expect((await loadSources(resolveConfig(settings))).papers.map((r) => r.source.name)).toEqual(['huggingface']);
  });

  it('has every note a source names, in both languages', async () => {
    const set = await loadSources(both);
    for (const { source } of [...set.papers, ...set.facts, ...set.follow]) {
      for (const key of Object.values(source.notes).filter((k) => k !== 'colon' && k !== 'parens')) {
        for (const lang of ['zh-CN', 'en'] as const) expect(note(lang, key as NoteKey), `${source.name} ${key} ${lang}`).not.toBe('');
      }
    }
  });

  it('fails naming the config field when a source has no file', async () => {
    const broken = { ...both, sources: { ...both.sources, papers: { ...both.sources.papers, 'papers-with-code': { enabled: true } } } } as unknown as BriefingConfig;
    await expect(loadSources(broken)).rejects.toThrow(/^sources\.papers\.papers-with-code: cannot load scripts\/sources\/papers-with-code\.ts/);
    const wrongKind = { ...both, sources: { ...both.sources, papers: { ...both.sources.papers, github: { enabled: true } } } } as unknown as BriefingConfig;
    await expect(loadSources(wrongKind)).rejects.toThrow(/sources\.papers\.github: scripts\/sources\/github\.ts must export default a papers source named "github"/);
  });

  it('gives arXiv one connection and 3 s between requests, whichever arXiv source asks', async () => {
    expect(hostPolicies(await loadSources(both))).toEqual({ 'export.arxiv.org': { concurrency: 1, minIntervalMs: 3000 } });
  });
});

describe('arxiv-listing', () => {
  let agent: MockAgent;
  afterEach(async () => {
    await agent?.close();
  });

  function client(a: MockAgent, clock: { now: () => number; sleep: (ms: number) => Promise<void> }) {
    return new HttpClient({ http: both.sources.http, dispatcher: a, hosts: { 'export.arxiv.org': { concurrency: 1, minIntervalMs: 3000 } }, ...clock, random: () => 0 });
  }
  function fakeClock() {
    let t = 1_700_000_000_000;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  it('asks for the categories submitted on the day, newest first, paged with start and max_results', () => {
    expect(listingQuery(['cs.CL', 'cs.AI', 'cs.LG'], '2026-05-01')).toBe('(cat:cs.CL OR cat:cs.AI OR cat:cs.LG) AND submittedDate:[202605010000 TO 202605012359]');
    const url = new URL(listingUrl('https://export.arxiv.org/', ['cs.CL'], '2026-05-01', 100, 50));
    expect(url.pathname).toBe('/api/query');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      search_query: '(cat:cs.CL) AND submittedDate:[202605010000 TO 202605012359]',
      sortBy: 'submittedDate',
      sortOrder: 'descending',
      start: '100',
      max_results: '50',
    });
  });

  it('pages through a day on one connection, one request every 3 s, into one Atom document', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const clock = fakeClock();
    const all = submissions(250);
    const asked: Array<{ start: number; max: number; at: number }> = [];
    agent
      .get('https://export.arxiv.org')
      .intercept({ path: /^\/api\/query\?.*search_query=/, method: 'GET' })
      .reply(200, (opts) => {
        const q = new URL(String(opts.path), 'https://x').searchParams;
        const start = Number(q.get('start'));
        const max = Number(q.get('max_results'));
        asked.push({ start, max, at: clock.now() });
        return atomFeed(all.slice(start, start + max), { total: all.length, start });
      })
      .times(3);
    const { xml } = await fetchListingDay(client(agent, clock), { ...listing, pageSize: 100, maxPerDay: 300 }, '2026-05-01');
    expect(asked.map(({ start, max }) => [start, max])).toEqual([
      [0, 100],
      [100, 100],
      [200, 100],
    ]);
    expect(asked[1]!.at - asked[0]!.at).toBeGreaterThanOrEqual(3000);
    expect(asked[2]!.at - asked[1]!.at).toBeGreaterThanOrEqual(3000);
    const feed = parseArxivFeed(xml);
    expect(feed.error).toBeNull();
    expect(feed.totalResults).toBe(250);
    expect(feed.entries.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('stops at maxPerDay, and an arXiv Error entry fails the day with its own words', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const all = submissions(500);
    const pool = agent.get('https://export.arxiv.org');
    pool
      .intercept({ path: /^\/api\/query\?.*search_query=/, method: 'GET' })
      .reply(200, (opts) => {
        const q = new URL(String(opts.path), 'https://x').searchParams;
        const start = Number(q.get('start'));
        return atomFeed(all.slice(start, start + Number(q.get('max_results'))), { total: all.length, start });
      })
      .times(2);
    const capped = await fetchListingDay(client(agent, fakeClock()), { ...listing, pageSize: 100, maxPerDay: 150 }, '2026-05-01');
    expect(parseArxivFeed(capped.xml).entries).toHaveLength(150);
    pool.intercept({ path: /^\/api\/query/, method: 'GET' }).reply(400, atomError('incorrect value for submittedDate'));
    await expect(fetchListingDay(client(agent, fakeClock()), listing, '2026-05-01')).rejects.toThrow('incorrect value for submittedDate');
  });
});

describe('two paper sources in one briefing', () => {
  const FIXED_NOW = new Date('2026-05-02T06:00:00Z');
  const deps = (root: string, over: Partial<RunDeps> = {}, config: BriefingConfig = both): RunDeps => ({
    config,
    root,
    env: {},
    createWriter: (c, e) => createWriter(c, e, { now: () => FIXED_NOW }),
    writeBriefingFile,
    ...over,
  });

  it('BRIEFING_SOURCES=huggingface,arxiv-listing npm run brief -- --date D --replay DIR merges both, deduplicated by id', async () => {
    const replay = tempDir('replay-both-');
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(hfDay(12)));
    write(path.join(replay, 'arxiv-listing/2026-05-01.xml'), atomFeed(listingDay(), { query: listingQuery(listing.categories, '2026-05-01') }));
    const dir = tempDir('briefings-');
    const r = spawnSync(node, ['scripts/brief.ts', '--date', '2026-05-02', '--replay', replay], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', BRIEFINGS_DIR: dir, BRIEFING_SOURCES: 'huggingface,arxiv-listing' },
    });
    expect(r.stderr).toContain('brief 2026-05-02: published');
    expect(r.status).toBe(0);
    const { frontmatter } = await readBriefingFile(path.join(dir, '2026-05-02.mdx'), both);
    const ids = frontmatter.papers.map((p) => p.id);
    expect(ids).toHaveLength(32);
    expect(new Set(ids).size).toBe(32);
    const shared = frontmatter.papers.find((p) => p.id === '2605.10002')!;
    expect(shared.source).toEqual(['Hugging Face Daily Papers', 'arXiv new submissions']);
    expect(shared).toMatchObject({ title: 'arXiv title 2', upvotes: 7, version: 2, venue: 'ACL 2026 Findings', listed: '2026-05-01' });
    const hfOnly = frontmatter.papers.find((p) => p.id === '2605.10009')!;
    expect(hfOnly.source).toEqual(['Hugging Face Daily Papers']);
    const arxivOnly = frontmatter.papers.find((p) => p.id === '2605.20005')!;
    expect(arxivOnly).toMatchObject({ source: ['arXiv new submissions'], upvotes: null, date: '2026-05-01' });
    expect(arxivOnly.listed).toBeUndefined();
    expect(arxivOnly.links.hf).toBeUndefined();
    expect(frontmatter.sources.map((s) => [s.name, s.status, s.screened])).toEqual([
      ['Hugging Face Daily Papers', 'ok', 12],
      ['arXiv new submissions', 'ok', 24],
      // The eight papers only Hugging Face listed would need an id_list lookup; the replay has none recorded.
      ['arXiv API', 'skipped', undefined],
      ['GitHub API', 'skipped', undefined],
      ['Hugging Face Trending', 'skipped', undefined],
    ]);
    expect(frontmatter.sources[1]!.note).toBe('2026-05-01 在 cs.CL, cs.AI, cs.LG 分类下共 24 篇新提交论文。');
  });

  it('an unknown name in BRIEFING_SOURCES exits 2 naming the variable and the value, writing nothing', () => {
    const dir = tempDir('briefings-');
    const r = spawnSync(node, ['scripts/brief.ts', '--date', '2026-05-02'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: '1', BRIEFINGS_DIR: dir, BRIEFING_SOURCES: 'huggingface,arxiv-new' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BRIEFING_SOURCES: unknown paper source "arxiv-new"; known: huggingface, arxiv-listing, got "huggingface,arxiv-new"');
  });

  it('live: arXiv ids are looked up only for papers the listing did not describe; snapshots replay; a rerun asks nothing', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let t = Date.parse('2026-05-02T00:00:00Z');
    const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };
    const hf = agent.get('https://huggingface.co');
    hf.intercept({ path: /^\/api\/daily_papers\?date=2026-05-01&/, method: 'GET' }).reply(200, JSON.stringify(hfDay(12)));
    hf.intercept({ path: /^\/api\/(models|datasets)\?/, method: 'GET' }).reply(200, '[]').times(2);
    const ax = agent.get('https://export.arxiv.org');
    const lookedUp: string[][] = [];
    ax.intercept({ path: /^\/api\/query\?.*search_query=/, method: 'GET' }).reply(200, atomFeed(listingDay(), { query: 'listing' }));
    ax.intercept({ path: /^\/api\/query\?.*id_list=/, method: 'GET' }).reply(200, (opts) => {
      const ids = (new URL(String(opts.path), 'https://x').searchParams.get('id_list') ?? '').split(',');
      lookedUp.push(ids);
      return atomFeed(ids.map((id) => ({ id, title: `Looked up ${id}`, abstract: 'Agents.' })));
    });
    agent.get('https://api.github.com').intercept({ path: /^\/repos\//, method: 'GET' }).reply(404, '{}');
    const root = tempDir('brief-both-');
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { clientOptions: { dispatcher: agent, ...clock } }));
    await agent.close();
    expect(r.outcome).toBe('published');
    expect(lookedUp).toEqual([['2605.10004', '2605.10005', '2605.10006', '2605.10007', '2605.10008', '2605.10009', '2605.10010', '2605.10011']]);
    expect(r.stats['arxiv-listing']).toMatchObject({ requests: 1 });
    expect(r.stats['arxiv']).toMatchObject({ requests: 1 });
    expect(r.sources.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    const raw = path.join(root, 'content/raw/2026-05-02');
    const manifest = JSON.parse(readFileSync(path.join(raw, 'manifest.json'), 'utf8')) as { files: Record<string, { source: string; url: string }> };
    expect(manifest.files['arxiv-listing/2026-05-01.xml']).toMatchObject({ source: 'arxiv-listing', url: expect.stringContaining('search_query=') });
    const first = readFileSync(r.path!, 'utf8');

    // A rerun takes both listings and the lookups from the snapshot: no HF or arXiv request.
    const quiet = new MockAgent();
    quiet.disableNetConnect();
    quiet.get('https://api.github.com').intercept({ path: /^\/repos\//, method: 'GET' }).reply(404, '{}').times(5);
    quiet.get('https://huggingface.co').intercept({ path: /^\/api\/(models|datasets)\?/, method: 'GET' }).reply(200, '[]').times(2);
    const again = await runBriefing({ date: '2026-05-02', force: true }, deps(root, { clientOptions: { dispatcher: quiet, ...clock } }));
    await quiet.close();
    expect(again.outcome).toBe('unchanged');
    expect(Object.keys(again.stats).filter((s) => s === 'hf' || s.startsWith('arxiv'))).toEqual([]);

    // The snapshot is a replay directory for both sources.
    const replayed = await runBriefing({ date: '2026-05-02', replayDir: raw }, deps(tempDir('brief-replayed-')));
    expect(readFileSync(replayed.path!, 'utf8')).toBe(first);
  });
});

describe('the day page of a briefing with two paper sources', () => {
  it('says in one line how many papers were screened from each source', async () => {
    const replay = tempDir('replay-site-');
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(hfDay(12)));
    write(path.join(replay, 'arxiv-listing/2026-05-01.xml'), atomFeed(listingDay()));
    const root = tempDir('brief-site-');
    const r = await runBriefing(
      { date: '2026-05-02', replayDir: replay },
      { config: both, root, env: {}, createWriter: (c, e) => createWriter(c, e, { now: () => new Date('2026-05-02T06:00:00Z') }), writeBriefingFile },
    );
    expect(r.outcome).toBe('published');
    const dist = path.join(tempDir('site-'), 'dist');
    const built = await buildSite({ briefingsDir: path.join(root, both.archive.briefingsDir), distDir: dist });
    expect(built.code, built.output.slice(-2000)).toBe(0);
    const html = read(dist, 'briefings/2026-05-02/index.html');
    const line = `<strong>${t('zh-CN', 'notes.screened')}</strong>${t('zh-CN', 'locale.colon')}Hugging Face Daily Papers ${t('zh-CN', 'site.papersCount', { count: 12 })}${t('zh-CN', 'locale.listSeparator')}arXiv new submissions ${t('zh-CN', 'site.papersCount', { count: 24 })}</p>`;
    expect(html).toContain(line);
  }, 120_000);
});
