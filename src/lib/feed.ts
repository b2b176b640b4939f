/**
 * What the feeds (RSS, JSON Feed, OPML) are made of, safe for any reader:
 *
 * - Feed HTML: rendered briefing HTML made safe and self-contained. Everything not in a small allow-list
 *   goes (scripts, styles, event handlers, iframes, forms), only http(s)/mailto links survive, and every
 *   link is made absolute against the page the item stands for, so `#2605.29559` becomes
 *   `https://site/base/briefings/2026-05-03/#2605.29559` and `/base/x/` becomes `https://site/base/x/`.
 * - Untrusted plain text (titles, summaries, contributions) never reaches a reader as markup: descriptions
 *   are HTML-escaped text (`escapeHtml`), titles are `feedTitle` (issue 13, defect 1).
 * - The channel extras every RSS feed carries, and the size budget that keeps feeds under 1 MB.
 */
import sanitizeHtml from 'sanitize-html';

const allowedTags = [
  ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'main' && tag !== 'nav'),
  'h1',
  'h2',
  'img',
  'time',
  'del',
  'ins',
];

/** Resolves a link found in a page at `pageUrl`; returns undefined for links a feed must not carry. */
export function absoluteLink(href: string, pageUrl: string): string | undefined {
  let resolved: URL;
  try {
    resolved = new URL(href.trim(), pageUrl);
  } catch {
    return undefined;
  }
  return ['http:', 'https:', 'mailto:'].includes(resolved.protocol) ? resolved.href : undefined;
}

/** Sanitises rendered HTML for a feed item and makes all links absolute against `pageUrl`. */
export function feedHtml(html: string, pageUrl: string): string {
  const rewrite =
    (attr: 'href' | 'src') =>
    (tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
      const value = attribs[attr];
      const next = { ...attribs };
      if (value !== undefined) {
        const absolute = absoluteLink(value, pageUrl);
        if (absolute) next[attr] = absolute;
        else delete next[attr];
      }
      return { tagName, attribs: next };
    };
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      time: ['datetime'],
      th: ['scope', 'colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      ol: ['start'],
      '*': ['id', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: { a: rewrite('href'), img: rewrite('src') },
  });
}

/** Plain text with HTML-significant characters escaped, for building small feed fragments by hand. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Plain text (a title) made safe for every feed reader. RSS titles are plain text by the spec, but many
 * readers render them as HTML: `<` and `>` are escaped (a hostile `<script>` shows as text in those and
 * runs in none), and so is an `&` that would start a character reference; any other `&` stays, so
 * "World Model & RL" reads the same as plain text and as HTML.
 */
export function feedTitle(text: string): string {
  return text
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Bytes of text once XML-escaped into an element (`&`, `<`, `>`), UTF-8: what a feed item's field weighs. */
export function xmlBytes(text: string): number {
  let extra = 0;
  for (const c of text) if (c === '&') extra += 4;
  else if (c === '<' || c === '>') extra += 3;
  return Buffer.byteLength(text) + extra;
}

/**
 * How many of the newest items keep their full content: as many as fit in `budget` bytes (by `measure`),
 * at least one unless even it does not fit. The rest are summaries, so a feed stays small however long
 * the days are.
 */
export function fullContentCount(contents: readonly string[], budget: number, measure: (s: string) => number): number {
  let used = 0;
  let n = 0;
  for (const content of contents) {
    used += measure(content);
    if (used > budget) break;
    n++;
  }
  return n;
}

/** The channel elements every RSS feed of the site carries: language, lastBuildDate and `atom:link rel="self"`. */
export function channelExtras(options: { selfUrl: string; language: string; lastBuildDate?: Date }): string {
  return [
    `<language>${escapeHtml(options.language.toLowerCase())}</language>`,
    options.lastBuildDate ? `<lastBuildDate>${options.lastBuildDate.toUTCString()}</lastBuildDate>` : '',
    `<atom:link href="${escapeHtml(options.selfUrl)}" rel="self" type="application/rss+xml"/>`,
  ].join('');
}

/** The namespace `channelExtras` uses. */
export const ATOM_NS = { atom: 'http://www.w3.org/2005/Atom' } as const;

/** A JSON Feed 1.1 item (https://jsonfeed.org/version/1.1): `id` and `content_html` or `content_text` are required. */
export interface JsonFeedItem {
  id: string;
  url?: string;
  title?: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  date_published?: string;
  tags?: string[];
  language?: string;
}

export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1';
  title: string;
  home_page_url?: string;
  feed_url?: string;
  description?: string;
  language?: string;
  authors?: { name: string; url?: string }[];
  items: JsonFeedItem[];
}

/** Bytes of text as a JSON string value (quotes, escapes, UTF-8). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text));
}

/** One outline of an OPML subscription list. */
export interface OpmlOutline {
  text: string;
  xmlUrl?: string;
  htmlUrl?: string;
  children?: OpmlOutline[];
}

/** An OPML 2.0 subscription list (feed readers import it to subscribe to every feed at once). */
export function opml(title: string, outlines: readonly OpmlOutline[]): string {
  const outline = (o: OpmlOutline, indent: string): string => {
    const attrs = [
      `text="${escapeHtml(o.text)}"`,
      `title="${escapeHtml(o.text)}"`,
      ...(o.xmlUrl ? ['type="rss"', `xmlUrl="${escapeHtml(o.xmlUrl)}"`] : []),
      ...(o.htmlUrl ? [`htmlUrl="${escapeHtml(o.htmlUrl)}"`] : []),
    ].join(' ');
    return o.children?.length ? `${indent}<outline ${attrs}>\n${o.children.map((c) => outline(c, `${indent}  `)).join('\n')}\n${indent}</outline>` : `${indent}<outline ${attrs}/>`;
  };
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">', `  <head><title>${escapeHtml(title)}</title></head>`, '  <body>', ...outlines.map((o) => outline(o, '    ')), '  </body>', '</opml>', ''].join('\n');
}
