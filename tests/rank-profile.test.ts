/**
 * The reader profile (content/reader.yml, READER_FILE), the feedback log format and `npm run feedback`:
 * validation that names the file, field and value; the shipped profile; atomic appends; exit codes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { resolveConfig } from '../src/schema/config.ts';
import settings from '../briefing.config.ts';
import { main as feedbackMain, parseFeedbackArgs, parseId } from '../scripts/feedback.ts';
import { ConfigError } from '../src/schema/config.ts';
import { appendFeedback, currentVerdicts, formatEntry, parseFeedback, readFeedback } from '../scripts/rank/feedback.ts';
import { loadReaderProfile, parseReaderProfile, projectRoot } from '../src/schema/reader.ts';
import { tempDirs } from './helpers/ranking.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const temp = tempDirs('pb-reader-');

const MINIMAL = `name: ada
interests:
  - id: speech
    label: { zh: 语音, en: speech }
    keywords: [speech recognition]
`;

describe('reader profile', () => {
  it('ships content/reader.yml as the default, with the interests the config used to hold', () => {
    expect(projectRoot()).toBe(repoRoot);
    expect(config.reader.file).toBe(path.join(repoRoot, 'content/reader.yml'));
    const p = config.reader;
    expect(p.name).toBe('wenjun');
    expect(p.interests.map((i) => i.id)).toEqual(expect.arrayContaining(['agent', 'agentic-rl', 'code', 'model-based-rl', 'latent-reasoning', 'memory', 'continual', 'pretraining-data']));
    expect(p.feedback.file).toBe('content/reader/feedback.jsonl');
  });

  it('fills defaults and drops version suffixes from liked ids', () => {
    const p = parseReaderProfile(`${MINIMAL}likes: [2605.12345v3, 2605.10100]\n`, 'r.yml');
    // Unquoted ids stay strings: 2605.10100 must not become the number 2605.101.
    expect(p).toMatchObject({ name: 'ada', avoid: [], likes: ['2605.12345', '2605.10100'], dislikes: [], feedback: { file: 'content/reader/feedback.jsonl', from: [] } });
    expect(parseReaderProfile(MINIMAL.replace('    keywords:', '    weight: 1.5\n    keywords:'), 'r.yml').interests[0]!.weight).toBe(1.5);
    expect(() => parseReaderProfile(MINIMAL.replace('    keywords:', '    weight: heavy\n    keywords:'), 'r.yml')).toThrow(/r\.yml: interests\[0\]\.weight: expected a number, got "heavy"/);
  });

  it.each([
    [`name: ''\ninterests: []\n`, /r\.yml: name: must not be empty[\s\S]*r\.yml: interests: expected at least one interest/],
    [`${MINIMAL}likes: [12345]\n`, /r\.yml: likes\[0\]: expected an arXiv id such as 2605\.29559, got "12345"|r\.yml: likes\[0\]: .*12345/],
    [`${MINIMAL}dislikes: [2605.1]\n`, /r\.yml: dislikes\[0\]: expected an arXiv id such as 2605\.29559, got "2605\.1"/],
    [MINIMAL.replace('id: speech', 'id: Speech Stuff'), /r\.yml: interests\[0\]\.id: expected a lowercase id .*got "Speech Stuff"/],
    [MINIMAL.replace('keywords: [speech recognition]', 'keywords: []'), /r\.yml: interests\[0\]\.keywords: expected at least one keyword/],
    [`${MINIMAL}  - id: speech\n    label: { zh: a, en: b }\n    keywords: [x y]\n`, /r\.yml: interests\[1\]\.id: duplicate interest id \(also interests\[0\]\) \(got "speech"\)/],
    [`${MINIMAL}interset: 1\n`, /r\.yml: \(root\): Unrecognized key: "interset"/],
    [`${MINIMAL}likes: [2605.12345]\ndislikes: [2605.12345]\n`, /r\.yml: dislikes\[0\]: listed under likes too \(got "2605\.12345"\)/],
    [`${MINIMAL}feedback: { from: ['not a login!'] }\n`, /r\.yml: feedback\.from\[0\]: expected a GitHub login, got "not a login!"/],
    [`name: [unclosed\n`, /r\.yml: not valid YAML/],
  ])('rejects a bad profile naming the file, field and value (%#)', (text, message) => {
    expect(() => parseReaderProfile(text, 'r.yml')).toThrow(message);
  });

  it('READER_FILE names another profile, resolved against the working directory; a broken one is a config error (exit 2)', () => {
    const dir = temp();
    const file = path.join(dir, 'other.yml');
    writeFileSync(file, MINIMAL);
    const c = resolveConfig(settings, { READER_FILE: path.relative(process.cwd(), file) });
    expect(c.reader.file).toBe(file);
    expect(c.reader.name).toBe('ada');
    expect(() => resolveConfig(settings, { READER_FILE: ' ' })).toThrow(/READER_FILE/);
    writeFileSync(file, `${MINIMAL}likes: [nope]\n`);
    expect(() => resolveConfig(settings, { READER_FILE: file })).toThrow(ConfigError);
    expect(() => resolveConfig(settings, { READER_FILE: file })).toThrow(/READER_FILE: invalid reader profile[\s\S]*likes\[0\]/);
    expect(() => loadReaderProfile(path.join(dir, 'missing.yml'))).toThrow(/missing\.yml: reader profile not found/);
  });
});

describe('feedback log', () => {
  it('parses, formats and resolves the latest verdict per paper', () => {
    const text = '{"id":"2605.1","verdict":"like","at":"2026-05-01"}\n'.replace('2605.1"', '2605.10001"') + '\n{"id":"2605.10001","verdict":"dislike","at":"2026-05-02","note":"off topic"}\n';
    const log = parseFeedback(text, 'f.jsonl');
    expect(log).toHaveLength(2);
    expect(formatEntry(log[1]!)).toBe('{"id":"2605.10001","verdict":"dislike","at":"2026-05-02","note":"off topic"}');
    const verdicts = currentVerdicts({ likes: ['2605.20002', '2605.10001'], dislikes: ['2605.30003'] }, log);
    expect([...verdicts]).toEqual([
      ['2605.20002', 'like'],
      ['2605.10001', 'dislike'],
      ['2605.30003', 'dislike'],
    ]);
  });

  it.each([
    ['not json', /f\.jsonl:1: not a JSON object/],
    ['{"id":"2605.10001v2","verdict":"like","at":"2026-05-01"}', /f\.jsonl:1: id: expected an arXiv id without version such as 2605\.12345, got "2605\.10001v2"/],
    ['{"id":"2605.10001","verdict":"love","at":"2026-05-01"}', /f\.jsonl:1: verdict: expected "like" or "dislike", got "love"/],
    ['{"id":"2605.10001","verdict":"like","at":"2026-02-30"}', /f\.jsonl:1: at: expected a date YYYY-MM-DD, got "2026-02-30"/],
    ['{"id":"2605.10001","verdict":"like","at":"2026-05-01","by":"x"}', /f\.jsonl:1: \(root\): Unrecognized key: "by"/],
  ])('rejects a bad line naming the line, field and value: %s', (line, message) => {
    expect(() => parseFeedback(`\n${line}`.slice(1), 'f.jsonl')).toThrow(message);
  });

  it('appends atomically, keeps existing lines, and refuses to append to a broken log', async () => {
    const dir = temp();
    const file = path.join(dir, 'reader', 'feedback.jsonl');
    expect(await readFeedback(file)).toEqual([]);
    await appendFeedback(file, [{ id: '2605.10001', verdict: 'like', at: '2026-05-01' }]);
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd()); // a hand edit without the final newline
    await appendFeedback(file, [{ id: '2605.20002', verdict: 'dislike', at: '2026-05-02' }]);
    expect(readFileSync(file, 'utf8')).toBe('{"id":"2605.10001","verdict":"like","at":"2026-05-01"}\n{"id":"2605.20002","verdict":"dislike","at":"2026-05-02"}\n');
    expect(readdirSync(path.dirname(file))).toEqual(['feedback.jsonl']);
    writeFileSync(file, '{"id":"bad"}\n');
    await expect(appendFeedback(file, [{ id: '2605.20002', verdict: 'like', at: '2026-05-02' }])).rejects.toThrow(/feedback\.jsonl:1: id/);
    expect(readFileSync(file, 'utf8')).toBe('{"id":"bad"}\n');
  });
});

describe('npm run feedback', () => {
  it('reads ids, URLs and versioned ids after --like / --dislike', () => {
    expect(parseId('2605.12345')).toBe('2605.12345');
    expect(parseId('2605.12345v2')).toBe('2605.12345');
    expect(parseId('https://arxiv.org/abs/2605.12345v2')).toBe('2605.12345');
    expect(parseId('https://arxiv.org/pdf/2605.12345')).toBe('2605.12345');
    expect(parseId('https://huggingface.co/papers/2605.12345')).toBe('2605.12345');
    expect(parseId('2605.123')).toBeNull();
    const args = parseFeedbackArgs(['--like', '2605.10001', '2605.20002', '--dislike', '2605.30003', '--note', 'why'], '2026-06-01');
    expect(args.entries).toEqual([
      { id: '2605.10001', verdict: 'like', at: '2026-06-01', note: 'why' },
      { id: '2605.20002', verdict: 'like', at: '2026-06-01', note: 'why' },
      { id: '2605.30003', verdict: 'dislike', at: '2026-06-01', note: 'why' },
    ]);
  });

  it.each([
    [['--like', '2605.1'], /--like: not an arXiv id \(expected e\.g\. 2605\.12345\), got "2605\.1"/],
    [['--dislike', 'x', '2605.10001'], /--dislike: not an arXiv id .*got "x"/],
    [['--like', '2605.10001', '--dislike', '2605.10001'], /--like and --dislike: the same paper in both, "2605\.10001"/],
    [['--like', '2605.10001', '--date', '2026-13-01'], /--date: expected a date YYYY-MM-DD, got "2026-13-01"/],
    [['--note', 'x'], /give at least one --like ID or --dislike ID/],
    [['--lke', '2605.10001'], /--lke/],
  ])('rejects %j naming the flag and value', (argv, message) => {
    expect(() => parseFeedbackArgs(argv, '2026-06-01')).toThrow(message);
  });

  it('appends to the log and exits 0; bad input exits 2 and writes nothing', async () => {
    const dir = temp();
    const file = path.join(dir, 'f.jsonl');
    const out: string[] = [];
    const err: string[] = [];
    const sink = (a: string[]) => ({ write: (s: string) => a.push(s) });
    expect(await feedbackMain(['--like', '2605.10001', '--date', '2026-06-01', '--file', file], {}, sink(out), sink(err))).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe('{"id":"2605.10001","verdict":"like","at":"2026-06-01"}\n');
    expect(out.join('')).toContain('feedback: like 2605.10001 (2026-06-01)');
    expect(await feedbackMain(['--dislike', 'nope', '--file', file], {}, sink(out), sink(err))).toBe(2);
    expect(err.join('')).toContain('--dislike: not an arXiv id');
    expect(readFileSync(file, 'utf8')).toBe('{"id":"2605.10001","verdict":"like","at":"2026-06-01"}\n');
    // The real command line: exit code 2 and the flag named on stderr.
    const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'node'), [path.join(repoRoot, 'scripts/feedback.ts'), '--like', '12'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--like: not an arXiv id (expected e.g. 2605.12345), got "12"');
  });
});
