/**
 * `npm run import -- FILE... [--force] [--dry-run] [--titles PATH]... [--dir DIR]`: legacy briefings
 * into the archive. Each file becomes `<dir>/<date>.mdx` through the project's MDX writer; a file that
 * cannot be read fails alone (with its file and line), the others still import, and the exit code is 1
 * if any failed. An existing day is never replaced without --force.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../lib/config.ts';
import type { BriefingConfig } from '../../briefing.config.ts';
import { readBriefingFile, writeBriefingFile, type WriteStatus } from '../mdx/write.ts';
import { importLegacyText, LegacyFormatError } from './index.ts';
import { formatReport, newReport, type ImportReport } from './report.ts';
import { loadTitleIndex, type TitleIndex } from './resolve.ts';

export const IMPORT_USAGE = `Usage: npm run import -- FILE... [--force] [--dry-run] [--titles PATH]... [--dir DIR]

  FILE           a legacy briefing (personalised "#2026-05-03 …" briefing or "## 📄" Hugging Face report)
  --force        replace a day that already exists (even one edited by hand or imported from another file)
  --dry-run      parse, render and compare, but write nothing
  --titles PATH  recorded Hugging Face listings (YYYY-MM-DD.json[.gz], found recursively) used to find the
                 arXiv id of a paper the file names only by title; repeatable. The archive's own briefings
                 and the pipeline's snapshots (archive.rawDir) are always used for this.
  --dir DIR      the archive folder (default: archive.briefingsDir, or BRIEFINGS_DIR)
  --help         show this help`;

export interface ImportArgs {
  files: string[];
  force: boolean;
  dryRun: boolean;
  titles: string[];
  dir: string | null;
  help: boolean;
}

export class ImportUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportUsageError';
  }
}

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        force: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        titles: { type: 'string', multiple: true, default: [] },
        dir: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new ImportUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (!values.help && positionals.length === 0) throw new ImportUsageError('no FILE given');
  return {
    files: positionals,
    force: values.force ?? false,
    dryRun: values['dry-run'] ?? false,
    titles: values.titles ?? [],
    dir: values.dir ?? null,
    help: values.help ?? false,
  };
}

export interface FileOutcome {
  file: string;
  ok: boolean;
  status: WriteStatus | 'failed';
  path?: string;
  error?: string;
  report: ImportReport;
}

export interface ImportRunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Imports each file; never throws for a bad file (it becomes a failed outcome). */
export async function importFiles(args: ImportArgs, options: ImportRunOptions = {}): Promise<FileOutcome[]> {
  const cwd = options.cwd ?? process.cwd();
  const config = await loadConfig(options.env ?? process.env);
  const dir = path.resolve(cwd, args.dir ?? config.archive.briefingsDir);
  const rawDir = path.resolve(cwd, config.archive.rawDir);
  const listings = [...args.titles.map((t) => path.resolve(cwd, t)), ...((await exists(rawDir)) ? [rawDir] : [])];

  const texts = new Map<string, string | Error>();
  for (const file of args.files) texts.set(file, await readFile(path.resolve(cwd, file), 'utf8').catch((error: Error) => error));
  // The papers the files themselves link also name ids by title, whichever file comes first: without
  // them, a second run (the first run's days now in the archive) would resolve more than the first.
  const linked: Array<{ title: string; id: string; from: string }> = [];
  for (const [file, text] of texts) {
    if (typeof text !== 'string') continue;
    try {
      for (const p of importLegacyText(text, file).draft.frontmatter.papers ?? []) linked.push({ title: p.title, id: p.id, from: file });
    } catch {
      // reported below, when the file is imported
    }
  }
  const titleIndex: TitleIndex = await loadTitleIndex({ listings, archiveDir: dir, entries: linked });

  const outcomes: FileOutcome[] = [];
  const dates = new Map<string, string>();
  for (const file of args.files) {
    const shown = file;
    const fail = (error: string, report = newReport(shown)): void => {
      outcomes.push({ file: shown, ok: false, status: 'failed', error, report });
    };
    const text = texts.get(file);
    if (typeof text !== 'string') {
      const code = (text as NodeJS.ErrnoException | undefined)?.code;
      fail(`${shown}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : text?.message})`);
      continue;
    }
    let imported;
    try {
      imported = importLegacyText(text, shown, { titleIndex });
    } catch (error) {
      fail(error instanceof LegacyFormatError ? error.message : `${shown}: ${(error as Error).message}`);
      continue;
    }
    const { draft, report } = imported;
    const date = String(draft.frontmatter.date);
    const earlier = dates.get(date);
    if (earlier) {
      fail(`${shown}: its date ${date} is the same as ${earlier}'s, imported above; one day holds one briefing (import it on its own with --force to replace)`, report);
      continue;
    }
    dates.set(date, shown);
    try {
      const written = await writeBriefingFile(draft, { config, dir, force: args.force, dryRun: args.dryRun });
      if (written.status === 'kept-existing' || written.status === 'kept-edited') {
        fail(await refusal(written.path, written.status, config), report);
        continue;
      }
      outcomes.push({ file: shown, ok: true, status: written.status, path: written.path, report });
    } catch (error) {
      fail(`${shown}: ${(error as Error).message}`, report);
    }
  }
  return outcomes;
}

/** Why an existing day was not replaced, in words that say what to do. */
async function refusal(file: string, status: 'kept-existing' | 'kept-edited', config: BriefingConfig): Promise<string> {
  if (status === 'kept-edited') return `${file} was edited by hand since it was written; not replaced (use --force to replace it)`;
  let by = 'an earlier run';
  try {
    const existing = await readBriefingFile(file, config);
    by = existing.frontmatter.generator.writer === 'imported' ? 'an import of a different source file (or of an older version of this one)' : `the ${existing.frontmatter.generator.writer} writer`;
  } catch {
    // unreadable: the generic wording stands
  }
  return `${file} already exists with different content, written by ${by}; not replaced (use --force to replace it)`;
}

const VERB: Record<string, string> = { created: 'created', updated: 'replaced', unchanged: 'unchanged' };

/** The whole command; returns the exit code (0 ok, 1 a file failed, 2 usage). */
export async function runImport(argv: readonly string[], options: ImportRunOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    log(`import: ${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  if (args.help) {
    log(IMPORT_USAGE);
    return 0;
  }
  let outcomes: FileOutcome[];
  try {
    outcomes = await importFiles(args, options);
  } catch (error) {
    log(`import: ${(error as Error).message}`);
    return 2;
  }
  for (const o of outcomes) {
    const status = o.ok ? `${args.dryRun ? `dry run, would be ${VERB[o.status] ?? o.status}` : VERB[o.status] ?? o.status}: ${o.path}` : 'FAILED';
    log(formatReport(o.report, status, o.ok && !args.dryRun));
    if (o.error) log(`  error: ${o.error}`);
    log('');
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  const papers = outcomes.filter((o) => o.ok).reduce((n, o) => n + o.report.papers, 0);
  log(`${outcomes.length - failed} of ${outcomes.length} file(s) imported${args.dryRun ? ' (dry run: nothing written)' : ''}, ${papers} papers; ${failed} failed.`);
  return failed ? 1 : 0;
}
