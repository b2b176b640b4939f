/**
 * The daily workflow with no secret set writes through GitHub Models (issue 11 §1), run end to end on
 * the local runner (scripts/ci/run-workflow.ts) against a local server that speaks that API
 * (scripts/testing/githubModelsServer.ts: the run's token, the daily limit's 429, the 403 of a token
 * without `models: read`):
 *
 *   1. no OPENAI_API_KEY: the brief job (with `models: read`) writes the day with openai/gpt-4.1-mini,
 *      and the deployed page names the model; the LLM cache is saved (actions/cache);
 *   2. the same day again (force): the cache is restored and the model gets no request;
 *   3. GitHub Models answers 429 after two requests: the rest is written extractively, the briefing says
 *      why, and the run succeeds;
 *   4. GitHub Models answers 403: the whole day is extractive, it says why, and the run succeeds.
 *
 * The Install step is swapped for the quick equivalent tests/workflow-run.test.ts uses; runs 2–4 skip
 * the site build (run 1 builds and deploys the page).
 */
import { execFileSync } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkflow, type WorkflowRunResult } from '../scripts/ci/run-workflow.ts';
import { workflowWorld } from '../scripts/testing/workflowWorld.ts';
import { startGitHubModels, type GitHubModelsServer } from '../scripts/testing/githubModelsServer.ts';
import { parse } from 'yaml';
import { t } from '../src/i18n/index.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const DAILY = '.github/workflows/daily.yml';
const INSTALL = `npm ci --dry-run --offline --ignore-scripts --silent && ln -s ${JSON.stringify(path.join(repoRoot, 'node_modules'))} node_modules`;
const NO_BUILD = 'echo "built=false" >> "$GITHUB_OUTPUT"';

let world: string;
let replay: string;
const servers: GitHubModelsServer[] = [];

beforeAll(async () => {
  ({ world, replay } = await workflowWorld(repoRoot, { prefix: 'workflow-models-', idPrefix: '4' }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(world, { recursive: true, force: true });
});

async function models(o: Parameters<typeof startGitHubModels>[0] = {}) {
  const server = await startGitHubModels(o);
  servers.push(server);
  return server;
}

/** A daily run for 2026-05-02 with no secrets at all; GitHub Models is the local server. */
function daily(server: GitHubModelsServer, o: { force?: boolean; build?: boolean } = {}): Promise<WorkflowRunResult> {
  return runWorkflow({
    world,
    workflow: DAILY,
    event: 'workflow_dispatch',
    inputs: { date: '2026-05-02', ...(o.force ? { force: 'true' } : {}) },
    secrets: {},
    env: { BRIEFING_REPLAY: replay, GITHUB_MODELS_BASE_URL: server.baseURL },
    substitute: { 'brief/Install': INSTALL, ...(o.build === false ? { 'brief/Build the site': NO_BUILD } : {}) },
  });
}

const originGit = (...args: string[]) => execFileSync('git', ['--git-dir', path.join(world, 'origin.git'), ...args], { encoding: 'utf8' });
/** The generator record of the day's briefing on the origin (what the commit job pushed). */
const generator = () => {
  const mdx = originGit('show', 'main:content/briefings/2026-05-02.mdx');
  return (parse(mdx.slice(4, mdx.indexOf('\n---\n', 4))) as { generator: Record<string, any> }).generator;
};
const step = (run: WorkflowRunResult, name: string) => run.jobs.brief!.steps.find((s) => s.name === name)!;

function pagesFile(run: WorkflowRunResult, file: string): string {
  return execFileSync('tar', ['-xOf', path.join(run.artifacts['github-pages']!, 'artifact.tar'), `./${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function expectClean(run: WorkflowRunResult) {
  expect(run.conclusion, JSON.stringify(run.annotations)).toBe('success');
  expect(run.leaks, 'a secret value turned up').toEqual([]);
  expect(run.blocked).toEqual([]);
}

describe('daily.yml with no secret set: GitHub Models on the local runner', () => {
  it("writes the day through GitHub Models with the run's token, and the page names the model", async () => {
    const server = await models();
    const run = await daily(server);
    expectClean(run);
    expect(run.jobs.brief!.permissions).toMatchObject({ models: 'read' });
    // Every request carried the job's token (masked in logs) and the GitHub model name.
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    expect(server.requests.every((r) => r.status === 200 && r.token?.startsWith('ghs_') && r.model === 'openai/gpt-4.1-mini')).toBe(true);
    expect(generator()).toMatchObject({ writer: 'llm', model: 'openai/gpt-4.1-mini', provider: 'github-models' });
    // The day page says who wrote it.
    const page = pagesFile(run, 'briefings/2026-05-02/index.html');
    expect(page).toContain('openai/gpt-4.1-mini');
    expect(page).toContain(t('zh-CN', 'notes.writtenBy', { model: 'openai/gpt-4.1-mini', provider: t('zh-CN', 'notes.provider.github-models'), sources: '' }).split('；')[0]);
    // The answers were cached and the cache saved for the next run.
    expect(step(run, 'Save the LLM cache').outcome).toBe('success');
    expect((await readdir(path.join(world, 'cache'))).length).toBeGreaterThan(0);
  }, 600_000);

  it('a second run of the same day restores the cache and makes no call', async () => {
    const server = await models();
    const run = await daily(server, { force: true, build: false });
    expectClean(run);
    expect(step(run, 'Restore the LLM cache').log).toMatch(/Cache restored from key: llm-cache-/);
    expect(server.requests).toEqual([]);
    expect(generator()).toMatchObject({ writer: 'llm', model: 'openai/gpt-4.1-mini' });
  }, 600_000);

  it("a 429 (the free tier's daily limit) writes the rest extractively, says why, and the run succeeds", async () => {
    await rm(path.join(world, 'cache'), { recursive: true, force: true });
    const server = await models({ requestsPerDay: 2 });
    const run = await daily(server, { force: true, build: false });
    expectClean(run);
    expect(server.requests.map((r) => r.status).filter((s) => s === 200)).toHaveLength(2);
    expect(server.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(1);
    expect(generator()).toMatchObject({ writer: 'mixed', fallback: { reason: expect.stringMatching(/^GitHub Models 429 RateLimitReached: Rate limit of 2 per 86400s exceeded/) } });
    expect(run.jobs.brief!.outputs.outcome).toBe('published');
  }, 600_000);

  it('a 403 (no access) writes the day extractively, says why, and the run succeeds', async () => {
    await rm(path.join(world, 'cache'), { recursive: true, force: true });
    const server = await models({ noAccess: true });
    const run = await daily(server, { force: true, build: false });
    expectClean(run);
    expect(server.requests.every((r) => r.status === 403)).toBe(true);
    expect(generator()).toMatchObject({ writer: 'extractive', provider: 'github-models', fallback: { day: true, reason: expect.stringMatching(/^GitHub Models 403 no_access: No access to model: openai\/gpt-4\.1-mini/) } });
  }, 600_000);
});
