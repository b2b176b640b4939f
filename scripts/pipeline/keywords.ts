/**
 * Keyword matching for callers that only need "does this text name this keyword" (the importer's label
 * mapping): the ranker's own phrase matcher (scripts/rank/text.ts), so a keyword means the same thing
 * everywhere. English keywords match whole words case-insensitively, plurals and hyphen/space variants alike
 * ("tool use" = "Tool-Uses"); keywords containing CJK characters match as substrings.
 */
import { compilePhrase, countPhrase, prepare, type Phrase } from '../rank/text.ts';

const cache = new Map<string, Phrase>();

function phrase(keyword: string): Phrase {
  let p = cache.get(keyword);
  if (!p) {
    p = compilePhrase(keyword);
    cache.set(keyword, p);
  }
  return p;
}

/** The keywords (as written in config) that occur in the text, in config order, without duplicates. */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const prepared = prepare(text);
  const out: string[] = [];
  for (const k of keywords) {
    if (!out.includes(k) && countPhrase(prepared, phrase(k)) > 0) out.push(k);
  }
  return out;
}
