/**
 * A host that never answers must not hold the commands (issue 13 defect 10): `npm run brief` and `npm run
 * build` (whose prebuild fetches today's listing) run for real, with the project's own timeouts, against a
 * local server that takes every connection and never answers (and one that sends headers and then stalls
 * the body). Each must end after one request to that host, with one honest line; the build goes on and
 * builds the archive as it is. The tests assert what was asked and that the command ended, not how long it
 * took (here: brief 16.5 s, build 21.8 s, the build of an empty archive included; issue 13 measured 452 s and
 * 456 s before).
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as brief } from '../scripts/brief.ts';
import { projectRoot } from '../scripts/site/build.ts';
import { config } from '../src/config.ts';
import { fault, startFaultServer, type FaultServer } from './helpers/faults.ts';

let scratch: string;
let hang: FaultServer;
let stall: FaultServer;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'faults-hang-'));
  hang = await startFaultServer(() => fault.slowHeaders());
  stall = await startFaultServer(() => fault.stalledBody());
});
afterAll(async () => {
  await hang?.close();
  await stall?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnRun(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, CI: '1', ASTRO_TELEMETRY_DISABLED: '1', ...env };
  // Astro must not see the test runner (see scripts/site/build.ts).
  for (const key of ['VITEST', 'VITEST_MODE', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'TEST', 'NODE_ENV', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete childEnv[key];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The origins of every source, all pointing at `server`. */
/** The project's headers timeout as the client words it. */
const headersWait = `${Math.ceil(config.sources.http.headersTimeoutMs / 1000)} s`;

const origins = (server: FaultServer): Record<string, string> => ({ HF_BASE_URL: server.url, ARXIV_BASE_URL: server.url, GITHUB_API_URL: server.url });

describe('npm run brief against a host that never answers', () => {
  it('ends after one request with one line naming the host and what it did, writing nothing', async () => {
    const dir = path.join(scratch, 'brief');
    await mkdir(dir);
    const before = hang.count();
    const r = await spawnRun(process.execPath, [path.join(projectRoot, 'scripts/brief.ts'), '--date', '2026-05-02'], projectRoot, { ...origins(hang), BRIEFINGS_DIR: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(hang.count() - before).toBe(1);
    const host = new URL(hang.url).host;
    expect(r.stderr).toContain(`brief 2026-05-02: failed: no answer: ${host} took the connection but sent nothing for ${headersWait} (UND_ERR_HEADERS_TIMEOUT); nothing fetched, archive unchanged`);
    expect(r.stderr).toContain('requests: hf 1 ');
    expect(await readdir(dir)).toEqual([]);
  });

  it('a body that stalls after the headers: one request, then it ends', async () => {
    // The brief CLI in-process, with a config whose body timeout is short (the default is 30 s).
    const configFile = path.join(projectRoot, '.cache', `faults-hang-${randomBytes(4).toString('hex')}.config.ts`);
    await mkdir(path.dirname(configFile), { recursive: true });
    await writeFile(
      configFile,
      `import base from ${JSON.stringify(path.join(projectRoot, 'briefing.config.ts'))};\nexport default { ...base, sources: { ...base.sources, http: { bodyTimeoutMs: 500 } } };\n`,
    );
    const dir = path.join(scratch, 'brief-stall');
    await mkdir(dir);
    const lines: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof process.stderr.write;
    let code: number;
    try {
      code = await brief(['--date', '2026-05-02'], { ...origins(stall), BRIEFINGS_DIR: dir, CI: '1' }, { configFile });
    } finally {
      process.stderr.write = write;
      await rm(configFile, { force: true });
    }
    expect(code).toBe(1);
    expect(stall.count()).toBe(1);
    expect(lines.join('')).toContain('sent headers and then nothing for 1 s (UND_ERR_BODY_TIMEOUT); nothing fetched, archive unchanged');
  });
});

describe('npm run build against a host that never answers', () => {
  let project: string;
  beforeAll(async () => {
    // A copy of the project whose timezone is UTC−12, so "today" is a day whose listing day has closed, at
    // any hour the test runs (in Asia/Shanghai the prebuild waits until 08:00 and would ask nothing).
    project = path.join(projectRoot, '.cache', 'projects', `hang-${randomBytes(4).toString('hex')}`);
    await mkdir(path.join(project, 'content'), { recursive: true });
    for (const file of ['astro.config.mjs', 'package.json', 'tsconfig.json']) await cp(path.join(projectRoot, file), path.join(project, file));
    for (const dir of ['src', 'lib', 'scripts']) await cp(path.join(projectRoot, dir), path.join(project, dir), { recursive: true });
    await cp(path.join(projectRoot, 'content', 'reader.yml'), path.join(project, 'content', 'reader.yml'));
    const configText = await readFile(path.join(projectRoot, 'briefing.config.ts'), 'utf8');
    const zone = /(\n\s*timezone:\s*)'[^']*'/;
    if (!zone.test(configText)) throw new Error('briefing.config.ts: cannot find timezone to change for this test');
    await writeFile(path.join(project, 'briefing.config.ts'), configText.replace(zone, "$1'Etc/GMT+12'"));
  });
  afterAll(async () => {
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('the prebuild gives up after one request with one line, and the site is built', async () => {
    const briefings = path.join(scratch, 'build-archive');
    const dist = path.join(scratch, 'build-dist');
    await mkdir(briefings);
    const before = hang.count();
    const npm = path.join(path.dirname(process.execPath), 'npm');
    const r = await spawnRun(existsSync(npm) ? npm : 'npm', ['run', 'build'], project, { ...origins(hang), BRIEFINGS_DIR: briefings, DIST_DIR: dist });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(hang.count() - before).toBe(1);
    const briefLines = r.stderr.split('\n').filter((l) => l.startsWith('brief:'));
    expect(briefLines).toHaveLength(1);
    expect(briefLines[0]).toMatch(new RegExp(`^brief: \\d{4}-\\d{2}-\\d{2}: no answer: ${new URL(hang.url).host.replace(/\./g, '\\.')} took the connection but sent nothing for ${headersWait} \\(UND_ERR_HEADERS_TIMEOUT\\); nothing fetched, archive unchanged; the build goes on with the archive as it is$`));
    expect(existsSync(path.join(dist, 'index.html'))).toBe(true);
    expect(await readdir(briefings)).toEqual([]);
  }, 180_000);
});
