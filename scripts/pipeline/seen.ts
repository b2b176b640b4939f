/**
 * Seen once (issue 10 §4): a paper that any earlier briefing featured or listed is not listed again as
 * new, however the window was drawn, so widening a window over days an earlier briefing covered never
 * re-lists a paper. One exception, at most once per paper: it comes back, marked "重新上榜" / "back",
 * when its Hugging Face upvotes rose strongly since the latest briefing that recorded them (`window.back`
 * in the config: at least `ratio` times and `minRise` more). The briefing says what it left out (the
 * frontmatter's `covered`, and a count in the time-window note) and, for each paper that came back, the
 * earlier and the new count, both as the sources gave them.
 *
 * Pure: the archive's facts come from scripts/pipeline/archive.ts, the day's papers from the sources.
 */
import type { BriefingConfig, Language } from '../../src/schema/config.ts';
import type { Paper } from '../../src/schema/briefing.ts';
import { t } from '../../src/i18n/index.ts';
import { join, quote, sentences } from '../../src/i18n/locale.ts';
import type { SeenPaper } from './archive.ts';

export type BackRule = BriefingConfig['window']['back'];
/** The frontmatter mark of a paper that came back: the earlier briefing's date and its upvotes then. */
export type BackMark = NonNullable<Paper['back']>;

/**
 * Whether a paper an earlier briefing listed comes back today: never twice, never without an earlier
 * count to compare with, and only when today's count is both `ratio` times and `minRise` above it.
 */
export function backMark(seen: SeenPaper, upvotesNow: number | null, rule: BackRule): BackMark | null {
  if (!rule.enabled || seen.back !== null || seen.upvotes === null || seen.upvotesOn === null || upvotesNow === null) return null;
  if (upvotesNow < rule.ratio * seen.upvotes || upvotesNow - seen.upvotes < rule.minRise) return null;
  return { from: seen.upvotesOn, upvotes: seen.upvotes };
}

export interface SeenSplit<P> {
  /** Papers no earlier briefing listed: the day's new papers. */
  fresh: P[];
  /** Papers an earlier briefing listed that come back today, with their mark. */
  back: Map<string, BackMark>;
  /** Papers an earlier briefing listed that stay out, ids sorted. */
  covered: string[];
  /**
   * Papers an earlier briefing screened but did not list (they came from a listing day its window covered,
   * and were under its floors), ids sorted: a widened window does not bring them back as today's news.
   */
  screened: string[];
}

/**
 * Splits a window's papers into new ones, ones that come back, and ones already shown: by an earlier
 * briefing (`seen`), or by a later one (`later`, when a past day is briefed again), which none comes back from.
 */
export function splitSeen<P extends { id: string; upvotes: number | null; listed: string | null }>(
  papers: readonly P[],
  seen: ReadonlyMap<string, SeenPaper>,
  rule: BackRule,
  later: ReadonlySet<string> = new Set(),
  covers: (day: string) => boolean = () => false,
): SeenSplit<P> {
  const fresh: P[] = [];
  const back = new Map<string, BackMark>();
  const covered: string[] = [];
  const screened: string[] = [];
  for (const p of papers) {
    const s = seen.get(p.id);
    if (later.has(p.id)) {
      covered.push(p.id);
      continue;
    }
    if (!s) {
      // First listed on a day an earlier briefing's window covered: screened then, and not listed.
      if (p.listed !== null && covers(p.listed)) screened.push(p.id);
      else fresh.push(p);
      continue;
    }
    const mark = backMark(s, p.upvotes, rule);
    if (mark) back.set(p.id, mark);
    else covered.push(p.id);
  }
  return { fresh, back, covered: covered.sort(), screened: screened.sort() };
}

export interface BackPaper {
  title: string;
  back: BackMark;
  /** Today's upvotes. */
  upvotes: number;
}

/**
 * The time-window note's sentences about repeats, in the briefing's language: how many of the window's
 * papers earlier briefings already showed (left out), and which papers came back, with both counts.
 */
export function seenNote(language: Language, o: { covered: number; screened?: number; back: readonly BackPaper[]; rule: BackRule }): string {
  const parts: string[] = [];
  if (o.covered > 0) parts.push(t(language, 'window.seen', { count: o.covered }));
  if (o.screened) parts.push(t(language, 'window.screenedBefore', { count: o.screened }));
  if (o.back.length > 0) {
    const papers = o.back.map((p) => t(language, 'window.backPaper', { title: quote(language, p.title), from: p.back.from, before: p.back.upvotes, now: p.upvotes }));
    parts.push(t(language, 'window.back', { count: o.back.length, ratio: o.rule.ratio, rise: o.rule.minRise, papers: join(language, papers) }));
  }
  return sentences(language, parts);
}
