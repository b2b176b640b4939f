/**
 * The registry: the sources the config names, each loaded from its file. `sources.<kind>.<name>` in the
 * config is the whole registration: the implementation is the default export of `scripts/sources/<name>.ts`,
 * and its kind must match the config group it sits in. Nothing else lists the sources, so adding one is
 * one new file plus one config entry (docs/sources.md).
 */
import { ConfigError, type BriefingConfig } from '../../src/schema/config.ts';
import type { HostPolicy } from '../lib/http.ts';
import type { AnySource, FactSource, FollowSource, PaperSource } from './types.ts';

type Kind = 'papers' | 'facts' | 'follow';
type SourceOf<K extends Kind> = K extends 'papers' ? PaperSource : K extends 'facts' ? FactSource : FollowSource;

/** A source with its config block. */
export interface Registered<S> {
  source: S;
  options: { enabled: boolean } & Record<string, unknown>;
}

export interface SourceSet {
  /** Enabled paper sources, in config order. */
  papers: Array<Registered<PaperSource>>;
  /** Fact sources in config order (each runs after the one before: GitHub reads arXiv's comments). */
  facts: Array<Registered<FactSource>>;
  follow: Array<Registered<FollowSource>>;
}

const loaded = new Map<string, Promise<unknown>>();

async function load<K extends Kind>(kind: K, name: string): Promise<SourceOf<K>> {
  const field = `sources.${kind}.${name}`;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) throw new ConfigError(`${field}: a source name must be a file name (lowercase letters, digits, hyphens)`);
  let mod: { default?: AnySource };
  try {
    if (!loaded.has(name)) loaded.set(name, import(`./${name}.ts`));
    mod = (await loaded.get(name)) as { default?: AnySource };
  } catch (error) {
    throw new ConfigError(`${field}: cannot load scripts/sources/${name}.ts (${(error as Error).message.split('\n')[0]})`);
  }
  const source = mod.default;
  if (!source || source.name !== name || source.contributes !== kind) {
    throw new ConfigError(`${field}: scripts/sources/${name}.ts must export default a ${kind} source named "${name}" (see docs/sources.md)`);
  }
  return source as SourceOf<K>;
}

async function group<K extends Kind>(kind: K, blocks: Record<string, { enabled: boolean }>): Promise<Array<Registered<SourceOf<K>>>> {
  const out: Array<Registered<SourceOf<K>>> = [];
  for (const [name, options] of Object.entries(blocks)) out.push({ source: await load(kind, name), options: options as Registered<unknown>['options'] });
  return out;
}

/**
 * The sources of a config. Disabled paper sources are left out (a source that is off is no news in a
 * briefing); disabled fact and follow sources stay, so the briefing can say their facts were not checked.
 */
export async function loadSources(config: BriefingConfig): Promise<SourceSet> {
  const papers = (await group('papers', config.sources.papers)).filter((r) => r.options.enabled);
  return { papers, facts: await group('facts', config.sources.facts), follow: await group('follow', config.sources.follow) };
}

/**
 * The per-host policies the sources ask for, merged: where two sources call one host, the stricter wins
 * (fewest connections, longest spacing).
 */
export function hostPolicies(set: SourceSet): Record<string, HostPolicy> {
  const out: Record<string, HostPolicy> = {};
  for (const { source, options } of [...set.papers, ...set.facts, ...set.follow]) {
    if (!options.enabled || !source.hosts) continue;
    for (const [host, policy] of Object.entries((source.hosts as (o: unknown) => Record<string, HostPolicy>)(options))) {
      const before = out[host] ?? {};
      const concurrency = [before.concurrency, policy.concurrency].filter((c): c is number => c !== undefined);
      out[host] = {
        ...(concurrency.length ? { concurrency: Math.min(...concurrency) } : {}),
        minIntervalMs: Math.max(before.minIntervalMs ?? 0, policy.minIntervalMs ?? 0),
      };
    }
  }
  return out;
}
