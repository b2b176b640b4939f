/**
 * The fault suite, LLM side (issue 13 §4): the OpenAI API's own error answers (tests/helpers/faults.ts
 * `openaiFault`: a wrong key, a key out of credit, a server error) served by the local OpenAI-compatible
 * server to the LLM writer through the real openai SDK. What each must do: a wrong key ends the run with the
 * API's message and no fallback for every paper; a server error is retried and then falls back for that
 * paper, which says so; the out-of-credit message reaches the run (how the run ends on it is the writer's
 * policy, issue 13 defect 4).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { briefingSchema, config as baseConfig } from '../src/config.ts';
import { parseBriefing } from '../src/schema/briefing.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { kindOf, startMockOpenAI, validScript, type MockServer } from '../scripts/testing/openaiServer.ts';
import { openaiFault } from './helpers/faults.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

let server: MockServer;
beforeAll(async () => {
  server = await startMockOpenAI();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  server.chats.length = 0;
  server.setScript(validScript);
});

const config = (writer: Partial<BriefingConfig['writer']> = {}): BriefingConfig => ({ ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', topK: 3, concurrency: 1, maxRetries: 1, timeoutMs: 5_000, ...writer } });

function write(cfg: BriefingConfig, logs: string[]) {
  const writer = createWriter(cfg, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL, BRIEFING_MODEL: 'mock-model' }, { cache: createMemoryCache(), now: () => new Date('2026-05-29T00:00:00Z'), log: (m) => logs.push(m) });
  return writer.write(syntheticRankedDay(5, 9));
}

describe('fault suite: the OpenAI API', () => {
  it('401 (a wrong or revoked key): the run ends with the API\'s message, without a fallback for every paper', async () => {
    server.setScript(() => openaiFault.unauthorized());
    const logs: string[] = [];
    await expect(write(config(), logs)).rejects.toThrow(/Incorrect API key provided/);
    // Not retried, and the other papers were not tried one by one.
    expect(server.chats.length).toBeLessThanOrEqual(config().writer.concurrency);
  });

  it('5xx on one paper: retried, then that paper gets the extractive write-up and says so; the others are written by the model', async () => {
    let first: string | null = null;
    server.setScript((req) => {
      if (kindOf(req) !== 'paper') return validScript(req);
      first ??= JSON.stringify(req.body.messages.at(-1)?.content ?? '');
      return JSON.stringify(req.body.messages.at(-1)?.content ?? '') === first ? openaiFault.serverError(502) : validScript(req);
    });
    const logs: string[] = [];
    const result = await write(config(), logs);
    const papers = parseBriefing(briefingSchema, result.draft.frontmatter).papers.filter((p) => p.featured);
    expect(papers.map((p) => p.summarizer).sort()).toEqual(['extractive', 'llm', 'llm']);
    expect(result.usage.fallbacks).toBeGreaterThanOrEqual(1);
    // One attempt and one retry for the failing paper.
    expect(server.chats.filter((c) => JSON.stringify(c.body.messages.at(-1)?.content ?? '') === first)).toHaveLength(config().writer.maxRetries + 1);
  });

  it('429 insufficient_quota (a key out of credit): the API\'s own message reaches the run', async () => {
    server.setScript(() => openaiFault.quota());
    const logs: string[] = [];
    const outcome = await write(config(), logs).then(
      (r) => ({ error: null, writer: r.draft.frontmatter.generator.writer }),
      (e: unknown) => ({ error: (e as Error).message, writer: null }),
    );
    expect(`${outcome.error ?? ''}\n${logs.join('\n')}`).toContain('You exceeded your current quota');
    // Whatever the policy, a day is never presented as written by the model when no call succeeded.
    expect(outcome.writer).not.toBe('llm');
  });
});
