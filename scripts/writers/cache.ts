/**
 * The LLM result cache: one JSON file per answer under `<cacheDir>/llm/`, keyed by a hash of what
 * determines the answer (paper id and version, prompt version, model, language, the reader's interests,
 * the taxonomy;
 * for a day, the day's whole prompt). Rerunning a day therefore makes zero LLM calls. The batch flow
 * fills the same cache. Safe to delete at any time; a corrupt entry is a miss, never an error.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BriefingConfig } from '../../briefing.config.ts';
import { writeFileAtomic } from '../../lib/files.ts';

export interface CacheEntry<T> {
  key: string;
  /** What the key was made of, for people reading the cache. */
  parts: Record<string, unknown>;
  value: T;
  /** Tokens the answer cost when it was made. */
  tokens: { input: number; output: number };
  createdAt: string;
}

export interface LlmCache {
  get<T>(key: string): Promise<CacheEntry<T> | null>;
  set<T>(entry: CacheEntry<T>): Promise<void>;
}

export function hashKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A fingerprint of the reader's interests: the relation section depends on them. */
export function interestsFingerprint(config: BriefingConfig): string {
  const reader = config.reader;
  return hashKey({ interests: reader.interests, reader: reader.name }).slice(0, 16);
}

export function paperKeyParts(p: { id: string; version: number | null }, config: BriefingConfig, model: string): Record<string, unknown> {
  return {
    kind: 'paper',
    id: p.id,
    version: p.version ?? null,
    promptVersion: config.writer.promptVersion,
    model,
    language: config.language,
    interests: interestsFingerprint(config),
    // The allowed categories are in the prompt and the response schema: a new one must be offered.
    taxonomy: hashKey({ taxonomy: config.taxonomy.map((c) => [c.slug, c.en]) }).slice(0, 16),
  };
}

export function dayKeyParts(date: string, promptHash: string, config: BriefingConfig, model: string): Record<string, unknown> {
  return { kind: 'day', date, prompt: promptHash, promptVersion: config.writer.promptVersion, model, language: config.language };
}

/** The others table's lines: the chunk's whole prompt decides the answer. */
export function othersKeyParts(promptHash: string, config: BriefingConfig, model: string): Record<string, unknown> {
  return { kind: 'others', prompt: promptHash, promptVersion: config.writer.promptVersion, model, language: config.language };
}

export function createFileCache(dir: string): LlmCache {
  const fileOf = (key: string) => path.join(dir, 'llm', key.slice(0, 2), `${key}.json`);
  return {
    async get<T>(key: string) {
      let text: string;
      try {
        text = await readFile(fileOf(key), 'utf8');
      } catch {
        return null;
      }
      try {
        const entry = JSON.parse(text) as CacheEntry<T>;
        return entry && entry.key === key && entry.value !== undefined ? entry : null;
      } catch {
        return null;
      }
    },
    async set<T>(entry: CacheEntry<T>) {
      await writeFileAtomic(fileOf(entry.key), `${JSON.stringify(entry, null, 1)}\n`);
    },
  };
}

/** An in-memory cache (tests, dry runs). */
export function createMemoryCache(): LlmCache & { size(): number } {
  const map = new Map<string, CacheEntry<unknown>>();
  return {
    async get<T>(key: string) {
      return (map.get(key) as CacheEntry<T> | undefined) ?? null;
    },
    async set<T>(entry: CacheEntry<T>) {
      map.set(entry.key, entry as CacheEntry<unknown>);
    },
    size: () => map.size,
  };
}
