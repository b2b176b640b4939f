/**
 * Backfill through the OpenAI Batch API: bulk answers at half price, resumable.
 *
 * The answers go into the same cache the LLM writer reads (cache.ts), so after a batch the normal write
 * of each day makes zero calls for everything the batch answered. Two phases, because a day's overview
 * is written from its paper notes:
 *
 *   papers  one request per featured paper not yet cached, across all days of the range, and the
 *           others tables' lines (one or two requests a day)
 *   days    one request per day not yet cached, built from the (now cached) paper notes
 *
 * Every request is reserved against the run's budget (config.writer.budget: papers, tokens, requests)
 * before it goes into a batch, as a live call would be: what the budget does not cover is left out,
 * logged, and written extractively by the final write.
 *
 * Each phase: build JSONL → upload (purpose "batch") → create the batch → poll → download the output →
 * validate every line with the zod schema → cache. The state (batch and file ids, what each custom_id
 * is) is saved after every step in `<cacheDir>/batches/<name>.json`, so an interrupted run — or one that
 * stopped waiting — resumes where it was when run again. Lines that failed (refusal, cut-off, invalid
 * JSON) are simply not cached: the final write asks for them live or falls back to extractive.
 */
import { readFile } from 'node:fs/promises';
import type OpenAI from 'openai';
import { toFile } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { BriefingConfig } from '../../briefing.config.ts';
import type { RankedDay } from '../pipeline/types.ts';
import { writeFileAtomic } from '../../lib/files.ts';
import type { LlmCache } from './cache.ts';
import { dayRequest, featuredNotesFromCache, othersRequestsFor, paperRequest } from './llm.ts';
import { featuredCount } from './draft.ts';
import type { Budget } from './limits.ts';
import { promptTokens } from './plan.ts';
import type { RequestMeter } from './provider.ts';
import { dayNoteSchema, othersNoteSchema, paperNoteSchema } from './schemas.ts';
import { extractJson } from './structured.ts';
import type { z } from 'zod';

export type BatchPhase = 'papers' | 'days';

export interface BatchLine {
  custom_id: string;
  method: 'POST';
  url: '/v1/chat/completions';
  body: Record<string, unknown>;
}

export interface PhaseState {
  /** custom_id (= cache key) → what it is, to store the answer under the right key. */
  requests: Record<string, { parts: Record<string, unknown>; label: string }>;
  inputFileId?: string;
  batchId?: string;
  status?: string;
  outputFileId?: string | null;
  errorFileId?: string | null;
  collected?: { cached: number; failed: number; failures: string[] };
}

export interface BatchState {
  version: 1;
  name: string;
  model: string;
  createdAt: string;
  phases: Partial<Record<BatchPhase, PhaseState>>;
}

export interface BatchOptions {
  client: OpenAI;
  config: BriefingConfig;
  model: string;
  cache: LlmCache;
  /** Where the state lives (usually `<cacheDir>/batches/<name>.json`). */
  statePath: string;
  /** The run's budget (shared with the final write): every batch request is reserved against it. */
  budget?: Budget;
  /** The run's request meter: every batch request counts as one request. */
  meter?: RequestMeter;
  name: string;
  log?: (message: string) => void;
  /** Test hooks. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface BatchOutcome {
  /** True when every phase finished and its answers are in the cache. */
  done: boolean;
  /** The phase still running when the wait ran out. */
  pending?: { phase: BatchPhase; batchId: string; status: string };
  phases: Partial<Record<BatchPhase, { requests: number; cached: number; failed: number; batchId?: string }>>;
}

const FINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);

export async function loadBatchState(file: string): Promise<BatchState | null> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as BatchState;
    if (state.version !== 1) throw new Error(`unknown state version ${String(state.version)}`);
    return state;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`${file}: unreadable batch state (${(error as Error).message}); delete it to start the batch over`);
  }
}

async function saveState(file: string, state: BatchState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 1)}\n`);
}

function lineFor(key: string, messages: unknown, schema: z.ZodType, name: string, model: string, maxTokens: number): BatchLine {
  // JSON.stringify keeps the wire shape of the response format (its parser is not enumerable).
  const responseFormat = JSON.parse(JSON.stringify(zodResponseFormat(schema, name))) as Record<string, unknown>;
  return { custom_id: key, method: 'POST', url: '/v1/chat/completions', body: { model, messages, response_format: responseFormat, max_completion_tokens: maxTokens } };
}

/** The requests of a phase that the cache does not answer yet. Pure apart from cache reads. */
export async function planPhase(phase: BatchPhase, days: RankedDay[], o: Pick<BatchOptions, 'config' | 'model' | 'cache' | 'budget' | 'meter'>): Promise<{ lines: BatchLine[]; requests: PhaseState['requests']; leftOut: string[] }> {
  const lines: BatchLine[] = [];
  const requests: PhaseState['requests'] = {};
  const leftOut: string[] = [];
  const { config, model, cache } = o;
  const maxTokens = config.writer.maxOutputTokens;
  const endpoint = { maxInputTokens: Infinity, maxOutputTokens: maxTokens };
  /** One request into the batch, if the run's budget still covers its worst case. */
  const add = async (req: { key: string; parts: Record<string, unknown>; messages: unknown }, label: string, schema: z.ZodType, name: string, paper: boolean) => {
    if (!req.messages || requests[req.key] || (await cache.get(req.key))) return;
    const reserved = o.budget ? o.budget.reserve(promptTokens(req.messages as never) + maxTokens, paper) : true;
    if (!reserved || (o.meter && !o.meter.take())) {
      leftOut.push(label);
      return;
    }
    requests[req.key] = { parts: req.parts, label };
    lines.push(lineFor(req.key, req.messages, schema, name, model, maxTokens));
  };
  for (const day of days) {
    if (phase === 'papers') {
      for (const paper of day.papers.slice(0, featuredCount(day, config))) {
        await add(paperRequest(paper, config, model), `${day.date} ${paper.id}`, paperNoteSchema(config), 'paper_note', true);
      }
    } else {
      const { featured } = await featuredNotesFromCache(day, config, model, cache);
      await add(dayRequest(day, featured, config, model), `${day.date} day`, dayNoteSchema, 'day_note', false);
    }
  }
  // The others tables last: the budget goes to the write-ups first.
  if (phase === 'papers') {
    for (const day of days) {
      const { requests: others } = othersRequestsFor(day, config, model, endpoint);
      for (const [i, req] of others.entries()) await add(req, `${day.date} others ${i + 1}`, othersNoteSchema(config.language), 'others_note', false);
    }
  }
  return { lines, requests, leftOut };
}

/**
 * Runs (or resumes) both phases for the given days. Returns when everything is cached, or when the
 * configured wait runs out (then `pending` says which batch to come back for).
 */
export async function runBatchBackfill(days: RankedDay[], o: BatchOptions): Promise<BatchOutcome> {
  const log = o.log ?? ((m: string) => console.warn(`[batch] ${m}`));
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const deadline = now() + o.config.writer.batch.maxWaitMs;
  const state: BatchState = (await loadBatchState(o.statePath)) ?? { version: 1, name: o.name, model: o.model, createdAt: new Date(now()).toISOString(), phases: {} };
  if (state.model !== o.model) throw new Error(`${o.statePath}: this batch was started with model ${state.model}, not ${o.model}; delete the file to start over`);
  const outcome: BatchOutcome = { done: false, phases: {} };

  for (const phase of ['papers', 'days'] as const) {
    let ps = state.phases[phase];
    if (!ps?.collected) {
      if (!ps?.batchId) {
        if (!ps?.inputFileId) {
          // Plan on every fresh start: the cache may have grown since.
          const { lines, requests, leftOut } = await planPhase(phase, days, o);
          if (leftOut.length) log(`${phase}: ${leftOut.length} requests are beyond this run's budget (writer.budget) and are left out: ${leftOut.slice(0, 5).join(', ')}${leftOut.length > 5 ? ', …' : ''}`);
          if (!lines.length) {
            state.phases[phase] = { requests: {}, collected: { cached: 0, failed: 0, failures: [] } };
            await saveState(o.statePath, state);
            outcome.phases[phase] = { requests: 0, cached: 0, failed: 0 };
            log(`${phase}: everything is cached already`);
            continue;
          }
          const jsonl = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
          const file = await o.client.files.create({ file: await toFile(Buffer.from(jsonl), `${o.name}-${phase}.jsonl`), purpose: 'batch' });
          ps = { requests, inputFileId: file.id };
          state.phases[phase] = ps;
          await saveState(o.statePath, state);
          log(`${phase}: uploaded ${lines.length} requests as ${file.id}`);
        }
        const batch = await o.client.batches.create({ input_file_id: ps.inputFileId!, endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { source: 'paper-briefing', name: o.name, phase } });
        ps.batchId = batch.id;
        ps.status = batch.status;
        await saveState(o.statePath, state);
        log(`${phase}: created batch ${batch.id}`);
      } else {
        log(`${phase}: resuming batch ${ps.batchId} (${ps.status ?? 'unknown'})`);
      }

      // Poll until the batch is final or the wait runs out.
      for (;;) {
        const batch = await o.client.batches.retrieve(ps.batchId!);
        ps.status = batch.status;
        ps.outputFileId = batch.output_file_id ?? null;
        ps.errorFileId = batch.error_file_id ?? null;
        await saveState(o.statePath, state);
        if (FINAL.has(batch.status)) break;
        if (now() + o.config.writer.batch.pollIntervalMs > deadline) {
          outcome.pending = { phase, batchId: ps.batchId!, status: batch.status };
          log(`${phase}: batch ${ps.batchId} is ${batch.status}; run the same command again to resume`);
          return outcome;
        }
        await sleep(o.config.writer.batch.pollIntervalMs);
      }
      if (ps.status !== 'completed' && !ps.outputFileId) {
        log(`${phase}: batch ${ps.batchId} ended ${ps.status}; its requests will be made live (or written extractively)`);
      }
      ps.collected = await collect(phase, ps, o, log);
      await saveState(o.statePath, state);
    }
    outcome.phases[phase] = { requests: Object.keys(ps.requests).length, cached: ps.collected.cached, failed: ps.collected.failed, ...(ps.batchId ? { batchId: ps.batchId } : {}) };
  }
  outcome.done = true;
  return outcome;
}

/** Downloads a finished batch's output and caches every valid answer. */
async function collect(phase: BatchPhase, ps: PhaseState, o: BatchOptions, log: (m: string) => void): Promise<NonNullable<PhaseState['collected']>> {
  const result = { cached: 0, failed: 0, failures: [] as string[] };
  const fail = (label: string, why: string) => {
    result.failed++;
    if (result.failures.length < 50) result.failures.push(`${label}: ${why}`);
  };
  const seen = new Set<string>();
  if (ps.outputFileId) {
    const text = await (await o.client.files.content(ps.outputFileId)).text();
    const schemaOf = (kind: unknown): z.ZodType => (kind === 'day' ? dayNoteSchema : kind === 'others' ? othersNoteSchema(o.config.language) : paperNoteSchema(o.config));
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let item: { custom_id?: string; response?: { status_code?: number; body?: any } | null; error?: { message?: string } | null };
      try {
        item = JSON.parse(line);
      } catch {
        fail('(output)', 'a line of the output file is not JSON');
        continue;
      }
      const id = item.custom_id ?? '';
      const req = ps.requests[id];
      if (!req) continue;
      seen.add(id);
      const body = item.response?.body;
      if (item.error || (item.response?.status_code ?? 0) !== 200 || !body) {
        fail(req.label, item.error?.message ?? `HTTP ${item.response?.status_code ?? '?'}`);
        continue;
      }
      const choice = body.choices?.[0];
      if (choice?.message?.refusal) {
        fail(req.label, 'refusal');
        continue;
      }
      if (choice?.finish_reason === 'length') {
        fail(req.label, 'cut off at the output token limit');
        continue;
      }
      let parsed;
      try {
        parsed = schemaOf(req.parts.kind).safeParse(extractJson(String(choice?.message?.content ?? '')));
      } catch {
        fail(req.label, 'invalid JSON');
        continue;
      }
      if (!parsed.success) {
        fail(req.label, `schema: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
        continue;
      }
      await o.cache.set({
        key: id,
        parts: req.parts,
        value: parsed.data,
        tokens: { input: body.usage?.prompt_tokens ?? 0, output: body.usage?.completion_tokens ?? 0 },
        createdAt: new Date().toISOString(),
      });
      result.cached++;
    }
  }
  for (const [id, req] of Object.entries(ps.requests)) if (!seen.has(id)) fail(req.label, 'no answer in the batch output');
  log(`${phase}: cached ${result.cached} answers${result.failed ? `, ${result.failed} failed (made live later)` : ''}`);
  return result;
}
