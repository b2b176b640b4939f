/**
 * The main feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1), beside `/rss.xml`: the same days, the
 * newest with the full briefing (`content_html`), older ones with a summary and a link. Titles and
 * summaries are plain text, as the format defines them.
 */
import type { APIRoute } from 'astro';
import { config } from '../config.ts';
import { getArchive } from '../data/briefings.ts';
import { mainFeedDays, pubDate } from '../data/feeds.ts';
import { jsonBytes, type JsonFeed } from '../lib/feed.ts';
import { urls } from '../lib/urls.ts';

export const GET: APIRoute = async () => {
  const days = await mainFeedDays(await getArchive(), jsonBytes);
  const feed: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: config.site.title,
    home_page_url: urls.absolute(urls.home()),
    feed_url: urls.absolute(urls.path('feed.json')),
    description: config.site.description,
    language: config.site.language,
    authors: [{ name: config.site.author }],
    items: days.map((d) => ({
      id: d.link,
      url: d.link,
      title: d.title,
      content_html: d.content ?? d.summaryHtml,
      summary: d.summary,
      date_published: pubDate(d.date).toISOString(),
      tags: d.categories,
    })),
  };
  return new Response(`${JSON.stringify(feed, null, 1)}\n`, { headers: { 'content-type': 'application/feed+json; charset=utf-8' } });
};
