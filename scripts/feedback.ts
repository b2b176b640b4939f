/**
 * `npm run feedback -- --like ID… --dislike ID… [--note TEXT] [--date YYYY-MM-DD] [--file PATH]`
 *
 * Records the reader's verdicts in the feedback log (scripts/rank/feedback.ts for the format), so the next
 * ranking uses them: a disliked paper is never featured again and similar papers rank lower; liked papers
 * pull similar ones up. Appends atomically; every id is validated first, and nothing is written when one
 * is bad. Exit codes: 0 recorded, 2 bad flags (the message names the flag and the value) or a broken log.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { todayIn } from '../lib/dates.ts';
import { appendFeedback, FeedbackError, isDay, type FeedbackEntry, type Verdict } from './rank/feedback.ts';
import { BARE_ARXIV_ID, ReaderProfileError } from '../src/schema/reader.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const FEEDBACK_USAGE = `Usage: npm run feedback -- [--like ID...] [--dislike ID...] [--note TEXT] [--date YYYY-MM-DD] [--file PATH]

  --like ID...       papers you found useful (arXiv ids, e.g. 2605.12345; a version suffix is dropped)
  --dislike ID...    papers that are not relevant to you (never featured again; similar papers rank lower)
  --note TEXT        a note kept with each verdict of this call
  --date D           the day of the verdicts (default: today in the configured timezone)
  --file PATH        the feedback log (default: the reader profile's feedback.file, content/reader/feedback.jsonl)

Ids may also be given as arxiv.org or huggingface.co/papers URLs. The latest verdict on a paper wins.`;

export class FeedbackUsageError extends Error {}

export interface FeedbackArgs {
  entries: FeedbackEntry[];
  file: string | null;
  help: boolean;
}

/** `2605.12345`, `2605.12345v2`, `https://arxiv.org/abs/2605.12345v2`, `https://huggingface.co/papers/2605.12345` → bare id. */
export function parseId(value: string): string | null {
  const m = /^(?:https?:\/\/(?:www\.)?(?:arxiv\.org\/(?:abs|pdf)|huggingface\.co\/papers)\/)?([^\s/?#]+?)(?:v\d+)?(?:\.pdf)?\/?$/i.exec(value.trim());
  const id = m?.[1] ?? '';
  return BARE_ARXIV_ID.test(id) ? id : null;
}

/** Parses the flags. `--like a b --dislike c` takes every value up to the next flag. Throws FeedbackUsageError. */
export function parseFeedbackArgs(argv: readonly string[], today: string): FeedbackArgs {
  // Values after a flag, up to the next flag, belong to it (parseArgs takes one value per flag).
  const normalized: string[] = [];
  let current: string | null = null;
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      current = arg;
      normalized.push(arg);
    } else if ((current === '--like' || current === '--dislike') && normalized[normalized.length - 1] !== current) {
      normalized.push(current, arg);
    } else {
      normalized.push(arg);
    }
  }
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(normalized).values;
  } catch (error) {
    throw new FeedbackUsageError((error as Error).message);
  }
  if (values.help) return { entries: [], file: null, help: true };
  const at = values.date ?? today;
  if (!isDay(at)) {
    throw new FeedbackUsageError(`--date: expected a date YYYY-MM-DD, got ${JSON.stringify(values.date)}`);
  }
  const note = values.note?.trim();
  if (values.note !== undefined && !note) throw new FeedbackUsageError('--note: must not be empty');
  if (note && note.length > 500) throw new FeedbackUsageError(`--note: at most 500 characters, got ${note.length}`);
  const entries: FeedbackEntry[] = [];
  for (const verdict of ['like', 'dislike'] as const satisfies readonly Verdict[]) {
    for (const raw of values[verdict] ?? []) {
      const id = parseId(raw);
      if (!id) throw new FeedbackUsageError(`--${verdict}: not an arXiv id (expected e.g. 2605.12345), got ${JSON.stringify(raw)}`);
      entries.push({ id, verdict, at, ...(note ? { note } : {}) });
    }
  }
  if (!entries.length) throw new FeedbackUsageError('give at least one --like ID or --dislike ID');
  const both = entries.find((e) => e.verdict === 'like' && entries.some((o) => o.verdict === 'dislike' && o.id === e.id));
  if (both) throw new FeedbackUsageError(`--like and --dislike: the same paper in both, ${JSON.stringify(both.id)}`);
  const unique = entries.filter((e, i) => entries.findIndex((o) => o.id === e.id && o.verdict === e.verdict) === i);
  return { entries: unique, file: values.file ?? null, help: false };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      like: { type: 'string', multiple: true },
      dislike: { type: 'string', multiple: true },
      note: { type: 'string' },
      date: { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Where the command writes (process.stdout / process.stderr; tests pass their own). */
export interface Sink {
  write(text: string): unknown;
}

export async function main(argv: readonly string[], env: Record<string, string | undefined>, out: Sink = process.stdout, err: Sink = process.stderr): Promise<number> {
  let args: FeedbackArgs;
  let file: string;
  try {
    const config = await loadConfig(env);
    args = parseFeedbackArgs(argv, todayIn(config.timezone));
    if (args.help) {
      out.write(`${FEEDBACK_USAGE}\n`);
      return 0;
    }
    file = args.file ? path.resolve(args.file) : path.resolve(root, config.reader.feedback.file);
  } catch (error) {
    const message = (error as Error).message;
    err.write(`feedback: ${message}${error instanceof FeedbackUsageError ? `\n\n${FEEDBACK_USAGE}` : ''}\n`);
    return 2;
  }
  try {
    await appendFeedback(file, args.entries);
  } catch (error) {
    err.write(`feedback: ${(error as Error).message}\n`);
    return error instanceof FeedbackError || error instanceof ReaderProfileError ? 2 : 1;
  }
  const rel = path.relative(process.cwd(), file) || file;
  for (const e of args.entries) out.write(`feedback: ${e.verdict} ${e.id} (${e.at}) → ${rel}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
