/** A category's feed: its newest `site.categoryFeedItems` papers, each linking to its section. */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { config } from '../../../config.ts';
import { getArchive } from '../../../data/briefings.ts';
import { feedLanguage, paperItem } from '../../../data/feeds.ts';
import { categories, categoryDescription, categoryLabel } from '../../../schema/taxonomy.ts';
import { urls } from '../../../lib/urls.ts';

export const getStaticPaths = (() => categories.map((c) => ({ params: { slug: c.slug } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const slug = params.slug as string;
  const archive = await getArchive();
  return rss({
    title: `${config.site.title} · ${categoryLabel(slug, config.site.language)}`,
    description: categoryDescription(slug, config.site.language),
    site: urls.absolute(urls.category(slug)),
    items: archive.papersIn(slug).slice(0, config.site.categoryFeedItems).map(paperItem),
    customData: feedLanguage,
    trailingSlash: true,
  });
};
