/**
 * The main feed: one item per day, newest first, the last `site.feedDays` days; the newest with the full
 * briefing, older ones with a summary and a link (src/data/feeds.ts). Carries `atom:link rel="self"` and a
 * `lastBuildDate` (the newest day's date, so an unchanged archive builds the same feed).
 */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { config } from '../config.ts';
import { getArchive } from '../data/briefings.ts';
import { mainRssItems, pubDate } from '../data/feeds.ts';
import { ATOM_NS, channelExtras } from '../lib/feed.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const archive = await getArchive();
  const latest = archive.latest()?.data.date;
  return rss({
    title: config.site.title,
    description: config.site.description,
    site: urls.absolute(urls.home()),
    xmlns: { ...ATOM_NS },
    items: await mainRssItems(archive),
    customData: channelExtras({ selfUrl: urls.absolute(urls.feed()), language: config.site.language, ...(latest ? { lastBuildDate: pubDate(latest) } : {}) }),
    trailingSlash: true,
  });
};
