/** Taxonomy lookups over the categories in `briefing.config.ts`. */
import { config, type Category, type Language } from '../../briefing.config.ts';

const bySlug = new Map(config.taxonomy.map((c) => [c.slug, c]));

/** All categories in display order. */
export const categories: readonly Category[] = config.taxonomy;

export function getCategory(slug: string): Category | undefined {
  return bySlug.get(slug);
}

/** The label of a category in a language; the slug itself if unknown (schema validation prevents that). */
export function categoryLabel(slug: string, language: Language = config.site.language): string {
  const c = bySlug.get(slug);
  if (!c) return slug;
  return language === 'en' ? c.en : c.zh;
}

/** The one-line description of a category in a language. */
export function categoryDescription(slug: string, language: Language = config.site.language): string {
  const c = bySlug.get(slug);
  if (!c) return '';
  return language === 'en' ? c.description : c.descriptionZh;
}
