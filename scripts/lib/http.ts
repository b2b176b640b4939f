/**
 * The one HTTP client of the pipeline (undici). Every source goes through it, so timeouts, retries,
 * rate limits, the User-Agent and the per-source request counters live in one place.
 *
 * - Connect, headers and body timeouts (config.sources.http).
 * - Retries for 429, 5xx, timeouts and resets: exponential backoff with jitter, honouring
 *   `Retry-After`, Hugging Face's `RateLimit: "api";r=0;t=52` and GitHub's `x-ratelimit-*`
 *   (a 403/429 with `x-ratelimit-remaining: 0` waits for `x-ratelimit-reset`). A wait longer than
 *   `maxWaitMs` fails the request at once instead of sleeping for an hour.
 * - Per-host gates: at most N requests in flight per host and an optional minimum spacing between
 *   request starts (arXiv: one request every 3 s, one connection).
 * - Offline fail-fast: a DNS/connect failure on a host that has not answered during this run is not
 *   retried and marks the host unreachable, so later requests to it fail without touching the network.
 *   With no network at all, the first request of the run fails within the connect timeout. A host that
 *   accepts the connection but never answers (a headers or body timeout before it ever answered) is
 *   unreachable the same way, after one timeout instead of `retries + 1` of them.
 * - A host that is down: once a call to a host has failed after all its retries (5xx, timeouts, resets),
 *   the host's next call gets a single attempt; when that fails too, the host is down and later requests
 *   fail at once with the same reason. One success clears it. So a day-specific 503 still lets the next
 *   request through, but widening a window over a host that is down costs a few requests, not 4 a day.
 * - A run deadline (`setDeadline`): after it, nothing is sent, no backoff is slept through, and requests
 *   in flight are aborted; each fails as a timeout naming the deadline.
 * - Redirects (301/302/307/308) are followed for GET, each hop counted.
 *
 * The dispatcher (tests: undici MockAgent), the clock and the sleep are injectable, so retry timing
 * is tested without real waiting.
 */
import { Agent, Pool, request, type Dispatcher } from 'undici';
import type { SourcesConfig } from '../../src/schema/config.ts';

export type HttpConfig = SourcesConfig['http'];

/** Per-host behaviour: concurrency and minimum spacing between request starts. */
export interface HostPolicy {
  concurrency?: number;
  minIntervalMs?: number;
}

export interface SourceStats {
  /** HTTP requests actually sent (each retry and redirect hop counts). */
  requests: number;
  /** Attempts that were retried. */
  retries: number;
  /** Calls that ended in an error (after retries). */
  failures: number;
  /** 304 Not Modified answers. */
  notModified: number;
  /** 429 or rate-limit 403 answers seen. */
  rateLimited: number;
  /** Response bytes received. */
  bytes: number;
}

export type HttpEvent =
  | { type: 'request'; source: string; url: string; attempt: number }
  | { type: 'retry'; source: string; url: string; attempt: number; waitMs: number; reason: string }
  | { type: 'failure'; source: string; url: string; reason: string };

export interface HttpClientOptions {
  http: HttpConfig;
  /** Undici dispatcher; tests pass a MockAgent. Defaults to an Agent built from the timeouts. */
  dispatcher?: Dispatcher;
  /** Per-host policies keyed by host name (e.g. `export.arxiv.org`) or `host:port`. */
  hosts?: Record<string, HostPolicy>;
  /** Concurrency for hosts without a policy. */
  defaultConcurrency?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform [0,1) source for the backoff jitter. */
  random?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

export interface GetOptions {
  /** Counter bucket for the run summary: `hf`, `arxiv`, `github`, `hf-trending`. */
  source: string;
  headers?: Record<string, string>;
  /** Redirects to follow (default 5). */
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
  /** Redirect hops followed, in order. */
  redirects: string[];
}

/** Why a request failed, in words a briefing note can reuse. */
export type FailureKind = 'offline' | 'timeout' | 'reset' | 'rate-limited' | 'http' | 'network';

export class HttpError extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  readonly url: string;
  readonly source: string;
  /** When the server said it will accept requests again (epoch ms), if known. */
  readonly retryAt: number | null;
  constructor(message: string, init: { kind: FailureKind; status?: number | null; url: string; source: string; retryAt?: number | null; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'HttpError';
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.url = init.url;
    this.source = init.source;
    this.retryAt = init.retryAt ?? null;
  }
}

/** Codes undici/node give when the connection could not be made at all. */
const CONNECT_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);
/** Errors of the request itself (a bad header value, URL or protocol): the same request fails the same way again. */
const REQUEST_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED', 'ERR_INVALID_URL', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_ARG_TYPE']);
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
/** Timeouts that mean the host accepted the connection but did not answer (headers or body never came). */
export const NO_ANSWER_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Calls in a row that must fail (after retries, then with one attempt) before a host counts as down. */
const DOWN_AFTER_CALLS = 2;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function errorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Per-host gate: concurrency plus minimum spacing between starts plus a server-imposed pause. */
class HostGate {
  readonly concurrency: number;
  readonly minIntervalMs: number;
  active = 0;
  nextStart = 0;
  blockedUntil = 0;
  /** True once any request to this host got an HTTP answer during this run. */
  answered = false;
  /** Set when the host could not be connected to (or never answered) before it ever answered (offline fail-fast). */
  unreachable: string | null = null;
  /** Calls in a row that failed after their retries (a server error, timeout or reset each time). */
  failedCalls = 0;
  /** Set once the host is down: later calls fail with this, without the network. */
  down: HttpError | null = null;
  private waiters: Array<() => void> = [];
  constructor(policy: HostPolicy, fallbackConcurrency: number) {
    this.concurrency = Math.max(1, policy.concurrency ?? fallbackConcurrency);
    this.minIntervalMs = Math.max(0, policy.minIntervalMs ?? 0);
  }
  /**
   * Waits for a slot. Returns false, without taking one, when the server's pause (set while this request
   * was queued) is longer than `maxWaitMs`: the caller fails the request instead of sleeping for an hour.
   */
  async acquire(now: () => number, sleep: (ms: number) => Promise<void>, maxWaitMs: number): Promise<boolean> {
    for (;;) {
      if (this.blockedUntil - now() > maxWaitMs) {
        // Pass the wake-up on: the next queued request fails the same way instead of waiting for a release.
        this.waiters.shift()?.();
        return false;
      }
      if (this.active < this.concurrency) {
        const wait = Math.max(this.nextStart, this.blockedUntil) - now();
        if (wait <= 0) {
          this.active++;
          this.nextStart = now() + this.minIntervalMs;
          return true;
        }
        await sleep(wait);
        continue;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
  release(): void {
    this.active--;
    this.waiters.shift()?.();
  }
}

function emptyStats(): SourceStats {
  return { requests: 0, retries: 0, failures: 0, notModified: 0, rateLimited: 0, bytes: 0 };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** `Retry-After` as seconds or an HTTP date → ms from now; null if absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Hugging Face's IETF-draft `RateLimit` header: `"api";r=0;t=52` (r = remaining, t = seconds to reset).
 * Returns ms to wait when the quota is exhausted, else null.
 */
export function parseHfRateLimit(value: string | undefined): number | null {
  if (!value) return null;
  const r = /(?:^|;)\s*r=(\d+)/.exec(value);
  const t = /(?:^|;)\s*t=(\d+)/.exec(value);
  if (!t) return null;
  if (r && Number(r[1]) > 0) return null;
  return Number(t[1]) * 1000;
}

/** GitHub's `x-ratelimit-remaining: 0` + `x-ratelimit-reset: <epoch s>` → ms to wait; else null. */
function parseGithubRateLimit(headers: Record<string, string>, now: number): number | null {
  if (headers['x-ratelimit-remaining'] !== '0') return null;
  const reset = Number(headers['x-ratelimit-reset']);
  if (!Number.isFinite(reset)) return null;
  return Math.max(0, reset * 1000 - now);
}

/** A server-requested wait for this response, in ms (the largest of the signals present), or null. */
export function serverWaitMs(status: number, headers: Record<string, string>, now: number): number | null {
  const waits = [parseRetryAfter(headers['retry-after'], now)];
  if (status === 429 || status === 403 || status === 503) {
    waits.push(parseHfRateLimit(headers['ratelimit']), parseGithubRateLimit(headers, now));
  }
  const known = waits.filter((w): w is number => w !== null);
  return known.length ? Math.max(...known) : null;
}

/** A 403 is a rate limit (retryable) only when GitHub says so; otherwise it is a plain refusal. */
function isRateLimited(status: number, headers: Record<string, string>): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined;
}

function describeError(error: unknown): { kind: FailureKind; reason: string; code: string | undefined } {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code && TIMEOUT_CODES.has(code)) return { kind: 'timeout', reason: `timeout (${code})`, code };
  if (code && RESET_CODES.has(code)) return { kind: 'reset', reason: `connection reset (${code})`, code };
  if (code && CONNECT_CODES.has(code)) return { kind: 'network', reason: `cannot connect (${code})`, code };
  return { kind: 'network', reason: code ? `${message} (${code})` : message, code };
}

/** Why a host is unreachable, in words: no connection at all, or a connection and then silence. */
export function unreachableReason(host: string, code: string, http: Pick<HttpConfig, 'headersTimeoutMs' | 'bodyTimeoutMs'>): string {
  if (!NO_ANSWER_CODES.has(code)) return `cannot reach ${host} (${code})`;
  const waited = code === 'UND_ERR_BODY_TIMEOUT' ? `sent headers and then nothing for ${formatWait(http.bodyTimeoutMs)}` : `sent nothing for ${formatWait(http.headersTimeoutMs)}`;
  return `${host} took the connection but ${waited} (${code})`;
}

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
}

export class HttpClient {
  readonly config: HttpConfig;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly hosts: Record<string, HostPolicy>;
  private readonly defaultConcurrency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly onEvent: (event: HttpEvent) => void;
  private readonly gates = new Map<string, HostGate>();
  private readonly counters = new Map<string, SourceStats>();
  private deadline: { at: number; ms: number; passed: boolean; controller: AbortController; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(options: HttpClientOptions) {
    this.config = options.http;
    this.hosts = options.hosts ?? {};
    this.defaultConcurrency = options.defaultConcurrency ?? 4;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.onEvent = options.onEvent ?? (() => {});
    if (options.dispatcher) {
      this.dispatcher = options.dispatcher;
      this.ownsDispatcher = false;
    } else {
      const hosts = this.hosts;
      const fallback = this.defaultConcurrency;
      this.dispatcher = new Agent({
        connect: { timeout: this.config.connectTimeoutMs },
        headersTimeout: this.config.headersTimeoutMs,
        bodyTimeout: this.config.bodyTimeoutMs,
        // arXiv asks for one connection; other hosts get as many as their concurrency.
        factory: (origin, opts) => {
          const u = new URL(String(origin));
          return new Pool(origin, { ...(opts as Pool.Options), connections: (hosts[u.host] ?? hosts[u.hostname])?.concurrency ?? fallback });
        },
      });
      this.ownsDispatcher = true;
    }
  }

  /** Request counters per source, for the run summary. */
  stats(): Record<string, SourceStats> {
    return Object.fromEntries([...this.counters.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, { ...v }]));
  }

  statsFor(source: string): SourceStats {
    return { ...(this.counters.get(source) ?? emptyStats()) };
  }

  /** Hosts found unreachable (no DNS/connection) during this run, with the reason. */
  unreachableHosts(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [host, gate] of this.gates) if (gate.unreachable) out[host] = gate.unreachable;
    return out;
  }

  /** True when some host was unreachable and no host has answered: there is no network. */
  isOffline(): boolean {
    let unreachable = false;
    for (const gate of this.gates.values()) {
      if (gate.answered) return false;
      if (gate.unreachable) unreachable = true;
    }
    return unreachable;
  }

  async close(): Promise<void> {
    this.clearDeadline();
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private counter(source: string): SourceStats {
    let c = this.counters.get(source);
    if (!c) this.counters.set(source, (c = emptyStats()));
    return c;
  }

  /** One gate per `host[:port]`; a policy may be keyed by `host:port` or by host name alone. */
  private gate(url: URL): HostGate {
    let g = this.gates.get(url.host);
    if (!g) this.gates.set(url.host, (g = new HostGate(this.hosts[url.host] ?? this.hosts[url.hostname] ?? {}, this.defaultConcurrency)));
    return g;
  }

  private backoffMs(retry: number): number {
    // Exponential backoff with "equal jitter": half fixed, half random, so retries never bunch up.
    const base = this.config.backoffBaseMs * 2 ** retry;
    return Math.round(base / 2 + (this.random() * base) / 2);
  }

  /**
   * GET a URL. Resolves with any final HTTP answer the caller should interpret (2xx, 304, 4xx other
   * than rate limits); rejects with an HttpError when the request could not succeed after retries.
   */
  async get(url: string, options: GetOptions): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'user-agent': this.config.userAgent, ...lowerKeys(options.headers ?? {}) };
    const redirects: string[] = [];
    let current = url;
    const maxRedirects = options.maxRedirects ?? 5;
    for (;;) {
      const res = await this.attemptWithRetries(current, headers, options.source);
      if (REDIRECT_STATUSES.has(res.status) && res.headers['location']) {
        if (redirects.length >= maxRedirects) {
          this.counter(options.source).failures++;
          this.onEvent({ type: 'failure', source: options.source, url, reason: 'too many redirects' });
          throw new HttpError(`${options.source}: too many redirects from ${url}`, { kind: 'http', status: res.status, url, source: options.source });
        }
        const next = new URL(res.headers['location'], current);
        // Credentials go only to the origin they were given for: a redirect to another host, port or
        // scheme (e.g. https → http) drops them, as fetch and curl do.
        if (next.origin !== new URL(current).origin) {
          delete headers['authorization'];
          delete headers['cookie'];
        }
        current = next.toString();
        redirects.push(current);
        continue;
      }
      return { ...res, redirects };
    }
  }

  private async attemptWithRetries(url: string, headers: Record<string, string>, source: string): Promise<Omit<HttpResponse, 'redirects'>> {
    const parsed = new URL(url);
    const host = parsed.host;
    const gate = this.gate(parsed);
    const stats = this.counter(source);
    // A host whose last call failed after its retries gets one attempt: a probe, not another retry storm.
    const maxAttempts = gate.failedCalls > 0 ? 1 : this.config.retries + 1;
    /** Ends the call with `error` (counted, reported); a retryable failure counts towards the host being down. */
    const fail = (error: HttpError, reason: string, retryable: boolean): never => {
      stats.failures++;
      this.onEvent({ type: 'failure', source, url, reason });
      if (retryable) {
        gate.failedCalls++;
        if (gate.failedCalls >= DOWN_AFTER_CALLS && !gate.down) gate.down = error;
      }
      throw error;
    };
    for (let attempt = 1; ; attempt++) {
      if (gate.unreachable) {
        stats.failures++;
        throw new HttpError(`${source}: ${host} is unreachable (${gate.unreachable})`, { kind: 'offline', url, source });
      }
      if (gate.down) {
        stats.failures++;
        const d = gate.down;
        throw new HttpError(`${source}: ${host} is down (${d.message.replace(/^[^:]*: /, '')}); not asked again in this run`, { kind: d.kind, status: d.status, url, source });
      }
      this.checkDeadline(url, source, host, 0);
      if (!(await gate.acquire(this.now, this.sleep, this.waitLimit()))) {
        this.checkDeadline(url, source, host, gate.blockedUntil - this.now());
        stats.failures++;
        const wait = gate.blockedUntil - this.now();
        throw new HttpError(`${source}: rate limited by ${host} for ${formatWait(wait)}`, { kind: 'rate-limited', url, source, retryAt: gate.blockedUntil });
      }
      let outcome: { res?: Omit<HttpResponse, 'redirects'>; error?: unknown };
      try {
        stats.requests++;
        this.onEvent({ type: 'request', source, url, attempt });
        outcome = { res: await this.send(url, headers) };
      } catch (error) {
        outcome = { error };
      } finally {
        gate.release();
      }

      if (outcome.res) {
        const res = outcome.res;
        gate.answered = true;
        stats.bytes += res.body.length;
        if (res.status === 304) stats.notModified++;
        const limited = isRateLimited(res.status, res.headers);
        if (limited) stats.rateLimited++;
        if (!limited && !RETRY_STATUSES.has(res.status)) {
          gate.failedCalls = 0;
          // A success that says the quota is spent: hold further requests to this host until it resets.
          const now = this.now();
          const spent = Math.max(parseHfRateLimit(res.headers['ratelimit']) ?? 0, parseGithubRateLimit(res.headers, now) ?? 0);
          if (spent > 0) gate.blockedUntil = Math.max(gate.blockedUntil, now + spent);
          return res;
        }
        const now = this.now();
        const serverWait = serverWaitMs(res.status, res.headers, now);
        if (serverWait !== null) gate.blockedUntil = Math.max(gate.blockedUntil, now + serverWait);
        const reason = limited ? `HTTP ${res.status} (rate limited)` : `HTTP ${res.status}`;
        const kind: FailureKind = limited ? 'rate-limited' : 'http';
        if (serverWait !== null && serverWait > this.config.maxWaitMs) {
          fail(
            new HttpError(`${source}: ${reason} from ${host}; the server asks to wait ${formatWait(serverWait)}`, { kind, status: res.status, url, source, retryAt: now + serverWait }),
            reason,
            false,
          );
        }
        // A rate limit is the server's say, not a host that is down: it does not count towards `down`.
        if (attempt >= maxAttempts) fail(new HttpError(`${source}: ${reason} from ${host} after ${attempt} attempts`, { kind, status: res.status, url, source }), reason, !limited);
        const waitMs = Math.max(serverWait ?? 0, this.backoffMs(attempt - 1));
        this.checkDeadline(url, source, host, waitMs);
        stats.retries++;
        this.onEvent({ type: 'retry', source, url, attempt, waitMs, reason });
        // The gate enforces a server's pause for every request to the host; sleep the backoff here.
        await this.sleep(Math.max(0, waitMs - Math.max(0, gate.blockedUntil - this.now())));
        continue;
      }

      if (this.deadline?.passed) fail(this.deadlineError(url, source, host), 'run deadline', false);
      const { kind, reason, code } = describeError(outcome.error);
      // Never connected to a host that has not answered in this run (or it took the connection and never
      // answered): assume it is not there, don't retry.
      if (code && (CONNECT_CODES.has(code) || NO_ANSWER_CODES.has(code)) && !gate.answered) {
        gate.unreachable = code;
        fail(new HttpError(`${source}: ${unreachableReason(host, code, this.config)}`, { kind: CONNECT_CODES.has(code) ? 'offline' : 'timeout', url, source, cause: outcome.error }), reason, false);
      }
      if (code && REQUEST_CODES.has(code)) fail(new HttpError(`${source}: request to ${host} not sent: ${reason}`, { kind, url, source, cause: outcome.error }), reason, false);
      if (attempt >= maxAttempts) fail(new HttpError(`${source}: ${reason} from ${host} after ${attempt} attempts`, { kind, url, source, cause: outcome.error }), reason, true);
      const waitMs = this.backoffMs(attempt - 1);
      this.checkDeadline(url, source, host, waitMs);
      stats.retries++;
      this.onEvent({ type: 'retry', source, url, attempt, waitMs, reason });
      await this.sleep(waitMs);
    }
  }

  /** The longest a queued request may wait for its host: the config's limit, or less when the deadline is nearer. */
  private waitLimit(): number {
    return this.deadline ? Math.min(this.config.maxWaitMs, Math.max(0, this.deadline.at - this.now())) : this.config.maxWaitMs;
  }

  private deadlineError(url: string, source: string, host: string): HttpError {
    const d = this.deadline!;
    return new HttpError(`${source}: the run's network deadline (${formatWait(d.ms)}) passed before ${host} answered`, { kind: 'timeout', url, source });
  }

  /** Throws the deadline error (counted as a failure) when the deadline has passed or would pass during a wait of `waitMs`. */
  private checkDeadline(url: string, source: string, host: string, waitMs: number): void {
    const d = this.deadline;
    if (!d) return;
    if (!d.passed && this.now() + Math.max(0, waitMs) < d.at) return;
    this.counter(source).failures++;
    this.onEvent({ type: 'failure', source, url, reason: 'run deadline' });
    throw this.deadlineError(url, source, host);
  }

  /**
   * Starts a network deadline `ms` from now for everything this client does until `clearDeadline`: later
   * requests fail at once, waits that would cross it are not slept, and requests in flight are aborted.
   */
  setDeadline(ms: number): void {
    this.clearDeadline();
    const controller = new AbortController();
    const timer = setTimeout(() => {
      deadline.passed = true;
      controller.abort(new Error('run deadline'));
    }, ms);
    timer.unref?.();
    const deadline = { at: this.now() + ms, ms, passed: false, controller, timer };
    this.deadline = deadline;
  }

  clearDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline.timer);
    this.deadline = null;
  }

  /** Hosts found down in this run (their calls kept failing), with the last reason. */
  downHosts(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [host, gate] of this.gates) if (gate.down) out[host] = gate.down.message;
    return out;
  }

  private async send(url: string, headers: Record<string, string>): Promise<Omit<HttpResponse, 'redirects'>> {
    const res = await request(url, {
      method: 'GET',
      headers,
      dispatcher: this.dispatcher,
      headersTimeout: this.config.headersTimeoutMs,
      bodyTimeout: this.config.bodyTimeoutMs,
      ...(this.deadline ? { signal: this.deadline.controller.signal } : {}),
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, headers: flattenHeaders(res.headers as Record<string, string | string[] | undefined>), body, url };
  }
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Sum of several sources' counters. */
export function totalStats(all: Record<string, SourceStats>): SourceStats {
  const total = emptyStats();
  for (const s of Object.values(all)) {
    for (const key of Object.keys(total) as Array<keyof SourceStats>) total[key] += s[key];
  }
  return total;
}
