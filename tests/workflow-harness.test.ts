/**
 * The local workflow runner itself (scripts/ci/run-workflow.ts and scripts/ci/workflow/*): GitHub's
 * expression rules, the files steps write, job and step conditions, outputs across jobs, permissions
 * enforced by the local GitHub API, actions/cache across runs, masking and leak detection, the network
 * guard, and loud failures on whatever it does not simulate. Small workflows in a throw-away origin.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyValueFile, runWorkflow, seedOrigin, type RunWorkflowOptions } from '../scripts/ci/run-workflow.ts';
import { evaluate, evaluateCondition, evaluateValue, ExpressionError, interpolate, type EvalScope } from '../scripts/ci/workflow/expressions.ts';

const scope = (contexts: EvalScope['contexts'], status?: EvalScope['status']): EvalScope => ({ where: 'test', contexts, status });

describe('expressions', () => {
  const ctx = scope({
    inputs: { 'publish-only': false, date: '' },
    steps: { daily: { outputs: { changed: 'true', papers: '12' }, outcome: 'success' } },
    needs: { brief: { result: 'success', outputs: { built: 'true' } } },
    github: { ref_type: 'branch', event: { inputs: { force: 'true' } } },
    secrets: { OPENAI_API_KEY: 'sk-x' },
    env: { LIST: 'a,b' },
  });

  it('looks up contexts with hyphens, brackets and any case; missing is null, an unset secret empty', () => {
    expect(evaluate('inputs.publish-only', ctx)).toBe(false);
    expect(evaluate("steps['daily'].outputs.CHANGED", ctx)).toBe('true');
    expect(evaluate('steps.nope.outputs.changed', ctx)).toBeNull();
    expect(evaluate('secrets.GITHUB_MODELS', ctx)).toBe('');
    expect(evaluate("secrets.OPENAI_API_KEY != '' && 'llm' || ''", ctx)).toBe('llm');
    expect(evaluate("secrets.MISSING != '' && 'llm' || ''", ctx)).toBe('');
  });

  it("compares as GitHub does: strings ignore case, other types meet as numbers, && and || give an operand", () => {
    expect(evaluate("github.ref_type == 'BRANCH'", ctx)).toBe(true);
    expect(evaluate("steps.daily.outputs.papers == 12", ctx)).toBe(true);
    expect(evaluate("null == ''", ctx)).toBe(true);
    expect(evaluate('inputs.publish-only == 0', ctx)).toBe(true);
    expect(evaluate("'abc' < 'ABD'", ctx)).toBe(true);
    expect(evaluate("inputs.date || 'today'", ctx)).toBe('today');
    expect(evaluate('!inputs.publish-only', ctx)).toBe(true);
    expect(evaluate('0x10 == 16 && 1.5e1 == 15', ctx)).toBe(true);
    expect(evaluate("'it''s'", ctx)).toBe("it's");
  });

  it('has the functions the workflows use', () => {
    expect(evaluate("contains(fromJSON('[\"a\",\"b\"]'), 'B')", ctx)).toBe(true);
    expect(evaluate("contains('Hello', 'ELL')", ctx)).toBe(true);
    expect(evaluate("startsWith(github.ref_type, 'br') && endsWith('x.yml', '.YML')", ctx)).toBe(true);
    expect(evaluate("format('{0}-{1} {{x}}', 'a', 1)", ctx)).toBe('a-1 {x}');
    expect(evaluate("join(fromJSON('[1,2]'), '+')", ctx)).toBe('1+2');
    expect(JSON.parse(evaluate('toJSON(needs)', ctx) as string)).toEqual({ brief: { result: 'success', outputs: { built: 'true' } } });
  });

  it('interpolates text, and keeps the type of a lone expression', () => {
    expect(interpolate('run ${{ steps.daily.outputs.papers }} of ${{ inputs.date }}!', ctx)).toBe('run 12 of !');
    expect(evaluateValue('${{ inputs.publish-only }}', ctx)).toBe(false);
    expect(evaluateValue('x ${{ inputs.publish-only }}', ctx)).toBe('x false');
    expect(() => interpolate('${{ needs }}', ctx)).toThrow(/an object cannot stand as text; use toJSON\(\)/);
  });

  it('reads if: as GitHub does: success() unless a status function is named', () => {
    const failed = { success: false, failure: true, cancelled: false };
    expect(evaluateCondition(undefined, scope({}, failed))).toBe(false);
    expect(evaluateCondition("github.ref_type == 'branch'", scope({ github: { ref_type: 'branch' } }, failed))).toBe(false);
    expect(evaluateCondition("${{ always() && github.ref_type == 'branch' }}", scope({ github: { ref_type: 'branch' } }, failed))).toBe(true);
    expect(evaluateCondition('${{ !cancelled() }}', scope({}, failed))).toBe(true);
    expect(evaluateCondition('failure()', scope({}, failed))).toBe(true);
  });

  it('fails loudly on what it does not know, naming the place and the expression', () => {
    expect(() => evaluate('foo.bar', ctx)).toThrow(/^test: unknown context "foo" in `\$\{\{ foo\.bar \}\}`$/);
    expect(() => evaluate('vars.X', ctx)).toThrow(/the "vars" context is not available here \(available: inputs, steps, needs, github, secrets, env\)/);
    expect(() => evaluate('bogus(1)', ctx)).toThrow(/unknown function "bogus\(\)"/);
    expect(() => evaluate('steps.*.outcome', ctx)).toThrow(/object filters/);
    expect(() => evaluate("'open", ctx)).toThrow(ExpressionError);
    expect(() => evaluate('a ==', ctx)).toThrow(/ends too early/);
    expect(() => interpolate('${{ inputs.date ', ctx)).toThrow(/without its `\}\}`/);
    expect(() => evaluate('success()', ctx)).toThrow(/success\(\) is not available here/);
  });
});

describe('the files a step writes', () => {
  it('reads name=value lines and name<<DELIMITER blocks', () => {
    expect(parseKeyValueFile('a=1\nmulti<<EOF\nline 1\nline 2\nEOF\nb=x=y\n', 'out')).toEqual({ a: '1', multi: 'line 1\nline 2', b: 'x=y' });
    expect(() => parseKeyValueFile('multi<<EOF\nnever closed\n', 'GITHUB_OUTPUT')).toThrow(/GITHUB_OUTPUT: multi: no closing delimiter EOF/);
    expect(() => parseKeyValueFile('just text\n', 'GITHUB_ENV')).toThrow(/GITHUB_ENV: line 1 is neither name=value/);
  });
});

describe('workflows on the local runner', () => {
  let world: string;
  let source: string;

  /** Seeds the origin with one workflow file and runs it. */
  async function run(workflow: string, options: Partial<RunWorkflowOptions> = {}) {
    await writeFile(path.join(source, '.github/workflows/w.yml'), workflow);
    await seedOrigin(world, source);
    return runWorkflow({ world, workflow: '.github/workflows/w.yml', event: 'workflow_dispatch', ...options });
  }

  beforeAll(async () => {
    world = await mkdtemp(path.join(os.tmpdir(), 'harness-world-'));
    source = await mkdtemp(path.join(os.tmpdir(), 'harness-source-'));
    await mkdir(path.join(source, '.github/workflows'), { recursive: true });
    await writeFile(path.join(source, 'README.md'), 'a repository\n');
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['init', '-q'], { cwd: source });
  });
  afterAll(async () => {
    await rm(world, { recursive: true, force: true });
    await rm(source, { recursive: true, force: true });
  });

  it('runs jobs in needs order with outputs, GITHUB_ENV, GITHUB_PATH, summaries, conditions and continue-on-error', async () => {
    const r = await run(`
name: flow
on:
  workflow_dispatch:
    inputs:
      who: { type: string, default: world }
      loud: { type: boolean, default: false }
permissions: {}
env:
  GREETING: hello
jobs:
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo "got \${{ needs.first.outputs.word }} from first" >> "$GITHUB_STEP_SUMMARY"
  first:
    runs-on: ubuntu-latest
    outputs:
      word: \${{ steps.say.outputs.word }}
    steps:
      - id: say
        env:
          WHO: \${{ inputs.who }}
        run: |
          echo "word=$GREETING-$WHO" >> "$GITHUB_OUTPUT"
          echo "LATER=set-by-env-file" >> "$GITHUB_ENV"
          mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\\necho tool-ran\\n' > "$RUNNER_TEMP/bin/tool" && chmod +x "$RUNNER_TEMP/bin/tool"
          echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
      - run: test "$LATER" = set-by-env-file && tool
      - if: \${{ inputs.loud }}
        run: echo never
      - id: broken
        continue-on-error: true
        run: exit 3
      - if: \${{ steps.broken.outcome == 'failure' && steps.broken.conclusion == 'success' }}
        run: echo "tolerated"
  after-failure:
    needs: second
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: echo should not run
`, { inputs: { who: 'you' } });
    expect(r.conclusion).toBe('success');
    expect(Object.fromEntries(Object.entries(r.jobs).map(([k, j]) => [k, j.result]))).toEqual({ first: 'success', second: 'success', 'after-failure': 'skipped' });
    expect(r.jobs.first!.outputs).toEqual({ word: 'hello-you' });
    expect(r.jobs.first!.steps.map((s) => s.outcome)).toEqual(['success', 'success', 'skipped', 'failure', 'success']);
    expect(r.jobs.first!.steps[1]!.log).toContain('tool-ran');
    expect(r.jobs.second!.summary).toBe('got hello-you from first\n');
  });

  it('stops a job at the first failed step, skips what depends on it, and runs always() jobs', async () => {
    const r = await run(`
on: workflow_dispatch
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          false
          echo not reached
      - run: echo skipped
      - if: failure()
        run: echo cleanup
  b:
    needs: a
    runs-on: ubuntu-latest
    steps: [{ run: echo b }]
  c:
    needs: [a, b]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: echo "a=\${{ needs.a.result }} b=\${{ needs.b.result }}"
`);
    expect(r.conclusion).toBe('failure');
    expect(r.jobs.a!.steps.map((s) => s.outcome)).toEqual(['failure', 'skipped', 'success']);
    expect(r.jobs.a!.steps[0]!.log).not.toContain('not reached');
    expect(r.jobs.b!.result).toBe('skipped');
    expect(r.jobs.c!.steps[0]!.log).toContain('a=failure b=skipped');
  });

  it("enforces the job's permissions on the GitHub API, and github-script calls it as Octokit would", async () => {
    const script = (perm: string) => `
on: workflow_dispatch
permissions: {}
jobs:
  file:
    runs-on: ubuntu-latest
    permissions:
      issues: ${perm}
    steps:
      - id: gs
        uses: actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd # v8.0.0
        with:
          script: |
            const { data } = await github.rest.issues.create({ ...context.repo, title: 'feedback: ' + context.runId, body: 'from a test', labels: ['feedback'] });
            core.setOutput('number', data.number);
            return data.title;
`;
    const denied = await run(script('read'));
    expect(denied.jobs.file!.result).toBe('failure');
    expect(denied.annotations).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/Resource not accessible by integration \(needs `issues: write`\)/) }));
    const allowed = await run(script('write'));
    expect(allowed.jobs.file!.result).toBe('success');
    expect(allowed.jobs.file!.steps[0]!.outputs).toEqual({ number: '1', result: `"feedback: ${allowed.runId}"` });
    expect(allowed.api.calls).toContainEqual('POST /repos/owner/paper-briefing/issues → 201');
  });

  it("takes a test's own API route with its permission (a GitHub Models endpoint needing `models: read`)", async () => {
    const models = { method: 'POST', path: '/inference/chat/completions', scope: 'models', level: 'read' as const, handle: () => ({ body: { choices: [{ message: { content: 'ok from models' } }] } }) };
    const wf = (perm: string) => `
on: workflow_dispatch
permissions: {}
jobs:
  write:
    runs-on: ubuntu-latest
    permissions:
      models: ${perm}
    steps:
      - env:
          TOKEN: \${{ secrets.GITHUB_TOKEN }}
        run: |
          node -e "fetch(process.env.GITHUB_API_URL + '/inference/chat/completions', { method: 'POST', headers: { authorization: 'Bearer ' + process.env.TOKEN }, body: '{}' }).then(async (r) => { console.log(r.status, JSON.stringify(await r.json())); process.exit(r.ok ? 0 : 1); })"
`;
    const allowed = await run(wf('read'), { routes: [models] });
    expect(allowed.jobs.write!.steps[0]!.log).toContain('200 {"choices":[{"message":{"content":"ok from models"}}]}');
    const denied = await run(wf('none'), { routes: [models] });
    expect(denied.jobs.write!.result).toBe('failure');
    expect(denied.jobs.write!.steps[0]!.log).toContain('403 {"message":"Resource not accessible by integration (needs `models: read`)"}');
  });

  it('keeps actions/cache entries between runs, saved after a successful job', async () => {
    const wf = `
on: workflow_dispatch
permissions: {}
jobs:
  llm:
    runs-on: ubuntu-latest
    steps:
      - id: cache
        uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0
        with:
          path: .cache/llm
          key: llm-\${{ hashFiles('README.md') }}
          restore-keys: llm-
      - run: |
          mkdir -p .cache/llm
          if [ -f .cache/llm/answer ]; then echo "cached: $(cat .cache/llm/answer)"; else echo 42 > .cache/llm/answer; echo computed; fi
      - run: echo "hit=\${{ steps.cache.outputs.cache-hit }}"
`;
    const first = await run(wf);
    expect(first.jobs.llm!.steps[1]!.log).toContain('computed');
    expect(first.jobs.llm!.steps[2]!.log).toContain('hit=false');
    const second = await run(wf);
    expect(second.jobs.llm!.steps[1]!.log).toContain('cached: 42');
    expect(second.jobs.llm!.steps[2]!.log).toContain('hit=true');
  });

  it('masks secrets in logs, reports where a value leaked, and drops a job output that holds one', async () => {
    const key = ['sk', 'leaky', '0123456789abcdef'].join('-');
    const r = await run(`
on: workflow_dispatch
permissions: {}
jobs:
  leak:
    runs-on: ubuntu-latest
    outputs:
      key: \${{ steps.s.outputs.key }}
    steps:
      - id: s
        env:
          KEY: \${{ secrets.OPENAI_API_KEY }}
        run: |
          echo "the key is $KEY"
          echo "key=$KEY" >> "$GITHUB_OUTPUT"
          echo "summary with $KEY" >> "$GITHUB_STEP_SUMMARY"
`, { secrets: { OPENAI_API_KEY: key } });
    expect(r.jobs.leak!.steps[0]!.log).toContain('the key is ***');
    expect(r.jobs.leak!.steps[0]!.log).not.toContain(key);
    expect(r.jobs.leak!.outputs).toEqual({});
    expect(r.annotations).toContainEqual(expect.objectContaining({ message: "Skip output 'key' since it may contain secret." }));
    expect(r.leaks).toEqual(expect.arrayContaining(['log of leak/Run echo "the key is $KEY"', 'summary of leak/Run echo "the key is $KEY"', 'output key of job leak']));
  });

  it('lets no request leave the machine, and logs the attempt', async () => {
    const r = await run(`
on: workflow_dispatch
permissions: {}
jobs:
  net:
    runs-on: ubuntu-latest
    steps:
      - run: node -e "fetch('https://example.com/').then(() => console.log('reached'), (e) => { console.log('refused', e.cause.code); process.exit(1); })"
`);
    expect(r.jobs.net!.result).toBe('failure');
    expect(r.jobs.net!.steps[0]!.log).toContain('refused ENETUNREACH');
    expect(r.blocked).toEqual([expect.stringMatching(/blocked example\.com:443$/)]);
  });

  it('fails loudly on an action, a step or a feature it does not simulate', async () => {
    const job = (steps: string) => `on: workflow_dispatch\npermissions: {}\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    await expect(run(job('      - uses: someone/deploy-everything@0123456789012345678901234567890123456789 # v1.0.0\n'))).rejects.toThrow(/the action someone\/deploy-everything is not simulated by this runner/);
    const setOutput = await run(job('      - run: echo "::set-output name=x::1"\n'));
    expect(setOutput.jobs.j!.result).toBe('failure');
    expect(setOutput.annotations).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/::set-output:: is deprecated or disabled on GitHub/) }));
    await expect(run(job('      - run: echo ${{ bogus.x }}\n'))).rejects.toThrow(/jobs\.j\.steps\[0\]: unknown context "bogus"/);
    await expect(run(job('      - run: echo ok\n'), { substitute: { 'j/Install': 'true' } })).rejects.toThrow(/substitute: no step "j\/Install"/);
    await expect(run('on: workflow_dispatch\njobs:\n  m:\n    runs-on: ubuntu-latest\n    strategy: { matrix: { n: [1, 2] } }\n    steps: [{ run: echo }]\n')).rejects.toThrow(/jobs\.m: strategy not supported by this runner/);
    await expect(run(job('      - run: echo ok\n'), { event: 'push' })).rejects.toThrow(/not triggered by push/);
    await expect(run(job('      - run: echo ok\n'), { inputs: { nope: 'x' } })).rejects.toThrow(/--input nope: .* declares no such input/);
    const pages = await run(job('      - uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0\n'));
    expect(pages.annotations).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/actions\/configure-pages needs `permissions: pages: read`; job j has pages: none/) }));
  });
});
