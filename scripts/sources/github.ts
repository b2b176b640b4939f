/**
 * The `github` fact source, GitHub REST (`/repos/{owner}/{name}`) for each repository a paper links: stars,
 * last push, description, archived. Uses `GITHUB_TOKEN` when set (env only, never logged), conditional
 * requests with the ETag cached between runs (a 304 costs no rate-limit quota), follows 301 renames and
 * records 404s. It always asks the network in a live run (stars are verified on the day), so a rerun costs
 * 304s. Rate limiting is handled by the HTTP client; a refused request leaves the repo "not verified".
 */
import { z } from 'zod';
import type { SourcesConfig } from '../../src/schema/config.ts';
import type { HttpClient } from '../lib/http.ts';
import { GITHUB_REPO } from '../../src/schema/briefing.ts';
import { defineSource, type Failure, type PaperCandidate, type RepoFacts } from './types.ts';

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

function factsFromSnapshot(snap: RepoSnapshot): RepoFacts {
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

function unverifiedFacts(repo: string, missing = false): RepoFacts {
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

function repoApiUrl(baseUrl: string, repo: string): string {
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
function repoFileName(repo: string): string {
  return `${repo.replace('/', '__')}.json`;
}

/** Facts from a recorded lookup (replay). */
function factsFromRecord(repo: string, record: { status?: unknown; data?: unknown }): RepoFacts | null {
  if (record.status === 404 || record.status === 410 || record.status === 451) return unverifiedFacts(repo, true);
  const data = parseRepo(record.data);
  return data ? factsFromSnapshot(data) : null;
}

/** Reads a recorded repo lookup in any of the shapes we accept: our record, a raw API body, a nock recording. */
function recordedRepo(repo: string, json: unknown): RepoFacts | null {
  if (Array.isArray(json)) {
    const first = json[0] as { status?: unknown; response?: unknown } | undefined;
    return first ? factsFromRecord(repo, { status: first.status, data: first.response }) : null;
  }
  if (json && typeof json === 'object' && 'full_name' in json) return factsFromRecord(repo, { status: 200, data: json });
  return json && typeof json === 'object' ? factsFromRecord(repo, json as { status?: unknown; data?: unknown }) : null;
}

/** The repository a paper links: its listing's `githubRepo`, else its project page, else a link in the arXiv comment or abstract. */
export function linkedRepo(p: Pick<PaperCandidate, 'githubRepo' | 'projectPage' | 'summary' | 'arxiv'>): string | null {
  return (
    repoFromUrl(p.githubRepo) ??
    repoFromUrl(p.projectPage) ??
    reposInText(p.arxiv?.comment)[0] ??
    reposInText(p.arxiv?.abstract)[0] ??
    reposInText(p.summary)[0] ??
    null
  );
}

function isEtagEntry(v: unknown): v is EtagEntry {
  const e = v as EtagEntry | null;
  return Boolean(e) && typeof e!.etag === 'string' && Boolean(e!.data) && typeof e!.data.full_name === 'string';
}

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(Math.max(1, concurrency), items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(runners);
}

export default defineSource<SourcesConfig['facts']['github']>({
  name: 'github',
  contributes: 'facts',
  label: 'GitHub API',
  url: 'https://github.com',
  folder: 'github',
  notes: { ok: 'github.ok', partial: 'github.partial', failed: 'github.failed', skipped: 'github.skipped', disabled: 'github.disabled', none: 'github.none' },
  async enrich(ctx, candidates) {
    const linked = candidates.map((c) => linkedRepo(c));
    const unique = [...new Map(linked.filter((r): r is string => r !== null).map((r) => [r.toLowerCase(), r])).values()].sort((a, b) => a.localeCompare(b));
    const repos = new Map<string, RepoFacts>();
    const failures: Failure[] = [];
    let recorded = false;
    let checked = 0;
    let missing = 0;
    // A token pasted with a trailing newline would make every request invalid.
    const token = ctx.env.GITHUB_TOKEN?.trim() || undefined;
    const etags = ctx.mode === 'live' ? await ctx.cache('github-etags', isEtagEntry) : null;
    if (ctx.mode === 'live') ctx.progress.stage('GitHub', unique.length);
    await pool(unique, ctx.config.sources.http.concurrencyPerHost, async (repo) => {
      const key = repo.toLowerCase();
      const r = await ctx.recorded(repoFileName(repo), {
        reuse: false,
        fetch: async (client) => {
          const lookup = await fetchRepo(client, ctx.options.baseUrl, repo, token, etags?.get(key));
          if (lookup.etag) etags?.set(key, lookup.etag);
          else if (lookup.facts.missing) etags?.delete(key);
          return { text: JSON.stringify(lookup.record), url: repoApiUrl(ctx.options.baseUrl, repo), status: lookup.status };
        },
        parse: (text) => {
          let facts: RepoFacts | null = null;
          try {
            facts = recordedRepo(repo, JSON.parse(text));
          } catch {
            facts = null;
          }
          return { value: facts, error: facts ? null : `${repoFileName(repo)}: not a repository record` };
        },
      });
      if (r.origin !== 'none') recorded = true;
      if (r.value) {
        checked++;
        if (r.value.missing) missing++;
        repos.set(key, r.value);
      } else {
        // 304s are counted in the run summary, not the briefing: a rerun must give the same briefing.
        if (r.failure && ctx.mode === 'live') failures.push(r.failure);
        repos.set(key, unverifiedFacts(repo));
      }
      if (ctx.mode === 'live') ctx.progress.advance();
    });
    if (ctx.mode === 'replay' && checked < unique.length) failures.push({ kind: 'missing', status: null, message: `${unique.length - checked} repositories not recorded` });
    const out = candidates.map((c, i) => {
      const repo = linked[i];
      return repo ? { ...c, repoFacts: repos.get(repo.toLowerCase()) ?? null } : c;
    });
    const extra = missing > 0 ? { note: 'github.missing', vars: { missing } } : '';
    return { candidates: out, tally: { wanted: unique.length, got: checked, failures, recorded, vars: { checked, unverified: unique.length - checked, extra } } };
  },
});
