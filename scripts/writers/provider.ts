/**
 * Who serves the LLM writer, and how its answers count against the run's limits.
 *
 *   openai         any OpenAI-compatible endpoint (writer.baseUrl / OPENAI_BASE_URL) with OPENAI_API_KEY
 *   github-models  GitHub Models (writer.githubModels): OpenAI-compatible chat completions at
 *                  https://models.github.ai/inference, authenticated with GITHUB_TOKEN (in Actions the
 *                  run's own token, with `permissions: models: read`), free within 150 requests a day,
 *                  8,000 input and 4,000 output tokens a request for the small models
 *
 * Both go through the openai SDK. Its `fetch` is wrapped (`meteredFetch`) so that every HTTP attempt,
 * the SDK's own retries included, is counted and checked against the request budget before it is sent,
 * and so that a 429 no retry can cure (OpenAI's `insufficient_quota`, GitHub's daily limit) is not retried.
 *
 * Errors that end the LLM part of a run are told apart here (`llmStop`): an OpenAI key out of credit fails
 * the run with the API's message; GitHub Models' 429 (rate limit) and 403 (no access) make the writer
 * write the rest of the run extractively, with a note on the page, and the run goes on.
 */
import OpenAI from 'openai';
import type { BriefingConfig } from '../../briefing.config.ts';

export type Env = Record<string, string | undefined>;
export type Provider = BriefingConfig['writer']['provider'];

/** The endpoint, model and per-request limits the LLM writer uses. */
export interface LlmEndpoint {
  provider: Provider;
  /** undefined: the SDK's default (api.openai.com). */
  baseURL: string | undefined;
  model: string;
  /** The variable the key comes from (the key itself is read when the client is made, never kept here). */
  keyVariable: 'OPENAI_API_KEY' | 'GITHUB_TOKEN';
  /** Requests one run may make (every HTTP attempt counts); Infinity when only the token budget limits. */
  requests: number;
  /** Input tokens one request may carry; prompts are shrunk to fit. Infinity: no limit. */
  maxInputTokens: number;
  /** The output cap of one request. */
  maxOutputTokens: number;
  concurrency: number;
}

/** The endpoint of the configured provider. BRIEFING_MODEL wins over the config's model. */
export function llmEndpoint(config: BriefingConfig, env: Env = {}): LlmEndpoint {
  const w = config.writer;
  const budgetRequests = w.budget.requests ?? Infinity;
  if (w.provider === 'github-models') {
    const g = w.githubModels;
    return {
      provider: 'github-models',
      baseURL: env.GITHUB_MODELS_BASE_URL || g.baseUrl,
      model: env.BRIEFING_MODEL || g.model,
      keyVariable: 'GITHUB_TOKEN',
      requests: Math.min(g.requestsPerRun, budgetRequests),
      maxInputTokens: g.maxInputTokens,
      maxOutputTokens: Math.min(g.maxOutputTokens, w.maxOutputTokens),
      concurrency: Math.min(g.concurrency, w.concurrency),
    };
  }
  return {
    provider: 'openai',
    baseURL: env.OPENAI_BASE_URL || w.baseUrl || undefined,
    model: env.BRIEFING_MODEL || w.model,
    keyVariable: 'OPENAI_API_KEY',
    requests: budgetRequests,
    maxInputTokens: Infinity,
    maxOutputTokens: w.maxOutputTokens,
    concurrency: w.concurrency,
  };
}

/** How the page names the provider (a proper name in every language). */
export function providerLabel(provider: Provider): string {
  return provider === 'github-models' ? 'GitHub Models' : 'OpenAI-compatible API';
}

/** Counts HTTP attempts against a request limit; shared by every client of one run. */
export interface RequestMeter {
  /** Attempts sent so far. */
  readonly sent: number;
  readonly limit: number;
  /** Takes one attempt, or returns false when the limit is reached (the attempt is not sent). */
  take(): boolean;
}

export function createRequestMeter(limit: number): RequestMeter {
  let sent = 0;
  return {
    get sent() {
      return sent;
    },
    limit,
    take() {
      if (sent >= limit) return false;
      sent++;
      return true;
    },
  };
}

/** Thrown (through the SDK, as a connection error's cause) when the request budget refuses an attempt. */
export class RequestBudgetError extends Error {
  constructor(limit: number) {
    super(`request budget reached (${limit} requests this run)`);
    this.name = 'RequestBudgetError';
  }
}

/** A 429 that waiting a minute cannot cure: OpenAI's out-of-credit answer, or a daily limit (GitHub Models). */
export function isFinalRateLimit(status: number, body: string, retryAfter: string | null): boolean {
  if (status !== 429) return false;
  if (/insufficient_quota|billing_hard_limit|exceeded your current quota/i.test(body)) return true;
  if (/per 86400s|ByDay\b|requests per day/i.test(body)) return true;
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  return Number.isFinite(seconds) && seconds > 60;
}

/**
 * The SDK's fetch, metered: every attempt takes one request from the meter first (refused ones are never
 * sent), and a final 429 or a 403 comes back marked `x-should-retry: false`, which the SDK obeys.
 */
export function meteredFetch(meter: RequestMeter, base: typeof fetch = fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    if (!meter.take()) throw new RequestBudgetError(meter.limit);
    const response = await base(input, init);
    if (response.status !== 429 && response.status !== 403) return response;
    const body = await response.text();
    const final = response.status === 403 || isFinalRateLimit(response.status, body, response.headers.get('retry-after'));
    const headers = new Headers(response.headers);
    if (final) headers.set('x-should-retry', 'false');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  }) as typeof fetch;
}

/** The openai client for the configured provider. Throws a clear error when its key is not set. */
export function createLlmClient(config: BriefingConfig, env: Env, meter: RequestMeter = createRequestMeter(Infinity)): OpenAI {
  const endpoint = llmEndpoint(config, env);
  const apiKey = env[endpoint.keyVariable];
  if (!apiKey) {
    throw new Error(
      endpoint.provider === 'github-models'
        ? 'GITHUB_TOKEN is not set: the llm writer with provider "github-models" needs it (in GitHub Actions, the run\'s token with `permissions: models: read`), or use BRIEFING_WRITER=extractive'
        : 'OPENAI_API_KEY is not set: the llm writer needs it (any value for a local server that takes none), or use BRIEFING_WRITER=extractive',
    );
  }
  return new OpenAI({
    apiKey,
    baseURL: endpoint.baseURL,
    maxRetries: config.writer.maxRetries,
    timeout: config.writer.timeoutMs,
    fetch: meteredFetch(meter),
    // GitHub's REST conventions; other servers ignore them.
    ...(endpoint.provider === 'github-models' ? { defaultHeaders: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' } } : {}),
  });
}

/**
 * What an API error means for the rest of the run:
 *   fail      the run fails with the API's message (a key out of credit, a wrong key, an unknown model)
 *   extractive  GitHub Models refused (429 rate limit, 403 no access): the rest of the run is written
 *             extractively and the page says so; the run does not fail
 *   budget    the request budget refused an attempt: the rest falls back, as with the token budget
 *   null      one call's failure (a 5xx, a timeout): that paper falls back
 */
export type LlmStop = { kind: 'fail' | 'extractive' | 'budget'; message: string } | null;

export function llmStop(error: unknown, provider: Provider): LlmStop {
  if (error instanceof RequestBudgetError || (error instanceof Error && error.cause instanceof RequestBudgetError)) {
    return { kind: 'budget', message: error instanceof RequestBudgetError ? error.message : (error.cause as Error).message };
  }
  if (!(error instanceof OpenAI.APIError) || error.status === undefined) return null;
  const message = apiMessage(error);
  const code = String((error as { code?: unknown }).code ?? '');
  if (error.status === 429) {
    if (/insufficient_quota|billing_hard_limit/.test(code) || /insufficient_quota|exceeded your current quota/i.test(error.message)) return { kind: 'fail', message };
    return provider === 'github-models' ? { kind: 'extractive', message } : null;
  }
  if (error.status === 403) return { kind: provider === 'github-models' ? 'extractive' : 'fail', message };
  if (error.status === 401 || error.status === 404) return { kind: 'fail', message };
  return null;
}

/** "429 insufficient_quota: You exceeded your current quota…", from the API's own error. */
export function apiMessage(error: InstanceType<typeof OpenAI.APIError>): string {
  const code = (error as { code?: unknown }).code;
  const text = error.message.replace(/^\d{3}\s+/, '');
  return `${error.status}${code ? ` ${String(code)}` : ''}: ${text}`.slice(0, 300);
}
