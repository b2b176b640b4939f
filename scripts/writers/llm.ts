/**
 * The LLM writer: any OpenAI-compatible endpoint through the openai SDK.
 *
 * Per featured paper one structured call (see structured.ts), run with limited concurrency; per day one
 * call for the overview, picks, follow list, ideas and routes, fed with the paper notes. Every answer is
 * cached (cache.ts) and counted against the per-run budget (limits.ts). A paper whose call fails, or
 * that the budget no longer covers, gets the extractive write-up and says so in its `summarizer` field;
 * a failed day call falls back to the extractive day note. The model's text is data: it only ever
 * reaches the page through the MDX renderer's escaping.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type OpenAI from 'openai';
import type { BriefingConfig } from '../../briefing.config.ts';
import type { ProseSection } from '../../src/schema/briefing.ts';
import { escapeLiteral } from '../mdx/escape.ts';
import { colon, prose } from '../../src/i18n/locale.ts';
import { t } from '../../src/i18n/index.ts';
import type { BriefingWriter, RankedDay, RankedPaper, WriteResult } from '../pipeline/types.ts';
import { createFileCache, dayKeyParts, hashKey, othersKeyParts, paperKeyParts, type LlmCache } from './cache.ts';
import { assembleDraft, featuredCount, type DayNote, type Grounding, type PaperNote } from './draft.ts';
import { extractiveContribution, extractiveDayNote, extractivePaperNote } from './extractive.ts';
import { checkRankedDay, followCandidates, isoDate, markdownLink, paperCategories, paperRepo, PICKS, verifiedStars } from './facts.ts';
import { createBudget, createLimiter, type Budget } from './limits.ts';
import { groundAnswer } from './numbers.ts';
import { phrasesFor } from './phrases.ts';
import { fitPrompt, othersChunks, planCalls, promptTokens } from './plan.ts';
import { dayData, dayMessages, othersMessages, paperMessages } from './prompts.ts';
import { createLlmClient, createRequestMeter, llmEndpoint, llmStop, providerLabel, type Env, type LlmEndpoint, type RequestMeter } from './provider.ts';
import { dayNoteSchema, LIMITS, othersNoteSchema, paperNoteSchema, type DayNoteOutput, type OthersNoteOutput, type PaperNoteOutput } from './schemas.ts';
import { callStructured, StructuredCallError, type StructuredResult } from './structured.ts';
import { shortTitle } from './text.ts';

export interface LlmWriterOptions {
  /** A ready client (tests, custom transports). Default: one built from env for the configured provider. */
  client?: OpenAI;
  /** Default: a file cache in config.archive.cacheDir (resolved against `cwd`). */
  cache?: LlmCache;
  now?: () => Date;
  /** Warnings (fallbacks, budget cut-over). Never receives secrets. */
  log?: (message: string) => void;
  cwd?: string;
  /** The run's token and paper budget, when shared with a batch backfill. Default: a new one from config.writer.budget. */
  budget?: Budget;
  /** The run's request meter (every HTTP attempt), when shared. Default: a new one with the provider's request limit. */
  meter?: RequestMeter;
}

export type { Env } from './provider.ts';

/** The openai client for the configured provider. Throws a clear error when its key is not set. */
export function createOpenAIClient(config: BriefingConfig, env: Env, meter?: RequestMeter): OpenAI {
  return createLlmClient(config, env, meter);
}

/** The model name of the provider in use: BRIEFING_MODEL wins over the config. */
export function modelName(config: BriefingConfig, env: Env): string {
  return llmEndpoint(config, env).model;
}

/** Others-table lines one call may ask for: about this many output tokens a line (title and sentence). */
const OTHERS_TOKENS_PER_PAPER = 90;
const OTHERS_CALLS = 2;

interface Request {
  key: string;
  parts: Record<string, unknown>;
  /** null: even the smallest prompt does not fit the provider's input limit. */
  messages: Parameters<typeof callStructured>[0]['messages'] | null;
}

export function createLlmWriter(config: BriefingConfig, env: Env = process.env, options: LlmWriterOptions = {}): BriefingWriter {
  const endpoint = llmEndpoint(config, env);
  const meter = options.meter ?? createRequestMeter(endpoint.requests);
  const client = options.client ?? createLlmClient(config, env, meter);
  const model = endpoint.model;
  const cache = options.cache ?? createFileCache(path.resolve(options.cwd ?? process.cwd(), config.archive.cacheDir));
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((m: string) => console.warn(`[writer] ${m}`));
  const limit = createLimiter(endpoint.concurrency);
  // The budget is per run: one writer instance may write several days (backfill).
  const budget = options.budget ?? createBudget(config.writer.budget);
  // After the server has ignored json_schema twice, go straight to the schema-in-prompt route.
  let schemaIgnored = 0;
  // Why the rest of the run is written extractively (GitHub Models said 429 or 403; the request budget ran out).
  let stopped: string | null = null;
  // An error that is not one paper's failure (a key out of credit, a wrong key, an unknown model): it ends the run.
  let fatal: Error | null = null;
  const stops = (error: unknown) => llmStop(error, endpoint.provider) !== null;

  async function structured<T>(req: Omit<Parameters<typeof callStructured>[0], 'client' | 'model' | 'maxOutputTokens' | 'stops'>): Promise<StructuredResult<T>> {
    const result = await callStructured({ ...req, client, model, maxOutputTokens: endpoint.maxOutputTokens, promptOnly: schemaIgnored >= 2, stops });
    if (result.via !== 'json_schema' && !req.promptOnly) schemaIgnored++;
    else if (result.via === 'json_schema') schemaIgnored = 0;
    return result as StructuredResult<T>;
  }

  /**
   * One model answer, cached, within budget and grounded: a cache hit costs nothing; otherwise the call is
   * reserved against the run's budget, made, cached and turned into a result. Every answer, cached or new,
   * loses the sentences whose numbers the prompt does not hold (numbers.ts), and the result counts them.
   * A refused budget or a failed call (refusal, cut-off, invalid output after repair) gives `fallback(why)`;
   * GitHub Models' 429/403 and a spent request budget make every later call fall back too; an error that
   * ends the run (a key out of credit) is thrown.
   */
  async function cachedAnswer<T, R>(
    usage: WriteResult['usage'],
    request: Request & { schema: Parameters<typeof callStructured>[0]['schema']; name: string; isPaper: boolean },
    toResult: (value: T, tokens: { input: number; output: number }, grounding: Grounding) => R,
    fallback: (why: string) => R,
  ): Promise<R> {
    const grounded = (value: T, messages: NonNullable<Request['messages']>, tokens: { input: number; output: number }) => {
      const g = groundAnswer(value, messages.map((m) => String(m.content)).join('\n'));
      return toResult(g.value, tokens, { dropped: g.dropped, numbers: g.numbers });
    };
    const hit = request.messages ? await cache.get<T>(request.key) : null;
    if (hit && request.messages) {
      usage.cached++;
      return grounded(hit.value, request.messages, hit.tokens);
    }
    // After an error that ends the run, calls still queued behind the limiter are not made.
    if (fatal) throw fatal;
    if (stopped) return fallback(stopped);
    if (!request.messages) return fallback(`the prompt does not fit ${endpoint.maxInputTokens} input tokens even shrunk`);
    if (meter.sent >= meter.limit) return fallback(`request budget reached (${meter.limit} requests this run)`);
    const reservation = budget.reserve(promptTokens(request.messages) + endpoint.maxOutputTokens, request.isPaper);
    if (!reservation) {
      return fallback(request.isPaper ? `budget reached (${budget.used.papers} papers, ${budget.used.tokens} tokens this run)` : `token budget reached (${budget.used.tokens} tokens this run)`);
    }
    try {
      const result = await structured<T>({
        schema: request.schema,
        name: request.name,
        messages: request.messages,
        beforeStep: (messages) => budget.extend(reservation, promptTokens(messages) + endpoint.maxOutputTokens),
      });
      count(usage, result.usage);
      budget.settle(reservation, result.usage.input + result.usage.output);
      const tokens = { input: result.usage.input, output: result.usage.output };
      await cache.set({ key: request.key, parts: request.parts, value: result.value, tokens, createdAt: now().toISOString() });
      return grounded(result.value, request.messages, tokens);
    } catch (error) {
      if (error instanceof StructuredCallError) {
        count(usage, error.usage);
        budget.settle(reservation, error.usage.input + error.usage.output);
        return fallback(`${error.reason}: ${error.message}`);
      }
      budget.settle(reservation, 0);
      const stop = llmStop(error, endpoint.provider);
      if (stop && stop.kind !== 'fail') {
        if (!stopped) {
          stopped = stop.kind === 'budget' ? stop.message : `${providerLabel(endpoint.provider)} ${stop.message}`;
          log(`${stopped}: the rest of this run is written extractively`);
        }
        return fallback(stopped);
      }
      fatal ??= stop ? new Error(`LLM writer (${endpoint.provider}, ${model}): ${stop.message}`) : (error as Error);
      throw fatal;
    }
  }

  return {
    kind: 'llm',
    async write(day: RankedDay): Promise<WriteResult> {
      checkRankedDay(day);
      const usage = { calls: 0, inputTokens: 0, outputTokens: 0, cached: 0, fallbacks: 0 };
      const k = featuredCount(day, config);
      const featuredPapers = day.papers.slice(0, k);
      const others = day.papers.slice(k);
      const paperRequests = featuredPapers.map((paper) => paperRequest(paper, config, model, endpoint));
      // A thin day (nothing above the relevance floor) costs no call at all.
      const thin = featuredPapers.length === 0 && Boolean(day.cut);
      const { chunks, requests: othersRequests } = thin ? { chunks: [], requests: [] } : othersRequestsFor(day, config, model, endpoint);

      // The plan: count the calls this day needs before making any, and keep to the requests left.
      const uncached = async (r: Request) => Boolean(r.messages) && !(await cache.get(r.key));
      const paperNeeds = await Promise.all(paperRequests.map(uncached));
      const othersNeeds = await Promise.all(othersRequests.map(uncached));
      const plan = planCalls({ papers: paperNeeds.filter(Boolean).length, day: !thin, others: othersNeeds.filter(Boolean).length }, stopped ? 0 : meter.limit - meter.sent);
      const planned = (needs: boolean[], allowed: number) => {
        let n = 0;
        return needs.map((need) => !need || n++ < allowed);
      };
      const paperPlanned = planned(paperNeeds, plan.papers);
      const othersPlanned = planned(othersNeeds, plan.others);
      const unplanned = stopped ?? `the day's plan leaves it out (${meter.limit - meter.sent} of ${meter.limit} requests left this run)`;

      const notes = await Promise.all(
        featuredPapers.map((paper, i) =>
          limit(async (): Promise<PaperNote> => {
            const fallback = (why: string) => {
              usage.fallbacks++;
              log(`${day.date} ${paper.id}: ${why}; using the extractive write-up`);
              return { ...extractivePaperNote(paper, config, { rank: i + 1, total: day.papers.length }), fallback: why };
            };
            if (!paperPlanned[i]) return fallback(unplanned);
            return cachedAnswer<PaperNoteOutput, PaperNote>(
              usage,
              { ...paperRequests[i]!, schema: paperNoteSchema(config), name: 'paper_note', isPaper: true },
              (value, tokens, grounding) => paperNoteFromOutput(paper, value, config, tokens, grounding),
              fallback,
            );
          }),
        ),
      );
      const featured = featuredPapers.map((paper, i) => ({ paper, note: notes[i]! }));

      const otherLines = new Map<string, { line: string; title: string }>();
      const othersGrounding: Grounding = { dropped: 0, numbers: [] };
      const othersTokens = { input: 0, output: 0 };
      let othersFallback: string | null = null;
      await Promise.all(
        chunks.map((chunk, i) =>
          limit(async () => {
            const fallback = (why: string) => {
              othersFallback ??= why;
              log(`${day.date} others table (${chunk.length} papers): ${why}; using the abstracts' sentences`);
              return null;
            };
            if (!othersPlanned[i]) return fallback(unplanned);
            const answer = await cachedAnswer<OthersNoteOutput, OthersNoteOutput | null>(
              usage,
              { ...othersRequests[i]!, schema: othersNoteSchema(config.language), name: 'others_note', isPaper: false },
              (value, tokens, grounding) => {
                othersTokens.input += tokens.input;
                othersTokens.output += tokens.output;
                othersGrounding.dropped += grounding.dropped;
                othersGrounding.numbers.push(...grounding.numbers);
                return value;
              },
              fallback,
            );
            const ids = new Set(chunk.map((p) => p.id));
            for (const item of answer?.papers ?? []) {
              const id = item.id.trim().replace(/v\d+$/, '');
              const line = plainText(item.line);
              if (ids.has(id) && line && !otherLines.has(id)) otherLines.set(id, { line, title: plainText(item.title).slice(0, 300) });
            }
          }),
        ),
      );

      const dayNote = await writeDayNote(day, featured);
      const otherContributions = new Map(others.map((p) => [p.id, otherLines.get(p.id)?.line || extractiveContribution(p)]));
      // Titles in the briefing's language (a model asked for English gives the title back: not kept).
      const localTitles = new Map<string, string>();
      for (const [id, o] of otherLines) if (o.title) localTitles.set(id, o.title);
      for (const f of featured) if (f.note.localTitle) localTitles.set(f.paper.id, f.note.localTitle);
      const draft = assembleDraft(day, config, {
        featured,
        otherContributions,
        localTitles,
        day: dayNote,
        model,
        provider: endpoint.provider,
        promptVersion: config.writer.promptVersion,
        now: now(),
        extraGrounding: othersGrounding,
        extraTokens: othersTokens,
        othersFallback: others.some((p) => !otherLines.has(p.id))
          ? (othersFallback ?? (chunks.flat().length < others.length ? `more papers than ${OTHERS_CALLS} calls cover` : 'the model gave no line for them'))
          : null,
      });
      return { draft, usage };

      async function writeDayNote(d: RankedDay, f: { paper: RankedPaper; note: PaperNote }[]): Promise<DayNote> {
        // A thin day (nothing above the relevance floor): no picks to write about, so no call.
        if (f.length === 0 && d.cut) return extractiveDayNote(d, config, f);
        const { key, parts, messages, follows } = dayRequest(d, f, config, model, endpoint);
        const fallback = (why: string) => {
          usage.fallbacks++;
          log(`${d.date} day overview: ${why}; using the extractive overview`);
          return { ...extractiveDayNote(d, config, f), fallback: why };
        };
        if (!plan.day) return fallback(unplanned);
        return cachedAnswer<DayNoteOutput, DayNote>(
          usage,
          { key, parts, messages, schema: dayNoteSchema, name: 'day_note', isPaper: false },
          (value, tokens, grounding) => dayNoteFromOutput(d, value, f, follows, config, tokens, grounding),
          fallback,
        );
      }
    },
  };
}

/** The request for one paper's note and its cache key, its prompt shrunk to the provider's input limit. Shared with the batch flow. */
export function paperRequest(paper: RankedPaper, config: BriefingConfig, model: string, endpoint: Pick<LlmEndpoint, 'maxInputTokens'> = { maxInputTokens: Infinity }): Request {
  const parts = paperKeyParts(paper, config, model);
  const fit = fitPrompt((shrink) => paperMessages(paper, config, shrink), endpoint.maxInputTokens);
  return { key: hashKey({ ...parts, ...(fit && fit.shrink > 0 ? { shrink: fit.shrink } : {}) }), parts, messages: fit?.messages ?? null };
}

/** The request for a day's note (given its paper notes) and its cache key. Shared with the batch flow. */
export function dayRequest(day: RankedDay, featured: { paper: RankedPaper; note: PaperNote }[], config: BriefingConfig, model: string, endpoint: Pick<LlmEndpoint, 'maxInputTokens'> = { maxInputTokens: Infinity }) {
  const follows = followCandidates(day, config).slice(0, 8);
  const fit = fitPrompt((shrink) => dayMessages(dayData(day, featured, follows, config, shrink), config), endpoint.maxInputTokens);
  const messages = fit?.messages ?? null;
  const promptHash = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
  const parts = dayKeyParts(day.date, promptHash, config, model);
  return { key: hashKey(parts), parts, messages, follows };
}

/**
 * The others table's papers in one or two chunks, each one request whose prompt fits the input limit and
 * whose answer fits the output cap, with their requests. Shared with the batch flow.
 */
export function othersRequestsFor(day: RankedDay, config: BriefingConfig, model: string, endpoint: Pick<LlmEndpoint, 'maxInputTokens' | 'maxOutputTokens'>) {
  const chunks = othersChunks(day.papers.slice(featuredCount(day, config)), {
    maxCalls: OTHERS_CALLS,
    maxOutputTokens: endpoint.maxOutputTokens,
    perPaperOutput: OTHERS_TOKENS_PER_PAPER,
    fits: (chunk) => promptTokens(othersMessages(chunk, config)) <= endpoint.maxInputTokens,
  });
  return { chunks, requests: chunks.map((chunk) => othersRequest(chunk, config, model)) };
}

/** The request for lines of the others table (one chunk of papers). */
export function othersRequest(papers: RankedPaper[], config: BriefingConfig, model: string): Request {
  const messages = othersMessages(papers, config);
  const promptHash = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
  const parts = othersKeyParts(promptHash, config, model);
  return { key: hashKey(parts), parts, messages };
}

/**
 * The featured papers of a day with their notes as the writer would use them: cached LLM notes where
 * present, extractive ones otherwise (and `missing` lists those). The batch flow uses it to build the
 * day requests once the paper answers are in the cache.
 */
export async function featuredNotesFromCache(day: RankedDay, config: BriefingConfig, model: string, cache: LlmCache, endpoint: Pick<LlmEndpoint, 'maxInputTokens'> = { maxInputTokens: Infinity }) {
  const k = featuredCount(day, config);
  const missing: string[] = [];
  const featured = await Promise.all(
    day.papers.slice(0, k).map(async (paper, i) => {
      const { key, messages } = paperRequest(paper, config, model, endpoint);
      const hit = messages ? await cache.get<PaperNoteOutput>(key) : null;
      if (hit && messages) {
        // Grounded as the live writer grounds it, so the day prompt built from it is the same.
        const g = groundAnswer(hit.value, messages.map((m) => String(m.content)).join('\n'));
        return { paper, note: paperNoteFromOutput(paper, g.value, config, hit.tokens, { dropped: g.dropped, numbers: g.numbers }) };
      }
      missing.push(paper.id);
      return { paper, note: extractivePaperNote(paper, config, { rank: i + 1, total: day.papers.length }) };
    }),
  );
  return { featured, missing };
}

function count(usage: WriteResult['usage'], u: { calls: number; input: number; output: number }): void {
  usage.calls += u.calls;
  usage.inputTokens += u.input;
  usage.outputTokens += u.output;
}

/** Model text, trimmed and capped; control characters removed (the renderer escapes the rest). */
function clean(value: string, max: number = LIMITS.text): string {
  const text = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
  return text.length > max ? `${text.slice(0, max).trimEnd()} …` : text;
}

/** Plain text for the frontmatter: Markdown emphasis and code marks dropped, one line. */
export function plainText(value: string): string {
  return clean(value)
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function bullets(items: string[], max: number): string {
  return items
    .map((s) => clean(s).replace(/\s*\n\s*/g, ' '))
    .filter(Boolean)
    .slice(0, max)
    .map((s) => `- ${s.replace(/^[-*•]\s+/, '')}`)
    .join('\n');
}


/** The usage fields of the model's answer, in the order the write-up lists them (labels: `llm.usage.*`). */
const USAGE_FIELDS = ['input', 'output', 'workflow', 'hardware', 'code'] as const satisfies readonly (keyof PaperNoteOutput['usage'])[];

const NO_GROUNDING: Grounding = { dropped: 0, numbers: [] };

/** A validated (and grounded) model answer → a paper note. Verified repository facts are added from our own data. */
export function paperNoteFromOutput(p: RankedPaper, out: PaperNoteOutput, config: BriefingConfig, tokens: { input: number; output: number }, grounding: Grounding = NO_GROUNDING): PaperNote {
  const language = config.language;
  const ph = phrasesFor(language);
  const sep = colon(language);
  const known = new Set(config.taxonomy.map((c) => c.slug));
  const categories = [...new Set(out.categories.filter((c) => known.has(c)))].slice(0, LIMITS.categories);
  const contribution = clean(out.contribution) || extractiveContribution(p);
  // The one-line contribution goes into the frontmatter; the site shows it in the paper's header.
  const sections: ProseSection[] = [];
  const why = bullets(out.why, LIMITS.why);
  if (why) sections.push({ kind: 'why', body: why });
  if (clean(out.relation)) sections.push({ kind: 'relation', body: clean(out.relation) });

  const usageLines = USAGE_FIELDS.filter((field) => clean(out.usage[field])).map(
    (field) => `- **${t(language, `llm.usage.${field}`)}**${sep}${clean(out.usage[field]).replace(/\s*\n\s*/g, ' ')}`,
  );
  // The facts line comes from the verified data, not from the model.
  const repo = paperRepo(p);
  if (repo) {
    const url = p.repoFacts?.url ?? `https://github.com/${repo}`;
    usageLines.push(
      `- ${ph.code({ link: markdownLink(escapeLiteral(repo), url), stars: verifiedStars(p), verified: Boolean(p.repoFacts?.verified), pushed: p.repoFacts?.verified ? isoDate(p.repoFacts.pushedAt) : null, archived: Boolean(p.repoFacts?.archived) })}`,
    );
  }
  if (usageLines.length) sections.push({ kind: 'usage', body: usageLines.join('\n') });

  const innovations = bullets(out.innovations, LIMITS.innovations);
  if (innovations) sections.push({ kind: 'innovations', body: innovations });
  // No results the data supports: no section, rather than a stock sentence.
  const results = bullets(out.results, LIMITS.results);
  if (results) sections.push({ kind: 'results', body: results });

  const localTitle = plainText(out.title ?? '').slice(0, 300);
  return {
    id: p.id,
    contribution: plainText(contribution),
    headline: plainText(out.headline).slice(0, 200) || undefined,
    // Chinese prose gets full-width punctuation, as the extractive writer's (quotes and links stay as they are).
    sections: sections.map((section) => ({ ...section, body: prose(language, section.body) })),
    categories: categories.length ? categories : paperCategories(p, config),
    summarizer: 'llm',
    tokens,
    grounding,
    ...(localTitle && localTitle !== p.title.trim() ? { localTitle } : {}),
    gist: plainText(out.why[0] ?? '') || plainText(out.headline) || undefined,
  };
}

/** A featured paper's anchor on its day page, as a Markdown link with its short title. */
function anchorLink(p: RankedPaper): string {
  return `[${escapeLiteral(shortTitle(p.title))}](#${p.id})`;
}

/**
 * A validated (and grounded) day answer → a day note. Ids and names the model gives are checked against
 * the day: unknown picks are replaced by the ranking (with the model's own note on the paper as the
 * reason), follow names are matched in full or by their short name (the part after owner/), and when
 * none matches the day's verified candidates are listed; routes are built from the model's paper ids,
 * each linked to the paper's anchor. The model cannot add a paper or repository that is not in its input.
 */
export function dayNoteFromOutput(
  day: RankedDay,
  out: DayNoteOutput,
  featured: { paper: RankedPaper; note: PaperNote }[],
  follows: ReturnType<typeof followCandidates>,
  config: BriefingConfig,
  tokens: { input: number; output: number },
  grounding: Grounding = NO_GROUNDING,
): DayNote {
  const featuredIds = featured.map((f) => f.paper.id);
  const normalId = (id: string) => id.trim().replace(/^arxiv:/i, '').replace(/v\d+$/, '');
  const top: DayNote['top'] = [];
  for (const item of out.top) {
    const id = normalId(item.id);
    const reason = clean(item.reason);
    if (featuredIds.includes(id) && reason && !top.some((x) => x.id === id) && top.length < LIMITS.top) top.push({ id, reason });
  }
  let extractive: DayNote | null = null;
  const fallbackDay = () => (extractive ??= extractiveDayNote(day, config, featured));
  // Too few picks: the ranking fills them, with the model's own words on the paper where it wrote them.
  const wanted = Math.min(PICKS, featuredIds.length);
  for (const item of top.length < wanted ? fallbackDay().top : []) {
    if (top.length >= wanted) break;
    if (top.some((x) => x.id === item.id)) continue;
    const note = featured.find((f) => f.paper.id === item.id)?.note;
    top.push({ id: item.id, reason: note?.summarizer === 'llm' && note.gist ? note.gist : item.reason });
  }
  const altId = out.alternate ? normalId(out.alternate.id) : '';
  const alternate = altId && featuredIds.includes(altId) && !top.some((x) => x.id === altId) ? { id: altId, reason: clean(out.alternate!.reason) } : null;

  const byName = new Map(follows.map((f) => [f.follow.name.toLowerCase(), f]));
  const shortNames = new Map<string, typeof follows>();
  for (const f of follows) {
    const short = f.follow.name.slice(f.follow.name.lastIndexOf('/') + 1).toLowerCase();
    shortNames.set(short, [...(shortNames.get(short) ?? []), f]);
  }
  const follow: DayNote['follow'] = [];
  for (const item of out.follow) {
    const name = item.name.trim().toLowerCase();
    const short = shortNames.get(name.slice(name.lastIndexOf('/') + 1));
    const candidate = byName.get(name) ?? (short?.length === 1 ? short[0] : undefined);
    if (candidate && !follow.some((x) => x.name === candidate.follow.name) && follow.length < LIMITS.follow) {
      follow.push({ name: candidate.follow.name, kind: candidate.follow.kind, reason: plainText(item.reason) });
    }
  }
  // The model named none of the candidates: list the verified ones, as the extractive writer does.
  const followFromRanking = follow.length === 0 && follows.length > 0;
  if (followFromRanking) follow.push(...fallbackDay().follow);

  const language = config.language;
  const byId = new Map(featured.map((f) => [f.paper.id, f.paper]));
  const routes = out.routes
    .slice(0, LIMITS.routes)
    .map((r) => ({ theme: plainText(r.theme).slice(0, 120), papers: [...new Set(r.ids.map(normalId))].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) }))
    .filter((r) => r.theme && r.papers.length >= 2)
    .map((r) => ({ theme: r.theme, path: r.papers.map(anchorLink).join(' → ') }));
  const zh = (text: string) => prose(language, text);
  return {
    summary: zh(plainText(out.summary)) || phrasesFor(language).summary({ papers: day.papers.length, topCategories: [], best: null }),
    overview: zh(clean(out.overview)),
    top: top.map((x) => ({ ...x, reason: zh(x.reason) })),
    alternate: alternate && { ...alternate, reason: zh(alternate.reason) },
    followNote: zh((followFromRanking ? fallbackDay().followNote : clean(out.followNote)) || (follow.length ? '' : phrasesFor(language).followNone)),
    follow: follow.map((f) => ({ ...f, reason: zh(f.reason) })),
    ideas: out.ideas
      .slice(0, LIMITS.ideas)
      .map((i) => ({ title: zh(plainText(i.title).slice(0, 200)), body: zh(clean(i.body)) }))
      .filter((i) => i.title && i.body),
    routes: routes.length ? routes.map((r) => ({ ...r, theme: zh(r.theme) })) : fallbackDay().routes,
    conclusion: zh(clean(out.conclusion)),
    summarizer: 'llm',
    tokens,
    grounding,
  };
}
