/**
 * The fault suite, sources side (issue 13 §4): every fault of tests/helpers/faults.ts served over a real
 * socket on 127.0.0.1 to the real client (undici through scripts/lib/http.ts) and the real sources, one day
 * run end to end through `runBriefing` with the source origins set the way a user sets them (HF_BASE_URL,
 * ARXIV_BASE_URL, GITHUB_API_URL). Each test says what the run must do with the fault: how many requests it
 * may make, what it keeps, what the briefing says. Waits (Retry-After, backoff, arXiv's 3 s spacing) run on
 * a virtual clock; timeouts are real but short.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import settings from '../briefing.config.ts';
import { readBriefingFile, writeBriefingFile } from '../scripts/mdx/write.ts';
import { failureWords, note } from '../scripts/pipeline/notes.ts';
import { runBriefing, type RunDeps, type RunResult } from '../scripts/pipeline/run.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { resolveConfig, type BriefingConfig } from '../src/schema/config.ts';
import type { FeedEntry } from './helpers/arxivFeed.ts';
import { fault, githubRepo, startFaultServer, type FaultReply, type FaultRequest, type FaultServer } from './helpers/faults.ts';

const DATE = '2026-05-02';
const NEWEST = '2026-05-01';
const temps: string[] = [];
const servers: FaultServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'faults-sources-'));
  temps.push(dir);
  return dir;
}

/** `n` listed papers; the first links `repo` when given. */
function hfDay(n: number, prefix: string, repo?: string): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    paper: {
      id: `${prefix}${String(i).padStart(4, '0')}`,
      title: `Tool-use agent paper ${prefix}${i}`,
      summary: `We train LLM agents for tool use with reinforcement learning, variant ${i}.`,
      authors: [{ name: 'Ada Lovelace' }],
      publishedAt: '2026-04-30T00:00:00.000Z',
      upvotes: 20 - (i % 20),
      ...(i === 0 && repo ? { githubRepo: `https://github.com/${repo}` } : {}),
    },
  }));
}

interface World {
  /** The day's listing reply, by listing day and the how-manieth request for that day (0-based). */
  hf?: (day: string, nth: number, req: FaultRequest) => FaultReply;
  arxiv?: (req: FaultRequest) => FaultReply;
  github?: (repo: string, req: FaultRequest) => FaultReply;
}

/** Three fault servers (Hugging Face, arXiv, GitHub: three hosts, as in production) run by `world`. */
async function startWorld(world: World): Promise<{ hf: FaultServer; arxiv: FaultServer; github: FaultServer }> {
  const perDay = new Map<string, number>();
  const hf = await startFaultServer((req) => {
    if (/^\/api\/(models|datasets)\b/.test(req.url.pathname)) return fault.json([]);
    const day = req.url.searchParams.get('date') ?? '';
    const nth = perDay.get(day) ?? 0;
    perDay.set(day, nth + 1);
    return world.hf?.(day, nth, req) ?? fault.emptyListing();
  });
  // arXiv knows every paper it is asked for (by id_list), unless the world says otherwise.
  const arxiv = await startFaultServer(
    (req) =>
      world.arxiv?.(req) ??
      fault.atom((req.url.searchParams.get('id_list') ?? '').split(',').filter(Boolean).map((id): FeedEntry => ({ id, title: `arXiv title of ${id}`, abstract: 'We train LLM agents for tool use with reinforcement learning.' }))),
  );
  const github = await startFaultServer((req) => {
    const repo = /^\/repos\/([^/]+\/[^/?]+)/.exec(req.url.pathname)?.[1];
    return world.github?.(repo ?? req.url.pathname, req) ?? fault.notFound();
  });
  servers.push(hf, arxiv, github);
  return { hf, arxiv, github };
}

/** The project's config with the origins overridden as a user would (env), and short timeouts. */
function configFor(w: { hf: FaultServer; arxiv: FaultServer; github: FaultServer }, http: Partial<BriefingConfig['sources']['http']> = {}): BriefingConfig {
  const cfg = resolveConfig(settings, { HF_BASE_URL: w.hf.url, ARXIV_BASE_URL: w.arxiv.url, GITHUB_API_URL: w.github.url, BRIEFING_WRITER: 'extractive' });
  return { ...cfg, sources: { ...cfg.sources, http: { ...cfg.sources.http, headersTimeoutMs: 400, bodyTimeoutMs: 400, backoffBaseMs: 10, ...http } } };
}

interface Clock {
  now: () => number;
  sleeps: number[];
}

async function run(config: BriefingConfig, root = tempRoot(), over: Partial<RunDeps> = {}): Promise<RunResult & { clock: Clock }> {
  let t = Date.parse(`${DATE}T00:30:00Z`);
  const clock: Clock = { now: () => t, sleeps: [] };
  const sleep = async (ms: number): Promise<void> => {
    clock.sleeps.push(ms);
    t += ms;
  };
  const result = await runBriefing(
    { date: DATE },
    { config, root, env: {}, createWriter: (c, e) => createWriter(c, e, { now: () => new Date(t) }), writeBriefingFile, clientOptions: { now: clock.now, sleep }, now: clock.now, ...over },
  );
  return { ...result, clock };
}

const hfRequests = (s: FaultServer): number => s.count(/^\/api\/daily_papers/);

describe('fault suite: Hugging Face listings', () => {
  it('429 with Retry-After: waits as long as the server asks, then lists the day', async () => {
    const w = await startWorld({ hf: (day, nth) => (day === NEWEST && nth === 0 ? fault.retryAfter(7) : day === NEWEST ? fault.json(hfDay(12, '2605.1')) : fault.emptyListing()) });
    const r = await run(configFor(w));
    expect(r.outcome).toBe('published');
    expect(r.papers).toBe(12);
    expect(r.stats['hf']).toMatchObject({ requests: 2, retries: 1, rateLimited: 1, failures: 0 });
    expect(Math.max(...r.clock.sleeps)).toBeGreaterThanOrEqual(7_000);
  });

  it('a reset connection is retried', async () => {
    const w = await startWorld({ hf: (day, nth) => (day !== NEWEST ? fault.emptyListing() : nth === 0 ? fault.reset() : fault.json(hfDay(12, '2605.1'))) });
    const r = await run(configFor(w));
    expect(r.outcome).toBe('published');
    expect(r.stats['hf']).toMatchObject({ requests: 2, retries: 1, failures: 0 });
  });

  it('a body cut off below its Content-Length is retried', async () => {
    const items = hfDay(12, '2605.1');
    const w = await startWorld({ hf: (day, nth) => (day !== NEWEST ? fault.emptyListing() : nth === 0 ? fault.truncatedBody(JSON.stringify(items)) : fault.json(items)) });
    const r = await run(configFor(w));
    expect(r.outcome).toBe('published');
    expect(r.stats['hf']).toMatchObject({ requests: 2, retries: 1 });
  });

  it('5xx on every request: the host is down after two calls, so widening the window does not ask every older day', async () => {
    const w = await startWorld({ hf: () => fault.serverError(503) });
    const config = configFor(w);
    const r = await run(config);
    expect(r.outcome).toBe('failed');
    // The newest day: 1 + retries attempts; the day before: one probe; then nothing. (It was 7 days × 4 = 28.)
    expect(hfRequests(w.hf)).toBe(config.sources.http.retries + 2);
    expect(w.hf.count(/^\/api\/(models|datasets)/)).toBe(0);
    expect(r.sources[0]).toMatchObject({ name: 'Hugging Face Daily Papers', status: 'failed' });
    expect(r.sources[0]!.note).toContain(failureWords(config.language, 'http', 503));
  });

  it('a day-specific 503 still lets the older day through (the probe succeeds)', async () => {
    const w = await startWorld({ hf: (day) => (day === NEWEST ? fault.serverError(503) : day === '2026-04-30' ? fault.json(hfDay(12, '2604.3')) : fault.emptyListing()) });
    const config = configFor(w);
    const r = await run(config);
    expect(r.outcome).toBe('published');
    expect(r.window).toMatchObject({ from: '2026-04-30', to: '2026-04-30' });
    expect(r.window!.note).toContain(note(config.language, 'window.retry', { days: NEWEST }));
    expect(hfRequests(w.hf)).toBe(config.sources.http.retries + 2);
  });

  it.each([
    ['an HTML page', () => fault.html200()],
    ['truncated JSON', () => fault.truncatedJson(hfDay(12, '2605.9'))],
  ])('a 200 with %s on the newest day: left for the next briefing, nothing of it kept', async (_name, reply) => {
    const w = await startWorld({ hf: (day) => (day === NEWEST ? reply() : day === '2026-04-30' ? fault.json(hfDay(12, '2604.3')) : fault.emptyListing()) });
    const config = configFor(w);
    const root = tempRoot();
    const r = await run(config, root);
    expect(r.outcome).toBe('published');
    expect(r.window).toMatchObject({ from: '2026-04-30', to: '2026-04-30' });
    expect(r.sources[0]).toMatchObject({ status: 'degraded' });
    expect(r.sources[0]!.note).toContain(failureWords(config.language, 'invalid'));
    expect(existsSync(path.join(root, `content/raw/${DATE}/hf/${NEWEST}.json.gz`))).toBe(false);
  });

  it('an empty listing: nothing new, and nothing snapshotted as final', async () => {
    const w = await startWorld({ hf: () => fault.emptyListing() });
    const config = configFor(w);
    const root = tempRoot();
    const r = await run(config, root);
    expect(r.outcome).toBe('nothing-new');
    expect(hfRequests(w.hf)).toBe(config.window.maxDays);
    const raw = path.join(root, `content/raw/${DATE}/hf`);
    expect(existsSync(raw) ? readdirSync(raw) : []).toEqual([]);
  });
});

describe('fault suite: a host that never answers, and the run deadline', () => {
  it('slow headers (never answers): one request, then the run ends and says why in one line', async () => {
    const w = await startWorld({ hf: () => fault.slowHeaders() });
    const r = await run(configFor(w));
    expect(r).toMatchObject({ outcome: 'failed', offline: true, exitCode: 1 });
    expect(hfRequests(w.hf)).toBe(1);
    // Trending lives on the same host: not asked once the host said nothing.
    expect(w.hf.count(/^\/api\/(models|datasets)/)).toBe(0);
    expect(r.reason).toMatch(/^no answer: 127\.0\.0\.1:\d+ took the connection but sent nothing for 1 s \(UND_ERR_HEADERS_TIMEOUT\); nothing fetched, archive unchanged$/);
  });

  it('headers, then a stalled body: one request, then the run ends', async () => {
    const w = await startWorld({ hf: () => fault.stalledBody() });
    const r = await run(configFor(w));
    expect(r).toMatchObject({ outcome: 'failed', offline: true });
    expect(hfRequests(w.hf)).toBe(1);
    expect(r.reason).toContain('sent headers and then nothing for 1 s (UND_ERR_BODY_TIMEOUT)');
  });

  it('a host that answered and then stalls is cut off by the run deadline, and the day says what was missing', async () => {
    // The first page is full (so a second is asked for); the second never comes. Timeouts are long: only the deadline ends it.
    const w = await startWorld({ hf: (day, _nth, req) => (day !== NEWEST ? fault.emptyListing() : req.url.searchParams.get('p') === '0' ? fault.json(hfDay(50, '2605.1')) : fault.slowHeaders()) });
    const config = configFor(w, { headersTimeoutMs: 600_000, bodyTimeoutMs: 600_000 });
    const r = await run(config, tempRoot(), { deadlineMs: 300 });
    expect(r.sources[0]).toMatchObject({ status: 'failed' });
    expect(r.sources[0]!.note).toContain(failureWords(config.language, 'timeout'));
    expect(hfRequests(w.hf)).toBe(2);
  });
});

describe('fault suite: arXiv', () => {
  it("an Error entry: the arXiv source fails with arXiv's own words, and the briefing uses the HF abstracts", async () => {
    const message = 'incorrect id format for 2605.10000';
    const w = await startWorld({ hf: (day) => (day === NEWEST ? fault.json(hfDay(12, '2605.1')) : fault.emptyListing()), arxiv: () => fault.arxivError(message) });
    const r = await run(configFor(w));
    expect(r.outcome).toBe('published');
    expect(r.sources[1]).toMatchObject({ name: 'arXiv API', status: 'failed' });
    expect(r.sources[1]!.note).toContain(message);
    // A 400 is the query's fault, not the host's: asked once per batch, not retried.
    expect(w.arxiv.count()).toBe(1);
  });

  it('a 5xx on every request: retried, then the arXiv source fails and the day is still briefed', async () => {
    const w = await startWorld({ hf: (day) => (day === NEWEST ? fault.json(hfDay(12, '2605.1')) : fault.emptyListing()), arxiv: () => fault.serverError(502) });
    const config = configFor(w);
    const r = await run(config);
    expect(r.outcome).toBe('published');
    expect(r.sources[1]).toMatchObject({ status: 'failed' });
    expect(r.sources[1]!.note).toContain(failureWords(config.language, 'http', 502));
    expect(w.arxiv.count()).toBe(config.sources.http.retries + 1);
  });
});

describe('fault suite: GitHub', () => {
  const listed = (repo: string) => (day: string) => (day === NEWEST ? fault.json(hfDay(12, '2605.1', repo)) : fault.emptyListing());

  it('the rate limit: one request, the repositories stay unverified, no star is made up', async () => {
    const reset = Math.floor(Date.parse(`${DATE}T00:30:00Z`) / 1000) + 3600;
    const w = await startWorld({
      hf: (day) => (day === NEWEST ? fault.json(hfDay(12, '2605.1').map((it, i) => ({ paper: { ...(it as { paper: object }).paper, githubRepo: `https://github.com/lab/repo-${i}` } }))) : fault.emptyListing()),
      github: () => fault.githubRateLimit(reset),
    });
    const config = configFor(w);
    const r = await run(config);
    expect(r.outcome).toBe('published');
    // The requests already in flight when the first 403 came, and none after it (12 repositories are linked).
    expect(w.github.count()).toBeLessThanOrEqual(config.sources.http.concurrencyPerHost);
    expect(r.sources[2]).toMatchObject({ name: 'GitHub API', status: 'failed' });
    expect(r.sources[2]!.note).toContain(failureWords(config.language, 'rate-limited', 403));
    const { frontmatter } = await readBriefingFile(r.path!, config);
    expect(frontmatter.papers.every((p) => p.stars === null)).toBe(true);
  });

  it('a renamed repository (301): followed, and recorded under its new name', async () => {
    const w = await startWorld({ hf: listed('old-lab/agent-kit') });
    w.github.setHandler((req) => (req.url.pathname === '/repos/old-lab/agent-kit' ? fault.moved(`${w.github.url}/repositories/4242`) : req.url.pathname === '/repositories/4242' ? githubRepo('new-lab/agent-kit', 321) : fault.notFound()));
    const config = configFor(w);
    const r = await run(config);
    const { frontmatter } = await readBriefingFile(r.path!, config);
    const paper = frontmatter.papers.find((p) => p.id === '2605.10000')!;
    expect(paper).toMatchObject({ repo: 'new-lab/agent-kit', stars: 321 });
    expect(paper.links.code).toBe('https://github.com/new-lab/agent-kit');
    expect(r.stats['github']).toMatchObject({ requests: 2 });
  });

  it('a repository that answers 404 is not shown as the paper\'s code, and the note counts it', async () => {
    const w = await startWorld({ hf: listed('gone/nowhere'), github: () => fault.notFound() });
    const config = configFor(w);
    const r = await run(config);
    const { frontmatter } = await readBriefingFile(r.path!, config);
    const paper = frontmatter.papers.find((p) => p.id === '2605.10000')!;
    expect(paper.repo).toBeNull();
    expect(paper.links.code).toBeUndefined();
    expect(frontmatter.follow.map((f) => f.name)).not.toContain('gone/nowhere');
    expect(r.sources[2]!.note).toContain(note(config.language, 'github.missing', { missing: 1 }));
  });
});
