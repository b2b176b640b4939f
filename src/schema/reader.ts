/**
 * The reader profile is data: `content/reader.yml` (or the file named by `READER_FILE`) says who the
 * briefing is for, what they work on, which papers they liked or disliked, what they do not follow and who
 * may send feedback. `resolveConfig` (src/schema/config.ts) loads it into the resolved config's `reader`,
 * so the pipeline, the writers, the renderer and the site all read the same reader, never from code, and
 * another reader is another file (see tests/fixtures/rank/ for one in another field).
 *
 * Validated with zod; every error names the file, the field and the value.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** An arXiv id without version (the form feedback and likes use). */
export const BARE_ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });
const arxivIdField = z
  .string()
  .trim()
  .transform((s) => s.replace(/v\d+$/, ''))
  .refine((s) => BARE_ARXIV_ID.test(s), { error: (iss) => `expected an arXiv id such as 2605.29559, got ${JSON.stringify(iss.input)}` });

export const interestSchema = z.strictObject({
  /** Stable id, used in matched-topic lists and in the frontmatter's `topics` (e.g. `agent`). */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: (iss) => `expected a lowercase id (letters, digits, hyphens), got ${JSON.stringify(iss.input)}` }),
  /** Human label in each language. */
  label: z.strictObject({ zh: nonEmpty, en: nonEmpty }),
  /**
   * English keywords and phrases. Multi-word phrases ("world model", "tool use") carry a paper; a generic
   * single word ("agent", "RL", "LoRA") only adds a little and never carries a paper on its own.
   */
  keywords: z.array(nonEmpty).min(1, { error: 'expected at least one keyword' }),
  /** Chinese keywords, matched as substrings of Chinese text. */
  keywordsZh: z.array(nonEmpty).optional(),
  /** Relative weight (default 1). */
  weight: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v),
    z
      .number({ error: (iss) => `expected a number, got ${JSON.stringify(iss.input)}` })
      .positive({ error: (iss) => `expected a positive number, got ${JSON.stringify(iss.input)}` })
      .max(3, { error: (iss) => `at most 3, got ${JSON.stringify(iss.input)}` }),
  ).optional(),
});
export type Interest = z.infer<typeof interestSchema>;

export const readerProfileSchema = z
  .strictObject({
    /** How the briefing addresses the reader ("与 wenjun 研究方向的关系"). */
    name: nonEmpty,
    interests: z.array(interestSchema).min(1, { error: 'expected at least one interest' }),
    /**
     * Topics the reader does not follow (phrases, matched like interest keywords). A paper whose title or
     * Hugging Face keywords name one ranks lower, unless it also matches an interest phrase.
     */
    avoid: z.array(nonEmpty).default([]),
    /** Papers the reader liked, by arXiv id: examples of what to rank high. */
    likes: z.array(arxivIdField).default([]),
    /** Papers the reader disliked, by arXiv id: never featured, and similar papers rank lower. */
    dislikes: z.array(arxivIdField).default([]),
    feedback: z
      .strictObject({
        /** The feedback log (JSON Lines, scripts/rank/feedback.ts), relative to the project root. */
        file: nonEmpty.default('content/reader/feedback.jsonl'),
        /** GitHub logins whose feedback issues are accepted, besides the repository owner. */
        from: z.array(z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { error: (iss) => `expected a GitHub login, got ${JSON.stringify(iss.input)}` })).default([]),
      })
      .default({ file: 'content/reader/feedback.jsonl', from: [] }),
  })
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    p.interests.forEach((interest, i) => {
      if (seen.has(interest.id)) ctx.addIssue({ code: 'custom', path: ['interests', i, 'id'], message: `duplicate interest id (also interests[${seen.get(interest.id)}])`, input: interest.id });
      seen.set(interest.id, i);
    });
    const liked = new Set(p.likes);
    p.dislikes.forEach((id, i) => {
      if (liked.has(id)) ctx.addIssue({ code: 'custom', path: ['dislikes', i], message: 'listed under likes too', input: id });
    });
  });
export type ReaderProfile = z.infer<typeof readerProfileSchema>;

export class ReaderProfileError extends Error {}

/** `file: field.path: message (got value)`, one line per problem. */
export function formatProfileIssues(error: z.ZodError, file: string): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '') : '(root)';
      const value = 'input' in issue && issue.input !== undefined && !issue.message.includes('got ') ? ` (got ${JSON.stringify(issue.input)})` : '';
      return `${file}: ${field}: ${issue.message}${value}`;
    })
    .join('\n');
}

/** Parses a profile from YAML text. Throws `ReaderProfileError` naming the file, field and value. */
export function parseReaderProfile(text: string, file: string): ReaderProfile {
  let data: unknown;
  try {
    // Failsafe schema: every scalar is a string, so an unquoted id such as 2605.10100 keeps its trailing
    // zeros instead of becoming the number 2605.101 (numbers, like weights, are converted by the schema).
    data = parseYaml(text, { schema: 'failsafe' });
  } catch (error) {
    throw new ReaderProfileError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const result = readerProfileSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw new ReaderProfileError(`invalid reader profile\n${formatProfileIssues(result.error, file)}`);
  return result.data;
}

/**
 * The project root: the folder holding briefing.config.ts. This module's own location when run by Node;
 * inside a bundle (the Astro build moves modules into chunks) the nearest ancestor of the working directory
 * that holds briefing.config.ts.
 */
export function projectRoot(cwd: string = process.cwd()): string {
  const own = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  if (existsSync(path.join(own, 'briefing.config.ts'))) return own;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'briefing.config.ts'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

const cache = new Map<string, { text: string; profile: ReaderProfile }>();

/** Reads and validates a profile file (parsed once while its text is unchanged). */
export function loadReaderProfile(file: string): ReaderProfile {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReaderProfileError(
      code === 'ENOENT'
        ? `${abs}: reader profile not found (set reader.file in briefing.config.ts or READER_FILE; see README "The reader profile")`
        : `${abs}: ${(error as Error).message}`,
    );
  }
  const hit = cache.get(abs);
  if (hit && hit.text === text) return hit.profile;
  const profile = parseReaderProfile(text, displayPath(abs));
  cache.set(abs, { text, profile });
  return profile;
}

/** A path as the user wrote it where possible: relative to the working directory when inside it. */
export function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

