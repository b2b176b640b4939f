/**
 * SIGKILL at several points of `npm run daily` (the brief before it renames the briefing into place,
 * the run before it appends the run record, before it builds, while it writes the patch), then the next
 * run: no temp file of an atomic write ever reaches a patch, the next run removes the ones whose writer
 * is gone, and it ends cleanly with a valid briefing and run log. The fault suite grows from here: a
 * kill point is one line in POINTS.
 *
 * The runs are real (`scripts/daily.ts` and the brief CLI replaying a generated listing) in throw-away
 * git repositories; the kill comes from tests/helpers/killAt.mjs, loaded into every Node process of the
 * run, so it lands at an exact point instead of after a guessed delay. One run is live: the sources ask a
 * local fault server (HF_BASE_URL, ARXIV_BASE_URL, GITHUB_API_URL), and the kill lands while the day's raw
 * snapshot is being written.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBriefingFile } from '../scripts/mdx/write.ts';
import { parseRunLog } from '../src/schema/run.ts';
import { config } from '../src/config.ts';
import { fault, startFaultServer } from './helpers/faults.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const killAt = path.join(repoRoot, 'tests/helpers/killAt.mjs');
const DATE = '2026-05-02';
/** A pid above Linux's pid_max (2^22): never a live process. */
const DEAD_PID = 4_194_305;

let scratch: string;
let replay: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'faults-kill-'));
  replay = path.join(scratch, 'replay');
  await mkdir(path.join(scratch, 'tmp'));
  await mkdir(path.join(replay, 'hf'), { recursive: true });
  const items = Array.from({ length: 8 }, (_, i) => ({
    paper: { id: `2605.2${String(i).padStart(4, '0')}`, title: `Tool-use agent paper ${i}`, summary: `We propose an agent that learns tool use with reinforcement learning, variant ${i}.`, authors: [{ name: 'Grace Hopper' }], publishedAt: '2026-04-30T00:00:00.000Z', upvotes: 30 - i },
    title: `Tool-use agent paper ${i}`,
    numComments: 0,
  }));
  await writeFile(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(items));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });

/**
 * A repository with an empty archive, and the script that runs `npm run daily` in it. The brief step runs
 * with a config whose raw snapshot and cache folders are this repository's (the brief CLI resolves them
 * against the project it lives in), so a live run keeps its snapshot where the run looks for changes.
 */
async function makeRepo(name: string): Promise<string> {
  const dir = path.join(scratch, name);
  await mkdir(path.join(dir, 'content/briefings'), { recursive: true });
  await writeFile(path.join(dir, 'content/briefings/.gitkeep'), '');
  await writeFile(
    path.join(dir, 'briefing.config.ts'),
    `import base from ${JSON.stringify(path.join(repoRoot, 'briefing.config.ts'))};
export default { ...base, archive: { ...base.archive, rawDir: ${JSON.stringify(path.join(dir, 'content/raw'))}, cacheDir: ${JSON.stringify(path.join(dir, '.cache'))} } };
`,
  );
  await writeFile(
    path.join(dir, 'run-brief.ts'),
    `import { main } from ${JSON.stringify(path.join(repoRoot, 'scripts/brief.ts'))};
process.exitCode = await main(process.argv.slice(2), process.env, { configFile: ${JSON.stringify(path.join(dir, 'briefing.config.ts'))} });
`,
  );
  await writeFile(
    path.join(dir, 'run-daily.ts'),
    `import { main } from ${JSON.stringify(path.join(repoRoot, 'scripts/daily.ts'))};
process.exitCode = await main(process.argv.slice(2), process.env, {
  root: process.cwd(),
  now: () => new Date('${DATE}T00:30:00Z'),
  briefScript: ${JSON.stringify(path.join(dir, 'run-brief.ts'))},
  buildCommand: [process.execPath, ${JSON.stringify(path.join(dir, 'fake-build.mjs'))}],
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
});
`,
  );
  // The build's stand-in writes a page atomically, as astro's output would appear.
  await writeFile(path.join(dir, 'fake-build.mjs'), `import fs from 'node:fs';\nfs.mkdirSync('dist', { recursive: true });\nfs.writeFileSync('dist/index.html', '<h1>ok</h1>');\n`);
  await writeFile(path.join(dir, '.gitignore'), 'dist/\n.cache/\nrun-daily.ts\nrun-brief.ts\nbriefing.config.ts\nfake-build.mjs\n*.patch\nkill-mark.txt\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

interface DailyRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** `live`: the API origins of a live run (no --replay), e.g. a local fault server's. */
function runDaily(dir: string, args: string[], kill?: string, live?: Record<string, string>): Promise<DailyRun> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...live,
    BRIEFINGS_DIR: path.join(dir, 'content/briefings'),
    BRIEFING_WRITER: 'extractive',
    // A killed run leaves its scratch files (the patch's temporary index) here, not in the system's /tmp.
    TMPDIR: path.join(scratch, 'tmp'),
    ...(kill ? { NODE_OPTIONS: `--import ${killAt}`, KILL_AT: kill, KILL_MARK: path.join(dir, 'kill-mark.txt') } : {}),
  };
  if (!kill) delete env.KILL_AT;
  return new Promise((resolve, reject) => {
    const source = live ? [] : ['--replay', replay];
    const child = spawn(process.execPath, [path.join(dir, 'run-daily.ts'), '--date', DATE, ...source, ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });
}

/** Every file under content/ whose name is a temp file of an atomic write. */
async function tempFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, 'content'), { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /^\..+\.tmp$/.test(e.name)).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

/** The paths a patch adds, changes or deletes. */
function patchedFiles(patch: string): string[] {
  return [...patch.matchAll(/^diff --git a\/(\S+) b\//gm)].map((m) => m[1]!).sort();
}

interface KillPoint {
  name: string;
  kill: string;
  /** Which process dies: the brief (daily goes on and records a failure) or daily itself. */
  dies: 'brief' | 'daily';
  /** Whether the kill leaves a temp file under content/. */
  leavesTemp: boolean;
  args?: string[];
}

const POINTS: KillPoint[] = [
  { name: 'the brief, before it renames the briefing into place', kill: String.raw`rename:\.mdx$`, dies: 'brief', leavesTemp: true },
  { name: 'the run, before it appends the run record', kill: String.raw`append:runs\.jsonl$`, dies: 'daily', leavesTemp: false },
  { name: 'the run, before it builds the site', kill: 'spawn:fake-build', dies: 'daily', leavesTemp: false, args: [] },
  { name: 'the run, while it writes the patch', kill: String.raw`writeFile:first\.patch$`, dies: 'daily', leavesTemp: false },
];

describe('SIGKILL during npm run daily, then the next run', () => {
  it.each(POINTS)('killed: $name', async (point) => {
    const dir = await makeRepo(point.name.replace(/\W+/g, '-'));
    const args = point.args ?? ['--no-build'];
    const first = await runDaily(dir, [...args, '--patch', path.join(dir, 'first.patch')], point.kill);
    // The point was reached, and the process that died is the one meant.
    const mark = await readFile(path.join(dir, 'kill-mark.txt'), 'utf8');
    expect(mark.trim().split('\n'), first.output).toHaveLength(1);
    if (point.dies === 'daily') expect(first.signal).toBe('SIGKILL');
    else {
      expect(first.code, first.output).toBe(1);
      expect(first.output).toMatch(new RegExp(`recorded ${DATE}: failed \\(the brief step stopped \\(exit 137\\)`));
      // The run that saw its brief killed hands over a patch without the brief's temp file.
      const patch = await readFile(path.join(dir, 'first.patch'), 'utf8');
      expect(patchedFiles(patch)).toEqual(['content/runs.jsonl']);
    }
    const left = await tempFiles(dir);
    if (point.leavesTemp) expect(left).toEqual([expect.stringMatching(new RegExp(`^content/briefings/\\.${DATE}\\.mdx\\.\\d+\\.[0-9a-f]{8}\\.tmp$`))]);
    else expect(left).toEqual([]);

    // The next run recovers: it removes what the killed writer left, and its patch is clean.
    const second = await runDaily(dir, ['--no-build', '--patch', path.join(dir, 'second.patch')]);
    expect(second.code, second.output).toBe(0);
    if (point.leavesTemp) expect(second.output).toMatch(/removed 1 temp file left by a run that was stopped: content\/briefings\/\.2026-05-02\.mdx\./);
    expect(await tempFiles(dir)).toEqual([]);
    const files = patchedFiles(await readFile(path.join(dir, 'second.patch'), 'utf8'));
    expect(files).toEqual([`content/briefings/${DATE}.mdx`, 'content/runs.jsonl']);
    const { frontmatter } = await readBriefingFile(path.join(dir, `content/briefings/${DATE}.mdx`), config);
    expect(frontmatter.papers).toHaveLength(8);
    const records = parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'));
    expect(records.at(-1)).toMatchObject({ date: DATE, outcome: expect.stringMatching(/^(published|skipped)$/) });
    expect(records.some((r) => r.outcome === 'published') || records.at(-1)!.outcome === 'skipped').toBe(true);

    // The commit job's view: the patch applies to a clean clone and brings no temp file.
    const clone = path.join(scratch, `${path.basename(dir)}-clone`);
    git(scratch, 'clone', '-q', dir, clone);
    git(clone, 'apply', '--index', '--3way', path.join(dir, 'second.patch'));
    expect(git(clone, 'diff', '--cached', '--name-only').trim().split('\n').sort()).toEqual(files);
  });

  it('killed: a live run (HF_BASE_URL at a local server) while it writes a raw snapshot; nothing half-written is handed over, the next run recovers', async () => {
    const items = JSON.parse(await readFile(path.join(replay, 'hf/2026-05-01.json'), 'utf8')) as Array<{ paper: { id: string; title: string } }>;
    // Two hosts, as in production: arXiv's one-request-every-3-s policy must not slow Hugging Face down.
    const server = await startFaultServer((req) => {
      if (/^\/api\/(models|datasets)/.test(req.url.pathname)) return fault.json([]);
      return req.url.searchParams.get('date') === '2026-05-01' ? fault.json(items) : fault.emptyListing();
    });
    const arxiv = await startFaultServer((req) =>
      req.url.pathname === '/api/query'
        ? fault.atom((req.url.searchParams.get('id_list') ?? '').split(',').filter(Boolean).map((id) => ({ id, title: `arXiv: ${id}`, abstract: 'We propose an agent that learns tool use with reinforcement learning.' })))
        : fault.notFound(),
    );
    const live = { HF_BASE_URL: server.url, ARXIV_BASE_URL: arxiv.url, GITHUB_API_URL: arxiv.url };
    try {
      const dir = await makeRepo('live-snapshot');
      // The snapshot is flushed file by file (sorted): the kill lands on the HF listing, after arXiv and trending were written.
      const first = await runDaily(dir, ['--no-build', '--patch', path.join(dir, 'first.patch')], String.raw`rename:/hf/2026-05-01\.json\.gz$`, live);
      expect((await readFile(path.join(dir, 'kill-mark.txt'), 'utf8')).trim().split('\n'), first.output).toHaveLength(1);
      expect(first.code, first.output).toBe(1);
      expect(server.count(/^\/api\/daily_papers/)).toBeGreaterThan(0);
      expect(await tempFiles(dir)).toEqual([expect.stringMatching(new RegExp(`^content/raw/${DATE}/hf/\\.2026-05-01\\.json\\.gz\\.\\d+\\.[0-9a-f]{8}\\.tmp$`))]);
      const firstPatch = patchedFiles(await readFile(path.join(dir, 'first.patch'), 'utf8'));
      expect(firstPatch).toContain('content/runs.jsonl');
      expect(firstPatch.filter((f) => /\.tmp$/.test(f) || /\/\./.test(f))).toEqual([]);

      const second = await runDaily(dir, ['--no-build', '--patch', path.join(dir, 'second.patch')], undefined, live);
      expect(second.code, second.output).toBe(0);
      expect(second.output).toMatch(new RegExp(`removed 1 temp file left by a run that was stopped: content/raw/${DATE}/hf/\\.2026-05-01\\.json\\.gz\\.`));
      expect(await tempFiles(dir)).toEqual([]);
      const files = patchedFiles(await readFile(path.join(dir, 'second.patch'), 'utf8'));
      expect(files).toEqual(expect.arrayContaining([`content/briefings/${DATE}.mdx`, 'content/runs.jsonl', `content/raw/${DATE}/hf/2026-05-01.json.gz`, `content/raw/${DATE}/manifest.json`]));
      expect(files.filter((f) => /\.tmp$/.test(f) || /\/\./.test(f))).toEqual([]);
      const { frontmatter } = await readBriefingFile(path.join(dir, `content/briefings/${DATE}.mdx`), config);
      expect(frontmatter.papers).toHaveLength(8);
      // The snapshot replays: the kept listing is whole.
      const manifest = JSON.parse(await readFile(path.join(dir, `content/raw/${DATE}/manifest.json`), 'utf8')) as { files: Record<string, unknown> };
      expect(Object.keys(manifest.files)).toContain('hf/2026-05-01.json');
    } finally {
      await server.close();
      await arxiv.close();
    }
  });

  it('removes temp files whose writer is gone, keeps those of a live writer, and hands over neither', async () => {
    const dir = await makeRepo('stale-and-live');
    // What a killed live run leaves in a raw snapshot folder, and a write still in progress.
    const raw = path.join(dir, 'content/raw/2026-05-01');
    await mkdir(raw, { recursive: true });
    const stale = path.join(raw, `.hf-2026-05-01-p0.json.gz.${DEAD_PID}.0badf00d.tmp`);
    const live = path.join(raw, `.manifest.json.${process.pid}.12345678.tmp`);
    await writeFile(stale, 'half a gzip');
    await writeFile(live, '{"being":"written"}');
    const run = await runDaily(dir, ['--no-build', '--patch', path.join(dir, 'run.patch')]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`removed 1 temp file left by a run that was stopped: content/raw/2026-05-01/.hf-2026-05-01-p0.json.gz.${DEAD_PID}.0badf00d.tmp`);
    expect(await tempFiles(dir)).toEqual([path.relative(dir, live)]);
    expect(patchedFiles(await readFile(path.join(dir, 'run.patch'), 'utf8'))).toEqual([`content/briefings/${DATE}.mdx`, 'content/runs.jsonl']);
  });
});
