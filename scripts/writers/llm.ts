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
import OpenAI from 'openai';
import type { BriefingConfig } from '../../briefing.config.ts';
import type { ProseSection } from '../../src/schema/briefing.ts';
import { escapeLiteral } from '../mdx/escape.ts';
import { colon } from '../../src/i18n/locale.ts';
import { t } from '../../src/i18n/index.ts';
import type { BriefingWriter, RankedDay, RankedPaper, WriteResult } from '../pipeline/types.ts';
import { createFileCache, dayKeyParts, hashKey, paperKeyParts, type LlmCache } from './cache.ts';
import { assembleDraft, featuredCount, type DayNote, type PaperNote } from './draft.ts';
import { extractiveContribution, extractiveDayNote, extractivePaperNote } from './extractive.ts';
import { checkRankedDay, followCandidates, isoDate, markdownLink, paperCategories, paperRepo, PICKS, verifiedStars } from './facts.ts';
import { createBudget, createLimiter, estimateTokens } from './limits.ts';
import { phrasesFor } from './phrases.ts';
import { dayData, dayMessages, paperMessages } from './prompts.ts';
import { dayNoteSchema, LIMITS, paperNoteSchema, type DayNoteOutput, type PaperNoteOutput } from './schemas.ts';
import { callStructured, StructuredCallError, type StructuredResult } from './structured.ts';

export interface LlmWriterOptions {
  /** A ready client (tests, custom transports). Default: one built from env. */
  client?: OpenAI;
  /** Default: a file cache in config.archive.cacheDir (resolved against `cwd`). */
  cache?: LlmCache;
  now?: () => Date;
  /** Warnings (fallbacks, budget cut-over). Never receives secrets. */
  log?: (message: string) => void;
  cwd?: string;
}

export type Env = Record<string, string | undefined>;

/** The openai client for the configured endpoint. Throws a clear error when no key is set. */
export function createOpenAIClient(config: BriefingConfig, env: Env): OpenAI {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) {
    throw new Error('OPENAI_API_KEY is not set: the llm writer needs it (any value for a local server that takes none), or use BRIEFING_WRITER=extractive');
  }
  return new OpenAI({
    apiKey,
    baseURL: env.OPENAI_BASE_URL || config.writer.baseUrl || undefined,
    maxRetries: config.writer.maxRetries,
    timeout: config.writer.timeoutMs,
  });
}

/** The model name: BRIEFING_MODEL wins over the config. */
export function modelName(config: BriefingConfig, env: Env): string {
  return env.BRIEFING_MODEL || config.writer.model;
}

export function createLlmWriter(config: BriefingConfig, env: Env = process.env, options: LlmWriterOptions = {}): BriefingWriter {
  const client = options.client ?? createOpenAIClient(config, env);
  const model = modelName(config, env);
  const cache = options.cache ?? createFileCache(path.resolve(options.cwd ?? process.cwd(), config.archive.cacheDir));
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((m: string) => console.warn(`[writer] ${m}`));
  const limit = createLimiter(config.writer.concurrency);
  // The budget is per run: one writer instance may write several days (backfill).
  const budget = createBudget(config.writer.budget);
  // After the server has ignored json_schema twice, go straight to the schema-in-prompt route.
  let schemaIgnored = 0;
  // An error that is not one paper's failure (a wrong key, an unknown model): it ends the run.
  let fatal: unknown = null;

  async function structured<T>(req: Omit<Parameters<typeof callStructured>[0], 'client' | 'model' | 'maxOutputTokens'>): Promise<StructuredResult<T>> {
    const result = await callStructured({ ...req, client, model, maxOutputTokens: config.writer.maxOutputTokens, promptOnly: schemaIgnored >= 2 });
    if (result.via !== 'json_schema' && !req.promptOnly) schemaIgnored++;
    else if (result.via === 'json_schema') schemaIgnored = 0;
    return result as StructuredResult<T>;
  }

  /**
   * One model answer, cached and within budget: a cache hit costs nothing; otherwise the call is reserved
   * against the run's budget, made, cached and turned into a result. A refused budget or a failed call
   * (refusal, cut-off, invalid output after repair) gives `fallback(why)` instead; other errors propagate.
   */
  async function cachedAnswer<T, R>(
    usage: WriteResult['usage'],
    request: { key: string; parts: Record<string, unknown>; messages: Parameters<typeof callStructured>[0]['messages']; schema: Parameters<typeof callStructured>[0]['schema']; name: string; isPaper: boolean },
    toResult: (value: T, tokens: { input: number; output: number }) => R,
    fallback: (why: string) => R,
  ): Promise<R> {
    const hit = await cache.get<T>(request.key);
    if (hit) {
      usage.cached++;
      return toResult(hit.value, hit.tokens);
    }
    // After an error that ends the run, calls still queued behind the limiter are not made.
    if (fatal) throw fatal;
    const reservation = budget.reserve(estimateTokens(JSON.stringify(request.messages)) + config.writer.maxOutputTokens, request.isPaper);
    if (!reservation) {
      return fallback(request.isPaper ? `budget reached (${budget.used.papers} papers, ${budget.used.tokens} tokens this run)` : `token budget reached (${budget.used.tokens} tokens this run)`);
    }
    try {
      const result = await structured<T>({ schema: request.schema, name: request.name, messages: request.messages });
      count(usage, result.usage);
      budget.settle(reservation, result.usage.input + result.usage.output);
      const tokens = { input: result.usage.input, output: result.usage.output };
      await cache.set({ key: request.key, parts: request.parts, value: result.value, tokens, createdAt: now().toISOString() });
      return toResult(result.value, tokens);
    } catch (error) {
      if (error instanceof StructuredCallError) {
        count(usage, error.usage);
        budget.settle(reservation, error.usage.input + error.usage.output);
        return fallback(`${error.reason}: ${error.message}`);
      }
      budget.settle(reservation, 0);
      fatal ??= error;
      throw error;
    }
  }

  return {
    kind: 'llm',
    async write(day: RankedDay): Promise<WriteResult> {
      checkRankedDay(day);
      const usage = { calls: 0, inputTokens: 0, outputTokens: 0, cached: 0, fallbacks: 0 };
      const k = featuredCount(day, config);
      const featuredPapers = day.papers.slice(0, k);

      const notes = await Promise.all(
        featuredPapers.map((paper, i) =>
          limit(async (): Promise<PaperNote> => {
            const fallback = (why: string) => {
              usage.fallbacks++;
              log(`${day.date} ${paper.id}: ${why}; using the extractive write-up`);
              return extractivePaperNote(paper, config, { rank: i + 1, total: day.papers.length });
            };
            const { key, parts, messages } = paperRequest(paper, config, model);
            return cachedAnswer<PaperNoteOutput, PaperNote>(
              usage,
              { key, parts, messages, schema: paperNoteSchema(config), name: 'paper_note', isPaper: true },
              (value, tokens) => paperNoteFromOutput(paper, value, config, tokens),
              fallback,
            );
          }),
        ),
      );
      const featured = featuredPapers.map((paper, i) => ({ paper, note: notes[i]! }));

      const dayNote = await writeDayNote(day, featured);
      const otherContributions = new Map(day.papers.slice(k).map((p) => [p.id, extractiveContribution(p)]));
      const draft = assembleDraft(day, config, { featured, otherContributions, day: dayNote, model, promptVersion: config.writer.promptVersion, now: now() });
      return { draft, usage };

      async function writeDayNote(d: RankedDay, f: { paper: RankedPaper; note: PaperNote }[]): Promise<DayNote> {
        // A thin day (nothing above the relevance floor): no picks to write about, so no call.
        if (f.length === 0 && d.cut) return extractiveDayNote(d, config, f);
        const { key, parts, messages, follows } = dayRequest(d, f, config, model);
        const fallback = (why: string) => {
          usage.fallbacks++;
          log(`${d.date} day overview: ${why}; using the extractive overview`);
          return extractiveDayNote(d, config, f);
        };
        return cachedAnswer<DayNoteOutput, DayNote>(
          usage,
          { key, parts, messages, schema: dayNoteSchema, name: 'day_note', isPaper: false },
          (value, tokens) => dayNoteFromOutput(d, value, f, follows, config, tokens),
          fallback,
        );
      }
    },
  };
}

/** The request for one paper's note and its cache key. Shared with the batch flow. */
export function paperRequest(paper: RankedPaper, config: BriefingConfig, model: string) {
  const parts = paperKeyParts(paper, config, model);
  return { key: hashKey(parts), parts, messages: paperMessages(paper, config) };
}

/** The request for a day's note (given its paper notes) and its cache key. Shared with the batch flow. */
export function dayRequest(day: RankedDay, featured: { paper: RankedPaper; note: PaperNote }[], config: BriefingConfig, model: string) {
  const follows = followCandidates(day, config).slice(0, 8);
  const messages = dayMessages(dayData(day, featured, follows, config), config);
  const promptHash = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
  const parts = dayKeyParts(day.date, promptHash, config, model);
  return { key: hashKey(parts), parts, messages, follows };
}

/**
 * The featured papers of a day with their notes as the writer would use them: cached LLM notes where
 * present, extractive ones otherwise (and `missing` lists those). The batch flow uses it to build the
 * day requests once the paper answers are in the cache.
 */
export async function featuredNotesFromCache(day: RankedDay, config: BriefingConfig, model: string, cache: LlmCache) {
  const k = featuredCount(day, config);
  const missing: string[] = [];
  const featured = await Promise.all(
    day.papers.slice(0, k).map(async (paper, i) => {
      const { key } = paperRequest(paper, config, model);
      const hit = await cache.get<PaperNoteOutput>(key);
      if (hit) return { paper, note: paperNoteFromOutput(paper, hit.value, config, hit.tokens) };
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

/** A validated model answer → a paper note. Verified repository facts are added from our own data. */
export function paperNoteFromOutput(p: RankedPaper, out: PaperNoteOutput, config: BriefingConfig, tokens: { input: number; output: number }): PaperNote {
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
  const results = bullets(out.results, LIMITS.results);
  sections.push({ kind: 'results', body: results || `${ph.noNumbers}` });

  return {
    id: p.id,
    contribution: plainText(contribution),
    headline: plainText(out.headline).slice(0, 200) || undefined,
    sections,
    categories: categories.length ? categories : paperCategories(p, config),
    summarizer: 'llm',
    tokens,
  };
}

/**
 * A validated day answer → a day note. Ids and names the model gives are checked against the day:
 * unknown picks are replaced by the ranking, unknown follow names are dropped (the model cannot add
 * a repository that is not in its input).
 */
export function dayNoteFromOutput(
  day: RankedDay,
  out: DayNoteOutput,
  featured: { paper: RankedPaper; note: PaperNote }[],
  follows: ReturnType<typeof followCandidates>,
  config: BriefingConfig,
  tokens: { input: number; output: number },
): DayNote {
  const featuredIds = featured.map((f) => f.paper.id);
  const top: DayNote['top'] = [];
  for (const item of out.top) {
    const id = item.id.trim().replace(/v\d+$/, '');
    if (featuredIds.includes(id) && !top.some((x) => x.id === id) && top.length < LIMITS.top) top.push({ id, reason: clean(item.reason) });
  }
  const fallbackDay = top.length < Math.min(PICKS, featuredIds.length) ? extractiveDayNote(day, config, featured) : null;
  for (const item of fallbackDay?.top ?? []) {
    if (top.length >= Math.min(PICKS, featuredIds.length)) break;
    if (!top.some((x) => x.id === item.id)) top.push(item);
  }
  const altId = out.alternate?.id.trim().replace(/v\d+$/, '');
  const alternate = altId && featuredIds.includes(altId) && !top.some((x) => x.id === altId) ? { id: altId, reason: clean(out.alternate!.reason) } : null;

  const byName = new Map(follows.map((f) => [f.follow.name.toLowerCase(), f]));
  const follow: DayNote['follow'] = [];
  for (const item of out.follow) {
    const candidate = byName.get(item.name.trim().toLowerCase());
    if (candidate && !follow.some((x) => x.name === candidate.follow.name) && follow.length < LIMITS.follow) {
      follow.push({ name: candidate.follow.name, kind: candidate.follow.kind, reason: plainText(item.reason) });
    }
  }
  const language = config.language;
  return {
    summary: plainText(out.summary) || phrasesFor(language).summary({ papers: day.papers.length, topCategories: [], best: null }),
    overview: clean(out.overview),
    top,
    alternate,
    followNote: clean(out.followNote) || (follow.length ? '' : phrasesFor(language).followNone),
    follow,
    ideas: out.ideas
      .slice(0, LIMITS.ideas)
      .map((i) => ({ title: plainText(i.title).slice(0, 200), body: clean(i.body) }))
      .filter((i) => i.title || i.body),
    routes: out.routes
      .slice(0, LIMITS.routes)
      .map((r) => ({ theme: plainText(r.theme).slice(0, 120), path: clean(r.path).replace(/\s*\n\s*/g, ' ') }))
      .filter((r) => r.theme && r.path),
    conclusion: clean(out.conclusion),
    summarizer: 'llm',
    tokens,
  };
}

