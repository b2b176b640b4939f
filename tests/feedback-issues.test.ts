/**
 * Feedback issues, without a browser or a workflow run: the issue form against GitHub's documented form
 * syntax (scripts/ci/issue-forms.ts), the ingest's strict reading of an issue (scripts/ci/feedback-ingest.ts)
 * and the reply job's comments (scripts/ci/feedback-reply.ts), both against the local fake GitHub API of
 * the workflow harness. tests/feedback-workflow.test.ts runs them inside daily.yml.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkIssueForm, issueFormFiles } from '../scripts/ci/issue-forms.ts';
import { checkVotes, FORM_FILE, idMonth, ingestFeedbackIssues, ingestSummary, judgeIssue, votesBlock, votesLabel, type ApiIssue } from '../scripts/ci/feedback-ingest.ts';
import { answerFeedbackIssues, FEEDBACK_LABEL, parseFeedbackReport, replyFor, type FeedbackDecision } from '../scripts/ci/feedback-reply.ts';
import { startFakeGitHub, type FakeGitHub, type Issue } from '../scripts/ci/workflow/github-api.ts';
import { octokit } from '../scripts/ci/workflow/github-script.ts';
import { parseFeedback, readFeedback } from '../scripts/rank/feedback.ts';
import { formBody } from './helpers/feedbackIssue.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const formText = await readFile(path.join(repoRoot, FORM_FILE), 'utf8');
const LABEL = votesLabel(formText);

const GOOD = ['{"id":"2605.12345","verdict":"like","at":"2026-05-31"}', '{"id":"2605.23456","verdict":"dislike","at":"2026-05-31","note":"image generation"}'].join('\n');

describe('the issue form (.github/ISSUE_TEMPLATE/feedback.yml)', () => {
  it('follows GitHub’s documented issue-form syntax', async () => {
    const files = await issueFormFiles(repoRoot);
    expect(files.map((f) => path.relative(repoRoot, f))).toEqual([FORM_FILE]);
    expect(checkIssueForm(formText, FORM_FILE)).toEqual([]);
  });

  it('is labelled feedback and holds a required votes textarea rendered as a code block, prefillable by its id', () => {
    const form = parseYaml(formText) as Record<string, any>;
    expect(form).toMatchObject({ name: expect.any(String), description: expect.any(String), labels: [FEEDBACK_LABEL] });
    const votes = form.body.find((e: any) => e.id === 'votes');
    expect(votes).toMatchObject({ type: 'textarea', attributes: { label: LABEL, render: expect.stringMatching(/^jsonl?$/) }, validations: { required: true } });
    // The page says feedback is public in a public repository; so does the form.
    expect(form.body[0].attributes.value).toMatch(/public/);
  });

  it('the checker catches what GitHub refuses: missing keys, unknown keys, bad or repeated ids and labels, forbidden words and keys', () => {
    const problems = (yaml: string) => checkIssueForm(yaml, 'x.yml').map((p) => p.message);
    expect(problems('description: d\nbody:\n  - type: input\n    attributes:\n      label: A\n')).toContain('required top-level key "name" is missing');
    expect(problems('name: form\ndescription: d\nhello: world\nbody:\n  - type: input\n    attributes:\n      label: A\n')).toContain('"hello" is not a permitted top-level key (name, description, body, assignees, labels, title, projects, type)');
    expect(problems('name: form\ndescription: d\nbody:\n  - type: markdown\n    attributes:\n      value: hi\n')).toContain('body must contain at least one non-markdown field');
    const twice = 'name: form\ndescription: d\nbody:\n  - type: input\n    id: first name\n    attributes:\n      label: Name\n  - type: input\n    attributes:\n      label: Name\n  - type: textarea\n    id: x\n    attributes:\n      label: Your password\n      rows: 3\n';
    expect(problems(twice)).toEqual(
      expect.arrayContaining([
        'body[0]: id can only contain numbers, letters, - and _, got "first name"',
        'body[1]: label "Name" is used by body[0] too; labels must be unique (or give an id)',
        'body[2]: label contains a forbidden word ("password")',
        'body[2]: "rows" is not a permitted attribute of textarea (label, description, placeholder, value, render)',
      ]),
    );
    expect(problems('name: form\ndescription: d\non: x\nbody:\n  - type: x\n    attributes:\n      label: A\n')).toEqual(expect.arrayContaining(['"on" is a forbidden key (YAML reads it as a boolean)', 'body[0]: "x" is not a valid input type (markdown, textarea, input, dropdown, checkboxes)']));
    expect(problems('name: form\ndescription: d\nbody:\n  - type: dropdown\n    attributes:\n      label: Pie?\n      options: [Yes, None, Yes]\n')).toEqual(expect.arrayContaining(['body[0]: options must not include booleans (quote values such as "yes" and "true")']));
    expect(problems('name: form\ndescription: d\nbody:\n  - type: input\n    attributes:\n      label: Name?\n  - type: input\n    attributes:\n      label: Name???\n')).toEqual([
      'body[1]: label "Name???" is too similar to body[0] (both become "name"); change it or give an id',
    ]);
  });
});

describe('reading one issue', () => {
  it('finds the votes under the form’s heading, or the one json block of an issue written by hand', () => {
    expect(votesBlock(formBody(GOOD), LABEL)).toEqual({ text: GOOD });
    expect(votesBlock(formBody(GOOD, 'Some notes\n\n```json\n{"not":"votes"}\n```'), LABEL)).toEqual({ text: GOOD });
    expect(votesBlock(`Here are my votes:\n\n\`\`\`jsonl\r\n${GOOD}\r\n\`\`\`\n`, LABEL)).toEqual({ text: GOOD });
    expect(votesBlock('no block here', LABEL)).toEqual({ problem: 'the issue body: no ```json block with the votes' });
    expect(votesBlock(`\`\`\`json\n${GOOD}\n\`\`\`\n\n\`\`\`json\n${GOOD}\n\`\`\``, LABEL)).toEqual({ problem: 'the issue body: 2 code blocks; expected exactly one with the votes' });
    expect(votesBlock(`### ${LABEL}\n\nextra words\n\n\`\`\`json\n${GOOD}\n\`\`\``, LABEL)).toEqual({ problem: `the "${LABEL}" section: text outside the code block ("extra words")` });
    expect(votesBlock(`### ${LABEL}\n\n\`\`\`json\n${GOOD}\n`, LABEL)).toEqual({ problem: `the "${LABEL}" section: a code block is not closed` });
  });

  it('takes a line only if the feedback schema passes: ids, verdicts, sane dates, no unknown fields, no issue field', () => {
    expect(checkVotes(GOOD, '2026-06-01')).toEqual({
      entries: [
        { id: '2605.12345', verdict: 'like', at: '2026-05-31' },
        { id: '2605.23456', verdict: 'dislike', at: '2026-05-31', note: 'image generation' },
      ],
      problems: [],
    });
    const bad = [
      '{"id":"2605.12345","verdict":"like","at":"2026-05-31"}',
      'not json',
      '{"id":"2605.1","verdict":"like","at":"2026-05-31"}',
      '{"id":"2605.12345","verdict":"love","at":"2026-05-31"}',
      '{"id":"2605.12345","verdict":"like","at":"2026-06-09"}',
      '{"id":"2605.12345","verdict":"like","at":"2026-04-30"}',
      '{"id":"2613.12345","verdict":"like","at":"2026-05-31"}',
      '{"id":"2605.12345","verdict":"like","at":"2026-05-31","score":5}',
      '{"id":"2605.12345","verdict":"like","at":"2026-05-31","issue":3}',
    ].join('\n');
    const { problems } = checkVotes(bad, '2026-06-01');
    expect(problems).toHaveLength(8);
    expect(problems[0]).toMatch(/^votes line:2: not a JSON object/);
    expect(problems[1]).toMatch(/^votes line:3: id: expected an arXiv id without version such as 2605\.12345, got "2605\.1"/);
    expect(problems[2]).toMatch(/^votes line:4: verdict: expected "like" or "dislike", got "love"/);
    expect(problems[3]).toBe('votes line:5: at: after the day the issue was opened (2026-06-01), got "2026-06-09"');
    expect(problems[4]).toBe('votes line:6: at: before the paper appeared (2026-05), got "2026-04-30"');
    expect(problems[5]).toBe('votes line:7: id: not an arXiv id (no such month), got "2613.12345"');
    expect(problems[6]).toMatch(/^votes line:8: .*"score"/);
    expect(problems[7]).toMatch(/^votes line:9: .*"issue"/);
    expect(checkVotes('', '2026-06-01').problems).toEqual(['votes: the block is empty']);
  });

  it('knows the month an arXiv id was given', () => {
    expect(idMonth('2605.12345')).toBe('2026-05-01');
    expect(idMonth('0704.0001')).toBe('2007-04-01');
    expect(idMonth('0703.0001')).toBeNull();
    expect(idMonth('cs/9912001')).toBe('1999-12-01');
    expect(idMonth('math.AG/0701001')).toBe('2007-01-01');
    expect(idMonth('2600.12345')).toBeNull();
  });

  it('judges the author first: the owner and listed logins (any case) are taken, anyone else is not', () => {
    const ctx = { owner: 'Owner', from: ['Friend'], taken: new Set([4]), label: LABEL, today: '2026-06-01' };
    const issue = (number: number, login: string, body = formBody(GOOD)): ApiIssue => ({ number, user: { login }, body, created_at: '2026-06-01T02:00:00Z' });
    expect(judgeIssue(issue(1, 'owner'), ctx).decision).toEqual({ issue: 1, author: 'owner', outcome: 'taken', likes: 1, dislikes: 1 });
    expect(judgeIssue(issue(1, 'owner'), ctx).entries.map((e) => e.issue)).toEqual([1, 1]);
    expect(judgeIssue(issue(2, 'friend'), ctx).decision.outcome).toBe('taken');
    expect(judgeIssue(issue(3, 'stranger', 'anything'), ctx).decision).toEqual({ issue: 3, author: 'stranger', outcome: 'not-allowed' });
    expect(judgeIssue(issue(4, 'owner'), ctx).decision).toEqual({ issue: 4, author: 'owner', outcome: 'already-taken' });
    expect(judgeIssue(issue(5, 'owner', formBody('{"id":"x"}')), ctx).decision).toMatchObject({ outcome: 'refused', problems: [expect.stringMatching(/^votes line:1: id/)] });
  });
});

describe('ingest and reply against the fake GitHub API', () => {
  let dir: string;
  let api: FakeGitHub;
  const READ = 'ghs_read_token';
  const WRITE = 'ghs_write_token';
  const stranger = formBody('{"id":"2605.99999","verdict":"dislike","at":"2026-05-31"}');
  const seed: Issue[] = [
    { number: 3, title: 'Reader feedback', body: formBody(GOOD), state: 'open', state_reason: null, labels: [FEEDBACK_LABEL], comments: [], user: 'owner', created_at: '2026-06-01T01:00:00Z' },
    { number: 4, title: 'Reader feedback', body: formBody(`${GOOD}\n{"id":"2605.34567","verdict":"meh","at":"2026-05-31"}`), state: 'open', state_reason: null, labels: [FEEDBACK_LABEL], comments: [], user: 'friend', created_at: '2026-06-01T01:00:00Z' },
    { number: 5, title: 'Reader feedback', body: stranger, state: 'open', state_reason: null, labels: [FEEDBACK_LABEL], comments: [], user: 'stranger', created_at: '2026-06-01T01:00:00Z' },
    { number: 6, title: 'A bug', body: formBody(GOOD), state: 'open', state_reason: null, labels: ['bug'], comments: [], user: 'owner', created_at: '2026-06-01T01:00:00Z' },
  ];
  const core = () => {
    const lines: string[] = [];
    return { lines, core: { info: (m: string) => lines.push(`info ${m}`), notice: (m: string) => lines.push(`notice ${m}`), warning: (m: string) => lines.push(`warning ${m}`) } };
  };
  const context = { repo: { owner: 'owner', repo: 'paper-briefing' }, runId: 1001, serverUrl: 'https://github.com' };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'feedback-issues-'));
    await writeFile(path.join(dir, 'github.json'), JSON.stringify({ issues: seed, labels: [], runs: [] }));
    api = await startFakeGitHub(path.join(dir, 'github.json'), 'owner/paper-briefing');
    api.grant(READ, { issues: 'read', contents: 'read' });
    api.grant(WRITE, { issues: 'write', contents: 'read' });
  });
  afterAll(async () => {
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ingest = (file: string, token = READ) =>
    ingestFeedbackIssues({ api: api.url, token, repository: 'owner/paper-briefing', owner: 'owner', file, shownFile: 'content/reader/feedback.jsonl', from: ['friend'], label: LABEL, today: '2026-06-01' });

  it('takes the good issue, refuses the bad line and the stranger, ignores other labels, and writes nothing to GitHub', async () => {
    const file = path.join(dir, 'reader', 'feedback.jsonl');
    const { report, appended } = await ingest(file);
    expect(report.decisions).toEqual([
      { issue: 3, author: 'owner', outcome: 'taken', likes: 1, dislikes: 1 },
      { issue: 4, author: 'friend', outcome: 'refused', problems: [expect.stringMatching(/^votes line:3: verdict: expected "like" or "dislike", got "meh"/)] },
      { issue: 5, author: 'stranger', outcome: 'not-allowed' },
    ]);
    expect(appended).toHaveLength(2);
    // The log is valid, carries the issue number, and the stranger's vote is not in it.
    const log = await readFeedback(file);
    expect(log).toEqual([
      { id: '2605.12345', verdict: 'like', at: '2026-05-31', issue: 3 },
      { id: '2605.23456', verdict: 'dislike', at: '2026-05-31', note: 'image generation', issue: 3 },
    ]);
    expect(api.calls.every((c) => c.startsWith('GET '))).toBe(true);
    expect(ingestSummary(report)).toMatch(/\| #3 \| `owner` \| taken: 1 useful, 1 not relevant \|[\s\S]*\| #5 \| `stranger` \| refused: not the owner/);
    // A second run before the issue is closed takes nothing twice.
    const again = await ingest(file);
    expect(again.report.decisions[0]).toEqual({ issue: 3, author: 'owner', outcome: 'already-taken' });
    expect(again.appended).toEqual([]);
    expect(await readFeedback(file)).toHaveLength(2);
  });

  it('fails without appending when the API refuses the token', async () => {
    const file = path.join(dir, 'other.jsonl');
    await expect(ingest(file, 'ghs_unknown')).rejects.toThrow(/HTTP 401 Bad credentials/);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('answers: taken issues closed as completed once committed, refused ones as not planned, with comments that ping nobody', async () => {
    const { report } = await ingest(path.join(dir, 'fresh.jsonl'));
    const github = octokit(api.url, WRITE) as Parameters<typeof answerFeedbackIssues>[0]['github'];
    // Not committed (the commit job failed): the taken issue stays open, the others are answered.
    const first = core();
    expect(await answerFeedbackIssues({ github, context, core: first.core }, { report: JSON.stringify(report), committed: false })).toEqual({ 3: 'left open', 4: 'answered', 5: 'answered' });
    expect(first.lines).toContain('warning #3: its votes were not committed (the commit job did not push); left open for the next run.');
    let state = api.state();
    const byNumber = (n: number) => state.issues.find((i) => i.number === n)!;
    expect(byNumber(3)).toMatchObject({ state: 'open', comments: [] });
    expect(byNumber(4)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(byNumber(4).comments[0]!.body).toMatch(/^Not taken: the votes are checked line by line[\s\S]*```text\nvotes line:3: verdict: expected "like" or "dislike", got "meh"[\s\S]*```/);
    expect(byNumber(5)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(byNumber(5).comments[0]!.body).toMatch(/taken only from the repository owner \(`owner`\) or from logins listed under `feedback\.from`.*`stranger` is neither/);
    expect(state.issues.flatMap((i) => i.comments.map((c) => c.body)).join('\n')).not.toMatch(/(^|\s)@\w/);
    expect(state.labels.map((l) => l.name)).toContain(FEEDBACK_LABEL);
    expect(byNumber(6)).toMatchObject({ state: 'open', comments: [] });
    // Committed: the taken issue is answered; issues already closed are left alone.
    const second = core();
    expect(await answerFeedbackIssues({ github, context, core: second.core }, { report: JSON.stringify(report), committed: true })).toEqual({ 3: 'answered', 4: 'skipped', 5: 'skipped' });
    state = api.state();
    expect(byNumber(3)).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(byNumber(3).comments[0]!.body).toBe('Taken: 2 votes (1 useful, 1 not relevant) appended to `content/reader/feedback.jsonl` and committed by [this run](https://github.com/owner/paper-briefing/actions/runs/1001). The next briefing ranks with them.');
    expect(byNumber(4).comments).toHaveLength(1);
  });

  it('refuses a report that is not what the ingest writes', () => {
    expect(() => parseFeedbackReport('nope')).toThrow(/not JSON/);
    expect(() => parseFeedbackReport(JSON.stringify({ file: '../etc/passwd', decisions: [] }))).toThrow(/file: expected a relative path/);
    expect(() => parseFeedbackReport(JSON.stringify({ file: 'a.jsonl', decisions: [{ issue: 1, author: 'x y', outcome: 'taken', likes: 1, dislikes: 0 }] }))).toThrow(/author: expected a GitHub login/);
    expect(() => parseFeedbackReport(JSON.stringify({ file: 'a.jsonl', decisions: [{ issue: 1, author: 'x', outcome: 'delete-repo' }] }))).toThrow(/outcome/);
    const long = parseFeedbackReport(JSON.stringify({ file: 'a.jsonl', decisions: [{ issue: 1, author: 'x', outcome: 'refused', problems: Array.from({ length: 50 }, () => 'p'.repeat(1000)) }] }));
    expect((long.decisions[0] as Extract<FeedbackDecision, { outcome: 'refused' }>).problems).toHaveLength(20);
  });

  it('keeps problem text inside its code block, whatever backticks it holds', () => {
    const { body } = replyFor({ issue: 1, author: 'x', outcome: 'refused', problems: ['got "```\n@everyone"'] }, { file: 'f', owner: 'o', runUrl: 'u' });
    expect(body).toContain('````text\ngot "```\n@everyone"\n````');
  });

  it('exports what `npm run feedback` reads back', () => {
    expect(parseFeedback(`${GOOD}\n`, 'x')).toHaveLength(2);
  });
});
