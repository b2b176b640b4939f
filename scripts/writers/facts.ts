/**
 * The facts of a briefing that both writers share: the frontmatter papers, the day's categories, the
 * "to follow" list and the generator record. No prose is written here beyond what the facts say.
 */
import { readFileSync } from 'node:fs';
import type { BriefingConfig, Interest, Language } from '../../briefing.config.ts';
import { ARXIV_ID, GITHUB_REPO, isHttpUrl, type Follow, type PaperInput, type SummarizerKind } from '../../src/schema/briefing.ts';
import type { FollowCandidate, RankedDay, RankedPaper } from '../pipeline/types.ts';
import { localized } from '../../src/i18n/locale.ts';
import { venueFromComment } from './text.ts';

/** The project version, recorded in `generator.version`. */
export const GENERATOR_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** How many papers get a full write-up, and how many of those are the day's picks. */
export const PICKS = 3;

export function arxivUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}
export function pdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}
export function hfPaperUrl(id: string): string {
  return `https://huggingface.co/papers/${id}`;
}
export function githubUrl(repo: string): string {
  return `https://github.com/${repo}`;
}

/** The repository of a paper as owner/name, when it is a valid GitHub name; the verified name wins. */
export function paperRepo(p: RankedPaper): string | null {
  const name = p.repoFacts?.name ?? p.repo;
  return name && GITHUB_REPO.test(name) ? name : null;
}

/** Verified stars only; anything not verified is null ("not verified"). */
export function verifiedStars(p: RankedPaper): number | null {
  return p.repoFacts?.verified && !p.repoFacts.missing && p.repoFacts.stars !== null ? p.repoFacts.stars : null;
}

/** YYYY-MM-DD of an ISO timestamp, or null. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^\d{4}-\d{2}-\d{2}/.exec(value);
  return m ? m[0] : null;
}

/** A relevance clamped into the schema's 0..1. */
function unit(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, Math.round(value * 1000) / 1000)) : 0;
}

/** Categories from the ranker, restricted to the taxonomy (`other` when none survive). */
export function paperCategories(p: RankedPaper, config: BriefingConfig): string[] {
  const known = new Set(config.taxonomy.map((c) => c.slug));
  const cats = [...new Set(p.categories.filter((c) => known.has(c)))];
  return cats.length ? cats : ['other'];
}

export interface PaperFactsOptions {
  featured: boolean;
  pick: boolean;
  contribution: string;
  summarizer: SummarizerKind;
  /** Overrides the ranker's categories (the LLM may refine them, always within the taxonomy). */
  categories?: string[];
}

/** The frontmatter entry of one paper. */
export function paperFacts(p: RankedPaper, day: RankedDay, config: BriefingConfig, o: PaperFactsOptions): PaperInput {
  const repo = paperRepo(p);
  const links: PaperInput['links'] = { arxiv: arxivUrl(p.id), pdf: pdfUrl(p.id) };
  if (p.listed || p.upvotes !== null || p.sources.some((s) => /hugging ?face/i.test(s))) links.hf = hfPaperUrl(p.id);
  if (p.projectPage && isHttpUrl(p.projectPage)) links.project = p.projectPage;
  if (repo) links.code = p.repoFacts?.url && isHttpUrl(p.repoFacts.url) ? p.repoFacts.url : githubUrl(repo);
  const venue = venueFromComment(p.comment, p.journalRef);
  return {
    id: p.id,
    title: p.title.replace(/\s+/g, ' ').trim(),
    authors: p.authors,
    category: o.categories?.length ? o.categories : paperCategories(p, config),
    date: isoDate(p.published) ?? isoDate(p.listed) ?? day.date,
    ...(isoDate(p.listed) ? { listed: isoDate(p.listed)! } : {}),
    ...(p.version ? { version: p.version } : {}),
    ...(venue ? { venue } : {}),
    source: p.sources,
    repo,
    links,
    upvotes: p.upvotes !== null && Number.isInteger(p.upvotes) && p.upvotes >= 0 ? p.upvotes : null,
    ...(p.back ? { back: p.back } : {}),
    stars: verifiedStars(p),
    relevance: unit(p.relevance),
    topics: p.topics,
    pick: o.pick,
    featured: o.featured,
    contribution: o.contribution,
    summarizer: o.summarizer,
  };
}

/** The day's categories: union of the papers', most frequent first (ties in taxonomy order). */
export function dayCategories(papers: { category: string[] }[], config: BriefingConfig): string[] {
  const counts = new Map<string, number>();
  for (const p of papers) for (const c of p.category) counts.set(c, (counts.get(c) ?? 0) + 1);
  const order = new Map(config.taxonomy.map((c, i) => [c.slug, i]));
  return [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/** Category counts for prose, in the order of `dayCategories`. */
export function categoryCounts(papers: { category: string[] }[], config: BriefingConfig): { slug: string; count: number }[] {
  return dayCategories(papers, config).map((slug) => ({ slug, count: papers.filter((p) => p.category.includes(slug)).length }));
}

export function interestLabel(interest: Interest, language: Language): string {
  return localized(language, interest.label);
}

/** The interests a paper matched, in the ranker's order, with their labels and matched keywords. */
export function matchedInterests(p: RankedPaper, config: BriefingConfig, language: Language): { id: string; label: string; keywords: string[] }[] {
  const byId = new Map(config.reader.interests.map((i) => [i.id, i]));
  return p.topics.flatMap((id) => {
    const interest = byId.get(id);
    if (!interest) return [];
    return [{ id, label: interestLabel(interest, language), keywords: [...new Set(p.matches[id] ?? [])].slice(0, 4) }];
  });
}

export interface FollowPick {
  follow: Follow;
  /** The paper this candidate came from, when it is a paper's code repository. */
  paper: RankedPaper | null;
  candidate: FollowCandidate | null;
}

/**
 * The day's follow candidates: the ingest's list plus each paper's code repository, deduplicated by
 * name. Order: verified stars (highest first), then unverified repositories in paper rank, then models
 * and datasets by likes. Stars are kept only when verified.
 */
export function followCandidates(day: RankedDay, config: BriefingConfig): FollowPick[] {
  const byName = new Map<string, FollowPick>();
  const paperOfRepo = new Map<string, RankedPaper>();
  for (const p of day.papers) {
    const repo = paperRepo(p);
    if (repo && !paperOfRepo.has(repo.toLowerCase())) paperOfRepo.set(repo.toLowerCase(), p);
  }
  const known = new Set(config.taxonomy.map((c) => c.slug));
  for (const c of day.follow) {
    const key = `${c.kind}:${c.name.toLowerCase()}`;
    if (byName.has(key)) continue;
    const paper = c.kind === 'repo' ? paperOfRepo.get(c.name.toLowerCase()) ?? null : null;
    byName.set(key, {
      follow: {
        kind: c.kind,
        name: c.name,
        ...(c.url && isHttpUrl(c.url) ? { url: c.url } : {}),
        category: (c.category ?? []).filter((s) => known.has(s)),
        stars: c.verified ? c.stars : null,
        verified: Boolean(c.verified && c.stars !== null),
        ...(c.verified && c.updated ? { updated: c.updated } : {}),
        reason: c.reason ?? '',
      },
      paper,
      candidate: c,
    });
  }
  for (const [lower, p] of paperOfRepo) {
    const key = `repo:${lower}`;
    if (byName.has(key)) continue;
    const facts = p.repoFacts;
    if (facts?.missing) continue;
    const stars = verifiedStars(p);
    const name = paperRepo(p)!;
    const updated = facts?.verified ? isoDate(facts.pushedAt) : null;
    byName.set(key, {
      follow: {
        kind: 'repo',
        name,
        url: facts?.url && isHttpUrl(facts.url) ? facts.url : githubUrl(name),
        category: paperCategories(p, config).filter((c) => c !== 'other'),
        stars,
        verified: stars !== null,
        ...(updated ? { updated } : {}),
        reason: '',
      },
      paper: p,
      candidate: null,
    });
  }
  const rank = new Map(day.papers.map((p, i) => [p.id, i]));
  const all = [...byName.values()];
  const tier = (f: FollowPick) => (f.follow.verified ? 0 : f.follow.kind === 'repo' ? 1 : 2);
  return all.sort((a, b) => {
    const t = tier(a) - tier(b);
    if (t) return t;
    if (tier(a) === 0) return (b.follow.stars ?? 0) - (a.follow.stars ?? 0) || a.follow.name.localeCompare(b.follow.name);
    if (tier(a) === 1) return (rank.get(a.paper?.id ?? '') ?? 1e9) - (rank.get(b.paper?.id ?? '') ?? 1e9) || a.follow.name.localeCompare(b.follow.name);
    return (b.candidate?.likes ?? 0) - (a.candidate?.likes ?? 0) || a.follow.name.localeCompare(b.follow.name);
  });
}

/**
 * Checks the day's input before anything is written: a bad arXiv id or a duplicate would fail the
 * schema later with a less helpful message. Throws an Error naming the day, the field and the value.
 */
export function checkRankedDay(day: RankedDay): void {
  const where = `RankedDay ${day.date}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day.date)) throw new Error(`${where}: date: expected YYYY-MM-DD, got ${JSON.stringify(day.date)}`);
  const seen = new Set<string>();
  day.papers.forEach((p, i) => {
    if (!ARXIV_ID.test(p.id)) throw new Error(`${where}: papers[${i}].id: not an arXiv id: ${JSON.stringify(p.id)}`);
    if (seen.has(p.id)) throw new Error(`${where}: papers[${i}].id: duplicate paper ${p.id}`);
    if (!p.title?.trim()) throw new Error(`${where}: papers[${i}].title: empty title for ${p.id}`);
    seen.add(p.id);
  });
}

/** A Markdown link to an http(s) URL, with characters that would end the link destination encoded. */
export function markdownLink(label: string, url: string): string {
  if (!isHttpUrl(url)) return label;
  const safe = url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${label}](${safe})`;
}
