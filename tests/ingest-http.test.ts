/**
 * The one HTTP client against undici's MockAgent (and a local server for real timeouts): retries,
 * Retry-After / HF RateLimit / GitHub rate-limit headers, per-host spacing, redirects, offline fail-fast
 * and counters. Time is a virtual clock: no test waits for a backoff.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { HttpClient, HttpError, parseHfRateLimit, parseRetryAfter, serverWaitMs, type HttpEvent } from '../scripts/lib/http.ts';

const http = { ...config.sources.http, retries: 3, backoffBaseMs: 500, maxWaitMs: 60_000 };

function virtualClock(start = 1_700_000_000_000) {
  const clock = { t: start, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
}

function setup(overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const vc = virtualClock();
  const events: HttpEvent[] = [];
  const starts: number[] = [];
  const client = new HttpClient({
    http,
    dispatcher: agent,
    now: vc.now,
    sleep: vc.sleep,
    random: () => 0.5,
    onEvent: (e) => {
      events.push(e);
      if (e.type === 'request') starts.push(vc.clock.t);
    },
    ...overrides,
  });
  return { agent, client, vc, events, starts };
}

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

let agents: MockAgent[] = [];
afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  agents = [];
});

describe('HttpClient retries', () => {
  it('honours Retry-After on 429, then succeeds; counts the request, the retry and the rate limit', async () => {
    const { agent, client, vc } = setup();
    agents.push(agent);
    const pool = agent.get('https://huggingface.co');
    pool.intercept({ path: '/api/x', method: 'GET' }).reply(429, 'slow down', { headers: { 'retry-after': '7' } });
    pool.intercept({ path: '/api/x', method: 'GET' }).reply(200, '[]');
    const res = await client.get('https://huggingface.co/api/x', { source: 'hf' });
    expect(res.status).toBe(200);
    expect(vc.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7000);
    expect(client.statsFor('hf')).toMatchObject({ requests: 2, retries: 1, rateLimited: 1, failures: 0 });
  });

  it('backs off exponentially with jitter on 503 and gives up after retries + 1 attempts', async () => {
    const { agent, client, vc } = setup();
    agents.push(agent);
    agent.get('https://export.arxiv.org').intercept({ path: '/api/query', method: 'GET' }).reply(503, 'busy').times(4);
    const error = await client.get('https://export.arxiv.org/api/query', { source: 'arxiv' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).kind).toBe('http');
    expect((error as HttpError).status).toBe(503);
    expect((error as HttpError).message).toMatch(/HTTP 503 .* after 4 attempts/);
    // random() = 0.5 → base/2 + base/4 = 0.75 × 500 × 2^n
    expect(vc.clock.sleeps).toEqual([375, 750, 1500]);
    expect(client.statsFor('arxiv')).toMatchObject({ requests: 4, retries: 3, failures: 1 });
  });

  it('fails at once when the server asks for a wait longer than maxWaitMs', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    agent.get('https://huggingface.co').intercept({ path: '/api/x', method: 'GET' }).reply(429, '', { headers: { 'retry-after': '3600' } });
    const error = (await client.get('https://huggingface.co/api/x', { source: 'hf' }).catch((e: unknown) => e)) as HttpError;
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/wait 60 min/);
    expect(client.statsFor('hf').requests).toBe(1);
  });

  it("waits for Hugging Face's RateLimit header (t = seconds to reset)", async () => {
    const { agent, client, vc } = setup();
    agents.push(agent);
    const pool = agent.get('https://huggingface.co');
    pool.intercept({ path: '/api/x', method: 'GET' }).reply(429, '', { headers: { ratelimit: '"api";r=0;t=42', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' } });
    pool.intercept({ path: '/api/x', method: 'GET' }).reply(200, 'ok');
    await client.get('https://huggingface.co/api/x', { source: 'hf' });
    expect(vc.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(42_000);
  });

  it('treats a GitHub 403 with x-ratelimit-remaining: 0 as a rate limit, blocks the host, and sends nothing more', async () => {
    const { agent, client, vc } = setup();
    agents.push(agent);
    const reset = Math.floor(vc.clock.t / 1000) + 3600;
    agent
      .get('https://api.github.com')
      .intercept({ path: '/repos/a/b', method: 'GET' })
      .reply(403, '{"message":"API rate limit exceeded"}', { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '60' } });
    const first = (await client.get('https://api.github.com/repos/a/b', { source: 'github' }).catch((e: unknown) => e)) as HttpError;
    expect(first.kind).toBe('rate-limited');
    expect(first.retryAt).toBe(reset * 1000);
    const second = (await client.get('https://api.github.com/repos/c/d', { source: 'github' }).catch((e: unknown) => e)) as HttpError;
    expect(second.kind).toBe('rate-limited');
    expect(client.statsFor('github')).toMatchObject({ requests: 1, failures: 2, rateLimited: 1 });
  });

  it('holds the next request when a successful answer says the quota is spent', async () => {
    const { agent, client, starts } = setup();
    agents.push(agent);
    const pool = agent.get('https://huggingface.co');
    pool.intercept({ path: '/api/a', method: 'GET' }).reply(200, '[]', { headers: { ratelimit: '"api";r=0;t=20' } });
    pool.intercept({ path: '/api/b', method: 'GET' }).reply(200, '[]');
    await client.get('https://huggingface.co/api/a', { source: 'hf' });
    await client.get('https://huggingface.co/api/b', { source: 'hf' });
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(20_000);
  });

  it('returns a plain 403 or 404 to the caller without retrying', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    const pool = agent.get('https://api.github.com');
    pool.intercept({ path: '/repos/a/private', method: 'GET' }).reply(403, '{"message":"Forbidden"}', { headers: { 'x-ratelimit-remaining': '4999' } });
    pool.intercept({ path: '/repos/a/gone', method: 'GET' }).reply(404, '{"message":"Not Found"}');
    expect((await client.get('https://api.github.com/repos/a/private', { source: 'github' })).status).toBe(403);
    expect((await client.get('https://api.github.com/repos/a/gone', { source: 'github' })).status).toBe(404);
    expect(client.statsFor('github')).toMatchObject({ requests: 2, retries: 0, failures: 0 });
  });

  it('retries a connection reset', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    const pool = agent.get('https://huggingface.co');
    pool.intercept({ path: '/api/x', method: 'GET' }).reply(200, 'warm');
    pool.intercept({ path: '/api/y', method: 'GET' }).replyWithError(withCode('socket hang up', 'ECONNRESET'));
    pool.intercept({ path: '/api/y', method: 'GET' }).reply(200, 'ok');
    await client.get('https://huggingface.co/api/x', { source: 'hf' });
    const res = await client.get('https://huggingface.co/api/y', { source: 'hf' });
    expect(res.body.toString()).toBe('ok');
    expect(client.statsFor('hf')).toMatchObject({ requests: 3, retries: 1 });
  });

  it('follows a 301 and reports the final URL', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    const pool = agent.get('https://api.github.com');
    pool.intercept({ path: '/repos/old/name', method: 'GET' }).reply(301, '', { headers: { location: 'https://api.github.com/repositories/42' } });
    pool.intercept({ path: '/repositories/42', method: 'GET' }).reply(200, '{}');
    const res = await client.get('https://api.github.com/repos/old/name', { source: 'github' });
    expect(res.status).toBe(200);
    expect(res.url).toBe('https://api.github.com/repositories/42');
    expect(res.redirects).toEqual(['https://api.github.com/repositories/42']);
    expect(client.statsFor('github').requests).toBe(2);
  });

  it('keeps the Authorization header on a same-origin redirect and drops it when a redirect leaves the origin', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    const seen: Record<string, string | undefined> = {};
    const auth = (opts: { headers?: unknown }) => (opts.headers as Record<string, string> | undefined)?.['authorization'];
    const gh = agent.get('https://api.github.com');
    gh.intercept({ path: '/repos/old/name', method: 'GET' }).reply(301, '', { headers: { location: '/repositories/42' } });
    gh.intercept({ path: '/repositories/42', method: 'GET' }).reply(302, (opts) => {
      seen['same'] = auth(opts);
      return '';
    }, { headers: { location: 'http://elsewhere.example/x' } });
    agent.get('http://elsewhere.example').intercept({ path: '/x', method: 'GET' }).reply(200, (opts) => {
      seen['other'] = auth(opts);
      return '{}';
    });
    const res = await client.get('https://api.github.com/repos/old/name', { source: 'github', headers: { Authorization: 'Bearer secret-token' } });
    expect(res.url).toBe('http://elsewhere.example/x');
    expect(seen['same']).toBe('Bearer secret-token');
    expect(seen['other']).toBeUndefined();
  });

  it('gives up on a redirect loop after maxRedirects hops and counts it as a failure', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    agent.get('https://huggingface.co').intercept({ path: /^\/loop/, method: 'GET' }).reply(302, '', { headers: { location: '/loop' } }).persist();
    const error = (await client.get('https://huggingface.co/loop', { source: 'hf', maxRedirects: 2 }).catch((e: unknown) => e)) as HttpError;
    expect(error.message).toMatch(/too many redirects/);
    expect(client.statsFor('hf')).toMatchObject({ requests: 3, failures: 1 });
  });

  it('sends the configured User-Agent', async () => {
    const { agent, client } = setup();
    agents.push(agent);
    agent
      .get('https://huggingface.co')
      .intercept({ path: '/api/x', method: 'GET', headers: { 'user-agent': http.userAgent } })
      .reply(200, 'ok');
    expect((await client.get('https://huggingface.co/api/x', { source: 'hf' })).status).toBe(200);
  });
});

describe('HttpClient per-host limits', () => {
  it('spaces requests to a host with minIntervalMs (arXiv: one request every 3 s, one at a time)', async () => {
    const { agent, client, starts } = setup({ hosts: { 'export.arxiv.org': { concurrency: 1, minIntervalMs: 3000 } } });
    agents.push(agent);
    agent.get('https://export.arxiv.org').intercept({ path: /\/api\/query/, method: 'GET' }).reply(200, '<feed/>').times(3);
    await Promise.all([1, 2, 3].map((i) => client.get(`https://export.arxiv.org/api/query?i=${i}`, { source: 'arxiv' })));
    expect(starts).toHaveLength(3);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(3000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(3000);
  });
});

describe('HttpClient queued requests and long server pauses', () => {
  it('fails requests queued behind one that learns of a pause longer than maxWaitMs, instead of sleeping through it', async () => {
    const { agent, client, vc } = setup({ hosts: { 'api.github.com': { concurrency: 1 } } });
    agents.push(agent);
    const reset = Math.floor(vc.clock.t / 1000) + 3600;
    agent
      .get('https://api.github.com')
      .intercept({ path: /^\/repos\//, method: 'GET' })
      .reply(403, '{"message":"API rate limit exceeded"}', { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } })
      .persist();
    const results = await Promise.all(['a/1', 'a/2', 'a/3'].map((r) => client.get(`https://api.github.com/repos/${r}`, { source: 'github' }).catch((e: unknown) => e as HttpError)));
    expect(results.map((e) => (e as HttpError).kind)).toEqual(['rate-limited', 'rate-limited', 'rate-limited']);
    expect(client.statsFor('github')).toMatchObject({ requests: 1, failures: 3 });
    expect(Math.max(0, ...vc.clock.sleeps)).toBeLessThanOrEqual(http.maxWaitMs);
  });
});

describe('HttpClient offline fail-fast', () => {
  it('does not retry a DNS failure on a host that never answered, and later requests fail without the network', async () => {
    const { agent, client, vc } = setup();
    agents.push(agent);
    agent.get('https://huggingface.co').intercept({ path: '/api/x', method: 'GET' }).replyWithError(withCode('getaddrinfo ENOTFOUND huggingface.co', 'ENOTFOUND'));
    const first = (await client.get('https://huggingface.co/api/x', { source: 'hf' }).catch((e: unknown) => e)) as HttpError;
    expect(first.kind).toBe('offline');
    expect(client.isOffline()).toBe(true);
    expect(client.unreachableHosts()).toEqual({ 'huggingface.co': 'ENOTFOUND' });
    const second = (await client.get('https://huggingface.co/api/y', { source: 'hf' }).catch((e: unknown) => e)) as HttpError;
    expect(second.kind).toBe('offline');
    expect(client.statsFor('hf')).toMatchObject({ requests: 1, retries: 0 });
    expect(vc.clock.sleeps).toEqual([]);
  });

  it('fails fast against a real closed port (ECONNREFUSED) with no retry storm', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new HttpClient({ http: { ...http, connectTimeoutMs: 2000 } });
    const t0 = Date.now();
    const error = (await client.get(`http://127.0.0.1:${port}/`, { source: 'hf' }).catch((e: unknown) => e)) as HttpError;
    expect(error.kind).toBe('offline');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(client.statsFor('hf').requests).toBe(1);
    await client.close();
  });
});

describe('HttpClient request errors (local server)', () => {
  it('does not retry a request undici refuses to send (a token with a trailing newline), and names the header, not its value', async () => {
    let seen = 0;
    const server = createServer((_req, res) => {
      seen++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const vc = virtualClock();
    const client = new HttpClient({ http, now: vc.now, sleep: vc.sleep });
    try {
      await client.get(`http://127.0.0.1:${port}/`, { source: 'hf' }); // the host has answered: no offline shortcut
      const error = (await client.get(`http://127.0.0.1:${port}/repos/a/b`, { source: 'github', headers: { authorization: 'Bearer secret-value\n' } }).catch((e: unknown) => e)) as HttpError;
      expect(error).toBeInstanceOf(HttpError);
      expect(error.message).toContain('invalid authorization header');
      expect(error.message).not.toContain('secret-value');
      expect(client.statsFor('github')).toMatchObject({ retries: 0, failures: 1 });
      expect(vc.clock.sleeps).toEqual([]);
      expect(seen).toBe(1);
    } finally {
      await client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('HttpClient timeouts (local server)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('times out waiting for headers on a host that answered before, retries, then reports a timeout', async () => {
    let hits = 0;
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/fast') res.end('ok'); // the rest never answers
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new HttpClient({ http: { ...http, headersTimeoutMs: 150, retries: 1, backoffBaseMs: 10 } });
    await client.get(`http://127.0.0.1:${port}/fast`, { source: 'arxiv' });
    const error = (await client.get(`http://127.0.0.1:${port}/slow`, { source: 'arxiv' }).catch((e: unknown) => e)) as HttpError;
    expect(error).toBeInstanceOf(HttpError);
    expect(error.kind).toBe('timeout');
    expect(hits).toBe(3);
    expect(client.statsFor('arxiv')).toMatchObject({ requests: 3, retries: 1, failures: 1 });
    await client.close();
  });

  it('retries a connection the server destroys mid-response', async () => {
    let hits = 0;
    server = createServer((req, res) => {
      hits++;
      if (hits === 1) {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        res.socket?.destroy();
        return;
      }
      res.end('complete');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new HttpClient({ http: { ...http, retries: 2, backoffBaseMs: 5 } });
    const res = await client.get(`http://127.0.0.1:${port}/x`, { source: 'hf' });
    expect(res.body.toString()).toBe('complete');
    expect(client.statsFor('hf').retries).toBe(1);
    await client.close();
  });
});

describe('rate-limit header parsing', () => {
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('12', 0)).toBe(12_000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });
  it('parses HF RateLimit only when the quota is exhausted', () => {
    expect(parseHfRateLimit('"api";r=0;t=52')).toBe(52_000);
    expect(parseHfRateLimit('"api";r=10;t=52')).toBeNull();
    expect(parseHfRateLimit(undefined)).toBeNull();
  });
  it('takes the largest server signal', () => {
    expect(serverWaitMs(429, { 'retry-after': '5', ratelimit: '"api";r=0;t=30' }, 0)).toBe(30_000);
    expect(serverWaitMs(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }, 40_000)).toBe(60_000);
    expect(serverWaitMs(500, {}, 0)).toBeNull();
  });
});
