/**
 * The time window of a briefing. The briefing for date D covers the Hugging Face listing days before D
 * that no earlier briefing covered (HF's list for a day is incomplete while that day runs). When fewer
 * than `minPapers` new papers remain (weekends, holidays), it widens back one listing day at a time, up
 * to `maxDays` days, and says so in `window.note`.
 */
import type { Language, WindowConfig } from '../../briefing.config.ts';
import type { Window } from '../../src/schema/briefing.ts';
import { addDays } from '../../src/data/status.ts';
import { windowNote } from './notes.ts';

export interface WindowPlan {
  /** The listing days not yet covered, oldest first (at most `maxDays`, at least one). */
  baseDays: string[];
  /** The oldest day a widened window may reach. */
  earliest: string;
}

/** `lastCoveredTo`: `window.to` of the latest briefing before `date`, or null when there is none. */
export function planWindow(date: string, lastCoveredTo: string | null, window: WindowConfig): WindowPlan {
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
  window: WindowConfig;
  language: Language;
}

export interface ResolvedWindow extends Window {
  days: string[];
  widened: boolean;
  note: string;
}

/**
 * Loads the base days, then widens while fewer than `minPapers` papers remain. `load(day)` fetches or
 * replays a listing day; `remaining()` counts the papers still eligible (new and not already featured).
 */
export async function resolveWindow(options: ResolveWindowOptions, load: (day: string) => Promise<void>, remaining: () => number): Promise<ResolvedWindow> {
  const plan = planWindow(options.date, options.lastCoveredTo, options.window);
  const days = [...plan.baseDays];
  for (const day of days) await load(day);
  const baseCount = remaining();
  while (remaining() < options.window.minPapers && days.length < options.window.maxDays) {
    const prev = addDays(days[0]!, -1);
    if (prev < plan.earliest) break;
    await load(prev);
    days.unshift(prev);
  }
  const widened = days.length > plan.baseDays.length;
  return {
    from: days[0]!,
    to: days[days.length - 1]!,
    days,
    widened,
    note: windowNote(options.language, {
      date: options.date,
      baseDays: plan.baseDays,
      days,
      widened,
      baseCount,
      finalCount: remaining(),
      minPapers: options.window.minPapers,
      lastCoveredTo: options.lastCoveredTo,
    }),
  };
}
