/**
 * Every internal URL of the site, built in one place so that the base path (a GitHub Pages project
 * site lives under `/<repo>/`) is honoured everywhere: pages, feeds, the search bundle, assets.
 *
 * `createUrls(base, site)` is pure (unit-tested); `urls` is the instance for this build, from Astro's
 * `import.meta.env.BASE_URL` and `import.meta.env.SITE`.
 */
import { normalizeBasePath } from '../schema/config.ts';

export interface Urls {
  /** The base path, always with a leading and trailing slash (`/` or `/paper-briefing/`). */
  base: string;
  /** A path inside the site, e.g. `path('rss.xml')` → `/paper-briefing/rss.xml`. */
  path(relative: string): string;
  home(): string;
  briefing(date: string, anchor?: string): string;
  categories(): string;
  /** A category listing; page 1 is the category's root. */
  category(slug: string, page?: number): string;
  categoryFeed(slug: string): string;
  feed(): string;
  search(): string;
  /** The run status page (src/pages/status/). */
  status(): string;
  /** Trends over the archive (src/pages/trends/). */
  trends(): string;
  /** The reader's votes (src/pages/feedback/). */
  feedback(): string;
  /** How a briefing is made (src/pages/about/): in the interface language, or in `language` (`/about/en/`). */
  about(language?: string): string;
  /** The Pagefind bundle folder. */
  pagefind(): string;
  /** An absolute URL (origin from `site`) for a path returned by the helpers above. */
  absolute(pathWithBase: string): string;
}

/** Normalises a base path to the `/x/y/` form (the config's own rule; Astro's BASE_URL may lack a slash). */
export function normalizeBase(base: string | undefined): string {
  return normalizeBasePath(base ?? '/');
}

export function createUrls(baseInput: string | undefined, site: string | undefined): Urls {
  const base = normalizeBase(baseInput);
  const path = (relative: string): string => {
    const clean = relative.replace(/^\/+/, '');
    return base + clean;
  };
  const absolute = (pathWithBase: string): string => {
    if (!site) throw new Error('urls.absolute: `site` is not configured (set site.url in briefing.config.ts or SITE_URL)');
    return new URL(pathWithBase, site).href;
  };
  return {
    base,
    path,
    home: () => base,
    briefing: (date, anchor) => path(`briefings/${date}/`) + (anchor ? `#${encodeURIComponent(anchor).replace(/%2F/g, '/')}` : ''),
    categories: () => path('categories/'),
    category: (slug, page = 1) => path(page > 1 ? `categories/${slug}/${page}/` : `categories/${slug}/`),
    categoryFeed: (slug) => path(`categories/${slug}/rss.xml`),
    feed: () => path('rss.xml'),
    search: () => path('search/'),
    status: () => path('status/'),
    trends: () => path('trends/'),
    feedback: () => path('feedback/'),
    about: (language) => path(language ? `about/${language.toLowerCase()}/` : 'about/'),
    pagefind: () => path('pagefind/'),
    absolute,
  };
}

/** The URLs of this build. */
export const urls: Urls = createUrls(import.meta.env.BASE_URL, import.meta.env.SITE);
