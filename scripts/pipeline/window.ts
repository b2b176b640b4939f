/**
 * The time window of a briefing. The briefing for date D covers the Hugging Face listing days before D
 * that no earlier briefing covered (HF's list for a day is incomplete while that day runs). When fewer
 * than `minPapers` new papers remain (weekends, holidays), it widens back one listing day at a time, up
 * to `maxDays` days, and says so in `window.note`. A day no source could list (a network error, a 5xx, a 200
 * with a truncated or HTML body) at the end of the window is left out of it, so the next briefing starts
 * from that day again instead of skipping its papers for good. Papers an earlier briefing listed never
 * count as new, however far the window widens (scripts/pipeline/seen.ts).
 */
import type { Language, WindowConfig } from '../../src/schema/config.ts';
import type { Window } from '../../src/schema/briefing.ts';
import { addDays } from '../../lib/dates.ts';
import { sentences } from '../../src/i18n/locale.ts';
import { listDays, note, windowNote } from './notes.ts';

/** What the window's size depends on (`window` in the config). */
export type WindowSize = Pick<WindowConfig, 'minPapers' | 'maxDays'>;

export interface WindowPlan {
  /** The listing days not yet covered, oldest first (at most `maxDays`, at least one). */
  baseDays: string[];
  /** The oldest day a widened window may reach. */
  earliest: string;
}

/** `lastCoveredTo`: `window.to` of the latest briefing before `date`, or null when there is none. */
export function planWindow(date: string, lastCoveredTo: string | null, window: WindowSize): WindowPlan {
  const yesterday = addDays(date, -1);
  const earliest = addDays(date, -Math.max(1, window.maxDays));
  let start = lastCoveredTo === null ? yesterday : addDays(lastCoveredTo, 1);
  if (start < earliest) start = earliest;
  if (start > yesterday) start = yesterday;
  const baseDays: string[] = [];
  for (let d = start; d <= yesterday; d = addDays(d, 1)) baseDays.push(d);
  return { baseDays, earliest };
}

export interface ResolveWindowOptions {
  date: string;
  lastCoveredTo: string | null;
  window: WindowSize;
  language: Language;
}

export interface ResolvedWindow extends Window {
  days: string[];
  widened: boolean;
  note: string;
}

/**
 * Loads the base days, then widens while fewer than `minPapers` papers remain, then leaves failed days off
 * the end. `load(day)` fetches or replays a listing day and says whether it could be listed;
 * `remaining(days)` counts the new papers on those days (no earlier briefing featured or listed them:
 * scripts/pipeline/seen.ts), so widening over days an earlier briefing covered gains only what it left unlisted.
 */
export async function resolveWindow(
  options: ResolveWindowOptions,
  load: (day: string) => Promise<boolean>,
  remaining: (days: readonly string[]) => number,
): Promise<ResolvedWindow> {
  const { date, window, language, lastCoveredTo } = options;
  const plan = planWindow(date, lastCoveredTo, window);
  const days = [...plan.baseDays];
  const failed = new Set<string>();
  const loadDay = async (day: string): Promise<void> => {
    if (!(await load(day))) failed.add(day);
  };
  for (const day of days) await loadDay(day);
  const baseCount = remaining(days);
  while (remaining(days) < window.minPapers && days.length < window.maxDays) {
    const prev = addDays(days[0]!, -1);
    if (prev < plan.earliest) break;
    await loadDay(prev);
    days.unshift(prev);
  }
  let kept = days;
  while (kept.length > 1 && failed.has(kept[kept.length - 1]!)) kept = kept.slice(0, -1);
  const dropped = days.slice(kept.length);
  const facts = { date, days: kept, finalCount: remaining(kept), minPapers: window.minPapers, lastCoveredTo };
  let text: string;
  if (dropped.length === 0) {
    text = windowNote(language, { ...facts, baseDays: plan.baseDays, widened: kept.length > plan.baseDays.length, baseCount });
  } else {
    // The note speaks of the days that were listed: a failed day's "0 papers" is not a quiet weekend.
    const listed = plan.baseDays.filter((d) => kept.includes(d) && !failed.has(d));
    const base = listed.length > 0 ? listed : kept;
    const first = windowNote(language, { ...facts, baseDays: base, widened: kept[0]! < base[0]!, baseCount: remaining(base) });
    text = sentences(language, [first, note(language, 'window.retry', { days: listDays(language, dropped) })]);
  }
  return { from: kept[0]!, to: kept[kept.length - 1]!, days: kept, widened: kept[0]! < plan.baseDays[0]!, note: text };
}
