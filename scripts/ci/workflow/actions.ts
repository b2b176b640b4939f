/**
 * The `uses:` actions the local workflow runner (scripts/ci/run-workflow.ts) can stand in for, each
 * doing on this machine what the real one does on GitHub:
 *
 *   actions/checkout              clone the commit that runs from the world's origin (file://), shallow
 *                                 like the real one; push works only with `persist-credentials` and
 *                                 `contents: write`
 *   actions/setup-node            Node of this runner (the pinned node@24) first on PATH; checks the
 *                                 version file and, with `cache: npm`, the lock file
 *   actions/upload-artifact       copy a folder into the run's artifacts; download-artifact copies back
 *   actions/configure-pages       the Pages URL as outputs (needs `pages: read`)
 *   actions/upload-pages-artifact tar of the site folder as the `github-pages` artifact
 *   actions/deploy-pages          unpack it as the world's live site (needs `pages` and `id-token: write`)
 *   actions/cache (+ /restore, /save)  a folder of the world keyed by the key; saved after the job
 *   actions/github-script         scripts/ci/workflow/github-script.ts against the runner's GitHub API
 *
 * An action not in ACTIONS, or an input an action here does not know, fails the step: a workflow must
 * not pass on something nobody simulated. Adding an action is one entry.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Permissions } from './github-api.ts';

export interface ActionCall {
  /** `owner/repo[/path]` without the ref. */
  action: string;
  with: Record<string, string>;
  job: {
    id: string;
    workspace: string;
    temp: string;
    home: string;
    permissions: Permissions;
    token: string;
    /** The environment a run step of this job would get (for actions that start processes). */
    env: NodeJS.ProcessEnv;
    /** Files of this step's own GITHUB_OUTPUT etc. */
    files: { output: string; env: string; path: string; summary: string };
  };
  run: {
    world: string;
    origin: string;
    sha: string;
    branch: string;
    repository: string;
    artifacts: string;
    pagesUrl: string;
    /** The @actions/github context of the step (github-script). */
    context: Record<string, unknown>;
    /** Whether every step of the job so far succeeded (post steps run only then). */
    jobSucceeded: () => boolean;
  };
  log: (line: string) => void;
}

export interface ActionResult {
  outputs?: Record<string, string>;
  /** Directories to put first on PATH for the next steps. */
  path?: string[];
  /** Work after the job's steps (actions/cache saves there). */
  post?: () => Promise<void>;
  /** A process the action ran: its exit code decides the step. */
  exitCode?: number;
}

export type ActionImpl = (call: ActionCall) => Promise<ActionResult>;

export class ActionError extends Error {}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs a command, its output to the step's log; resolves with the exit code. */
export function runLogged(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    const take = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) options.log(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (pending) options.log(pending);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function git(cwd: string, args: string[], call: ActionCall): Promise<void> {
  const code = await runLogged('git', args, { cwd, env: call.job.env, log: call.log });
  if (code !== 0) throw new ActionError(`git ${args.join(' ')} failed (exit ${code})`);
}

function checkInputs(call: ActionCall, known: readonly string[]): void {
  const unknown = Object.keys(call.with).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new ActionError(`${call.action}: input${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not simulated by this runner (known: ${known.join(', ')})`);
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value !== 'true' && value !== 'false') throw new ActionError(`expected true or false, got "${value}"`);
  return value === 'true';
}

function need(call: ActionCall, scope: string, levels: readonly string[]): void {
  const granted = call.job.permissions[scope] ?? 'none';
  if (!levels.includes(granted)) throw new ActionError(`${call.action} needs \`permissions: ${scope}: ${levels[0]}\`; job ${call.job.id} has ${scope}: ${granted}`);
}

function resolveIn(call: ActionCall, p: string): string {
  const expanded = p.startsWith('~/') ? path.join(call.job.home, p.slice(2)) : p;
  return path.resolve(call.job.workspace, expanded);
}

function paths(value: string): string[] {
  const list = value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  for (const p of list) if (/[*?[\]!]/.test(p)) throw new ActionError(`path patterns are not simulated by this runner: "${p}"`);
  return list;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

async function filesUnder(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

const checkout: ActionImpl = async (call) => {
  checkInputs(call, ['repository', 'ref', 'path', 'fetch-depth', 'persist-credentials', 'sparse-checkout', 'sparse-checkout-cone-mode', 'clean', 'token', 'lfs', 'submodules']);
  need(call, 'contents', ['read', 'write']);
  if (call.with.repository && call.with.repository !== call.run.repository) throw new ActionError(`actions/checkout: only ${call.run.repository} is simulated, not ${call.with.repository}`);
  if (bool(call.with.lfs, false) || (call.with.submodules && call.with.submodules !== 'false')) throw new ActionError('actions/checkout: lfs and submodules are not simulated');
  const dir = resolveIn(call, call.with.path ?? '.');
  const depth = Number(call.with['fetch-depth'] ?? '1');
  if (!Number.isInteger(depth) || depth < 0) throw new ActionError(`actions/checkout: fetch-depth "${call.with['fetch-depth']}"`);
  const ref = call.with.ref || call.run.sha;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const url = `file://${call.run.origin}`;
  await git(dir, ['init', '-q'], call);
  await git(dir, ['remote', 'add', 'origin', url], call);
  await git(dir, ['fetch', '-q', '--no-tags', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', `+${ref}:refs/remotes/origin/${call.run.branch}`], call);
  const sparse = paths(call.with['sparse-checkout'] ?? '');
  if (sparse.length > 0) await git(dir, ['sparse-checkout', 'set', ...(bool(call.with['sparse-checkout-cone-mode'], true) ? [] : ['--no-cone']), ...sparse], call);
  await git(dir, ['checkout', '-q', '--force', '-B', call.run.branch, `refs/remotes/origin/${call.run.branch}`], call);
  // The job's token in the repository config is what lets a later `git push` through; without
  // persist-credentials, or with a read-only token, the push is refused as on GitHub.
  const canPush = bool(call.with['persist-credentials'], true) && call.job.permissions.contents === 'write';
  if (!canPush) await git(dir, ['config', 'remote.origin.pushurl', `file:///harness-denied/${bool(call.with['persist-credentials'], true) ? 'token-without-contents-write' : 'persist-credentials-false'}`], call);
  call.log(`checked out ${call.run.repository}@${ref.slice(0, 12)} into ${path.relative(call.job.workspace, dir) || '.'}${sparse.length ? ` (sparse: ${sparse.join(', ')})` : ''}${canPush ? '' : ' (no push)'}`);
  return {};
};

const setupNode: ActionImpl = async (call) => {
  checkInputs(call, ['node-version', 'node-version-file', 'cache', 'cache-dependency-path', 'check-latest']);
  const major = process.versions.node.split('.')[0]!;
  let wanted = call.with['node-version'];
  if (call.with['node-version-file']) {
    const file = resolveIn(call, call.with['node-version-file']);
    wanted = (await readFile(file, 'utf8').catch(() => {
      throw new ActionError(`actions/setup-node: node-version-file ${call.with['node-version-file']} not found`);
    })).trim();
  }
  if (wanted && wanted.replace(/^v/, '').split('.')[0] !== major) throw new ActionError(`actions/setup-node: the workflow asks for Node ${wanted}; this runner has ${process.version} (run it with the project's node@24: npm run workflow)`);
  if (call.with.cache) {
    if (call.with.cache !== 'npm') throw new ActionError(`actions/setup-node: cache "${call.with.cache}" not simulated (npm only)`);
    const lock = resolveIn(call, call.with['cache-dependency-path'] || 'package-lock.json');
    if (!(await exists(lock))) throw new ActionError(`actions/setup-node: Dependencies lock file is not found in ${call.job.workspace}. Supported file patterns: package-lock.json`);
  }
  return { outputs: { 'node-version': process.version }, path: [path.dirname(process.execPath)] };
};

const uploadArtifact: ActionImpl = async (call) => {
  checkInputs(call, ['name', 'path', 'if-no-files-found', 'retention-days', 'compression-level', 'overwrite', 'include-hidden-files']);
  const name = call.with.name || 'artifact';
  const dest = path.join(call.run.artifacts, name);
  if ((await exists(dest)) && !bool(call.with.overwrite, false)) throw new ActionError(`actions/upload-artifact: an artifact named "${name}" already exists in this run`);
  const sources = paths(call.with.path ?? '');
  if (sources.length !== 1) throw new ActionError('actions/upload-artifact: this runner takes one path (a folder or a file)');
  const source = resolveIn(call, sources[0]!);
  const info = await stat(source).catch(() => null);
  const count = info?.isDirectory() ? await filesUnder(source) : info ? 1 : 0;
  const missing = call.with['if-no-files-found'] ?? 'warn';
  if (count === 0) {
    if (missing === 'error') throw new ActionError(`actions/upload-artifact: No files were found with the provided path: ${sources[0]}. No artifacts will be uploaded.`);
    call.log(`::${missing === 'warn' ? 'warning' : 'debug'}::No files were found with the provided path: ${sources[0]}`);
    return {};
  }
  await rm(dest, { recursive: true, force: true });
  await cp(source, info!.isDirectory() ? dest : path.join(dest, path.basename(source)), { recursive: true });
  call.log(`uploaded artifact ${name}: ${count} file${count === 1 ? '' : 's'}`);
  return { outputs: { 'artifact-id': createHash('sha1').update(dest).digest('hex').slice(0, 8) } };
};

const downloadArtifact: ActionImpl = async (call) => {
  checkInputs(call, ['name', 'path', 'github-token', 'run-id', 'repository', 'pattern', 'merge-multiple']);
  if (!call.with.name) throw new ActionError('actions/download-artifact: this runner needs `name`');
  const source = path.join(call.run.artifacts, call.with.name);
  if (!(await exists(source))) throw new ActionError(`actions/download-artifact: Artifact not found for name: ${call.with.name}`);
  const dest = resolveIn(call, call.with.path || '.');
  await mkdir(dest, { recursive: true });
  await cp(source, dest, { recursive: true });
  return { outputs: { 'download-path': dest } };
};

const configurePages: ActionImpl = async (call) => {
  checkInputs(call, ['token', 'enablement', 'static_site_generator', 'generator_config_file']);
  need(call, 'pages', ['read', 'write']);
  const url = new URL(call.run.pagesUrl);
  const basePath = url.pathname.replace(/\/$/, '');
  return { outputs: { base_url: `${url.origin}${basePath}`, origin: url.origin, host: url.host, base_path: basePath } };
};

const uploadPagesArtifact: ActionImpl = async (call) => {
  checkInputs(call, ['path', 'name', 'retention-days']);
  const source = resolveIn(call, call.with.path || '_site/');
  if (!(await stat(source).catch(() => null))?.isDirectory()) throw new ActionError(`actions/upload-pages-artifact: ${call.with.path} is not a folder`);
  const name = call.with.name || 'github-pages';
  const dest = path.join(call.run.artifacts, name);
  await mkdir(dest, { recursive: true });
  // The same tar the real action makes (links resolved, .git and .github left out).
  const code = await runLogged('tar', ['--dereference', '--hard-dereference', '--directory', source, '-cf', path.join(dest, 'artifact.tar'), '--exclude=.git', '--exclude=.github', '.'], { cwd: call.job.workspace, env: call.job.env, log: call.log });
  if (code !== 0) throw new ActionError(`actions/upload-pages-artifact: tar failed (exit ${code})`);
  return { outputs: { artifact_id: name } };
};

const deployPages: ActionImpl = async (call) => {
  checkInputs(call, ['token', 'timeout', 'error_count', 'reporting_interval', 'artifact_name', 'preview']);
  need(call, 'pages', ['write']);
  need(call, 'id-token', ['write']);
  const name = call.with.artifact_name || 'github-pages';
  const tar = path.join(call.run.artifacts, name, 'artifact.tar');
  if (!(await exists(tar))) throw new ActionError(`actions/deploy-pages: no "${name}" artifact in this run (upload it with actions/upload-pages-artifact)`);
  const site = path.join(call.run.world, 'pages');
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  const code = await runLogged('tar', ['-xf', tar, '-C', site], { cwd: call.job.workspace, env: call.job.env, log: call.log });
  if (code !== 0) throw new ActionError(`actions/deploy-pages: tar failed (exit ${code})`);
  const url = `${call.run.pagesUrl.replace(/\/$/, '')}/`;
  call.log(`deployed ${await filesUnder(site)} files to ${url} (${site})`);
  return { outputs: { page_url: url } };
};

function cacheDir(call: ActionCall, key: string): string {
  return path.join(call.run.world, 'cache', createHash('sha256').update(key).digest('hex').slice(0, 16));
}

async function restoreCache(call: ActionCall): Promise<{ hit: boolean; matched: string | null }> {
  const key = call.with.key;
  if (!key) throw new ActionError(`${call.action}: \`key\` is required`);
  const targets = paths(call.with.path ?? '');
  if (targets.length === 0) throw new ActionError(`${call.action}: \`path\` is required`);
  const root = path.join(call.run.world, 'cache');
  const entries = await readdir(root).catch(() => [] as string[]);
  const saved: { key: string; dir: string; at: number }[] = [];
  for (const e of entries) {
    const meta = await readFile(path.join(root, e, 'key.json'), 'utf8').catch(() => null);
    if (meta) saved.push({ ...(JSON.parse(meta) as { key: string; at: number }), dir: path.join(root, e) });
  }
  const restoreKeys = (call.with['restore-keys'] ?? '').split('\n').map((k) => k.trim()).filter(Boolean);
  const exact = saved.find((s) => s.key === key);
  const partial = exact ?? restoreKeys.map((prefix) => saved.filter((s) => s.key.startsWith(prefix)).sort((a, b) => b.at - a.at)[0]).find(Boolean);
  if (!partial) {
    call.log(`Cache not found for input keys: ${[key, ...restoreKeys].join(', ')}`);
    return { hit: false, matched: null };
  }
  for (const [i, target] of targets.entries()) {
    const from = path.join(partial.dir, String(i));
    if (await exists(from)) await cp(from, resolveIn(call, target), { recursive: true });
  }
  call.log(`Cache restored from key: ${partial.key}`);
  return { hit: partial === exact, matched: partial.key };
}

async function saveCache(call: ActionCall): Promise<void> {
  const key = call.with.key!;
  const dir = cacheDir(call, key);
  if (await exists(dir)) {
    call.log(`Cache ${key} exists already; not saved (caches are immutable)`);
    return;
  }
  for (const [i, target] of paths(call.with.path ?? '').entries()) {
    const from = resolveIn(call, target);
    if (await exists(from)) await cp(from, path.join(dir, String(i)), { recursive: true });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'key.json'), JSON.stringify({ key, at: Date.now() }));
  call.log(`Cache saved with key: ${key}`);
}

const CACHE_INPUTS = ['key', 'path', 'restore-keys', 'enableCrossOsArchive', 'fail-on-cache-miss', 'lookup-only', 'upload-chunk-size', 'save-always'];

const cache: ActionImpl = async (call) => {
  checkInputs(call, CACHE_INPUTS);
  const { hit, matched } = await restoreCache(call);
  if (!matched && bool(call.with['fail-on-cache-miss'], false)) throw new ActionError(`Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: ${call.with.key}`);
  return {
    outputs: { 'cache-hit': String(hit) },
    // The real action's post step saves on success, unless the exact key was restored.
    post: hit ? undefined : async () => (call.run.jobSucceeded() ? saveCache(call) : call.log('Not saving cache: the job failed')),
  };
};

const cacheRestore: ActionImpl = async (call) => {
  checkInputs(call, CACHE_INPUTS);
  const { hit, matched } = await restoreCache(call);
  return { outputs: { 'cache-hit': String(hit), 'cache-primary-key': call.with.key!, 'cache-matched-key': matched ?? '' } };
};

const cacheSave: ActionImpl = async (call) => {
  checkInputs(call, ['key', 'path', 'upload-chunk-size', 'enableCrossOsArchive']);
  await saveCache(call);
  return {};
};

const githubScript: ActionImpl = async (call) => {
  checkInputs(call, ['script', 'github-token', 'result-encoding', 'retries', 'retry-exempt-status-codes', 'debug', 'user-agent', 'previews']);
  if (!call.with.script) throw new ActionError('actions/github-script: `script` is required');
  const scriptFile = path.join(call.job.temp, `github-script-${Date.now()}.js`);
  await writeFile(scriptFile, call.with.script);
  const env: NodeJS.ProcessEnv = {
    ...call.job.env,
    HARNESS_SCRIPT_FILE: scriptFile,
    HARNESS_CONTEXT: JSON.stringify(call.run.context),
    HARNESS_GITHUB_TOKEN: call.with['github-token'] || call.job.token,
    HARNESS_RESULT_ENCODING: call.with['result-encoding'] ?? 'json',
  };
  const exitCode = await runLogged(process.execPath, [path.join(here, 'github-script.ts')], { cwd: call.job.workspace, env, log: call.log });
  await rm(scriptFile, { force: true });
  return { exitCode };
};

/** Actions by `owner/repo[/path]` (any ref: the workflow's pins are checked by the linter). */
export const ACTIONS: Record<string, ActionImpl> = {
  'actions/checkout': checkout,
  'actions/setup-node': setupNode,
  'actions/upload-artifact': uploadArtifact,
  'actions/download-artifact': downloadArtifact,
  'actions/configure-pages': configurePages,
  'actions/upload-pages-artifact': uploadPagesArtifact,
  'actions/deploy-pages': deployPages,
  'actions/cache': cache,
  'actions/cache/restore': cacheRestore,
  'actions/cache/save': cacheSave,
  'actions/github-script': githubScript,
};
