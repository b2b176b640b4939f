/**
 * The `arxiv-listing` paper source: arXiv's new submissions in some categories, one listing per day of the
 * window, from the arXiv API (`/api/query?search_query=(cat:cs.CL OR …) AND submittedDate:[D0000 TO D2359]`,
 * newest first, paged with start/max_results, at most `maxPerDay` a day). Off by default; turn it on in
 * the config or with `BRIEFING_SOURCES=huggingface,arxiv-listing`.
 *
 * The papers come with their arXiv metadata, so the `arxiv` fact source does not look them up again, and a
 * paper Hugging Face lists too is merged with it by arXiv id. The day's pages are kept as one Atom document,
 * `arxiv-listing/YYYY-MM-DD.xml` (the first page with the later pages' entries appended), which is also the
 * replay format. Requests go through the shared HTTP client's arXiv host policy: one connection, one
 * request every 3 s.
 */
import type { SourcesConfig } from '../../src/schema/config.ts';
import { HttpError, type HttpClient } from '../lib/http.ts';
import { arxivHostPolicy, parseArxivFeed } from './arxiv.ts';
import { defineSource, type ArxivEntry, type PaperCandidate } from './types.ts';

type Options = SourcesConfig['papers']['arxiv-listing'];

const LABEL = 'arXiv new submissions';

/** The query of one listing day: any of the categories, submitted during that UTC day. */
export function listingQuery(categories: readonly string[], day: string): string {
  const d = day.replace(/-/g, '');
  const cats = categories.map((c) => `cat:${c}`).join(' OR ');
  return `(${cats}) AND submittedDate:[${d}0000 TO ${d}2359]`;
}

export function listingUrl(baseUrl: string, categories: readonly string[], day: string, start: number, max: number): string {
  const q = encodeURIComponent(listingQuery(categories, day));
  return `${baseUrl.replace(/\/+$/, '')}/api/query?search_query=${q}&sortBy=submittedDate&sortOrder=descending&start=${start}&max_results=${max}`;
}

function candidate(e: ArxivEntry): PaperCandidate {
  return {
    id: e.id,
    title: e.title,
    summary: e.abstract,
    authors: e.authors,
    published: e.published,
    listed: null,
    upvotes: null,
    aiSummary: null,
    aiKeywords: [],
    githubRepo: null,
    projectPage: null,
    organization: null,
    sources: [LABEL],
    arxiv: e,
    repoFacts: null,
  };
}

/**
 * Fetches one day, page after page, until `maxPerDay` entries, a short page or the total. Returns one Atom
 * document holding every entry. Throws HttpError on a failed request or an arXiv Error entry.
 */
export async function fetchListingDay(client: HttpClient, o: Options, day: string): Promise<{ xml: string; url: string }> {
  const first = listingUrl(o.baseUrl, o.categories, day, 0, Math.min(o.pageSize, o.maxPerDay));
  let xml = '';
  const more: string[] = [];
  let got = 0;
  let total = Number.POSITIVE_INFINITY;
  for (let start = 0; got < o.maxPerDay && start < total; ) {
    const size = Math.min(o.pageSize, o.maxPerDay - got);
    const url = listingUrl(o.baseUrl, o.categories, day, start, size);
    const res = await client.get(url, { source: 'arxiv-listing', headers: { accept: 'application/atom+xml' } });
    const text = res.body.toString('utf8');
    const feed = parseArxivFeed(text);
    // A 400 carries arXiv's own words in its Error entry; a 200 that is not an Atom feed is a bad body.
    if (res.status !== 200) throw new HttpError(feed.error ?? `HTTP ${res.status}`, { kind: 'http', status: res.status, url, source: 'arxiv-listing' });
    if (feed.error) throw new Error(feed.error);
    if (start === 0) xml = text;
    else more.push(...(text.match(/<entry>[\s\S]*?<\/entry>/g) ?? []));
    total = feed.totalResults ?? 0;
    got += feed.entries.length;
    start += feed.entries.length;
    if (feed.entries.length < size) break;
  }
  // The later pages' entries go into the first page's feed: one document per day, as replay reads it.
  if (more.length > 0) xml = xml.replace(/<\/feed>\s*$/, `${more.join('\n')}\n</feed>\n`);
  return { xml, url: first };
}

export default defineSource<Options>({
  name: 'arxiv-listing',
  contributes: 'papers',
  label: LABEL,
  url: 'https://arxiv.org/list/cs.CL/new',
  folder: 'arxiv-listing',
  notes: { ok: 'arxivListing.ok', partial: 'arxivListing.degraded', failed: 'arxivListing.failed', detail: 'colon' },
  hosts: (o) => arxivHostPolicy(o.baseUrl, o.minIntervalMs),
  noteVars: (o, listings) => ({
    categories: o.categories.join(', '),
    capped: listings.some((l) => (l.value?.length ?? 0) >= o.maxPerDay) ? { note: 'arxivListing.capped', vars: { cap: o.maxPerDay } } : '',
  }),
  listDay: (ctx, day) =>
    ctx.recorded(`${day}.xml`, {
      fetch: async (client) => {
        const { xml, url } = await fetchListingDay(client, ctx.options, day);
        return { text: xml, url, status: 200 };
      },
      parse: (text) => {
        const feed = parseArxivFeed(text);
        if (feed.error) return { value: [], error: feed.error };
        const entries = feed.entries.slice(0, ctx.options.maxPerDay);
        // Fewer entries than the API said it has (up to the cap) is a cut-off answer: used, never kept as final.
        const expected = Math.min(feed.totalResults ?? entries.length, ctx.options.maxPerDay);
        return { value: entries.map(candidate), error: null, final: entries.length > 0 && entries.length >= expected, dropped: feed.dropped };
      },
    }),
});
