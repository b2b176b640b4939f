/**
 * The fault suite's servers: a local HTTP server on 127.0.0.1 that answers each request with a scripted
 * fault, so the real clients (undici through scripts/lib/http.ts, the openai SDK) meet what Hugging Face,
 * arXiv, GitHub and an OpenAI-compatible API do on a bad day, over a real socket: a 429 with Retry-After,
 * a 5xx, a reset connection, a host that takes the connection and never answers, headers and then a
 * stalled body, a body shorter than announced, an HTML page or a cut-off JSON body with a 200, an empty
 * listing, arXiv's Error entries, GitHub's rate limit, a rename (301), a 404, and the OpenAI errors (401,
 * 429 quota, 5xx) as replies for scripts/testing/openaiServer.ts.
 *
 * Point a source at it with HF_BASE_URL, ARXIV_BASE_URL and GITHUB_API_URL (one server can stand in for all
 * three: the paths differ), and count what the client sent with `count(/pattern/)`.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { MockReply } from '../../scripts/testing/openaiServer.ts';
import { atomError, atomFeed, type FeedEntry } from './arxivFeed.ts';

/** One way to answer (or not answer) a request. */
export type FaultReply =
  /** A complete answer. */
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Take the request and never answer: the client's headers timeout (or the run's deadline) must end it. */
  | { hang: true }
  /** Close the connection without a word. */
  | { reset: true }
  /** Send the status line, the headers and `start` of the body, then nothing more. */
  | { stall: string; status?: number; headers?: Record<string, string> }
  /** Announce `body` in Content-Length, send only its first half and close. */
  | { truncate: string; status?: number };

export interface FaultRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** 0-based index of the request on this server. */
  index: number;
}

export type FaultHandler = (req: FaultRequest) => FaultReply | Promise<FaultReply>;

export interface FaultServer {
  /** The origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every request received, in order. */
  requests: FaultRequest[];
  /** Requests whose path matches (all when no pattern). */
  count(pattern?: RegExp): number;
  setHandler(handler: FaultHandler): void;
  /** Closes the server and every connection, the hanging ones too. */
  close(): Promise<void>;
}

/** Starts a fault server on 127.0.0.1 (a free port). */
export async function startFaultServer(handler: FaultHandler): Promise<FaultServer> {
  let current = handler;
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FaultRequest = { method: req.method ?? 'GET', path: req.url ?? '/', url, headers: req.headers, index: requests.length };
    requests.push(request);
    void (async () => {
      const reply = await current(request);
      if ('hang' in reply) return;
      if ('reset' in reply) {
        req.socket.destroy();
        return;
      }
      if ('stall' in reply) {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.write(reply.stall);
        return;
      }
      if ('truncate' in reply) {
        const body = Buffer.from(reply.truncate);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', 'content-length': String(body.length) });
        res.write(body.subarray(0, Math.floor(body.length / 2)));
        req.socket.destroySoon();
        return;
      }
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body ?? '');
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (pattern) => requests.filter((r) => !pattern || pattern.test(r.path)).length,
    setHandler: (h) => {
      current = h;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const json = (value: unknown, status = 200, headers: Record<string, string> = {}): FaultReply => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });

/** The faults by name, as replies of a fault server. */
export const fault = {
  json,
  /** An arXiv API answer holding `entries`. */
  atom: (entries: readonly FeedEntry[], page: Parameters<typeof atomFeed>[1] = {}): FaultReply => ({ status: 200, headers: { 'content-type': 'application/atom+xml' }, body: atomFeed(entries, page) }),
  /** 429 (or another status) asking to come back after `seconds`. */
  retryAfter: (seconds: number, status = 429): FaultReply => ({ status, headers: { 'retry-after': String(seconds) }, body: 'Too Many Requests' }),
  serverError: (status = 503): FaultReply => ({ status, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' }),
  reset: (): FaultReply => ({ reset: true }),
  /** Never answers (not even headers). */
  slowHeaders: (): FaultReply => ({ hang: true }),
  /** Headers and the first bytes of a body, then silence. */
  stalledBody: (start = '[{"paper":'): FaultReply => ({ stall: start }),
  /** A body cut off below its Content-Length: the connection closes mid-answer. */
  truncatedBody: (body: string): FaultReply => ({ truncate: body }),
  /** A complete 200 whose JSON is cut off (a proxy that gave up, a server that crashed mid-write). */
  truncatedJson: (value: unknown): FaultReply => {
    const text = JSON.stringify(value);
    return { status: 200, headers: { 'content-type': 'application/json' }, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
  },
  /** A 200 with an HTML page (a login wall, a CDN error page). */
  html200: (): FaultReply => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1></body></html>' }),
  emptyListing: (): FaultReply => json([]),
  /** arXiv's way of refusing a query: an Atom feed with one entry titled "Error" (HTTP 400). */
  arxivError: (message: string, status = 400): FaultReply => ({ status, headers: { 'content-type': 'application/atom+xml' }, body: atomError(message) }),
  /** GitHub's primary rate limit: 403, no requests left until `resetAt` (epoch seconds). */
  githubRateLimit: (resetAt: number): FaultReply =>
    json({ message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' }, 403, {
      'x-ratelimit-limit': '60',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(resetAt),
    }),
  /** A repository renamed: 301 to where it lives now (GitHub answers `/repos/old/name` with `/repositories/ID`). */
  moved: (location: string): FaultReply => json({ message: 'Moved Permanently', url: location }, 301, { location }),
  notFound: (): FaultReply => json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, 404),
};

/** A GitHub `/repos/{owner}/{name}` body. */
export function githubRepo(fullName: string, stars: number): FaultReply {
  return fault.json({ full_name: fullName, html_url: `https://github.com/${fullName}`, stargazers_count: stars, pushed_at: '2026-04-30T12:00:00Z', description: 'A repository', archived: false }, 200, { etag: `"${fullName}-${stars}"` });
}

/** The OpenAI API's errors, as replies of scripts/testing/openaiServer.ts (the bodies the API sends). */
export const openaiFault = {
  /** A wrong or revoked key. */
  unauthorized: (): MockReply => ({
    status: 401,
    body: { error: { message: 'Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
  }),
  /** A key out of credit: a 429 that waiting does not cure. */
  quota: (): MockReply => ({
    status: 429,
    body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } },
  }),
  serverError: (status = 500): MockReply => ({
    status,
    headers: { 'retry-after-ms': '5' },
    body: { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } },
  }),
};
