/**
 * The one translation system. Every word the project writes (site chrome, briefing headings, the writers'
 * prose, the source and window notes, the status page, the importer's own labels) lives in one dictionary
 * per language, `translations/<language>.json`, and is read through `t(language, key, vars)`:
 *
 * - keys are flat and dotted by area (`site.*`, `body.*`, `section.*`, `writer.*`, `source.*`, …);
 * - values are templates with `{name}` placeholders filled from `vars`;
 * - a key with plural forms is stored as `key_one`, `key_other` (the CLDR categories of Intl.PluralRules)
 *   and chosen by `vars.count`; a language stores only the forms it has (Chinese: `_other`).
 *
 * A language missing a key (or holding one the others lack) fails `tsc` at `complete()` below, with the
 * keys in the message; tests/i18n.test.ts also checks that every language fills the same placeholders.
 * Adding a language: a JSON file here, an entry in `dictionaries`, and the tag in `Language`.
 * Logic (which sentence to use) stays in code; only words live in the dictionaries.
 */
import type { Language } from '../../briefing.config.ts';
import en from './translations/en.json' with { type: 'json' };
import zhCN from './translations/zh-CN.json' with { type: 'json' };
import { fill } from './template.ts';

export const PLURAL_CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;
type PluralCategory = (typeof PLURAL_CATEGORIES)[number];
type BaseKey<K extends string> = K extends `${infer B}_${PluralCategory}` ? B : K;
type KeysOf<D> = BaseKey<Extract<keyof D, string>>;

/** Every key of the dictionaries; plural keys by their base name (`site.dayCount`, not `site.dayCount_one`). */
export type TranslationKey = KeysOf<typeof en>;

/** Placeholder values. `count` also picks the plural form of a plural key. */
export type Vars = Readonly<Record<string, string | number>>;

type Problems<D> = ([Exclude<TranslationKey, KeysOf<D>>] extends [never] ? unknown : { missingKeys: Exclude<TranslationKey, KeysOf<D>> }) &
  ([Exclude<KeysOf<D>, TranslationKey>] extends [never] ? unknown : { unknownKeys: Exclude<KeysOf<D>, TranslationKey> });

/** A dictionary with exactly the keys of the reference language (English); a type error names the rest. */
function complete<D extends Record<string, string>>(dictionary: D & Problems<D>): Readonly<Record<string, string>> {
  return dictionary;
}

const dictionaries: Record<Language, Readonly<Record<string, string>>> = { 'zh-CN': complete(zhCN), en: complete(en) };

/** The languages that have a dictionary. */
export const languages = Object.keys(dictionaries) as Language[];

/** A language's raw dictionary (templates as written), for tests and tools. */
export function dictionary(language: Language): Readonly<Record<string, string>> {
  const found = dictionaries[language];
  if (!found) throw new Error(`i18n: no dictionary for language ${JSON.stringify(language)} (see src/i18n/translations/)`);
  return found;
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The template of `key` in `language` (the plural form for `count` when the key has plural forms). */
export function template(language: Language, key: TranslationKey, count?: number): string {
  const dict = dictionary(language);
  const plain = dict[key];
  if (plain !== undefined) return plain;
  if (dict[`${key}_other`] === undefined) throw new Error(`i18n: no "${key}" in ${language}.json`);
  if (count === undefined) throw new Error(`i18n: "${key}" has plural forms: pass { count } (language ${language})`);
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(language)));
  return dict[`${key}_${rules.select(count)}`] ?? dict[`${key}_other`]!;
}

/** The text of `key` in `language`, `{name}` placeholders filled from `vars` (a placeholder without a value stays as written). */
export function t(language: Language, key: TranslationKey, vars: Vars = {}): string {
  return fill(template(language, key, typeof vars.count === 'number' ? vars.count : undefined), vars);
}
