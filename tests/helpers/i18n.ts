/**
 * Expected text for tests, read from the dictionaries: a test states which string it expects (a key and
 * its values), never the words, so rewording a dictionary entry breaks no test.
 */
import type { Language } from '../../briefing.config.ts';
import { t, type TranslationKey, type Vars } from '../../src/i18n/index.ts';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A RegExp source matching `t(language, key, vars)` where the placeholders named in `patterns` match
 * those RegExp sources instead of fixed values (e.g. `{ n: '\\d+' }`).
 */
export function tPattern(language: Language, key: TranslationKey, vars: Vars = {}, patterns: Record<string, string> = {}): string {
  const marks = Object.fromEntries(Object.keys(patterns).map((name, i) => [name, `\u0000${i}\u0000`]));
  let source = escapeRegExp(t(language, key, { ...vars, ...marks }));
  Object.values(patterns).forEach((pattern, i) => {
    source = source.replace(`\u0000${i}\u0000`, pattern);
  });
  return source;
}
