/**
 * `npm run eval:writer` — how the writers write (issue 11 §6), on today's code or any later writer, by
 * replaying the corpus through the pipeline's public entry points (`runBriefing` with a capturing
 * writer from `createWriter`) and measuring the drafts:
 *
 *   extractive (default)  every corpus day as consecutive briefings, as a daily run would (the first
 *                         listing day + 1 … the last + 1; --from/--to to narrow): Latin-letter share,
 *                         dangling openings, cuts, LaTeX residue, broken splits, boilerplate, template
 *                         ideas, the reader's name, ASCII punctuation in Chinese, repeated sentences
 *   --llm                 N consecutive days (default 3, ending 2026-05-31) with the LLM writer against a
 *                         local OpenAI-compatible server on 127.0.0.1 that answers from the response
 *                         schema (scripts/testing/schemaModel.ts): unsupported numbers, empty sections,
 *                         calls and tokens per day; --inject-numbers makes it invent numbers, --sparse
 *                         makes it answer the least the schema allows
 *
 *   npm run eval:writer -- [--corpus DIR] [--from D --to D] [--llm [--days N] [--inject-numbers] [--sparse]]
 *                          [--no-extractive] [--reader NAME] [--json FILE]
 *
 * Exit codes: 0 measured, 2 bad flags or no corpus.
 */
import { config as baseConfig } from '../../src/config.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import { addDays } from '../../lib/dates.ts';
import type { BriefingDraft } from '../../src/schema/briefing.ts';
import type { BriefingWriter, RankedDay, WriteResult } from '../pipeline/types.ts';
import { startMockOpenAI } from '../testing/openaiServer.ts';
import { createSchemaModel, type AnswerRecord } from '../testing/schemaModel.ts';
import { createWriter } from '../writers/index.ts';
import { supportedValues, unsupportedNumbers } from '../writers/numbers.ts';
import { dateRange, parseFlags, runCommand } from './cli.ts';
import { daysFrom, EvalUsageError, replayDays, tempRoot } from './replay.ts';
import { countOf, formatTable, percent, shorten } from './table.ts';
import { inLanguage, plainProse, proseStrings, sentencesOf, WritingTally, type RepeatedSentence, type WritingFigures } from './text-metrics.ts';

export const WRITER_USAGE = `Usage: npm run eval:writer -- [--corpus DIR] [--from D --to D] [--llm [--days N] [--inject-numbers] [--sparse]] [--no-extractive] [--reader NAME] [--json FILE]

  --corpus DIR       an extracted corpus or replay folder (DIR/hf/YYYY-MM-DD.json); default: ../shared/corpus
                     /hf-daily-papers.tar.xz extracted to a temporary folder
  --from D --to D    briefing dates to replay (default: every corpus listing day + 1, as a daily run would)
  --llm              also replay days with the LLM writer against a local schema-driven server
  --days N           days for --llm (default 3, ending on --to or 2026-05-31)
  --inject-numbers   the local model adds invented numbers to its answers
  --sparse           the local model answers the least its schema allows (one item per list)
  --no-extractive    skip the extractive replay
  --reader NAME      the reader's name to look for in write-ups (default: from the config or reader file)
  --json FILE        write every figure as JSON
  --help             show this help`;

export interface WriterArgs {
  corpus?: string;
  range: { from: string; to: string } | null;
  llm: boolean;
  days: number;
  injectNumbers: boolean;
  sparse: boolean;
  extractive: boolean;
  reader?: string;
  json?: string;
  help: boolean;
}

export function parseWriterArgs(argv: string[]): WriterArgs {
  const values = parseFlags(argv, {
    llm: { type: 'boolean', default: false },
    days: { type: 'string' },
    'inject-numbers': { type: 'boolean', default: false },
    sparse: { type: 'boolean', default: false },
    'no-extractive': { type: 'boolean', default: false },
    reader: { type: 'string' },
  });
  const range = dateRange(values.from, values.to);
  const days = values.days === undefined ? 3 : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 60) throw new EvalUsageError(`--days: expected a whole number from 1 to 60, got ${JSON.stringify(values.days)}`);
  for (const flag of ['days', 'inject-numbers', 'sparse'] as const) {
    if (values[flag] !== undefined && values[flag] !== false && !values.llm) throw new EvalUsageError(`--${flag} needs --llm`);
  }
  if (values['no-extractive'] && !values.llm) throw new EvalUsageError('--no-extractive leaves nothing to measure without --llm');
  return {
    ...(values.corpus ? { corpus: values.corpus } : {}),
    range,
    llm: Boolean(values.llm),
    days,
    injectNumbers: Boolean(values['inject-numbers']),
    sparse: Boolean(values.sparse),
    extractive: !values['no-extractive'],
    ...(values.reader ? { reader: values.reader } : {}),
    ...(values.json ? { json: values.json } : {}),
    help: Boolean(values.help),
  };
}

/** The reader's name the briefings use: the --reader flag, else the config's reader profile. */
export function readerName(config: BriefingConfig, flag: string | undefined): string {
  return flag || config.reader.name;
}

const writerNow = () => new Date('2026-01-01T00:00:00Z');

// ---------------------------------------------------------------------------------------------------
// The extractive replay
// ---------------------------------------------------------------------------------------------------

export interface ReplayFigures {
  from: string;
  to: string;
  outcomes: Record<string, number>;
  writing: WritingFigures;
}

type Env = Record<string, string | undefined>;

/** Replays `dates` into one temporary archive with the writer `makeWriter` builds (given that archive's root). */
async function replayWriting(
  dates: readonly string[],
  corpus: string,
  config: BriefingConfig,
  reader: string | null,
  makeWriter: (config: BriefingConfig, env: Env, root: string) => BriefingWriter,
  env: Env = {},
  each?: (d: { date: string; ranked: RankedDay; written: WriteResult }) => void,
): Promise<ReplayFigures> {
  const tmp = tempRoot('pb-eval-writer-');
  const tally = new WritingTally(reader);
  const outcomes: Record<string, number> = {};
  try {
    await replayDays(dates, {
      corpus,
      root: tmp.root,
      config,
      env,
      createWriter: (c, e) => makeWriter(c, e, tmp.root),
      onDay: (d) => {
        outcomes[d.result.outcome] = (outcomes[d.result.outcome] ?? 0) + 1;
        if (d.written && d.ranked) {
          tally.add(d.written.draft);
          each?.({ date: d.date, ranked: d.ranked, written: d.written });
        }
      },
    });
  } finally {
    tmp.cleanup();
  }
  return { from: dates[0]!, to: dates[dates.length - 1]!, outcomes, writing: tally.result() };
}

/**
 * The extractive replay of `npm run eval:writer`: every day of `range` (default: the corpus's listing days
 * + 1) written by the extractive writer into one temporary archive, measured. The corpus test
 * (tests/writers-text-corpus.test.ts) asserts on these figures.
 */
export async function replayExtractive(corpus: { dir: string; days: readonly string[] }, range: { from: string; to: string } | null = null, reader: string | null = readerName(baseConfig, undefined)): Promise<ReplayFigures> {
  const extractiveConfig: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'extractive' } };
  const r = range ?? { from: addDays(corpus.days[0]!, 1), to: addDays(corpus.days[corpus.days.length - 1]!, 1) };
  return replayWriting(daysFrom(r.from, r.to), corpus.dir, extractiveConfig, reader, (c, e) => createWriter(c, e, { now: writerNow }));
}

/** Issue 11's figures, measured on the code of its time, for the side-by-side column. */
const ISSUE_11 = {
  counted: '7,141 / 746',
  latin: '89%',
  dangling: '32.5%',
  cut: '4.4%',
  latex: '0.7%',
  keyword: '12.6%',
  noNumbers: '22.7%',
  noUsage: '59%',
  ideas: 'all 1,697',
  reader: 'every paper',
} as const;

function repeatedLines(list: readonly RepeatedSentence[], n = 5): string[] {
  return list.slice(0, n).map((r) => `    ${(100 * r.share).toFixed(1)}%  ${shorten(r.sentence, 110)}`);
}

/** The writing table; `withIssue` adds issue 11's figures beside ours, `details` the repeated sentences and examples. */
export function formatWriting(f: WritingFigures, reader: string | null, withIssue: boolean, details = true): string {
  const row = (figure: string, value: string, issue = '') => (withIssue ? [figure, value, issue] : [figure, value]);
  const rows = [
    row('write-ups / briefings', `${f.writeups.toLocaleString('en')} / ${f.briefings.toLocaleString('en')}`, ISSUE_11.counted),
    row('Latin letters in the rendered write-ups (headings, sections)', percent(f.latinShare ?? 0, 1), ISSUE_11.latin),
    row('Latin letters in write-up text with the contribution', percent(f.latinShareText ?? 0, 1)),
    row('contributions opening with a dangling connective', countOf(f.dangling, f.writeups), ISSUE_11.dangling),
    row('contributions cut with "…"', countOf(f.cutContributions, f.writeups)),
    row('write-ups with a rendered line cut with "…"', countOf(f.cutWriteups, f.writeups), ISSUE_11.cut),
    row('contributions with LaTeX residue', countOf(f.latexContributions, f.writeups), ISSUE_11.latex),
    row('  by kind', Object.entries(f.latexByKind).map(([k, n]) => `${k} ${n}`).join(', ')),
    row('write-ups with LaTeX residue anywhere', countOf(f.latexWriteups, f.writeups)),
    row('write-ups with a broken split ("from.To")', countOf(f.brokenSplits, f.writeups), 'some'),
    row('innovations that are bare keyword lists', countOf(f.keywordInnovations, f.innovations), ISSUE_11.keyword),
    row('results saying the abstract has no numbers', countOf(f.noNumbers, f.results), ISSUE_11.noNumbers),
    row('usage saying the abstract does not explain inputs/outputs', countOf(f.noUsage, f.usage), ISSUE_11.noUsage),
    row('ideas ending with a template sentence (shared by > 5%)', countOf(f.templateIdeas, f.ideas), ISSUE_11.ideas),
    row(`write-ups naming the reader${reader ? ` (${reader})` : ''}`, f.readerName === null ? 'reader name unknown' : countOf(f.readerName, f.writeups), ISSUE_11.reader),
    row('ASCII , ; : ( ) between Chinese characters', `${f.asciiBetween.toLocaleString('en')} in ${f.asciiBriefings} of ${f.chineseBriefings} Chinese briefings`),
    row('ASCII , ; : ( ) next to a Chinese character', f.asciiBeside.toLocaleString('en')),
    row('sentences in > 5% of write-ups (as written)', String(f.repeated.length)),
    row('sentences in > 5% of write-ups (digits masked)', String(f.repeatedMasked.length)),
  ];
  const table = formatTable(withIssue ? [{ title: 'figure' }, { title: 'measured' }, { title: 'issue 11 said' }] : [{ title: 'figure' }, { title: 'measured' }], rows);
  const out = [table];
  if (!details) return table;
  if (f.repeated.length) out.push('  most repeated sentences (share of write-ups):', ...repeatedLines(f.repeated));
  if (f.repeatedMasked.length) out.push('  most repeated templates, digits masked as #:', ...repeatedLines(f.repeatedMasked));
  if (f.ideaEndings.length) out.push('  idea endings shared by > 5% of ideas:', ...repeatedLines(f.ideaEndings, 3));
  const ex = f.examples;
  for (const [label, list] of [['dangling', ex.dangling], ['cut', ex.cut], ['LaTeX', ex.latex], ['broken split', ex.brokenSplit]] as const) {
    if (list.length) out.push(`  e.g. ${label}: ${list.map((s) => JSON.stringify(shorten(s, 90))).join(' · ')}`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// The LLM replay
// ---------------------------------------------------------------------------------------------------

export interface LlmDay {
  date: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  fallbacks: number;
  featured: number;
  /** Featured write-ups the model wrote (not the extractive fallback). */
  llmWriteups: number;
  followCandidates: number;
  follow: number;
  top: number;
  /** Top-3 reasons that are not the model's words (the writer fell back). */
  topFellBack: number;
  routes: number;
  routesWithoutLinks: number;
  others: number;
  othersNotInLanguage: number;
  /** Numbers in model sentences that reached the page and that the model's input does not hold. */
  unsupportedOnPage: string[];
  /** Numbers the local model invented, and how many of them reached the page. */
  injected: number;
  injectedOnPage: number;
  /** Model sentences the writer dropped for unsupported numbers (the briefing's generator.grounding). */
  dropped: number;
}

const squash = (s: string) => plainProse(s).replace(/\s+/g, ' ').trim();

/** Fields that name things (ids, candidate names, slugs) rather than say something. */
const NAMING_KEYS = new Set(['id', 'name', 'categories', 'category']);

/** The prose strings of a model answer. */
function proseLeaves(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) proseLeaves(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (!NAMING_KEYS.has(k)) proseLeaves(x, out);
  return out;
}

const LINK = /\]\([^)]+\)|https?:\/\/|(?:^|\s)#\d{4}\.\d{4,5}/;

/** The LLM figures of one day's draft, given what the local model was asked and said that day. Pure. */
export function llmDay(date: string, ranked: RankedDay, written: WriteResult, answers: readonly AnswerRecord[]): LlmDay {
  const draft: BriefingDraft = written.draft;
  const fm = draft.frontmatter;
  const papers = fm.papers ?? [];
  const featured = papers.filter((p) => p.featured);
  const others = papers.filter((p) => !p.featured);
  const page = squash(proseStrings(draft).join('\n'));
  const modelSentences = answers.flatMap((a) => proseLeaves(a.answer).flatMap((s) => sentencesOf(s).map(squash))).filter((s) => s.length >= 12);
  const fromModel = (text: string) => {
    const t = squash(text);
    return t.length > 0 && modelSentences.some((s) => t.includes(s));
  };
  // A model sentence that reached the page brings its numbers with it; those its input lacks are unsupported.
  const unsupportedOnPage: string[] = [];
  let injectedOnPage = 0;
  for (const a of answers) {
    const supported = supportedValues(a.given);
    for (const leaf of proseLeaves(a.answer)) {
      for (const sentence of sentencesOf(leaf)) {
        if (!page.includes(squash(sentence))) continue;
        const unsupported = unsupportedNumbers(sentence, supported);
        unsupportedOnPage.push(...unsupported);
        injectedOnPage += unsupported.filter((raw) => a.injected.includes(raw)).length;
      }
    }
  }
  const top = draft.body.top ?? [];
  const routes = draft.body.routes ?? [];
  return {
    date,
    calls: written.usage.calls,
    inputTokens: written.usage.inputTokens,
    outputTokens: written.usage.outputTokens,
    fallbacks: written.usage.fallbacks,
    featured: featured.length,
    llmWriteups: featured.filter((p) => p.summarizer === 'llm').length,
    followCandidates: ranked.follow.length,
    follow: (fm.follow ?? []).length,
    top: top.length,
    topFellBack: top.filter((t) => !fromModel(t.reason)).length,
    routes: routes.length,
    routesWithoutLinks: routes.filter((r) => !LINK.test(r.path)).length,
    others: others.length,
    othersNotInLanguage: others.filter((p) => !inLanguage(p.contribution ?? '', fm.language ?? 'zh-CN')).length,
    unsupportedOnPage,
    injected: answers.reduce((n, a) => n + a.injected.length, 0),
    injectedOnPage,
    dropped: (fm.generator as { grounding?: { dropped?: number } } | undefined)?.grounding?.dropped ?? 0,
  };
}

export function formatLlmDays(days: readonly LlmDay[]): string {
  const sum = (f: (d: LlmDay) => number) => days.reduce((n, d) => n + f(d), 0);
  const row = (label: string, f: (d: LlmDay) => string, total: string) => [label, ...days.map(f), total];
  const rows = [
    row('LLM calls', (d) => String(d.calls), String(sum((d) => d.calls))),
    row('input / output tokens', (d) => `${d.inputTokens} / ${d.outputTokens}`, `${sum((d) => d.inputTokens)} / ${sum((d) => d.outputTokens)}`),
    row('write-ups by the model (of featured)', (d) => `${d.llmWriteups} of ${d.featured}`, `${sum((d) => d.llmWriteups)} of ${sum((d) => d.featured)}`),
    row('fallbacks to extractive', (d) => String(d.fallbacks), String(sum((d) => d.fallbacks))),
    row('follow list (of candidates)', (d) => `${d.follow} of ${d.followCandidates}${d.follow === 0 && d.followCandidates > 0 ? ' EMPTY' : ''}`, `${days.filter((d) => d.follow === 0 && d.followCandidates > 0).length} empty`),
    row('top-3 reasons that fell back', (d) => `${d.topFellBack} of ${d.top}`, `${sum((d) => d.topFellBack)} of ${sum((d) => d.top)}`),
    row('reading routes without links', (d) => `${d.routesWithoutLinks} of ${d.routes}`, `${sum((d) => d.routesWithoutLinks)} of ${sum((d) => d.routes)}`),
    row('others-table rows not in the briefing language', (d) => `${d.othersNotInLanguage} of ${d.others}`, `${sum((d) => d.othersNotInLanguage)} of ${sum((d) => d.others)}`),
    row('unsupported numbers on the page', (d) => String(d.unsupportedOnPage.length), String(sum((d) => d.unsupportedOnPage.length))),
    row('invented numbers: injected / on the page', (d) => `${d.injected} / ${d.injectedOnPage}`, `${sum((d) => d.injected)} / ${sum((d) => d.injectedOnPage)}`),
    row('model sentences dropped for unsupported numbers', (d) => String(d.dropped), String(sum((d) => d.dropped))),
  ];
  const table = formatTable([{ title: 'figure' }, ...days.map((d) => ({ title: d.date })), { title: 'all days' }], rows);
  const examples = [...new Set(days.flatMap((d) => d.unsupportedOnPage))].slice(0, 8);
  return examples.length ? `${table}\n  e.g. unsupported: ${examples.join(', ')}` : table;
}

// ---------------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------------

export function main(argv: string[]): Promise<number> {
  return runCommand('eval:writer', WRITER_USAGE, parseWriterArgs, argv, async (args, corpus) => {
    const reader = readerName(baseConfig, args.reader);
    const out: string[] = [];
    const json: Record<string, unknown> = {};
    if (args.extractive) {
      const t0 = performance.now();
      const figures = await replayExtractive(corpus, args.range, reader);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      out.push(
        `eval:writer — extractive writer, briefings ${figures.from} … ${figures.to} replayed as consecutive days into one archive (${Object.entries(figures.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}; ${seconds} s)`,
        formatWriting(figures.writing, reader, !args.range),
        '',
      );
      json.extractive = figures;
    }
    if (args.llm) {
      const to = args.range?.to ?? (corpus.days.includes('2026-05-29') ? '2026-05-31' : addDays(corpus.days[corpus.days.length - 1]!, 1));
      const dates = daysFrom(addDays(to, -(args.days - 1)), to);
      const model = createSchemaModel({ injectNumbers: args.injectNumbers, sparse: args.sparse });
      const server = await startMockOpenAI(model.script);
      const env = { OPENAI_API_KEY: 'eval-local-server', OPENAI_BASE_URL: server.baseURL };
      const llmConfig: BriefingConfig = { ...baseConfig, writer: { ...baseConfig.writer, kind: 'llm', baseUrl: server.baseURL } };
      const days: LlmDay[] = [];
      const warnings: string[] = [];
      let seen = 0;
      try {
        const figures = await replayWriting(
          dates,
          corpus.dir,
          llmConfig,
          reader,
          // The LLM cache goes to the temporary archive's root, so every run asks the model afresh.
          (c, e, root) => createWriter(c, e, { now: writerNow, cwd: root, log: (m: string) => warnings.push(m) }),
          env,
          (d) => {
            const answers = model.answers.slice(seen);
            seen = model.answers.length;
            days.push(llmDay(d.date, d.ranked, d.written, answers));
          },
        );
        const mode = [args.injectNumbers ? 'inventing numbers' : 'grounded answers', args.sparse ? 'sparse (one item per list)' : 'as many items as each field asks'].join(', ');
        out.push(
          `eval:writer — LLM writer, ${dates[0]} … ${dates[dates.length - 1]} into one archive, against a local schema-driven server on 127.0.0.1 (${mode})`,
          formatLlmDays(days),
          '',
          "The same writing figures (the local model's text is scripted, so they describe the writer's own scaffolding and fallbacks, not a real model's prose):",
          formatWriting(figures.writing, reader, false, false),
          ...(warnings.length ? ['', `  writer warnings (${warnings.length}): ${warnings.slice(0, 3).map((w) => shorten(w, 120)).join(' · ')}`] : []),
          '',
        );
        json.llm = { mode: { injectNumbers: args.injectNumbers, sparse: args.sparse }, days, writing: figures.writing };
      } finally {
        await server.close();
      }
    }
    return { text: out.join('\n'), json };
  });
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

