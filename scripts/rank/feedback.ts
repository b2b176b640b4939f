/**
 * The feedback log, `content/reader/feedback.jsonl`: one JSON object per line,
 *   {"id": "2605.12345", "verdict": "like" | "dislike", "at": "YYYY-MM-DD", "note": "optional", "issue": 12}
 * appended by `npm run feedback` and by the daily workflow from feedback issues (scripts/ci/feedback-ingest.ts,
 * which alone sets `issue`: the GitHub issue the verdict came from, so an issue is never taken twice). The
 * site's "My feedback" page exports the same lines without `issue`. The latest verdict on a paper wins, so a
 * like after a dislike changes the reader's mind. Strict: a bad line fails with the file, line, field and
 * value, because a silently skipped verdict is a ranking nobody can explain.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../lib/files.ts';
import { BARE_ARXIV_ID, formatProfileIssues } from '../../src/schema/reader.ts';

export const VERDICTS = ['like', 'dislike'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

export const feedbackEntrySchema = z.strictObject({
  id: z.string().refine((s) => BARE_ARXIV_ID.test(s), { error: (iss) => `expected an arXiv id without version such as 2605.12345, got ${JSON.stringify(iss.input)}` }),
  verdict: z.enum(VERDICTS, { error: (iss) => `expected "like" or "dislike", got ${JSON.stringify(iss.input)}` }),
  at: z.string().refine((s) => isDay(s), {
    error: (iss) => `expected a date YYYY-MM-DD, got ${JSON.stringify(iss.input)}`,
  }),
  note: z.string().max(500, { error: 'at most 500 characters' }).optional(),
  /** The feedback issue the verdict came from (set by the daily workflow only). */
  issue: z.number({ error: (iss) => `expected an issue number, got ${JSON.stringify(iss.input)}` }).int({ error: 'expected an issue number' }).positive({ error: 'expected an issue number' }).optional(),
});
export type FeedbackEntry = z.infer<typeof feedbackEntrySchema>;

export class FeedbackError extends Error {}

/** Parses the log's text. Blank lines are allowed; anything else must be a valid entry. */
export function parseFeedback(text: string, file: string): FeedbackEntry[] {
  const { entries, problems } = checkFeedbackLines(text, file);
  if (problems.length) throw new FeedbackError(`invalid feedback log\n${problems.join('\n')}`);
  return entries;
}

/**
 * Every line checked against `schema` (default the log's): the valid entries and one problem per bad line,
 * `where:LINE: field: message`. Blank lines are skipped. The feedback-issue ingest passes a stricter schema.
 */
export function checkFeedbackLines<S extends z.ZodType<FeedbackEntry>>(text: string, where: string, schema: S = feedbackEntrySchema as unknown as S): { entries: z.output<S>[]; problems: string[] } {
  const entries: z.output<S>[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const at = `${where}:${i + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      problems.push(`${at}: not a JSON object (${(error as Error).message})`);
      return;
    }
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) entries.push(result.data);
    else problems.push(formatProfileIssues(result.error, at));
  });
  return { entries, problems };
}

/** Reads the log; a missing file is an empty log. */
export async function readFeedback(file: string): Promise<FeedbackEntry[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return parseFeedback(text, file);
}

/** One line of the log: keys in a fixed order, so equal entries are equal bytes. */
export function formatEntry(e: FeedbackEntry): string {
  return JSON.stringify({ id: e.id, verdict: e.verdict, at: e.at, ...(e.note !== undefined ? { note: e.note } : {}), ...(e.issue !== undefined ? { issue: e.issue } : {}) });
}

/**
 * Appends entries to the log atomically (the whole file is rewritten through a temporary file and a
 * rename, so a reader never sees half a line). Existing lines are validated first and kept as they are.
 */
export async function appendFeedback(file: string, entries: readonly FeedbackEntry[]): Promise<void> {
  for (const e of entries) feedbackEntrySchema.parse(e);
  const before = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  parseFeedback(before, file);
  const head = before === '' || before.endsWith('\n') ? before : `${before}\n`;
  await writeFileAtomic(file, `${head}${entries.map((e) => `${formatEntry(e)}\n`).join('')}`);
}

/** The reader's current verdict per paper: profile likes/dislikes first, then the log in order (latest wins). */
export function currentVerdicts(profile: { likes: readonly string[]; dislikes: readonly string[] }, log: readonly FeedbackEntry[]): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const id of profile.likes) out.set(id, 'like');
  for (const id of profile.dislikes) out.set(id, 'dislike');
  for (const e of log) out.set(e.id, e.verdict);
  return out;
}
