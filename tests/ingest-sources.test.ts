/**
 * Source parsers and fetchers: Hugging Face Daily Papers (old/new schema, drift, paging, malformed days),
 * arXiv Atom (id_list, search, the 400 Error entry, a title "0", the older output format) and GitHub
 * (fixture with real headers, ETag 304, 404, 301, 403 rate limit). Recorded fixtures come from
 * ../shared when present; everything else is generated here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { HttpClient, HttpError } from '../scripts/lib/http.ts';
import { arxivQueryUrl, batches, fetchArxivBatch, parseArxivFeed } from '../scripts/sources/arxiv.ts';
import { fetchRepo, parseRepo, repoFromUrl, reposInText } from '../scripts/sources/github.ts';
import { parseTrending } from '../scripts/sources/hf-trending.ts';
import { fetchDailyPapers, parseDailyPapers, parseDailyPapersText } from '../scripts/sources/huggingface.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(repoRoot, '../shared');
const fixtures = path.join(shared, 'fixtures');
const hasShared = existsSync(fixtures);
const corpusTar = path.join(shared, 'corpus', 'hf-daily-papers.tar.xz');

const http = { ...config.sources.http, retries: 2 };
const fastClock = () => {
  let t = 1_700_000_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
};

let agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  agents = [];
});
function mockClient() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agents.push(agent);
  const client = new HttpClient({ http, dispatcher: agent, ...fastClock(), random: () => 0 });
  return { agent, client };
}

function hfItem(id: string, extra: Record<string, unknown> = {}, paperExtra: Record<string, unknown> = {}) {
  return {
    paper: { id, title: `Paper ${id}`, summary: `Abstract of ${id}.`, authors: [{ name: 'A. Author' }], publishedAt: '2026-05-01T00:00:00.000Z', upvotes: 3, ...paperExtra },
    title: `Paper ${id}`,
    numComments: 0,
    ...extra,
  };
}

describe.skipIf(!hasShared)('Hugging Face Daily Papers fixtures (../shared/fixtures/hf)', () => {
  it('parses the mid-2025 schema (ai_summary, githubRepo, mediaUrls, no organization)', () => {
    const r = parseDailyPapersText(readFileSync(path.join(fixtures, 'hf/2025-07-22.json'), 'utf8'), '2025-07-22');
    expect(r.error).toBeNull();
    expect(r.invalid).toBe(0);
    expect(r.papers).toHaveLength(16);
    expect(r.papers.filter((p) => p.githubRepo)).toHaveLength(8);
    expect(r.papers[0]!.title).not.toMatch(/\n|  /);
    expect(r.papers.every((p) => p.organization === null)).toBe(true);
  });
  it('parses the 2026 schema (organization, new fields) and the edge day without optional fields', () => {
    const r = parseDailyPapersText(readFileSync(path.join(fixtures, 'hf/2026-08-12.json'), 'utf8'), '2026-08-12');
    expect(r.papers).toHaveLength(20);
    expect(r.papers.some((p) => p.organization !== null)).toBe(true);
    const edge = parseDailyPapersText(readFileSync(path.join(fixtures, 'hf/2026-07-15.json'), 'utf8'), '2026-07-15');
    expect(edge.papers).toHaveLength(2);
    expect(edge.papers[0]).toMatchObject({ aiSummary: null, aiKeywords: [], githubRepo: null, listed: '2026-07-15' });
    expect(edge.papers[0]!.projectPage).toMatch(/^https:/);
  });
});

describe.skipIf(!existsSync(corpusTar))('malformed corpus days (../shared/corpus)', () => {
  it('reports each malformed day as a clear failure, never a crash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hf-malformed-'));
    try {
      execFileSync('tar', ['-xJf', corpusTar, '-C', dir, 'malformed']);
      const files = execFileSync('ls', [path.join(dir, 'malformed/hf')]).toString().trim().split('\n');
      expect(files.length).toBe(22);
      const errors: string[] = [];
      for (const f of files) {
        const r = parseDailyPapersText(readFileSync(path.join(dir, 'malformed/hf', f), 'utf8'), f.slice(0, 10));
        expect(r.papers).toEqual([]);
        errors.push(r.error ?? '');
      }
      // 21 days are arrays of Python-repr strings, one wraps them in {status, date, count, data}.
      expect(errors.filter((e) => /^none of the \d+ items has the expected shape \(item 0 is a string, not an object\)$/.test(e))).toHaveLength(21);
      expect(errors.filter((e) => e === 'expected a JSON array of papers, got an object (keys: status, date, count, data)')).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Hugging Face parsing (generated)', () => {
  it('tolerates drift: mediaUrl vs mediaUrls, unknown fields, missing optional fields; skips bad items', () => {
    const items = [
      hfItem('2605.00001', { mediaUrl: 'https://x/y.png' }),
      hfItem('2605.00002', { mediaUrls: ['https://x/y.png'], brandNewField: { a: 1 } }, { ai_keywords: ['agents'], githubRepo: 'https://github.com/a/b' }),
      { paper: { title: 'no id' } },
      hfItem('not-an-arxiv-id'),
      'a string',
    ];
    const r = parseDailyPapers(items, '2026-05-01');
    expect(r.error).toBeNull();
    expect(r.invalid).toBe(3);
    expect(r.papers.map((p) => p.id)).toEqual(['2605.00001', '2605.00002']);
    expect(r.papers[1]).toMatchObject({ aiKeywords: ['agents'], githubRepo: 'https://github.com/a/b', published: '2026-05-01', upvotes: 3 });
  });
  it('keeps a title "0" and reports non-JSON and non-array bodies', () => {
    expect(parseDailyPapers([hfItem('2605.00003', {}, { title: '0' })], 'd').papers[0]!.title).toBe('0');
    expect(parseDailyPapersText('<html>502 Bad Gateway</html>', 'd').error).toMatch(/^not valid JSON/);
    expect(parseDailyPapersText('{"error":"x"}', 'd').error).toBe('expected a JSON array of papers, got an object (keys: error)');
    expect(parseDailyPapersText('[]', 'd')).toEqual({ papers: [], invalid: 0, error: null });
  });
  it('parses trending models and datasets', () => {
    const r = parseTrending([{ id: 'org/model', likes: 10, downloads: 5, pipeline_tag: 'text-generation', tags: ['agent', 'license:mit'] }, { nope: 1 }], 'model');
    expect(r.items).toEqual([{ kind: 'model', id: 'org/model', likes: 10, downloads: 5, pipelineTag: 'text-generation', tags: ['agent'], lastModified: null }]);
  });
});

describe('fetchDailyPapers paging', () => {
  it('requests pages until a short page: pages + 1 requests when the count is a multiple of the page size', async () => {
    const { agent, client } = mockClient();
    const pool = agent.get('https://huggingface.co');
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => hfItem(`2605.${String(10000 + from + i)}`));
    pool.intercept({ path: '/api/daily_papers?date=2026-05-01&limit=3&p=0', method: 'GET' }).reply(200, JSON.stringify(page(0, 3)));
    pool.intercept({ path: '/api/daily_papers?date=2026-05-01&limit=3&p=1', method: 'GET' }).reply(200, JSON.stringify(page(3, 3)));
    pool.intercept({ path: '/api/daily_papers?date=2026-05-01&limit=3&p=2', method: 'GET' }).reply(200, '[]');
    const r = await fetchDailyPapers(client, 'https://huggingface.co', '2026-05-01', 3);
    expect(r.items).toHaveLength(6);
    expect(r.pages).toBe(3);
    expect(client.statsFor('hf').requests).toBe(3);
  });
  it('stops when the server ignores paging and repeats a page', async () => {
    const { agent, client } = mockClient();
    const same = JSON.stringify([hfItem('2605.00001'), hfItem('2605.00002')]);
    agent.get('https://huggingface.co').intercept({ path: /\/api\/daily_papers/, method: 'GET' }).reply(200, same).times(3);
    const r = await fetchDailyPapers(client, 'https://huggingface.co', '2026-05-01', 2);
    expect(r.items).toHaveLength(2);
    expect(r.pages).toBe(2);
  });
  it('throws a clear error for malformed JSON', async () => {
    const { agent, client } = mockClient();
    agent.get('https://huggingface.co').intercept({ path: /\/api\/daily_papers/, method: 'GET' }).reply(200, '[{"paper": ');
    await expect(fetchDailyPapers(client, 'https://huggingface.co', '2026-05-01', 50)).rejects.toThrow(/not valid JSON/);
  });
});

const feed = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  ${entries}
</feed>`;

/** The pre-2026 output format: http ids, primary_category with scheme + xmlns, different child order. */
const olderEntry = `<entry>
    <id>http://arxiv.org/abs/2605.12345v3</id>
    <updated>2026-05-03T10:00:00Z</updated>
    <published>2026-05-01T17:59:59Z</published>
    <title>0</title>
    <summary>  We study   agents.
      Code: https://github.com/org/repo-name.  </summary>
    <author><name>Only Author</name></author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1000/xyz</arxiv:doi>
    <link title="doi" href="http://dx.doi.org/10.1000/xyz" rel="related"/>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">ACL 2026 Findings; 12 pages</arxiv:comment>
    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Proc. ACL 2026</arxiv:journal_ref>
    <link href="http://arxiv.org/abs/2605.12345v3" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2605.12345v3" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;

describe('arXiv Atom parsing', () => {
  it('keeps values as strings (a title "0"), single entries/authors/categories as arrays, and reads the older format', () => {
    const r = parseArxivFeed(feed(olderEntry));
    expect(r.error).toBeNull();
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toEqual({
      id: '2605.12345',
      version: 3,
      title: '0',
      abstract: 'We study agents. Code: https://github.com/org/repo-name.',
      authors: ['Only Author'],
      categories: ['cs.CL'],
      primaryCategory: 'cs.CL',
      comment: 'ACL 2026 Findings; 12 pages',
      journalRef: 'Proc. ACL 2026',
      doi: '10.1000/xyz',
      published: '2026-05-01',
      updated: '2026-05-03',
      absUrl: 'https://arxiv.org/abs/2605.12345v3',
      pdfUrl: 'https://arxiv.org/pdf/2605.12345v3',
    });
  });
  it('reports a feed that is not XML or not Atom', () => {
    expect(parseArxivFeed('{"json": true}').error).toBe('not an Atom feed');
    expect(parseArxivFeed(feed('')).entries).toEqual([]);
  });
  it('builds id_list URLs and batches of at most 100', () => {
    expect(arxivQueryUrl('https://export.arxiv.org/', ['2605.1', '2605.2'])).toBe('https://export.arxiv.org/api/query?id_list=2605.1,2605.2&start=0&max_results=2');
    const ids = Array.from({ length: 250 }, (_, i) => String(i));
    expect(batches(ids, 100).map((b) => b.length)).toEqual([100, 100, 50]);
  });
});

describe.skipIf(!hasShared)('arXiv fixtures (../shared/fixtures/arxiv, 2026 output format)', () => {
  it('parses an id_list response that silently drops a nonexistent id', () => {
    const r = parseArxivFeed(readFileSync(path.join(fixtures, 'arxiv/query_id_list_0808.05394_1707.08567.xml'), 'utf8'));
    expect(r.entries.map((e) => e.id)).toEqual(['1707.08567']);
    expect(r.entries[0]!.authors).toContain('Dirk Wübben');
    expect(r.entries[0]!.primaryCategory).toBe('cs.IT');
    expect(r.entries[0]!.comment).toMatch(/^44 pages/);
  });
  it('parses DOI, journal ref, comment and versions from search results', () => {
    const r = parseArxivFeed(readFileSync(path.join(fixtures, 'arxiv/query_search_all-testing_start0_max10.xml'), 'utf8'));
    expect(r.entries).toHaveLength(10);
    expect(r.totalResults).toBe(214881);
    expect(r.entries.some((e) => e.doi && e.journalRef)).toBe(true);
    expect(r.entries.some((e) => (e.version ?? 1) > 1 && e.updated !== e.published)).toBe(true);
  });
  it('turns the HTTP 400 Error entry into a reason', async () => {
    const xml = readFileSync(path.join(fixtures, 'arxiv/query_error_id_list_abc.http400.xml'), 'utf8');
    expect(parseArxivFeed(xml)).toMatchObject({ entries: [], error: 'incorrect id format for abc' });
    const { agent, client } = mockClient();
    agent.get('https://export.arxiv.org').intercept({ path: /\/api\/query/, method: 'GET' }).reply(400, xml);
    const res = await fetchArxivBatch(client, 'https://export.arxiv.org', ['abc']);
    expect(res.status).toBe(400);
    expect(res.feed.error).toBe('incorrect id format for abc');
    expect(client.statsFor('arxiv')).toMatchObject({ requests: 1, retries: 0 });
  });
});

describe('GitHub links', () => {
  it('extracts owner/name from URLs and text', () => {
    expect(repoFromUrl('https://github.com/Org/Repo.git')).toBe('Org/Repo');
    expect(repoFromUrl('https://github.com/org/repo/tree/main/sub')).toBe('org/repo');
    expect(repoFromUrl('https://github.com/orgs/foo/people')).toBeNull();
    expect(repoFromUrl('https://gitlab.com/a/b')).toBeNull();
    expect(reposInText('see https://github.com/a/b. and github.com/c/d), also https://github.com/a/b')).toEqual(['a/b', 'c/d']);
  });
});

describe.skipIf(!hasShared)('GitHub REST with the recorded fixture (octokit, real headers)', () => {
  const recording = () => JSON.parse(readFileSync(path.join(fixtures, 'github/octokit-fixtures_get-repository_raw-fixture.json'), 'utf8'))[0] as {
    path: string;
    status: number;
    response: unknown;
    rawHeaders: string[];
  };
  const headersOf = (raw: string[]) => Object.fromEntries(Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i]!.toLowerCase(), raw[2 * i + 1]!]));

  it('parses the repo, keeps its ETag, and a rerun gets 304 with the cached facts', async () => {
    const rec = recording();
    const headers = headersOf(rec.rawHeaders);
    const { agent, client } = mockClient();
    const pool = agent.get('https://api.github.com');
    pool.intercept({ path: rec.path, method: 'GET' }).reply(rec.status, JSON.stringify(rec.response), { headers });
    const first = await fetchRepo(client, 'https://api.github.com', 'octokit-fixture-org/hello-world', 'test-token', undefined);
    expect(first.facts).toMatchObject({ name: 'octokit-fixture-org/hello-world', verified: true, stars: 0, description: null, archived: false });
    expect(first.etag?.etag).toBe(headers['etag']);
    pool.intercept({ path: rec.path, method: 'GET', headers: { 'if-none-match': headers['etag']! } }).reply(304, '', { headers: { etag: headers['etag']! } });
    const second = await fetchRepo(client, 'https://api.github.com', 'octokit-fixture-org/hello-world', undefined, first.etag!);
    expect(second.status).toBe(304);
    expect(second.facts).toEqual(first.facts);
    expect(client.statsFor('github')).toMatchObject({ requests: 2, notModified: 1 });
  });
});

describe('GitHub REST faults', () => {
  const repoJson = (full: string, stars = 5) => JSON.stringify({ full_name: full, html_url: `https://github.com/${full}`, stargazers_count: stars, pushed_at: '2026-05-01T00:00:00Z', description: 'd', archived: false });

  it('records a 404 as missing', async () => {
    const { agent, client } = mockClient();
    agent.get('https://api.github.com').intercept({ path: '/repos/a/gone', method: 'GET' }).reply(404, '{"message":"Not Found"}');
    const r = await fetchRepo(client, 'https://api.github.com', 'a/gone', undefined, undefined);
    expect(r.facts).toMatchObject({ name: 'a/gone', missing: true, stars: null });
  });
  it('follows a 301 to the renamed repository', async () => {
    const { agent, client } = mockClient();
    const pool = agent.get('https://api.github.com');
    pool.intercept({ path: '/repos/old/name', method: 'GET' }).reply(301, '{"message":"Moved Permanently"}', { headers: { location: 'https://api.github.com/repositories/7' } });
    pool.intercept({ path: '/repositories/7', method: 'GET' }).reply(200, repoJson('new-owner/new-name', 42), { headers: { etag: 'W/"abc"' } });
    const r = await fetchRepo(client, 'https://api.github.com', 'old/name', undefined, undefined);
    expect(r.facts).toMatchObject({ name: 'new-owner/new-name', stars: 42, verified: true });
    expect(r.record.redirects).toEqual(['https://api.github.com/repositories/7']);
  });
  it('surfaces a 403 rate limit as an HttpError (the repo stays unverified)', async () => {
    const { agent, client } = mockClient();
    agent
      .get('https://api.github.com')
      .intercept({ path: '/repos/a/b', method: 'GET' })
      .reply(403, '{"message":"API rate limit exceeded"}', { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(1_700_000_000 + 3600)) } });
    const error = await fetchRepo(client, 'https://api.github.com', 'a/b', undefined, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).kind).toBe('rate-limited');
  });
  it('sends the token only as an Authorization header', async () => {
    const { agent, client } = mockClient();
    agent
      .get('https://api.github.com')
      .intercept({ path: '/repos/a/b', method: 'GET', headers: { authorization: 'Bearer secret-token' } })
      .reply(200, repoJson('a/b'));
    const r = await fetchRepo(client, 'https://api.github.com', 'a/b', 'secret-token', undefined);
    expect(JSON.stringify(r)).not.toContain('secret-token');
  });
  it('rejects an unexpected body shape with a clear message', () => {
    expect(parseRepo({ name: 'x' })).toBeNull();
  });
});
