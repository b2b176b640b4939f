/**
 * Taxonomy lookups: labels and descriptions of category slugs in a language. `createTaxonomy` works over
 * any config's categories (the pipeline uses the taxonomy it was given); the functions exported below are
 * the site's instance, over the resolved site config (src/config.ts).
 */
import { config } from '../config.ts';
import { localized } from '../i18n/locale.ts';
import type { Category, Language } from './config.ts';

export interface Taxonomy {
  /** All categories in display order. */
  readonly categories: readonly Category[];
  get(slug: string): Category | undefined;
  /** The label of a category in a language; the slug itself if unknown (schema validation prevents that). */
  label(slug: string, language: Language): string;
  /** The one-line description of a category in a language. */
  description(slug: string, language: Language): string;
}

export function createTaxonomy(categories: readonly Category[]): Taxonomy {
  const bySlug = new Map(categories.map((c) => [c.slug, c]));
  return {
    categories,
    get: (slug) => bySlug.get(slug),
    label: (slug, language) => {
      const c = bySlug.get(slug);
      return c ? localized(language, { zh: c.zh, en: c.en }) : slug;
    },
    description: (slug, language) => {
      const c = bySlug.get(slug);
      return c ? localized(language, { zh: c.descriptionZh, en: c.description }) : '';
    },
  };
}

const site = createTaxonomy(config.taxonomy);

/** The site's categories in display order. */
export const categories: readonly Category[] = site.categories;

/** The label of a category in a language (default: the site's UI language). */
export function categoryLabel(slug: string, language: Language = config.site.language): string {
  return site.label(slug, language);
}

/** The one-line description of a category in a language (default: the site's UI language). */
export function categoryDescription(slug: string, language: Language = config.site.language): string {
  return site.description(slug, language);
}
