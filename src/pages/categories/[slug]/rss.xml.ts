/**
 * A category's feed: its newest `site.categoryFeedItems` papers, each paper once (its first listing), each
 * item's GUID the paper's permalink (src/data/feeds.ts). `atom:link rel="self"`, `lastBuildDate`.
 */
import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { config } from '../../../config.ts';
import { getArchive } from '../../../data/briefings.ts';
import { categoryPapers, paperItem, pubDate } from '../../../data/feeds.ts';
import { ATOM_NS, channelExtras } from '../../../lib/feed.ts';
import { categories, categoryDescription, categoryLabel } from '../../../schema/taxonomy.ts';
import { urls } from '../../../lib/urls.ts';

export const getStaticPaths = (() => categories.map((c) => ({ params: { slug: c.slug } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const slug = params.slug as string;
  const archive = await getArchive();
  const papers = categoryPapers(archive, slug, config.site.categoryFeedItems);
  return rss({
    title: `${config.site.title} · ${categoryLabel(slug, config.site.language)}`,
    description: categoryDescription(slug, config.site.language),
    site: urls.absolute(urls.category(slug)),
    xmlns: { ...ATOM_NS },
    items: papers.map(paperItem),
    customData: channelExtras({ selfUrl: urls.absolute(urls.categoryFeed(slug)), language: config.site.language, ...(papers[0] ? { lastBuildDate: pubDate(papers[0].first) } : {}) }),
    trailingSlash: true,
  });
};
