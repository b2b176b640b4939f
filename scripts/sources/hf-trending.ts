/**
 * The `hf-trending` follow source: the models and datasets trending on Hugging Face
 * (`/api/models?sort=trendingScore`, `/api/datasets?…`), as candidates for the day's "to follow" list.
 */
import { z } from 'zod';
import { dayPrefix } from '../../lib/dates.ts';
import type { SourcesConfig } from '../../src/schema/config.ts';
import type { HttpClient } from '../lib/http.ts';
import { describeValue } from './huggingface.ts';
import { defineSource, type Failure, type FollowItem } from './types.ts';

const trendingItem = z.looseObject({
  id: z.string().min(1),
  likes: z.number().nullish(),
  downloads: z.number().nullish(),
  pipeline_tag: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  lastModified: z.string().nullish(),
});

export function parseTrending(json: unknown, kind: 'model' | 'dataset'): { items: FollowItem[]; error: string | null } {
  if (!Array.isArray(json)) return { items: [], error: `expected a JSON array, got ${describeValue(json)}` };
  const items: FollowItem[] = [];
  for (const raw of json) {
    const parsed = trendingItem.safeParse(raw);
    if (!parsed.success) continue;
    const d = parsed.data;
    items.push({
      kind,
      id: d.id,
      likes: d.likes ?? null,
      downloads: d.downloads ?? null,
      pipelineTag: d.pipeline_tag ?? null,
      tags: (d.tags ?? []).filter((t) => !t.includes(':')).slice(0, 20),
      lastModified: dayPrefix(d.lastModified),
    });
  }
  if (json.length > 0 && items.length === 0) return { items, error: 'no item has the expected shape' };
  return { items, error: null };
}

function trendingUrl(baseUrl: string, kind: 'model' | 'dataset', limit: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/${kind}s?sort=trendingScore&direction=-1&limit=${limit}`;
}

/** Fetches trending models or datasets; returns the body as received. */
async function fetchTrending(client: HttpClient, baseUrl: string, kind: 'model' | 'dataset', limit: number): Promise<string> {
  const url = trendingUrl(baseUrl, kind, limit);
  const res = await client.get(url, { source: 'hf-trending', headers: { accept: 'application/json' } });
  if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${url}`);
  return res.body.toString('utf8');
}

export default defineSource<SourcesConfig['follow']['hf-trending']>({
  name: 'hf-trending',
  contributes: 'follow',
  label: 'Hugging Face Trending',
  url: 'https://huggingface.co/models?sort=trending',
  folder: 'hf-trending',
  notes: { ok: 'trending.ok', partial: 'trending.partial', failed: 'trending.failed', skipped: 'trending.skipped', disabled: 'trending.disabled' },
  async candidates(ctx) {
    const { baseUrl, limit } = ctx.options;
    const items: FollowItem[] = [];
    const failures: Failure[] = [];
    let recorded = false;
    for (const kind of ['model', 'dataset'] as const) {
      const r = await ctx.recorded(`${kind}s.json`, {
        fetch: async (client) => {
          const text = await fetchTrending(client, baseUrl, kind, limit);
          // Minified as snapshots are; a body that is not JSON is kept as it came, and fails below.
          let compact = text;
          try {
            compact = JSON.stringify(JSON.parse(text));
          } catch {
            // parsed (and reported) below
          }
          return { text: compact, url: trendingUrl(baseUrl, kind, limit), status: 200 };
        },
        parse: (text) => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch (error) {
            return { value: [], error: `${kind}s.json: not valid JSON (${(error as Error).message})` };
          }
          const parsed = parseTrending(json, kind);
          return { value: parsed.items, error: parsed.error };
        },
      });
      if (r.origin !== 'none') recorded = true;
      if (r.failure) failures.push(r.failure);
      items.push(...(r.value ?? []).slice(0, limit));
    }
    const counts = { models: items.filter((i) => i.kind === 'model').length, datasets: items.filter((i) => i.kind === 'dataset').length };
    return { items, tally: { wanted: 2, got: items.length, failures, recorded, vars: counts } };
  },
});
