/**
 * The writers' own prose, in each briefing language. Extracted abstract sentences stay in their own
 * language; everything around them (labels, connecting sentences, notes) comes from here. Section
 * headings are not here: the renderer takes them from src/i18n/ui.ts.
 */
import type { Language } from '../../briefing.config.ts';

export interface Phrases {
  /** A paper's (already escaped) short title marked up in Markdown prose. */
  paper(title: string): string;
  /** A paper's short title in plain text (frontmatter strings, headings). */
  quote(title: string): string;
  /** Joins a list naturally ("A、B 和 C" / "A, B and C"). */
  list(items: string[]): string;
  title(date: string): string;
  count(n: number): string;
  // Day level.
  /** Plain text (unescaped input, plain output). */
  summary(a: { papers: number; topCategories: { label: string; count: number }[]; best: string | null }): string;
  categoryMix(parts: { label: string; count: number }[], total: number): string;
  interestHits(hits: { label: string; count: number }[], missed: string[]): string;
  noInterestHits: string;
  mostUpvoted(title: string, upvotes: number): string;
  featuredNote(featured: number, others: number): string;
  topReason(a: { rank: number; interests: string[]; upvotes: number | null; relevance: number }): string;
  alternateReason(title: string): string;
  followVerified(date: string): string;
  followUnverified: string;
  followPartlyVerified: string;
  followNone: string;
  /** Plain text. */
  followRepoReason(a: { paper: string; description: string | null; stars: number | null; verified: boolean; pushed: string | null }): string;
  followOtherReason(a: { source: string; likes?: number | null; downloads?: number | null }): string;
  /** Plain text. */
  ideaTitle(a: { interest: string; first: string; second: string | null }): string;
  ideaBody(a: { interest: string; first: string; firstContribution: string; second: string | null; secondContribution: string | null; shared: string[] }): string;
  routeTheme(label: string): string;
  conclusion(a: { best: string; reason: string; featured: number; total: number }): string;
  extractiveNotice: string;
  // Paper level.
  problemLabel: string;
  tldrLabel: string;
  signal(a: { upvotes: number | null; rank: number; total: number }): string;
  relation(a: { reader: string; hits: { label: string; keywords: string[] }[]; relevance: number }): string;
  noRelation(reader: string): string;
  /** `link` is a ready Markdown link to the repository. */
  code(a: { link: string; stars: number | null; verified: boolean; pushed: string | null; archived: boolean }): string;
  noCode: string;
  projectPage(url: string): string;
  comment(text: string): string;
  usageFromAbstract: string;
  noUsage: string;
  keywords(words: string[]): string;
  noNumbers: string;
  noMethod: string;
}

const zh: Phrases = {
  paper: (title) => `《${title}》`,
  quote: (title) => `《${title}》`,
  list: (items) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`),
  title: (date) => `${date} AI/LLM 论文简报`,
  count: (n) => `${n} 篇`,
  summary: ({ papers, topCategories, best }) => {
    const mix = topCategories.map((c) => `${c.label}(${c.count})`);
    const head = `今日共 ${papers} 篇论文${mix.length ? `,主题集中在${zh.list(mix)}` : ''}`;
    return best ? `${head};与你的方向最相关的是${zh.quote(best)}。` : `${head}。`;
  },
  categoryMix: (parts, total) =>
    `按类别看,今天 ${total} 篇论文里${zh.list(parts.map((p) => `**${p.label}** ${p.count} 篇`))}。`,
  interestHits: (hits, missed) =>
    `对照你的研究方向:${zh.list(hits.map((h) => `**${h.label}** 命中 ${h.count} 篇`))}${missed.length ? `;${zh.list(missed)}今天没有直接相关的论文` : ''}。`,
  noInterestHits: '今天没有论文直接命中你配置的研究方向关键词,下面按社区热度排序。',
  mostUpvoted: (title, upvotes) => `社区热度最高的是${zh.paper(title)}(Hugging Face ${upvotes} 赞)。`,
  featuredNote: (featured, others) =>
    others > 0 ? `下面详细整理排名前 ${featured} 的论文,其余 ${others} 篇列在文末表格中。` : `下面详细整理全部 ${featured} 篇论文。`,
  topReason: ({ rank, interests, upvotes, relevance }) => {
    const parts = [`今日排名第 ${rank}`];
    if (interests.length) parts.push(`命中${zh.list(interests.map((i) => `「${i}」`))}`);
    if (relevance > 0) parts.push(`相关度 ${relevance.toFixed(2)}`);
    if (upvotes !== null) parts.push(`Hugging Face ${upvotes} 赞`);
    return `${parts.join(',')}。`;
  },
  alternateReason: (title) => `如果前三篇里有一篇与你今天的问题不贴合,换成${zh.paper(title)}。`,
  followVerified: (date) => `stars 和最近推送时间已于 ${date} 通过 GitHub API 核验。`,
  followUnverified: '今天没能通过 GitHub API 核验仓库信息,因此不写 stars,按论文排名列出。',
  followPartlyVerified: '带 stars 的条目已通过 GitHub API 核验;没有 stars 的条目未核验。',
  followNone: '今天的论文没有链接代码仓库、模型或数据集,暂无可跟进的条目。',
  followRepoReason: ({ paper, description, stars, verified, pushed }) => {
    const parts = [`${zh.quote(paper)}的代码仓库`];
    if (verified && stars !== null) parts.push(`${stars} stars${pushed ? `,最近推送 ${pushed}` : ''}(已核验)`);
    else parts.push('stars 未核验');
    return `${parts.join(',')}。${description ? `仓库简介:${description}` : ''}`;
  },
  followOtherReason: ({ source, likes, downloads }) => {
    const parts = [`来自 ${source}`];
    if (likes != null) parts.push(`${likes} 个赞`);
    if (downloads != null) parts.push(`${downloads} 次下载`);
    return `${parts.join(',')}。`;
  },
  ideaTitle: ({ interest, first, second }) => (second ? `${interest}:把${zh.quote(first)}和${zh.quote(second)}放在一起看` : `${interest}:沿着${zh.quote(first)}往下做`),
  ideaBody: ({ interest, first, firstContribution, second, secondContribution, shared }) =>
    second && secondContribution
      ? `${zh.paper(first)}:${firstContribution}\n\n${zh.paper(second)}:${secondContribution}\n\n两篇都落在「${interest}」上${shared.length ? `,共同关键词:${shared.join('、')}` : ''}。可以验证的问题:前者的做法能否直接用在后者的设定里,两者的结论是否一致?`
      : `${zh.paper(first)}:${firstContribution}\n\n这是今天「${interest}」方向上最相关的一篇。可以验证的问题:它的结论在你手头的任务和数据上是否成立?`,
  routeTheme: (label) => `如果今天只看${label}`,
  conclusion: ({ best, reason, featured, total }) => `如果只读一篇,读${zh.paper(best)}:${reason} 今天共整理 ${total} 篇,其中 ${featured} 篇有详细笔记。`,
  extractiveNotice: '本简报由抽取式写作器生成,没有使用 LLM:正文中的英文句子直接摘自论文摘要和 Hugging Face 的 AI 摘要,中文部分只做整理和标注。',
  problemLabel: '问题',
  tldrLabel: 'Hugging Face AI 摘要',
  signal: ({ upvotes, rank, total }) =>
    upvotes !== null ? `社区信号:Hugging Face ${upvotes} 赞;按你的研究方向和热度,在今天 ${total} 篇中排第 ${rank}。` : `按你的研究方向和热度,在今天 ${total} 篇中排第 ${rank}。`,
  relation: ({ reader, hits, relevance }) =>
    `命中 ${reader} 关注的${zh.list(hits.map((h) => `**${h.label}**${h.keywords.length ? `(关键词:${h.keywords.join('、')})` : ''}`))},相关度 ${relevance.toFixed(2)}。`,
  noRelation: (reader) => `没有直接命中 ${reader} 配置的研究方向关键词,因社区热度入选。`,
  code: ({ link, stars, verified, pushed, archived }) =>
    `代码:${link}${verified && stars !== null ? `,${stars} stars${pushed ? `,最近推送 ${pushed}` : ''}(已核验)` : ',stars 未核验'}${archived ? ',仓库已归档' : ''}。`,
  noCode: '代码:论文和 Hugging Face 页面都没有链接代码仓库。',
  projectPage: (url) => `项目页:${url}`,
  comment: (text) => `arXiv 备注:${text}`,
  usageFromAbstract: '摘要中的发布与使用信息:',
  noUsage: '摘要没有说明输入输出、硬件需求或发布计划,需要看原文。',
  keywords: (words) => `关键词:${words.join('、')}`,
  noNumbers: '摘要没有给出具体数字,结果需要看原文核对(未核验)。',
  noMethod: '摘要没有展开方法细节。',
};

const en: Phrases = {
  paper: (title) => `*${title}*`,
  quote: (title) => `“${title}”`,
  list: (items) => (items.length <= 1 ? items.join('') : items.length === 2 ? `${items[0]} and ${items[1]}` : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`),
  title: (date) => `AI/LLM research briefing, ${date}`,
  count: (n) => `${n} paper${n === 1 ? '' : 's'}`,
  summary: ({ papers, topCategories, best }) => {
    const mix = topCategories.map((c) => `${c.label} (${c.count})`);
    const head = `${papers} paper${papers === 1 ? '' : 's'} today${mix.length ? `, mostly ${en.list(mix)}` : ''}`;
    return best ? `${head}; the closest to your interests is ${en.quote(best)}.` : `${head}.`;
  },
  categoryMix: (parts, total) => `By category, today's ${total} papers include ${en.list(parts.map((p) => `**${p.label}** (${p.count})`))}.`,
  interestHits: (hits, missed) =>
    `Against your interests: ${en.list(hits.map((h) => `**${h.label}** (${h.count})`))}${missed.length ? `; nothing today on ${en.list(missed)}` : ''}.`,
  noInterestHits: 'No paper today matches the keywords of your configured interests; the list below follows community interest.',
  mostUpvoted: (title, upvotes) => `The most upvoted paper is ${en.paper(title)} (${upvotes} upvotes on Hugging Face).`,
  featuredNote: (featured, others) =>
    others > 0 ? `The top ${featured} get notes below; the other ${others} are listed in the table at the end.` : `All ${featured} papers get notes below.`,
  topReason: ({ rank, interests, upvotes, relevance }) => {
    const parts = [`ranked #${rank} today`];
    if (interests.length) parts.push(`matches ${en.list(interests)}`);
    if (relevance > 0) parts.push(`relevance ${relevance.toFixed(2)}`);
    if (upvotes !== null) parts.push(`${upvotes} upvotes on Hugging Face`);
    const text = parts.join('; ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  },
  alternateReason: (title) => `If one of the three does not fit today's question, read ${en.paper(title)} instead.`,
  followVerified: (date) => `Stars and last push were verified against the GitHub API on ${date}.`,
  followUnverified: 'The GitHub API could not verify repositories today, so no stars are given; entries follow the paper ranking.',
  followPartlyVerified: 'Entries with stars were verified against the GitHub API; entries without stars were not verified.',
  followNone: 'No paper today links a code repository, model or dataset.',
  followRepoReason: ({ paper, description, stars, verified, pushed }) => {
    const parts = [`Code for ${en.quote(paper)}`];
    if (verified && stars !== null) parts.push(`${stars} star${stars === 1 ? '' : 's'}${pushed ? `, last push ${pushed}` : ''} (verified)`);
    else parts.push('stars not verified');
    return `${parts.join('; ')}.${description ? ` Repository description: ${description}` : ''}`;
  },
  followOtherReason: ({ source, likes, downloads }) => {
    const parts = [`From ${source}`];
    if (likes != null) parts.push(`${likes} likes`);
    if (downloads != null) parts.push(`${downloads} downloads`);
    return `${parts.join('; ')}.`;
  },
  ideaTitle: ({ interest, first, second }) => (second ? `${interest}: read ${en.quote(first)} with ${en.quote(second)}` : `${interest}: build on ${en.quote(first)}`),
  ideaBody: ({ interest, first, firstContribution, second, secondContribution, shared }) =>
    second && secondContribution
      ? `${en.paper(first)}: ${firstContribution}\n\n${en.paper(second)}: ${secondContribution}\n\nBoth touch ${interest}${shared.length ? ` and share the keywords ${shared.join(', ')}` : ''}. A question worth testing: does the first paper's approach carry over to the second's setting, and do their conclusions agree?`
      : `${en.paper(first)}: ${firstContribution}\n\nThis is today's closest paper on ${interest}. A question worth testing: does its conclusion hold on your own tasks and data?`,
  routeTheme: (label) => `If you only read about ${label}`,
  conclusion: ({ best, reason, featured, total }) => `If you read one paper, read ${en.paper(best)}: ${reason} ${total} papers today, ${featured} with notes.`,
  extractiveNotice: 'This briefing was written by the extractive writer, without an LLM: the quoted sentences come straight from the abstracts and Hugging Face AI summaries; the rest only arranges and labels them.',
  problemLabel: 'Problem',
  tldrLabel: 'Hugging Face AI summary',
  signal: ({ upvotes, rank, total }) =>
    upvotes !== null ? `Community signal: ${upvotes} upvotes on Hugging Face; ranked #${rank} of ${total} today by your interests and popularity.` : `Ranked #${rank} of ${total} today by your interests and popularity.`,
  relation: ({ reader, hits, relevance }) =>
    `Matches ${reader}'s interests in ${en.list(hits.map((h) => `**${h.label}**${h.keywords.length ? ` (keywords: ${h.keywords.join(', ')})` : ''}`))}; relevance ${relevance.toFixed(2)}.`,
  noRelation: (reader) => `Matches none of ${reader}'s configured interest keywords; picked for community interest.`,
  code: ({ link, stars, verified, pushed, archived }) =>
    `Code: ${link}${verified && stars !== null ? `, ${stars} star${stars === 1 ? '' : 's'}${pushed ? `, last push ${pushed}` : ''} (verified)` : ', stars not verified'}${archived ? ', archived' : ''}.`,
  noCode: 'Code: neither the paper nor its Hugging Face page links a repository.',
  projectPage: (url) => `Project page: ${url}`,
  comment: (text) => `arXiv comment: ${text}`,
  usageFromAbstract: 'What the abstract says about release and use:',
  noUsage: 'The abstract does not describe inputs, outputs, hardware or release plans; see the paper.',
  keywords: (words) => `Keywords: ${words.join(', ')}`,
  noNumbers: 'The abstract gives no numbers; check the paper for results (not verified).',
  noMethod: 'The abstract does not detail the method.',
};

const phrases: Record<Language, Phrases> = { 'zh-CN': zh, en };

export function phrasesFor(language: Language): Phrases {
  return phrases[language];
}
