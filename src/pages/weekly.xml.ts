/**
 * The weekly digest ("本周精选"): one item per completed week, its top papers by the reader's ranking
 * (src/data/feeds.ts `weeklyDigest`), the last 12 weeks. `atom:link rel="self"`, `lastBuildDate`.
 */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { config } from '../config.ts';
import { getArchive } from '../data/briefings.ts';
import { pubDate, weeklyDigest, weekItem } from '../data/feeds.ts';
import { t } from '../i18n/index.ts';
import { ATOM_NS, channelExtras } from '../lib/feed.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const weeks = weeklyDigest(await getArchive());
  const ui = config.site.language;
  return rss({
    title: `${config.site.title} · ${t(ui, 'feed.weeklyTitle')}`,
    description: t(ui, 'feed.weeklyDescription'),
    site: urls.absolute(urls.home()),
    xmlns: { ...ATOM_NS },
    items: weeks.map(weekItem),
    customData: channelExtras({ selfUrl: urls.absolute(urls.path('weekly.xml')), language: ui, ...(weeks[0] ? { lastBuildDate: pubDate(weeks[0].to) } : {}) }),
    trailingSlash: true,
  });
};
