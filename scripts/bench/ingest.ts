/**
 * Ingest benchmark (`npm run bench:ingest`):
 *
 * 1. Requests per day against a local mock of Hugging Face, arXiv and GitHub on 127.0.0.1, through the
 *    real HTTP client: HF pages (target: pages + 1 at most), arXiv ⌈n/100⌉, GitHub one per linked repo;
 *    then a rerun of the same day with its snapshot (target: zero HF and arXiv requests, GitHub all 304).
 * 2. The time to replay every corpus day end to end (extractive writer, into a temporary archive).
 *
 * Options: --days N (replay only the first N corpus days), --json FILE (write the figures as JSON).
 * The corpus is ../shared/corpus/hf-daily-papers.tar.xz; without it part 2 is skipped with a message.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/config.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import { addDays } from '../../lib/dates.ts';
import { writeBriefingFile } from '../mdx/write.ts';
import { ArchiveReader } from '../pipeline/archive.ts';
import { runBriefing, type RunResult } from '../pipeline/run.ts';
import { linkedRepo } from '../sources/github.ts';
import { parseDailyPapersText } from '../sources/huggingface.ts';
import { createWriter } from '../writers/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = await loadConfig(process.env);
const corpusTar = path.resolve(repoRoot, '../shared/corpus/hf-daily-papers.tar.xz');

interface MockCounts {
  hf: number;
  arxiv: number;
  github: number;
  github304: number;
  trending: number;
}

interface Mock {
  /** One origin per API (separate ports, as the real hosts are separate: arXiv's spacing applies to arXiv only). */
  urls: { hf: string; arxiv: string; github: string };
  counts: MockCounts;
  close: () => Promise<void>;
}

/** A local stand-in for the three APIs, serving one corpus listing day. */
async function startMock(listing: unknown[], listed: string): Promise<Mock> {
  const counts: MockCounts = { hf: 0, arxiv: 0, github: 0, github304: 0, trending: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://mock');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === null ? '' : JSON.stringify(body));
    };
    if (url.pathname === '/api/daily_papers') {
      counts.hf++;
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const page = Number(url.searchParams.get('p') ?? 0);
      const items = url.searchParams.get('date') === listed ? listing : [];
      return json(200, items.slice(page * limit, (page + 1) * limit));
    }
    if (url.pathname === '/api/models' || url.pathname === '/api/datasets') {
      counts.trending++;
      return json(200, [{ id: `bench/${url.pathname.slice(5)}-1`, likes: 10, downloads: 100, tags: ['agent'] }]);
    }
    if (url.pathname === '/api/query') {
      counts.arxiv++;
      const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">${ids
          .map(
            (id) =>
              `<entry><id>http://arxiv.org/abs/${id}v1</id><title>Title ${id}</title><summary>Abstract of ${id} about agents.</summary><published>2026-01-01T00:00:00Z</published><updated>2026-01-01T00:00:00Z</updated><author><name>A</name></author><category term="cs.CL"/><arxiv:primary_category term="cs.CL"/></entry>`,
          )
          .join('')}</feed>`,
      );
      return;
    }
    const repo = /^\/repos\/([^/]+\/[^/]+)$/.exec(url.pathname);
    if (repo) {
      counts.github++;
      const etag = `"bench-${repo[1]}"`;
      if (req.headers['if-none-match'] === etag) {
        counts.github304++;
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      return json(200, { full_name: repo[1], html_url: `https://github.com/${repo[1]}`, stargazers_count: 42, pushed_at: '2026-01-01T00:00:00Z', description: null, archived: false }, { etag });
    }
    json(404, { message: 'Not Found' });
  };
  const servers = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<Server>((resolve) => {
          const server = createServer(handler);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return {
    urls: { hf: url(servers[0]!), arxiv: url(servers[1]!), github: url(servers[2]!) },
    counts,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((done) => {
              server.closeAllConnections();
              server.close(() => done());
            }),
        ),
      );
    },
  };
}

function benchConfig(urls: Mock['urls'], pageSize: number): BriefingConfig {
  return {
    ...config,
    sources: {
      ...config.sources,
      papers: { ...config.sources.papers, huggingface: { ...config.sources.papers.huggingface, baseUrl: urls.hf, pageSize } },
      facts: { arxiv: { ...config.sources.facts.arxiv, baseUrl: urls.arxiv }, github: { ...config.sources.facts.github, baseUrl: urls.github } },
      follow: { 'hf-trending': { ...config.sources.follow['hf-trending'], baseUrl: urls.hf } },
    },
  };
}

const writerFactory = (c: BriefingConfig, e: Record<string, string | undefined>) => createWriter(c, e, { now: () => new Date('2026-01-01T00:00:00Z') });

interface RequestFigures {
  day: string;
  papers: number;
  pageSize: number;
  linkedRepos: number;
  first: MockCounts;
  /** Wall time of the first run (arXiv's 3 s spacing shows here when there are several batches). */
  firstSeconds: number;
  rerun: MockCounts;
  targets: { hfMax: number; arxiv: number; github: number };
  ok: boolean;
}

async function requestsPerDay(corpusHf: string, day: string, pageSize: number, copies = 1): Promise<RequestFigures> {
  const original = JSON.parse(readFileSync(path.join(corpusHf, `${day}.json`), 'utf8')) as Array<{ paper: Record<string, unknown> }>;
  // copies > 1: a synthetic big day (more than 100 papers) to show arXiv batching; copies get fresh ids, no repo links.
  const listing = Array.from({ length: copies }, (_, c) =>
    original.map((item, i) =>
      c === 0 ? item : { ...item, paper: { ...item.paper, id: `2699.${String(c * 1000 + i).padStart(5, '0')}`, githubRepo: undefined, projectPage: undefined } },
    ),
  ).flat();
  const text = JSON.stringify(listing);
  const parsed = parseDailyPapersText(text, day);
  const n = parsed.papers.length;
  // The mock's arXiv abstracts carry no links, so the HF listing alone decides the linked repos.
  const linkedRepos = new Set(parsed.papers.map((p) => linkedRepo(p)?.toLowerCase()).filter(Boolean)).size;
  const mock = await startMock(listing, day);
  const root = mkdtempSync(path.join(tmpdir(), 'bench-ingest-'));
  try {
    const cfg = benchConfig(mock.urls, pageSize);
    const date = addDays(day, 1);
    const deps = { config: cfg, root, env: {}, createWriter: writerFactory, writeBriefingFile };
    const t0 = performance.now();
    const first = await runBriefing({ date }, deps);
    const firstSeconds = round((performance.now() - t0) / 1000);
    if (first.outcome !== 'published') throw new Error(`bench: ${date}: ${first.reason}`);
    const firstCounts = { ...mock.counts };
    for (const k of Object.keys(mock.counts) as Array<keyof MockCounts>) mock.counts[k] = 0;
    const rerun = await runBriefing({ date, force: true }, deps);
    if (rerun.outcome !== 'unchanged' && rerun.outcome !== 'published') throw new Error(`bench: rerun ${date}: ${rerun.reason}`);
    const pages = Math.ceil(n / pageSize);
    const targets = { hfMax: pages + 1, arxiv: Math.ceil(n / 100), github: linkedRepos };
    const ok =
      firstCounts.hf <= targets.hfMax &&
      firstCounts.arxiv === targets.arxiv &&
      firstCounts.github === targets.github &&
      mock.counts.hf === 0 &&
      mock.counts.arxiv === 0 &&
      mock.counts.github304 === linkedRepos;
    return { day, papers: n, pageSize, linkedRepos, first: firstCounts, firstSeconds, rerun: { ...mock.counts }, targets, ok };
  } finally {
    await mock.close();
    rmSync(root, { recursive: true, force: true });
  }
}

interface ReplayFigures {
  days: number;
  published: number;
  other: Record<string, number>;
  seconds: number;
  msPerDay: number;
  peakRssMb: number;
  briefingsMb: number;
}

async function replayCorpus(corpus: string, limit: number | undefined): Promise<ReplayFigures> {
  const days = readdirSync(path.join(corpus, 'hf'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort()
    .slice(0, limit);
  const root = mkdtempSync(path.join(tmpdir(), 'bench-replay-'));
  const archive = new ArchiveReader(config);
  const outcomes: Record<string, number> = {};
  let peak = process.memoryUsage().rss;
  const t0 = performance.now();
  try {
    for (const day of days) {
      const r: RunResult = await runBriefing({ date: addDays(day, 1), replayDir: corpus }, { config, root, env: {}, createWriter: writerFactory, writeBriefingFile, archive });
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - t0) / 1000;
    const dir = path.join(root, config.archive.briefingsDir);
    const bytes = readdirSync(dir).reduce((sum, f) => sum + readFileSync(path.join(dir, f)).length, 0);
    const { published = 0, ...other } = outcomes;
    return { days: days.length, published, other, seconds: round(seconds), msPerDay: round((seconds * 1000) / days.length), peakRssMb: round(peak / 2 ** 20), briefingsMb: round(bytes / 2 ** 20) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { days: { type: 'string' }, json: { type: 'string' } } });
  const limit = values.days ? Number(values.days) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`--days: expected a positive integer, got ${JSON.stringify(values.days)}`);
  if (!existsSync(corpusTar)) {
    process.stdout.write(`bench:ingest: skipped: ${corpusTar} not found (the corpus lives in ../shared)\n`);
    return;
  }
  const corpus = mkdtempSync(path.join(tmpdir(), 'bench-corpus-'));
  try {
    execFileSync('tar', ['-xJf', corpusTar, '-C', corpus]);
    const hfDir = path.join(corpus, 'hf');
    // A big day with a small page size shows paging; a typical day with the default page size.
    const sizes = readdirSync(hfDir).map((f) => ({ day: f.slice(0, 10), n: (JSON.parse(readFileSync(path.join(hfDir, f), 'utf8')) as unknown[]).length }));
    const big = sizes.reduce((a, b) => (b.n > a.n ? b : a));
    const typical = sizes.find((s) => s.day === '2026-05-01') ?? sizes[Math.floor(sizes.length / 2)]!;
    const requests = [
      await requestsPerDay(hfDir, big.day, 20),
      await requestsPerDay(hfDir, typical.day, config.sources.papers.huggingface.pageSize),
      await requestsPerDay(hfDir, big.day, config.sources.papers.huggingface.pageSize, 5),
    ];
    process.stdout.write('bench:ingest requests per day (local mock on 127.0.0.1, real HTTP client)\n');
    for (const r of requests) {
      process.stdout.write(
        `  ${r.day}: ${r.papers} papers, page size ${r.pageSize}, ${r.linkedRepos} linked repos\n` +
          `    first run: HF ${r.first.hf} (target ≤ ${r.targets.hfMax}), arXiv ${r.first.arxiv} (target ${r.targets.arxiv}), GitHub ${r.first.github} (target ${r.targets.github}), trending ${r.first.trending}; ${r.firstSeconds} s\n` +
          `    rerun with snapshot: HF ${r.rerun.hf}, arXiv ${r.rerun.arxiv}, GitHub ${r.rerun.github} (${r.rerun.github304}× 304), trending ${r.rerun.trending} → ${r.ok ? 'targets met' : 'TARGETS MISSED'}\n`,
      );
    }
    const replay = await replayCorpus(corpus, limit);
    process.stdout.write(
      `bench:ingest replay of ${replay.days} corpus days (extractive writer, temp archive): ${replay.seconds} s, ${replay.msPerDay} ms/day, ` +
        `${replay.published} published ${JSON.stringify(replay.other)}, peak RSS ${replay.peakRssMb} MB, archive ${replay.briefingsMb} MB\n`,
    );
    if (values.json) {
      await mkdir(path.dirname(path.resolve(values.json)), { recursive: true });
      await writeFile(path.resolve(values.json), `${JSON.stringify({ requests, replay }, null, 2)}\n`);
    }
    if (requests.some((r) => !r.ok)) process.exitCode = 1;
  } finally {
    rmSync(corpus, { recursive: true, force: true });
  }
}

await main();
