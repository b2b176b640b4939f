/**
 * Feed items. The main feed carries each day's full briefing, rendered through Astro's container API
 * with the same body component as the day page, then sanitised with absolute links.
 * Category feeds carry one item per paper (its header facts and contribution), linking to its section.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import type { RSSFeedItem } from '@astrojs/rss';
import { config } from '../config.ts';
import BriefingBody from '../components/BriefingBody.astro';
import DayNotes from '../components/DayNotes.astro';
import { t } from '../i18n/index.ts';
import { colon } from '../i18n/locale.ts';
import { categoryLabel } from '../schema/taxonomy.ts';
import { escapeHtml, feedHtml } from '../lib/feed.ts';
import { urls } from '../lib/urls.ts';
import { paperLinks } from '../lib/paperLinks.ts';
import type { BriefingEntry } from './briefings.ts';
import type { PaperRef } from './archive.ts';
import { startOfDayIn } from '../../lib/dates.ts';

let container: Promise<AstroContainer> | undefined;
const rendered = new Map<string, Promise<string>>();

async function getContainer(): Promise<AstroContainer> {
  container ??= AstroContainer.create();
  return container;
}

/** The body of a day rendered to HTML (cached per day for the build). */
function renderBriefingHtml(entry: BriefingEntry): Promise<string> {
  let html = rendered.get(entry.data.date);
  if (!html) {
    html = (async () => {
      const c = await getContainer();
      // The honesty notes (time window, access limits, no-LLM) travel with the briefing.
      const notes = await c.renderToString(DayNotes, { props: { briefing: entry.data } });
      return notes + (await c.renderToString(BriefingBody, { props: { entry } }));
    })();
    rendered.set(entry.data.date, html);
  }
  return html;
}

/**
 * A day's time as an RSS date (feeds need a full timestamp): the start of the day in the site's
 * timezone. UTC midnight would date every item a day early for a reader west of UTC.
 */
function pubDate(date: string): Date {
  return startOfDayIn(date, config.timezone);
}

export async function dayItem(entry: BriefingEntry): Promise<RSSFeedItem> {
  const b = entry.data;
  const link = urls.absolute(urls.briefing(b.date));
  const summary = `<p><strong>${escapeHtml(b.summary)}</strong></p>`;
  return {
    title: b.title,
    link,
    pubDate: pubDate(b.date),
    description: b.summary,
    content: feedHtml(summary + (await renderBriefingHtml(entry)), link),
    categories: b.categories.map((slug) => categoryLabel(slug, b.language)),
  };
}

export function paperItem({ paper, date, entry }: PaperRef<BriefingEntry>): RSSFeedItem {
  const lang = entry.data.language;
  const link = urls.absolute(urls.briefing(date, paper.id));
  const sep = colon(lang);
  const linkList = paperLinks(paper.links)
    .map((l) => `<a href="${escapeHtml(l.href)}">${l.label}</a>`)
    .join(' · ');
  const parts = [
    `<p>${escapeHtml(t(lang, 'paper.category'))}${sep}${paper.category.map((c) => escapeHtml(categoryLabel(c, lang))).join(' / ')}</p>`,
    paper.contribution ? `<p><strong>${escapeHtml(t(lang, 'paper.contribution'))}</strong>${sep}${escapeHtml(paper.contribution)}</p>` : '',
    linkList ? `<p>${escapeHtml(t(lang, 'paper.links'))}${sep}${linkList}</p>` : '',
    `<p><a href="${escapeHtml(link)}">${escapeHtml(entry.data.title)}</a></p>`,
  ];
  return {
    title: paper.title,
    link,
    pubDate: pubDate(date),
    description: paper.contribution || paper.title,
    content: feedHtml(parts.join(''), link),
    categories: paper.category.map((c) => categoryLabel(c, lang)),
  };
}

/** The channel language tag of feeds (the site's language). */
export const feedLanguage = `<language>${config.site.language.toLowerCase()}</language>`;
