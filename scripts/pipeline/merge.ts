/**
 * Merge: one record per arXiv id from the candidates every paper source listed, with what the fact sources
 * added: Hugging Face's community fields (upvotes, AI summary and keywords, repo, project page,
 * organization), arXiv's metadata (abstract, categories, comment, version, dates) and GitHub's facts (stars,
 * activity). A paper two sources list keeps both sources' names. Pure; deterministic order (listing day,
 * then the order the sources listed them).
 */
import { linkedRepo } from '../sources/github.ts';
import type { PaperCandidate } from '../sources/types.ts';
import type { PaperRecord } from './types.ts';

/** The sources a merged record names besides the listings: its arXiv lookup and verified repository. */
const FACT_LABELS = { arxiv: 'arXiv', github: 'GitHub' } as const;

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** Two listings of one paper as one: the earliest listing, the highest upvotes, every source; a field one lacks comes from the other. */
function combine(first: PaperCandidate, other: PaperCandidate): PaperCandidate {
  const upvotes = Math.max(first.upvotes ?? -1, other.upvotes ?? -1);
  return {
    ...first,
    listed: first.listed ?? other.listed,
    upvotes: upvotes < 0 ? null : upvotes,
    aiSummary: first.aiSummary ?? other.aiSummary,
    aiKeywords: first.aiKeywords.length ? first.aiKeywords : other.aiKeywords,
    githubRepo: first.githubRepo ?? other.githubRepo,
    projectPage: first.projectPage ?? other.projectPage,
    organization: first.organization ?? other.organization,
    published: first.published ?? other.published,
    summary: first.summary !== '' ? first.summary : other.summary,
    sources: union(first.sources, other.sources),
    arxiv: first.arxiv ?? other.arxiv,
    repoFacts: first.repoFacts ?? other.repoFacts,
  };
}

/**
 * Collapses papers listed on several days or by several sources into one per id: Hugging Face listings
 * first (by listing day), then papers no HF listing had, each group in the order given.
 */
export function uniquePapers(papers: readonly PaperCandidate[]): PaperCandidate[] {
  const byId = new Map<string, PaperCandidate>();
  const order = (p: PaperCandidate): string => p.listed ?? '\uffff';
  const sorted = papers.map((p, i) => ({ p, i })).sort((a, b) => order(a.p).localeCompare(order(b.p)) || a.i - b.i);
  for (const { p } of sorted) {
    const prev = byId.get(p.id);
    byId.set(p.id, prev ? combine(prev, p) : p);
  }
  return [...byId.values()];
}

export function mergeRecords(candidates: readonly PaperCandidate[]): PaperRecord[] {
  return uniquePapers(candidates).map((p) => {
    const ax = p.arxiv;
    const linked = linkedRepo(p);
    // A repository GitHub says is not there (404, 410, 451) is not the paper's code: no link, no follow entry.
    const facts = linked && !p.repoFacts?.missing ? p.repoFacts : null;
    const sources = [...p.sources];
    if (ax && p.arxivLookedUp) sources.push(FACT_LABELS.arxiv);
    if (facts?.verified && !facts.missing) sources.push(FACT_LABELS.github);
    // A renamed repository is recorded under its new name.
    const repo = p.repoFacts?.missing ? null : facts?.verified ? facts.name : linked;
    return {
      id: p.id,
      version: ax?.version ?? null,
      // Titles are strings even when they look like numbers ("0" is a real title): test for '' only.
      title: ax && ax.title !== '' ? ax.title : p.title,
      authors: ax && ax.authors.length > 0 ? ax.authors : p.authors,
      abstract: ax && ax.abstract !== '' ? ax.abstract : p.summary,
      aiSummary: p.aiSummary,
      aiKeywords: p.aiKeywords,
      upvotes: p.upvotes,
      listed: p.listed,
      published: ax?.published ?? p.published,
      updated: ax?.updated ?? null,
      arxivCategories: ax?.categories ?? [],
      primaryCategory: ax?.primaryCategory ?? null,
      comment: ax?.comment ?? null,
      journalRef: ax?.journalRef ?? null,
      doi: ax?.doi ?? null,
      organization: p.organization,
      projectPage: p.projectPage && /^https?:\/\//i.test(p.projectPage) ? p.projectPage : null,
      repo,
      repoFacts: facts,
      sources,
    };
  });
}
