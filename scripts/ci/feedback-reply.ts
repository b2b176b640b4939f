/**
 * Answers the feedback issues the daily run read: a comment saying what was taken (or why nothing was),
 * then the issue closed. Run by actions/github-script in the workflow's `feedback` job, the one job with
 * `issues: write` besides the failure tracker; it gets the decisions the brief job's ingest step made
 * (scripts/ci/feedback-ingest.ts) as JSON, and whether the commit job pushed the content.
 *
 * The brief job runs npm dependencies, so what it hands over is checked here before anything is written:
 * the decisions must have the expected shape; an issue is touched only if it is still open, labelled
 * `feedback` and by the author the decision names; comments are composed here from counts and a fenced
 * list of problems, never taken as text. An issue whose votes were taken is closed only when the commit
 * job pushed them (`committed`); otherwise it stays open and the next run takes it again.
 *
 * Self-contained (no imports): the job checks out only scripts/ci and installs nothing; Node strips the types.
 */

export const FEEDBACK_LABEL = 'feedback';

/** What the ingest decided about one issue. */
export type FeedbackDecision =
  | { issue: number; author: string; outcome: 'taken'; likes: number; dislikes: number }
  | { issue: number; author: string; outcome: 'already-taken' }
  | { issue: number; author: string; outcome: 'refused'; problems: string[] }
  | { issue: number; author: string; outcome: 'not-allowed' };

/** The ingest step's output (`feedback`): the log it appended to and one decision per issue read. */
export interface FeedbackReport {
  file: string;
  decisions: FeedbackDecision[];
}

/** The slice of Octokit (github-script's `github`) this module uses. */
export interface FeedbackGitHub {
  rest: {
    issues: {
      get(params: { owner: string; repo: string; issue_number: number }): Promise<{ data: { number: number; state: string; labels: Array<{ name?: string } | string>; user: { login: string } | null; pull_request?: unknown } }>;
      createComment(params: { owner: string; repo: string; issue_number: number; body: string }): Promise<unknown>;
      update(params: { owner: string; repo: string; issue_number: number; state: 'closed'; state_reason: 'completed' | 'not_planned' }): Promise<unknown>;
      createLabel(params: { owner: string; repo: string; name: string; color: string; description: string }): Promise<unknown>;
    };
  };
}

export interface FeedbackContext {
  repo: { owner: string; repo: string };
  runId: number;
  serverUrl: string;
}

export interface FeedbackCore {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
}

const OUTCOMES = ['taken', 'already-taken', 'refused', 'not-allowed'];
const MAX_DECISIONS = 100;
const MAX_PROBLEMS = 20;
const MAX_PROBLEM_LENGTH = 300;
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/** Parses and checks the ingest's report; throws naming what is wrong. */
export function parseFeedbackReport(text: string): FeedbackReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`feedback report: not JSON (${(error as Error).message})`);
  }
  const fail = (what: string): never => {
    throw new Error(`feedback report: ${what}`);
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail('expected an object { file, decisions }');
  const { file, decisions } = data as { file?: unknown; decisions?: unknown };
  if (typeof file !== 'string' || !/^[\w./-]{1,200}$/.test(file) || file.includes('..')) fail(`file: expected a relative path, got ${JSON.stringify(file)}`);
  if (!Array.isArray(decisions) || decisions.length > MAX_DECISIONS) fail(`decisions: expected an array of at most ${MAX_DECISIONS}`);
  const checked = (decisions as unknown[]).map((raw, i): FeedbackDecision => {
    const d = (raw ?? {}) as Record<string, unknown>;
    const at = `decisions[${i}]`;
    if (!Number.isInteger(d.issue) || (d.issue as number) < 1) fail(`${at}.issue: expected an issue number, got ${JSON.stringify(d.issue)}`);
    if (typeof d.author !== 'string' || !LOGIN.test(d.author)) fail(`${at}.author: expected a GitHub login, got ${JSON.stringify(d.author)}`);
    if (!OUTCOMES.includes(d.outcome as string)) fail(`${at}.outcome: expected one of ${OUTCOMES.join(', ')}, got ${JSON.stringify(d.outcome)}`);
    const base = { issue: d.issue as number, author: d.author as string };
    if (d.outcome === 'taken') {
      for (const k of ['likes', 'dislikes']) if (!Number.isInteger(d[k]) || (d[k] as number) < 0) fail(`${at}.${k}: expected a count, got ${JSON.stringify(d[k])}`);
      return { ...base, outcome: 'taken', likes: d.likes as number, dislikes: d.dislikes as number };
    }
    if (d.outcome === 'refused') {
      if (!Array.isArray(d.problems) || d.problems.length === 0 || !d.problems.every((p) => typeof p === 'string')) fail(`${at}.problems: expected a list of messages`);
      return { ...base, outcome: 'refused', problems: (d.problems as string[]).slice(0, MAX_PROBLEMS).map((p) => p.slice(0, MAX_PROBLEM_LENGTH)) };
    }
    return { ...base, outcome: d.outcome as 'already-taken' | 'not-allowed' };
  });
  return { file: file as string, decisions: checked };
}

/** A fenced block that no text can break out of (the fence is longer than any backtick run inside). */
function fenced(lines: string[]): string {
  const text = lines.join('\n');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The comment for an issue, and how it is closed. Logins are in code spans, so nobody is notified. */
export function replyFor(decision: FeedbackDecision, options: { file: string; owner: string; runUrl: string }): { body: string; reason: 'completed' | 'not_planned' } {
  const { file, owner, runUrl } = options;
  switch (decision.outcome) {
    case 'taken': {
      const votes = decision.likes + decision.dislikes;
      return {
        reason: 'completed',
        body: `Taken: ${plural(votes, 'vote', 'votes')} (${decision.likes} useful, ${decision.dislikes} not relevant) appended to \`${file}\` and committed by [this run](${runUrl}). The next briefing ranks with them.`,
      };
    }
    case 'already-taken':
      return { reason: 'completed', body: `Already taken: \`${file}\` holds the votes of this issue from an earlier run, so nothing was added. Closing. ([run](${runUrl}))` };
    case 'refused':
      return {
        reason: 'not_planned',
        body: [
          'Not taken: the votes are checked line by line and this issue has problems, so none of its votes were taken.',
          '',
          fenced(decision.problems),
          '',
          `Each line must be one JSON object such as \`{"id":"2605.12345","verdict":"like","at":"2026-05-31"}\` (id, verdict \`like\` or \`dislike\`, at YYYY-MM-DD, optional note) inside the Votes block. Edit the issue to fix the lines and reopen it, or send the votes again from the site's "My feedback" page. ([run](${runUrl}))`,
        ].join('\n'),
      };
    case 'not-allowed':
      return {
        reason: 'not_planned',
        body: `Not taken: feedback issues are taken only from the repository owner (\`${owner}\`) or from logins listed under \`feedback.from\` in the reader profile, and \`${decision.author}\` is neither. To count this feedback, add the login there and reopen the issue. Closed so that it is not answered again every day. ([run](${runUrl}))`,
      };
  }
}

/** Comments on and closes each feedback issue of the report. Returns what was done per issue. */
export async function answerFeedbackIssues(
  { github, context, core }: { github: FeedbackGitHub; context: FeedbackContext; core: FeedbackCore },
  options: { report: string; committed: boolean },
): Promise<Record<number, 'answered' | 'left open' | 'skipped'>> {
  const { owner, repo } = context.repo;
  const report = parseFeedbackReport(options.report);
  const runUrl = `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}`;
  // Issue forms add only labels that exist: keep the form's label in the repository.
  try {
    await github.rest.issues.createLabel({ owner, repo, name: FEEDBACK_LABEL, color: '0e8a16', description: "Reader votes from the site's My feedback page, taken by the daily workflow" });
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw error;
  }
  const done: Record<number, 'answered' | 'left open' | 'skipped'> = {};
  for (const decision of report.decisions) {
    const { data: issue } = await github.rest.issues.get({ owner, repo, issue_number: decision.issue });
    const labels = issue.labels.map((l) => (typeof l === 'string' ? l : l.name));
    if (issue.state !== 'open' || issue.pull_request || !labels.includes(FEEDBACK_LABEL) || issue.user?.login !== decision.author) {
      core.info(`#${decision.issue}: no longer an open feedback issue by ${decision.author}; left as it is.`);
      done[decision.issue] = 'skipped';
      continue;
    }
    if (decision.outcome === 'taken' && !options.committed) {
      core.warning(`#${decision.issue}: its votes were not committed (the commit job did not push); left open for the next run.`);
      done[decision.issue] = 'left open';
      continue;
    }
    const reply = replyFor(decision, { file: report.file, owner, runUrl });
    await github.rest.issues.createComment({ owner, repo, issue_number: decision.issue, body: reply.body });
    await github.rest.issues.update({ owner, repo, issue_number: decision.issue, state: 'closed', state_reason: reply.reason });
    core.notice(`#${decision.issue}: ${decision.outcome}; commented and closed.`);
    done[decision.issue] = 'answered';
  }
  if (report.decisions.length === 0) core.info('No open feedback issues.');
  return done;
}
