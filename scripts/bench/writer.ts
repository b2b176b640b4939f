/**
 * `npm run bench:writer` — the writers' figures:
 *
 *   llm          a 25-paper day against a local OpenAI-compatible server that answers every call after
 *                2 s: wall time (target < 30 s, which only concurrency reaches), LLM calls, input and output
 *                tokens per day (the server counts ~4 characters per token of what it received/sent, so
 *                these are the prompt sizes the writer really produces); once with the default topK and
 *                once with all 25 papers featured; then the same day again (cache: zero calls)
 *   extractive   time per day over the real corpus (../shared/corpus) or, without it, generated days
 *
 *   node scripts/bench/writer.ts [--latency-ms 2000] [--papers 25] [--days N] [--json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config as baseConfig } from '../../src/config.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import { renderBriefingMdx } from '../mdx/render.ts';
import type { RankedDay } from '../pipeline/types.ts';
import { createMemoryCache } from '../writers/cache.ts';
import { extractivePaperNote, writeExtractive } from '../writers/extractive.ts';
import { createLlmWriter } from '../writers/llm.ts';
import { completion, dataOf, kindOf, startMockOpenAI, validDayNote, type ChatScript } from '../testing/openaiServer.ts';
import { corpusArchive, hasCorpus, rankedDayFromHf, syntheticRankedDay, type HfItem } from '../../tests/helpers/rankedDay.ts';

const { values } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '2000' },
    papers: { type: 'string', default: '25' },
    days: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});
const latencyMs = Number(values['latency-ms']);
const paperCount = Number(values.papers);
const dayLimit = Number(values.days);

const tokens = (s: string) => Math.ceil(s.length / 4);

/** A realistic answer: a grounded note built from the paper's own sentences, sized like a real one. */
function answer(config: BriefingConfig, day: RankedDay): ChatScript {
  return (req) => {
    const promptTokens = tokens(JSON.stringify(req.body.messages));
    let content: string;
    if (kindOf(req) === 'day') {
      content = JSON.stringify({ ...validDayNote(req), overview: 'x'.repeat(900), ideas: [1, 2, 3].map((i) => ({ title: `Idea ${i}`, body: 'y'.repeat(500) })) });
    } else {
      const paper = day.papers.find((p) => p.id === dataOf(req)?.id)!;
      const note = extractivePaperNote(paper, config, { rank: 1, total: day.papers.length });
      const section = (kind: string) => note.sections.find((s) => s.kind === kind)?.body.split('\n') ?? [];
      content = JSON.stringify({
        categories: note.categories,
        headline: paper.title.slice(0, 60),
        contribution: note.contribution,
        why: section('why'),
        relation: section('relation').join(' '),
        usage: { input: 'text', output: 'text', workflow: section('usage').join(' '), hardware: 'not verified', code: 'not verified' },
        innovations: section('innovations'),
        results: section('results'),
      });
    }
    return { delayMs: latencyMs, body: completion(content, { prompt_tokens: promptTokens, completion_tokens: tokens(content) }) };
  };
}

function loadCorpusDays(): { date: string; items: HfItem[] }[] {
  if (!hasCorpus) return [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-bench-writer-'));
  try {
    execFileSync('tar', ['-xJf', corpusArchive, '-C', dir, 'hf']);
    const files = readdirSync(path.join(dir, 'hf')).filter((f) => f.endsWith('.json')).sort();
    return files.map((f) => ({ date: f.slice(0, 10), items: JSON.parse(readFileSync(path.join(dir, 'hf', f), 'utf8')) as HfItem[] }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchLlm(day: RankedDay, config: BriefingConfig, label: string) {
  const server = await startMockOpenAI(answer(config, day));
  try {
    const cache = createMemoryCache();
    const env = { OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: server.baseURL };
    const t0 = performance.now();
    const first = await createLlmWriter(config, env, { cache, log: () => {} }).write(day);
    const wall = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const second = await createLlmWriter(config, env, { cache, log: () => {} }).write(day);
    const rerun = (performance.now() - t1) / 1000;
    return {
      label,
      papers: day.papers.length,
      featured: Math.min(config.writer.topK, day.papers.length),
      concurrency: config.writer.concurrency,
      latencyMs,
      wallSeconds: Number(wall.toFixed(2)),
      calls: first.usage.calls,
      inputTokens: first.usage.inputTokens,
      outputTokens: first.usage.outputTokens,
      fallbacks: first.usage.fallbacks,
      rerunCalls: second.usage.calls,
      rerunSeconds: Number(rerun.toFixed(3)),
    };
  } finally {
    await server.close();
  }
}

function benchExtractive(days: RankedDay[]) {
  const times: number[] = [];
  let papers = 0;
  for (const day of days) {
    const t0 = performance.now();
    renderBriefingMdx(writeExtractive(day, baseConfig, new Date('2026-01-01T00:00:00Z')), baseConfig);
    times.push(performance.now() - t0);
    papers += day.papers.length;
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  return {
    days: days.length,
    papers,
    meanMsPerDay: Number(mean.toFixed(2)),
    p95MsPerDay: Number((times[Math.floor(times.length * 0.95)] ?? 0).toFixed(2)),
    maxMsPerDay: Number((times.at(-1) ?? 0).toFixed(2)),
    totalSeconds: Number((times.reduce((a, b) => a + b, 0) / 1000).toFixed(2)),
  };
}

const corpus = loadCorpusDays();
// The 25-paper day: a real corpus day trimmed to 25 papers when the corpus is there.
const source = corpus.find((d) => d.items.length >= paperCount);
const llmDay = source ? rankedDayFromHf(source.items.slice(0, paperCount), source.date, { verifiedRepos: true }) : syntheticRankedDay(paperCount, 42);
const llmConfig: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', maxRetries: 0, timeoutMs: latencyMs * 5 } };

const llmDefault = await benchLlm(llmDay, llmConfig, `default topK ${llmConfig.writer.topK}`);
const llmAll = await benchLlm(llmDay, { ...llmConfig, writer: { ...llmConfig.writer, topK: paperCount, budget: { papers: 1000, tokens: 10_000_000 } } }, `all ${paperCount} featured`);

const extractiveDays = (dayLimit > 0 ? corpus.slice(0, dayLimit) : corpus).map((d) => rankedDayFromHf(d.items, d.date));
const extractive = benchExtractive(extractiveDays.length ? extractiveDays : Array.from({ length: 50 }, (_, i) => syntheticRankedDay(paperCount, i + 1)));

const report = { source: source ? `corpus day ${source.date}` : 'generated day', llm: [llmDefault, llmAll], extractive: { ...extractive, source: extractiveDays.length ? 'corpus (../shared)' : 'generated' } };
if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const lines = [
    `writer benchmark (${report.source}; mock server latency ${latencyMs} ms per call)`,
    '',
    '| run | papers | featured | concurrency | wall s | calls | input tok | output tok | rerun calls | rerun s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.llm.map((r) => `| llm, ${r.label} | ${r.papers} | ${r.featured} | ${r.concurrency} | ${r.wallSeconds} | ${r.calls} | ${r.inputTokens} | ${r.outputTokens} | ${r.rerunCalls} | ${r.rerunSeconds} |`),
    '',
    `extractive (${report.extractive.source}): ${extractive.days} days, ${extractive.papers} papers; mean ${extractive.meanMsPerDay} ms/day, p95 ${extractive.p95MsPerDay} ms, max ${extractive.maxMsPerDay} ms (write + render), total ${extractive.totalSeconds} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
