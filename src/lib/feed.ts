/**
 * Feed HTML: rendered briefing HTML made safe and self-contained for feed readers. Everything not in a
 * small allow-list goes (scripts, styles, event handlers, iframes, forms), only http(s)/mailto links
 * survive, and every link is made absolute against the page the item stands for, so `#2605.29559`
 * becomes `https://site/base/briefings/2026-05-03/#2605.29559` and `/base/x/` becomes `https://site/base/x/`.
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
