/**
 * Checks the parts of the config the ingest pipeline relies on, so a typo fails at once with the field
 * named (`npm run brief` exits 2 and writes nothing) rather than halfway through a run.
 */
import type { BriefingConfig } from '../../briefing.config.ts';
import { readerProfile } from '../rank/profile.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function validateIngestConfig(config: BriefingConfig): void {
  const problems: string[] = [];
  const int = (field: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problems.push(`${field}: expected an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got ${JSON.stringify(v)}`);
    }
  };
  const num = (field: string, v: unknown): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push(`${field}: expected a number ≥ 0, got ${JSON.stringify(v)}`);
  };
  const url = (field: string, v: unknown): void => {
    let ok = false;
    try {
      const u = new URL(String(v));
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`${field}: expected an http(s) URL, got ${JSON.stringify(v)}`);
  };
  const str = (field: string, v: unknown): void => {
    if (typeof v !== 'string' || v.trim() === '') problems.push(`${field}: expected a non-empty string, got ${JSON.stringify(v)}`);
  };

  if (config.language !== 'zh-CN' && config.language !== 'en') problems.push(`language: expected "zh-CN" or "en", got ${JSON.stringify(config.language)}`);
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone });
  } catch {
    problems.push(`timezone: not an IANA timezone: ${JSON.stringify(config.timezone)}`);
  }
  const s = config.sources;
  url('sources.huggingFace.baseUrl', s.huggingFace.baseUrl);
  int('sources.huggingFace.pageSize', s.huggingFace.pageSize, 1, 1000);
  int('sources.huggingFace.trendingLimit', s.huggingFace.trendingLimit, 0, 1000);
  url('sources.arxiv.baseUrl', s.arxiv.baseUrl);
  int('sources.arxiv.batchSize', s.arxiv.batchSize, 1, 100);
  int('sources.arxiv.minIntervalMs', s.arxiv.minIntervalMs, 0);
  url('sources.github.baseUrl', s.github.baseUrl);
  int('sources.http.connectTimeoutMs', s.http.connectTimeoutMs, 1);
  int('sources.http.headersTimeoutMs', s.http.headersTimeoutMs, 1);
  int('sources.http.bodyTimeoutMs', s.http.bodyTimeoutMs, 1);
  int('sources.http.retries', s.http.retries, 0, 10);
  int('sources.http.backoffBaseMs', s.http.backoffBaseMs, 0);
  int('sources.http.maxWaitMs', s.http.maxWaitMs, 0);
  int('sources.http.concurrencyPerHost', s.http.concurrencyPerHost, 1, 64);
  str('sources.http.userAgent', s.http.userAgent);
  int('window.minPapers', config.window.minPapers, 0);
  int('window.maxDays', config.window.maxDays, 1, 60);
  int('window.dedupeDays', config.window.dedupeDays, 0);
  num('ranking.relevance', config.ranking.relevance);
  num('ranking.upvotes', config.ranking.upvotes);
  num('ranking.recency', config.ranking.recency);
  int('ranking.maxCategories', config.ranking.maxCategories, 1, 20);
  if (!Array.isArray(config.ranking.negativeKeywords)) problems.push('ranking.negativeKeywords: expected an array of strings');
  str('reader.file', config.reader.file);
  if (typeof config.reader.file === 'string' && config.reader.file.trim() !== '') {
    // The reader profile is validated with the config: a broken profile is a configuration error (exit 2).
    try {
      readerProfile(config);
    } catch (error) {
      problems.push(`reader.file: ${(error as Error).message.replace(/\n/g, '\n  ')}`);
    }
  }
  str('archive.briefingsDir', config.archive.briefingsDir);
  str('archive.rawDir', config.archive.rawDir);
  str('archive.cacheDir', config.archive.cacheDir);
  if (problems.length > 0) throw new ConfigError(`invalid config (briefing.config.ts):\n  ${problems.join('\n  ')}`);
}
