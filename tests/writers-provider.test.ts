/**
 * The LLM writer's providers and run limits (issue 11 §1, issue 13 defect 4), against local servers:
 * GitHub Models (scripts/testing/githubModelsServer.ts: token, daily limit 429, no-access 403, input
 * limit) and an OpenAI-compatible one (a key out of credit). Every HTTP attempt counts against the
 * request budget, the token budget never overshoots, the day's calls are planned before any is made,
 * and every number the model invents is dropped and counted.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main as briefMain } from '../scripts/brief.ts';
import { config as baseConfig } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { createBriefingSchema, parseBriefing } from '../src/schema/briefing.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { estimateTokens } from '../scripts/writers/limits.ts';
import { planCalls } from '../scripts/writers/plan.ts';
import { isFinalRateLimit, llmEndpoint } from '../scripts/writers/provider.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { startGitHubModels, type GitHubModelsServer } from '../scripts/testing/githubModelsServer.ts';
import { completion, kindOf, startMockOpenAI, validScript, type MockServer } from '../scripts/testing/openaiServer.ts';
import { paperMessages } from '../scripts/writers/prompts.ts';
import { createSchemaModel } from '../scripts/testing/schemaModel.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';
import { t } from '../src/i18n/index.ts';

const briefingSchema = createBriefingSchema(baseConfig.taxonomy);
const NOW = () => new Date('2026-05-29T00:00:00Z');
const TOKEN = ['ghs', 'test', 'models'].join('_');

const servers: (MockServer | GitHubModelsServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function githubConfig(writer: Partial<BriefingConfig['writer']> = {}): BriefingConfig {
  return { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', provider: 'github-models', topK: 4, maxRetries: 2, timeoutMs: 5_000, ...writer } };
}

async function githubModels(o: Parameters<typeof startGitHubModels>[0] = {}) {
  const server = await startGitHubModels(o);
  servers.push(server);
  return server;
}

function githubWriter(server: GitHubModelsServer, config = githubConfig(), logs: string[] = []) {
  return createWriter(config, { GITHUB_TOKEN: TOKEN, GITHUB_MODELS_BASE_URL: server.baseURL }, { cache: createMemoryCache(), now: NOW, log: (m) => logs.push(m) });
}

const day = () => syntheticRankedDay(6, 7);

describe('GitHub Models as the provider', () => {
  it('defaults: the free tier of a small model, GITHUB_TOKEN, openai/gpt-4.1-mini', () => {
    const e = llmEndpoint(githubConfig(), {});
    expect(e).toMatchObject({ provider: 'github-models', baseURL: 'https://models.github.ai/inference', model: 'openai/gpt-4.1-mini', keyVariable: 'GITHUB_TOKEN', requests: 150, maxInputTokens: 8_000 });
    expect(e.maxOutputTokens).toBeLessThanOrEqual(4_000);
    expect(llmEndpoint(githubConfig(), { BRIEFING_MODEL: 'meta/llama-4-scout' }).model).toBe('meta/llama-4-scout');
    expect(() => createWriter(githubConfig(), {})).toThrow(/GITHUB_TOKEN is not set[\s\S]*models: read/);
  });

  it("writes a day with the run's token, within the per-request limits, and says which model wrote it", async () => {
    const server = await githubModels();
    const result = await githubWriter(server).write(day());
    // 4 papers, the day, the others table: all with the token, the GitHub model name, under the input limit.
    expect(server.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.requests.every((r) => r.token === TOKEN && r.model === 'openai/gpt-4.1-mini')).toBe(true);
    for (const chat of server.chats) {
      expect(estimateTokens(JSON.stringify(chat.body.messages))).toBeLessThanOrEqual(8_000);
      expect(chat.body.max_completion_tokens).toBeLessThanOrEqual(4_000);
      expect(chat.path).toBe('/inference/chat/completions');
    }
    const fm = parseBriefing(briefingSchema, result.draft.frontmatter);
    expect(fm.generator).toMatchObject({ writer: 'llm', model: 'openai/gpt-4.1-mini', provider: 'github-models' });
    expect(fm.generator.fallback).toBeUndefined();
  });

  it('shrinks a prompt that is over the input limit instead of sending it', async () => {
    const server = await githubModels({ maxInputTokens: 2_500 });
    const big = day();
    big.papers[0]!.abstract = Array.from({ length: 120 }, (_, i) => `Sentence ${i} of a very long abstract about agents and tools.`).join(' ');
    const result = await githubWriter(server, githubConfig({ githubModels: { ...baseConfig.writer.githubModels, maxInputTokens: 2_500 } })).write(big);
    expect(server.requests.filter((r) => r.status === 413)).toEqual([]);
    const fm = parseBriefing(briefingSchema, result.draft.frontmatter);
    expect(fm.papers.find((p) => p.id === big.papers[0]!.id)?.summarizer).toBe('llm');
  });

  it('a 429 (daily limit reached) writes the rest of the run extractively, says so, and the run goes on', async () => {
    const server = await githubModels({ requestsPerDay: 2 });
    const logs: string[] = [];
    const result = await githubWriter(server, githubConfig({ concurrency: 1 }), logs).write(day());
    // Two answers, one 429 that is not retried (the wait is hours), and no request after it.
    expect(server.requests.map((r) => r.status)).toEqual([200, 200, 429]);
    const fm = parseBriefing(briefingSchema, result.draft.frontmatter);
    expect(fm.generator.writer).toBe('mixed');
    expect(fm.papers.filter((p) => p.featured).map((p) => p.summarizer)).toEqual(['llm', 'llm', 'extractive', 'extractive']);
    expect(fm.generator.fallback).toMatchObject({ papers: fm.papers.filter((p) => p.featured).slice(2).map((p) => p.id), day: true, others: true });
    expect(fm.generator.fallback!.reason).toMatch(/^GitHub Models 429 RateLimitReached: Rate limit of 2 per 86400s exceeded/);
    expect(logs.some((l) => /rest of this run is written extractively/.test(l))).toBe(true);
    // The page says who wrote what (DayNotes reads these fields); the briefing renders.
    expect(() => renderBriefingMdx(result.draft, baseConfig)).not.toThrow();
  });

  it('a 403 (a token without models: read) falls back for the whole run after one request', async () => {
    const server = await githubModels({ noAccess: true });
    const writer = githubWriter(server, githubConfig({ concurrency: 1 }));
    const first = await writer.write(day());
    const second = await writer.write(syntheticRankedDay(6, 8, undefined, '2026-05-30'));
    expect(server.requests.map((r) => r.status)).toEqual([403]);
    for (const r of [first, second]) {
      const fm = parseBriefing(briefingSchema, r.draft.frontmatter);
      expect(fm.generator.writer).toBe('extractive');
      expect(fm.papers.filter((p) => p.featured).every((p) => p.summarizer === 'extractive')).toBe(true);
      // Written without the model, and the briefing says why.
      expect(fm.generator).toMatchObject({ model: null, provider: 'github-models', fallback: { day: true, reason: expect.stringMatching(/^GitHub Models 403 no_access: No access to model: openai\/gpt-4\.1-mini/) } });
    }
    expect(first.usage.fallbacks).toBeGreaterThan(0);
  });

  it('plans the day before calling: with 3 requests left, the day call and the two best papers', async () => {
    const server = await githubModels();
    const logs: string[] = [];
    const config = githubConfig({ githubModels: { ...baseConfig.writer.githubModels, requestsPerRun: 3 } });
    const result = await githubWriter(server, config, logs).write(day());
    expect(server.requests).toHaveLength(3);
    const fm = parseBriefing(briefingSchema, result.draft.frontmatter);
    expect(fm.papers.filter((p) => p.featured).map((p) => p.summarizer)).toEqual(['llm', 'llm', 'extractive', 'extractive']);
    expect(fm.generator.fallback?.reason).toMatch(/the day's plan leaves it out/);
    expect(fm.generator.fallback?.day).toBe(false);
  });
});

describe('the plan of a day', () => {
  it('puts the day call first, then the papers in rank order, then the others table', () => {
    expect(planCalls({ papers: 10, day: true, others: 2 }, Infinity)).toEqual({ papers: 10, day: true, others: 2, calls: 13 });
    expect(planCalls({ papers: 10, day: true, others: 2 }, 5)).toEqual({ papers: 4, day: true, others: 0, calls: 5 });
    expect(planCalls({ papers: 10, day: true, others: 2 }, 0)).toEqual({ papers: 0, day: false, others: 0, calls: 0 });
    expect(planCalls({ papers: 0, day: true, others: 2 }, 2)).toEqual({ papers: 0, day: true, others: 1, calls: 2 });
  });

  it('tells a final 429 from one that a short wait cures', () => {
    expect(isFinalRateLimit(429, '{"error":{"code":"insufficient_quota"}}', null)).toBe(true);
    expect(isFinalRateLimit(429, 'Rate limit of 150 per 86400s exceeded for UserByModelByDay.', '42567')).toBe(true);
    expect(isFinalRateLimit(429, 'Rate limit of 15 per 60s exceeded for UserByModelByMinute.', '30')).toBe(false);
    expect(isFinalRateLimit(503, 'insufficient_quota', null)).toBe(false);
  });
});

describe('OpenAI: limits and a key out of credit (issue 13 defect 4)', () => {
  const openaiConfig = (writer: Partial<BriefingConfig['writer']> = {}): BriefingConfig => ({ ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', topK: 4, maxRetries: 3, timeoutMs: 5_000, ...writer } });
  async function openai(script: Parameters<typeof startMockOpenAI>[0]) {
    const server = await startMockOpenAI(script);
    servers.push(server);
    return server;
  }
  const env = (server: MockServer) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL, BRIEFING_MODEL: 'mock-model' });

  it('429 insufficient_quota ends the run with the API message after one request, not fallbacks for every paper', async () => {
    const server = await openai(() => ({ status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota', param: null } } }));
    const writer = createWriter(openaiConfig({ concurrency: 1 }), env(server), { cache: createMemoryCache(), now: NOW, log: () => {} });
    await expect(writer.write(day())).rejects.toThrow(/LLM writer \(openai, mock-model\): 429 insufficient_quota: You exceeded your current quota/);
    expect(server.chats).toHaveLength(1);
  });

  it('counts every attempt of a retried call against the request budget, and never sends one past it', async () => {
    const server = await openai(() => ({ status: 500, body: { error: { message: 'boom' } } }));
    const writer = createWriter(openaiConfig({ concurrency: 1, maxRetries: 2, budget: { papers: 40, tokens: 400_000, requests: 4 } }), env(server), { cache: createMemoryCache(), now: NOW, log: () => {} });
    const result = await writer.write(day());
    // maxRetries 2: a call makes up to 3 attempts; the budget of 4 stops the second call after its first.
    expect(server.chats).toHaveLength(4);
    expect(parseBriefing(briefingSchema, result.draft.frontmatter).generator.writer).toBe('extractive');
  });

  it('reserves tokens for every step of a call: a step the budget does not cover is not sent', async () => {
    // A server that ignores json_schema and answers prose: step 1 fails to parse, step 2 would put the schema in the prompt.
    const server = await openai(() => ({ body: completion('not json at all', { prompt_tokens: 10, completion_tokens: 10 }) }));
    const one = syntheticRankedDay(1, 3);
    const config = openaiConfig({ concurrency: 1, topK: 1, maxOutputTokens: 500 });
    const firstStep = estimateTokens(JSON.stringify(paperMessages(one.papers[0]!, config))) + 500;
    const logs: string[] = [];
    const budgeted = { ...config, writer: { ...config.writer, budget: { papers: 40, tokens: firstStep + 300 } } };
    const result = await createWriter(budgeted, env(server), { cache: createMemoryCache(), now: NOW, log: (m) => logs.push(m) }).write(one);
    // Step 1 fit; step 2 (a longer prompt) did not, so it was never sent and the paper fell back.
    expect(server.chats.filter((c) => kindOf(c) === 'paper')).toHaveLength(1);
    expect(logs.some((l) => /budget: the token budget does not cover asking again/.test(l))).toBe(true);
    expect(result.usage.inputTokens + result.usage.outputTokens).toBeLessThanOrEqual(firstStep + 300);
  });
});

describe('npm run brief with a key out of credit', () => {
  it('records a failed day with the API message, with no retry and no call after it (issue 13 defect 4)', async () => {
    const replay = await mkdtemp(path.join(os.tmpdir(), 'pb-quota-'));
    try {
      const items = Array.from({ length: 8 }, (_, i) => ({
        paper: { id: `2605.1${String(i).padStart(4, '0')}`, title: `Agentic RL paper ${i}`, summary: `We train LLM agents with reinforcement learning on tool-use trajectories, variant ${i}.`, authors: [{ name: 'Ada Lovelace' }], publishedAt: '2026-04-30T00:00:00.000Z', upvotes: 20 - i },
        title: `Agentic RL paper ${i}`,
        numComments: 1,
      }));
      await mkdir(path.join(replay, 'hf'), { recursive: true });
      await writeFile(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(items));
      const server = await startMockOpenAI(() => ({ status: 429, body: { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota', param: null } } }));
      servers.push(server);
      const report = path.join(replay, 'report.json');
      const code = await briefMain(['--date', '2026-05-02', '--replay', replay, '--report', report], {
        BRIEFINGS_DIR: path.join(replay, 'briefings'),
        BRIEFING_WRITER: 'llm',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: server.baseURL,
        BRIEFING_MODEL: 'mock-model',
      });
      expect(code).toBe(1);
      // The calls already in flight (writer.concurrency, 4) and nothing more: not 44 attempts and a "published" day.
      expect(server.chats.length).toBeLessThanOrEqual(4);
      const text = await readFile(report, 'utf8');
      expect(text).toMatch(/"outcome":\s*"failed"/);
      expect(text).toMatch(/429 insufficient_quota: You exceeded your current quota/);
      expect(existsSync(path.join(replay, 'briefings/2026-05-02.mdx'))).toBe(false);
    } finally {
      await rm(replay, { recursive: true, force: true });
    }
  });
});

describe('grounded numbers', () => {
  it('a model that invents numbers gets every invented number dropped and counted', async () => {
    const model = createSchemaModel({ injectNumbers: true });
    const server = await startMockOpenAI(model.script);
    servers.push(server);
    const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', topK: 4, timeoutMs: 5_000 } };
    const result = await createWriter(config, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL }, { cache: createMemoryCache(), now: NOW, log: () => {} }).write(day());
    const injected = model.answers.flatMap((a) => a.injected);
    expect(injected.length).toBeGreaterThan(5);
    const mdx = renderBriefingMdx(result.draft, baseConfig);
    // Nowhere in the body, the summary or a paper's line (the frontmatter lists them under generator.grounding).
    const page = [mdx.slice(mdx.indexOf('\n---\n', 4)), JSON.stringify({ ...result.draft.frontmatter, generator: null })].join('\n');
    for (const n of new Set(injected)) expect(page, n).not.toContain(n);
    const fm = parseBriefing(briefingSchema, result.draft.frontmatter);
    expect(fm.generator.grounding!.dropped).toBe(injected.length);
    expect(new Set(fm.generator.grounding!.numbers)).toEqual(new Set(injected));
    // Numbers the data holds survive (the local model quotes them in Chinese text).
    expect(model.answers.some((a) => /摘要报告的数字之一是/.test(JSON.stringify(a.answer)))).toBe(true);
    expect(t(config.language, 'notes.groundingDropped', { count: 2 })).toContain('2');
  });
});

describe('OpenAI-compatible servers keep working as before', () => {
  it('the default provider is openai with OPENAI_API_KEY and no request limit', () => {
    expect(llmEndpoint({ ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm' } }, {})).toMatchObject({ provider: 'openai', keyVariable: 'OPENAI_API_KEY', requests: Infinity, maxInputTokens: Infinity });
  });
  it('a valid script still writes everything', async () => {
    const server = await startMockOpenAI(validScript);
    servers.push(server);
    const result = await createWriter({ ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', topK: 2 } }, { OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: server.baseURL }, { cache: createMemoryCache(), now: NOW, log: () => {} }).write(syntheticRankedDay(3, 4));
    expect(result.usage.fallbacks).toBe(0);
  });
});
