/**
 * A local stand-in for GitHub Models (https://models.github.ai/inference) on 127.0.0.1, for the writer
 * tests and the workflow harness test: the same OpenAI-compatible chat completions route, answered by
 * any chat script (scripts/testing/openaiServer.ts), behind what GitHub puts in front of it:
 *
 * - a bearer token is required (401 otherwise); model names are `publisher/name` (400 `unknown_model`);
 * - the free tier's limits: a daily request limit, after which every request gets GitHub's 429
 *   (`RateLimitReached`, "Rate limit of N per 86400s exceeded for UserByModelByDay", a Retry-After of
 *   hours), and a per-request input limit (413 `tokens_limit_reached`, counted as the writer counts);
 * - `noAccess`: every request gets the 403 a token without `models: read` gets.
 *
 * Every request is logged with its token (tests check which token was sent, never print it).
 */
import { estimateTokens } from '../writers/limits.ts';
import { startMockOpenAI, validScript, type ChatRequest, type ChatScript, type MockServer } from './openaiServer.ts';

export interface GitHubModelsOptions {
  /** Requests answered before the daily limit; default 150. */
  requestsPerDay?: number;
  /** Input tokens a request may carry; default 8,000. */
  maxInputTokens?: number;
  /** Answer every request with 403 (a token without `models: read`). */
  noAccess?: boolean;
  /** What the model says (default: a valid answer for the writer's prompts). */
  script?: ChatScript;
}

export interface GitHubModelsServer extends MockServer {
  /** Requests that reached the server, each with the token it carried and how it was answered. */
  requests: { token: string | null; model: string; status: number }[];
}

const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => ({ status, headers, body: { error: { code, message, details: message } } });

export async function startGitHubModels(o: GitHubModelsOptions = {}): Promise<GitHubModelsServer> {
  const perDay = o.requestsPerDay ?? 150;
  const maxInput = o.maxInputTokens ?? 8_000;
  let inner = o.script ?? validScript;
  const requests: GitHubModelsServer['requests'] = [];
  let answered = 0;
  const script: ChatScript = async (req: ChatRequest) => {
    const auth = String(req.headers?.authorization ?? '');
    const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? null;
    const log = (status: number) => requests.push({ token, model: req.body.model, status });
    if (!token) {
      log(401);
      return error(401, 'unauthorized', 'Bad credentials');
    }
    if (o.noAccess) {
      log(403);
      return error(403, 'no_access', `No access to model: ${req.body.model}`);
    }
    if (!/^[\w.-]+\/[\w.-]+$/.test(req.body.model)) {
      log(400);
      return error(400, 'unknown_model', `Unknown model: ${req.body.model}`);
    }
    if (answered >= perDay) {
      log(429);
      return error(429, 'RateLimitReached', `Rate limit of ${perDay} per 86400s exceeded for UserByModelByDay. Please wait 42567 seconds before retrying.`, { 'retry-after': '42567', 'x-ratelimit-type': 'UserByModelByDay' });
    }
    const input = estimateTokens(JSON.stringify(req.body.messages));
    if (input > maxInput) {
      log(413);
      return error(413, 'tokens_limit_reached', `Request body too large for ${req.body.model} model. Max size: ${maxInput} tokens.`);
    }
    answered++;
    log(200);
    return inner(req);
  };
  const server = await startMockOpenAI(script);
  return {
    ...server,
    baseURL: server.baseURL.replace(/\/v1$/, '/inference'),
    requests,
    // A new model behind the same limits.
    setScript: (next) => {
      inner = next;
    },
  };
}
