/**
 * The `arxiv` fact source, arXiv API `id_list` lookups (`/api/query?id_list=`): abstract, categories,
 * comment (venue), journal ref, DOI, version and dates for each paper that does not carry them yet (papers
 * from the `arxiv-listing` source already do), in batches of up to 100 ids. The HTTP client's host policy
 * keeps arXiv to one request every 3 s on one connection.
 *
 * The Atom feed is parsed with fast-xml-parser: attributes on, every value kept as a string (a real
 * paper is titled "0"), entry/author/link/category always arrays; both the older output format and the
 * 2026 one (no `scheme` on primary_category, different child order) parse the same. An HTTP 400
 * carries one `<entry>` titled "Error" whose summary says what was wrong.
 */
import { XMLParser } from 'fast-xml-parser';
import { dayPrefix } from '../../lib/dates.ts';
import { normalizeSpace } from '../../lib/text.ts';
import { ARXIV_ID } from '../../src/schema/briefing.ts';
import type { SourcesConfig } from '../../src/schema/config.ts';
import { HttpError, type HostPolicy, type HttpClient } from '../lib/http.ts';
import { defineSource, type ArxivEntry, type Failure, type PaperCandidate } from './types.ts';

export interface ParsedFeed {
  entries: ArxivEntry[];
  /** The API's own error message (the `Error` entry), or a parse failure. */
  error: string | null;
  totalResults: number | null;
  /** Entries left out: no arXiv id that parses (an Error entry is `error`, not counted here). */
  dropped: number;
}

const ALWAYS_ARRAY = new Set(['feed.entry', 'feed.entry.author', 'feed.entry.link', 'feed.entry.category']);

/** arXiv asks for one connection and a pause between requests: the policy for its host, shared by every source that calls it. */
export function arxivHostPolicy(baseUrl: string, minIntervalMs: number): Record<string, HostPolicy> {
  return { [new URL(baseUrl).host]: { concurrency: 1, minIntervalMs } };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => ALWAYS_ARRAY.has(String(jpath)),
});

/** Text of a node that may be a string, a `{ '#text': … }` object (when it has attributes) or absent. */
function text(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (typeof node === 'object' && '#text' in (node as Record<string, unknown>)) return text((node as Record<string, unknown>)['#text']);
  return null;
}

function attr(node: unknown, name: string): string | null {
  if (node && typeof node === 'object') {
    const v = (node as Record<string, unknown>)[`@_${name}`];
    return typeof v === 'string' ? v : null;
  }
  return null;
}

/** `http://arxiv.org/abs/2605.29559v2` → { id: '2605.29559', version: 2 }. */
function parseAbsId(value: string): { id: string; version: number | null } | null {
  const m = /arxiv\.org\/abs\/(.+?)(?:v(\d+))?$/.exec(value.trim());
  if (!m) return null;
  const id = m[1]!;
  if (!ARXIV_ID.test(id)) return null;
  return { id, version: m[2] ? Number(m[2]) : null };
}

function optional(value: string | null): string | null {
  if (value === null) return null;
  const s = normalizeSpace(value);
  return s === '' ? null : s;
}

export function parseArxivFeed(xml: string): ParsedFeed {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    return { entries: [], error: `not valid XML (${(error as Error).message})`, totalResults: null, dropped: 0 };
  }
  const feed = doc['feed'] as Record<string, unknown> | undefined;
  if (!feed || typeof feed !== 'object') return { entries: [], error: 'not an Atom feed', totalResults: null, dropped: 0 };
  const total = text(feed['totalResults']);
  const entries: ArxivEntry[] = [];
  let error: string | null = null;
  let dropped = 0;
  for (const e of (feed['entry'] as Array<Record<string, unknown>> | undefined) ?? []) {
    const rawId = text(e['id']) ?? '';
    if (rawId.includes('/api/errors')) {
      error = normalizeSpace(text(e['summary']) ?? text(e['title']) ?? 'unknown arXiv API error');
      continue;
    }
    const parsedId = parseAbsId(rawId);
    if (!parsedId) {
      dropped++;
      continue;
    }
    const links = (e['link'] as unknown[] | undefined) ?? [];
    let absUrl: string | null = null;
    let pdfUrl: string | null = null;
    for (const l of links) {
      const href = attr(l, 'href');
      if (!href) continue;
      if (attr(l, 'title') === 'pdf' || attr(l, 'type') === 'application/pdf') pdfUrl ??= href;
      else if (attr(l, 'rel') === 'alternate') absUrl ??= href;
    }
    const categories = ((e['category'] as unknown[] | undefined) ?? []).map((c) => attr(c, 'term')).filter((t): t is string => !!t);
    entries.push({
      id: parsedId.id,
      version: parsedId.version,
      title: normalizeSpace(text(e['title']) ?? ''),
      abstract: normalizeSpace(text(e['summary']) ?? ''),
      authors: ((e['author'] as unknown[] | undefined) ?? [])
        .map((a) => (a && typeof a === 'object' ? text((a as Record<string, unknown>)['name']) : null))
        .filter((n): n is string => n !== null)
        .map(normalizeSpace),
      categories: [...new Set(categories)],
      primaryCategory: attr(e['primary_category'], 'term'),
      comment: optional(text(e['comment'])),
      journalRef: optional(text(e['journal_ref'])),
      doi: optional(text(e['doi'])),
      published: dayPrefix(text(e['published'])),
      updated: dayPrefix(text(e['updated'])),
      absUrl: absUrl?.replace(/^http:/, 'https:') ?? null,
      pdfUrl: pdfUrl?.replace(/^http:/, 'https:') ?? null,
    });
  }
  return { entries, error, totalResults: total !== null && /^\d+$/.test(total) ? Number(total) : null, dropped };
}

export function arxivQueryUrl(baseUrl: string, ids: string[]): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/query?id_list=${ids.map(encodeURIComponent).join(',')}&start=0&max_results=${ids.length}`;
}

/** Splits ids into batches of at most `size`. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ArxivBatchResult {
  ids: string[];
  /** The response body as received (kept in the snapshot). */
  xml: string;
  status: number;
  feed: ParsedFeed;
}

/** Fetches one id_list batch. HTTP 400 responses come back parsed (their Error entry says why). */
export async function fetchArxivBatch(client: HttpClient, baseUrl: string, ids: string[]): Promise<ArxivBatchResult> {
  const url = arxivQueryUrl(baseUrl, ids);
  const res = await client.get(url, { source: 'arxiv', headers: { accept: 'application/atom+xml' } });
  const xml = res.body.toString('utf8');
  const feed = parseArxivFeed(xml);
  if (res.status !== 200 && !feed.error) feed.error = `HTTP ${res.status}`;
  return { ids, xml, status: res.status, feed };
}

/** A snapshot file name for a batch; old-style ids (cs/0701001) must not make a sub-folder. */
function batchFile(ids: readonly string[]): string {
  return `${ids[0]!.replace(/\//g, '_')}+${ids.length}.xml`;
}

function feedOf(text: string) {
  const feed = parseArxivFeed(text);
  return { value: feed, error: feed.error };
}

export default defineSource<SourcesConfig['facts']['arxiv']>({
  name: 'arxiv',
  contributes: 'facts',
  label: 'arXiv API',
  url: 'https://arxiv.org',
  folder: 'arxiv',
  notes: { ok: 'arxiv.ok', partial: 'arxiv.partial', failed: 'arxiv.failed', skipped: 'arxiv.skipped', disabled: 'arxiv.disabled', none: 'arxiv.none' },
  hosts: (o) => arxivHostPolicy(o.baseUrl, o.minIntervalMs),
  async enrich(ctx, candidates) {
    const ids = [...new Set(candidates.filter((c) => c.arxiv === null).map((c) => c.id))];
    const wanted = new Set(ids);
    const entries = new Map<string, ArxivEntry>();
    const failures: Failure[] = [];
    const absorb = (feed: ParsedFeed | null): void => {
      for (const e of feed?.entries ?? []) if (wanted.has(e.id) && !entries.has(e.id)) entries.set(e.id, e);
    };
    let recorded = false;
    if (ids.length > 0) {
      for (const r of await ctx.recordings(feedOf)) {
        recorded ||= r.origin !== 'none';
        absorb(r.value);
      }
      const todo = ids.filter((id) => !entries.has(id));
      if (ctx.mode === 'replay') {
        if (todo.length > 0) failures.push({ kind: 'missing', status: null, message: `${todo.length} ids not recorded` });
      } else if (todo.length > 0) {
        const groups = batches(todo, ctx.options.batchSize);
        ctx.progress.stage('arXiv', groups.length);
        let asked = 0;
        for (const group of groups) {
          const url = arxivQueryUrl(ctx.options.baseUrl, group);
          const r = await ctx.recorded(batchFile(group), {
            reuse: false,
            fetch: async (client) => {
              const res = await fetchArxivBatch(client, ctx.options.baseUrl, group);
              // A 400 carries arXiv's own words in its Error entry; they make the better reason.
              if (res.status !== 200 || res.feed.error) throw new HttpError(res.feed.error ?? `HTTP ${res.status}`, { kind: 'http', status: res.status, url, source: 'arxiv' });
              return { text: res.xml, url, status: res.status };
            },
            parse: feedOf,
          });
          if (r.failure) failures.push(r.failure);
          else {
            asked += group.length;
            absorb(r.value);
          }
          ctx.progress.advance();
        }
        const unanswered = todo.filter((id) => !entries.has(id)).length - (todo.length - asked);
        if (unanswered > 0) failures.push({ kind: 'not-found', status: null, message: `${unanswered} ids not in the answer` });
      }
    }
    const out: PaperCandidate[] = candidates.map((c) => {
      const entry = c.arxiv === null ? entries.get(c.id) : undefined;
      return entry ? { ...c, arxiv: entry, arxivLookedUp: true } : c;
    });
    return { candidates: out, tally: { wanted: ids.length, got: entries.size, failures, recorded, vars: { found: entries.size, missing: ids.length - entries.size } } };
  },
});
