/**
 * "To follow" candidates: the repositories the day's papers link (best-ranked first, with verified stars
 * when GitHub answered) and Hugging Face trending models and datasets.
 */
import type { BriefingConfig, Language } from '../../src/schema/config.ts';
import { dayPrefix } from '../../lib/dates.ts';
import type { FollowItem } from '../sources/types.ts';
import { guessCategories } from './categorize.ts';
import { note } from './notes.ts';
import type { FollowCandidate, RankedPaper } from './types.ts';

export function repoCandidates(papers: readonly RankedPaper[], language: Language): FollowCandidate[] {
  const out: FollowCandidate[] = [];
  const seen = new Set<string>();
  for (const p of papers) {
    if (!p.repo) continue;
    const facts = p.repoFacts;
    if (facts?.missing) continue;
    const name = p.repo;
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const verified = Boolean(facts?.verified);
    const updated = verified ? dayPrefix(facts?.pushedAt) : null;
    const archived = verified && facts?.archived ? note(language, 'follow.archived') : '';
    out.push({
      kind: 'repo',
      name,
      url: `https://github.com/${name}`,
      category: p.categories,
      stars: verified ? (facts?.stars ?? null) : null,
      verified,
      ...(updated ? { updated } : {}),
      reason: note(language, 'follow.repo', { title: p.title, archived }),
      source: 'GitHub',
    });
  }
  return out;
}

export function trendingCandidates(items: readonly FollowItem[], config: BriefingConfig, language: Language): FollowCandidate[] {
  return items.map((item) => {
    const words = [item.id.replace(/[/_-]+/g, ' '), item.pipelineTag ?? '', ...item.tags].join(' ');
    const categories = guessCategories({ title: words }, config.taxonomy, config.ranking.maxCategories);
    const { likes, downloads } = item;
    const stats =
      likes !== null && downloads !== null
        ? note(language, 'follow.likesDownloads', { likes, downloads })
        : likes !== null
          ? note(language, 'follow.likes', { likes })
          : downloads !== null
            ? note(language, 'follow.downloads', { downloads })
            : '';
    const updated = dayPrefix(item.lastModified);
    return {
      kind: item.kind,
      name: item.id,
      url: item.kind === 'model' ? `https://huggingface.co/${item.id}` : `https://huggingface.co/datasets/${item.id}`,
      category: categories.filter((c) => c !== 'other'),
      stars: null,
      verified: true,
      ...(updated ? { updated } : {}),
      reason: note(language, item.kind === 'model' ? 'follow.trendingModel' : 'follow.trendingDataset', { stats }),
      source: 'Hugging Face Trending',
      likes: item.likes,
      downloads: item.downloads,
    };
  });
}
