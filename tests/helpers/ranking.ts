/**
 * Small fixtures shared by the ranking tests: a merged `PaperRecord` with every field set (override what a
 * test is about), and temporary folders removed after the file's tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { PaperRecord } from '../../scripts/pipeline/types.ts';

export function paperRecord(id: string, over: Partial<PaperRecord> = {}): PaperRecord {
  return {
    id,
    version: null,
    title: `Paper ${id}`,
    authors: [],
    abstract: '',
    aiSummary: null,
    aiKeywords: [],
    upvotes: 0,
    listed: '2026-05-01',
    published: '2026-05-01',
    updated: null,
    arxivCategories: [],
    primaryCategory: null,
    comment: null,
    journalRef: null,
    doi: null,
    organization: null,
    projectPage: null,
    repo: null,
    repoFacts: null,
    sources: [],
    ...over,
  };
}

/** A function making temp folders (`prefix` + random), all removed when the test file is done. */
export function tempDirs(prefix: string): (sub?: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  return (sub = '') => {
    const d = mkdtempSync(path.join(tmpdir(), `${prefix}${sub}`));
    made.push(d);
    return d;
  };
}
