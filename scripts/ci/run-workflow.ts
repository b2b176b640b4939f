/**
 * Runs a GitHub Actions workflow of this repository on this machine, as a runner would, so the daily
 * workflow and CI are proven end to end without GitHub: jobs in `needs` order with their `if:`,
 * permissions and outputs; `run:` steps in bash with GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH,
 * GITHUB_STEP_SUMMARY and RUNNER_TEMP; `${{ }}` evaluated (scripts/ci/workflow/expressions.ts);
 * `uses:` steps stood in for by scripts/ci/workflow/actions.ts; a bare git repository as the origin;
 * a local GitHub API (scripts/ci/workflow/github-api.ts) for issues and run history; and no network:
 * every Node process of a step refuses non-loopback connections (scripts/ci/workflow/network-guard.mjs),
 * so a run briefs from recorded responses (BRIEFING_REPLAY) or fails as offline, never live.
 *
 * The world folder keeps what outlives a run: origin.git, github.json (issues, labels, past runs),
 * cache/ (actions/cache), pages/ (the deployed site) and runs/<id>/ (workspaces, logs, artifacts).
 *
 *   npm run workflow -- .github/workflows/daily.yml --world DIR [--seed] [--event schedule|workflow_dispatch|push]
 *                       [--input NAME=VALUE]… [--secret NAME=VALUE]… [--var NAME=VALUE]… [--env NAME=VALUE]…
 *                       [--substitute 'JOB/STEP NAME=SCRIPT']… [--allow-host HOST]…
 *
 * Whatever it cannot run exactly (an unknown action, expression, context, matrix, container) fails
 * loudly rather than running on a guess. Exit code: 0 the run succeeded, 1 it failed, 2 bad usage.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDocument } from 'yaml';
import { uncompressed } from '../publish/io.ts';
import { ACTIONS, ActionError, type ActionImpl, type ActionResult } from './workflow/actions.ts';
import { AVAILABLE, evaluateCondition, evaluateValue, interpolate, toText, type EvalScope, type Value } from './workflow/expressions.ts';
import { startFakeGitHub, type FakeGitHub, type Permissions, type Route, type WorkflowRun } from './workflow/github-api.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const GUARD = path.join(here, 'workflow/network-guard.mjs');

export interface RunWorkflowOptions {
  /** The world folder (see above); `seedOrigin` makes its origin. */
  world: string;
  /** The workflow's path in the repository; read from the commit that runs, as on GitHub. */
  workflow: string;
  event?: 'schedule' | 'workflow_dispatch' | 'push' | 'pull_request';
  /** workflow_dispatch inputs. */
  inputs?: Record<string, string | boolean>;
  /** The branch that runs (default: the origin's HEAD branch). */
  branch?: string;
  /** `owner/name` (default `owner/paper-briefing`). */
  repository?: string;
  /** Repository secrets; GITHUB_TOKEN is made per job with the job's permissions. */
  secrets?: Record<string, string>;
  /**
   * Secrets whose value may show in what a run leaves (configuration kept as a secret, such as
   * BRIEFING_MODEL, which every briefing names). Masked in logs all the same; not counted as leaks.
   */
  publicSecrets?: string[];
  vars?: Record<string, string>;
  /** The runner machine's environment, on top of the minimal one every step gets (e.g. BRIEFING_REPLAY). */
  env?: Record<string, string>;
  /** `job/step name` → a bash script that runs instead of that step. Every key must match a step. */
  substitute?: Record<string, string>;
  /** The Pages site URL actions/configure-pages reports (default https://<owner>.github.io/<name>). */
  pagesUrl?: string;
  /** Hosts a step may reach besides loopback (e.g. the npm registry, for a real `npm ci`). */
  allowHosts?: string[];
  /** API routes to add (a test's own endpoint). */
  routes?: Route[];
  /** Every log line (masked), as `[job/step] line`. */
  log?: (line: string) => void;
}

export interface StepResult {
  name: string;
  id?: string;
  outcome: 'success' | 'failure' | 'skipped';
  conclusion: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  /** What the step printed, secrets masked. */
  log: string;
  substituted: boolean;
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  steps: StepResult[];
  permissions: Permissions;
  /** Everything the job's steps wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  environmentUrl?: string;
}

export interface Annotation {
  job: string;
  step: string;
  level: 'error' | 'warning' | 'notice';
  message: string;
}

export interface WorkflowRunResult {
  runId: number;
  runDir: string;
  sha: string;
  conclusion: 'success' | 'failure';
  jobs: Record<string, JobResult>;
  /** Artifact name → its folder. */
  artifacts: Record<string, string>;
  annotations: Annotation[];
  /** Connections the network guard refused. */
  blocked: string[];
  /** Where a secret's value turned up (logs, outputs, summaries, artifacts, pushed commits). */
  leaks: string[];
  api: { calls: string[]; unsimulated: string[] };
}

export class WorkflowError extends Error {}

// ---------------------------------------------------------------- world

function runGit(args: string[], cwd: string): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...cleanEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => stdout.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(stdout), stderr }));
  });
}

async function git(args: string[], cwd: string): Promise<string> {
  const r = await runGit(args, cwd);
  if (r.code !== 0) throw new WorkflowError(`git ${args.join(' ')} (in ${cwd}): ${r.stderr.trim()}`);
  return r.stdout.toString('utf8').trim();
}

/**
 * Makes `world/origin.git` from `source`'s working tree as it is (committed or not, ignored files left
 * out) on `branch`, one commit. Returns the origin's path.
 */
export async function seedOrigin(world: string, source: string, options: { branch?: string; message?: string } = {}): Promise<string> {
  const branch = options.branch ?? 'main';
  const origin = path.join(world, 'origin.git');
  await mkdir(world, { recursive: true });
  await rm(origin, { recursive: true, force: true });
  await git(['init', '-q', '--bare', '-b', branch, origin], world);
  // Fetching the commit that runs by its hash, as actions/checkout does.
  await git(['config', 'uploadpack.allowAnySHA1InWant', 'true'], origin);
  const work = await mkdtemp(path.join(os.tmpdir(), 'workflow-seed-'));
  try {
    const files = (await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], source)).split('\0').filter(Boolean);
    for (const file of files) {
      const from = path.join(source, file);
      const info = await stat(from).catch(() => null);
      if (!info) continue; // deleted in the working tree
      await mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await cp(from, path.join(work, file), { recursive: true, verbatimSymlinks: true });
    }
    await git(['init', '-q', '-b', branch], work);
    await git(['add', '-A'], work);
    await git(['-c', 'user.name=harness', '-c', 'user.email=harness@localhost', 'commit', '-q', '-m', options.message ?? `seed from ${source}`], work);
    await git(['push', '-q', origin, `HEAD:refs/heads/${branch}`], work);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return origin;
}

// ---------------------------------------------------------------- workflow file

/** The workflow's id in the runner's GitHub API (stable: past runs in github.json keep matching). */
export function workflowIdOf(workflow: string): number {
  return parseInt(createHash('sha1').update(workflow).digest('hex').slice(0, 6), 16);
}

interface StepDef {
  name?: string;
  id?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  shell?: string;
  'working-directory'?: string;
  'continue-on-error'?: boolean | string;
  'timeout-minutes'?: number;
}

interface JobDef {
  name?: string;
  needs?: string | string[];
  if?: string | boolean;
  'runs-on'?: unknown;
  'timeout-minutes'?: number;
  permissions?: string | Record<string, string>;
  environment?: string | { name: string; url?: string };
  outputs?: Record<string, string>;
  env?: Record<string, unknown>;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  concurrency?: unknown;
  'continue-on-error'?: boolean;
  steps?: StepDef[];
}

interface WorkflowDef {
  name?: string;
  on: unknown;
  permissions?: string | Record<string, string>;
  env?: Record<string, unknown>;
  concurrency?: unknown;
  defaults?: JobDef['defaults'];
  jobs: Record<string, JobDef>;
}

const JOB_KEYS = new Set(['name', 'needs', 'if', 'runs-on', 'timeout-minutes', 'permissions', 'environment', 'outputs', 'env', 'defaults', 'concurrency', 'continue-on-error', 'steps']);
const STEP_KEYS = new Set(['name', 'id', 'if', 'uses', 'run', 'with', 'env', 'shell', 'working-directory', 'continue-on-error', 'timeout-minutes']);
const SCOPES = ['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses'];
/** What a job gets when neither it nor the workflow sets `permissions` (GitHub's restricted default). */
const DEFAULT_PERMISSIONS: Permissions = { contents: 'read', packages: 'read', metadata: 'read' };

function parseWorkflow(text: string, file: string): WorkflowDef {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new WorkflowError(`${file}: ${doc.errors[0]!.message}`);
  const wf = doc.toJS() as WorkflowDef;
  if (!wf || typeof wf !== 'object' || !wf.jobs) throw new WorkflowError(`${file}: no jobs`);
  for (const [id, job] of Object.entries(wf.jobs)) {
    const unknown = Object.keys(job).filter((k) => !JOB_KEYS.has(k));
    if (unknown.length > 0) throw new WorkflowError(`${file}: jobs.${id}: ${unknown.join(', ')} not supported by this runner (strategy/matrix, services, container and reusable workflows are not simulated)`);
    for (const [i, step] of (job.steps ?? []).entries()) {
      const bad = Object.keys(step).filter((k) => !STEP_KEYS.has(k));
      if (bad.length > 0) throw new WorkflowError(`${file}: jobs.${id}.steps[${i}]: ${bad.join(', ')} not supported by this runner`);
      if (Boolean(step.uses) === Boolean(step.run)) throw new WorkflowError(`${file}: jobs.${id}.steps[${i}]: a step has either uses: or run:`);
    }
  }
  return wf;
}

function resolvePermissions(value: JobDef['permissions'] | undefined, where: string): Permissions {
  if (value === undefined) return { ...DEFAULT_PERMISSIONS };
  if (value === 'read-all' || value === 'write-all') return Object.fromEntries(SCOPES.map((s) => [s, value === 'read-all' ? 'read' : 'write'])) as Permissions;
  if (typeof value !== 'object' || value === null) throw new WorkflowError(`${where}: permissions "${String(value)}"`);
  const out: Permissions = { metadata: 'read' };
  for (const [scope, level] of Object.entries(value)) {
    if (!SCOPES.includes(scope)) throw new WorkflowError(`${where}: unknown permission scope "${scope}"`);
    if (!['read', 'write', 'none'].includes(level)) throw new WorkflowError(`${where}: permissions.${scope}: "${level}"`);
    if (scope === 'id-token' && level === 'read') throw new WorkflowError(`${where}: permissions.id-token is write or none`);
    out[scope] = level as Permissions[string];
  }
  return out;
}

function needsOf(job: JobDef): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

/** Jobs in an order that respects `needs` (file order otherwise). */
function jobOrder(wf: WorkflowDef, file: string): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string, from: string) => {
    if (order.includes(id)) return;
    if (!wf.jobs[id]) throw new WorkflowError(`${file}: jobs.${from}.needs: no job "${id}"`);
    if (visiting.has(id)) throw new WorkflowError(`${file}: jobs.${id}: a cycle in needs`);
    visiting.add(id);
    for (const n of needsOf(wf.jobs[id]!)) visit(n, id);
    visiting.delete(id);
    order.push(id);
  };
  for (const id of Object.keys(wf.jobs)) visit(id, id);
  return order;
}

function ancestors(wf: WorkflowDef, id: string): string[] {
  const out = new Set<string>();
  const walk = (j: string) => {
    for (const n of needsOf(wf.jobs[j]!)) {
      if (!out.has(n)) {
        out.add(n);
        walk(n);
      }
    }
  };
  walk(id);
  return [...out];
}

// ---------------------------------------------------------------- files the steps write

/** `name=value` lines and `name<<DELIMITER` blocks, as GITHUB_OUTPUT and GITHUB_ENV hold them. */
export function parseKeyValueFile(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i]!.replace(/\r$/, '') !== delimiter; i++) value.push(lines[i]!);
      if (i >= lines.length) throw new WorkflowError(`${file}: ${name}: no closing delimiter ${delimiter}`);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new WorkflowError(`${file}: line ${i + 1} is neither name=value nor name<<DELIMITER: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

async function readOptional(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

// ---------------------------------------------------------------- the runner

/** The few variables of this machine a step may see (nothing of the test runner or npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  const PATH = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin')
    .split(path.delimiter)
    .filter((p) => p && !p.includes(`${path.sep}node_modules${path.sep}`))
    .join(path.delimiter);
  return { PATH, LANG: 'C.UTF-8' };
}

function hashFiles(workspace: string) {
  return (patterns: string[]): string => {
    // Literal paths and `**`/`*` globs relative to the workspace, as the runner's hashFiles does.
    const regexes = patterns.map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '(?:.*/)?')}$`));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === '.git') continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (regexes.some((r) => r.test(path.relative(workspace, full).split(path.sep).join('/')))) files.push(full);
      }
    };
    walk(workspace);
    if (files.length === 0) return '';
    const outer = createHash('sha256');
    for (const f of files.sort()) outer.update(createHash('sha256').update(readFileSync(f)).digest());
    return outer.digest('hex');
  };
}

interface JobState {
  id: string;
  dir: string;
  workspace: string;
  temp: string;
  home: string;
  token: string;
  permissions: Permissions;
  env: Record<string, string>;
  pathAdditions: string[];
  steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }>;
  results: StepResult[];
  failed: boolean;
  summary: string;
  posts: { name: string; run: () => Promise<void> }[];
  deadline: number;
}

/** Masks secret values in a line of log, as GitHub does. */
function masker(values: () => string[]): (text: string) => string {
  return (text) => {
    let out = text;
    for (const v of values()) if (v.length >= 4) out = out.split(v).join('***');
    return out;
  };
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
  const world = path.resolve(options.world);
  const origin = path.join(world, 'origin.git');
  if (!(await stat(origin).catch(() => null))?.isDirectory()) throw new WorkflowError(`${origin}: no origin repository (make one with seedOrigin or --seed)`);
  const repository = options.repository ?? 'owner/paper-briefing';
  const [owner, repoName] = repository.split('/') as [string, string];
  const branch = options.branch ?? (await git(['symbolic-ref', '--short', 'HEAD'], origin));
  const sha = await git(['rev-parse', `refs/heads/${branch}`], origin);
  const wfText = await git(['show', `${sha}:${options.workflow}`], origin).catch(() => {
    throw new WorkflowError(`${options.workflow}: not in ${branch} at ${sha.slice(0, 12)}`);
  });
  const wf = parseWorkflow(wfText, options.workflow);
  const event = options.event ?? 'workflow_dispatch';
  const triggers = typeof wf.on === 'string' ? [wf.on] : Array.isArray(wf.on) ? (wf.on as string[]) : Object.keys(wf.on as object);
  if (!triggers.includes(event)) throw new WorkflowError(`${options.workflow}: not triggered by ${event} (on: ${triggers.join(', ')})`);

  // Inputs: defaults, types, unknown names refused.
  const declared = (event === 'workflow_dispatch' ? ((wf.on as Record<string, { inputs?: Record<string, { type?: string; default?: unknown; required?: boolean }> }>).workflow_dispatch?.inputs ?? {}) : {}) as Record<string, { type?: string; default?: unknown; required?: boolean }>;
  const inputs: Record<string, Value> = {};
  for (const name of Object.keys(options.inputs ?? {})) if (!(name in declared)) throw new WorkflowError(`--input ${name}: ${options.workflow} declares no such input (${Object.keys(declared).join(', ') || 'none'})`);
  for (const [name, spec] of Object.entries(declared)) {
    const given = options.inputs?.[name];
    const raw = given ?? spec.default ?? (spec.type === 'boolean' ? false : '');
    if (spec.required && given === undefined && spec.default === undefined) throw new WorkflowError(`--input ${name}: required`);
    if (spec.type === 'boolean') {
      if (![true, false, 'true', 'false'].includes(raw as never)) throw new WorkflowError(`--input ${name}: expected true or false, got "${String(raw)}"`);
      inputs[name] = raw === true || raw === 'true';
    } else inputs[name] = String(raw);
  }

  // The run: its folder, the API with its history, the artifacts.
  const api: FakeGitHub = await startFakeGitHub(path.join(world, 'github.json'), repository);
  for (const route of options.routes ?? []) api.route(route);
  const stateRuns = api.state().runs;
  const runId = 1000 + stateRuns.length + 1;
  const workflowId = workflowIdOf(options.workflow);
  const runRecord = { id: runId, workflow_id: workflowId, name: wf.name ?? options.workflow, path: options.workflow, head_branch: branch, head_sha: sha, event, status: 'in_progress' as WorkflowRun['status'], conclusion: null as string | null, created_at: new Date().toISOString() };
  stateRuns.push(runRecord);
  await api.save();
  const runDir = path.join(world, 'runs', String(runId));
  await rm(runDir, { recursive: true, force: true });
  const artifacts = path.join(runDir, 'artifacts');
  await mkdir(artifacts, { recursive: true });
  const networkLog = path.join(runDir, 'network.log');
  await writeFile(networkLog, '');
  const pagesUrl = options.pagesUrl ?? `https://${owner}.github.io/${repoName}`;
  const eventPayload: { [key: string]: Value } = event === 'workflow_dispatch' ? { inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, toText(v)])), ref: `refs/heads/${branch}` } : event === 'schedule' ? { schedule: '' } : { ref: `refs/heads/${branch}`, after: sha };
  await writeFile(path.join(runDir, 'event.json'), JSON.stringify(eventPayload));

  const secretValues: string[] = Object.values(options.secrets ?? {}).filter((v) => v.length >= 4);
  const publicValues = new Set(Object.entries(options.secrets ?? {}).filter(([k]) => options.publicSecrets?.includes(k)).map(([, v]) => v));
  const masks: string[] = [];
  const mask = masker(() => [...secretValues, ...masks]);
  const rawLogs: { where: string; text: string }[] = [];
  const annotations: Annotation[] = [];
  const log = (where: string, line: string) => options.log?.(`[${where}] ${mask(line)}`);

  const substitutions = new Map(Object.entries(options.substitute ?? {}));
  const usedSubstitutions = new Set<string>();
  const githubContext = (job: string, token: string, workspace: string): Record<string, Value> => ({
    event_name: event,
    event: eventPayload,
    ref: `refs/heads/${branch}`,
    ref_name: branch,
    ref_type: 'branch',
    sha,
    repository,
    repository_owner: owner,
    run_id: String(runId),
    run_number: String(stateRuns.length),
    run_attempt: '1',
    server_url: 'https://github.com',
    api_url: api.url,
    graphql_url: `${api.url}/graphql`,
    workspace,
    workflow: wf.name ?? options.workflow,
    job,
    actor: 'harness',
    triggering_actor: 'harness',
    head_ref: '',
    base_ref: '',
    token,
    retention_days: '90',
  });
  const evalWorkflowEnv = (): Record<string, string> => {
    const scope: EvalScope = { where: 'env', contexts: { github: githubContext('', '', ''), secrets: { ...options.secrets }, inputs, vars: { ...options.vars } } };
    return Object.fromEntries(Object.entries(wf.env ?? {}).map(([k, v]) => [k, toText(evaluateValue(String(v), { ...scope, where: `env.${k}` }))]));
  };
  const workflowEnv = evalWorkflowEnv();
  const results: Record<string, JobResult> = {};

  try {
    for (const jobId of jobOrder(wf, options.workflow)) {
      const def = wf.jobs[jobId]!;
      const needs = needsOf(def);
      const needsCtx: Record<string, Value> = Object.fromEntries(needs.map((n) => [n, { result: results[n]!.result, outputs: results[n]!.outputs }]));
      const up = ancestors(wf, jobId).map((a) => results[a]!.result);
      const jobStatus = { success: up.every((r) => r === 'success'), failure: up.some((r) => r === 'failure'), cancelled: false };
      const permissions = resolvePermissions(def.permissions ?? wf.permissions, `${options.workflow}: jobs.${jobId}`);
      const ifScope: EvalScope = { where: `jobs.${jobId}.if`, contexts: { github: githubContext(jobId, '', ''), needs: needsCtx, vars: { ...options.vars }, inputs }, status: jobStatus };
      if (!evaluateCondition(def.if, ifScope)) {
        log(jobId, `skipped (if: ${def.if ?? 'success()'})`);
        results[jobId] = { result: 'skipped', outputs: {}, steps: [], permissions, summary: '' };
        continue;
      }
      results[jobId] = await runJob(jobId, def, { needsCtx, permissions });
    }
  } finally {
    runRecord.status = 'completed';
    runRecord.conclusion = Object.values(results).some((j) => j.result === 'failure') ? 'failure' : 'success';
    await api.save();
    await api.close();
  }
  const unused = [...substitutions.keys()].filter((k) => !usedSubstitutions.has(k));
  if (unused.length > 0) throw new WorkflowError(`substitute: no step ${unused.map((k) => `"${k}"`).join(', ')} in ${options.workflow} (steps are named job/step name)`);

  const blocked = (await readOptional(networkLog)).split('\n').filter(Boolean);
  const artifactNames = await readdir(artifacts).catch(() => [] as string[]);
  const result: WorkflowRunResult = {
    runId,
    runDir,
    sha,
    conclusion: Object.values(results).some((j) => j.result === 'failure') ? 'failure' : 'success',
    jobs: results,
    artifacts: Object.fromEntries(artifactNames.map((n) => [n, path.join(artifacts, n)])),
    annotations,
    blocked,
    leaks: await findLeaks(),
    api: { calls: [...api.calls], unsimulated: [...api.unsimulated] },
  };
  await writeFile(path.join(runDir, 'result.json'), JSON.stringify({ ...result, jobs: Object.fromEntries(Object.entries(results).map(([k, j]) => [k, { ...j, steps: j.steps.map((s) => ({ ...s, log: undefined })) }])) }, null, 1));
  return result;

  // -------------------------------------------------------------- one job
  async function runJob(jobId: string, def: JobDef, ctx: { needsCtx: Record<string, Value>; permissions: Permissions }): Promise<JobResult> {
    const dir = path.join(runDir, 'jobs', jobId);
    const job: JobState = {
      id: jobId,
      dir,
      workspace: path.join(dir, 'workspace'),
      temp: path.join(dir, 'temp'),
      home: path.join(dir, 'home'),
      token: `ghs_${randomBytes(18).toString('base64url')}`,
      permissions: ctx.permissions,
      env: {},
      pathAdditions: [],
      steps: {},
      results: [],
      failed: false,
      summary: '',
      posts: [],
      deadline: Date.now() + (def['timeout-minutes'] ?? 360) * 60_000,
    };
    for (const d of [job.workspace, job.temp, job.home, path.join(dir, 'files')]) await mkdir(d, { recursive: true });
    secretValues.push(job.token);
    api.grant(job.token, job.permissions);
    const runner: Value = { os: 'Linux', arch: 'X64', name: 'harness', temp: job.temp, tool_cache: path.join(world, 'toolcache'), environment: 'self-hosted' };
    const secrets: Value = { ...options.secrets, GITHUB_TOKEN: job.token };
    const github = githubContext(jobId, job.token, job.workspace);
    const jobEnvScope: EvalScope = { where: `jobs.${jobId}.env`, contexts: { github, needs: ctx.needsCtx, strategy: {}, matrix: {}, vars: { ...options.vars }, secrets, inputs } };
    const jobEnv = Object.fromEntries(Object.entries(def.env ?? {}).map(([k, v]) => [k, toText(evaluateValue(String(v), { ...jobEnvScope, where: `jobs.${jobId}.env.${k}` }))]));
    const defaults = { ...wf.defaults?.run, ...def.defaults?.run };
    const contextFor = (where: string, extraEnv: Record<string, string>, kind: keyof typeof AVAILABLE): EvalScope => {
      const all: Record<string, Value> = {
        github,
        needs: ctx.needsCtx,
        strategy: {},
        matrix: {},
        job: { status: job.failed ? 'failure' : 'success' },
        runner,
        env: { ...workflowEnv, ...jobEnv, ...job.env, ...extraEnv },
        vars: { ...options.vars },
        secrets,
        steps: job.steps as unknown as Value,
        inputs,
      };
      return {
        where,
        contexts: Object.fromEntries(AVAILABLE[kind].map((name) => [name, all[name]!])),
        status: { success: !job.failed, failure: job.failed, cancelled: false },
        hashFiles: hashFiles(job.workspace),
      };
    };
    const baseEnv = (files: { output: string; env: string; path: string; summary: string }, stepId: string): NodeJS.ProcessEnv => ({
      ...cleanEnv(),
      PATH: [...job.pathAdditions, cleanEnv().PATH].join(path.delimiter),
      HOME: job.home,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: 'harness',
      RUNNER_TEMP: job.temp,
      RUNNER_TOOL_CACHE: path.join(world, 'toolcache'),
      GITHUB_WORKFLOW: wf.name ?? options.workflow,
      GITHUB_RUN_ID: String(runId),
      GITHUB_RUN_NUMBER: String(stateRuns.length),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: jobId,
      GITHUB_ACTION: stepId,
      GITHUB_ACTOR: 'harness',
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: path.join(runDir, 'event.json'),
      GITHUB_REF: `refs/heads/${branch}`,
      GITHUB_REF_NAME: branch,
      GITHUB_REF_TYPE: 'branch',
      GITHUB_SHA: sha,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: api.url,
      GITHUB_GRAPHQL_URL: `${api.url}/graphql`,
      GITHUB_WORKSPACE: job.workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: files.summary,
      // No network: Node refuses it (network-guard.mjs), git speaks only file://, anything that honours
      // a proxy goes to a closed local port.
      NODE_OPTIONS: `--import=${pathToFileURL(GUARD).href}`,
      HARNESS_NETWORK_LOG: networkLog,
      HARNESS_ALLOW_HOSTS: (options.allowHosts ?? []).join(','),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_ALLOW_PROTOCOL: 'file',
      GIT_TERMINAL_PROMPT: '0',
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
      NO_PROXY: ['127.0.0.1', 'localhost', '::1', ...(options.allowHosts ?? [])].join(','),
      no_proxy: ['127.0.0.1', 'localhost', '::1', ...(options.allowHosts ?? [])].join(','),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      ...options.env,
      ...workflowEnv,
      ...jobEnv,
      ...job.env,
    });

    for (const [index, step] of (def.steps ?? []).entries()) {
      const stepId = step.id ?? `__step_${index}`;
      const where = `jobs.${jobId}.steps[${index}]`;
      const defaultName = step.run ? `Run ${step.run.trim().split('\n')[0]}` : `Run ${step.uses}`;
      const name = step.name ? interpolate(step.name, contextFor(`${where}.name`, {}, 'steps.env')) : defaultName;
      const label = `${jobId}/${name}`;
      if (Date.now() > job.deadline) throw new WorkflowError(`job ${jobId} ran past its timeout-minutes`);
      if (!evaluateCondition(step.if, contextFor(`${where}.if`, {}, 'steps.if'))) {
        job.results.push({ name, id: step.id, outcome: 'skipped', conclusion: 'skipped', outputs: {}, log: '', substituted: false });
        if (step.id) job.steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        log(label, 'skipped');
        continue;
      }
      const stepEnvScope = contextFor(`${where}.env`, {}, 'steps.env');
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, toText(evaluateValue(String(v), { ...stepEnvScope, where: `${where}.env.${k}` }))]));
      const scope = contextFor(where, stepEnv, 'steps.env');
      const files = {
        output: path.join(dir, 'files', `${index}-output`),
        env: path.join(dir, 'files', `${index}-env`),
        path: path.join(dir, 'files', `${index}-path`),
        summary: path.join(dir, 'files', `${index}-summary.md`),
      };
      for (const f of Object.values(files)) await writeFile(f, '');
      const env = { ...baseEnv(files, stepId), ...stepEnv };
      let stepLog = '';
      // A workflow command this runner refuses fails the step once it ends (a throw here would escape
      // from the child's output handler).
      const refused: string[] = [];
      const write = (line: string) => {
        stepLog += `${line}\n`;
        const command = /^::(error|warning|notice|add-mask|debug|group|endgroup|set-output|save-state|set-env|add-path)(?: ([^:]*))?::(.*)$/.exec(line);
        if (command) {
          const [, kind, props, message] = command;
          if (kind === 'add-mask') masks.push(message!);
          else if (kind === 'set-output' || kind === 'save-state' || kind === 'set-env' || kind === 'add-path') refused.push(`::${kind}:: is deprecated or disabled on GitHub (use the files GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV, GITHUB_PATH)`);
          else if (kind === 'error' || kind === 'warning' || kind === 'notice') annotations.push({ job: jobId, step: name, level: kind, message: mask(`${props ? `${props}: ` : ''}${message!.replace(/%0A/g, '\n')}`) });
        }
        log(label, line);
      };
      let exitCode: number;
      let outputs: Record<string, string> = {};
      const substitute = substitutions.get(label);
      try {
        if (substitute !== undefined) {
          usedSubstitutions.add(label);
          write(`(substituted by the runner's caller: ${substitute.split('\n')[0]})`);
          exitCode = await runShell(substitute, undefined, job.workspace, env, write, job.deadline);
        } else if (step.run !== undefined) {
          const script = interpolate(step.run, scope);
          const cwd = path.resolve(job.workspace, step['working-directory'] ?? defaults['working-directory'] ?? '.');
          exitCode = await runShell(script, step.shell ?? defaults.shell, cwd, env, write, job.deadline);
        } else {
          const uses = step.uses!;
          const at = uses.lastIndexOf('@');
          const action = at > 0 ? uses.slice(0, at) : uses;
          const impl: ActionImpl | undefined = ACTIONS[action];
          if (uses.startsWith('./') || uses.startsWith('docker://')) throw new WorkflowError(`${label}: local and docker actions are not simulated (${uses})`);
          if (!impl) throw new WorkflowError(`${label}: the action ${action} is not simulated by this runner (scripts/ci/workflow/actions.ts knows ${Object.keys(ACTIONS).join(', ')})`);
          const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, toText(evaluateValue(String(v), { ...scope, where: `${where}.with.${k}` }))]));
          let r: ActionResult;
          try {
            r = await impl({
              action,
              with: withValues,
              job: { id: jobId, workspace: job.workspace, temp: job.temp, home: job.home, permissions: job.permissions, token: job.token, env, files },
              run: {
                world,
                origin,
                sha,
                branch,
                repository,
                artifacts,
                pagesUrl,
                context: { payload: eventPayload, eventName: event, sha, ref: `refs/heads/${branch}`, workflow: wf.name ?? options.workflow, action: stepId, actor: 'harness', job: jobId, runNumber: stateRuns.length, runId, runAttempt: 1, apiUrl: api.url, serverUrl: 'https://github.com', graphqlUrl: `${api.url}/graphql`, repo: { owner, repo: repoName }, issue: { owner, repo: repoName, number: 0 } },
                jobSucceeded: () => !job.failed,
              },
              log: write,
            });
          } catch (error) {
            if (!(error instanceof ActionError)) throw error;
            write(`::error::${error.message}`);
            r = { exitCode: 1 };
          }
          exitCode = r.exitCode ?? 0;
          outputs = { ...r.outputs };
          if (r.path) job.pathAdditions.unshift(...r.path);
          if (r.post) job.posts.unshift({ name: `Post ${name}`, run: r.post });
        }
      } catch (error) {
        if (error instanceof WorkflowError) throw error;
        throw new WorkflowError(`${label}: ${(error as Error).message}`);
      }
      for (const message of refused) {
        annotations.push({ job: jobId, step: name, level: 'error', message: `${label}: ${message}` });
        exitCode = exitCode || 1;
      }
      outputs = { ...outputs, ...parseKeyValueFile(await readOptional(files.output), `${label}: GITHUB_OUTPUT`) };
      Object.assign(job.env, parseKeyValueFile(await readOptional(files.env), `${label}: GITHUB_ENV`));
      job.pathAdditions.unshift(...(await readOptional(files.path)).split('\n').filter(Boolean).reverse());
      const summary = await readOptional(files.summary);
      job.summary += summary;
      rawLogs.push({ where: `log of ${label}`, text: stepLog }, { where: `summary of ${label}`, text: summary }, { where: `outputs of ${label}`, text: JSON.stringify(outputs) });
      const outcome = exitCode === 0 ? 'success' : 'failure';
      const continueOnError = step['continue-on-error'] === true || step['continue-on-error'] === 'true';
      const conclusion = outcome === 'failure' && continueOnError ? 'success' : outcome;
      if (conclusion === 'failure') job.failed = true;
      if (step.id) job.steps[step.id] = { outputs, outcome, conclusion };
      job.results.push({ name, id: step.id, outcome, conclusion, outputs, log: mask(stepLog), substituted: substitute !== undefined });
      log(label, `${outcome}${exitCode !== 0 ? ` (exit ${exitCode})` : ''}`);
    }
    for (const post of job.posts) {
      await post.run();
      log(`${jobId}/${post.name}`, 'done');
    }

    // Job outputs; like GitHub, an output that holds a secret is dropped.
    const outputScope = contextFor(`jobs.${jobId}.outputs`, {}, 'jobs.outputs');
    const outputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(def.outputs ?? {})) {
      const value = toText(evaluateValue(String(v), { ...outputScope, where: `jobs.${jobId}.outputs.${k}` }));
      if (secretValues.some((s) => value.includes(s))) {
        annotations.push({ job: jobId, step: '(outputs)', level: 'warning', message: `Skip output '${k}' since it may contain secret.` });
        rawLogs.push({ where: `output ${k} of job ${jobId}`, text: value });
        continue;
      }
      outputs[k] = value;
    }
    const environment = typeof def.environment === 'object' ? def.environment : undefined;
    const environmentUrl = environment?.url ? toText(evaluateValue(environment.url, contextFor(`jobs.${jobId}.environment.url`, {}, 'jobs.environment.url'))) : undefined;
    await writeFile(path.join(dir, 'summary.md'), job.summary);
    await writeFile(path.join(dir, 'log.txt'), job.results.map((s) => `## ${s.name}: ${s.outcome}\n${s.log}`).join('\n'));
    return { result: job.failed ? 'failure' : 'success', outputs, steps: job.results, permissions: job.permissions, summary: job.summary, ...(environmentUrl ? { environmentUrl } : {}) };
  }

  /** Every place a secret's value turned up: logs, summaries, outputs, artifacts, pushed commits. */
  async function findLeaks(): Promise<string[]> {
    const leaks: string[] = [];
    const values = secretValues.filter((v) => v.length >= 8 && !publicValues.has(v));
    const check = (where: string, data: Buffer | string) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : uncompressed(data);
      for (const v of values) if (bytes.includes(Buffer.from(v, 'utf8'))) leaks.push(where);
    };
    for (const { where, text } of rawLogs) check(where, text);
    for (const entry of await readdir(artifacts, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) check(`artifact ${path.relative(artifacts, path.join(entry.parentPath, entry.name))}`, await readFile(path.join(entry.parentPath, entry.name)));
    }
    // Commits pushed during the run: every blob they added or changed.
    const head = await git(['rev-parse', `refs/heads/${branch}`], origin);
    if (head !== sha) {
      const changed = (await git(['diff', '--name-only', '--no-renames', '-z', sha, head], origin)).split('\0').filter(Boolean);
      for (const file of changed) {
        const blob = await runGit(['cat-file', '-p', `${head}:${file}`], origin);
        if (blob.code === 0) check(`pushed ${file}`, blob.stdout);
      }
      check('pushed commit messages', await git(['log', '--format=%B', `${sha}..${head}`], origin));
    }
    return [...new Set(leaks)];
  }
}

/** Runs a step's script with GitHub's shells; kills its process group at the job's deadline. */
async function runShell(script: string, shell: string | undefined, cwd: string, env: NodeJS.ProcessEnv, write: (line: string) => void, deadline: number): Promise<number> {
  const dir = await mkdtemp(path.join(String(env.RUNNER_TEMP ?? os.tmpdir()), 'step-'));
  const file = path.join(dir, 'script.sh');
  await writeFile(file, script);
  const argv = shell === undefined ? ['bash', '-e', file] : shell === 'bash' ? ['bash', '--noprofile', '--norc', '-eo', 'pipefail', file] : shell === 'sh' ? ['sh', '-e', file] : null;
  if (!argv) throw new WorkflowError(`shell "${shell}" is not simulated (bash or sh)`);
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const timer = setTimeout(() => {
        write(`::error::The job ran past its timeout-minutes; the step was killed`);
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, Math.max(0, deadline - Date.now()));
      const pending = { out: '', err: '' };
      const take = (key: 'out' | 'err') => (chunk: Buffer) => {
        pending[key] += chunk.toString('utf8');
        const lines = pending[key].split('\n');
        pending[key] = lines.pop()!;
        for (const line of lines) write(line);
      };
      child.stdout.on('data', take('out'));
      child.stderr.on('data', take('err'));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        for (const rest of [pending.out, pending.err]) if (rest) write(rest);
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- CLI

export const USAGE = `Usage: npm run workflow -- WORKFLOW --world DIR [options]

Runs WORKFLOW (a path in the repository, e.g. .github/workflows/daily.yml) on this machine as a
GitHub runner would, with no network. DIR keeps the origin repository, the GitHub API's state, caches,
the deployed site and each run's folder (runs/<id>/: workspaces, logs, artifacts, result.json).

  --seed                  (re)make DIR/origin.git from this working tree first
  --event NAME            schedule, workflow_dispatch (default), push or pull_request
  --input NAME=VALUE      a workflow_dispatch input (repeat)
  --secret NAME=VALUE     a repository secret (repeat; GITHUB_TOKEN is made per job)
  --var NAME=VALUE        a repository variable (repeat)
  --env NAME=VALUE        the runner machine's environment (repeat), e.g. BRIEFING_REPLAY=DIR
  --substitute 'JOB/STEP=SCRIPT'  run SCRIPT instead of a step (repeat), e.g.
                          'brief/Install=ln -s "$PWD/node_modules" node_modules' (no registry needed)
  --allow-host HOST       a host steps may reach (repeat), e.g. registry.npmjs.org for a real npm ci
  --quiet                 print only the result
  --help                  show this help`;

function pairs(list: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new WorkflowError(`--${flag}: expected NAME=VALUE, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        world: { type: 'string' },
        seed: { type: 'boolean', default: false },
        event: { type: 'string' },
        input: { type: 'string', multiple: true },
        secret: { type: 'string', multiple: true },
        var: { type: 'string', multiple: true },
        env: { type: 'string', multiple: true },
        substitute: { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`run-workflow: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1 || !values.world) {
    process.stderr.write(`run-workflow: give one workflow and --world DIR\n\n${USAGE}\n`);
    return 2;
  }
  const repoRoot = path.resolve(here, '../..');
  const event = values.event ?? 'workflow_dispatch';
  if (!['schedule', 'workflow_dispatch', 'push', 'pull_request'].includes(event)) {
    process.stderr.write(`run-workflow: --event: "${event}" (schedule, workflow_dispatch, push, pull_request)\n`);
    return 2;
  }
  try {
    if (values.seed) await seedOrigin(values.world, repoRoot);
    const result = await runWorkflow({
      world: values.world,
      workflow: path.isAbsolute(positionals[0]!) ? path.relative(repoRoot, positionals[0]!) : positionals[0]!,
      event: event as RunWorkflowOptions['event'],
      inputs: pairs(values.input, 'input'),
      secrets: pairs(values.secret, 'secret'),
      vars: pairs(values.var, 'var'),
      env: Object.fromEntries(Object.entries(pairs(values.env, 'env')).map(([k, v]) => [k, k === 'BRIEFING_REPLAY' ? path.resolve(v) : v])),
      substitute: pairs(values.substitute, 'substitute'),
      allowHosts: values['allow-host'],
      log: values.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`\nrun ${result.runId}: ${result.conclusion} (${result.runDir})\n`);
    for (const [id, job] of Object.entries(result.jobs)) process.stdout.write(`  ${id}: ${job.result}${Object.keys(job.outputs).length ? ` ${JSON.stringify(job.outputs)}` : ''}\n`);
    for (const a of result.annotations) process.stdout.write(`  ${a.level} (${a.job}/${a.step}): ${a.message}\n`);
    if (result.blocked.length) process.stdout.write(`  network refused:\n${result.blocked.map((b) => `    ${b}`).join('\n')}\n`);
    if (result.leaks.length) process.stdout.write(`  a secret's value turned up in: ${result.leaks.join(', ')}\n`);
    if (result.api.unsimulated.length) process.stdout.write(`  GitHub API calls not simulated: ${result.api.unsimulated.join(', ')}\n`);
    return result.conclusion === 'success' ? 0 : 1;
  } catch (error) {
    process.stderr.write(`run-workflow: ${(error as Error).message}\n`);
    return 2;
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
