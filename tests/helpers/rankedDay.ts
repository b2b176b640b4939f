/**
 * `RankedDay` fixtures for the writer tests and the writer benchmark.
 *
 * - `rankedDayFromHf(items, date)`: real Hugging Face Daily Papers items (the corpus in ../shared, or
 *   any replay file) turned into ranked papers with a simple, deterministic keyword ranker over the
 *   configured interests and taxonomy. It stands in for the ingest's merge + rank so the writers can be
 *   tested on real text without depending on another stage's internals.
 * - `syntheticRankedDay(n, seed)`: generated papers, for sizes and edge cases the corpus lacks.
 * - `extractCorpus()`: extracts ../shared/corpus/hf-daily-papers.tar.xz into a temp folder once.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config as defaultConfig } from '../../src/config.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import type { FollowCandidate, RankedDay, RankedPaper } from '../../scripts/pipeline/types.ts';
import { paperRecord } from './ranking.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const corpusArchive = path.join(sharedDir, 'corpus/hf-daily-papers.tar.xz');
export const hasCorpus = existsSync(corpusArchive);

let extracted: string | null = null;
/** Extracts the corpus once per process; returns the folder holding `hf/YYYY-MM-DD.json`. */
export function extractCorpus(): string {
  if (extracted) return extracted;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-corpus-'));
  execFileSync('tar', ['-xJf', corpusArchive, '-C', dir, 'hf/2026-05-29.json', 'hf/2026-05-28.json', 'hf/2026-05-01.json', 'hf/2026-01-13.json', 'hf/2025-07-22.json']);
  extracted = dir;
  return dir;
}

export interface HfItem {
  paper: {
    id: string;
    title: string;
    summary: string;
    authors: { name: string }[];
    publishedAt?: string;
    upvotes?: number;
    ai_summary?: string;
    ai_keywords?: string[];
    githubRepo?: string;
    githubStars?: number;
    projectPage?: string;
    organization?: { fullname?: string; name?: string };
  };
  publishedAt?: string;
  title?: string;
}

export function readCorpusDay(date: string): HfItem[] {
  const dir = extractCorpus();
  return JSON.parse(readFileSync(path.join(dir, 'hf', `${date}.json`), 'utf8')) as HfItem[];
}

function wordMatch(text: string, keyword: string): boolean {
  const escaped = keyword.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^a-z0-9])${escaped}(?:$|[^a-z0-9])`).test(text);
}

/** Real HF items → a ranked day. `verifiedRepos` marks the repos whose GitHub facts count as verified. */
export function rankedDayFromHf(items: HfItem[], date: string, options: { config?: BriefingConfig; verifiedRepos?: boolean } = {}): RankedDay {
  const config = options.config ?? defaultConfig;
  const papers: RankedPaper[] = items.map((item) => {
    const p = item.paper;
    const text = `${p.title} ${p.summary} ${(p.ai_keywords ?? []).join(' ')}`.toLowerCase();
    const matches: Record<string, string[]> = {};
    let relevance = 0;
    for (const interest of config.reader.interests) {
      const hit = interest.keywords.filter((k) => wordMatch(text, k));
      if (hit.length) {
        matches[interest.id] = hit;
        relevance += (interest.weight ?? 1) * Math.min(1, hit.length / 2);
      }
    }
    const topics = Object.keys(matches).sort((a, b) => (matches[b]?.length ?? 0) - (matches[a]?.length ?? 0));
    const categories = config.taxonomy.filter((c) => c.keywords.some((k) => wordMatch(text, k))).map((c) => c.slug).slice(0, 3);
    const repo = p.githubRepo?.match(/github\.com\/([^/]+\/[^/#?]+)/)?.[1]?.replace(/\.git$/, '') ?? null;
    const upvotes = p.upvotes ?? null;
    const rel = Math.min(1, relevance / 2);
    return {
      ...paperRecord(p.id, {
        version: 1,
        title: p.title.replace(/\s+/g, ' ').trim(),
        authors: p.authors.map((a) => a.name),
        abstract: p.summary,
        aiSummary: p.ai_summary ?? null,
        aiKeywords: p.ai_keywords ?? [],
        upvotes,
        listed: date,
        published: (p.publishedAt ?? item.publishedAt ?? `${date}T00:00:00Z`).slice(0, 10),
      }),
      organization: p.organization?.fullname ?? null,
      projectPage: p.projectPage ?? null,
      repo,
      repoFacts: repo
        ? {
            name: repo,
            url: `https://github.com/${repo}`,
            verified: Boolean(options.verifiedRepos),
            stars: options.verifiedRepos ? p.githubStars ?? 0 : null,
            pushedAt: options.verifiedRepos ? `${date}T08:00:00Z` : null,
            description: null,
            archived: false,
          }
        : null,
      sources: ['Hugging Face Daily Papers'],
      score: 0.6 * rel + 0.3 * Math.log1p(upvotes ?? 0) / Math.log1p(200),
      relevance: rel,
      topics,
      matches,
      categories: categories.length ? categories : ['other'],
    };
  });
  papers.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return {
    date,
    window: { from: date, to: date, days: [date], widened: false, note: '' },
    sources: [{ name: 'Hugging Face Daily Papers', url: 'https://huggingface.co/papers', status: 'ok', note: `${papers.length} papers` }],
    papers,
    covered: [],
    follow: [],
  };
}

const TOPICS = ['agent', 'agentic-rl', 'code', 'model-based-rl', 'latent-reasoning', 'continual', 'pretraining-data'];
const CATS = ['llm-agent', 'post-training-rl', 'code-agent', 'world-model', 'latent-reasoning', 'continual-learning', 'pretraining-data', 'reasoning', 'multimodal'];

/** A generated day of `n` papers. Deterministic for a seed; `mutate` edits each paper (e.g. hostile text). */
export function syntheticRankedDay(n: number, seed = 1, mutate?: (p: RankedPaper, i: number) => RankedPaper, date = '2026-05-29'): RankedDay {
  let s = seed >>> 0;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const papers: RankedPaper[] = [];
  for (let i = 0; i < n; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const cat = CATS[i % CATS.length]!;
    const id = `2605.${String(10000 + Math.floor(rnd() * 89999)).padStart(5, '0')}`;
    if (papers.some((p) => p.id === id)) {
      i--;
      continue;
    }
    const gain = (1 + rnd() * 20).toFixed(1);
    let paper: RankedPaper = {
      id,
      version: 1 + (i % 2),
      title: `Paper ${i + 1}: Scaling ${topic} with Synthetic Environments`,
      authors: ['A. Author', 'B. Author'],
      abstract: `Large language model ${topic} methods remain brittle on long-horizon tasks. In this work, we propose Method${i + 1}, a framework that couples environment synthesis with verifiable rewards. Specifically, it first generates tasks and then trains a policy with GRPO. Experiments show that Method${i + 1} improves success rate by ${gain}% over strong baselines on 3 benchmarks. Code and checkpoints are publicly available.`,
      aiSummary: `Method${i + 1} couples environment synthesis with verifiable rewards to improve ${topic}.`,
      aiKeywords: [topic, 'GRPO', 'verifiable rewards'],
      upvotes: Math.floor(rnd() * 100),
      listed: date,
      published: date,
      updated: null,
      arxivCategories: ['cs.CL'],
      primaryCategory: 'cs.CL',
      comment: i % 5 === 0 ? 'Accepted to ACL 2026 Findings; 12 pages' : null,
      journalRef: null,
      doi: null,
      organization: null,
      projectPage: null,
      repo: i % 3 === 0 ? `org${i}/method-${i + 1}` : null,
      repoFacts:
        i % 3 === 0
          ? { name: `org${i}/method-${i + 1}`, url: `https://github.com/org${i}/method-${i + 1}`, verified: i % 2 === 0, stars: i % 2 === 0 ? 50 + i * 10 : null, pushedAt: i % 2 === 0 ? `${date}T01:00:00Z` : null, description: 'Official code', archived: false }
          : null,
      sources: ['Hugging Face Daily Papers', 'arXiv'],
      score: 1 - i / n,
      relevance: Math.max(0, 0.9 - i * 0.03),
      topics: i % 4 === 3 ? [] : [topic],
      matches: i % 4 === 3 ? {} : { [topic]: [topic.replace(/-/g, ' ')] },
      categories: [cat],
    };
    if (mutate) paper = mutate(paper, i);
    papers.push(paper);
  }
  const follow: FollowCandidate[] = [
    { kind: 'dataset', name: 'open-thoughts/AgentTrove', url: 'https://huggingface.co/datasets/open-thoughts/AgentTrove', category: ['llm-agent'], stars: null, verified: false, reason: '', source: 'Hugging Face trending', likes: 120 },
  ];
  return {
    date,
    window: { from: date, to: date, days: [date], widened: false, note: '' },
    sources: [
      { name: 'Hugging Face Daily Papers', status: 'ok', note: '' },
      { name: 'GitHub API', status: 'degraded', note: 'rate limited after 10 requests' },
    ],
    papers,
    covered: [],
    follow,
  };
}
