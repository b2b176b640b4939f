/**
 * Keyword matching shared by the ranker and the category guesser. English keywords match
 * case-insensitively on word boundaries, tolerate a plural `s`/`es`, and treat a space or hyphen inside
 * the keyword alike ("tool use" = "tool-use"); keywords containing CJK characters match as substrings.
 */

export interface KeywordMatcher {
  keyword: string;
  test(text: string): boolean;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const cache = new Map<string, KeywordMatcher>();

function keywordMatcher(keyword: string): KeywordMatcher {
  const key = keyword;
  const hit = cache.get(key);
  if (hit) return hit;
  const kw = keyword.trim();
  let matcher: KeywordMatcher;
  if (kw === '') {
    matcher = { keyword, test: () => false };
  } else if (CJK.test(kw)) {
    matcher = { keyword, test: (text) => text.includes(kw) };
  } else {
    const body = kw
      .split(/[\s-]+/)
      .map(escapeRegExp)
      .join('[\\s\\-]+');
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${body}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu');
    matcher = { keyword, test: (text) => re.test(text) };
  }
  cache.set(key, matcher);
  return matcher;
}

/** The keywords (as written in config) that occur in the text, in config order, without duplicates. */
export function matchKeywords(text: string, keywords: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keywords) {
    if (!out.includes(k) && keywordMatcher(k).test(text)) out.push(k);
  }
  return out;
}
