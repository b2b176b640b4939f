/**
 * The translation system: every language has the same keys with the same placeholders (tsc checks the
 * keys too, in src/i18n/index.ts), plural forms are chosen by count, the locale helpers follow each
 * language's punctuation from its dictionary, and no inline `language === 'en' ? … : …` text comes back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionary, languages, PLURAL_CATEGORIES, t, template } from '../src/i18n/index.ts';
import { colon, join, list, quote, range, sentence, sentences } from '../src/i18n/locale.ts';
import { placeholders } from '../src/i18n/template.ts';
import { repoRoot, sourceFiles } from './helpers/tree.ts';

const PLURAL = new RegExp(`_(${PLURAL_CATEGORIES.join('|')})$`);
const baseKeys = (lang: (typeof languages)[number]) => new Set(Object.keys(dictionary(lang)).map((k) => k.replace(PLURAL, '')));

describe('dictionaries', () => {
  it('exist for zh-CN and en, with the same keys', () => {
    expect(languages).toEqual(expect.arrayContaining(['zh-CN', 'en']));
    const [first, ...rest] = languages;
    for (const lang of rest) expect([...baseKeys(lang)].sort(), lang).toEqual([...baseKeys(first!)].sort());
  });

  it('fill the same placeholders in every language (all plural forms of a key included)', () => {
    const placeholdersOf = (lang: (typeof languages)[number], key: string): string[] =>
      [...new Set(Object.entries(dictionary(lang)).filter(([k]) => k.replace(PLURAL, '') === key).flatMap(([, v]) => placeholders(v)))].sort();
    for (const key of baseKeys('en')) {
      const expected = placeholdersOf('en', key);
      for (const lang of languages) expect(placeholdersOf(lang, key), `${lang}: ${key}`).toEqual(expected);
    }
  });

  it('store a plural key as forms with an `_other` in every language, never also as a plain key', () => {
    for (const lang of languages) {
      const dict = dictionary(lang);
      for (const key of Object.keys(dict).filter((k) => PLURAL.test(k))) {
        const base = key.replace(PLURAL, '');
        expect(dict[`${base}_other`], `${lang}: ${base}_other`).toBeDefined();
        expect(dict[base], `${lang}: ${base} is both plain and plural`).toBeUndefined();
        expect(placeholders(dict[key]!), `${lang}: ${key}`).toContain('count');
      }
    }
  });

  it('have no empty text (except where a language needs no separator)', () => {
    for (const lang of languages) {
      for (const [key, value] of Object.entries(dictionary(lang))) if (key !== 'locale.sentenceSeparator') expect(value.trim(), `${lang}: ${key}`).not.toBe('');
    }
  });
});

describe('t()', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    expect(t('en', 'site.pageOf', { page: 2, last: 5 })).toBe(template('en', 'site.pageOf').replace('{page}', '2').replace('{last}', '5'));
    expect(t('en', 'site.pageOf')).toBe(template('en', 'site.pageOf'));
  });

  it('picks the plural form by count, with the language’s plural rules', () => {
    expect(t('en', 'site.dayCount', { count: 1 })).toBe(dictionary('en')['site.dayCount_one']!.replace('{count}', '1'));
    expect(t('en', 'site.dayCount', { count: 2 })).toBe(dictionary('en')['site.dayCount_other']!.replace('{count}', '2'));
    expect(t('zh-CN', 'site.dayCount', { count: 1 })).toBe(dictionary('zh-CN')['site.dayCount_other']!.replace('{count}', '1'));
    expect(() => t('en', 'site.dayCount')).toThrow(/"site\.dayCount" has plural forms: pass \{ count \}/);
  });

  it('names the language when it has no dictionary', () => {
    expect(() => t('fr' as never, 'site.skip')).toThrow(/no dictionary for language "fr"/);
  });
});

describe('locale helpers', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const d = dictionary(lang);
    it(`${lang}: colon, lists, quotes, ranges and sentences from the dictionary`, () => {
      expect(colon(lang)).toBe(d['locale.colon']);
      expect(list(lang, [])).toBe('');
      expect(list(lang, ['A'])).toBe('A');
      // Han words (Chinese joins Latin letters with a space: see the next test).
      expect(list(lang, ['甲', '乙'])).toBe(`甲${d['locale.listLast']}乙`);
      expect(list(lang, ['甲', '乙', '丙'])).toBe(`甲${d['locale.listSeparator']}乙${d['locale.listLast']}丙`);
      expect(join(lang, ['A', 'B', 'C'])).toBe(`A${d['locale.listSeparator']}B${d['locale.listSeparator']}C`);
      expect(quote(lang, 'T')).toBe(d['locale.quote']!.replace('{text}', 'T'));
      expect(range(lang, 'a', 'a')).toBe('a');
      expect(range(lang, 'a', 'b')).toBe(d['locale.range']!.replace('{from}', 'a').replace('{to}', 'b'));
      expect(sentence(lang, 'S')).toBe(`S${d['locale.sentenceEnd']}`);
      expect(sentences(lang, ['A', '', 'B'])).toBe(`A${d['locale.sentenceSeparator']}B`);
    });
  }

  it('the Chinese and English rules: full-width punctuation in Chinese (seed 002), English prose', () => {
    expect(list('zh-CN', ['A', 'B', 'C'])).toBe('A、B 和 C');
    expect(list('zh-CN', ['记忆', '多模态'])).toBe('记忆和多模态');
    expect(list('zh-CN', ['**后训练 RL** 13 篇', '**多模态** 9 篇'])).toBe('**后训练 RL** 13 篇和**多模态** 9 篇');
    expect(list('en', ['A', 'B', 'C'])).toBe('A, B and C');
    expect(quote('zh-CN', 'T')).toBe('《T》');
    expect(colon('zh-CN')).toBe('：');
    expect(colon('en')).toBe(': ');
  });
});

describe('no inline language ternaries', () => {
  // Words belong in the dictionaries and punctuation in the locale helpers (scripts/eval/ measures
  // languages, it writes no text).
  it('site, writers, notes, renderer and importer choose text through t(), not `=== \'en\'`', () => {
    const offenders = [...sourceFiles('src'), ...sourceFiles('scripts')]
      .filter((f) => f !== path.join('src', 'i18n', 'locale.ts') && !f.startsWith(path.join('scripts', 'eval') + path.sep))
      .filter((f) => /\b(language|lang)\s*[!=]==\s*'(en|zh-CN)'/.test(readFileSync(path.join(repoRoot, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
