/**
 * "To follow" candidates: the repositories the day's papers link (best-ranked first, with verified stars
 * when GitHub answered) and Hugging Face trending models and datasets.
 */
import type { BriefingConfig, Language } from '../../src/schema/config.ts';
import { dayPrefix } from '../../lib/dates.ts';
import type { FollowItem } from '../sources/types.ts';
import { guessCategories } from './categorize.ts';
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
    const archived = verified && facts?.archived ? (language === 'en' ? ' (archived)' : '(已归档)') : '';
    out.push({
      kind: 'repo',
      name,
      url: `https://github.com/${name}`,
      category: p.categories,
      stars: verified ? (facts?.stars ?? null) : null,
      verified,
      ...(updated ? { updated } : {}),
      reason: language === 'en' ? `Code for "${p.title}"${archived}` : `论文《${p.title}》的代码仓库${archived}`,
      source: 'GitHub',
    });
  }
  return out;
}

export function trendingCandidates(items: readonly FollowItem[], config: BriefingConfig, language: Language): FollowCandidate[] {
  return items.map((item) => {
    const words = [item.id.replace(/[/_-]+/g, ' '), item.pipelineTag ?? '', ...item.tags].join(' ');
    const categories = guessCategories({ title: words }, config.taxonomy, config.ranking.maxCategories);
    const kindWord = language === 'en' ? (item.kind === 'model' ? 'model' : 'dataset') : item.kind === 'model' ? '模型' : '数据集';
    const stats: string[] = [];
    if (item.likes !== null) stats.push(language === 'en' ? `${item.likes} likes` : `${item.likes} 赞`);
    if (item.downloads !== null) stats.push(language === 'en' ? `${item.downloads} downloads` : `${item.downloads} 次下载`);
    const updated = dayPrefix(item.lastModified);
    return {
      kind: item.kind,
      name: item.id,
      url: item.kind === 'model' ? `https://huggingface.co/${item.id}` : `https://huggingface.co/datasets/${item.id}`,
      category: categories.filter((c) => c !== 'other'),
      stars: null,
      verified: true,
      ...(updated ? { updated } : {}),
      reason:
        language === 'en'
          ? `Trending ${kindWord} on Hugging Face${stats.length ? ` (${stats.join(', ')})` : ''}`
          : `Hugging Face trending ${kindWord}${stats.length ? `(${stats.join(',')})` : ''}`,
      source: 'Hugging Face Trending',
      likes: item.likes,
      downloads: item.downloads,
    };
  });
}
