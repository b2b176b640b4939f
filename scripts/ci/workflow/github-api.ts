/**
 * A small GitHub REST API on 127.0.0.1 for the local workflow runner: issues, comments, labels and the
 * workflow's run history, kept in a JSON file of the runner's world so that runs see what earlier runs
 * did (the failure issue opened after two failed runs, closed after a good one). Every job gets its own
 * token with the job's `permissions:`; a call its token does not allow answers 403 "Resource not
 * accessible by integration", as GitHub does, and a route that is not simulated answers 501 and is
 * listed in `unsimulated`, so a workflow can never pass on a call nobody checked.
 *
 * Routes are a table (`ROUTES`): a helper adding a job that needs another endpoint adds a row, or
 * registers one for a test with `api.route(…)`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Level = 'read' | 'write';
export type Permissions = Record<string, Level | 'none'>;

export interface Issue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  comments: { id: number; body: string; user: string }[];
  user: string;
  /** ISO time the issue was opened (a state file written by hand may leave it out). */
  created_at?: string;
}

export interface WorkflowRun {
  id: number;
  workflow_id: number;
  name: string;
  path: string;
  head_branch: string;
  head_sha: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  created_at: string;
}

export interface GitHubState {
  issues: Issue[];
  labels: { name: string; color: string; description: string }[];
  runs: WorkflowRun[];
}

export interface Request {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  state: GitHubState;
  /** Who calls: the job's bot identity. */
  actor: string;
}

export interface Reply {
  status?: number;
  body: unknown;
}

export interface Route {
  method: string;
  /** e.g. `/repos/{owner}/{repo}/issues/{issue_number}` */
  path: string;
  /** The token scope the call needs (`none`: any token). */
  scope: string;
  level: Level | 'none';
  handle(req: Request): Reply;
}

class ApiError extends Error {
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function issueJson(issue: Issue, base: string) {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map((name) => ({ name })),
    comments: issue.comments.length,
    user: { login: issue.user },
    created_at: issue.created_at ?? null,
    html_url: `${base}/issues/${issue.number}`,
  };
}

function findIssue(state: GitHubState, number: string): Issue {
  const issue = state.issues.find((i) => i.number === Number(number));
  if (!issue) throw new ApiError(404, `Not Found: issue ${number}`);
  return issue;
}

function text(body: Record<string, unknown>, field: string, required = true): string {
  const value = body[field];
  if (value === undefined && !required) return '';
  if (typeof value !== 'string') throw new ApiError(422, `Validation Failed: "${field}" must be a string`);
  return value;
}

/** The REST endpoints the workflows use. */
export const ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues',
    scope: 'issues',
    level: 'read',
    handle: ({ state, query, params }) => {
      const wanted = query.get('state') ?? 'open';
      const labels = (query.get('labels') ?? '').split(',').filter(Boolean);
      const base = `https://github.com/${params.owner}/${params.repo}`;
      const list = state.issues
        .filter((i) => wanted === 'all' || i.state === wanted)
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .sort((a, b) => b.number - a.number)
        .slice(0, Number(query.get('per_page') ?? 30));
      return { body: list.map((i) => issueJson(i, base)) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues',
    scope: 'issues',
    level: 'write',
    handle: ({ state, body, params, actor }) => {
      const labels = Array.isArray(body.labels) ? body.labels.map(String) : [];
      for (const name of labels) if (!state.labels.some((l) => l.name === name)) state.labels.push({ name, color: 'ededed', description: '' });
      const issue: Issue = { number: state.issues.reduce((n, i) => Math.max(n, i.number), 0) + 1, title: text(body, 'title'), body: text(body, 'body', false), state: 'open', state_reason: null, labels, comments: [], user: actor, created_at: new Date().toISOString() };
      state.issues.push(issue);
      return { status: 201, body: issueJson(issue, `https://github.com/${params.owner}/${params.repo}`) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    scope: 'issues',
    level: 'read',
    handle: ({ state, params }) => ({ body: issueJson(findIssue(state, params.issue_number!), `https://github.com/${params.owner}/${params.repo}`) }),
  },
  {
    method: 'PATCH',
    path: '/repos/{owner}/{repo}/issues/{issue_number}',
    scope: 'issues',
    level: 'write',
    handle: ({ state, params, body }) => {
      const issue = findIssue(state, params.issue_number!);
      if (body.state !== undefined) {
        if (body.state !== 'open' && body.state !== 'closed') throw new ApiError(422, `Validation Failed: state "${String(body.state)}"`);
        // GitHub's values; anything else is a 422, so a typo in a workflow cannot pass here.
        if (body.state_reason !== undefined && body.state_reason !== null && !['completed', 'not_planned', 'duplicate', 'reopened'].includes(String(body.state_reason))) throw new ApiError(422, `Validation Failed: state_reason "${String(body.state_reason)}"`);
        issue.state = body.state;
        issue.state_reason = body.state === 'closed' ? String(body.state_reason ?? 'completed') : null;
      }
      if (body.title !== undefined) issue.title = text(body, 'title');
      if (body.body !== undefined) issue.body = text(body, 'body');
      if (Array.isArray(body.labels)) issue.labels = body.labels.map(String);
      return { body: issueJson(issue, `https://github.com/${params.owner}/${params.repo}`) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    scope: 'issues',
    level: 'read',
    handle: ({ state, params }) => ({ body: findIssue(state, params.issue_number!).comments.map((c) => ({ id: c.id, body: c.body, user: { login: c.user } })) }),
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    scope: 'issues',
    level: 'write',
    handle: ({ state, params, body, actor }) => {
      const issue = findIssue(state, params.issue_number!);
      const comment = { id: state.issues.reduce((n, i) => n + i.comments.length, 0) + 1, body: text(body, 'body'), user: actor };
      issue.comments.push(comment);
      return { status: 201, body: { id: comment.id, body: comment.body } };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    scope: 'issues',
    level: 'write',
    handle: ({ state, params, body }) => {
      const issue = findIssue(state, params.issue_number!);
      const labels = Array.isArray(body.labels) ? body.labels.map(String) : [];
      for (const l of labels) if (!issue.labels.includes(l)) issue.labels.push(l);
      return { body: issue.labels.map((name) => ({ name })) };
    },
  },
  {
    method: 'DELETE',
    path: '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    scope: 'issues',
    level: 'write',
    handle: ({ state, params }) => {
      const issue = findIssue(state, params.issue_number!);
      if (!issue.labels.includes(params.name!)) throw new ApiError(404, `Label does not exist: ${params.name}`);
      issue.labels = issue.labels.filter((l) => l !== params.name);
      return { body: issue.labels.map((name) => ({ name })) };
    },
  },
  {
    method: 'POST',
    path: '/repos/{owner}/{repo}/labels',
    scope: 'issues',
    level: 'write',
    handle: ({ state, body }) => {
      const name = text(body, 'name');
      if (state.labels.some((l) => l.name === name)) throw new ApiError(422, `Validation Failed: label "${name}" already_exists`);
      const label = { name, color: text(body, 'color', false) || 'ededed', description: text(body, 'description', false) };
      state.labels.push(label);
      return { status: 201, body: label };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/runs/{run_id}',
    scope: 'actions',
    level: 'read',
    handle: ({ state, params }) => {
      const run = state.runs.find((r) => r.id === Number(params.run_id));
      if (!run) throw new ApiError(404, `Not Found: run ${params.run_id}`);
      return { body: runJson(run, params) };
    },
  },
  {
    method: 'GET',
    path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
    scope: 'actions',
    level: 'read',
    handle: ({ state, params, query }) => {
      const runs = state.runs
        .filter((r) => String(r.workflow_id) === params.workflow_id || r.path.endsWith(`/${params.workflow_id}`))
        .filter((r) => !query.get('branch') || r.head_branch === query.get('branch'))
        .filter((r) => !query.get('status') || r.status === query.get('status') || r.conclusion === query.get('status'))
        .sort((a, b) => b.id - a.id)
        .slice(0, Number(query.get('per_page') ?? 30));
      return { body: { total_count: runs.length, workflow_runs: runs.map((r) => runJson(r, params)) } };
    },
  },
];

function runJson(run: WorkflowRun, params: Record<string, string>) {
  return { ...run, html_url: `https://github.com/${params.owner}/${params.repo}/actions/runs/${run.id}` };
}

function matchPath(template: string, actual: string): Record<string, string> | null {
  const t = template.split('/');
  const a = actual.split('/');
  if (t.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const m = /^\{(\w+)\}$/.exec(t[i]!);
    if (m) params[m[1]!] = decodeURIComponent(a[i]!);
    else if (t[i] !== a[i]) return null;
  }
  return params;
}

export interface FakeGitHub {
  /** Base URL (GITHUB_API_URL). */
  url: string;
  /** A token for a job, with its permissions. */
  grant(token: string, permissions: Permissions, actor?: string): void;
  /** Adds a route (a test's own endpoint). */
  route(route: Route): void;
  state(): GitHubState;
  /** Rewrites the state file (the server also saves after every change). */
  save(): Promise<void>;
  /** Every call: "METHOD /path → status". */
  calls: string[];
  /** Calls no route answers. */
  unsimulated: string[];
  close(): Promise<void>;
}

export async function readGitHubState(file: string): Promise<GitHubState> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return { issues: [], labels: [], runs: [] };
  const state = JSON.parse(text) as Partial<GitHubState>;
  return { issues: state.issues ?? [], labels: state.labels ?? [], runs: state.runs ?? [] };
}

/** Starts the API on 127.0.0.1 with the state in `stateFile` (created when missing). */
export async function startFakeGitHub(stateFile: string, repository: string): Promise<FakeGitHub> {
  const state = await readGitHubState(stateFile);
  const routes = [...ROUTES];
  const tokens = new Map<string, { permissions: Permissions; actor: string }>();
  const calls: string[] = [];
  const unsimulated: string[] = [];
  const save = () => writeFile(stateFile, `${JSON.stringify(state, null, 1)}\n`);

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      calls.push(`${req.method} ${url.pathname}${url.search} → ${status}`);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const grant = auth ? tokens.get(auth) : undefined;
      if (!grant) return send(401, { message: 'Bad credentials' });
      let match: { route: Route; params: Record<string, string> } | undefined;
      for (const route of routes) {
        const params = route.method === req.method ? matchPath(route.path, url.pathname) : null;
        if (params) {
          match = { route, params };
          break;
        }
      }
      if (!match) {
        unsimulated.push(`${req.method} ${url.pathname}`);
        return send(501, { message: `harness: ${req.method} ${url.pathname} is not simulated (add it to ROUTES in scripts/ci/workflow/github-api.ts)` });
      }
      const { route, params } = match;
      if (params.owner !== undefined && `${params.owner}/${params.repo}` !== repository) return send(404, { message: `Not Found: this runner serves ${repository} only` });
      const granted = grant.permissions[route.scope] ?? 'none';
      const allowed = route.level === 'none' || granted === 'write' || (route.level === 'read' && granted === 'read');
      if (!allowed) return send(403, { message: `Resource not accessible by integration (needs \`${route.scope}: ${route.level}\`)` });
      const body = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const reply = route.handle({ method: req.method!, params, query: url.searchParams, body, state, actor: grant.actor });
      if (req.method !== 'GET') await save();
      return send(reply.status ?? 200, reply.body);
    } catch (error) {
      if (error instanceof ApiError) return send(error.status, { message: error.message });
      return send(500, { message: (error as Error).message });
    }
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  await save();
  return {
    url: `http://127.0.0.1:${port}`,
    grant: (token, permissions, actor = 'github-actions[bot]') => tokens.set(token, { permissions, actor }),
    route: (route) => routes.unshift(route),
    state: () => state,
    save,
    calls,
    unsimulated,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** github-script's `github.rest.<namespace>.<method>` names, as Octokit calls the routes above. */
export const OCTOKIT_METHODS: Record<string, string> = {
  'issues.listForRepo': 'GET /repos/{owner}/{repo}/issues',
  'issues.create': 'POST /repos/{owner}/{repo}/issues',
  'issues.get': 'GET /repos/{owner}/{repo}/issues/{issue_number}',
  'issues.update': 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  'issues.listComments': 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'issues.createComment': 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'issues.addLabels': 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
  'issues.removeLabel': 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
  'issues.createLabel': 'POST /repos/{owner}/{repo}/labels',
  'actions.getWorkflowRun': 'GET /repos/{owner}/{repo}/actions/runs/{run_id}',
  'actions.listWorkflowRuns': 'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs',
};
