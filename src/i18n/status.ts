/**
 * Strings of the /status/ page, in each supported language. Kept apart from site.ts so the page's many
 * explanations do not crowd the site chrome's dictionary.
 */
import type { Language } from '../../briefing.config.ts';
import type { DayState, StatusDay } from '../data/status.ts';
import type { RunOutcome } from '../schema/run.ts';
import { fill } from './template.ts';

const zh = {
  title: '运行状态',
  intro: '每日任务的运行记录:最近一次成功运行、各数据源最近 {days} 天的状态、每天的论文数、使用的写作器与 token,以及没有简报的日子的原因。日期按 {timezone} 计算。',
  lastSuccess: '最近一次成功运行',
  lastRun: '最近一次运行',
  noRuns: '还没有运行记录。每日任务运行后,这里会显示它的结果。',
  latestBriefing: '最新简报',
  runLog: '运行日志',
  failing: '最近 {n} 次运行失败',
  failingOne: '最近一次运行失败',
  outcome_published: '已发布',
  outcome_unchanged: '无变化',
  'outcome_kept-edited': '保留手工编辑',
  'outcome_nothing-new': '没有新论文',
  outcome_skipped: '跳过(简报已存在)',
  outcome_failed: '失败',
  window: '最近 {days} 天',
  briefings: '篇简报',
  papers: '篇论文',
  featured: '篇精读',
  tokens: 'tokens(输入 / 输出)',
  requests: '次请求',
  writers: '写作器',
  gaps: '没有简报的日子',
  noGaps: '每天都有简报。',
  sources: '数据源',
  sourcesIntro: '每一格是一天(左边最新)。灰色表示那天没有这个数据源的记录。',
  source: '数据源',
  history: '最近 {days} 天',
  lastProblem: '最近一次问题',
  none: '无',
  noSources: '还没有数据源的记录。',
  days: '每日记录',
  date: '日期',
  state: '状态',
  papersCol: '论文',
  writer: '写作器',
  tokensCol: 'tokens',
  why: '说明',
  attempts: '{n} 次运行',
  writerExtractive: '抽取式(无 LLM)',
  writerLlm: 'LLM',
  writerMixed: 'LLM + 抽取式',
  writerImported: '导入',
  state_published: '已发布',
  'state_kept-edited': '已发布(手工编辑)',
  state_weekend: '周末',
  'state_source-down': '数据源不可用',
  state_failed: '运行失败',
  'state_nothing-new': '没有新论文',
  state_pending: '等待运行',
  'state_not-run': '未运行',
  explain_weekend: '周末 Hugging Face Daily Papers 与 arXiv 通常没有新的列表。',
  'explain_source-down': '{sources} 不可用',
  explain_failed: '运行失败',
  'explain_nothing-new': '没有可写的新论文',
  explain_pending: '今天的运行还没有完成',
  'explain_not-run': '没有运行记录:定时任务没有触发(例如 GitHub 在仓库长期无活动后停用了它),或者运行在记录之前就中断了',
  explain_keptEdited: '这天的简报被手工编辑过,运行保留了它',
  whyTitle: '为什么今天没有更新?',
  why1: '日期按 {timezone} 计算,每日任务每天运行一次;新的简报要等这次运行结束、站点重新部署后才会出现。',
  why2: '周末和节假日,Hugging Face Daily Papers 与 arXiv 通常没有新论文,这些天会标为“周末”或“没有新论文”。',
  why3: '数据源故障或限流时,这一天标为“数据源不可用”,并写明哪个数据源、什么错误;下一次运行会重试。',
  why4: '其他失败(例如 LLM key 失效或额度用尽)标为“运行失败”,并附上原因;仓库里会自动开一个 issue 跟踪连续的失败。',
} as const;

export type StatusKey = keyof typeof zh;

const en: Record<StatusKey, string> = {
  title: 'Run status',
  intro: "The daily run's record: the last successful run, each source's status over the last {days} days, papers per day, the writer and tokens used, and why a day has no briefing. Dates are in {timezone}.",
  lastSuccess: 'Last successful run',
  lastRun: 'Last run',
  noRuns: 'No run recorded yet. Once the daily run has run, its result shows here.',
  latestBriefing: 'Latest briefing',
  runLog: 'run log',
  failing: 'The last {n} runs failed',
  failingOne: 'The last run failed',
  outcome_published: 'published',
  outcome_unchanged: 'unchanged',
  'outcome_kept-edited': 'kept a hand edit',
  'outcome_nothing-new': 'nothing new',
  outcome_skipped: 'skipped (briefing exists)',
  outcome_failed: 'failed',
  window: 'Last {days} days',
  briefings: 'briefings',
  papers: 'papers',
  featured: 'featured',
  tokens: 'tokens (in / out)',
  requests: 'requests',
  writers: 'Writers',
  gaps: 'Days without a briefing',
  noGaps: 'Every day has a briefing.',
  sources: 'Sources',
  sourcesIntro: 'One cell per day, newest on the left. Grey: no record of the source that day.',
  source: 'Source',
  history: 'Last {days} days',
  lastProblem: 'Last problem',
  none: 'none',
  noSources: 'No source has been recorded yet.',
  days: 'Day by day',
  date: 'Date',
  state: 'State',
  papersCol: 'Papers',
  writer: 'Writer',
  tokensCol: 'Tokens',
  why: 'Why',
  attempts: '{n} runs',
  writerExtractive: 'extractive (no LLM)',
  writerLlm: 'LLM',
  writerMixed: 'LLM + extractive',
  writerImported: 'imported',
  state_published: 'published',
  'state_kept-edited': 'published (edited by hand)',
  state_weekend: 'weekend',
  'state_source-down': 'source down',
  state_failed: 'run failed',
  'state_nothing-new': 'nothing new',
  state_pending: 'pending',
  'state_not-run': 'no run',
  explain_weekend: 'Weekend: Hugging Face Daily Papers and arXiv usually publish no new listings.',
  'explain_source-down': '{sources} unavailable',
  explain_failed: 'The run failed',
  'explain_nothing-new': 'No new papers to write about',
  explain_pending: "Today's run has not finished yet",
  'explain_not-run': 'No run recorded: the schedule did not fire (GitHub disables schedules in repositories without recent activity) or the run stopped before it could record itself',
  explain_keptEdited: "The day's briefing was edited by hand and the run kept it",
  whyTitle: 'Why no update today?',
  why1: 'Dates are in {timezone}, and the daily run runs once a day: a new briefing appears only after that run has finished and the site has been redeployed.',
  why2: 'On weekends and holidays Hugging Face Daily Papers and arXiv usually list no new papers; those days show as "weekend" or "nothing new".',
  why3: 'When a source is down or rate-limited, the day shows as "source down" with the source and the error; the next run tries again.',
  why4: 'Any other failure (an LLM key revoked or out of credit, say) shows as "run failed" with the reason, and an issue in the repository tracks repeated failures.',
};

const dictionaries: Record<Language, Record<StatusKey, string>> = { 'zh-CN': zh, en };

/** A status-page string with `{name}` placeholders filled from `vars`. */
export function st(language: Language, key: StatusKey, vars: Record<string, string | number> = {}): string {
  return fill(dictionaries[language][key], vars);
}

export function stateLabel(language: Language, state: DayState): string {
  return st(language, `state_${state}` as StatusKey);
}

/** How a run ended, in words. */
export function outcomeLabel(language: Language, outcome: RunOutcome): string {
  return st(language, `outcome_${outcome}` as StatusKey);
}

/** The failure banner's heading for `n` failed runs in a row. */
export function failingLabel(language: Language, n: number): string {
  return n === 1 ? st(language, 'failingOne') : st(language, 'failing', { n });
}

/** The plain-text explanation of a day on the status page (empty for an ordinary published day). */
export function explainDay(language: Language, day: StatusDay): string {
  const colon = language === 'en' ? ': ' : ':';
  const withReason = (head: string): string => (day.reason ? `${head}${colon}${day.reason}` : head);
  switch (day.state) {
    case 'published':
      return '';
    case 'kept-edited':
      return st(language, 'explain_keptEdited');
    case 'weekend':
      return day.reason ? `${st(language, 'explain_weekend')} ${day.reason}` : st(language, 'explain_weekend');
    case 'source-down': {
      const names = day.downSources.map((s) => s.name).join(language === 'en' ? ', ' : '、');
      const notes = day.downSources.map((s) => (s.note ? `${s.name}${colon}${s.note}` : '')).filter(Boolean);
      const head = st(language, 'explain_source-down', { sources: names });
      const detail = [...notes, ...(day.reason && !notes.includes(day.reason) ? [day.reason] : [])].join('; ');
      return detail ? `${head}${colon}${detail}` : head;
    }
    case 'failed':
      return withReason(st(language, 'explain_failed'));
    case 'nothing-new':
      return withReason(st(language, 'explain_nothing-new'));
    case 'pending':
      return st(language, 'explain_pending');
    case 'not-run':
      return st(language, 'explain_not-run');
  }
}
