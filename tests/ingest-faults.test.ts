/**
 * Listing faults the source wrapper must survive without losing papers (issue 13 §2, §3, §11): a newest
 * listing day that answers 200 with truncated JSON or an HTML page is left for the next briefing (and is
 * briefed then), an empty or partial listing is never snapshotted as final (a --force rerun asks again, and
 * an empty listing an older run kept is asked again too), old-style arXiv ids keep snapshot files flat, and a
 * live arXiv answer that leaves papers out is reported degraded, as a replay missing them is.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MockAgent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { note } from '../scripts/pipeline/notes.ts';
import { runBriefing, type RunDeps } from '../scripts/pipeline/run.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { atomFeed } from './helpers/arxivFeed.ts';

const temps: string[] = [];
function tempRoot(prefix = 'faults-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function hfDay(n: number, prefix: string): Array<{ paper: { id: string; title: string } }> {
  return Array.from({ length: n }, (_, i) => ({
    paper: { id: `${prefix}${String(i).padStart(4, '0')}`, title: `Agent paper ${prefix}${i}`, summary: `LLM agents with reinforcement learning ${i}.`, authors: [{ name: 'A' }], upvotes: 3 },
  }));
}

/** A MockAgent serving HF listings by day (a body string, or a JSON value), empty trending, and arXiv/GitHub that know nothing. */
function mockHf(days: Record<string, unknown>, now: number): { agent: MockAgent; deps: (root: string) => RunDeps; requests: () => number } {
  const agent = new MockAgent();
  agent.disableNetConnect();
  let hfRequests = 0;
  const hf = agent.get('https://huggingface.co');
  hf.intercept({ path: /^\/api\/daily_papers\?/, method: 'GET' })
    .reply(200, (opts) => {
      hfRequests++;
      const day = new URL(String(opts.path), 'https://x').searchParams.get('date') ?? '';
      const body = days[day] ?? [];
      return typeof body === 'string' ? body : JSON.stringify(body);
    })
    .persist();
  hf.intercept({ path: /^\/api\/(models|datasets)\?/, method: 'GET' }).reply(200, '[]').persist();
  agent.get('https://export.arxiv.org').intercept({ path: /^\/api\/query/, method: 'GET' }).reply(200, atomFeed([])).persist();
  agent.get('https://api.github.com').intercept({ path: /^\/repos\//, method: 'GET' }).reply(404, '{}').persist();
  let t = now;
  const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };
  return {
    agent,
    requests: () => hfRequests,
    deps: (root) => ({
      config,
      root,
      env: {},
      createWriter: (c, e) => createWriter(c, e, { now: () => new Date(now) }),
      writeBriefingFile,
      clientOptions: { dispatcher: agent, ...clock },
      now: () => t,
    }),
  };
}

describe.each([
  ['truncated JSON', '[{"paper": {"id": "2605.30001", "title": "Cut off'],
  ['an HTML page', '<!doctype html><html><head><title>502</title></head><body>Bad gateway</body></html>'],
])('a newest listing day that answers 200 with %s', (_, body) => {
  it('is left for the next briefing, which briefs its papers; the window note does not call it a quiet day', async () => {
    const root = tempRoot();
    const first = mockHf({ '2026-05-01': body, '2026-04-30': hfDay(12, '2605.1') }, Date.parse('2026-05-02T00:30:00Z'));
    const r = await runBriefing({ date: '2026-05-02' }, first.deps(root));
    await first.agent.close();
    expect(r.outcome).toBe('published');
    expect(r.window).toMatchObject({ from: '2026-04-30', to: '2026-04-30', days: ['2026-04-30'] });
    expect(r.window!.note).toContain(note('zh-CN', 'window.retry', { days: '2026-05-01' }));
    expect(r.window!.note).not.toContain('常见于周末');
    expect(r.window!.note).not.toContain('只有 0 篇');
    expect(r.sources[0]).toMatchObject({ name: 'Hugging Face Daily Papers', status: 'degraded' });
    expect(r.sources[0]!.note).toContain('返回内容格式不符');
    // Nothing of the bad answer is kept as if it were the day's listing.
    expect(existsSync(path.join(root, 'content/raw/2026-05-02/hf/2026-05-01.json.gz'))).toBe(false);

    // The next day, Hugging Face answers properly: 2026-05-01 is briefed with 2026-05-02.
    const next = mockHf({ '2026-05-01': hfDay(12, '2605.3'), '2026-05-02': hfDay(12, '2605.4') }, Date.parse('2026-05-03T00:30:00Z'));
    const r2 = await runBriefing({ date: '2026-05-03' }, next.deps(root));
    await next.agent.close();
    expect(r2.outcome).toBe('published');
    expect(r2.window).toMatchObject({ from: '2026-05-01', to: '2026-05-02' });
    const { frontmatter } = await readBriefingFile(r2.path!, config);
    expect(frontmatter.papers.filter((p) => p.id.startsWith('2605.3'))).toHaveLength(12);
  });
});

describe('an empty listing', () => {
  it('is never snapshotted as final: a --force rerun asks Hugging Face again and briefs what it now lists', async () => {
    const root = tempRoot();
    const empty = mockHf({}, Date.parse('2026-05-08T00:30:00Z'));
    const r = await runBriefing({ date: '2026-05-08' }, empty.deps(root));
    await empty.agent.close();
    expect(r).toMatchObject({ outcome: 'nothing-new', exitCode: 1 });
    expect(empty.requests()).toBe(config.window.maxDays);
    const hfSnapshots = path.join(root, 'content/raw/2026-05-08/hf');
    expect(existsSync(hfSnapshots) ? readdirSync(hfSnapshots) : []).toEqual([]);

    const filled = mockHf({ '2026-05-07': hfDay(12, '2605.5') }, Date.parse('2026-05-08T09:00:00Z'));
    const again = await runBriefing({ date: '2026-05-08', force: true }, filled.deps(root));
    await filled.agent.close();
    expect(filled.requests()).toBeGreaterThan(0);
    expect(again.outcome).toBe('published');
    expect(again.papers).toBe(12);
    // Now the day is final, and kept.
    expect(readdirSync(path.join(root, 'content/raw/2026-05-08/hf'))).toEqual(['2026-05-07.json.gz']);
  });

  it('kept by an older run is asked for again', async () => {
    const root = tempRoot();
    const raw = path.join(root, 'content/raw/2026-05-02/hf');
    mkdirSync(raw, { recursive: true });
    writeFileSync(path.join(raw, '2026-05-01.json.gz'), gzipSync('[]'));
    const m = mockHf({ '2026-05-01': hfDay(12, '2605.6') }, Date.parse('2026-05-02T09:00:00Z'));
    const r = await runBriefing({ date: '2026-05-02', force: true }, m.deps(root));
    await m.agent.close();
    expect(m.requests()).toBe(1);
    expect(r).toMatchObject({ outcome: 'published', papers: 12 });
  });
});

describe('old-style arXiv ids', () => {
  it('keep the id_list snapshot file flat, so the snapshot replays them', async () => {
    const root = tempRoot();
    const agent = new MockAgent();
    agent.disableNetConnect();
    const items = [{ paper: { id: 'cs/0701001', title: 'An old agent paper', summary: 'Agents with reinforcement learning.', authors: [{ name: 'A' }] } }, ...hfDay(11, '2605.7')];
    agent.get('https://huggingface.co').intercept({ path: /^\/api\/daily_papers\?date=2026-05-01/, method: 'GET' }).reply(200, JSON.stringify(items));
    agent.get('https://huggingface.co').intercept({ path: /^\/api\/(models|datasets)\?/, method: 'GET' }).reply(200, '[]').times(2);
    agent
      .get('https://export.arxiv.org')
      .intercept({ path: /^\/api\/query/, method: 'GET' })
      .reply(200, atomFeed(items.map((it) => ({ id: it.paper.id, title: `arXiv: ${it.paper.title}`, abstract: 'From arXiv.' }))));
    let t = Date.parse('2026-05-02T00:30:00Z');
    const r = await runBriefing(
      { date: '2026-05-02' },
      { config, root, env: {}, createWriter: (c, e) => createWriter(c, e, { now: () => new Date(t) }), writeBriefingFile, clientOptions: { dispatcher: agent, now: () => t, sleep: async (ms) => void (t += ms) } },
    );
    await agent.close();
    expect(r.sources[1]).toMatchObject({ name: 'arXiv API', status: 'ok' });
    const arxivDir = path.join(root, 'content/raw/2026-05-02/arxiv');
    expect(readdirSync(arxivDir)).toEqual(['cs_0701001+12.xml.gz']);
    const replayed = await runBriefing({ date: '2026-05-02', replayDir: path.join(root, 'content/raw/2026-05-02') }, { config, root: tempRoot(), env: {}, createWriter: (c, e) => createWriter(c, e, { now: () => new Date(t) }), writeBriefingFile });
    expect(replayed.sources[1]).toMatchObject({ name: 'arXiv API', status: 'ok' });
    expect(readFileSync(replayed.path!, 'utf8')).toBe(readFileSync(r.path!, 'utf8'));
  });
});

describe('an arXiv answer without some of the papers', () => {
  it('is degraded in a live run too, naming how many papers lack metadata', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const items = hfDay(12, '2605.8');
    agent.get('https://huggingface.co').intercept({ path: /^\/api\/daily_papers\?date=2026-05-01/, method: 'GET' }).reply(200, JSON.stringify(items));
    agent.get('https://huggingface.co').intercept({ path: /^\/api\/(models|datasets)\?/, method: 'GET' }).reply(200, '[]').times(2);
    agent
      .get('https://export.arxiv.org')
      .intercept({ path: /^\/api\/query/, method: 'GET' })
      .reply(200, atomFeed(items.slice(0, 10).map((it) => ({ id: it.paper.id, title: it.paper.title, abstract: 'From arXiv.' }))));
    let t = Date.parse('2026-05-02T00:30:00Z');
    const r = await runBriefing(
      { date: '2026-05-02', dryRun: true },
      { config, root: tempRoot(), env: {}, createWriter: (c, e) => createWriter(c, e, { now: () => new Date(t) }), writeBriefingFile, clientOptions: { dispatcher: agent, now: () => t, sleep: async (ms) => void (t += ms) } },
    );
    await agent.close();
    expect(r.sources[1]).toMatchObject({ name: 'arXiv API', status: 'degraded' });
    expect(r.sources[1]!.note).toBe(note('zh-CN', 'arxiv.partial', { reason: note('zh-CN', 'reason.notReturned'), missing: 2, found: 10 }));
  });
});
