/**
 * Reading and writing briefing files on disk.
 *
 * - Files are validated with the briefing schema of the config given (its taxonomy), so a writer and the
 *   schema never disagree about which categories exist.
 * - Writes are atomic (lib/files.ts): a temp file in the same folder, fsync, rename. A crash never leaves half a file.
 * - Every written file records `generator.contentHash`, a SHA-256 of the file as written (computed with a
 *   placeholder in the hash's place). If the file's content no longer matches, a person edited it, and it
 *   is kept unless `force` is given.
 * - An existing briefing is never replaced without `force`, edited or not: an earlier day is never touched
 *   by a routine run.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../lib/files.ts';
import { createBriefingSchema, parseBriefing, type Briefing, type BriefingDraft } from '../../src/schema/briefing.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import { splitFrontmatter } from '../../src/schema/frontmatter.ts';
import { HASH_PLACEHOLDER, renderBriefingMdx } from './render.ts';
import { redactSecretValuesDeep } from '../lib/secrets.ts';

export type WriteStatus = 'created' | 'updated' | 'unchanged' | 'kept-existing' | 'kept-edited';

export interface WriteOptions {
  /** The config the draft was written for (its taxonomy validates the categories, its reader names headings). */
  config: BriefingConfig;
  /** The archive folder (config.archive.briefingsDir, resolved). */
  dir: string;
  /** Replace an existing file, even one edited by hand. */
  force?: boolean;
  /** Render and compare, but write nothing. */
  dryRun?: boolean;
}

export interface WriteOutcome {
  path: string;
  status: WriteStatus;
  /** The MDX that was (or would have been) written. */
  content: string;
}

const HASH_LINE = /contentHash: "(sha256:[0-9a-f]{64}|sha256:pending)"/;

/** The file name of a day's briefing. */
function briefingFileName(date: string): string {
  return `${date}.mdx`;
}

/** Renders the draft, stamps its hash, and writes it (atomically) unless that would lose work. */
export async function writeBriefingFile(draft: BriefingDraft, options: WriteOptions): Promise<WriteOutcome> {
  const date = String(draft.frontmatter.date);
  const file = path.join(options.dir, briefingFileName(date));
  // Model output may repeat a key a server echoed: no secret's value is ever written (scripts/lib/secrets.ts).
  const content = stampHash(renderBriefingMdx(redactSecretValuesDeep(draft, process.env), options.config, file));

  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing !== null) {
    // A rerun differs only in when it ran: keep the file as it is (byte-identical reruns, no churn).
    if (existing === content || (!isEdited(existing) && withoutRunTime(existing) === withoutRunTime(content))) {
      return { path: file, status: 'unchanged', content: existing };
    }
    if (!options.force) return { path: file, status: isEdited(existing) ? 'kept-edited' : 'kept-existing', content };
  }
  if (!options.dryRun) await writeFileAtomic(file, content);
  return { path: file, status: existing === null ? 'created' : 'updated', content };
}

/** Reads and validates a briefing file against the config's taxonomy. Throws an Error naming the file and each bad field. */
export async function readBriefingFile(file: string, config: Pick<BriefingConfig, 'taxonomy'>): Promise<{ frontmatter: Briefing; body: string; edited: boolean }> {
  const text = await readFile(file, 'utf8');
  const { data, body } = splitFrontmatter(text, file);
  return { frontmatter: parseBriefing(createBriefingSchema(config.taxonomy), data, file), body, edited: isEdited(text) };
}

/** True when the file's content differs from what was written (or it never had a hash). */
export function isEdited(text: string): boolean {
  const recorded = text.match(HASH_LINE)?.[1];
  if (!recorded || recorded === HASH_PLACEHOLDER) return true;
  return hashOf(text.replace(HASH_LINE, `contentHash: "${HASH_PLACEHOLDER}"`)) !== recorded;
}

const GENERATED_AT_LINE = /^ {2}generatedAt: "[^"\n]*"$/m;

/** The file without what changes on every run of the same day: the generation time and the hash over it. */
function withoutRunTime(text: string): string {
  return text.replace(HASH_LINE, '').replace(GENERATED_AT_LINE, '');
}

function stampHash(content: string): string {
  if (!content.includes(`contentHash: "${HASH_PLACEHOLDER}"`)) {
    // The draft carried a hash of its own (e.g. re-rendering a read file): reset it.
    content = content.replace(HASH_LINE, `contentHash: "${HASH_PLACEHOLDER}"`);
  }
  return content.replace(`contentHash: "${HASH_PLACEHOLDER}"`, `contentHash: "${hashOf(content)}"`);
}

function hashOf(text: string): string {
  return `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
