/**
 * Every RSS feed of the site as one OPML 2.0 list, so a feed reader subscribes to all of them (or picks)
 * in one import: the main feed, the weekly digest and one feed per category of the taxonomy.
 */
import type { APIRoute } from 'astro';
import { config } from '../config.ts';
import { t } from '../i18n/index.ts';
import { opml } from '../lib/feed.ts';
import { categories, categoryLabel } from '../schema/taxonomy.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = () => {
  const ui = config.site.language;
  const site = config.site.title;
  const body = opml(t(ui, 'feed.opmlTitle', { site }), [
    { text: site, xmlUrl: urls.absolute(urls.feed()), htmlUrl: urls.absolute(urls.home()) },
    { text: `${site} · ${t(ui, 'feed.weeklyTitle')}`, xmlUrl: urls.absolute(urls.path('weekly.xml')), htmlUrl: urls.absolute(urls.home()) },
    {
      text: t(ui, 'feed.categoryFeeds'),
      children: categories.map((c) => ({ text: `${site} · ${categoryLabel(c.slug, ui)}`, xmlUrl: urls.absolute(urls.categoryFeed(c.slug)), htmlUrl: urls.absolute(urls.category(c.slug)) })),
    },
  ]);
  return new Response(body, { headers: { 'content-type': 'text/x-opml; charset=utf-8' } });
};
