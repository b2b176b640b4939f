/**
 * `npm run daily`: brief → record → build → hand over, in a throw-away git repository. The brief step is
 * a stand-in script that writes what the real CLI writes (a briefing through the real MDX writer and a
 * `--report` file), so these tests cover the orchestration: the run log, the patch the commit job
 * applies, the commit message, the job summary, the step outputs and the exit codes.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, parseDailyArgs } from '../scripts/daily.ts';
import { commitMessage, jobSummary, redactSecrets, triggerFromEnv, runUrlFromEnv } from '../scripts/publish/daily-run.ts';
import { addDays } from '../lib/dates.ts';
import { completion, kindOf, startMockOpenAI, validDayNote, validPaperNote } from '../scripts/testing/openaiServer.ts';
import { appendRunRecords } from '../scripts/publish/io.ts';
import { formatRunRecord, parseRunLog, parseRunRecord } from '../src/schema/run.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
// A fake key, assembled at run time so no key-shaped literal is ever committed (secret scanners would flag it).
const SECRET = ['sk', 'test', '0123456789abcdefghijklmnop'].join('-');

/** The stand-in for scripts/brief.ts: behaviour chosen by FAKE_BRIEF (published | failed | crash | nothing-new). */
const fakeBrief = `
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { writeBriefingFile } from ${JSON.stringify(path.join(repoRoot, 'scripts/mdx/write.ts'))};
import { loadConfig } from ${JSON.stringify(path.join(repoRoot, 'lib/config.ts'))};
const { values } = parseArgs({ args: process.argv.slice(2), options: { date: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, replay: { type: 'string' }, report: { type: 'string' } } });
const mode = process.env.FAKE_BRIEF;
const date = values.date ?? values.from;
const sources = [
  { name: 'Hugging Face Daily Papers', status: 'ok', note: '', requests: 1 },
  { name: 'arXiv API', status: mode === 'failed' ? 'failed' : 'ok', note: mode === 'failed' ? 'HTTP 503 (key ' + process.env.OPENAI_API_KEY + ')' : '', requests: 4 },
];
const stats = { hf: { requests: 1, retries: 0, failures: 0, notModified: 0, rateLimited: 0, bytes: 2048 }, arxiv: { requests: 4, retries: 3, failures: mode === 'failed' ? 1 : 0, notModified: 0, rateLimited: 0, bytes: 0 } };
if (mode === 'crash') { console.error('brief: TypeError: boom at collect'); process.exit(1); }
if (process.env.FAKE_BRIEF_ENV) await writeFile(process.env.FAKE_BRIEF_ENV, JSON.stringify(Object.keys(process.env).filter((k) => /^(OPENAI_API_KEY|GITHUB_TOKEN)$/.test(k))));
if (mode === 'echo') {
  // A server that echoes the key back, printed as it came: on stderr in pieces, and on stdout.
  const key = process.env.OPENAI_API_KEY;
  process.stderr.write('openai: 401 Incorrect API key provided: ' + key.slice(0, 5));
  await new Promise((r) => setTimeout(r, 20));
  process.stderr.write(key.slice(5) + '. You can find your API key at https://platform.openai.com\\n');
  process.stdout.write('progress: key=' + key + '\\n');
}
if (mode === 'leak-raw') {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  mkdirSync('content/raw/' + date, { recursive: true });
  writeFileSync('content/raw/' + date + '/hf-listing.json.gz', gzipSync('{"echo":"Bearer ' + process.env.OPENAI_API_KEY + '"}'));
}
let day;
if (mode === 'published' || mode === 'echo' || mode === 'leak-raw') {
  const papers = [0, 1, 2].map((i) => ({ id: '2606.1000' + i, title: 'Paper ' + i, category: ['llm-agent'], date, featured: i < 2, summarizer: 'extractive' }));
  const out = await writeBriefingFile({ frontmatter: { date, title: 'Briefing ' + date, summary: 'one line', language: 'en', window: { from: date, to: date }, sources, papers, generator: { version: '0.1.0', writer: 'extractive' } }, body: { overview: 'Hello' } }, { config: await loadConfig({}), dir: path.resolve('content/briefings'), force: Boolean(values.force) });
  day = { date, outcome: 'published', reason: 'wrote content/briefings/' + date + '.mdx', path: out.path, papers: 3, featured: 2, sources, stats, usage: { calls: 0, inputTokens: 0, outputTokens: 0, cached: 0, fallbacks: 0 }, writer: 'extractive', durationMs: 1234, window: { from: date, to: date, days: [date], widened: false, note: '' } };
} else if (mode === 'failed') {
  day = { date, outcome: 'failed', reason: 'arXiv API: HTTP 503 after 4 attempts; Authorization: Bearer ' + process.env.OPENAI_API_KEY, sources, stats, durationMs: 10 };
} else {
  day = { date, outcome: 'nothing-new', reason: 'no papers listed on ' + date, sources: sources.slice(0, 1), stats, durationMs: 5 };
}
await writeFile(values.report, JSON.stringify({ version: 1, startedAt: '2026-06-15T00:30:00.000Z', finishedAt: '2026-06-15T00:31:00.000Z', days: [day] }));
process.exit(day.outcome === 'failed' ? 1 : 0);
`;

let dir: string;
let out: string[];
let err: string[];

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'daily-test-'));
  git('init', '-q', '-b', 'main');
  await mkdir(path.join(dir, 'content/briefings'), { recursive: true });
  await writeFile(path.join(dir, 'content/briefings/.gitkeep'), '');
  await writeFile(path.join(dir, 'README.md'), 'archive\n');
  await writeFile(path.join(dir, 'fake-brief.ts'), fakeBrief);
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  out = [];
  err = [];
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function daily(argv: string[], env: Record<string, string | undefined>, build: [string, ...string[]] = [process.execPath, '-e', '']) {
  const ghOutput = path.join(dir, '..', `${path.basename(dir)}-output.txt`);
  const summary = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
  await writeFile(ghOutput, '');
  const code = await main(argv, { GITHUB_OUTPUT: ghOutput, ...env }, {
    root: dir,
    briefScript: path.join(dir, 'fake-brief.ts'),
    buildCommand: build,
    now: () => new Date('2026-06-15T00:30:00Z'),
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  const outputs = Object.fromEntries(
    (await readFile(ghOutput, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const summaryText = await readFile(summary, 'utf8').catch(() => '');
  await rm(ghOutput, { force: true });
  await rm(summary, { force: true });
  return { code, outputs, summary: summaryText, summaryPath: summary };
}

describe('npm run daily', () => {
  it('records a published day, and hands the commit job a patch and a message that reproduce it', async () => {
    const patch = path.join(dir, '..', `${path.basename(dir)}.patch`);
    const message = path.join(dir, '..', `${path.basename(dir)}-msg.txt`);
    const summaryFile = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
    const r = await daily(['--date', '2026-06-15', '--no-build', '--patch', patch, '--message', message, '--summary', summaryFile], { FAKE_BRIEF: 'published', GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'schedule', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '99' });
    expect(r.code).toBe(0);
    expect(r.outputs).toEqual({ outcome: 'published', reason: 'wrote content/briefings/2026-06-15.mdx', changed: 'true', built: 'false', papers: '3' });

    const [record] = parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'));
    expect(record).toMatchObject({
      date: '2026-06-15',
      trigger: 'schedule',
      outcome: 'published',
      briefing: 'content/briefings/2026-06-15.mdx',
      papers: 3,
      featured: 2,
      writer: 'extractive',
      requests: 5,
      runUrl: 'https://github.com/o/r/actions/runs/99',
      window: { from: '2026-06-15', to: '2026-06-15', widened: false },
    });
    expect(r.summary).toMatch(/## Daily briefing 2026-06-15: published/);
    expect(r.summary).toMatch(/\| 2026-06-15 \| ✅ published \| 3 \| 2 \| extractive \|/);
    expect(r.summary).toMatch(/\| 2026-06-15 \| arxiv \| 4 \| 3 \| 0 \| 0 \| 0 \|/);
    expect(r.summary).toContain('- `content/briefings/2026-06-15.mdx` (new)');

    const msg = await readFile(message, 'utf8');
    expect(msg.split('\n')[0]).toBe('Briefing 2026-06-15: 3 papers (extractive)');
    expect(msg).toContain('Run: https://github.com/o/r/actions/runs/99');

    // The commit job: a clean checkout of the same commit, `git apply --index --3way`, then commit.
    const clone = `${dir}-clone`;
    execFileSync('git', ['clone', '-q', dir, clone]);
    try {
      execFileSync('git', ['apply', '--index', '--3way', patch], { cwd: clone });
      const staged = execFileSync('git', ['diff', '--cached', '--name-status'], { cwd: clone, encoding: 'utf8' });
      expect(staged.trim().split('\n').sort()).toEqual(['A\tcontent/briefings/2026-06-15.mdx', 'A\tcontent/runs.jsonl']);
      expect(await readFile(path.join(clone, 'content/runs.jsonl'), 'utf8')).toBe(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'));
      expect(await readFile(path.join(clone, 'content/briefings/2026-06-15.mdx'), 'utf8')).toBe(await readFile(path.join(dir, 'content/briefings/2026-06-15.mdx'), 'utf8'));
    } finally {
      await rm(clone, { recursive: true, force: true });
      await rm(patch, { force: true });
      await rm(message, { force: true });
    }
    // The run touched neither the real index nor HEAD.
    expect(git('diff', '--cached', '--name-only').trim()).toBe('');
    expect(git('log', '--oneline').trim().split('\n')).toHaveLength(1);
  });

  it('records a failed day with the source that was down, without the secret, and exits 1', async () => {
    const r = await daily(['--date', '2026-06-15', '--no-build'], { FAKE_BRIEF: 'failed', OPENAI_API_KEY: SECRET });
    expect(r.code).toBe(1);
    expect(r.outputs.outcome).toBe('failed');
    expect(r.outputs.reason).toMatch(/^arXiv API: HTTP 503 after 4 attempts; Authorization: Bearer \*\*\*$/);
    const log = await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8');
    expect(log).not.toContain(SECRET);
    const [record] = parseRunLog(log);
    expect(record).toMatchObject({ outcome: 'failed', trigger: 'local', briefing: null, requests: 5 });
    expect(record!.sources.find((s) => s.name === 'arXiv API')).toMatchObject({ status: 'failed', note: 'HTTP 503 (key ***)' });
    const printed = out.join('') + err.join('');
    expect(printed).not.toContain(SECRET);
    expect(printed).toContain('A content/runs.jsonl');
  });

  it('records a crash of the brief step with the last lines it printed', async () => {
    const r = await daily(['--date', '2026-06-15', '--no-build'], { FAKE_BRIEF: 'crash' });
    expect(r.code).toBe(1);
    const [record] = parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'));
    expect(record).toMatchObject({ outcome: 'failed', reason: 'the brief step stopped (exit 1): brief: TypeError: boom at collect' });
  });

  it('records a day with nothing new as a success and builds without a second brief', async () => {
    const marker = path.join(dir, 'build-env.txt');
    const build: [string, ...string[]] = [process.execPath, '-e', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, String(process.env.BRIEFING_PREBUILD))`];
    const r = await daily(['--date', '2026-06-13'], { FAKE_BRIEF: 'nothing-new' }, build);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ outcome: 'nothing-new', built: 'true', changed: 'true' });
    expect(await readFile(marker, 'utf8')).toBe('0');
    expect(parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'))[0]).toMatchObject({ outcome: 'nothing-new', reason: 'no papers listed on 2026-06-13' });
  });

  it('fails when the build fails, after recording the day', async () => {
    const r = await daily(['--date', '2026-06-15'], { FAKE_BRIEF: 'published' }, [process.execPath, '-e', 'console.error("astro: [InvalidContentEntryDataError] bad frontmatter"); process.exit(3)']);
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ outcome: 'published', built: 'false' });
    expect(r.outputs.reason).toMatch(/site build failed \(exit 3: astro: \[InvalidContentEntryDataError\] bad frontmatter\)/);
    expect(parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'))).toHaveLength(1);
  });

  it('prints what it would commit on a dry run, flagging files changed before the run', async () => {
    await writeFile(path.join(dir, 'content/briefings/2026-06-01.mdx'), 'hand-made\n');
    const r = await daily(['--date', '2026-06-15', '--dry-run', '--no-build'], { FAKE_BRIEF: 'published' });
    expect(r.code).toBe(0);
    const printed = out.join('');
    expect(printed).toContain('Dry run: nothing committed, pushed or deployed.');
    expect(printed).toContain('Would commit 3 files:');
    expect(printed).toMatch(/A content\/briefings\/2026-06-01\.mdx {3}\(already changed before this run\)/);
    expect(printed).toMatch(/A content\/briefings\/2026-06-15\.mdx\n/);
    expect(printed).toContain('  Briefing 2026-06-15: 3 papers (extractive)');
    expect(printed).toContain('## Daily briefing 2026-06-15: published (dry run)');
    expect(git('log', '--oneline').trim().split('\n')).toHaveLength(1);
  });

  it('appends to an existing run log and refuses to grow a corrupted one', async () => {
    await daily(['--date', '2026-06-13', '--no-build'], { FAKE_BRIEF: 'nothing-new' });
    await daily(['--date', '2026-06-15', '--no-build'], { FAKE_BRIEF: 'published' });
    const log = await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8');
    expect(parseRunLog(log).map((r) => r.date)).toEqual(['2026-06-13', '2026-06-15']);
    await writeFile(path.join(dir, 'content/runs.jsonl'), `${log}{"date":"2026-06-16"}\n`);
    const r = await daily(['--date', '2026-06-16', '--no-build'], { FAKE_BRIEF: 'nothing-new' });
    expect(r.code).toBe(1);
    expect(r.outputs.reason).toMatch(/recording the run failed: invalid run record\n?.*content\/runs\.jsonl:3: startedAt/);
  });

  it('publish-only builds without briefing or recording', async () => {
    const r = await daily(['--publish-only'], {});
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ outcome: 'none', changed: 'false', built: 'true' });
    await expect(readFile(path.join(dir, 'content/runs.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

/** Defect 6: the secrets reach the brief process only, and nothing the run prints or hands over. */
describe('npm run daily keeps the secrets in the brief step', () => {
  const GH = ['ghs', 'canary0123456789abcdefghijklmnopqrstu'].join('_');
  /** A build that records which secret variables it can see and whether any value holds a canary. */
  const envProbe = (file: string): [string, ...string[]] => [
    process.execPath,
    '-e',
    `const fs = require('node:fs'); fs.writeFileSync(${JSON.stringify(file)}, JSON.stringify({ names: Object.keys(process.env).filter((k) => /^(OPENAI_API_KEY|GITHUB_TOKEN|GH_TOKEN)$/.test(k)), canary: Object.values(process.env).some((v) => v.includes(${JSON.stringify(SECRET)}) || v.includes(${JSON.stringify(GH)})) }))`,
  ];

  it('gives the secrets to the brief process and keeps them from the build (astro, its plugins, pagefind)', async () => {
    const briefEnv = path.join(dir, '..', `${path.basename(dir)}-brief-env.json`);
    const buildEnv = path.join(dir, '..', `${path.basename(dir)}-build-env.json`);
    try {
      const r = await daily(['--date', '2026-06-15'], { FAKE_BRIEF: 'published', FAKE_BRIEF_ENV: briefEnv, OPENAI_API_KEY: SECRET, GITHUB_TOKEN: GH }, envProbe(buildEnv));
      expect(r.code, err.join('')).toBe(0);
      expect(JSON.parse(await readFile(briefEnv, 'utf8')).sort()).toEqual(['GITHUB_TOKEN', 'OPENAI_API_KEY']);
      expect(JSON.parse(await readFile(buildEnv, 'utf8'))).toEqual({ names: [], canary: false });
    } finally {
      await rm(briefEnv, { force: true });
      await rm(buildEnv, { force: true });
    }
  });

  it('--build-only builds without the secrets, writes the site section and the built output', async () => {
    const buildEnv = path.join(dir, '..', `${path.basename(dir)}-build-env.json`);
    try {
      const summaryFile = path.join(dir, '..', `${path.basename(dir)}-summary.md`);
      const r = await daily(['--build-only', '--summary', summaryFile], { OPENAI_API_KEY: SECRET, GITHUB_TOKEN: GH }, envProbe(buildEnv));
      expect(r.code).toBe(0);
      expect(r.outputs).toEqual({ built: 'true', reason: '' });
      expect(r.summary).toMatch(/^### Site\n\nBuilt for https?:\/\/.*\.\n/);
      expect(JSON.parse(await readFile(buildEnv, 'utf8'))).toEqual({ names: [], canary: false });
      // Only the build: no brief, no run record.
      await expect(readFile(path.join(dir, 'content/runs.jsonl'), 'utf8')).rejects.toThrow(/ENOENT/);
      const failed = await daily(['--build-only'], {}, [process.execPath, '-e', 'console.error("[build] pagefind: no index"); process.exit(4)']);
      expect(failed.code).toBe(1);
      expect(failed.outputs).toEqual({ built: 'false', reason: 'site build failed (exit 4: [build] pagefind: no index)' });
      expect(() => parseDailyArgs(['--build-only', '--date', '2026-06-01'], 'x')).toThrow(/--build-only only builds the site; it takes no --date/);
    } finally {
      await rm(buildEnv, { force: true });
    }
  });

  it('redacts a key a server echoed before the brief step prints it, even split across writes', async () => {
    const r = await daily(['--date', '2026-06-15', '--no-build'], { FAKE_BRIEF: 'echo', OPENAI_API_KEY: SECRET });
    expect(r.code).toBe(0);
    const printed = err.join('') + out.join('');
    expect(printed).toContain('openai: 401 Incorrect API key provided: ***. You can find your API key');
    expect(printed).toContain('progress: key=***');
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(SECRET.slice(5));
  });

  it('hands nothing over when the content to commit holds a secret (a snapshot of an echoing server)', async () => {
    const patch = path.join(dir, '..', `${path.basename(dir)}.patch`);
    const r = await daily(['--date', '2026-06-15', '--no-build', '--patch', patch], { FAKE_BRIEF: 'leak-raw', OPENAI_API_KEY: SECRET });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ outcome: 'failed', changed: 'false' });
    expect(r.outputs.reason).toBe('the content to commit holds the value of OPENAI_API_KEY (content/raw/2026-06-15/hf-listing.json.gz); nothing handed over');
    await expect(readFile(patch)).rejects.toThrow(/ENOENT/);
    expect(err.join('') + out.join('')).not.toContain(SECRET);
  });
});

/** Defect 9: runs that append at the same time each keep every record. */
describe('the run log under concurrent runs', () => {
  it('keeps every record when processes append in parallel', async () => {
    const log = path.join(dir, 'content/runs.jsonl');
    const writer = path.join(dir, 'append.ts');
    await writeFile(
      writer,
      `import { appendRunRecords } from ${JSON.stringify(path.join(repoRoot, 'scripts/publish/io.ts'))};
import { parseRunRecord } from ${JSON.stringify(path.join(repoRoot, 'src/schema/run.ts'))};
const [file, who, count] = process.argv.slice(2);
for (let i = 0; i < Number(count); i++) {
  const date = '2026-' + String(1 + Number(who)).padStart(2, '0') + '-' + String(1 + i).padStart(2, '0');
  await appendRunRecords(file, [parseRunRecord({ date, startedAt: date + 'T00:30:00Z', finishedAt: date + 'T00:31:00Z', outcome: 'nothing-new', reason: 'writer ' + who + ' record ' + i })]);
}
`,
    );
    const processes = 6;
    const each = 20;
    const { spawn } = await import('node:child_process');
    const codes = await Promise.all(
      Array.from({ length: processes }, (_, who) =>
        new Promise<number>((resolve) => spawn(process.execPath, [writer, log, String(who), String(each)], { stdio: 'inherit' }).on('close', (code) => resolve(code ?? 1))),
      ),
    );
    expect(codes).toEqual(Array(processes).fill(0));
    const records = parseRunLog(await readFile(log, 'utf8'));
    expect(records).toHaveLength(processes * each);
    expect(new Set(records.map((r) => r.reason)).size).toBe(processes * each);
  });

  const record = (date: string) => parseRunRecord({ date, startedAt: `${date}T00:30:00Z`, finishedAt: `${date}T00:31:00Z`, outcome: 'nothing-new', reason: `run of ${date}` });

  it("waits for another run's append that a read caught half written, then appends after it", async () => {
    const log = path.join(dir, 'content/runs.jsonl');
    const other = `${formatRunRecord(record('2026-06-02'))}\n`;
    await mkdir(path.dirname(log), { recursive: true });
    await writeFile(log, `${formatRunRecord(record('2026-06-01'))}\n${other.slice(0, 40)}`);
    // The other run's write completes while this one is reading.
    const finishing = new Promise<void>((resolve) => setTimeout(() => void writeFile(log, `${formatRunRecord(record('2026-06-01'))}\n${other}`).then(() => resolve()), 30));
    await appendRunRecords(log, [record('2026-06-03')]);
    await finishing;
    const text = await readFile(log, 'utf8');
    expect(parseRunLog(text).map((r) => r.date)).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(text).not.toContain('\n\n');
  });

  it('refuses a log whose last line stays cut, naming the file and line', async () => {
    const log = path.join(dir, 'content/runs.jsonl');
    await mkdir(path.dirname(log), { recursive: true });
    const cut = `${formatRunRecord(record('2026-06-01'))}\n${formatRunRecord(record('2026-06-02')).slice(0, 40)}`;
    await writeFile(log, cut);
    await expect(appendRunRecords(log, [record('2026-06-03')])).rejects.toThrow(/runs\.jsonl:2: not valid JSON/);
    expect(await readFile(log, 'utf8')).toBe(cut);
  });
});

describe('daily flags and helpers', () => {
  it('parses dates and ranges, and names the bad flag', () => {
    expect(parseDailyArgs([], '2026-06-15').dates).toEqual(['2026-06-15']);
    expect(parseDailyArgs(['--from', '2026-02-27', '--to', '2026-03-01'], 'x').dates).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(() => parseDailyArgs(['--date', '2026-02-30'], 'x')).toThrow(/--date: expected a date YYYY-MM-DD, got "2026-02-30"/);
    expect(() => parseDailyArgs(['--from', '2026-03-02', '--to', '2026-03-01'], 'x')).toThrow(/--from \(2026-03-02\) is after --to/);
    expect(() => parseDailyArgs(['--date', '2026-03-02', '--from', '2026-03-01'], 'x')).toThrow(/cannot be combined/);
    expect(() => parseDailyArgs(['--to', '2026-03-01'], 'x')).toThrow(/--to needs --from/);
    expect(() => parseDailyArgs(['--publish-only', '--force'], 'x')).toThrow(/--publish-only .* takes no/);
    expect(() => parseDailyArgs(['--bogus'], 'x')).toThrow(/Unknown option '--bogus'/);
  });

  it('exits 2 on a bad flag without touching anything, giving the workflow the reason', async () => {
    const ghOutput = `${dir}-bad-flag-output.txt`;
    const code = await main(['--date', 'tomorrow'], { GITHUB_OUTPUT: ghOutput }, { root: dir, briefScript: '/nonexistent', buildCommand: ['false'], now: () => new Date(), out: (t) => out.push(t), err: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/--date: expected a date/);
    expect(await readFile(ghOutput, 'utf8')).toBe('outcome=failed\nreason=--date: expected a date YYYY-MM-DD, got "tomorrow"\nchanged=false\nbuilt=false\npapers=0\n');
    await rm(ghOutput, { force: true });
    expect(git('status', '--porcelain')).toBe('');
  });

  it('redacts secrets by value and by shape', () => {
    const env = { OPENAI_API_KEY: SECRET, GITHUB_TOKEN: 'short' };
    expect(redactSecrets(`key ${SECRET} and ghp_abcdefghijklmnopqrstuvwx1234 and Bearer abc.def-123456789 and short`, env)).toBe('key *** and *** and Bearer *** and short');
  });

  it('knows the trigger and the run URL from the Actions environment', () => {
    expect(triggerFromEnv({})).toBe('local');
    expect(triggerFromEnv({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'workflow_dispatch' })).toBe('manual');
    expect(triggerFromEnv({ GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push' })).toBe('other');
    expect(runUrlFromEnv({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '1' })).toBeUndefined();
  });

  it('keeps the job summary of a long backfill short: failed days and the newest month', () => {
    const records = Array.from({ length: 400 }, (_, i) => {
      const date = addDays('2025-01-01', i);
      return parseRunRecord({ date, startedAt: `${date}T00:30:00Z`, finishedAt: `${date}T00:31:00Z`, outcome: i === 7 ? 'failed' : 'published', reason: i === 7 ? 'arXiv down' : '', papers: 10 });
    });
    const summary = jobSummary({ records, changes: [], build: { ran: false, ok: false }, dryRun: false });
    expect(summary).toMatch(/^## Daily briefing 2025-01-01…2026-02-04: failed/);
    expect(summary).toContain('400 days (399 published, 1 failed); below: the failed days and the newest 31.');
    expect(summary.match(/^\| \d{4}-\d{2}-\d{2} \|/gm)).toHaveLength(32);
    expect(summary).toContain('| 2025-01-08 | ❌ failed |');
    expect(summary.length).toBeLessThan(20_000);
    const message = commitMessage(records).trimEnd().split('\n');
    expect(message[0]).toBe('Briefings 2025-01-01…2026-02-04: 399 published, 1 other');
    expect(message.at(-1)).toBe('- … and 369 more days (see content/runs.jsonl)');
  });

  it('writes a commit message for a range and for a run log only', () => {
    const rec = (date: string, outcome: 'published' | 'failed' | 'nothing-new', papers = 0) =>
      parseRunRecord({ date, startedAt: `${date}T00:30:00Z`, finishedAt: `${date}T00:31:00Z`, outcome, papers, reason: outcome === 'failed' ? 'arXiv down' : '', writer: outcome === 'published' ? 'llm' : null, model: outcome === 'published' ? 'gpt-4o-mini' : null });
    expect(commitMessage([rec('2026-06-13', 'nothing-new'), rec('2026-06-14', 'published', 9), rec('2026-06-15', 'failed')]).split('\n')[0]).toBe('Briefings 2026-06-13…2026-06-15: 1 published, 2 other');
    expect(commitMessage([rec('2026-06-15', 'failed')])).toBe('Run log 2026-06-15: failed\n\n- 2026-06-15: failed (arXiv down)\n');
    expect(commitMessage([rec('2026-06-15', 'published', 12)]).split('\n')[0]).toBe('Briefing 2026-06-15: 12 papers (llm gpt-4o-mini)');
  });
});

/** A replay folder with one generated Hugging Face listing day (arXiv and GitHub unrecorded: skipped). */
async function replayWithListing(day = '2026-05-01', papers = 12): Promise<string> {
  const replay = await mkdtemp(path.join(os.tmpdir(), 'daily-replay-'));
  const items = Array.from({ length: papers }, (_, i) => ({
    paper: {
      id: `2605.1${String(i).padStart(4, '0')}`,
      title: `Agentic RL paper ${i}`,
      summary: `We train LLM agents with reinforcement learning on long tool-use trajectories, variant ${i}.`,
      authors: [{ name: 'Ada Lovelace' }],
      publishedAt: '2026-04-30T00:00:00.000Z',
      upvotes: 20 - i,
    },
    title: `Agentic RL paper ${i}`,
    numComments: 1,
  }));
  await mkdir(path.join(replay, 'hf'), { recursive: true });
  await writeFile(path.join(replay, `hf/${day}.json`), JSON.stringify(items));
  return replay;
}

describe('npm run daily with the real brief CLI, replaying generated responses', () => {
  it('never writes a key that the model repeats: the briefing, the run log and the output are redacted', async () => {
    const replay = await replayWithListing();
    // An OpenAI-compatible server whose answers carry the caller's key (a proxy that echoes it, or a
    // prompt-injected model): the text reaches the writer, the key must not reach the file.
    const server = await startMockOpenAI((req) => {
      const note = kindOf(req) === 'day' ? { ...validDayNote(req), conclusion: `Done with key ${SECRET}.` } : { ...validPaperNote(req), contribution: `Uses key ${SECRET} for everything.` };
      return { body: completion(JSON.stringify(note)) };
    });
    try {
      const code = await main(
        ['--date', '2026-05-02', '--replay', replay, '--no-build'],
        { BRIEFINGS_DIR: path.join(dir, 'content/briefings'), BRIEFING_WRITER: 'llm', OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: SECRET, BRIEFING_MODEL: 'mock-model' },
        { root: dir, now: () => new Date('2026-05-02T00:30:00Z'), out: (t) => out.push(t), err: (t) => err.push(t) },
      );
      expect(code, err.join('')).toBe(0);
      expect(server.chats.length).toBeGreaterThan(0);
      const mdx = await readFile(path.join(dir, 'content/briefings/2026-05-02.mdx'), 'utf8');
      expect(mdx).toContain('contribution: "Uses key *** for everything."');
      expect(mdx).not.toContain(SECRET);
      const [record] = parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'));
      expect(record).toMatchObject({ outcome: 'published', writer: 'llm' });
      expect(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8')).not.toContain(SECRET);
      expect(err.join('') + out.join('')).not.toContain(SECRET);
    } finally {
      await server.close();
      await rm(replay, { recursive: true, force: true });
    }
  });

  it('briefs, records and prints what it would commit, with the same figures in the run log and the summary', async () => {
    const replay = await replayWithListing();
    try {
      const summaryFile = `${dir}-summary.md`;
      const code = await main(
        ['--date', '2026-05-02', '--replay', replay, '--dry-run', '--no-build', '--summary', summaryFile],
        { BRIEFINGS_DIR: path.join(dir, 'content/briefings'), BRIEFING_WRITER: 'extractive' },
        { root: dir, now: () => new Date('2026-05-02T00:30:00Z'), out: (t) => out.push(t), err: (t) => err.push(t) },
      );
      expect(err.join('')).not.toMatch(/could not record/);
      expect(code).toBe(0);

      const mdx = await readFile(path.join(dir, 'content/briefings/2026-05-02.mdx'), 'utf8');
      const [record] = parseRunLog(await readFile(path.join(dir, 'content/runs.jsonl'), 'utf8'));
      expect(record).toMatchObject({ date: '2026-05-02', outcome: 'published', trigger: 'local', briefing: 'content/briefings/2026-05-02.mdx', papers: 12, writer: 'extractive', requests: 0 });
      expect(record!.featured).toBeGreaterThan(0);
      expect(mdx).toContain(`featured: true`);
      expect(record!.sources.map((s) => s.name)).toEqual(expect.arrayContaining(['Hugging Face Daily Papers']));
      expect(record!.sources.find((s) => s.name === 'Hugging Face Daily Papers')?.status).toBe('ok');

      const printed = out.join('');
      expect(printed).toContain('Would commit 2 files:');
      expect(printed).toContain('A content/briefings/2026-05-02.mdx');
      expect(printed).toContain('A content/runs.jsonl');
      expect(printed).toContain(`  Briefing 2026-05-02: 12 papers (extractive)`);
      const summary = await readFile(summaryFile, 'utf8');
      expect(summary).toContain(`| 2026-05-02 | ✅ published | 12 | ${record!.featured} | extractive |`);
      expect(summary).toMatch(/\| 2026-05-02 \| Hugging Face Daily Papers \| ✅ ok \|/);
      await rm(summaryFile, { force: true });
      // Nothing was committed.
      expect(git('log', '--oneline').trim().split('\n')).toHaveLength(1);
    } finally {
      await rm(replay, { recursive: true, force: true });
    }
  });
});
