/**
 * The plain-text notes a briefing carries about its own making: the time window and each source's
 * status, in the briefing's language. They say plainly what failed and what was used instead, the way
 * the seed briefings do ("arXiv API 429/超时,摘要改用 Hugging Face 摘要"). The words are in the
 * dictionaries (`window.*`, `failure.*`, `source.*` in src/i18n/translations/); a new source's notes are
 * new `source.<source>.<state>` keys there, used through `note()`.
 */
import type { Language } from '../../briefing.config.ts';
import { t, template, type TranslationKey } from '../../src/i18n/index.ts';
import { join, range, sentences } from '../../src/i18n/locale.ts';
import { fill, placeholders } from '../../src/i18n/template.ts';
import type { FailureKind } from '../lib/http.ts';

/** The days as a range ("2026-05-01 至 2026-05-03"); one day as itself. */
function dayRange(language: Language, days: readonly string[]): string {
  return days.length ? range(language, days[0]!, days[days.length - 1]!) : '';
}

export interface WindowFacts {
  date: string;
  baseDays: readonly string[];
  days: readonly string[];
  widened: boolean;
  baseCount: number;
  finalCount: number;
  minPapers: number;
  lastCoveredTo: string | null;
}

export function windowNote(language: Language, f: WindowFacts): string {
  const parts = [
    t(language, 'window.covers', {
      days: dayRange(language, f.baseDays),
      previous: f.lastCoveredTo ? t(language, 'window.previous', { date: f.lastCoveredTo }) : '',
    }),
  ];
  if (f.widened) {
    parts.push(
      t(language, f.baseDays.length > 1 ? 'window.widenedDays' : 'window.widenedDay', {
        count: f.baseCount,
        min: f.minPapers,
        range: dayRange(language, f.days),
        days: f.days.length,
        papers: f.finalCount,
      }),
    );
  } else if (f.finalCount < f.minPapers) {
    parts.push(t(language, 'window.few', { count: f.finalCount }));
  }
  return sentences(language, parts);
}

/** Short words for a failure kind ("429/超时" style). */
export function failureWords(language: Language, kind: FailureKind | 'invalid' | 'missing', status?: number | null): string {
  switch (kind) {
    case 'rate-limited':
      return t(language, 'failure.rate-limited', { status: status ?? 429 });
    case 'http':
      return t(language, 'failure.http', { status: status ?? 'error' });
    case 'timeout':
    case 'reset':
    case 'offline':
    case 'invalid':
    case 'missing':
      return t(language, `failure.${kind}`);
    default:
      return t(language, 'failure.network');
  }
}

/** The source notes, by the part of their key after `source.` (`hf.ok`, `arxiv.partial`, …). */
export type NoteKey = TranslationKey extends infer K ? (K extends `source.${infer N}` ? (N extends 'replayReason' ? never : N) : never) : never;

type Vars = Record<string, string | number>;

/** A source note; a placeholder without a value is left empty (e.g. `{extra}`). */
export function note(language: Language, key: NoteKey, vars: Vars = {}): string {
  const text = template(language, `source.${key}` as TranslationKey);
  return fill(text, { ...Object.fromEntries(placeholders(text).map((name) => [name, ''])), ...vars });
}

/** One or two days listed ("2026-05-01、2026-05-02"), more as a range. */
export function listDays(language: Language, days: readonly string[]): string {
  return days.length <= 2 ? join(language, days) : dayRange(language, days);
}

/** Reasons for "not called" in replay mode. */
export function replayReason(language: Language): string {
  return t(language, 'source.replayReason');
}
