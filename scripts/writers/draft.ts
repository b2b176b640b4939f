/**
 * Assembles a `BriefingDraft` from a ranked day plus the notes a writer produced: one `PaperNote` per
 * featured paper and one `DayNote` for the day. Both writers end here, so the frontmatter facts are
 * built the same way whichever wrote the prose.
 */
import { sentences } from '../../src/i18n/locale.ts';
import type { BriefingConfig, Language } from '../../briefing.config.ts';
import type { BriefingDraft, Follow, Generator, ProseSection, SummarizerKind } from '../../src/schema/briefing.ts';
import type { RankedDay, RankedPaper } from '../pipeline/types.ts';
import { dayCategories, followCandidates, GENERATOR_VERSION, paperFacts, PICKS } from './facts.ts';
import { phrasesFor } from './phrases.ts';
import { escapeLiteral } from '../mdx/escape.ts';
import { rankPhrases } from '../rank/phrases.ts';
import { shortTitle } from './text.ts';

/** The write-up of one featured paper. Section bodies are Markdown, safe to hand to the renderer. */
export interface PaperNote {
  id: string;
  /** Plain text, for the frontmatter and the others table. */
  contribution: string;
  headline?: string;
  sections: ProseSection[];
  /** Taxonomy slugs, when the writer refined the ranker's. */
  categories?: string[];
  summarizer: SummarizerKind;
  /** Tokens this note cost when it was written (cached notes keep their original cost). */
  tokens: { input: number; output: number };
  /** Model sentences dropped for unsupported numbers. */
  grounding?: Grounding;
  /** The title in the briefing's language (LLM writer). */
  localTitle?: string;
  /** The model's shortest say on why the paper matters (a pick's reason when the day call gave none). */
  gist?: string;
  /** Why an LLM run wrote this note extractively. */
  fallback?: string;
}

/** Model sentences dropped because a number in them is not in the model's input, and those numbers. */
export interface Grounding {
  dropped: number;
  numbers: string[];
}

/** The day-level prose. Strings are Markdown unless noted. */
export interface DayNote {
  /** Plain text: the one-line conclusion in the frontmatter. */
  summary: string;
  overview: string;
  top: { id: string; reason: string }[];
  alternate: { id: string; reason: string } | null;
  followNote: string;
  /** The follow list, in order, with a reason each (plain text). */
  follow: { name: string; kind: Follow['kind']; reason: string }[];
  ideas: { title: string; body: string }[];
  routes: { theme: string; path: string }[];
  conclusion: string;
  summarizer: SummarizerKind;
  tokens: { input: number; output: number };
  grounding?: Grounding;
  /** Why an LLM run wrote the day's prose extractively. */
  fallback?: string;
}

export interface AssembleOptions {
  /** Featured papers, best first, each with its note. */
  featured: { paper: RankedPaper; note: PaperNote }[];
  /** One-line contributions of the other papers (plain text). */
  otherContributions: Map<string, string>;
  day: DayNote;
  model: string | null;
  /** The LLM provider (`openai`, `github-models`). */
  provider?: string;
  promptVersion?: string;
  now: Date;
  /** Titles in the briefing's language, by paper id. */
  localTitles?: Map<string, string>;
  /** Grounding and tokens of calls other than the notes' (the others table). */
  extraGrounding?: Grounding;
  extraTokens?: { input: number; output: number };
  /** Why some rows of the others table are not the model's (null: all are). */
  othersFallback?: string | null;
}

/**
 * How many of the day's papers get a write-up: those above the ranker's relevance floor, at most
 * `writer.topK` (scripts/rank/floor.ts). A day without a cut (hand-made fixtures) counts every paper.
 */
export function featuredCount(day: RankedDay, config: BriefingConfig): number {
  const relevant = day.cut ? Math.min(day.cut.relevant, day.papers.length) : day.papers.length;
  return Math.min(relevant, Math.max(0, config.writer.topK));
}

/**
 * The ranker's own lines for the overview, in the briefing language: how many papers were screened and
 * found relevant, and on a thin day that nothing relates directly, with the closest near-misses named as
 * such (never as picks). Empty for a day without a cut.
 */
export function rankNotes(day: RankedDay, language: Language, featured: number): string[] {
  if (!day.cut) return [];
  const ph = rankPhrases(language);
  const notes = [ph.screened({ screened: day.cut.screened, listed: day.cut.listed, relevant: day.cut.relevant })];
  if (featured === 0) {
    notes.push(ph.noneRelevant);
    const near = day.papers.slice(0, 3).map((p) => phrasesFor(language).paper(escapeLiteral(shortTitle(p.title))));
    if (near.length) notes.push(ph.nearMisses(near));
  }
  return notes;
}

export function assembleDraft(day: RankedDay, config: BriefingConfig, o: AssembleOptions): BriefingDraft {
  const language: Language = config.language;
  const featuredIds = new Set(o.featured.map((f) => f.paper.id));
  const withTitle = <P extends { id: string; title: string }>(p: P): P => {
    const local = o.localTitles?.get(p.id);
    return local && local !== p.title ? { ...p, localTitle: local } : p;
  };
  const picks = new Set(o.day.top.map((t) => t.id).filter((id) => featuredIds.has(id)).slice(0, PICKS));

  const papers = day.papers.map((p) => {
    const featured = o.featured.find((f) => f.paper.id === p.id);
    if (featured) {
      return withTitle(
        paperFacts(p, day, config, {
          featured: true,
          pick: picks.has(p.id),
          contribution: featured.note.contribution,
          summarizer: featured.note.summarizer,
          categories: featured.note.categories,
        }),
      );
    }
    return withTitle(paperFacts(p, day, config, { featured: false, pick: false, contribution: o.otherContributions.get(p.id) ?? '', summarizer: 'extractive' }));
  });

  const candidates = new Map(followCandidates(day, config).map((c) => [`${c.follow.kind}:${c.follow.name.toLowerCase()}`, c.follow]));
  const follow: Follow[] = o.day.follow.flatMap((f) => {
    const base = candidates.get(`${f.kind}:${f.name.toLowerCase()}`);
    return base ? [{ ...base, reason: f.reason || base.reason }] : [];
  });

  const kinds = new Set<SummarizerKind>([...o.featured.map((f) => f.note.summarizer), o.day.summarizer]);
  const writer: Generator['writer'] = kinds.size === 1 ? ([...kinds][0] as Generator['writer']) : 'mixed';
  const tokens = [...o.featured.map((f) => f.note.tokens), o.day.tokens, o.extraTokens ?? { input: 0, output: 0 }].reduce(
    (acc, t) => ({ input: acc.input + t.input, output: acc.output + t.output }),
    { input: 0, output: 0 },
  );
  const groundings = [...o.featured.map((f) => f.note.grounding), o.day.grounding, o.extraGrounding].filter((g): g is Grounding => Boolean(g));
  const grounding = { dropped: groundings.reduce((n, g) => n + g.dropped, 0), numbers: [...new Set(groundings.flatMap((g) => g.numbers))].slice(0, 50) };
  // In an LLM briefing: what the model did not write, and the first reason given.
  const fallbackPapers = o.featured.filter((f) => f.note.summarizer !== 'llm').map((f) => f.paper.id);
  const reasons = [...o.featured.map((f) => f.note.fallback), o.day.fallback, o.othersFallback ?? undefined].filter((r): r is string => Boolean(r));
  // Only for an LLM writer's run (a model was named): an extractive run has nothing that fell back.
  const fallback =
    o.model !== null && (fallbackPapers.length || o.day.summarizer !== 'llm' || o.othersFallback)
      ? { papers: fallbackPapers, day: o.day.summarizer !== 'llm', others: Boolean(o.othersFallback), reason: reasons[0] ?? '' }
      : null;

  const titleOf = (id: string) => day.papers.find((p) => p.id === id)?.title ?? id;
  return {
    frontmatter: {
      date: day.date,
      title: phrasesFor(language).title(day.date),
      // A thin day says so first: the one-line conclusion must not read as if something relevant came out.
      summary: o.featured.length === 0 && day.cut ? sentences(language, [rankPhrases(language).noneRelevant, o.day.summary]) : o.day.summary,
      language,
      window: day.window,
      sources: day.sources,
      categories: dayCategories(papers as { category: string[] }[], config),
      papers,
      follow,
      covered: day.covered,
      generator: {
        name: 'paper-briefing',
        version: GENERATOR_VERSION,
        writer,
        model: writer === 'extractive' ? null : o.model,
        ...(writer === 'extractive' ? {} : { ...(o.provider ? { provider: o.provider } : {}), promptVersion: o.promptVersion, tokens, grounding }),
        // An LLM run that wrote everything extractively (GitHub Models said 429/403) still says why.
        ...(fallback ? { ...(writer === 'extractive' && o.provider ? { provider: o.provider } : {}), fallback } : {}),
        generatedAt: o.now.toISOString(),
      },
    },
    body: {
      overview: [...rankNotes(day, language, o.featured.length), o.day.overview].filter((s) => s.trim() !== '').join('\n\n'),
      writeups: o.featured.map((f) => ({ id: f.paper.id, ...(f.note.headline ? { headline: f.note.headline } : {}), sections: f.note.sections })),
      top: o.day.top.filter((t) => featuredIds.has(t.id)).map((t) => ({ id: t.id, title: titleOf(t.id), reason: t.reason })),
      ...(o.day.alternate && featuredIds.has(o.day.alternate.id)
        ? { alternate: { id: o.day.alternate.id, title: titleOf(o.day.alternate.id), reason: o.day.alternate.reason } }
        : {}),
      followNote: o.day.followNote,
      ideas: o.day.ideas,
      routes: o.day.routes,
      conclusion: o.day.conclusion,
      extra: [],
    },
  };
}
