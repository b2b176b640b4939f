/** The main feed: one item per day, newest first, the last `site.feedDays` days, full content. */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { config } from '../config.ts';
import { getArchive } from '../data/briefings.ts';
import { dayItem, feedLanguage } from '../data/feeds.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const archive = await getArchive();
  const items = [];
  for (const entry of archive.days.slice(0, config.site.feedDays)) items.push(await dayItem(entry));
  return rss({
    title: config.site.title,
    description: config.site.description,
    site: urls.absolute(urls.home()),
    items,
    customData: feedLanguage,
    trailingSlash: true,
  });
};
