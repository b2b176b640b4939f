/**
 * The Batch API backfill against the local OpenAI-compatible server (Files + Batches simulated):
 * JSONL upload, polling, collection into the cache, resuming after the wait ran out, failed lines,
 * and the `npm run backfill -- --batch` flow over real corpus days.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { config as baseConfig } from '../src/config.ts';
import type { BriefingConfig } from '../src/schema/config.ts';
import { readBriefingFile } from '../scripts/mdx/write.ts';
import { backfillWithBatch, datesBetween, main as backfillMain, parseBackfillArgs } from '../scripts/backfill.ts';
import { loadBatchState, runBatchBackfill } from '../scripts/writers/batch.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { createLlmWriter, createOpenAIClient } from '../scripts/writers/llm.ts';
import { completion, dataOf, kindOf, startMockOpenAI, validScript, type MockServer } from '../scripts/testing/openaiServer.ts';
import { createBudget } from '../scripts/writers/limits.ts';
import { corpusArchive, hasCorpus, syntheticRankedDay } from './helpers/rankedDay.ts';
import { execFileSync } from 'node:child_process';

const config: BriefingConfig = {
  ...baseConfig,
  writer: { ...baseConfig.writer, kind: 'llm', topK: 3, maxRetries: 0, timeoutMs: 5_000, batch: { pollIntervalMs: 1, maxWaitMs: 60_000 } },
};
const env = (server: MockServer) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL, BRIEFING_MODEL: 'mock-model' });
const tmp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'pb-batch-'));
  tmp.push(d);
  return d;
};
afterEach(() => {
  while (tmp.length) rmSync(tmp.pop()!, { recursive: true, force: true });
});

let server: MockServer;
beforeAll(async () => {
  server = await startMockOpenAI(validScript, { batchPollsUntilDone: 3 });
});
afterAll(async () => {
  await server.close();
});

const days = () => [syntheticRankedDay(5, 1, undefined, '2026-05-28'), syntheticRankedDay(5, 2, undefined, '2026-05-29')];

describe('batch backfill', () => {
  it('uploads JSONL, polls, caches every answer; the writes that follow make zero calls', async () => {
    server.setScript(validScript);
    const cache = createMemoryCache();
    const client = createOpenAIClient(config, env(server));
    const dir = tempDir();
    const logBefore = server.log.length;
    const outcome = await runBatchBackfill(days(), { client, config, model: 'mock-model', cache, statePath: path.join(dir, 's.json'), name: 't', sleep: async () => {}, log: () => {} });
    expect(outcome.done).toBe(true);
    // 3 featured papers a day, and one request a day for the others table's 2 rows.
    expect(outcome.phases.papers).toMatchObject({ requests: 8, cached: 8, failed: 0 });
    expect(outcome.phases.days).toMatchObject({ requests: 2, cached: 2, failed: 0 });
    const calls = server.log.slice(logBefore);
    expect(calls.filter((l) => l === 'POST /v1/files')).toHaveLength(2);
    expect(calls.filter((l) => l === 'POST /v1/batches')).toHaveLength(2);
    expect(calls.filter((l) => l.startsWith('GET /v1/batches/')).length).toBeGreaterThanOrEqual(6);
    expect(calls.filter((l) => l === 'POST /v1/chat/completions')).toHaveLength(0);
    // The uploaded JSONL is the Batch API's format, with the strict json_schema response format.
    const jsonl = [...server.files.values()].find((f) => f.includes('"custom_id"'))!;
    const line = JSON.parse(jsonl.split('\n')[0]!);
    expect(line).toMatchObject({ method: 'POST', url: '/v1/chat/completions', body: { model: 'mock-model', response_format: { type: 'json_schema', json_schema: { name: 'paper_note', strict: true } } } });
    expect(cache.size()).toBe(10);

    const writer = createLlmWriter(config, env(server), { client, cache, log: () => {} });
    for (const day of days()) {
      const result = await writer.write(day);
      expect(result.usage).toMatchObject({ calls: 0, cached: 5, fallbacks: 0 });
      expect(result.draft.frontmatter.generator?.writer).toBe('llm');
    }
  });

  it('resumes a batch that was still running when the wait ran out, without uploading again', async () => {
    server.setScript(validScript);
    const cache = createMemoryCache();
    const client = createOpenAIClient(config, env(server));
    const statePath = path.join(tempDir(), 's.json');
    const shortWait = { ...config, writer: { ...config.writer, batch: { pollIntervalMs: 10, maxWaitMs: 5 } } };
    const first = await runBatchBackfill(days(), { client, config: shortWait, model: 'mock-model', cache, statePath, name: 't', sleep: async () => {}, log: () => {} });
    expect(first.done).toBe(false);
    expect(first.pending).toMatchObject({ phase: 'papers' });
    const state = await loadBatchState(statePath);
    expect(state?.phases.papers?.batchId).toBe(first.pending?.batchId);
    expect(Object.keys(state?.phases.papers?.requests ?? {})).toHaveLength(8);

    const uploadsBefore = server.log.filter((l) => l === 'POST /v1/files').length;
    const logs: string[] = [];
    const second = await runBatchBackfill(days(), { client, config, model: 'mock-model', cache, statePath, name: 't', sleep: async () => {}, log: (m) => logs.push(m) });
    expect(second.done).toBe(true);
    expect(logs[0]).toMatch(/papers: resuming batch/);
    // Only the days phase uploads a new file.
    expect(server.log.filter((l) => l === 'POST /v1/files').length - uploadsBefore).toBe(1);
    expect(cache.size()).toBe(10);
    // A third run finds everything done and makes no requests.
    const before = server.log.length;
    const third = await runBatchBackfill(days(), { client, config, model: 'mock-model', cache, statePath, name: 't', sleep: async () => {}, log: () => {} });
    expect(third.done).toBe(true);
    expect(server.log.length - before).toBe(0);
  });

  it('failed lines are not cached; the write asks for them live', async () => {
    const [d1] = days();
    const refused = d1!.papers[0]!.id;
    server.setScript((req) => (dataOf(req)?.id === refused ? { body: completion(null, { refusal: 'no' }) } : validScript(req)));
    const cache = createMemoryCache();
    const client = createOpenAIClient(config, env(server));
    const outcome = await runBatchBackfill(days(), { client, config, model: 'mock-model', cache, statePath: path.join(tempDir(), 's.json'), name: 't', sleep: async () => {}, log: () => {} });
    expect(outcome.phases.papers).toMatchObject({ cached: 7, failed: 1 });
    server.setScript(validScript);
    const result = await createLlmWriter(config, env(server), { client, cache, log: () => {} }).write(d1!);
    // The refused paper is asked live; the day prompt changed with it, so the day is asked live too.
    expect(result.usage).toMatchObject({ calls: 2, cached: 3, fallbacks: 0 });
  });

  it('keeps to the run budget: requests beyond writer.budget are left out of the batch and written extractively (issue 13 defect 4)', async () => {
    server.setScript(validScript);
    const cache = createMemoryCache();
    const client = createOpenAIClient(config, env(server));
    const logs: string[] = [];
    const budget = createBudget({ papers: 2, tokens: 1_000_000 });
    const outcome = await runBatchBackfill(days(), { client, config, model: 'mock-model', cache, statePath: path.join(tempDir(), 's.json'), name: 't', budget, sleep: async () => {}, log: (m) => logs.push(m) });
    expect(outcome.done).toBe(true);
    // 6 featured papers in the range; the budget admits 2 (the others tables and days are not papers).
    const papersPhase = outcome.phases.papers!;
    expect(papersPhase.requests).toBe(2 + 2);
    expect(logs.some((l) => /papers: 4 requests are beyond this run's budget \(writer\.budget\) and are left out/.test(l))).toBe(true);
    expect(budget.used.papers).toBe(2);
    // The write that follows, with the same budget, makes no paper call: the rest is extractive.
    const before = server.chats.length;
    const result = await createLlmWriter(config, env(server), { client, cache, budget, log: () => {} }).write(days()[1]!);
    expect(server.chats.slice(before).filter((c) => kindOf(c) === 'paper')).toHaveLength(0);
    expect(result.draft.frontmatter.papers?.filter((p) => p.featured && p.summarizer === 'extractive')).toHaveLength(3);
  });

  it('rejects bad flags with a message naming them', () => {
    expect(() => parseBackfillArgs(['--from', '2026-05-29'])).toThrow(/--to is required/);
    expect(() => parseBackfillArgs(['--from', '2026-05-30', '--to', '2026-05-29'])).toThrow(/after --to/);
    expect(() => parseBackfillArgs(['--from', '2026-5-1', '--to', '2026-05-29'])).toThrow(/--from: expected a date/);
    expect(() => parseBackfillArgs(['--from', '2026-05-01', '--to', '2026-05-29', '--bogus'])).toThrow(/bogus/);
    expect(parseBackfillArgs(['--from', '2026-05-28', '--to', '2026-05-29', '--batch'])).toMatchObject({ batch: true, force: false });
    expect(datesBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
  it('--batch --replay with a folder that does not exist exits 2 before anything is fetched or written', async () => {
    const missing = path.join(os.tmpdir(), `no-such-replay-${process.pid}-${Date.now()}`);
    const code = await backfillMain(['--from', '2026-05-28', '--to', '2026-05-29', '--batch', '--replay', missing], { OPENAI_API_KEY: 'unused' });
    expect(code).toBe(2);
  });
});

describe.skipIf(!hasCorpus)('npm run backfill -- --batch over real corpus days (../shared/corpus)', () => {
  let corpus = '';
  beforeAll(() => {
    corpus = mkdtempSync(path.join(os.tmpdir(), 'pb-corpus-'));
    execFileSync('tar', ['-xJf', corpusArchive, '-C', corpus, 'hf/2026-05-27.json', 'hf/2026-05-28.json']);
  }, 120_000);
  afterAll(() => rmSync(corpus, { recursive: true, force: true }));

  it('collects, batches, writes both days from the cache, and resumes as a no-op', async () => {
    server.setScript(validScript);
    const root = tempDir();
    const out: string[] = [];
    const args = { from: '2026-05-28', to: '2026-05-29', batch: true, force: false, replayDir: corpus };
    const cfg = { ...config, writer: { ...config.writer, topK: 4 } };
    const code = await backfillWithBatch(args, cfg, { root, env: env(server), out: (l) => out.push(l), sleep: async () => {}, now: () => new Date('2026-05-30T00:00:00Z') });
    expect(code, out.join('\n')).toBe(0);
    const files = readdirSync(path.join(root, baseConfig.archive.briefingsDir)).sort();
    expect(files, out.join('\n')).toEqual(['2026-05-28.mdx', '2026-05-29.mdx']);
    const [a, b] = await Promise.all(files.map((f) => readBriefingFile(path.join(root, baseConfig.archive.briefingsDir, f), baseConfig)));
    expect(a!.frontmatter.generator.writer).toBe('llm');
    // The second day does not feature the first day's papers again.
    const firstFeatured = a!.frontmatter.papers.filter((p) => p.featured).map((p) => p.id);
    expect(b!.frontmatter.papers.filter((p) => p.featured).some((p) => firstFeatured.includes(p.id))).toBe(false);
    expect(out.filter((l) => /written|created/.test(l)).join('\n')).toMatch(/0 live calls/);
    expect(existsSync(path.join(root, baseConfig.archive.cacheDir, 'batches'))).toBe(true);
    const again = await backfillWithBatch(args, cfg, { root, env: env(server), out: (l) => out.push(l), sleep: async () => {} });
    expect(again).toBe(0);
    expect(out.join('\n')).toMatch(/resuming .*: 2 days collected earlier/);
    // Same cache, later clock: only generatedAt would differ, so the file is left as it was.
    expect(out.at(-1)).toMatch(/2026-05-29: unchanged/);
    expect(readFileSync(path.join(root, baseConfig.archive.briefingsDir, '2026-05-29.mdx'), 'utf8')).toContain('Headline for');
  });
});
