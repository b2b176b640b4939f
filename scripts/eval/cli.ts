/**
 * What the two eval commands share at the command line: the --from/--to range check, and the run
 * itself (usage errors and a missing corpus exit 2 with the message; --help; the corpus opened and
 * removed again; the table printed and --json written). Each command only parses its own flags and
 * measures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { isValidDay } from '../../src/schema/briefing.ts';
import { EvalUsageError, openCorpus, type Corpus } from './replay.ts';

/** The flags both commands take. */
const COMMON_FLAGS = {
  corpus: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const satisfies ParseArgsOptionsConfig;

/** Parses the common flags and a command's own, strictly; an unknown flag or a missing value is a usage error. */
export function parseFlags<const O extends ParseArgsOptionsConfig>(argv: string[], own: O) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...own }, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new EvalUsageError((error as Error).message);
  }
}

/** `--from D --to D` → a range (both or neither, valid dates, in order), else null. */
export function dateRange(from: string | undefined, to: string | undefined): { from: string; to: string } | null {
  for (const [flag, v] of [['--from', from], ['--to', to]] as const) {
    if (v !== undefined && !isValidDay(v)) throw new EvalUsageError(`${flag}: expected a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
  }
  if (Boolean(from) !== Boolean(to)) throw new EvalUsageError(from ? '--from needs --to' : '--to needs --from');
  if (!from || !to) return null;
  if (from > to) throw new EvalUsageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

export interface CommonArgs {
  corpus?: string;
  json?: string;
  help: boolean;
}

/** What a measurement returns: the text to print and the figures for --json, or an exit code. */
export type Measured = { text: string; json: unknown } | number;

/** Runs one eval command and returns its exit code: 0 measured, 2 bad flags or no data. */
export async function runCommand<A extends CommonArgs>(name: string, usage: string, parse: (argv: string[]) => A, argv: string[], measure: (args: A, corpus: Corpus) => Promise<Measured>): Promise<number> {
  let args: A;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  let corpus: Corpus;
  try {
    corpus = openCorpus(args.corpus);
  } catch (error) {
    if (!(error instanceof EvalUsageError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    return 2;
  }
  try {
    const result = await measure(args, corpus);
    if (typeof result === 'number') return result;
    process.stdout.write(`${result.text}\n`);
    if (args.json) {
      const file = path.resolve(args.json);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(result.json, null, 2)}\n`);
    }
    return 0;
  } finally {
    corpus.cleanup();
  }
}
