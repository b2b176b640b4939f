import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LABEL, ISSUE_TITLE, judgeRun, previousFailures, trackDailyRun, type GitHubClient, type Needs } from '../scripts/ci/track-run.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** An in-memory GitHub: issues, labels and the workflow's run history, recording every call. */
function fakeGitHub(opts: { openIssue?: number; history?: { id: number; conclusion: string | null }[]; labelExists?: boolean } = {}) {
  const calls: string[] = [];
  const issues = new Map<number, { title: string; body: string; labels: string[]; state: string; comments: string[] }>();
  if (opts.openIssue) issues.set(opts.openIssue, { title: ISSUE_TITLE, body: '', labels: [DEFAULT_LABEL], state: 'open', comments: [] });
  let next = 100;
  const github: GitHubClient = {
    rest: {
      actions: {
        async getWorkflowRun({ run_id }) {
          calls.push(`getWorkflowRun ${run_id}`);
          return { data: { workflow_id: 7, head_branch: 'main' } };
        },
        async listWorkflowRuns({ workflow_id, branch, status }) {
          calls.push(`listWorkflowRuns ${workflow_id} ${branch} ${status}`);
          return { data: { workflow_runs: (opts.history ?? []).map((r) => ({ ...r, html_url: `https://github.com/o/r/actions/runs/${r.id}`, created_at: '' })) } };
        },
      },
      issues: {
        async listForRepo({ labels, state }) {
          calls.push(`listForRepo ${labels} ${state}`);
          return { data: [...issues].filter(([, i]) => i.state === 'open' && i.labels.includes(labels)).map(([number, i]) => ({ number, title: i.title })) };
        },
        async create({ title, body, labels }) {
          calls.push(`create ${title}`);
          const number = next++;
          issues.set(number, { title, body, labels, state: 'open', comments: [] });
          return { data: { number, html_url: `https://github.com/o/r/issues/${number}` } };
        },
        async createComment({ issue_number, body }) {
          calls.push(`comment #${issue_number}`);
          issues.get(issue_number)!.comments.push(body);
          return {};
        },
        async update({ issue_number, state }) {
          calls.push(`update #${issue_number} ${state}`);
          issues.get(issue_number)!.state = state;
          return {};
        },
        async createLabel({ name }) {
          calls.push(`createLabel ${name}`);
          if (opts.labelExists) throw Object.assign(new Error('Validation Failed'), { status: 422 });
          return {};
        },
      },
    },
  };
  const log: string[] = [];
  const core = { info: (m: string) => log.push(`info: ${m}`), notice: (m: string) => log.push(`notice: ${m}`), warning: (m: string) => log.push(`warning: ${m}`) };
  const context = { repo: { owner: 'o', repo: 'r' }, runId: 42, serverUrl: 'https://github.com' };
  return { github, core, context, calls, issues, log };
}

const briefFailed: Needs = {
  brief: { result: 'failure', outputs: { outcome: 'failed', reason: 'arXiv API: HTTP 503 after 4 attempts' } },
  commit: { result: 'success' },
  deploy: { result: 'success' },
};
const allGood: Needs = { brief: { result: 'success', outputs: { outcome: 'published' } }, commit: { result: 'success' }, deploy: { result: 'success' } };

describe('judgeRun', () => {
  it("uses the failed job's own reason, else a hint for that job", () => {
    expect(judgeRun(briefFailed)).toEqual({ kind: 'failed', reason: 'brief: arXiv API: HTTP 503 after 4 attempts' });
    const deployFailed = judgeRun({ ...allGood, deploy: { result: 'failure' } });
    expect(deployFailed.kind).toBe('failed');
    expect(deployFailed.kind === 'failed' && deployFailed.reason).toMatch(/^deploy: the GitHub Pages deployment failed/);
    expect(judgeRun({ brief: { result: 'failure', outputs: { reason: '' } }, commit: { result: 'skipped' } })).toMatchObject({ reason: expect.stringMatching(/before it could record a reason/) });
  });

  it("names the site build's failure, and not the reason of a day that went well", () => {
    const buildFailed: Needs = { brief: { result: 'failure', outputs: { outcome: 'published', reason: 'wrote content/briefings/2026-06-15.mdx', 'build-error': 'site build failed (exit 1: [InvalidContentEntryDataError])' } } };
    expect(judgeRun(buildFailed)).toEqual({ kind: 'failed', reason: 'brief: site build failed (exit 1: [InvalidContentEntryDataError])' });
    const both: Needs = { brief: { result: 'failure', outputs: { outcome: 'failed', reason: 'offline: cannot reach huggingface.co', 'build-error': 'site build failed (exit 1)' } } };
    expect(judgeRun(both)).toEqual({ kind: 'failed', reason: 'brief: offline: cannot reach huggingface.co; site build failed (exit 1)' });
  });

  it('tells success from cancellation', () => {
    expect(judgeRun(allGood)).toEqual({ kind: 'succeeded' });
    expect(judgeRun({ brief: { result: 'success' }, commit: { result: 'skipped' }, deploy: { result: 'skipped' } })).toEqual({ kind: 'succeeded' });
    expect(judgeRun({ brief: { result: 'cancelled' }, commit: { result: 'skipped' } })).toEqual({ kind: 'cancelled' });
  });
});

describe('previousFailures', () => {
  it('counts failures back to the last success, ignoring this run and cancelled ones', () => {
    const runs = [
      { id: 42, conclusion: null },
      { id: 41, conclusion: 'failure' },
      { id: 40, conclusion: 'cancelled' },
      { id: 39, conclusion: 'timed_out' },
      { id: 38, conclusion: 'success' },
      { id: 37, conclusion: 'failure' },
    ];
    expect(previousFailures(runs, 42)).toBe(2);
    expect(previousFailures([{ id: 1, conclusion: 'success' }], 42)).toBe(0);
    expect(previousFailures([], 42)).toBe(0);
  });
});

describe('trackDailyRun', () => {
  it('does not open an issue for a first failure below the threshold', async () => {
    const gh = fakeGitHub({ history: [{ id: 41, conclusion: 'success' }] });
    expect(await trackDailyRun(gh, { needs: briefFailed, threshold: 2 })).toBe('below-threshold');
    expect(gh.issues.size).toBe(0);
    expect(gh.log.join('\n')).toMatch(/failed \(1 in a row\); an issue is opened after 2/);
  });

  it('opens a labelled issue with the reason once failures repeat', async () => {
    const gh = fakeGitHub({ history: [{ id: 41, conclusion: 'failure' }, { id: 40, conclusion: 'success' }], labelExists: true });
    expect(await trackDailyRun(gh, { needs: briefFailed, threshold: 2 })).toBe('opened');
    const [issue] = [...gh.issues.values()];
    expect(issue).toMatchObject({ title: ISSUE_TITLE, labels: [DEFAULT_LABEL], state: 'open' });
    expect(issue!.body).toContain('failed 2 times in a row');
    expect(issue!.body).toContain('> brief: arXiv API: HTTP 503 after 4 attempts');
    expect(issue!.body).toContain('https://github.com/o/r/actions/runs/42');
    expect(gh.calls).toContain('listWorkflowRuns 7 main completed');
  });

  it('comments on the open issue while failures continue, and closes it on success', async () => {
    const gh = fakeGitHub({ openIssue: 5, history: [{ id: 41, conclusion: 'failure' }, { id: 40, conclusion: 'failure' }] });
    expect(await trackDailyRun(gh, { needs: briefFailed, threshold: 2 })).toBe('commented');
    expect(gh.issues.get(5)!.comments[0]).toMatch(/^Failed again \(3 in a row\): https:\/\/github\.com\/o\/r\/actions\/runs\/42\n\n> brief: arXiv API/);
    expect(await trackDailyRun(gh, { needs: allGood, threshold: 2 })).toBe('closed');
    expect(gh.issues.get(5)).toMatchObject({ state: 'closed' });
    expect(gh.issues.get(5)!.comments[1]).toMatch(/^Recovered/);
  });

  it('leaves everything alone when the run succeeded without an open issue, or was cancelled', async () => {
    const gh = fakeGitHub({ openIssue: 5 });
    expect(await trackDailyRun(gh, { needs: { brief: { result: 'cancelled' } }, threshold: 2 })).toBe('nothing');
    expect(gh.issues.get(5)!.state).toBe('open');
    const clean = fakeGitHub();
    expect(await trackDailyRun(clean, { needs: allGood, threshold: 2 })).toBe('nothing');
    expect(clean.calls.filter((c) => !c.startsWith('listForRepo'))).toEqual([]);
  });

  it('rejects a bad threshold with the variable name', async () => {
    await expect(trackDailyRun(fakeGitHub(), { needs: briefFailed, threshold: Number('two') })).rejects.toThrow(/FAILURE_ISSUE_AFTER: expected a positive integer/);
  });

  it('loads the way actions/github-script loads it: a dynamic import by absolute path from an async function', async () => {
    // github-script wraps the workflow's `script:` in an AsyncFunction; Node 24 strips the file's types.
    const probe = `
      const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
      const script = "const { trackDailyRun } = await import(\`\${process.env.GITHUB_WORKSPACE}/scripts/ci/track-run.ts\`); return typeof trackDailyRun;";
      new AsyncFunction('github', 'context', 'core', script)({}, {}, {}).then((t) => console.log(t), (e) => { console.error(e); process.exit(1); });
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=commonjs', '-e', probe], { env: { ...process.env, GITHUB_WORKSPACE: repoRoot } });
    expect(stdout.trim()).toBe('function');
  });
});
