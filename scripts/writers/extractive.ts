/**
 * The extractive writer: no key, no network, deterministic. Every statement about a paper is a
 * sentence quoted from its abstract or its Hugging Face AI summary, chosen by role (contribution,
 * problem, method, results, usage); the prose around the quotes is in the briefing's language and only
 * arranges and labels them. Relation to the reader comes from the ranker's matched interests, picks
 * from the ranking, the follow list from verified stars. The briefing says it was written without an LLM.
 *
 * Quoted text goes through `escapeLiteral`, so it renders exactly as written inside Markdown prose.
 */
import type { BriefingConfig } from '../../briefing.config.ts';
import { categoryLabel } from '../../src/schema/taxonomy.ts';
import type { ProseSection } from '../../src/schema/briefing.ts';
import { escapeLiteral } from '../mdx/escape.ts';
import { colon, prose } from '../../src/i18n/locale.ts';
import type { BriefingWriter, RankedDay, RankedPaper, WriteResult } from '../pipeline/types.ts';
import { assembleDraft, featuredCount, type DayNote, type PaperNote } from './draft.ts';
import { categoryCounts, checkRankedDay, followCandidates, interestLabel, isoDate, markdownLink, matchedInterests, paperCategories, paperRepo, PICKS, verifiedStars } from './facts.ts';
import { phrasesFor } from './phrases.ts';
import { feedbackReasonText } from '../rank/rank.ts';
import { abstractSentences, cleanProse, fittingSentence, pickSentences, shortTitle, splitSentences } from './text.ts';

const lit = escapeLiteral;
const ZERO = { input: 0, output: 0 } as const;

export interface ExtractiveOptions {
  /** Clock for `generator.generatedAt` (tests pin it). */
  now?: () => Date;
}

export function createExtractiveWriter(config: BriefingConfig, options: ExtractiveOptions = {}): BriefingWriter {
  const now = options.now ?? (() => new Date());
  return {
    kind: 'extractive',
    async write(day: RankedDay): Promise<WriteResult> {
      return { draft: writeExtractive(day, config, now()), usage: { calls: 0, inputTokens: 0, outputTokens: 0, cached: 0, fallbacks: 0 } };
    },
  };
}

/** The whole extractive briefing of a day. Pure. */
export function writeExtractive(day: RankedDay, config: BriefingConfig, now: Date) {
  checkRankedDay(day);
  const k = featuredCount(day, config);
  const featured = day.papers.slice(0, k).map((paper, i) => ({ paper, note: extractivePaperNote(paper, config, { rank: i + 1, total: day.papers.length }) }));
  const otherContributions = new Map(day.papers.slice(k).map((p) => [p.id, extractiveContribution(p)]));
  const dayNote = extractiveDayNote(day, config, featured);
  return assembleDraft(day, config, { featured, otherContributions, day: dayNote, model: null, now });
}

interface PaperText {
  picks: ReturnType<typeof pickSentences>;
  aiSummary: string | null;
}

/** The paper's sentences by role (text.ts: TeX read, openings trimmed, nothing cut). */
function paperText(p: RankedPaper): PaperText {
  const aiSummary = cleanProse(p.aiSummary ?? '') || null;
  const picks = pickSentences(abstractSentences(p.abstract ?? ''), { title: p.title, summary: aiSummary ? splitSentences(aiSummary) : [] });
  return { picks, aiSummary };
}

/**
 * The one-line contribution: the "we propose…" sentence, else the AI summary's, else the first
 * sentence that stands alone, else the title (see `pickSentences`).
 */
export function extractiveContribution(p: RankedPaper): string {
  return paperText(p).picks.contribution ?? cleanProse(p.title);
}

const bullet = (s: string) => `- ${lit(s)}`;

/** The write-up of one paper from its own text. Also the LLM writer's fallback for a failed paper. */
export function extractivePaperNote(p: RankedPaper, config: BriefingConfig, position: { rank: number; total: number }): PaperNote {
  const language = config.language;
  const ph = phrasesFor(language);
  const text = paperText(p);
  const { picks } = text;
  const contribution = picks.contribution ?? cleanProse(p.title);
  // The one-line contribution goes into the frontmatter; the site shows it in the paper's header.
  const sections: ProseSection[] = [];

  // Every section holds the paper's own sentences or verified facts; a section with nothing to say is
  // left out rather than filled with a stock sentence ("the abstract gives no numbers").
  const why: string[] = [];
  if (picks.problem.length) why.push(`- **${ph.problemLabel}**${colon(language)}${picks.problem.map(lit).join(' ')}`);
  if (text.aiSummary && text.aiSummary !== contribution && picks.contributionSource !== 'summary') why.push(`- **${ph.tldrLabel}**${colon(language)}${lit(text.aiSummary)}`);
  if (why.length) sections.push({ kind: 'why', body: why.join('\n') });

  const hits = matchedInterests(p, config, language);
  // Similarity to papers the reader liked (or the model trained on their feedback) is a reason too.
  const feedback = lit(feedbackReasonText(p.reasons ?? [], language));
  const relation = hits.length
    ? [ph.relation({ hits: hits.map((h) => ({ label: lit(h.label), keywords: h.keywords.map(lit) })), relevance: p.relevance }), feedback].filter(Boolean).join(' ')
    : feedback || ph.noRelation;
  sections.push({ kind: 'relation', body: relation });

  const usage: string[] = [];
  const repo = paperRepo(p);
  if (repo) {
    const url = p.repoFacts?.url ?? `https://github.com/${repo}`;
    usage.push(
      `- ${ph.code({
        link: markdownLink(lit(repo), url),
        stars: verifiedStars(p),
        verified: Boolean(p.repoFacts?.verified),
        pushed: p.repoFacts?.verified ? isoDate(p.repoFacts.pushedAt) : null,
        archived: Boolean(p.repoFacts?.archived),
      })}`,
    );
  }
  if (p.projectPage) usage.push(`- ${ph.projectPage(markdownLink(lit(p.projectPage), p.projectPage))}`);
  if (p.comment?.trim()) usage.push(`- ${ph.comment(lit(p.comment))}`);
  if (picks.usage.length) usage.push(`- **${ph.usageFromAbstract}**${colon(language)}${picks.usage.map(lit).join(' ')}`);
  if (usage.length) sections.push({ kind: 'usage', body: usage.join('\n') });

  if (picks.method.length) sections.push({ kind: 'innovations', body: picks.method.map(bullet).join('\n') });
  if (picks.results.length) sections.push({ kind: 'results', body: picks.results.map(bullet).join('\n') });

  const punctuated = sections.map((s) => ({ ...s, body: prose(language, s.body) }));
  return { id: p.id, contribution, sections: punctuated, categories: paperCategories(p, config), summarizer: 'extractive', tokens: { ...ZERO } };
}


/** The day-level prose from the ranking alone. Also the LLM writer's fallback for the day call. */
export function extractiveDayNote(day: RankedDay, config: BriefingConfig, featured: { paper: RankedPaper; note: PaperNote }[]): DayNote {
  const language = config.language;
  const ph = phrasesFor(language);
  const papers = day.papers;
  const title = (p: RankedPaper) => lit(shortTitle(p.title));
  const rankOf = new Map(papers.map((p, i) => [p.id, i + 1]));

  // Categories of all papers, as the frontmatter will count them.
  const cats = categoryCounts(papers.map((p) => ({ category: paperCategories(p, config) })), config).filter((c) => c.slug !== 'other');

  // Interest hits over all papers.
  // Only papers above the relevance floor count as hits (a day without a cut counts every paper).
  const interestHits = config.reader.interests
    .map((i) => ({ interest: i, papers: papers.filter((p) => p.topics.includes(i.id) && (p.band ?? 'relevant') === 'relevant') }))
    .filter((h) => h.papers.length)
    .sort((a, b) => b.papers.length - a.papers.length);
  const missed = config.reader.interests.filter((i) => !interestHits.some((h) => h.interest.id === i.id)).map((i) => lit(interestLabel(i, language)));
  const best = featured.find((f) => f.paper.topics.length)?.paper ?? null;

  const summary = ph.summary({
    papers: papers.length,
    topCategories: cats.slice(0, 3).map((c) => ({ label: categoryLabel(c.slug, language), count: c.count })),
    best: best ? shortTitle(best.title) : null,
  });

  const overview: string[] = [];
  if (cats.length) overview.push(ph.categoryMix(cats.slice(0, 4).map((c) => ({ label: lit(categoryLabel(c.slug, language)), count: c.count })), papers.length));
  // With the ranker's cut, a day without interest hits is already explained by its notes (scripts/writers/draft.ts).
  if (interestHits.length) overview.push(ph.interestHits(interestHits.slice(0, 5).map((h) => ({ label: lit(interestLabel(h.interest, language)), count: h.papers.length })), missed));
  else if (!day.cut) overview.push(ph.noInterestHits);
  const upvoted = [...papers].filter((p) => p.upvotes !== null).sort((a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0))[0];
  if (upvoted?.upvotes) overview.push(ph.mostUpvoted(title(upvoted), upvoted.upvotes));
  if (featured.length) overview.push(ph.featuredNote(featured.length, papers.length - featured.length));

  const top = featured.slice(0, PICKS).map((f) => {
    const why = ph.topReason({
      rank: rankOf.get(f.paper.id) ?? 0,
      interests: matchedInterests(f.paper, config, language).map((h) => lit(h.label)),
      upvotes: f.paper.upvotes,
      relevance: f.paper.relevance,
    });
    // The HF one-line summary says what the paper is about; the contribution is already in the write-up.
    const gist = fittingSentence(cleanProse(f.paper.aiSummary ?? ''), 300, f.paper.title);
    return { id: f.paper.id, reason: gist ? `${why} ${lit(gist)}` : why };
  });
  const alt = featured[PICKS];
  const alternate = alt ? { id: alt.paper.id, reason: ph.alternateReason(title(alt.paper)) } : null;

  const follows = followCandidates(day, config).slice(0, PICKS);
  const verifiedCount = follows.filter((f) => f.follow.verified).length;
  const followNote = !follows.length
    ? ph.followNone
    : verifiedCount === follows.length
      ? ph.followVerified(day.date)
      : verifiedCount === 0
        ? ph.followUnverified
        : ph.followPartlyVerified;
  const follow = follows.map((f) => ({
    name: f.follow.name,
    kind: f.follow.kind,
    reason: f.paper
      ? ph.followRepoReason({
          paper: shortTitle(f.paper.title),
          description: f.paper.repoFacts?.description?.replace(/\s+/g, ' ').trim() || null,
          stars: f.follow.stars,
          verified: f.follow.verified,
          pushed: f.follow.updated ?? null,
        })
      : f.follow.reason || ph.followOtherReason({ source: f.candidate?.source ?? '', likes: f.candidate?.likes, downloads: f.candidate?.downloads }),
  }));

  // Ideas: only where two featured papers share phrases the ranker matched, saying what they share; each
  // paper in one idea at most, the pairs sharing the most first.
  const noteOf = new Map(featured.map((f) => [f.paper.id, f.note]));
  const ideas: DayNote['ideas'] = sharedPhrasePairs(featured.map((f) => f.paper), 3).map(({ first, second, phrases }) => ({
    title: ph.ideaTitle({ first: shortTitle(first.title), second: shortTitle(second.title), phrases }),
    body: ph.ideaBody({
      phrases: phrases.map(lit),
      first: title(first),
      firstContribution: lit(noteOf.get(first.id)?.contribution ?? extractiveContribution(first)),
      second: title(second),
      secondContribution: lit(noteOf.get(second.id)?.contribution ?? extractiveContribution(second)),
    }),
  }));

  // Reading routes: one per matched interest with at least two papers, in rank order; a featured paper
  // links to its write-up on the page, another to arXiv.
  const featuredIds = new Set(featured.map((f) => f.paper.id));
  const link = (p: RankedPaper) => (featuredIds.has(p.id) ? `[${title(p)}](#${p.id})` : markdownLink(title(p), `https://arxiv.org/abs/${p.id}`));
  const routes: DayNote['routes'] = [];
  for (const h of interestHits) {
    if (routes.length >= 4) break;
    const path = h.papers.slice(0, 4);
    if (path.length < 2) continue;
    routes.push({ theme: ph.routeTheme(interestLabel(h.interest, language)), path: path.map(link).join(' → ') });
  }
  if (!routes.length) {
    for (const c of cats.slice(0, 3)) {
      const path = papers.filter((p) => paperCategories(p, config).includes(c.slug)).slice(0, 4);
      if (path.length < 2) continue;
      routes.push({ theme: ph.routeTheme(categoryLabel(c.slug, language)), path: path.map(link).join(' → ') });
    }
  }

  const lead = featured[0];
  const conclusion = lead
    ? ph.conclusion({ best: title(lead.paper), reason: lit(lead.note.contribution), featured: featured.length, total: papers.length })
    : '';

  const zh = (s: string) => prose(language, s);
  return {
    summary: zh(summary),
    overview: zh(overview.join('\n\n')),
    top: top.map((t) => ({ ...t, reason: zh(t.reason) })),
    alternate: alternate && { ...alternate, reason: zh(alternate.reason) },
    followNote: zh(followNote),
    follow: follow.map((f) => ({ ...f, reason: zh(f.reason) })),
    ideas: ideas.map((i) => ({ title: zh(i.title), body: zh(i.body) })),
    routes: routes.map((r) => ({ theme: zh(r.theme), path: zh(r.path) })),
    conclusion: zh(conclusion),
    summarizer: 'extractive',
    tokens: { ...ZERO },
  };
}

/**
 * Pairs of papers that share phrases the ranker matched for the reader's interests (`matches`), the
 * pairs sharing the most first, each paper in one pair at most. Pure.
 */
export function sharedPhrasePairs(papers: RankedPaper[], max: number): { first: RankedPaper; second: RankedPaper; phrases: string[] }[] {
  const phrasesOf = (p: RankedPaper) => new Set(Object.values(p.matches ?? {}).flat().map((m) => m.toLowerCase()));
  const sets = papers.map(phrasesOf);
  const candidates: { i: number; j: number; phrases: string[] }[] = [];
  for (let i = 0; i < papers.length; i++) {
    for (let j = i + 1; j < papers.length; j++) {
      const phrases = [...sets[i]!].filter((m) => sets[j]!.has(m)).sort();
      if (phrases.length) candidates.push({ i, j, phrases: phrases.slice(0, 4) });
    }
  }
  candidates.sort((a, b) => b.phrases.length - a.phrases.length || a.i - b.i || a.j - b.j);
  const used = new Set<number>();
  const out: { first: RankedPaper; second: RankedPaper; phrases: string[] }[] = [];
  for (const c of candidates) {
    if (out.length >= max) break;
    if (used.has(c.i) || used.has(c.j)) continue;
    used.add(c.i);
    used.add(c.j);
    out.push({ first: papers[c.i]!, second: papers[c.j]!, phrases: c.phrases });
  }
  return out;
}
