/**
 * The `huggingface` paper source: Hugging Face Daily Papers (`/api/daily_papers?date=`, paged), one listing
 * per day of the window. Parsing is tolerant of the schema drift seen between 2024 and 2026 (optional fields
 * missing, `mediaUrl` vs `mediaUrls`, `organization` and other new fields), and strict about what we need:
 * an arXiv id and a title per item. A response that is not JSON of the expected shape is reported as a
 * reason, never thrown. An empty listing (`[]`) or one with unusable items is used but never snapshotted,
 * so a rerun asks again once Hugging Face has filled the day.
 */
import { z } from 'zod';
import { dayPrefix } from '../../lib/dates.ts';
import { normalizeSpace } from '../../lib/text.ts';
import { ARXIV_ID } from '../../src/schema/briefing.ts';
import type { SourcesConfig } from '../../src/schema/config.ts';
import type { HttpClient } from '../lib/http.ts';
import { defineSource, type PaperCandidate } from './types.ts';

const LABEL = 'Hugging Face Daily Papers';

/** One listed paper, normalised: a paper candidate with its Hugging Face listing day. */
export type HfPaper = PaperCandidate & { listed: string };

const author = z.looseObject({ name: z.string() });
const organization = z.looseObject({ name: z.string().optional(), fullname: z.string().optional() });
const paper = z.looseObject({
  id: z.string(),
  title: z.string(),
  summary: z.string().nullish(),
  authors: z.array(author).nullish(),
  publishedAt: z.string().nullish(),
  upvotes: z.number().nullish(),
  ai_summary: z.string().nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  projectPage: z.string().nullish(),
  organization: organization.nullish(),
});
const item = z.looseObject({
  paper,
  title: z.string().nullish(),
  summary: z.string().nullish(),
  organization: organization.nullish(),
  // Both spellings have existed; neither is used, but a wrong type should not reject the item.
  mediaUrl: z.unknown().optional(),
  mediaUrls: z.unknown().optional(),
});

export interface ParsedListing {
  papers: HfPaper[];
  /** Items that did not have the expected shape (skipped). */
  invalid: number;
  /** Set when the whole response is unusable; the day is then a failed source. */
  error: string | null;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object (keys: ${Object.keys(v).slice(0, 6).join(', ') || 'none'})`;
  return typeof v === 'string' ? 'a string' : typeof v;
}

/** Parses one listing day's JSON (already decoded) into papers. Never throws. */
export function parseDailyPapers(json: unknown, listed: string): ParsedListing {
  if (!Array.isArray(json)) {
    return { papers: [], invalid: 0, error: `expected a JSON array of papers, got ${describeValue(json)}` };
  }
  const papers: HfPaper[] = [];
  const seen = new Set<string>();
  let invalid = 0;
  let firstProblem = '';
  for (const [i, raw] of json.entries()) {
    const parsed = item.safeParse(raw);
    if (!parsed.success) {
      invalid++;
      if (!firstProblem) {
        const issue = parsed.error.issues[0];
        firstProblem = typeof raw !== 'object' || raw === null ? `item ${i} is ${describeValue(raw)}, not an object` : `item ${i}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`;
      }
      continue;
    }
    const p = parsed.data.paper;
    const id = p.id.trim();
    if (!ARXIV_ID.test(id) || p.title.trim() === '') {
      invalid++;
      if (!firstProblem) firstProblem = `item ${i}: not an arXiv paper (id ${JSON.stringify(p.id)})`;
      continue;
    }
    const bareId = id.replace(/v\d+$/, '');
    if (seen.has(bareId)) continue;
    seen.add(bareId);
    const org = p.organization ?? parsed.data.organization ?? null;
    papers.push({
      id: bareId,
      title: normalizeSpace(p.title),
      summary: normalizeSpace(p.summary ?? parsed.data.summary ?? ''),
      authors: (p.authors ?? []).map((a) => normalizeSpace(a.name)).filter((n) => n !== ''),
      published: dayPrefix(p.publishedAt),
      listed,
      upvotes: typeof p.upvotes === 'number' && Number.isInteger(p.upvotes) && p.upvotes >= 0 ? p.upvotes : null,
      aiSummary: p.ai_summary ? normalizeSpace(p.ai_summary) : null,
      aiKeywords: (p.ai_keywords ?? []).map(normalizeSpace).filter((k) => k !== ''),
      githubRepo: p.githubRepo?.trim() || null,
      projectPage: p.projectPage?.trim() || null,
      organization: org ? (org.fullname ?? org.name ?? null) : null,
      sources: [LABEL],
      arxiv: null,
      repoFacts: null,
    });
  }
  if (json.length > 0 && papers.length === 0 && invalid > 0) {
    return { papers, invalid, error: `none of the ${json.length} items has the expected shape (${firstProblem})` };
  }
  return { papers, invalid, error: null };
}

/** Parses raw bytes: JSON errors become a reason, not an exception. */
export function parseDailyPapersText(text: string, listed: string): ParsedListing {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { papers: [], invalid: 0, error: `not valid JSON (${(error as Error).message})` };
  }
  return parseDailyPapers(json, listed);
}

export interface FetchedListing {
  /** The day's items as received, concatenated over pages (what the snapshot keeps). */
  items: unknown[];
  pages: number;
}

/**
 * Fetches one listing day, page by page, until a short page. Throws HttpError on network failure and
 * Error when a page is not a JSON array (the caller records either as the day's failure).
 */
export async function fetchDailyPapers(client: HttpClient, baseUrl: string, listed: string, pageSize: number, maxPages = 50): Promise<FetchedListing> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let pages = 0;
  for (let page = 0; page < maxPages; page++) {
    const url = dailyPapersUrl(baseUrl, listed, pageSize, page);
    const res = await client.get(url, { source: 'hf', headers: { accept: 'application/json' } });
    pages++;
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${url}`);
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch (error) {
      throw new Error(`not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(json)) throw new Error(`expected a JSON array of papers, got ${describeValue(json)}`);
    // A server that ignores `p` returns the same page again: stop instead of looping.
    let fresh = 0;
    for (const it of json) {
      const id = (it as { paper?: { id?: unknown } } | null)?.paper?.id;
      const key = typeof id === 'string' ? id : JSON.stringify(it);
      if (seen.has(key)) continue;
      seen.add(key);
      items.push(it);
      fresh++;
    }
    if (json.length < pageSize || fresh === 0) break;
  }
  return { items, pages };
}

function dailyPapersUrl(baseUrl: string, listed: string, pageSize: number, page: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/daily_papers?date=${listed}&limit=${pageSize}&p=${page}`;
}

export default defineSource<SourcesConfig['papers']['huggingface']>({
  name: 'huggingface',
  contributes: 'papers',
  label: LABEL,
  url: 'https://huggingface.co/papers',
  folder: 'hf',
  notes: { ok: 'hf.ok', partial: 'hf.degraded', failed: 'hf.failed', detail: 'colon' },
  listDay: (ctx, day) =>
    ctx.recorded(`${day}.json`, {
      fetch: async (client) => {
        const fetched = await fetchDailyPapers(client, ctx.options.baseUrl, day, ctx.options.pageSize);
        return { text: JSON.stringify(fetched.items), url: dailyPapersUrl(ctx.options.baseUrl, day, ctx.options.pageSize, 0), status: 200 };
      },
      parse: (text) => {
        const parsed = parseDailyPapersText(text, day);
        // An empty day may still fill up, and skipped items may be a glitch: neither is kept as the final word.
        return { value: parsed.papers, error: parsed.error, final: parsed.papers.length > 0 && parsed.invalid === 0, dropped: parsed.invalid };
      },
    }),
});
