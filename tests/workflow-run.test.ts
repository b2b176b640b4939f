/**
 * The workflows run end to end on this machine (scripts/ci/run-workflow.ts): the daily workflow's jobs
 * in order against a bare git origin seeded from this working tree, a local GitHub API, a local
 * OpenAI-compatible server, a generated Hugging Face listing instead of the network, and canary secrets.
 *
 *   1. a failing day (the network is down: Hugging Face unreachable) after one that failed already:
 *      the run is recorded and committed, the status page is built and deployed saying why, and the
 *      failure is counted: two in a row open the failure issue;
 *   2. a good day: brief → patch → commit job → push to the origin → Pages artifact → deploy, with the
 *      LLM writer, and the failure issue closed;
 *   3. ci.yml's steps on a push.
 *
 * Steps swapped for a quick equivalent (the runner requires each to exist, so a renamed step fails):
 *   - Install (`npm ci`): `npm ci --dry-run --offline` — npm's own check that the lock installs as
 *     committed, from an empty cache and with no registry — then the already installed node_modules
 *     linked in (a real install is 300 MB and tests/install.test.ts covers the lock);
 *   - in ci.yml, the CJK fonts (apt-get needs root and Debian's mirror; .ci/run installs them), Check
 *     (`npm run check`: astro check takes a minute; the content check it runs is kept) and Test
 *     (`npm test` is what runs this file; the workflow and lock linters stand in).
 * No secret's value may turn up in any log, output, summary, artifact or pushed commit.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGitHubState } from '../scripts/ci/workflow/github-api.ts';
import { runWorkflow, workflowIdOf, type WorkflowRunResult } from '../scripts/ci/run-workflow.ts';
import { workflowWorld } from '../scripts/testing/workflowWorld.ts';
import { todayIn } from '../lib/dates.ts';
import { parseRunLog } from '../src/schema/run.ts';
import { completion, kindOf, startMockOpenAI, validDayNote, validPaperNote, type MockServer } from '../scripts/testing/openaiServer.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const DAILY = '.github/workflows/daily.yml';
// Canary secrets, assembled at run time (no key-shaped literal in the repository).
const OPENAI_KEY = ['sk', 'canary', randomBytes(12).toString('hex')].join('-');
const INSTALL = `npm ci --dry-run --offline --ignore-scripts --silent && ln -s ${JSON.stringify(path.join(repoRoot, 'node_modules'))} node_modules`;

let world: string;
let replay: string;
let openai: MockServer;

beforeAll(async () => {
  ({ world, replay } = await workflowWorld(repoRoot, { prefix: 'workflow-world-', idPrefix: '3' }));
  // A model that repeats the caller's key in its answers (a prompt-injected model, an echoing proxy).
  openai = await startMockOpenAI((req) => {
    const note = kindOf(req) === 'day' ? { ...validDayNote(req), overview: `Today, with key ${OPENAI_KEY}.` } : { ...validPaperNote(req), headline: `Key ${OPENAI_KEY} inside` };
    return { body: completion(JSON.stringify(note)) };
  });
});

afterAll(async () => {
  await openai?.close();
  await rm(world, { recursive: true, force: true });
});

function daily(options: { event: 'schedule' | 'workflow_dispatch'; inputs?: Record<string, string>; replay?: boolean }): Promise<WorkflowRunResult> {
  return runWorkflow({
    world,
    workflow: DAILY,
    event: options.event,
    inputs: options.inputs,
    secrets: { OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: openai.baseURL, BRIEFING_MODEL: 'mock-model' },
    // Configuration kept as secrets: every briefing names its model, and its endpoint is no key.
    publicSecrets: ['OPENAI_BASE_URL', 'BRIEFING_MODEL'],
    env: options.replay ? { BRIEFING_REPLAY: replay } : {},
    substitute: { 'brief/Install': INSTALL },
  });
}

const originGit = (...args: string[]) => execFileSync('git', ['--git-dir', path.join(world, 'origin.git'), ...args], { encoding: 'utf8' });

/** A file of the Pages artifact (the tar the deploy job unpacks). */
function pagesFile(run: WorkflowRunResult, file: string): string {
  return execFileSync('tar', ['-xOf', path.join(run.artifacts['github-pages']!, 'artifact.tar'), `./${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function expectClean(run: WorkflowRunResult) {
  expect(run.leaks, 'a secret value turned up').toEqual([]);
  expect(run.api.unsimulated).toEqual([]);
}

describe('daily.yml on the local runner', () => {
  // Today in the configured timezone: the day a scheduled run briefs.
  const today = todayIn('Asia/Shanghai', new Date());

  it('a failing day: the run is recorded and pushed, the status page says why, the failure is counted', async () => {
    // Yesterday's scheduled run failed too (the API's history, as GitHub would list it).
    const yesterday = { id: 1, workflow_id: workflowIdOf(DAILY), name: 'Daily briefing', path: DAILY, head_branch: 'main', head_sha: '0'.repeat(40), event: 'schedule', status: 'completed', conclusion: 'failure', created_at: '2026-01-01T00:30:00Z' };
    await writeFile(path.join(world, 'github.json'), JSON.stringify({ issues: [], labels: [], runs: [yesterday] }));
    const run = await daily({ event: 'schedule' });
    expect(run.conclusion).toBe('failure');
    const { brief, commit, deploy, track } = run.jobs;
    expect(brief!.result).toBe('failure');
    expect(brief!.outputs).toMatchObject({ outcome: 'failed', changed: 'true', built: 'true', 'build-error': '' });
    expect(brief!.outputs.reason).toMatch(/^offline: cannot reach huggingface\.co \(ENETUNREACH\)/);
    expect(brief!.steps.map((s) => `${s.name}: ${s.outcome}`)).toEqual([
      'Check out: success',
      'Set up Node from .nvmrc: success',
      'Install: success',
      'Read the Pages site URL: success',
      'Read feedback issues: success',
      'Restore the LLM cache: success',
      'Brief and record the run: failure',
      'Save the LLM cache: success',
      'Build the site: success',
      'Keep the new content for the commit job: success',
      'Upload the site: success',
    ]);
    // The network was asked for and refused: no request left the machine.
    expect(run.blocked.length).toBeGreaterThan(0);
    expect(run.blocked.every((b) => /blocked huggingface\.co:443$/.test(b))).toBe(true);
    // The run record went to the origin through the commit job.
    expect(commit!.result).toBe('success');
    expect(originGit('log', '-1', '--format=%an %s', 'main')).toBe(`github-actions[bot] Run log ${today}: failed\n`);
    const [record] = parseRunLog(originGit('show', 'main:content/runs.jsonl'));
    expect(record).toMatchObject({ date: today, outcome: 'failed', trigger: 'schedule', runUrl: `https://github.com/owner/paper-briefing/actions/runs/${run.runId}` });
    // The status page was built and deployed with the failure.
    expect(pagesFile(run, 'status/index.html')).toMatch(new RegExp(`data-state="failed"[\\s\\S]*cannot reach huggingface\\.co`));
    expect(deploy!.result).toBe('success');
    expect(await readFile(path.join(world, 'pages/status/index.html'), 'utf8')).toContain('cannot reach huggingface.co');
    // Counted: the second failure in a row opens the failure issue, with the reason.
    expect(track!.result).toBe('success');
    const state = await readGitHubState(path.join(world, 'github.json'));
    expect(state.issues).toEqual([
      expect.objectContaining({ number: 1, title: 'The daily briefing run is failing', state: 'open', labels: ['daily-run-failure'], body: expect.stringMatching(/has failed 2 times in a row[\s\S]*> brief: offline: cannot reach huggingface\.co/) }),
    ]);
    expect(state.runs.map((r) => `${r.id} ${r.conclusion}`)).toEqual(['1 failure', `${run.runId} failure`]);
    expect(run.annotations).toContainEqual(expect.objectContaining({ job: 'track', level: 'warning', message: 'Opened failure issue #1: https://github.com/owner/paper-briefing/issues/1' }));
    expect(brief!.summary).toContain(`## Daily briefing ${today}: failed`);
    expect(brief!.summary).toContain('### Site');
    expectClean(run);
  });

  it('a good day: brief → patch → commit job → push to the origin → Pages artifact → deploy, and the issue closed', async () => {
    const before = originGit('rev-parse', 'main').trim();
    const run = await daily({ event: 'workflow_dispatch', inputs: { date: '2026-05-02' }, replay: true });
    expect(run.conclusion, JSON.stringify(run.annotations)).toBe('success');
    expect(Object.fromEntries(Object.entries(run.jobs).map(([id, j]) => [id, j.result]))).toEqual({ brief: 'success', commit: 'success', deploy: 'success', feedback: 'success', track: 'success' });
    expect(run.jobs.brief!.outputs).toMatchObject({ outcome: 'published', changed: 'true', built: 'true' });
    // The LLM writer ran with the secret key, against the local server; nothing went elsewhere.
    expect(openai.chats.length).toBeGreaterThan(0);
    expect(run.blocked).toEqual([]);
    // Brief → patch: the artifact the commit job applied.
    expect(await readFile(path.join(run.artifacts['daily-content']!, 'message.txt'), 'utf8')).toMatch(/^Briefing 2026-05-02: 10 papers \(llm mock-model\)\n/);
    // Commit job → push.
    expect(originGit('log', '--format=%an|%s', `${before}..main`)).toBe('github-actions[bot]|Briefing 2026-05-02: 10 papers (llm mock-model)\n');
    expect(originGit('diff', '--name-only', before, 'main').trim().split('\n')).toEqual(['content/briefings/2026-05-02.mdx', 'content/runs.jsonl']);
    const mdx = originGit('show', 'main:content/briefings/2026-05-02.mdx');
    expect(mdx).toContain('Today, with key ***.');
    expect(mdx).not.toContain(OPENAI_KEY);
    expect(parseRunLog(originGit('show', 'main:content/runs.jsonl')).map((r) => r.outcome)).toEqual(['failed', 'published']);
    // Pages artifact → deploy: the day page, built for the Pages URL.
    const day = pagesFile(run, 'briefings/2026-05-02/index.html');
    expect(day).toContain('Agentic reinforcement learning for code agents 0');
    expect(day).toContain('https://owner.github.io/paper-briefing/briefings/2026-05-02/');
    expect(await readFile(path.join(world, 'pages/briefings/2026-05-02/index.html'), 'utf8')).toBe(day);
    expect(run.jobs.deploy!.environmentUrl).toBe('https://owner.github.io/paper-briefing/');
    // The failure issue is closed by the good run.
    const state = await readGitHubState(path.join(world, 'github.json'));
    expect(state.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed', comments: [expect.objectContaining({ body: expect.stringMatching(/^Recovered: this run succeeded\./) })] });
    expectClean(run);
  });

  it("refuses to push with the brief job's read-only token (the pipeline's job cannot write the repository)", async () => {
    const pushed = await runWorkflow({ world, workflow: DAILY, event: 'schedule', secrets: {}, substitute: { 'brief/Install': `${INSTALL} && git push origin HEAD:refs/heads/evil` } });
    expect(pushed.jobs.brief!.steps.find((s) => s.name === 'Install')).toMatchObject({ outcome: 'failure' });
    expect(pushed.jobs.brief!.steps.find((s) => s.name === 'Install')!.log).toMatch(/harness-denied\/persist-credentials-false/);
    expect(originGit('branch', '--list', 'evil')).toBe('');
  });
});

describe('ci.yml on the local runner', () => {
  it('checks out, sets up Node, installs, checks, tests and builds on a push', async () => {
    const run = await runWorkflow({
      world,
      workflow: '.github/workflows/ci.yml',
      event: 'push',
      substitute: {
        'test/Install CJK fonts and the feed and BibTeX readers for the tests': 'echo "fonts: installed by .ci/run on this machine"',
        'test/Install': INSTALL,
        'test/Check': 'node scripts/check-content.ts',
        'test/Test': 'npm run lint:workflows && npm run lint:lockfile',
      },
    });
    expect(run.conclusion, JSON.stringify(run.annotations)).toBe('success');
    expect(run.jobs.test!.steps.map((s) => `${s.name}: ${s.outcome}${s.substituted ? ' (substituted)' : ''}`)).toEqual([
      'Check out: success',
      'Set up Node from .nvmrc: success',
      'Install CJK fonts and the feed and BibTeX readers for the tests: success (substituted)',
      'Install: success (substituted)',
      'Check: success (substituted)',
      'Test: success (substituted)',
      'Build: success',
    ]);
    expect(run.jobs.test!.permissions).toMatchObject({ contents: 'read' });
    expect(run.blocked).toEqual([]);
    expectClean(run);
  });
});
