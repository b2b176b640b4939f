/**
 * Where each language's search index lives. Pagefind keeps one index per page language and a search page
 * only searches its own language unless other bundles are merged in, and it refuses to merge a bundle
 * with itself. So every language of the archive gets its own bundle: the primary one (the site language,
 * or the archive's most frequent language if the site language has no days) at `pagefind/`, the others at
 * `pagefind-<lang>/`. The Pagefind integration writes them and the search page merges them, both from this.
 */
import type { Language } from '../../briefing.config.ts';
import { t } from '../i18n/index.ts';

export interface SearchBundle {
  /** Lower-case language tag as Pagefind uses it (`zh-cn`, `en`). */
  language: string;
  /** Folder under the site root, without slashes. */
  dir: string;
  primary: boolean;
}

/** Bundles for the given page counts per language; primary first, then by descending count and name. */
export function searchBundles(pagesByLanguage: ReadonlyMap<string, number>, siteLanguage: string): SearchBundle[] {
  const site = siteLanguage.toLowerCase();
  const languages = [...pagesByLanguage]
    .filter(([, n]) => n > 0)
    .map(([l, n]) => [l.toLowerCase(), n] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([l]) => l);
  const primary = languages.includes(site) ? site : (languages[0] ?? site);
  return [primary, ...languages.filter((l) => l !== primary)].map((language, i) => ({
    language,
    dir: i === 0 ? 'pagefind' : `pagefind-${language.replace(/[^a-z0-9-]/g, '')}`,
    primary: i === 0,
  }));
}

/** The names of the search filters as the day pages declare them and the search page shows them (in the site language). */
export function searchFilters(language: Language): { category: string; month: string } {
  return { category: t(language, 'search.filterCategory'), month: t(language, 'search.filterMonth') };
}
