/**
 * Validates every briefing in the archive and reports EVERY problem, one line each, as
 * `file: field: message` (the value is part of the message), then exits non-zero if there was any.
 * `astro build` stops at the first bad file; this is the tool to fix a whole archive in one pass.
 *
 *   node scripts/check-content.ts [--dir content/briefings]     (part of `npm run check`)
 *
 * Checks: YAML frontmatter present and parseable; the briefing schema (unknown categories, missing
 * fields, bad URLs, dates, duplicate ids…); the file is named after its date; the body keeps to the
 * briefing dialect the site renders (src/lib/briefingBody.ts): only `<Paper id>`, `<Section kind>`,
 * `<FollowList />` and `<OtherPapers />`, each on a line of its own, no import/export lines; every
 * `<Paper id>` names a featured paper of the frontmatter, at most once; every `<Section kind>` has a known
 * kind for its place (a write-up kind inside a Paper, a day kind outside), does not nest, and is closed.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { createBriefingSchema, formatIssues, type BriefingSchema } from '../src/schema/briefing.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import { sectionKind } from '../src/schema/briefing.ts';
import { DAY_SECTION_KINDS, fencedLines, liveTags, PAPER_CLOSE, PAPER_OPEN, SECTION_CLOSE, SECTION_OPEN } from '../src/lib/briefingBody.ts';

export interface ContentProblem {
  file: string;
  message: string;
}

const ALLOWED_COMPONENTS = new Set(['Paper', 'Section', 'FollowList', 'OtherPapers']);
const WRITEUP_KINDS: readonly string[] = sectionKind.options;
const DAY_KINDS: readonly string[] = DAY_SECTION_KINDS;

/**
 * Where Sections stand: a write-up kind inside a Paper, a day kind outside, never nested, always closed,
 * and no Paper inside a day section. `lines` are the body's lines with fenced code blanked; `lineOf`
 * turns a body line index into the file's line number.
 */
function sectionProblems(lines: readonly string[], lineOf: (index: number) => number): string[] {
  const problems: string[] = [];
  let paper: string | null = null;
  let section: { kind: string; line: number } | null = null;
  const unclosed = (where: string, why = ''): void => {
    if (section) problems.push(`body (line ${section.line}): <Section kind="${section.kind}"> is not closed before ${where}; add </Section>${why ? ` (${why})` : ''}`);
    section = null;
  };
  lines.forEach((text, i) => {
    const line = lineOf(i);
    const open = SECTION_OPEN.exec(text);
    const paperOpen = PAPER_OPEN.exec(text);
    if (paperOpen) {
      unclosed(`<Paper id="${paperOpen[1]}"> (line ${line})`, 'a day section cannot hold a paper');
      paper = paperOpen[1]!;
    } else if (PAPER_CLOSE.test(text)) {
      unclosed(`</Paper> (line ${line})`);
      paper = null;
    } else if (open) {
      const kind = open[1]!;
      unclosed(`<Section kind="${kind}"> (line ${line})`, 'sections do not nest');
      const known = paper ? WRITEUP_KINDS : DAY_KINDS;
      if (!known.includes(kind)) {
        problems.push(`body (line ${line}): <Section kind="${kind}"> is not a ${paper ? `write-up section kind (inside <Paper id="${paper}">)` : 'day section kind (outside any <Paper>)'}; known: ${known.join(', ')}`);
      }
      section = { kind, line };
    } else if (SECTION_CLOSE.test(text)) {
      if (!section) problems.push(`body (line ${line}): </Section> without an opening <Section kind="…">`);
      section = null;
    }
  });
  unclosed('the end of the file');
  return problems;
}

/** Problems of one file's text (pure; `file` is only used in messages). */
export function checkBriefingText(file: string, text: string, schema: BriefingSchema): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const add = (message: string): void => {
    problems.push({ file, message });
  };
  let parts: { data: unknown; body: string };
  try {
    parts = splitFrontmatter(text, file);
  } catch (error) {
    add((error as Error).message.replace(`${file}: `, ''));
    return problems;
  }
  const result = schema.safeParse(parts.data);
  if (!result.success) {
    for (const line of formatIssues(result.error).split('\n')) add(line);
  }
  const name = path.basename(file, '.mdx');
  const date = result.success ? result.data.date : (parts.data as { date?: unknown } | null)?.date;
  const dateText = date instanceof Date ? date.toISOString().slice(0, 10) : date;
  if (typeof dateText === 'string' && dateText !== name) add(`date: the file is named ${name}.mdx but its date is ${JSON.stringify(dateText)}; name it ${dateText}.mdx`);

  // The body: components and Paper ids. Fenced code is blanked, not removed (the renderer leaves tags
  // there alone), so offsets and line numbers stay those of the file.
  const bodyLines = parts.body.split('\n');
  const fenced = fencedLines(bodyLines);
  const body = bodyLines.map((line, i) => (fenced[i] ? ' '.repeat(line.length) : line)).join('\n');
  const bodyLine = (index: number): number => text.length - parts.body.length + index;
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  for (const m of body.matchAll(/^(import|export)\s/gm)) add(`body (line ${lineOf(bodyLine(m.index))}): "${m[1]}" statements are not allowed in briefings`);
  const featured = new Set(result.success ? result.data.papers.filter((p) => p.featured).map((p) => p.id) : []);
  const seen = new Set<string>();
  const firstBodyLine = lineOf(bodyLine(0));
  // Only live tags count: escaped text (`\<Paper id\=\"x\"\>` from a title) and code spans are text.
  for (const [i, text] of body.split('\n').entries()) {
    const line = firstBodyLine + i;
    for (const tag of liveTags(text)) {
      const shown = tag.closing ? tag.text : `<${tag.name}>`;
      if (!ALLOWED_COMPONENTS.has(tag.name)) {
        add(`body (line ${line}): unknown component <${tag.name}>; briefings may use ${[...ALLOWED_COMPONENTS].map((c) => `<${c}>`).join(', ')}`);
        continue;
      }
      if (text.trim() !== tag.text) add(`body (line ${line}): ${shown} must stand on a line of its own`);
      if (tag.closing) continue;
      if (tag.name === 'Section' && !/^\s*kind="[^"]*"\s*$/.test(tag.attrs)) add(`body (line ${line}): <Section> needs exactly one kind="…" attribute`);
      if (tag.name !== 'Paper') continue;
      const id = /\bid="([^"]*)"/.exec(tag.attrs)?.[1];
      if (!id) {
        add(`body (line ${line}): <Paper> without an id="…" attribute`);
        continue;
      }
      if (result.success && !featured.has(id)) {
        const known = result.data.papers.some((p) => p.id === id);
        add(`body (line ${line}): <Paper id="${id}"> ${known ? 'is not marked featured: true in papers' : 'has no paper with that id in papers'}`);
      }
      if (seen.has(id)) add(`body (line ${line}): <Paper id="${id}"> appears twice`);
      seen.add(id);
    }
  }
  for (const message of sectionProblems(body.split('\n'), (i) => firstBodyLine + i)) add(message);
  return problems;
}

/** Checks every `*.mdx` in `dir`. A missing folder is an empty archive, not an error. */
export async function checkArchive(dir: string, schema: BriefingSchema): Promise<{ files: number; problems: ContentProblem[] }> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const files = names.filter((n) => n.endsWith('.mdx')).sort();
  const problems: ContentProblem[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    problems.push(...checkBriefingText(file, await readFile(file, 'utf8'), schema));
  }
  for (const name of names.filter((n) => n.endsWith('.md'))) {
    problems.push({ file: path.join(dir, name), message: 'briefings must be .mdx files (this .md file is ignored by the site)' });
  }
  return { files: files.length, problems };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } });
  const config = await loadConfig(process.env);
  const dir = path.resolve(values.dir ?? config.archive.briefingsDir);
  const { files, problems } = await checkArchive(dir, createBriefingSchema(config.taxonomy));
  const rel = (f: string): string => path.relative(process.cwd(), f) || f;
  for (const p of problems) console.error(`${rel(p.file)}: ${p.message}`);
  const bad = new Set(problems.map((p) => p.file)).size;
  if (problems.length) {
    console.error(`\ncheck-content: ${problems.length} problem(s) in ${bad} of ${files} file(s) in ${rel(dir)}`);
    process.exit(1);
  }
  console.log(`check-content: ${files} briefing(s) in ${rel(dir)} are valid`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
