/**
 * The daily workflow's feedback ingest: reads the open issues labelled `feedback` (sent from the site's
 * "My feedback" page through .github/ISSUE_TEMPLATE/feedback.yml), checks each strictly and appends the
 * votes of the good ones to the feedback log (`content/reader/feedback.jsonl`), before the brief runs, so
 * the day's ranking already uses them and the commit job commits them with the content.
 *
 * Runs in the brief job, with that job's read-only token (`issues: read`): it never writes to GitHub.
 * What it decided per issue goes to the step output `feedback` (JSON, scripts/ci/feedback-reply.ts reads it
 * in the `feedback` job, which comments and closes) and to the job summary.
 *
 * An issue is taken only when
 *   - its author is the repository owner or a login under `feedback.from` in the reader profile;
 *   - its Votes block (the fenced block under the form's "### Votes" heading, or the one json/jsonl block
 *     of a hand-written issue) holds only lines that pass the feedback log's schema without its `issue`
 *     field, with unknown fields refused, valid arXiv ids (month 01–12) and sane dates (`at` not after the
 *     day the issue was opened, not before the paper's month); one bad line refuses the whole issue;
 *   - the log holds no entry of that issue yet (entries carry `issue`, so a rerun never takes it twice).
 *
 *   node scripts/ci/feedback-ingest.ts   (env: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL,
 *                                         GITHUB_REPOSITORY_OWNER, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)
 * Exit codes: 0 done (also when nothing was open), 1 the API or the log failed (nothing appended), 2 usage.
 */
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../lib/config.ts';
import { addDays, todayIn } from '../../lib/dates.ts';
import { appendFeedback, checkFeedbackLines, feedbackEntrySchema, readFeedback, type FeedbackEntry } from '../rank/feedback.ts';
import { FEEDBACK_LABEL, type FeedbackDecision, type FeedbackReport } from './feedback-reply.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The issue form the site prefills, and the id of its votes field. */
export const FORM_FILE = '.github/ISSUE_TEMPLATE/feedback.yml';
export const VOTES_FIELD = 'votes';
/** At most this many lines in one issue (a browser's whole history fits; a flood does not). */
export const MAX_VOTES = 2000;

/** The label of the form's votes field: the heading GitHub writes above the block ("### Votes"). */
export function votesLabel(formText: string): string {
  const form = parseYaml(formText) as { body?: Array<{ id?: string; type?: string; attributes?: { label?: string } }> };
  const field = form?.body?.find((e) => e.id === VOTES_FIELD && e.type === 'textarea');
  if (!field?.attributes?.label) throw new Error(`${FORM_FILE}: no textarea with id "${VOTES_FIELD}" and a label`);
  return field.attributes.label;
}

/** The fenced code blocks of a Markdown text, with their info string and the lines around them. */
function fencedBlocks(lines: string[]): { blocks: Array<{ info: string; text: string; start: number; end: number }>; unclosed: boolean } {
  const blocks: Array<{ info: string; text: string; start: number; end: number }> = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(lines[j]!)) j++;
    if (j >= lines.length) return { blocks, unclosed: true };
    blocks.push({ info: open[2]!.toLowerCase(), text: lines.slice(i + 1, j).join('\n'), start: i, end: j });
    i = j;
  }
  return { blocks, unclosed: false };
}

const VOTE_LANGUAGES = new Set(['', 'json', 'jsonl', 'ndjson']);

/**
 * The votes text of an issue body: the one fenced block under the heading `### <label>` (what GitHub
 * renders from the form), or, in an issue written by hand without that heading, the one fenced
 * json/jsonl block of the body. Anything else is a problem, named.
 */
export function votesBlock(body: string, label: string): { text: string } | { problem: string } {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const heading = lines.findIndex((l) => l.trim() === `### ${label}`);
  let section = lines;
  if (heading >= 0) {
    // The section runs to the next "### " heading outside a fence.
    const rest = lines.slice(heading + 1);
    const { blocks } = fencedBlocks(rest);
    const inFence = (i: number) => blocks.some((b) => i > b.start && i < b.end);
    const next = rest.findIndex((l, i) => /^### /.test(l) && !inFence(i));
    section = next >= 0 ? rest.slice(0, next) : rest;
  }
  const { blocks, unclosed } = fencedBlocks(section);
  const where = heading >= 0 ? `the "${label}" section` : 'the issue body';
  if (unclosed) return { problem: `${where}: a code block is not closed` };
  const votes = blocks.filter((b) => VOTE_LANGUAGES.has(b.info));
  if (votes.length === 0) return { problem: `${where}: no \`\`\`json block with the votes` };
  if (votes.length > 1 || blocks.length > 1) return { problem: `${where}: ${blocks.length} code blocks; expected exactly one with the votes` };
  if (heading >= 0) {
    const outside = section.filter((l, i) => (i < votes[0]!.start || i > votes[0]!.end) && l.trim() !== '');
    if (outside.length > 0) return { problem: `${where}: text outside the code block (${JSON.stringify(outside[0]!.slice(0, 60))})` };
  }
  return { text: votes[0]!.text };
}

/** The first day of the month an arXiv id encodes (2605.12345 → 2026-05-01; cs/0701001 → 2007-01-01), or null. */
export function idMonth(id: string): string | null {
  const m = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id) ?? /\/(\d{2})(\d{2})\d{3}$/.exec(id);
  if (!m) return null;
  const yy = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const year = id.includes('/') ? (yy >= 91 ? 1900 + yy : 2000 + yy) : 2000 + yy;
  // New-style ids began in April 2007.
  if (!id.includes('/') && year * 100 + month < 200704) return null;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/**
 * The schema of one line of an issue: the log's entry without `issue` (only the workflow sets it), unknown
 * fields refused, an id whose month exists, `at` between the paper's month and the day the issue was opened
 * (one day of slack for timezones).
 */
export function issueLineSchema(opened: string) {
  const latest = addDays(opened, 1);
  return feedbackEntrySchema.omit({ issue: true }).superRefine((e, ctx) => {
    const month = idMonth(e.id);
    if (!month) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `not an arXiv id (no such month), got ${JSON.stringify(e.id)}`, input: e.id });
      return;
    }
    if (e.at > latest) ctx.addIssue({ code: 'custom', path: ['at'], message: `after the day the issue was opened (${opened}), got ${JSON.stringify(e.at)}`, input: e.at });
    else if (e.at < month) ctx.addIssue({ code: 'custom', path: ['at'], message: `before the paper appeared (${month.slice(0, 7)}), got ${JSON.stringify(e.at)}`, input: e.at });
  });
}

/** Checks the votes text of one issue. */
export function checkVotes(text: string, opened: string): { entries: FeedbackEntry[]; problems: string[] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '').length;
  if (lines === 0) return { entries: [], problems: ['votes: the block is empty'] };
  if (lines > MAX_VOTES) return { entries: [], problems: [`votes: ${lines} lines; at most ${MAX_VOTES} per issue (send the rest in another issue)`] };
  return checkFeedbackLines(text, 'votes line', issueLineSchema(opened));
}

/** An open issue as the REST API lists it (the fields used here). */
export interface ApiIssue {
  number: number;
  body?: string | null;
  user?: { login: string } | null;
  created_at?: string | null;
  pull_request?: unknown;
}

export interface JudgeContext {
  /** The repository owner's login. */
  owner: string;
  /** `feedback.from` of the reader profile. */
  from: readonly string[];
  /** Issue numbers the log already holds entries of. */
  taken: ReadonlySet<number>;
  /** The form's votes label. */
  label: string;
  /** Today in the configured timezone (for an issue without created_at). */
  today: string;
}

/** What to do with one issue, and the entries to append when it is taken. */
export function judgeIssue(issue: ApiIssue, ctx: JudgeContext): { decision: FeedbackDecision; entries: FeedbackEntry[] } {
  const author = issue.user?.login ?? 'ghost';
  const base = { issue: issue.number, author };
  const allowed = [ctx.owner, ...ctx.from].map((l) => l.toLowerCase());
  if (!allowed.includes(author.toLowerCase())) return { decision: { ...base, outcome: 'not-allowed' }, entries: [] };
  if (ctx.taken.has(issue.number)) return { decision: { ...base, outcome: 'already-taken' }, entries: [] };
  const block = votesBlock(issue.body ?? '', ctx.label);
  if ('problem' in block) return { decision: { ...base, outcome: 'refused', problems: [block.problem] }, entries: [] };
  const opened = issue.created_at && /^\d{4}-\d{2}-\d{2}/.test(issue.created_at) ? issue.created_at.slice(0, 10) : ctx.today;
  const { entries, problems } = checkVotes(block.text, opened);
  if (problems.length > 0) return { decision: { ...base, outcome: 'refused', problems }, entries: [] };
  const stamped = entries.map((e) => ({ ...e, issue: issue.number }));
  return {
    decision: { ...base, outcome: 'taken', likes: stamped.filter((e) => e.verdict === 'like').length, dislikes: stamped.filter((e) => e.verdict === 'dislike').length },
    entries: stamped,
  };
}

export class IngestError extends Error {}

export interface IngestOptions {
  /** The REST API origin (GITHUB_API_URL). */
  api: string;
  token: string;
  /** owner/name */
  repository: string;
  owner: string;
  /** The feedback log (absolute). */
  file: string;
  /** The log as the report names it (relative to the project). */
  shownFile: string;
  from: readonly string[];
  label: string;
  today: string;
}

/** Lists the open feedback issues (oldest first), judges each, appends the taken votes. */
export async function ingestFeedbackIssues(o: IngestOptions): Promise<{ report: FeedbackReport; appended: FeedbackEntry[] }> {
  const url = `${o.api.replace(/\/$/, '')}/repos/${o.repository}/issues?state=open&labels=${encodeURIComponent(FEEDBACK_LABEL)}&per_page=100`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { authorization: `Bearer ${o.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'paper-briefing-feedback-ingest' },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new IngestError(`GET /repos/${o.repository}/issues: ${(error as Error).message}`);
  }
  if (!res.ok) throw new IngestError(`GET /repos/${o.repository}/issues: HTTP ${res.status} ${((await res.json().catch(() => null)) as { message?: string } | null)?.message ?? ''}`.trim());
  const listed = (await res.json()) as ApiIssue[];
  if (!Array.isArray(listed)) throw new IngestError(`GET /repos/${o.repository}/issues: expected a list`);
  const issues = listed.filter((i) => !i.pull_request && Number.isInteger(i.number)).sort((a, b) => a.number - b.number);
  const log = await readFeedback(o.file);
  const taken = new Set(log.flatMap((e) => (e.issue === undefined ? [] : [e.issue])));
  const decisions: FeedbackDecision[] = [];
  const appended: FeedbackEntry[] = [];
  for (const issue of issues) {
    const { decision, entries } = judgeIssue(issue, { owner: o.owner, from: o.from, taken, label: o.label, today: o.today });
    decisions.push(decision);
    appended.push(...entries);
  }
  if (appended.length > 0) await appendFeedback(o.file, appended);
  return { report: { file: o.shownFile, decisions }, appended };
}

/** The job summary's section. */
export function ingestSummary(report: FeedbackReport): string {
  if (report.decisions.length === 0) return '### Feedback issues\n\nNo open feedback issues.\n';
  const what = (d: FeedbackDecision): string => {
    switch (d.outcome) {
      case 'taken':
        return `taken: ${d.likes} useful, ${d.dislikes} not relevant`;
      case 'already-taken':
        return 'already in the log (closed by the feedback job)';
      case 'refused':
        return `refused: ${d.problems.length} problem${d.problems.length === 1 ? '' : 's'} (${d.problems[0]!.replace(/[|\n]/g, ' ').slice(0, 120)})`;
      case 'not-allowed':
        return 'refused: not the owner nor listed under feedback.from';
    }
  };
  return ['### Feedback issues', '', '| issue | author | outcome |', '| --- | --- | --- |', ...report.decisions.map((d) => `| #${d.issue} | \`${d.author}\` | ${what(d)} |`), ''].join('\n');
}

export async function main(env: Record<string, string | undefined>, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const token = env.GITHUB_TOKEN ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository) || !token) {
    out('::error::feedback-ingest: needs GITHUB_REPOSITORY (owner/name) and GITHUB_TOKEN\n');
    return 2;
  }
  let options: IngestOptions;
  try {
    const config = await loadConfig(env);
    const file = path.resolve(root, config.reader.feedback.file);
    options = {
      api: env.GITHUB_API_URL || 'https://api.github.com',
      token,
      repository,
      owner: env.GITHUB_REPOSITORY_OWNER || repository.split('/')[0]!,
      file,
      shownFile: path.relative(root, file).split(path.sep).join('/'),
      from: config.reader.feedback.from,
      label: votesLabel(await readFile(path.join(root, FORM_FILE), 'utf8')),
      today: todayIn(config.timezone),
    };
  } catch (error) {
    out(`::error title=Feedback issues::${(error as Error).message.replace(/\r?\n/g, ' ')}\n`);
    return 2;
  }
  try {
    const { report, appended } = await ingestFeedbackIssues(options);
    for (const d of report.decisions) out(`feedback: #${d.issue} by ${d.author}: ${d.outcome}${d.outcome === 'refused' ? ` (${d.problems.join('; ')})` : ''}\n`);
    out(`feedback: ${report.decisions.length} open issue${report.decisions.length === 1 ? '' : 's'}, ${appended.length} vote${appended.length === 1 ? '' : 's'} appended to ${options.shownFile}\n`);
    if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `feedback=${JSON.stringify(report)}\n`);
    if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${ingestSummary(report)}\n`);
    return 0;
  } catch (error) {
    // Nothing was appended (the log is written last, atomically); the brief goes on without new feedback.
    out(`::error title=Feedback issues::${(error as Error).message.replace(/\r?\n/g, ' ')}\n`);
    return 1;
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.env);
}
