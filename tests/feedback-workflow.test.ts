/**
 * The feedback loop inside daily.yml, on the local workflow runner (scripts/ci/run-workflow.ts) against its
 * fake GitHub API: three open feedback issues — a good one by the owner that dislikes the day's top paper,
 * one by the owner with a bad line, one by a stranger — then a dispatched day from recorded responses.
 * The brief job reads the issues with its read-only token and appends the good votes before the brief (so
 * the disliked paper is not in the day's briefing), the commit job pushes the log with the briefing, and
 * the feedback job comments on each issue and closes it.
 *
 * Steps swapped for a quick equivalent: Install (the installed node_modules linked in, as in
 * tests/workflow-run.test.ts) and Build the site (the site build is tested elsewhere; here it would only
 * cost a minute).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflow, seedOrigin, type WorkflowRunResult } from '../scripts/ci/run-workflow.ts';
import { readGitHubState, type Issue } from '../scripts/ci/workflow/github-api.ts';
import { FEEDBACK_LABEL } from '../scripts/ci/feedback-reply.ts';
import { parseFeedback } from '../scripts/rank/feedback.ts';
import { codeAgentListing, formBody } from './helpers/feedbackIssue.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const DAILY = '.github/workflows/daily.yml';
const INSTALL = `ln -s ${JSON.stringify(path.join(repoRoot, 'node_modules'))} node_modules`;
const NO_BUILD = 'echo "site build skipped by the test" && echo "built=false" >> "$GITHUB_OUTPUT"';

let world: string;
let run: WorkflowRunResult;
const originGit = (...args: string[]) => execFileSync('git', ['--git-dir', path.join(world, 'origin.git'), ...args], { encoding: 'utf8' });

beforeAll(async () => {
  world = await mkdtemp(path.join(os.tmpdir(), 'feedback-world-'));
  await seedOrigin(world, repoRoot);
  const replay = path.join(world, 'replay');
  await mkdir(path.join(replay, 'hf'), { recursive: true });
  // Ten papers on the reader's topics; 2605.30000 has the most upvotes and would lead the day.
  await writeFile(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(codeAgentListing()));
  const issue = (number: number, user: string, body: string): Issue => ({ number, title: 'Reader feedback', body, state: 'open', state_reason: null, labels: [FEEDBACK_LABEL], comments: [], user, created_at: '2026-05-02T01:00:00Z' });
  const issues = [
    issue(1, 'owner', formBody('{"id":"2605.30000","verdict":"dislike","at":"2026-05-02"}\n{"id":"2605.30003","verdict":"like","at":"2026-05-02"}')),
    issue(2, 'owner', formBody('{"id":"2605.30001","verdict":"dislike","at":"2026-05-02"}\n{"id":"2605.30002","verdict":"dislike","at":"2026-05-02","extra":true}')),
    issue(3, 'stranger', formBody('{"id":"2605.30004","verdict":"dislike","at":"2026-05-02"}')),
  ];
  await writeFile(path.join(world, 'github.json'), JSON.stringify({ issues, labels: [], runs: [] }));
  run = await runWorkflow({
    world,
    workflow: DAILY,
    event: 'workflow_dispatch',
    inputs: { date: '2026-05-02' },
    env: { BRIEFING_REPLAY: replay },
    substitute: { 'brief/Install': INSTALL, 'brief/Build the site': NO_BUILD },
  });
}, 600_000);

afterAll(async () => {
  if (world) await rm(world, { recursive: true, force: true });
});

describe('daily.yml takes feedback issues', () => {
  it('runs the feedback step before the brief and the feedback job after the commit', () => {
    expect(run.conclusion, JSON.stringify(run.annotations)).toBe('success');
    expect(Object.fromEntries(Object.entries(run.jobs).map(([id, j]) => [id, j.result]))).toEqual({ brief: 'success', commit: 'success', deploy: 'skipped', feedback: 'success', track: 'success' });
    const names = run.jobs.brief!.steps.map((s) => `${s.name}: ${s.outcome}`);
    expect(names.indexOf('Read feedback issues: success')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('Read feedback issues: success')).toBeLessThan(names.indexOf('Brief and record the run: success'));
    expect(run.jobs.brief!.summary).toMatch(/### Feedback issues[\s\S]*\| #1 \| `owner` \| taken: 1 useful, 1 not relevant \|/);
    expect(run.api.unsimulated).toEqual([]);
  });

  it('reads with the brief job’s read-only token and writes only from the feedback job', () => {
    expect(run.jobs.brief!.permissions).toMatchObject({ issues: 'read', contents: 'read' });
    expect(run.jobs.feedback!.permissions).toMatchObject({ issues: 'write' });
    // No call was refused: the brief job never tried to write, the feedback job had the scope it needed.
    expect(run.api.calls.filter((c) => / → 40[13]$/.test(c))).toEqual([]);
    expect(run.api.calls).toContain('GET /repos/owner/paper-briefing/issues?state=open&labels=feedback&per_page=100 → 200');
  });

  it('commits the good issue’s votes with the briefing, stamped with the issue; nothing of the refused ones', () => {
    const files = originGit('diff', '--name-only', 'main~1', 'main').trim().split('\n');
    expect(files).toEqual(['content/briefings/2026-05-02.mdx', 'content/reader/feedback.jsonl', 'content/runs.jsonl']);
    expect(parseFeedback(originGit('show', 'main:content/reader/feedback.jsonl'), 'feedback.jsonl')).toEqual([
      { id: '2605.30000', verdict: 'dislike', at: '2026-05-02', issue: 1 },
      { id: '2605.30003', verdict: 'like', at: '2026-05-02', issue: 1 },
    ]);
  });

  it('ranks the day with the new votes: the disliked top paper is not in the briefing; the refused votes changed nothing', () => {
    const mdx = originGit('show', 'main:content/briefings/2026-05-02.mdx');
    expect(mdx).not.toContain('2605.30000');
    // Disliked only in the refused issue and by the stranger: still there.
    for (const id of ['2605.30001', '2605.30002', '2605.30004']) expect(mdx).toContain(id);
  });

  it('comments on every issue and closes it: taken, refused with its bad line, refused for the stranger', async () => {
    const state = await readGitHubState(path.join(world, 'github.json'));
    const [good, bad, stranger] = state.issues;
    expect(good).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(good!.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^Taken: 2 votes \(1 useful, 1 not relevant\) appended to `content\/reader\/feedback\.jsonl`/)]);
    expect(bad).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(bad!.comments[0]!.body).toMatch(/votes line:2: .*"extra"/);
    expect(stranger).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(stranger!.comments[0]!.body).toMatch(/`stranger` is neither/);
    expect(state.labels.map((l) => l.name)).toContain(FEEDBACK_LABEL);
  });
});
