/**
 * Merge: one record per arXiv id combining Hugging Face (upvotes, AI summary and keywords, repo,
 * project page, organization), arXiv (abstract, categories, comment, version, dates) and GitHub
 * (stars, activity). Pure; deterministic order (listing day, then HF order).
 */
import type { HfPaper } from '../sources/huggingface.ts';
import { HF_SOURCE_NAME } from '../sources/huggingface.ts';
import type { ArxivEntry } from '../sources/arxiv.ts';
import { repoFromUrl, reposInText } from '../sources/github.ts';
import type { PaperRecord, RepoFacts } from './types.ts';

export const PAPER_SOURCE = { hf: HF_SOURCE_NAME, arxiv: 'arXiv', github: 'GitHub' } as const;

/** Collapses papers listed on several days into one (first listing kept, highest upvotes). */
export function uniquePapers(papers: readonly HfPaper[]): HfPaper[] {
  const byId = new Map<string, HfPaper>();
  const sorted = [...papers].sort((a, b) => a.listed.localeCompare(b.listed));
  for (const p of sorted) {
    const prev = byId.get(p.id);
    if (!prev) byId.set(p.id, p);
    else if ((p.upvotes ?? -1) > (prev.upvotes ?? -1)) byId.set(p.id, { ...prev, upvotes: p.upvotes });
  }
  return [...byId.values()];
}

/** The repository a paper links: HF `githubRepo`, else its project page, else a link in the abstract or comment. */
export function linkedRepo(hf: HfPaper, arxiv: ArxivEntry | undefined): string | null {
  return (
    repoFromUrl(hf.githubRepo) ??
    repoFromUrl(hf.projectPage) ??
    reposInText(arxiv?.comment)[0] ??
    reposInText(arxiv?.abstract)[0] ??
    reposInText(hf.summary)[0] ??
    null
  );
}

export function repoKey(repo: string): string {
  return repo.toLowerCase();
}

export function mergeRecords(
  papers: readonly HfPaper[],
  arxiv: ReadonlyMap<string, ArxivEntry>,
  repos: ReadonlyMap<string, RepoFacts>,
): PaperRecord[] {
  return uniquePapers(papers).map((hf) => {
    const ax = arxiv.get(hf.id);
    const linked = linkedRepo(hf, ax);
    const facts = linked ? (repos.get(repoKey(linked)) ?? null) : null;
    const sources: string[] = [PAPER_SOURCE.hf];
    if (ax) sources.push(PAPER_SOURCE.arxiv);
    if (facts?.verified && !facts.missing) sources.push(PAPER_SOURCE.github);
    // A renamed repository is recorded under its new name.
    const repo = facts && !facts.missing && facts.verified ? facts.name : linked;
    return {
      id: hf.id,
      version: ax?.version ?? null,
      // Titles are strings even when they look like numbers ("0" is a real title): test for '' only.
      title: ax && ax.title !== '' ? ax.title : hf.title,
      authors: ax && ax.authors.length > 0 ? ax.authors : hf.authors,
      abstract: ax && ax.abstract !== '' ? ax.abstract : hf.summary,
      aiSummary: hf.aiSummary,
      aiKeywords: hf.aiKeywords,
      upvotes: hf.upvotes,
      listed: hf.listed,
      published: ax?.published ?? hf.published,
      updated: ax?.updated ?? null,
      arxivCategories: ax?.categories ?? [],
      primaryCategory: ax?.primaryCategory ?? null,
      comment: ax?.comment ?? null,
      journalRef: ax?.journalRef ?? null,
      doi: ax?.doi ?? null,
      organization: hf.organization,
      projectPage: hf.projectPage && /^https?:\/\//i.test(hf.projectPage) ? hf.projectPage : null,
      repo,
      repoFacts: facts,
      sources,
    };
  });
}
