/**
 * `npm run eval:rank` — how well the ranking serves the reader (issue 10 §7), on today's code or any
 * later ranker, by replaying the corpus through the pipeline's public entry points:
 *
 *   labelled days   each day the reader labelled (the seeds, the feedback file) is replayed with
 *                   --replay into an EMPTY archive; the ranking handed to the writer and the briefing's
 *                   top 3 are scored: P@3, P@5 (relevant = gain ≥ 2), nDCG@10 (graded), the seed's
 *                   top 3 in ours, image/video-generation papers in our top 5, featured papers the
 *                   reader did not list; and the agreement of our primary category with the reader's
 *   --month         2026-05-01…2026-05-31 (or --from/--to) replayed into ONE archive: repeat figures
 *
 *   npm run eval:rank -- [--corpus DIR] [--seeds DIR] [--feedback FILE] [--month | --from D --to D] [--json FILE]
 *
 * Exit codes: 0 measured, 2 bad flags or no data to measure.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { config as baseConfig } from '../../src/config.ts';
import { type BriefingConfig } from '../../briefing.config.ts';
import type { Briefing, BriefingDraft } from '../../src/schema/briefing.ts';
import { loadTitleIndex } from '../legacy/resolve.ts';
import { readBriefingFile } from '../mdx/write.ts';
import type { RankedDay } from '../pipeline/types.ts';
import { createWriter } from '../writers/index.ts';
import { addFeedback, readFeedback, readSeeds, type LabelledDay } from './labels.ts';
import { categoryAgreement, gainOf, hitsInTop, mean, ndcgAt, precisionAt, repeatStats, type Agreement, type AgreementItem, type RepeatStats } from './metrics.ts';
import { dateRange, parseFlags, runCommand } from './cli.ts';
import { briefingsDirOf, daysFrom, defaultSeedsDir, EvalUsageError, repoRoot, replayDays, tempRoot } from './replay.ts';
import { countOf, fixed, formatTable, shorten } from './table.ts';

export const RANK_USAGE = `Usage: npm run eval:rank -- [--corpus DIR] [--seeds DIR] [--feedback FILE] [--month | --from D --to D] [--json FILE]

  --corpus DIR     an extracted corpus or replay folder (DIR/hf/YYYY-MM-DD.json); default: ../shared/corpus
                   /hf-daily-papers.tar.xz extracted to a temporary folder
  --seeds DIR      the reader's own briefings (labels); default ../shared/seeds
  --feedback FILE  likes and dislikes (JSON lines); default content/reader/feedback.jsonl (optional)
  --month          also replay 2026-05-01…2026-05-31 into one archive and report repeats
  --from D --to D  the same over another range
  --json FILE      write every figure as JSON
  --help           show this help`;

/** Seed labels that name image or video generation (the reader's own words win over our guess). */
const GENERATION_LABEL = /\b(image|video|visual)\b[^/]*\b(generation|editing|synthesis|generative)\b|\b(text|image)-to-(image|video)\b|agentic image|图像生成|视频生成|视觉生成|图像编辑/i;

/** Titles that name image or video generation, editing or synthesis (a fixed yardstick beside the taxonomy guess). */
const GENERATION_TITLE = /\b(image|video|visual|3d|4d|scene)s?\b[\w\s-]{0,24}\b(generation|editing|synthesis|generator|generative)\b|\b(text|image)-to-(image|video|3d)\b/i;

/** The taxonomy category for image and video generation (our guess for papers the reader did not label). */
function generationSlug(config: BriefingConfig): string | null {
  return config.taxonomy.find((c) => /\bgeneration\b/i.test(c.en) || /生成/.test(c.zh))?.slug ?? null;
}

export interface RankArgs {
  corpus?: string;
  seeds: string;
  feedback: string;
  range: { from: string; to: string } | null;
  json?: string;
  help: boolean;
}

export function parseRankArgs(argv: string[]): RankArgs {
  const values = parseFlags(argv, {
    seeds: { type: 'string' },
    feedback: { type: 'string' },
    month: { type: 'boolean', default: false },
  });
  const given = dateRange(values.from, values.to);
  if (values.month && given) throw new EvalUsageError('--month cannot be combined with --from/--to');
  const range = given ?? (values.month ? { from: '2026-05-01', to: '2026-05-31' } : null);
  return {
    ...(values.corpus ? { corpus: values.corpus } : {}),
    seeds: path.resolve(values.seeds ?? defaultSeedsDir),
    feedback: path.resolve(repoRoot, values.feedback ?? 'content/reader/feedback.jsonl'),
    range,
    ...(values.json ? { json: values.json } : {}),
    help: Boolean(values.help),
  };
}

// ---------------------------------------------------------------------------------------------------
// One labelled day
// ---------------------------------------------------------------------------------------------------

export interface PaperLine {
  id: string;
  title: string;
  gain: number;
  categories: string[];
  generation: boolean;
}

export interface DayScore {
  date: string;
  sources: string[];
  outcome: string;
  /** The listing days the replayed briefing covered ("2026-05-01…2026-05-02, widened"). */
  window: string;
  /** Papers the pipeline ranked (the pool). */
  pool: number;
  labelled: number;
  /** Labelled papers (gain > 0) the replayed day did not offer at all (outside its window). */
  notInPool: Array<{ id: string; title: string; gain: number }>;
  p3: number | null;
  p5: number | null;
  ndcg10: number | null;
  /** The seed's top 3 found in the briefing's top 3 (its picks; the ranking's first 3 if it has none). */
  seedTopHits: number;
  seedTop: number;
  ourTop3: PaperLine[];
  top5: PaperLine[];
  generationInTop5: number;
  featured: number;
  /** Featured papers the reader did not list (gain 0). */
  featuredGain0: PaperLine[];
  /** Featured papers the ranker itself scored at relevance 0. */
  featuredRelevance0: PaperLine[];
  agreement: Agreement;
  agreementItems: Array<AgreementItem & { id: string; title: string }>;
  unmatched: string[];
}

/** Scores one replayed day against its labels. Pure. */
export function scoreDay(labels: LabelledDay, ranked: RankedDay | null, draft: BriefingDraft | null, config: BriefingConfig, outcome = 'published'): DayScore {
  const w = ranked?.window;
  const papers = ranked?.papers ?? [];
  const ids = papers.map((p) => p.id);
  const pool = new Set(ids);
  const briefed = new Map((draft?.frontmatter.papers ?? []).map((p) => [p.id, p]));
  const genSlug = generationSlug(config);
  const categoriesOf = (id: string): string[] => briefed.get(id)?.category ?? papers.find((p) => p.id === id)?.categories ?? [];
  const line = (id: string): PaperLine => {
    const seed = labels.papers.get(id);
    const categories = categoriesOf(id);
    const title = papers.find((p) => p.id === id)?.title ?? seed?.title ?? id;
    const generation = seed?.labelText ? GENERATION_LABEL.test(seed.labelText) : (genSlug !== null && categories.includes(genSlug)) || GENERATION_TITLE.test(title);
    return { id, title, gain: gainOf(labels.gains, id), categories, generation };
  };
  const picks = (draft?.frontmatter.papers ?? []).filter((p) => p.pick).map((p) => p.id);
  const ourTop3 = (picks.length ? picks : ids).slice(0, 3);
  const featured = (draft?.frontmatter.papers ?? []).filter((p) => p.featured);
  const top5 = ids.slice(0, 5).map(line);
  const hasLabels = [...labels.gains.values()].some((g) => g > 0) || labels.dislikes.length > 0;
  const agreementItems = [...labels.papers.values()]
    .filter((p) => p.slugs.length > 0)
    .map((p) => ({ id: p.id, title: p.title, ours: pool.has(p.id) || briefed.has(p.id) ? (categoriesOf(p.id)[0] ?? null) : null, seed: p.slugs }));
  return {
    date: labels.date,
    sources: labels.sources,
    outcome,
    window: w ? `${w.from}…${w.to}${w.widened ? ', widened' : ''}` : '–',
    pool: ids.length,
    labelled: [...labels.gains.values()].filter((g) => g > 0).length,
    notInPool: [...labels.gains]
      .filter(([id, g]) => g > 0 && !pool.has(id))
      .map(([id, gain]) => ({ id, title: labels.papers.get(id)?.title ?? id, gain }))
      .sort((a, b) => b.gain - a.gain || a.id.localeCompare(b.id)),
    p3: hasLabels && ids.length ? precisionAt(ids, labels.gains, 3) : null,
    p5: hasLabels && ids.length ? precisionAt(ids, labels.gains, 5) : null,
    ndcg10: ndcgAt(ids, labels.gains, 10),
    seedTopHits: hitsInTop(ourTop3, labels.top, 3),
    seedTop: labels.top.length,
    ourTop3: ourTop3.map(line),
    top5,
    generationInTop5: top5.filter((p) => p.generation).length,
    featured: featured.length,
    featuredGain0: featured.filter((p) => gainOf(labels.gains, p.id) === 0).map((p) => line(p.id)),
    featuredRelevance0: featured.filter((p) => p.relevance === 0).map((p) => line(p.id)),
    agreement: categoryAgreement(agreementItems),
    agreementItems,
    unmatched: labels.unmatched,
  };
}

// ---------------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------------

const flag = (p: PaperLine) => `${p.gain}${p.generation ? ' gen' : ''}`;

export function formatDayTable(scores: readonly DayScore[]): string {
  const rows = scores.map((s) => [
    s.date,
    String(s.labelled),
    String(s.pool),
    fixed(s.p3),
    fixed(s.p5),
    fixed(s.ndcg10),
    s.seedTop ? `${s.seedTopHits} of ${s.seedTop}` : '–',
    `${s.generationInTop5} of ${Math.min(5, s.pool)}`,
    `${s.featuredGain0.length} of ${s.featured}`,
    `${s.featuredRelevance0.length} of ${s.featured}`,
  ]);
  const seeded = scores.filter((s) => s.seedTop > 0);
  rows.push([
    'mean',
    '',
    '',
    fixed(mean(scores.map((s) => s.p3))),
    fixed(mean(scores.map((s) => s.p5))),
    fixed(mean(scores.map((s) => s.ndcg10))),
    seeded.length ? `${fixed(mean(seeded.map((s) => s.seedTopHits)), 1)} of 3` : '–',
    fixed(mean(scores.map((s) => s.generationInTop5)), 1),
    fixed(mean(scores.map((s) => s.featuredGain0.length)), 1),
    fixed(mean(scores.map((s) => s.featuredRelevance0.length)), 1),
  ]);
  return formatTable(
    [
      { title: 'day' },
      { title: 'labelled', align: 'right' },
      { title: 'pool', align: 'right' },
      { title: 'P@3', align: 'right' },
      { title: 'P@5', align: 'right' },
      { title: 'nDCG@10', align: 'right' },
      { title: 'seed top-3 in our top-3' },
      { title: 'image/video gen in top 5' },
      { title: 'featured, not listed by reader' },
      { title: 'featured, relevance 0' },
    ],
    rows,
  );
}

export function formatDayDetails(s: DayScore): string {
  const out: string[] = [`${s.date} (${s.sources.join(', ')}): ${s.outcome}; listing days ${s.window}; ${s.pool} papers ranked`];
  out.push(`  our top 3 (the briefing's picks): ${s.ourTop3.map((p) => `${shorten(p.title, 40)} [${flag(p)}]`).join(' · ')}`);
  out.push(`  our top 5 (ranking): ${s.top5.map((p, i) => `${i + 1}. ${shorten(p.title, 40)} [${flag(p)}]`).join(' · ')}`);
  if (s.featuredGain0.length) out.push(`  featured, not listed by the reader: ${s.featuredGain0.map((p) => shorten(p.title, 40)).join(' · ')}`);
  if (s.notInPool.length) out.push(`  labelled but not in the replayed day: ${s.notInPool.map((p) => `${shorten(p.title, 40)} [${p.gain}]`).join(' · ')}`);
  if (s.unmatched.length) out.push(`  seed titles matched to no paper: ${s.unmatched.map((t) => shorten(t, 50)).join(' · ')}`);
  const disagree = s.agreementItems.filter((i) => i.ours !== null && !i.seed.includes(i.ours));
  if (disagree.length) out.push(`  categories unlike the reader's: ${disagree.map((i) => `${shorten(i.title, 40)} (ours ${i.ours}; reader ${i.seed.join('/')})`).join(' · ')}`);
  return out.join('\n');
}

export function formatAgreementTable(scores: readonly DayScore[]): string {
  const rows = scores
    .filter((s) => s.agreementItems.length)
    .map((s) => {
      const a = s.agreement;
      const outside = s.agreementItems.filter((i) => i.ours === null).length;
      return [s.date, String(s.agreementItems.length), String(outside), countOf(a.first, a.compared), countOf(a.any, a.compared)];
    });
  const total = scores.reduce((t, s) => ({ compared: t.compared + s.agreement.compared, first: t.first + s.agreement.first, any: t.any + s.agreement.any }), { compared: 0, first: 0, any: 0 });
  const items = scores.reduce((n, s) => n + s.agreementItems.length, 0);
  const outside = scores.reduce((n, s) => n + s.agreementItems.filter((i) => i.ours === null).length, 0);
  rows.push(['all', String(items), String(outside), countOf(total.first, total.compared), countOf(total.any, total.compared)]);
  return formatTable(
    [{ title: 'day' }, { title: 'labelled papers', align: 'right' }, { title: 'not in our day', align: 'right' }, { title: "our primary = seed's first label" }, { title: "our primary among seed's labels" }],
    rows,
  );
}

export interface MonthFigures extends RepeatStats {
  from: string;
  to: string;
  outcomes: Record<string, number>;
  /** Featured papers the ranker scored at relevance 0, per briefing. */
  featuredRelevance0: Array<{ date: string; featured: number; relevance0: number }>;
}

function relevance0Line(m: MonthFigures): string {
  const total = m.featuredRelevance0.reduce((t, d) => ({ f: t.f + d.featured, r: t.r + d.relevance0 }), { f: 0, r: 0 });
  const worst = [...m.featuredRelevance0].sort((a, b) => b.relevance0 - a.relevance0 || a.date.localeCompare(b.date))[0];
  return `${countOf(total.r, total.f)}${worst && worst.relevance0 > 0 ? `; most on ${worst.date}: ${worst.relevance0} of ${worst.featured}` : ''}`;
}

export function formatMonth(m: MonthFigures): string {
  // Counted over the archive's rows, as a category page that lists every row would count them (the site
  // also shows each paper once, src/data/archive.ts; this figure is about what the pipeline wrote).
  const over = m.categories.filter((c) => c.entries !== c.distinct).sort((a, b) => b.entries - b.distinct - (a.entries - a.distinct) || a.slug.localeCompare(b.slug));
  const summary = formatTable(
    [{ title: `${m.from} … ${m.to}, one archive` }, { title: 'value' }],
    [
      ['briefings written', `${m.briefings} (${Object.entries(m.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')})`],
      ['paper rows', String(m.rows)],
      ['distinct papers', String(m.distinct)],
      ['papers listed as new in ≥ 2 briefings', String(m.repeated.length)],
      ['briefings of only already-shown papers', `${m.allSeen.length} of ${m.briefings}${m.allSeen.length ? ` (${m.allSeen.join(', ')})` : ''}`],
      ['featured papers at ranker relevance 0', relevance0Line(m)],
      ['categories whose rows exceed their papers', `${over.length} of ${m.categories.filter((c) => c.distinct > 0).length}`],
    ],
  );
  const cats = formatTable(
    [{ title: 'category' }, { title: 'rows', align: 'right' }, { title: 'distinct papers', align: 'right' }],
    (over.length ? over : m.categories.filter((c) => c.distinct > 0)).map((c) => [c.slug, String(c.entries), String(c.distinct)]),
  );
  return `${summary}\n\n${cats}`;
}

// ---------------------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------------------

const writerNow = () => new Date('2026-01-01T00:00:00Z');
/** The default writer (extractive: no key, no network); the ranking is what is measured. */
const evalConfig = (): BriefingConfig => ({ ...baseConfig, writer: { ...baseConfig.writer, kind: 'extractive' } });
const extractive = (config: BriefingConfig, env: Record<string, string | undefined>) => createWriter(config, env, { now: writerNow });

async function replayLabelled(days: readonly LabelledDay[], corpus: string, config: BriefingConfig): Promise<DayScore[]> {
  const scores: DayScore[] = [];
  for (const labels of days) {
    const tmp = tempRoot('pb-eval-rank-');
    try {
      await replayDays([labels.date], {
        corpus,
        root: tmp.root,
        config,
        createWriter: extractive,
        onDay: (d) => {
          scores.push(scoreDay(labels, d.ranked, d.written?.draft ?? null, config, `${d.result.outcome}${d.result.outcome === 'published' ? '' : `: ${d.result.reason}`}`));
        },
      });
    } finally {
      tmp.cleanup();
    }
  }
  return scores;
}

async function replayMonth(range: { from: string; to: string }, corpus: string, config: BriefingConfig): Promise<MonthFigures> {
  const tmp = tempRoot('pb-eval-month-');
  const outcomes: Record<string, number> = {};
  try {
    await replayDays(daysFrom(range.from, range.to), {
      corpus,
      root: tmp.root,
      config,
      createWriter: extractive,
      onDay: (d) => {
        outcomes[d.result.outcome] = (outcomes[d.result.outcome] ?? 0) + 1;
      },
    });
    // Read the briefings back as written: the rows the pipeline wrote, before any dedupe by the site.
    const dir = briefingsDirOf(tmp.root, config);
    const entries: Array<{ id: string; data: Briefing }> = [];
    for (const date of daysFrom(range.from, range.to)) {
      const file = path.join(dir, `${date}.mdx`);
      if (!existsSync(file)) continue;
      entries.push({ id: date, data: (await readBriefingFile(file, config)).frontmatter });
    }
    const stats = repeatStats(entries.map((e) => ({ date: e.data.date, papers: e.data.papers.map((p) => ({ id: p.id, category: p.category, back: Boolean((p as { back?: unknown }).back) })) })));
    const featuredRelevance0 = entries.map((e) => {
      const featured = e.data.papers.filter((p) => p.featured);
      return { date: e.data.date, featured: featured.length, relevance0: featured.filter((p) => p.relevance === 0).length };
    });
    return { ...stats, from: range.from, to: range.to, outcomes, featuredRelevance0 };
  } finally {
    tmp.cleanup();
  }
}

export function main(argv: string[]): Promise<number> {
  return runCommand('eval:rank', RANK_USAGE, parseRankArgs, argv, async (args, corpus) => {
    const config = evalConfig();
    const titleIndex = await loadTitleIndex({ listings: [path.join(corpus.dir, 'hf')] });
    let days: LabelledDay[] = [];
    const notes: string[] = [];
    if (existsSync(args.seeds)) {
      const seeds = readSeeds(args.seeds, titleIndex);
      days = seeds.days;
      notes.push(...seeds.skipped.map((s) => `seeds: ${s}`));
    } else notes.push(`seeds: ${args.seeds} is absent; no seed labels`);
    const votes = readFeedback(args.feedback);
    if (votes.length) days = addFeedback(days, votes, path.relative(repoRoot, args.feedback));
    else notes.push(`feedback: ${path.relative(repoRoot, args.feedback) || args.feedback} has no votes (optional)`);
    if (!days.length && !args.range) {
      process.stderr.write(`eval:rank: nothing to measure: no labelled days (${notes.join('; ')}) and no --month/--from/--to\n`);
      return 2;
    }
    const out: string[] = [`eval:rank — ${days.length} labelled day(s), each replayed from ${args.corpus ?? 'the shared corpus'} into an empty archive`];
    out.push(...notes.map((n) => `  note: ${n}`), '');
    const scores = await replayLabelled(days, corpus.dir, config);
    if (scores.length) {
      out.push(formatDayTable(scores), '', ...scores.map(formatDayDetails), '', "Category agreement with the reader's labels (mapped by the legacy importer):", formatAgreementTable(scores), '');
    }
    let month: MonthFigures | null = null;
    if (args.range) {
      month = await replayMonth(args.range, corpus.dir, config);
      out.push('Repeats:', formatMonth(month), '');
    }
    return { text: out.join('\n'), json: { days: scores, month } };
  });
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
