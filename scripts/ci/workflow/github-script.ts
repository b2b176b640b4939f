/**
 * What `actions/github-script` runs, for the local workflow runner: the step's `script` as the body of
 * an async function given `github` (an Octokit-like client whose `rest.<namespace>.<method>` calls go to
 * the runner's GitHub API with the job's token), `context`, `core`, `require` and `fetch`, as the real
 * action gives them. Started by scripts/ci/run-workflow.ts as a child process with:
 *
 *   HARNESS_SCRIPT_FILE   the script
 *   HARNESS_CONTEXT       the @actions/github context as JSON
 *   HARNESS_GITHUB_TOKEN  the token (`with: github-token`, default the job's)
 *   HARNESS_RESULT_ENCODING  json (default) or string
 *   GITHUB_API_URL, GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY as for any step
 *
 * A method, a `core` function or an argument this runner does not know throws, naming it.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { OCTOKIT_METHODS } from './github-api.ts';

type Params = Record<string, unknown>;

interface OctokitResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  data: unknown;
}

/** One REST call, as Octokit makes it: path parameters filled in, the rest as query or JSON body. */
export async function restCall(apiUrl: string, token: string, route: string, params: Params = {}): Promise<OctokitResponse> {
  const [method, template] = route.split(' ') as [string, string];
  const rest: Params = { ...params };
  const urlPath = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (rest[name] === undefined) throw new Error(`github ${route}: missing parameter "${name}"`);
    const value = encodeURIComponent(String(rest[name]));
    delete rest[name];
    return value;
  });
  const url = new URL(apiUrl.replace(/\/$/, '') + urlPath);
  const init: RequestInit = { method, headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' } };
  if (method === 'GET' || method === 'DELETE') for (const [k, v] of Object.entries(rest)) url.searchParams.set(k, String(v));
  else init.body = JSON.stringify(rest);
  const res = await fetch(url, init);
  const data = (await res.json().catch(() => null)) as { message?: string } | null;
  const response = { status: res.status, url: url.toString(), headers: Object.fromEntries(res.headers), data };
  if (res.status >= 400) throw Object.assign(new Error(`${data?.message ?? res.statusText} - ${method} ${urlPath}`), { name: 'HttpError', status: res.status, response });
  return response;
}

/** `github` of github-script: `rest.<namespace>.<method>(params)`, `request(route, params)`, `paginate`. */
export function octokit(apiUrl: string, token: string): unknown {
  const namespace = (ns: string) =>
    new Proxy(
      {},
      {
        get(_t, method) {
          if (typeof method !== 'string') return undefined;
          const route = OCTOKIT_METHODS[`${ns}.${method}`];
          if (!route) throw new Error(`harness: github.rest.${ns}.${method} is not simulated (add it to OCTOKIT_METHODS and ROUTES in scripts/ci/workflow/github-api.ts)`);
          const call = (params?: Params) => restCall(apiUrl, token, route, params);
          return Object.assign(call, { endpoint: { merge: (params: Params) => ({ route, ...params }) } });
        },
      },
    );
  const rest = new Proxy({}, { get: (_t, ns) => (typeof ns === 'string' ? namespace(ns) : undefined) });
  return {
    rest,
    request: (route: string, params?: Params) => restCall(apiUrl, token, route, params),
    // One page is all the runner's small state ever holds.
    paginate: async (fn: ((p?: Params) => Promise<OctokitResponse>) | string, params?: Params) => {
      const res = typeof fn === 'string' ? await restCall(apiUrl, token, fn, params) : await fn(params);
      const data = res.data as unknown;
      if (Array.isArray(data)) return data;
      const list = Object.values(data as Record<string, unknown>).find(Array.isArray);
      return list ?? [];
    },
  };
}

function command(name: string, message: string, props: Record<string, string> = {}): void {
  const p = Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  process.stdout.write(`::${name}${p ? ` ${p}` : ''}::${message.replace(/\r?\n/g, '%0A')}\n`);
}

function fileCommand(file: string | undefined, name: string, value: string, what: string): void {
  if (!file) throw new Error(`harness: ${what} is not set`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** `core` of github-script (@actions/core): the functions workflows use; any other throws. */
export function actionsCore(env: NodeJS.ProcessEnv): unknown {
  const summaryParts: string[] = [];
  const summary = {
    addRaw(text: string, addEOL = false) {
      summaryParts.push(text + (addEOL ? '\n' : ''));
      return summary;
    },
    addHeading(text: string, level = 1) {
      summaryParts.push(`<h${level}>${text}</h${level}>\n`);
      return summary;
    },
    addEOL() {
      summaryParts.push('\n');
      return summary;
    },
    async write() {
      if (!env.GITHUB_STEP_SUMMARY) throw new Error('harness: GITHUB_STEP_SUMMARY is not set');
      appendFileSync(env.GITHUB_STEP_SUMMARY, summaryParts.splice(0).join(''));
      return summary;
    },
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const core: Record<string, unknown> = {
    getInput: (name: string) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim() ?? '',
    getBooleanInput: (name: string) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim() === 'true',
    setOutput: (name: string, value: unknown) => fileCommand(env.GITHUB_OUTPUT, name, text(value), 'GITHUB_OUTPUT'),
    exportVariable: (name: string, value: unknown) => {
      process.env[name] = text(value);
      fileCommand(env.GITHUB_ENV, name, text(value), 'GITHUB_ENV');
    },
    setSecret: (value: string) => command('add-mask', value),
    setFailed: (message: string | Error) => {
      process.exitCode = 1;
      command('error', message instanceof Error ? message.message : message);
    },
    info: (message: string) => process.stdout.write(`${message}\n`),
    debug: (message: string) => command('debug', message),
    notice: (message: string | Error) => command('notice', String(message instanceof Error ? message.message : message)),
    warning: (message: string | Error) => command('warning', String(message instanceof Error ? message.message : message)),
    error: (message: string | Error) => command('error', String(message instanceof Error ? message.message : message)),
    startGroup: (name: string) => command('group', name),
    endGroup: () => command('endgroup', ''),
    isDebug: () => false,
    summary,
  };
  return new Proxy(core, {
    get(target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      if (!(name in target)) throw new Error(`harness: core.${name} is not simulated (scripts/ci/workflow/github-script.ts)`);
      return target[name];
    },
  });
}

function unavailable(name: string): unknown {
  return new Proxy(
    {},
    {
      get(_t, prop) {
        if (prop === 'then' || typeof prop !== 'string') return undefined;
        throw new Error(`harness: github-script's \`${name}\` is not simulated (${name}.${prop})`);
      },
    },
  );
}

async function main(): Promise<void> {
  const env = process.env;
  const scriptFile = env.HARNESS_SCRIPT_FILE;
  const apiUrl = env.GITHUB_API_URL;
  const token = env.HARNESS_GITHUB_TOKEN;
  if (!scriptFile || !apiUrl || !token || !env.HARNESS_CONTEXT) throw new Error('harness: github-script needs HARNESS_SCRIPT_FILE, HARNESS_CONTEXT, HARNESS_GITHUB_TOKEN and GITHUB_API_URL');
  const script = readFileSync(scriptFile, 'utf8');
  const context = JSON.parse(env.HARNESS_CONTEXT) as unknown;
  const github = octokit(apiUrl, token);
  const core = actionsCore(env);
  const require = createRequire(path.join(env.GITHUB_WORKSPACE ?? process.cwd(), 'noop.js'));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
  const fn = new AsyncFunction('require', '__original_require__', 'github', 'octokit', 'context', 'core', 'exec', 'glob', 'io', 'fetch', script);
  const result = await fn(require, require, github, github, context, core, unavailable('exec'), unavailable('glob'), unavailable('io'), fetch);
  if (result !== undefined) {
    const encoding = env.HARNESS_RESULT_ENCODING || 'json';
    if (encoding !== 'json' && encoding !== 'string') throw new Error(`harness: result-encoding "${encoding}" (json or string)`);
    fileCommand(env.GITHUB_OUTPUT, 'result', encoding === 'json' ? JSON.stringify(result) : String(result), 'GITHUB_OUTPUT');
  }
}

if (import.meta.main) {
  main().catch((error: Error) => {
    command('error', `Unhandled error: ${error.message}`);
    process.exitCode = 1;
  });
}
