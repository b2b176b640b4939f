/**
 * The plain-text notes a briefing carries about its own making: the time window and each source's
 * status, in the briefing's language. They say plainly what failed and what was used instead, the way
 * the seed briefings do ("arXiv API 429/超时,摘要改用 Hugging Face 摘要").
 */
import type { Language } from '../../briefing.config.ts';
import type { FailureKind } from '../lib/http.ts';

function range(days: readonly string[], zh: boolean): string {
  if (days.length === 0) return '';
  if (days.length === 1) return days[0]!;
  return zh ? `${days[0]} 至 ${days[days.length - 1]}` : `${days[0]} to ${days[days.length - 1]}`;
}

export interface WindowFacts {
  date: string;
  baseDays: readonly string[];
  days: readonly string[];
  widened: boolean;
  baseCount: number;
  finalCount: number;
  minPapers: number;
  lastCoveredTo: string | null;
}

export function windowNote(language: Language, f: WindowFacts): string {
  const zh = language !== 'en';
  const base = range(f.baseDays, zh);
  const all = range(f.days, zh);
  const parts: string[] = [];
  if (zh) {
    parts.push(`本简报覆盖 Hugging Face Daily Papers ${base} 的列表${f.lastCoveredTo ? `(上一期简报截至 ${f.lastCoveredTo})` : ''}。`);
    if (f.widened) {
      parts.push(
        `这${f.baseDays.length > 1 ? '几' : '一'}天只有 ${f.baseCount} 篇新论文(少于 ${f.minPapers} 篇,常见于周末和节假日),因此时间窗口向前扩展到 ${all},共 ${f.days.length} 天、${f.finalCount} 篇;已在近期简报中重点介绍过的论文不再重复。`,
      );
    } else if (f.finalCount < f.minPapers) {
      parts.push(`本期只有 ${f.finalCount} 篇新论文。`);
    }
  } else {
    parts.push(`This briefing covers the Hugging Face Daily Papers listing of ${base}${f.lastCoveredTo ? ` (the previous briefing covered up to ${f.lastCoveredTo})` : ''}.`);
    if (f.widened) {
      parts.push(
        `${f.baseDays.length > 1 ? 'Those days' : 'That day'} had only ${f.baseCount} new papers (fewer than ${f.minPapers}, as on weekends and holidays), so the window was widened back to ${all}: ${f.days.length} days, ${f.finalCount} papers. Papers already featured in a recent briefing are not featured again.`,
      );
    } else if (f.finalCount < f.minPapers) {
      parts.push(`Only ${f.finalCount} new papers this time.`);
    }
  }
  return parts.join(zh ? '' : ' ');
}

/** Short words for a failure kind ("429/超时" style). */
export function failureWords(language: Language, kind: FailureKind | 'invalid' | 'missing', status?: number | null): string {
  const zh = language !== 'en';
  switch (kind) {
    case 'rate-limited':
      return zh ? `${status ?? 429} 限流(rate limit)` : `rate limited (${status ?? 429})`;
    case 'timeout':
      return zh ? '超时' : 'timeout';
    case 'reset':
      return zh ? '连接被重置' : 'connection reset';
    case 'offline':
      return zh ? '无法连接' : 'unreachable';
    case 'http':
      return `HTTP ${status ?? 'error'}`;
    case 'invalid':
      return zh ? '返回内容格式不符' : 'unexpected response format';
    case 'missing':
      return zh ? '无记录的响应' : 'no recorded response';
    default:
      return zh ? '网络错误' : 'network error';
  }
}

export type NoteKey =
  | 'hf.ok'
  | 'hf.degraded'
  | 'hf.failed'
  | 'arxiv.ok'
  | 'arxiv.partial'
  | 'arxiv.failed'
  | 'arxiv.skipped'
  | 'arxiv.disabled'
  | 'arxiv.none'
  | 'github.ok'
  | 'github.partial'
  | 'github.failed'
  | 'github.skipped'
  | 'github.disabled'
  | 'github.none'
  | 'trending.ok'
  | 'trending.failed'
  | 'trending.skipped'
  | 'trending.disabled'
  // --- sources interface (issue 9 §1–2): keys added by the house branch ---
  | 'trending.partial'
  | 'github.missing'
  | 'arxivListing.ok'
  | 'arxivListing.degraded'
  | 'arxivListing.failed'
  | 'arxivListing.capped'
  | 'reason.notReturned'
  | 'window.retry'
  | 'follow.repo'
  | 'follow.archived'
  | 'follow.trendingModel'
  | 'follow.trendingDataset'
  | 'follow.likesDownloads'
  | 'follow.likes'
  | 'follow.downloads';

type Vars = Record<string, string | number>;

const templates: Record<'zh' | 'en', Record<NoteKey, string>> = {
  zh: {
    'hf.ok': '{days} 的列表共 {papers} 篇论文。',
    'hf.degraded': '{days} 的列表共 {papers} 篇论文;{failedDays} 的列表未能使用({reason}),已跳过。',
    'hf.failed': '{days} 的列表未能获取({reason})。',
    'arxiv.ok': '{found} 篇论文的摘要、分类、版本与备注来自 arXiv API。',
    'arxiv.partial': 'arXiv API {reason}:{missing} 篇论文未取到元数据,摘要改用 Hugging Face 摘要;其余 {found} 篇来自 arXiv API。',
    'arxiv.failed': 'arXiv API {reason},因此摘要改用 Hugging Face 摘要,arXiv 分类、备注与版本缺失。',
    'arxiv.skipped': '未调用 arXiv API({reason}),摘要使用 Hugging Face 摘要。',
    'arxiv.disabled': '配置中已关闭 arXiv API,摘要使用 Hugging Face 摘要。',
    'arxiv.none': '没有需要查询 arXiv 的论文。',
    'github.ok': '核验了 {checked} 个关联仓库的 stars 与最近更新{extra}。',
    'github.partial': 'GitHub API {reason}:{unverified} 个仓库的 stars 未核验;其余 {checked} 个已核验{extra}。',
    'github.failed': 'GitHub API {reason},仓库 stars 与活跃度未核验,未编造任何数字。',
    'github.skipped': '未调用 GitHub API({reason}),仓库 stars 未核验。',
    'github.disabled': '配置中已关闭 GitHub API,仓库 stars 未核验。',
    'github.none': '今日论文没有关联的 GitHub 仓库。',
    'trending.ok': '{models} 个 trending 模型与 {datasets} 个 trending 数据集作为跟进候选。',
    'trending.failed': 'Hugging Face trending 未能获取({reason})。',
    'trending.skipped': '未获取 Hugging Face trending({reason})。',
    'trending.disabled': '配置中已关闭 Hugging Face trending。',
    // --- sources interface (issue 9 §1–2): keys added by the house branch ---
    'trending.partial': '{models} 个 trending 模型与 {datasets} 个 trending 数据集作为跟进候选。 Hugging Face trending 未能获取({reason})。',
    'github.missing': ';其中 {missing} 个仓库不存在(404)',
    'arxivListing.ok': '{days} 在 {categories} 分类下共 {papers} 篇新提交论文{capped}。',
    'arxivListing.degraded': '{days} 在 {categories} 分类下共 {papers} 篇新提交论文{capped};{failedDays} 的列表未能使用({reason}),已跳过。',
    'arxivListing.failed': '{days} 的 arXiv 新提交列表({categories})未能获取({reason})。',
    'arxivListing.capped': '(每天最多取最新的 {cap} 篇)',
    'reason.notReturned': '的回答中没有这些论文',
    'window.retry': '{days} 的列表未能获取,留待下一期简报补上。',
    'follow.repo': '论文《{title}》的代码仓库{archived}',
    'follow.archived': '(已归档)',
    'follow.trendingModel': 'Hugging Face trending 模型{stats}',
    'follow.trendingDataset': 'Hugging Face trending 数据集{stats}',
    'follow.likesDownloads': '({likes} 赞,{downloads} 次下载)',
    'follow.likes': '({likes} 赞)',
    'follow.downloads': '({downloads} 次下载)',
  },
  en: {
    'hf.ok': '{papers} papers listed on {days}.',
    'hf.degraded': '{papers} papers listed on {days}; the listing of {failedDays} could not be used ({reason}) and was skipped.',
    'hf.failed': 'The listing of {days} could not be fetched ({reason}).',
    'arxiv.ok': 'Abstracts, categories, versions and comments of {found} papers from the arXiv API.',
    'arxiv.partial': 'arXiv API {reason}: no metadata for {missing} papers, whose abstracts come from Hugging Face instead; the other {found} from the arXiv API.',
    'arxiv.failed': 'arXiv API {reason}, so abstracts come from Hugging Face and arXiv categories, comments and versions are missing.',
    'arxiv.skipped': 'arXiv API not called ({reason}); abstracts come from Hugging Face.',
    'arxiv.disabled': 'The arXiv API is turned off in the config; abstracts come from Hugging Face.',
    'arxiv.none': 'No paper needed an arXiv lookup.',
    'github.ok': 'Stars and last push of {checked} linked repositories verified{extra}.',
    'github.partial': 'GitHub API {reason}: stars of {unverified} repositories not verified; the other {checked} verified{extra}.',
    'github.failed': 'GitHub API {reason}; repository stars and activity not verified, and no numbers were made up.',
    'github.skipped': 'GitHub API not called ({reason}); repository stars not verified.',
    'github.disabled': 'The GitHub API is turned off in the config; repository stars not verified.',
    'github.none': "None of the day's papers links a GitHub repository.",
    'trending.ok': '{models} trending models and {datasets} trending datasets as candidates to follow.',
    'trending.failed': 'Hugging Face trending could not be fetched ({reason}).',
    'trending.skipped': 'Hugging Face trending not fetched ({reason}).',
    'trending.disabled': 'Hugging Face trending is turned off in the config.',
    // --- sources interface (issue 9 §1–2): keys added by the house branch ---
    'trending.partial': '{models} trending models and {datasets} trending datasets as candidates to follow. Hugging Face trending could not be fetched ({reason}).',
    'github.missing': '; {missing} not found (404)',
    'arxivListing.ok': '{papers} new submissions in {categories} on {days}{capped}.',
    'arxivListing.degraded': '{papers} new submissions in {categories} on {days}{capped}; the listing of {failedDays} could not be used ({reason}) and was skipped.',
    'arxivListing.failed': 'The arXiv listing of new submissions in {categories} on {days} could not be fetched ({reason}).',
    'arxivListing.capped': ' (at most the newest {cap} a day)',
    'reason.notReturned': 'answered without these papers',
    'window.retry': 'The listing of {days} could not be fetched and is left for the next briefing.',
    'follow.repo': 'Code for "{title}"{archived}',
    'follow.archived': ' (archived)',
    'follow.trendingModel': 'Trending model on Hugging Face{stats}',
    'follow.trendingDataset': 'Trending dataset on Hugging Face{stats}',
    'follow.likesDownloads': ' ({likes} likes, {downloads} downloads)',
    'follow.likes': ' ({likes} likes)',
    'follow.downloads': ' ({downloads} downloads)',
  },
};

export function note(language: Language, key: NoteKey, vars: Vars = {}): string {
  const template = templates[language === 'en' ? 'en' : 'zh'][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : ''));
}

export function listDays(language: Language, days: readonly string[]): string {
  if (days.length <= 2) return days.join(language === 'en' ? ', ' : '、');
  return range(days, language !== 'en');
}

/** Reasons for "not called" in replay mode. */
export function replayReason(language: Language): string {
  return language === 'en' ? 'the replay has no recorded responses' : '回放数据中没有记录的响应';
}
