/**
 * The /status/ page's sentences that need logic (which explanation a day gets, one failure or several);
 * the words are in the dictionaries under `status.*`.
 */
import type { Language } from '../../briefing.config.ts';
import type { DayState, StatusDay } from '../data/status.ts';
import type { RunOutcome } from '../schema/run.ts';
import { t } from './index.ts';
import { colon, join } from './locale.ts';

export function stateLabel(language: Language, state: DayState): string {
  return t(language, `status.state.${state}`);
}

/** How a run ended, in words. */
export function outcomeLabel(language: Language, outcome: RunOutcome): string {
  return t(language, `status.outcome.${outcome}`);
}

/** The failure banner's heading for `n` failed runs in a row. */
export function failingLabel(language: Language, n: number): string {
  return n === 1 ? t(language, 'status.failingLast') : t(language, 'status.failing', { n });
}

/** The plain-text explanation of a day on the status page (empty for an ordinary published day). */
export function explainDay(language: Language, day: StatusDay): string {
  const sep = colon(language);
  const withReason = (head: string): string => (day.reason ? `${head}${sep}${day.reason}` : head);
  switch (day.state) {
    case 'published':
      return '';
    case 'weekend':
      return day.reason ? `${t(language, 'status.explain.weekend')} ${day.reason}` : t(language, 'status.explain.weekend');
    case 'source-down': {
      const notes = day.downSources.map((s) => (s.note ? `${s.name}${sep}${s.note}` : '')).filter(Boolean);
      const head = t(language, 'status.explain.source-down', { sources: join(language, day.downSources.map((s) => s.name)) });
      const detail = [...notes, ...(day.reason && !notes.includes(day.reason) ? [day.reason] : [])].join('; ');
      return detail ? `${head}${sep}${detail}` : head;
    }
    case 'failed':
    case 'nothing-new':
      return withReason(t(language, `status.explain.${day.state}`));
    default:
      return t(language, `status.explain.${day.state}`);
  }
}
