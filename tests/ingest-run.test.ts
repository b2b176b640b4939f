/**
 * The whole day, end to end through `runBriefing` with the real extractive writer and MDX writer:
 * replay (corpus and generated recordings), live runs against undici's MockAgent (requests per source,
 * snapshots, ETag 304 on a rerun, faults that degrade a source), offline fail-fast, and the CLI's exit
 * codes. Each test works in its own temporary project root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { MockAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { briefingSchema, config } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import { parseBriefing } from '../src/schema/briefing.ts';
import { parseBriefReport } from '../scripts/publish/brief-report.ts';
import { runBriefing, type RunDeps } from '../scripts/pipeline/run.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { failureWords, note, replayReason } from '../scripts/pipeline/notes.ts';
import { t } from '../src/i18n/index.ts';
import { tPattern } from './helpers/i18n.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const corpusTar = path.join(shared, 'corpus', 'hf-daily-papers.tar.xz');
const fixtures = path.join(shared, 'fixtures');
const node = path.join(repoRoot, 'node_modules', '.bin', 'node');

const FIXED_NOW = new Date('2026-05-02T06:00:00Z');
const temps: string[] = [];
function tempRoot(prefix = 'brief-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function deps(root: string, over: Partial<RunDeps> = {}, cfg: BriefingConfig = config): RunDeps {
  return {
    config: cfg,
    root,
    env: {},
    createWriter: (c, e) => createWriter(c, e, { now: () => FIXED_NOW }),
    writeBriefingFile,
    ...over,
  };
}

function hfItem(id: string, title: string, summary: string, extra: Record<string, unknown> = {}) {
  return {
    paper: { id, title, summary, authors: [{ name: 'Ada Lovelace' }], publishedAt: '2026-04-30T00:00:00.000Z', upvotes: 7, ...extra },
    title,
    numComments: 1,
  };
}

function hfDay(n: number, prefix = '2605.1'): unknown[] {
  return Array.from({ length: n }, (_, i) =>
    hfItem(`${prefix}${String(i).padStart(4, '0')}`, `Agentic RL paper ${i}`, `We train LLM agents with reinforcement learning, variant ${i}.`, i % 2 === 0 ? { githubRepo: `https://github.com/org/repo-${i}` } : {}),
  );
}

function atom(entries: Array<{ id: string; title: string; abstract: string }>): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
${entries
  .map(
    (e) => `  <entry>
    <id>http://arxiv.org/abs/${e.id}v2</id>
    <title>${e.title}</title>
    <updated>2026-05-01T00:00:00Z</updated>
    <link href="https://arxiv.org/abs/${e.id}v2" rel="alternate" type="text/html"/>
    <summary>${e.abstract}</summary>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <published>2026-04-30T00:00:00Z</published>
    <arxiv:comment>ACL 2026 Findings</arxiv:comment>
    <arxiv:primary_category term="cs.CL"/>
    <author><name>Ada Lovelace</name></author>
  </entry>`,
  )
  .join('\n')}
</feed>`;
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

describe.skipIf(!existsSync(corpusTar))('replaying the corpus (../shared/corpus)', () => {
  let corpus = '';
  beforeAll(() => {
    corpus = tempRoot('corpus-');
    execFileSync('tar', ['-xJf', corpusTar, '-C', corpus]);
  }, 120_000);

  it('replays a day twice into identical MDX bytes; arXiv, GitHub and trending absent → skipped, briefing written', async () => {
    const outputs: string[] = [];
    for (const _ of [1, 2]) {
      const root = tempRoot();
      const r = await runBriefing({ date: '2026-05-02', replayDir: corpus }, deps(root));
      expect(r.outcome).toBe('published');
      expect(r.exitCode).toBe(0);
      expect(r.sources.map((s) => [s.name, s.status])).toEqual([
        ['Hugging Face Daily Papers', 'ok'],
        ['arXiv API', 'skipped'],
        ['GitHub API', 'skipped'],
        ['Hugging Face Trending', 'skipped'],
      ]);
      expect(r.sources[1]!.note).toBe(note(config.language, 'arxiv.skipped', { reason: replayReason(config.language) }));
      expect(r.stats).toEqual({});
      expect(existsSync(path.join(root, 'content/raw'))).toBe(false);
      outputs.push(readFileSync(r.path!, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[0]).toContain('date: "2026-05-02"');
  });

  it('widens over a weekend, dedupes papers featured the day before, and never touches the earlier briefing', async () => {
    const root = tempRoot();
    const first = await runBriefing({ date: '2026-05-02', replayDir: corpus }, deps(root));
    const before = readFileSync(first.path!, 'utf8');
    const second = await runBriefing({ date: '2026-05-03', replayDir: corpus }, deps(root));
    expect(second.outcome).toBe('published');
    expect(second.window).toMatchObject({ widened: true, to: '2026-05-02' });
    expect(second.window!.note).toContain(t(config.language, 'window.previous', { date: '2026-05-01' }));
    const { frontmatter } = await readBriefingFile(second.path!, config);
    const featuredBefore = (await readBriefingFile(first.path!, config)).frontmatter.papers.filter((p) => p.featured).map((p) => p.id);
    expect(frontmatter.covered).toEqual(expect.arrayContaining(featuredBefore));
    expect(frontmatter.papers.some((p) => featuredBefore.includes(p.id))).toBe(false);
    expect(readFileSync(first.path!, 'utf8')).toBe(before);
  });
});

describe('replaying generated recordings', () => {
  it('uses recorded arXiv and GitHub responses, degrading honestly where one is missing', async () => {
    const replay = tempRoot('replay-');
    const items = hfDay(12);
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(items));
    // arXiv recorded for all but the last two ids; title "0" must survive.
    const ids = items.map((it) => (it as { paper: { id: string } }).paper.id);
    write(path.join(replay, 'arxiv/batch.xml'), atom(ids.slice(0, 10).map((id, i) => ({ id, title: i === 0 ? '0' : `arXiv title ${i}`, abstract: `arXiv abstract about agents ${i}.` }))));
    write(path.join(replay, 'github/org__repo-0.json'), JSON.stringify({ full_name: 'org/repo-0', html_url: 'https://github.com/org/repo-0', stargazers_count: 123, pushed_at: '2026-05-01T00:00:00Z', archived: false }));
    const root = tempRoot();
    const r = await runBriefing({ date: '2026-05-02', replayDir: replay }, deps(root));
    expect(r.outcome).toBe('published');
    const byName = Object.fromEntries(r.sources.map((s) => [s.name, s]));
    expect(byName['arXiv API']).toMatchObject({ status: 'degraded' });
    expect(byName['arXiv API']!.note).toBe(note(config.language, 'arxiv.partial', { reason: failureWords(config.language, 'missing'), missing: 2, found: 10 }));
    expect(byName['GitHub API']).toMatchObject({ status: 'degraded' });
    const { frontmatter } = await readBriefingFile(r.path!, config);
    expect(frontmatter.papers.find((p) => p.id === ids[0])!.title).toBe('0');
    expect(frontmatter.papers.find((p) => p.id === ids[0])!.stars).toBe(123);
    expect(frontmatter.follow.find((f) => f.name === 'org/repo-0')).toMatchObject({ verified: true, stars: 123 });
    expect(frontmatter.follow.find((f) => f.name === 'org/repo-2')).toMatchObject({ verified: false, stars: null });
  });

  it('with no papers writes nothing, exits non-zero and says why in one line', async () => {
    const replay = tempRoot('replay-');
    for (let d = 1; d <= 7; d++) write(path.join(replay, `hf/2026-05-0${d}.json`), '[]');
    const root = tempRoot();
    const r = await runBriefing({ date: '2026-05-08', replayDir: replay }, deps(root));
    expect(r).toMatchObject({ outcome: 'nothing-new', exitCode: 1 });
    expect(r.reason).toBe('no papers listed on 2026-05-01…2026-05-07; nothing written');
    expect(existsSync(path.join(root, 'content/briefings'))).toBe(false);
  });

  it('records a malformed listing day as a degraded source and still writes from the good day', async () => {
    const replay = tempRoot('replay-');
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(["{'paper': {'id': '2412.07730'}}"]));
    write(path.join(replay, 'hf/2026-04-30.json'), JSON.stringify(hfDay(12)));
    const root = tempRoot();
    const r = await runBriefing({ date: '2026-05-02', replayDir: replay }, deps(root));
    expect(r.outcome).toBe('published');
    expect(r.sources[0]).toMatchObject({ name: 'Hugging Face Daily Papers', status: 'degraded' });
    expect(r.sources[0]!.note).toMatch(new RegExp(tPattern(config.language, 'source.hf.degraded', { days: '2026-04-30', failedDays: '2026-05-01' }, { papers: '\\d+', reason: '.+' })));
    expect(r.sources[0]!.note).toContain('item 0 is a string, not an object');
  });

  it('does not list again a paper an earlier briefing lists with a versioned id (2605.10000v2)', async () => {
    const replay = tempRoot('replay-');
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(hfDay(12)));
    const root = tempRoot();
    const first = await runBriefing({ date: '2026-05-02', replayDir: replay }, deps(root));
    const shown = (await readBriefingFile(first.path!, config)).frontmatter.papers.map((p) => p.id);
    expect(shown.length).toBeGreaterThan(0);
    // A hand edit gives the papers their version, as the schema allows.
    writeFileSync(first.path!, readFileSync(first.path!, 'utf8').replace(/^(\s*- id: "\d{4}\.\d{4,5})"/gm, '$1v2"'));
    expect((await readBriefingFile(first.path!, config)).frontmatter.papers[0]!.id).toMatch(/v2$/);
    write(path.join(replay, 'hf/2026-05-02.json'), JSON.stringify([...hfDay(12), ...hfDay(12, '2605.2')]));
    const second = await runBriefing({ date: '2026-05-03', replayDir: replay }, deps(root));
    const { frontmatter } = await readBriefingFile(second.path!, config);
    expect(frontmatter.covered).toEqual(expect.arrayContaining(shown));
    expect(frontmatter.papers.length).toBeGreaterThan(0);
    expect(frontmatter.papers.some((p) => shown.includes(p.id))).toBe(false);
  });

  it('records a corrupt recorded file (bad .gz) as a failed listing day instead of crashing the day', async () => {
    const replay = tempRoot('replay-');
    write(path.join(replay, 'hf/2026-05-01.json.gz'), 'not gzip at all');
    write(path.join(replay, 'hf/2026-04-30.json'), JSON.stringify(hfDay(12)));
    write(path.join(replay, 'github/org__repo-0.json.gz'), 'not gzip either');
    const r = await runBriefing({ date: '2026-05-02', replayDir: replay }, deps(tempRoot()));
    expect(r.outcome).toBe('published');
    expect(r.sources[0]).toMatchObject({ name: 'Hugging Face Daily Papers', status: 'degraded' });
    expect(r.sources[0]!.note).toContain('hf/2026-05-01.json.gz: not a valid gzip file');
    expect(r.sources[0]!.note).not.toContain(replay);
    const { frontmatter } = await readBriefingFile(r.path!, config);
    expect(frontmatter.follow.find((f) => f.name === 'org/repo-0')).toMatchObject({ verified: false, stars: null });
  });

  it('--dry-run writes nothing: no briefing, no snapshot, no cache', async () => {
    const replay = tempRoot('replay-');
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(hfDay(12)));
    const root = tempRoot();
    const r = await runBriefing({ date: '2026-05-02', replayDir: replay, dryRun: true }, deps(root));
    expect(r).toMatchObject({ outcome: 'published', dryRun: true, exitCode: 0 });
    expect(r.reason).toBe('would write content/briefings/2026-05-02.mdx');
    expect(readdirSync(root)).toEqual([]);
  });

  it('never touches an existing briefing (no --force): no requests, content unchanged', async () => {
    const root = tempRoot();
    const file = path.join(root, 'content/briefings/2026-05-02.mdx');
    write(file, 'hand-written\n');
    const r = await runBriefing({ date: '2026-05-02', replayDir: tempRoot('replay-') }, deps(root));
    expect(r).toMatchObject({ outcome: 'skipped', exitCode: 0 });
    expect(r.reason).toContain('already exists');
    expect(readFileSync(file, 'utf8')).toBe('hand-written\n');
  });
});

describe('live runs against MockAgent', () => {
  let agent: MockAgent;
  afterEach(async () => {
    await agent.close();
  });

  function clock() {
    let t = Date.parse('2026-05-02T00:00:00Z');
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  function mockSources(items: unknown[], opts: { arxiv?: 'ok' | '429'; github304?: Set<string> } = {}) {
    const hf = agent.get('https://huggingface.co');
    hf.intercept({ path: `/api/daily_papers?date=2026-05-01&limit=${config.sources.papers.huggingface.pageSize}&p=0`, method: 'GET' }).reply(200, JSON.stringify(items));
    hf.intercept({ path: /^\/api\/models\?.*sort=trendingScore/, method: 'GET' }).reply(200, JSON.stringify([{ id: 'org/agent-model', likes: 50, downloads: 1000, pipeline_tag: 'text-generation', tags: ['agent'] }]));
    hf.intercept({ path: /^\/api\/datasets\?.*sort=trendingScore/, method: 'GET' }).reply(200, JSON.stringify([{ id: 'org/code-data', likes: 5, downloads: 10, tags: ['code'] }]));
    const ids = items.map((it) => (it as { paper: { id: string } }).paper.id);
    const ax = agent.get('https://export.arxiv.org');
    if (opts.arxiv === '429') ax.intercept({ path: /^\/api\/query/, method: 'GET' }).reply(429, 'Rate exceeded.', { headers: { 'retry-after': '5' } }).times(4);
    else ax.intercept({ path: /^\/api\/query/, method: 'GET' }).reply(200, atom(ids.map((id, i) => ({ id, title: `arXiv ${i}`, abstract: `Agents and reinforcement learning ${i}.` }))));
    const gh = agent.get('https://api.github.com');
    for (let i = 0; i < ids.length; i += 2) {
      const name = `org/repo-${i}`;
      if (opts.github304?.has(name)) gh.intercept({ path: `/repos/${name}`, method: 'GET', headers: { 'if-none-match': `"etag-${i}"` } }).reply(304, '');
      else if (i === 4) gh.intercept({ path: `/repos/${name}`, method: 'GET' }).reply(404, '{"message":"Not Found"}');
      else gh.intercept({ path: `/repos/${name}`, method: 'GET' }).reply(200, JSON.stringify({ full_name: name, html_url: `https://github.com/${name}`, stargazers_count: 10 + i, pushed_at: '2026-04-29T00:00:00Z', archived: false }), { headers: { etag: `"etag-${i}"` } });
    }
  }

  it('makes the expected requests per source, snapshots them, and a rerun costs zero HF/arXiv requests and 304s on GitHub', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const root = tempRoot();
    const items = hfDay(12);
    mockSources(items);
    const c = clock();
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { clientOptions: { dispatcher: agent, ...c } }));
    expect(r.outcome).toBe('published');
    expect(r.stats['hf']!.requests).toBe(1);
    expect(r.stats['arxiv']!.requests).toBe(1);
    expect(r.stats['github']!.requests).toBe(6);
    expect(r.stats['hf-trending']!.requests).toBe(2);
    expect(r.sources.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(r.sources[2]!.note).toContain(note('zh-CN', 'github.missing', { missing: 1 }).replace(/^[；;]\s*/, ''));
    const raw = path.join(root, 'content/raw/2026-05-02');
    const manifest = JSON.parse(readFileSync(path.join(raw, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['hf/2026-05-01.json', 'hf-trending/models.json', 'hf-trending/datasets.json', 'github/org__repo-0.json']));
    expect(Object.keys(manifest.files).some((f) => f.startsWith('arxiv/'))).toBe(true);
    expect(JSON.parse(gunzipSync(readFileSync(path.join(raw, 'hf/2026-05-01.json.gz'))).toString())).toEqual(items);
    expect(existsSync(path.join(root, '.cache/paper-briefing/github-etags.json'))).toBe(true);
    const firstMdx = readFileSync(r.path!, 'utf8');
    await agent.close();

    // Rerun with --force: HF and arXiv from the snapshot, GitHub conditional (304).
    agent = new MockAgent();
    agent.disableNetConnect();
    const gh = agent.get('https://api.github.com');
    for (const i of [0, 2, 6, 8, 10]) gh.intercept({ path: `/repos/org/repo-${i}`, method: 'GET', headers: { 'if-none-match': `"etag-${i}"` } }).reply(304, '');
    gh.intercept({ path: '/repos/org/repo-4', method: 'GET' }).reply(404, '{"message":"Not Found"}');
    const again = await runBriefing({ date: '2026-05-02', force: true }, deps(root, { clientOptions: { dispatcher: agent, ...clock() } }));
    expect(again.stats['hf']).toBeUndefined();
    expect(again.stats['arxiv']).toBeUndefined();
    expect(again.stats['hf-trending']).toBeUndefined();
    expect(again.stats['github']).toMatchObject({ requests: 6, notModified: 5 });
    expect(again.outcome).toBe('unchanged');
    expect(readFileSync(again.path!, 'utf8')).toBe(firstMdx);
    // Responses reused from the snapshot keep the URL they were fetched from in the manifest.
    const rerunManifest = JSON.parse(readFileSync(path.join(raw, 'manifest.json'), 'utf8'));
    expect(rerunManifest.files['hf/2026-05-01.json']).toEqual(manifest.files['hf/2026-05-01.json']);
    expect(rerunManifest.files['hf/2026-05-01.json'].url).toMatch(/^https:\/\/huggingface\.co\/api\/daily_papers\?date=2026-05-01/);
    const arxivFile = Object.keys(manifest.files).find((f) => f.startsWith('arxiv/'))!;
    expect(rerunManifest.files[arxivFile].url).toMatch(/^https:\/\/export\.arxiv\.org\/api\/query\?id_list=/);

    // The snapshot is itself a replay directory.
    const replayed = await runBriefing({ date: '2026-05-02', replayDir: raw }, deps(tempRoot()));
    expect(replayed.sources.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(readFileSync(replayed.path!, 'utf8')).toBe(firstMdx);
  });

  it('fetches a listing day again when its snapshot file is corrupt', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const root = tempRoot();
    const items = hfDay(12);
    mockSources(items);
    write(path.join(root, 'content/raw/2026-05-02/hf/2026-05-01.json.gz'), 'truncated');
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { clientOptions: { dispatcher: agent, ...clock() } }));
    expect(r.outcome).toBe('published');
    expect(r.stats['hf']!.requests).toBe(1);
    expect(r.sources[0]).toMatchObject({ status: 'ok' });
    expect(JSON.parse(gunzipSync(readFileSync(path.join(root, 'content/raw/2026-05-02/hf/2026-05-01.json.gz'))).toString())).toEqual(items);
  });

  it('sends GITHUB_TOKEN without the whitespace a secrets file leaves around it', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const items = hfDay(2);
    const hf = agent.get('https://huggingface.co');
    hf.intercept({ path: /^\/api\/daily_papers\?date=2026-05-01/, method: 'GET' }).reply(200, JSON.stringify(items));
    hf.intercept({ path: /^\/api\/(models|datasets)/, method: 'GET' }).reply(200, '[]').times(2);
    agent.get('https://export.arxiv.org').intercept({ path: /^\/api\/query/, method: 'GET' }).reply(200, atom([]));
    agent
      .get('https://api.github.com')
      .intercept({ path: '/repos/org/repo-0', method: 'GET', headers: { authorization: 'Bearer tok-123' } })
      .reply(200, JSON.stringify({ full_name: 'org/repo-0', stargazers_count: 3, pushed_at: null, archived: false }));
    const r = await runBriefing({ date: '2026-05-02', dryRun: true }, deps(tempRoot(), { env: { GITHUB_TOKEN: ' tok-123\n' }, clientOptions: { dispatcher: agent, ...clock() } }));
    expect(r.sources[2]).toMatchObject({ name: 'GitHub API', status: 'ok' });
    expect(r.stats['github']).toMatchObject({ requests: 1, retries: 0, failures: 0 });
  });

  it('degrades arXiv on 429 (HF abstracts used, said so) and still writes the briefing', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const root = tempRoot();
    mockSources(hfDay(12), { arxiv: '429' });
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { clientOptions: { dispatcher: agent, ...clock() } }));
    expect(r.outcome).toBe('published');
    expect(r.sources[1]).toMatchObject({ name: 'arXiv API', status: 'failed' });
    expect(r.sources[1]!.note).toBe(note(config.language, 'arxiv.failed', { reason: failureWords(config.language, 'rate-limited', 429) }));
    expect(r.stats['arxiv']).toMatchObject({ requests: 4, retries: 3, rateLimited: 4 });
  });

  it('leaves a listing day that failed (503) out of the window so the next briefing fetches it again', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const hf = agent.get('https://huggingface.co');
    hf.intercept({ path: /^\/api\/daily_papers\?date=2026-05-01/, method: 'GET' }).reply(503, 'unavailable').times(4);
    hf.intercept({ path: /^\/api\/daily_papers\?date=2026-04-30/, method: 'GET' }).reply(200, JSON.stringify(hfDay(12)));
    hf.intercept({ path: /^\/api\/(models|datasets)/, method: 'GET' }).reply(200, '[]').times(2);
    agent.get('https://export.arxiv.org').intercept({ path: /^\/api\/query/, method: 'GET' }).reply(200, atom([]));
    agent.get('https://api.github.com').intercept({ path: /^\/repos\//, method: 'GET' }).reply(404, '{}').times(6);
    const root = tempRoot();
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { clientOptions: { dispatcher: agent, ...clock() } }));
    expect(r.outcome).toBe('published');
    expect(r.window).toMatchObject({ from: '2026-04-30', to: '2026-04-30', days: ['2026-04-30'] });
    expect(r.window!.note).toContain(note('zh-CN', 'window.retry', { days: '2026-05-01' }));
    expect(r.sources[0]).toMatchObject({ status: 'degraded' });
    expect(r.sources[0]!.note).toContain('HTTP 503');
    expect(r.stats['hf']).toMatchObject({ retries: 3, failures: 1 });
  });

  it('offline: gives up after one request per unreachable host, writes nothing, says why', async () => {
    agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('https://huggingface.co')
      .intercept({ path: /.*/, method: 'GET' })
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND huggingface.co'), { code: 'ENOTFOUND' }));
    const root = tempRoot();
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { clientOptions: { dispatcher: agent, ...clock() } }));
    expect(r).toMatchObject({ outcome: 'failed', offline: true, exitCode: 1 });
    expect(r.reason).toBe('offline: cannot reach huggingface.co (ENOTFOUND); nothing fetched, archive unchanged');
    expect(r.stats['hf']).toMatchObject({ requests: 1, retries: 0 });
    expect(readdirSync(root)).toEqual([]);
  });
});

describe('the listing day is still open', () => {
  it('briefs nothing for D before D 00:00 UTC (the day before is still filling up) and makes no request', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const root = tempRoot();
    // 07:30 in Asia/Shanghai on 2026-05-02 is still 2026-05-01 in UTC.
    const r = await runBriefing({ date: '2026-05-02' }, deps(root, { now: () => Date.parse('2026-05-01T23:30:00Z'), clientOptions: { dispatcher: agent } }));
    expect(r).toMatchObject({ outcome: 'skipped', exitCode: 0 });
    expect(r.reason).toBe('the listing day 2026-05-01 is still open until 2026-05-02 00:00 UTC; nothing briefed yet');
    expect(readdirSync(root)).toEqual([]);
    await agent.close();
  });
});

describe('offline with the real client', () => {
  it('gives up within seconds against a closed local port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const cfg: BriefingConfig = { ...config, sources: { ...config.sources, papers: { ...config.sources.papers, huggingface: { ...config.sources.papers.huggingface, baseUrl: `http://127.0.0.1:${port}` } } } };
    const t0 = Date.now();
    const r = await runBriefing({ date: '2026-05-02' }, deps(tempRoot(), {}, cfg));
    expect(r.offline).toBe(true);
    expect(r.reason).toContain('ECONNREFUSED');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('brief CLI', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(node, ['scripts/brief.ts', ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CI: '1', ...env } });

  it('exits 2 naming the flag for bad flags, and writes nothing', () => {
    const dir = tempRoot();
    const r = run(['--date', '2026-13-01'], { BRIEFINGS_DIR: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--date: expected a date YYYY-MM-DD, got "2026-13-01"');
    expect(readdirSync(dir)).toEqual([]);
    const missing = run(['--replay', path.join(dir, 'nope')], { BRIEFINGS_DIR: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--replay:');
  });

  it('exits 2 naming the variable for a bad config override', () => {
    const r = run(['--date', '2026-05-02'], { BRIEFING_WRITER: 'poet' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BRIEFING_WRITER');
  });

  it('as prebuild returns at once when the briefing exists', () => {
    const dir = tempRoot();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    writeFileSync(path.join(dir, `${today}.mdx`), 'kept\n');
    const r = run(['--prebuild'], { BRIEFINGS_DIR: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('exists; nothing to fetch');
    expect(readFileSync(path.join(dir, `${today}.mdx`), 'utf8')).toBe('kept\n');
  });

  it('reads a relative --replay DIR from the directory the command runs in (the one it checked)', () => {
    const replay = tempRoot('replay-');
    write(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(hfDay(12)));
    const dir = tempRoot();
    const r = spawnSync(node, [path.join(repoRoot, 'scripts/brief.ts'), '--date', '2026-05-02', '--replay', path.basename(replay)], {
      cwd: path.dirname(replay),
      encoding: 'utf8',
      env: { ...process.env, CI: '1', BRIEFINGS_DIR: dir },
    });
    expect(r.stderr).toContain('brief 2026-05-02: published');
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['2026-05-02.mdx']);
  });

  it.skipIf(!existsSync(path.join(fixtures, 'hf')))('replays a fixture day from the command line', () => {
    const replay = tempRoot('replay-');
    mkdirSync(path.join(replay, 'hf'));
    writeFileSync(path.join(replay, 'hf/2026-08-12.json'), readFileSync(path.join(fixtures, 'hf/2026-08-12.json')));
    const dir = tempRoot();
    const reportFile = path.join(tempRoot('report-'), 'report.json');
    const r = run(['--date', '2026-08-13', '--replay', replay, '--report', reportFile], { BRIEFINGS_DIR: dir });
    expect(r.stderr).toContain('brief 2026-08-13: published');
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual(['2026-08-13.mdx']);
    const report = parseBriefReport(readFileSync(reportFile, 'utf8'), reportFile);
    expect(report.days).toHaveLength(1);
    // The fixture lists 20 papers; the briefing lists those above the ranker's listing floor.
    const listed = parseBriefing(briefingSchema, splitFrontmatter(readFileSync(path.join(dir, '2026-08-13.mdx'), 'utf8'), '2026-08-13.mdx').data).papers.length;
    expect(listed).toBeGreaterThan(0);
    expect(listed).toBeLessThanOrEqual(20);
    expect(report.days[0]).toMatchObject({ date: '2026-08-13', outcome: 'published', papers: listed, offline: false });
    expect(report.days[0]!.sources.map((s) => s.status)).toEqual(['ok', 'skipped', 'skipped', 'skipped']);
  });
});
