/**
 * The locale rules every text of the project follows, written once: the label colon (":" / ": "), lists
 * ("A、B 和 C" / "A, B and C"), title quotes (《》 / “”), ranges, sentence joining, numbers, and
 * picking the right language of a config-provided text (interest and category labels). The punctuation
 * itself comes from the dictionaries (`locale.*` keys), so a new language brings its own.
 */
import type { Language } from '../../briefing.config.ts';
import { t } from './index.ts';
import { fullWidthPunctuation } from './punctuation.ts';

/** The separator between a label and its value: a full-width colon in Chinese, ": " in English. */
export function colon(language: Language): string {
  return t(language, 'locale.colon');
}

/**
 * A natural list: "A", "A和B", "A、B和C" / "A", "A and B", "A, B and C". In Chinese a word joins Latin
 * letters or digits with a space, as the seed briefings write ("LLM 智能体和多模态", "多模态和 LLM 智能体").
 */
export function list(language: Language, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  const head = items.slice(0, -1).join(t(language, 'locale.listSeparator'));
  const tail = items[items.length - 1]!;
  const word = t(language, 'locale.listLast');
  if (language !== 'zh-CN') return `${head}${word}${tail}`;
  // Through Markdown emphasis and code marks: "**RL**和" is judged by the "L".
  const latin = (c: string | undefined) => /[A-Za-z0-9)]/.test(c ?? '');
  const before = head.replace(/[*_`]+$/, '').at(-1);
  const after = tail.replace(/^[*_`]+/, '')[0];
  return `${head}${latin(before) ? ' ' : ''}${word}${latin(after) ? ' ' : ''}${tail}`;
}

/** An enumeration without a final "and" (keywords, names): "A、B、C" / "A, B, C". */
export function join(language: Language, items: readonly string[]): string {
  return items.join(t(language, 'locale.listSeparator'));
}

/** A title in the language's title quotes: 《…》 / “…”. */
export function quote(language: Language, text: string): string {
  return t(language, 'locale.quote', { text });
}

/** "from 至 to" / "from to to"; a single value when both ends are the same. */
export function range(language: Language, from: string, to: string): string {
  return from === to ? from : t(language, 'locale.range', { from, to });
}

/** Ends a sentence with the language's full stop: "…。" / "….". */
export function sentence(language: Language, text: string): string {
  return `${text}${t(language, 'locale.sentenceEnd')}`;
}

/** Whole sentences one after another (Chinese needs no space between them, English one). Empty parts are dropped. */
export function sentences(language: Language, parts: readonly string[]): string {
  return parts.filter(Boolean).join(t(language, 'locale.sentenceSeparator'));
}

const numberFormats = new Map<Language, Intl.NumberFormat>();

/** A number with the language's grouping ("12,345"). */
export function formatNumber(language: Language, value: number): string {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language)));
  return format.format(value);
}

/** The text of a config-provided label in a language (config labels are written as `{ zh, en }`). */
export function localized<T>(language: Language, value: { zh: T; en: T }): T {
  return language === 'zh-CN' ? value.zh : value.en;
}

/**
 * Prose written in a language around quoted text, with that language's punctuation: in Chinese, ASCII
 * `, ; : ( )` next to Chinese characters become `，；：（）` (quotes, code, URLs and links keep theirs).
 */
export function prose(language: Language, text: string): string {
  return language === 'zh-CN' ? fullWidthPunctuation(text) : text;
}
