/**
 * Keeps one GitHub issue in step with the daily workflow: opened when the run has failed
 * `threshold` times in a row, commented on while it keeps failing, closed when a run succeeds.
 *
 * Run by actions/github-script in the workflow's `track` job (see .github/workflows/daily.yml), which
 * imports this file by absolute path; Node 24 strips the types. It must stay self-contained: no imports,
 * because that job checks out only scripts/ci and installs nothing.
 */

/** The result of one job of the run, as `toJSON(needs)` gives it. */
export interface JobResult {
  result: 'success' | 'failure' | 'cancelled' | 'skipped' | string;
  outputs?: Record<string, string | undefined>;
}
export type Needs = Record<string, JobResult>;

/** The slice of Octokit (github-script's `github`) this module uses. */
export interface GitHubClient {
  rest: {
    actions: {
      getWorkflowRun(params: { owner: string; repo: string; run_id: number }): Promise<{ data: { workflow_id: number; head_branch: string | null } }>;
      listWorkflowRuns(params: { owner: string; repo: string; workflow_id: number; branch?: string; status?: string; per_page?: number }): Promise<{
        data: { workflow_runs: { id: number; conclusion: string | null; html_url: string; created_at: string }[] };
      }>;
    };
    issues: {
      listForRepo(params: { owner: string; repo: string; state: 'open'; labels: string; per_page?: number }): Promise<{ data: { number: number; title: string; pull_request?: unknown }[] }>;
      create(params: { owner: string; repo: string; title: string; body: string; labels: string[] }): Promise<{ data: { number: number; html_url: string } }>;
      createComment(params: { owner: string; repo: string; issue_number: number; body: string }): Promise<unknown>;
      update(params: { owner: string; repo: string; issue_number: number; state: 'closed'; state_reason?: 'completed' }): Promise<unknown>;
      createLabel(params: { owner: string; repo: string; name: string; color: string; description: string }): Promise<unknown>;
    };
  };
}

export interface RunContext {
  repo: { owner: string; repo: string };
  runId: number;
  serverUrl: string;
}

export interface Core {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
}

export interface TrackOptions {
  needs: Needs;
  /** Open an issue once this many runs in a row have failed (this one included). */
  threshold: number;
  /** The label that marks the tracking issue. */
  label?: string;
}

export const DEFAULT_LABEL = 'daily-run-failure';
export const ISSUE_TITLE = 'The daily briefing run is failing';

/** What a failed job means for a reader, when the job itself left no reason. */
const JOB_HINTS: Record<string, string> = {
  brief: 'the brief-and-build job failed before it could record a reason: in `npm ci`, or in actions/configure-pages (is Settings → Pages → Source set to "GitHub Actions"?); see the run log',
  commit: 'the new content could not be committed or pushed (branch protection, or a conflicting push)',
  deploy: 'the GitHub Pages deployment failed (is Settings → Pages → Source set to "GitHub Actions"?)',
  feedback: 'the feedback issues could not be answered (their votes, if taken, are committed; the issues stay open until a run answers them); see the run log',
};

export type Verdict = { kind: 'failed'; reason: string } | { kind: 'succeeded' } | { kind: 'cancelled' };

/** Decides from the jobs' results whether the run failed, and why. */
export function judgeRun(needs: Needs): Verdict {
  const failed = Object.entries(needs).filter(([, job]) => job.result === 'failure');
  if (failed.length > 0) {
    const reasons = failed.map(([name, job]) => {
      // A job's `reason` explains a failed outcome (otherwise it describes a success, e.g. "wrote …");
      // `build-error` is the site build's own failure (the brief job builds in a step of its own).
      const outcome = job.outputs?.outcome;
      const own = [outcome === undefined || outcome === '' || outcome === 'failed' ? job.outputs?.reason : '', job.outputs?.['build-error']]
        .map((r) => r?.trim())
        .filter(Boolean)
        .join('; ');
      return own ? `${name}: ${own}` : `${name}: ${JOB_HINTS[name] ?? 'the job failed; see the run log'}`;
    });
    return { kind: 'failed', reason: reasons.join('\n') };
  }
  if (Object.values(needs).some((job) => job.result === 'cancelled')) return { kind: 'cancelled' };
  return { kind: 'succeeded' };
}

/**
 * Failed runs in a row before this one, from the workflow's completed runs (newest first).
 * Cancelled and skipped runs neither break nor extend the streak.
 */
export function previousFailures(runs: readonly { id: number; conclusion: string | null }[], currentRunId: number): number {
  let streak = 0;
  for (const run of runs) {
    if (run.id === currentRunId) continue;
    if (run.conclusion === 'failure' || run.conclusion === 'timed_out') streak += 1;
    else if (run.conclusion === 'success') break;
  }
  return streak;
}

function runUrl(context: RunContext): string {
  return `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

export function issueBody(reason: string, streak: number, url: string): string {
  return [
    `The daily briefing workflow has failed ${streak} time${streak === 1 ? '' : 's'} in a row.`,
    '',
    `Latest failure: ${url}`,
    '',
    quote(reason),
    '',
    'Common causes: an API that was down or rate-limited (the run retries next time by itself), an `OPENAI_API_KEY` out of credit or revoked, a briefing that no longer validates, or Pages not set to deploy from GitHub Actions. The job summary of the run lists every source, request and token count; the site\'s `/status/` page shows the last 30 days.',
    '',
    'This issue is updated by each failing run and closed by the next successful one.',
  ].join('\n');
}

/** Opens, updates or closes the tracking issue for this run. Returns what it did. */
export async function trackDailyRun(
  { github, context, core }: { github: GitHubClient; context: RunContext; core: Core },
  options: TrackOptions,
): Promise<'opened' | 'commented' | 'closed' | 'below-threshold' | 'nothing'> {
  const { owner, repo } = context.repo;
  const label = options.label ?? DEFAULT_LABEL;
  if (!Number.isInteger(options.threshold) || options.threshold < 1) throw new Error(`FAILURE_ISSUE_AFTER: expected a positive integer, got ${options.threshold}`);
  const verdict = judgeRun(options.needs);
  const url = runUrl(context);

  const open = (await github.rest.issues.listForRepo({ owner, repo, state: 'open', labels: label, per_page: 10 })).data.filter((i) => !i.pull_request);
  const issue = open[0];

  if (verdict.kind === 'cancelled') {
    core.info('The run was cancelled; the failure issue is left as it is.');
    return 'nothing';
  }

  if (verdict.kind === 'succeeded') {
    if (!issue) {
      core.info('The run succeeded and no failure issue is open.');
      return 'nothing';
    }
    await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: `Recovered: this run succeeded. ${url}` });
    await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
    core.notice(`Closed failure issue #${issue.number}: the run succeeded.`);
    return 'closed';
  }

  const { data: current } = await github.rest.actions.getWorkflowRun({ owner, repo, run_id: context.runId });
  const { data: history } = await github.rest.actions.listWorkflowRuns({
    owner,
    repo,
    workflow_id: current.workflow_id,
    ...(current.head_branch ? { branch: current.head_branch } : {}),
    status: 'completed',
    per_page: 30,
  });
  const streak = 1 + previousFailures(history.workflow_runs, context.runId);

  if (issue) {
    await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: `Failed again (${streak} in a row): ${url}\n\n${quote(verdict.reason)}` });
    core.warning(`Updated failure issue #${issue.number} (${streak} failed runs in a row).`);
    return 'commented';
  }
  if (streak < options.threshold) {
    core.warning(`The run failed (${streak} in a row); an issue is opened after ${options.threshold}. Reason: ${verdict.reason}`);
    return 'below-threshold';
  }
  try {
    await github.rest.issues.createLabel({ owner, repo, name: label, color: 'd73a4a', description: 'The daily briefing workflow is failing' });
  } catch (error) {
    // 422: the label exists already.
    if ((error as { status?: number }).status !== 422) throw error;
  }
  const { data: created } = await github.rest.issues.create({ owner, repo, title: ISSUE_TITLE, body: issueBody(verdict.reason, streak, url), labels: [label] });
  core.warning(`Opened failure issue #${created.number}: ${created.html_url}`);
  return 'opened';
}
