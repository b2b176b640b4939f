/**
 * The LLM side of `npm run eval:writer`: the scripted model that answers from the response schema
 * (scripts/testing/schemaModel.ts) gives answers the writer's own zod schemas accept, through the
 * local server and the real openai SDK; and the per-day figures (`llmDay`) on a hand-made draft.
 */
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { config as baseConfig } from '../src/config.ts';
import { type BriefingConfig } from '../briefing.config.ts';
import { unsupportedNumbers } from '../scripts/writers/numbers.ts';
import { llmDay } from '../scripts/eval/writer.ts';
import type { WriteResult } from '../scripts/pipeline/types.ts';
import { startMockOpenAI, type ChatRequest, type MockServer } from '../scripts/testing/openaiServer.ts';
import { answerFor, createSchemaModel, requestSchema, type AnswerRecord } from '../scripts/testing/schemaModel.ts';
import { createMemoryCache } from '../scripts/writers/cache.ts';
import { createWriter } from '../scripts/writers/index.ts';
import { schemaInstruction } from '../scripts/writers/prompts.ts';
import { dayNoteSchema, paperNoteSchema } from '../scripts/writers/schemas.ts';
import type { BriefingDraft } from '../src/schema/briefing.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

const DATA = {
  id: '2605.11111',
  title: 'AgentForge: Scaling Terminal Environments',
  abstract: 'We propose AgentForge, a pipeline that synthesises terminal tasks. It raises the pass rate from 41.2% to 58.7% on 2,048 tasks and runs 1.5× faster than prior work.',
  featured_papers: [
    { id: '2605.11111', title: 'AgentForge: Scaling Terminal Environments' },
    { id: '2605.22222', title: 'MemBench: Agent Memory in Worlds' },
    { id: '2605.33333', title: 'LoopLM: Latent Loops' },
    { id: '2605.44444', title: 'RoundPipe: Consumer GPUs' },
  ],
  follow_candidates: [{ name: 'icip-cas/LiteCoder' }],
};

function request(schemaName: string, schema: z.ZodType, language: 'zh' | 'en', viaPrompt = false): ChatRequest {
  const format = zodResponseFormat(schema, schemaName);
  const system = `You write a briefing. Write in ${language === 'zh' ? 'Simplified Chinese (简体中文)' : 'English'}.`;
  const messages = [
    { role: 'system', content: system },
    { role: 'user', content: `Write it.\n<data>\n${JSON.stringify(DATA)}\n</data>` },
    ...(viaPrompt ? [{ role: 'system', content: schemaInstruction(format.json_schema.schema) }] : []),
  ];
  return { path: '/v1/chat/completions', index: 0, body: { model: 'm', messages, ...(viaPrompt ? {} : { response_format: format as never }) } };
}

describe('a model that answers from the response schema', () => {
  it("answers the writer's paper and day schemas with values they accept", () => {
    for (const [name, schema] of [['paper_note', paperNoteSchema(baseConfig)], ['day_note', dayNoteSchema]] as const) {
      for (const language of ['zh', 'en'] as const) {
        const req = request(name, schema, language);
        const { value } = answerFor(requestSchema(req)!, req);
        expect(schema.safeParse(value).success, `${name} ${language}`).toBe(true);
      }
    }
  });
  it('takes ids from the data, names candidates by their short name, and gives the counts the descriptions ask for', () => {
    const req = request('day_note', dayNoteSchema, 'en');
    const day = answerFor(requestSchema(req)!, req).value as z.infer<typeof dayNoteSchema>;
    expect(day.top.map((t) => t.id)).toEqual(['2605.11111', '2605.22222', '2605.33333']);
    expect(day.follow[0]!.name).toBe('LiteCoder');
    expect(day.routes[0]!.ids).toEqual(['2605.11111', '2605.22222']);
    const sparse = answerFor(requestSchema(req)!, req, { sparse: true }).value as z.infer<typeof dayNoteSchema>;
    expect([sparse.top.length, sparse.ideas.length, sparse.routes.length]).toEqual([1, 1, 1]);
  });
  it('writes Chinese when asked, quoting only numbers its data holds', () => {
    const req = request('paper_note', paperNoteSchema(baseConfig), 'zh');
    const { value, injected } = answerFor(requestSchema(req)!, req);
    const text = JSON.stringify(value);
    expect(text).toMatch(/\p{Script=Han}{4}/u);
    expect(injected).toEqual([]);
    expect(unsupportedNumbers(text.replace(/2605\.\d+/g, ''), JSON.stringify(DATA))).toEqual([]);
  });
  it('invents numbers its data does not hold when asked, and lists them', () => {
    const req = request('paper_note', paperNoteSchema(baseConfig), 'en');
    const { value, injected } = answerFor(requestSchema(req)!, req, { injectNumbers: true });
    expect(injected.length).toBeGreaterThan(2);
    for (const raw of injected) {
      expect(JSON.stringify(value)).toContain(raw);
      expect(unsupportedNumbers(raw, JSON.stringify(DATA))).toEqual([raw]);
    }
  });
  it('reads the schema from the prompt when the request has no response_format', () => {
    const req = request('day_note', dayNoteSchema, 'en', true);
    expect(req.body.response_format).toBeUndefined();
    const schema = requestSchema(req);
    expect(schema?.properties?.top).toBeDefined();
    expect(dayNoteSchema.safeParse(answerFor(schema!, req).value).success).toBe(true);
  });
});

describe('the LLM writer against the schema-driven server', () => {
  let server: MockServer;
  const model = createSchemaModel({ injectNumbers: true });
  beforeAll(async () => {
    server = await startMockOpenAI(model.script);
  });
  afterAll(async () => {
    await server.close();
  });

  it('gets valid answers for every call, and the day figures add up', async () => {
    const config: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', topK: 3, maxRetries: 0 } };
    const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL };
    const ranked = syntheticRankedDay(6, 3);
    const written = await createWriter(config, env, { cache: createMemoryCache(), now: () => new Date('2026-05-29T00:00:00Z'), log: () => {} }).write(ranked);
    expect(written.usage.calls).toBeGreaterThan(0);
    expect(written.usage.fallbacks).toBe(0);
    expect(model.answers).toHaveLength(written.usage.calls);
    const d = llmDay(ranked.date, ranked, written, model.answers);
    expect(d.calls).toBe(written.usage.calls);
    expect(d.llmWriteups).toBe(3);
    expect(d.injected).toBe(model.answers.reduce((n, a) => n + a.injected.length, 0));
    expect(d.injected).toBeGreaterThan(0);
    // The writer drops every sentence with an invented number, and counts them.
    expect(d.injectedOnPage).toBe(0);
    expect(d.unsupportedOnPage).toEqual([]);
    expect(d.dropped).toBe(d.injected);
    expect(d.others).toBe(3);
  });
});

describe('the LLM figures of one day', () => {
  const ranked = syntheticRankedDay(3, 5);
  const [p1, p2, p3] = ranked.papers;
  const answers: AnswerRecord[] = [
    {
      index: 0,
      given: `The abstract says the pass rate reaches 58.7%.`,
      answer: { results: ['通过率达到 58.7%。在主要基准上提升了 37.9%。'], name: 'ignored-name-field' },
      injected: ['37.9%'],
    },
    { index: 1, given: 'day data', answer: { top: [{ id: p1!.id, reason: '这篇论文最值得先读，方法完整。' }] }, injected: [] },
  ];
  const draft = {
    frontmatter: {
      language: 'zh-CN',
      papers: [
        { id: p1!.id, featured: true, summarizer: 'llm', contribution: '' },
        { id: p2!.id, featured: true, summarizer: 'extractive', contribution: '' },
        { id: p3!.id, featured: false, summarizer: 'extractive', contribution: 'An English row that stayed English.' },
      ],
      follow: [],
    },
    body: {
      writeups: [{ id: p1!.id, sections: [{ kind: 'results', body: '- 通过率达到 58.7%。在主要基准上提升了 37.9%。' }] }],
      top: [
        { id: p1!.id, title: 'A', reason: '这篇论文最值得先读，方法完整。' },
        { id: p2!.id, title: 'B', reason: '今日排名第 2，相关度 0.81。' },
      ],
      routes: [
        { theme: '智能体', path: 'A → B' },
        { theme: '记忆', path: '[A](#2605.12345) → [B](#2605.54321)' },
      ],
    },
  } as unknown as BriefingDraft;
  const written: WriteResult = { draft, usage: { calls: 2, inputTokens: 100, outputTokens: 40, cached: 0, fallbacks: 1 } };

  it('counts invented numbers that reached the page, and only those the input lacks', () => {
    const d = llmDay('2026-05-29', ranked, written, answers);
    expect(d.unsupportedOnPage).toEqual(['37.9%']);
    expect([d.injected, d.injectedOnPage]).toEqual([1, 1]);
  });
  it('sees a number dropped from the page as not reaching it', () => {
    const dropped = structuredClone(draft) as { body: { writeups: Array<{ sections: Array<{ body: string }> }> } };
    dropped.body.writeups[0]!.sections[0]!.body = '- 通过率达到 58.7%。';
    const d = llmDay('2026-05-29', ranked, { ...written, draft: dropped as unknown as BriefingDraft }, answers);
    expect(d.unsupportedOnPage).toEqual([]);
    expect([d.injected, d.injectedOnPage]).toEqual([1, 0]);
  });
  it('counts the sections that fell back or stayed empty', () => {
    const d = llmDay('2026-05-29', ranked, written, answers);
    expect(d).toMatchObject({
      calls: 2,
      fallbacks: 1,
      featured: 2,
      llmWriteups: 1,
      follow: 0,
      followCandidates: ranked.follow.length,
      top: 2,
      topFellBack: 1,
      routes: 2,
      routesWithoutLinks: 1,
      others: 1,
      othersNotInLanguage: 1,
    });
  });
});
