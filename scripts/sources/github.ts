/**
 * GitHub REST (`/repos/{owner}/{name}`) for each repository a paper links: stars, last push,
 * description, archived. Uses `GITHUB_TOKEN` when set (env only, never logged), conditional requests
 * with the ETag cached between runs (a 304 costs no rate-limit quota), follows 301 renames and records
 * 404s. Rate limiting is handled by the HTTP client; a refused request leaves the repo "not verified".
 */
import { z } from 'zod';
import type { HttpClient } from '../lib/http.ts';
import { GITHUB_REPO } from '../../src/schema/briefing.ts';
import type { RepoFacts } from '../pipeline/types.ts';

export const GITHUB_SOURCE_NAME = 'GitHub API';

/** Path segments of github.com that are not repository owners. */
const NOT_OWNERS = new Set(['orgs', 'sponsors', 'features', 'topics', 'collections', 'marketplace', 'settings', 'about', 'login', 'apps', 'search', 'pricing', 'enterprise', 'site', 'explore', 'users']);

/** `owner/name` from a github.com URL (or a bare owner/name), or null. */
export function repoFromUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/\s?#]+)\/([^/\s?#]+)/i.exec(value.trim());
  if (!m) return null;
  const owner = m[1]!;
  const name = m[2]!.replace(/\.git$/i, '').replace(/[.,;:)\]]+$/, '');
  if (NOT_OWNERS.has(owner.toLowerCase())) return null;
  const repo = `${owner}/${name}`;
  return GITHUB_REPO.test(repo) ? repo : null;
}

/** All github.com repository links in a text (abstract, comment), in order of appearance. */
export function reposInText(text: string | null | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/(?:https?:\/\/)?(?:www\.)?github\.com\/[^\s<>"'()]+/gi)) {
    const repo = repoFromUrl(m[0]);
    if (repo && !out.some((r) => r.toLowerCase() === repo.toLowerCase())) out.push(repo);
  }
  return out;
}

const repoResponse = z.looseObject({
  full_name: z.string(),
  html_url: z.string().optional(),
  stargazers_count: z.number().int().nonnegative(),
  pushed_at: z.string().nullish(),
  description: z.string().nullish(),
  archived: z.boolean().optional(),
});

/** The facts we keep from a repo response (also what the ETag cache stores). */
export interface RepoSnapshot {
  full_name: string;
  html_url: string;
  stargazers_count: number;
  pushed_at: string | null;
  description: string | null;
  archived: boolean;
}

export function parseRepo(json: unknown): RepoSnapshot | null {
  const parsed = repoResponse.safeParse(json);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    full_name: d.full_name,
    html_url: d.html_url ?? `https://github.com/${d.full_name}`,
    stargazers_count: d.stargazers_count,
    pushed_at: d.pushed_at ?? null,
    description: d.description ?? null,
    archived: d.archived ?? false,
  };
}

export function factsFromSnapshot(snap: RepoSnapshot): RepoFacts {
  return {
    name: snap.full_name,
    url: snap.html_url,
    verified: true,
    stars: snap.stargazers_count,
    pushedAt: snap.pushed_at,
    description: snap.description,
    archived: snap.archived,
  };
}

export function unverifiedFacts(repo: string, missing = false): RepoFacts {
  return { name: repo, url: `https://github.com/${repo}`, verified: missing, stars: null, pushedAt: null, description: null, archived: false, ...(missing ? { missing: true } : {}) };
}

/** ETag cache entry, keyed by the lower-cased requested repo name. */
export interface EtagEntry {
  etag: string;
  data: RepoSnapshot;
}

/** What a repo request produced: facts plus the response to record in the snapshot. */
export interface RepoLookup {
  requested: string;
  facts: RepoFacts;
  /** 200, 304, 404, … */
  status: number;
  /** For the snapshot: final URL, status, ETag and the kept body. */
  record: { url: string; status: number; etag: string | null; redirects: string[]; data: RepoSnapshot | null };
  etag: EtagEntry | null;
}

export function repoApiUrl(baseUrl: string, repo: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/repos/${repo}`;
}

/**
 * Looks a repository up. 304 → the cached facts (verified). 404/410/451 → missing. Other statuses and
 * network/rate-limit errors throw (the caller marks the repo not verified).
 */
export async function fetchRepo(client: HttpClient, baseUrl: string, repo: string, token: string | undefined, cached: EtagEntry | undefined): Promise<RepoLookup> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (cached) headers['if-none-match'] = cached.etag;
  const url = repoApiUrl(baseUrl, repo);
  const res = await client.get(url, { source: 'github', headers });
  const etag = res.headers['etag'] ?? null;
  if (res.status === 304 && cached) {
    return { requested: repo, facts: factsFromSnapshot(cached.data), status: 304, record: { url: res.url, status: 304, etag: cached.etag, redirects: res.redirects, data: cached.data }, etag: cached };
  }
  if (res.status === 404 || res.status === 410 || res.status === 451) {
    return { requested: repo, facts: unverifiedFacts(repo, true), status: res.status, record: { url: res.url, status: res.status, etag: null, redirects: res.redirects, data: null }, etag: null };
  }
  if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${url}`);
  let json: unknown;
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch (error) {
    throw new Error(`not valid JSON from ${url} (${(error as Error).message})`);
  }
  const data = parseRepo(json);
  if (!data) throw new Error(`unexpected repository JSON from ${url}`);
  return {
    requested: repo,
    facts: factsFromSnapshot(data),
    status: 200,
    record: { url: res.url, status: 200, etag, redirects: res.redirects, data },
    etag: etag ? { etag, data } : null,
  };
}

/** Snapshot/replay file name of a repo: `owner__name.json`. */
export function repoFileName(repo: string): string {
  return `${repo.replace('/', '__')}.json`;
}

/** Facts from a recorded lookup (replay). */
export function factsFromRecord(repo: string, record: { status?: unknown; data?: unknown }): RepoFacts | null {
  if (record.status === 404 || record.status === 410 || record.status === 451) return unverifiedFacts(repo, true);
  const data = parseRepo(record.data);
  return data ? factsFromSnapshot(data) : null;
}
