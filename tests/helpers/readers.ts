/**
 * The feed and BibTeX readers the tests check the site with: Debian's feedparser and bibtexparser, run
 * through tests/helpers/readers.py (`.ci/run` installs both). Tests skip with `noReadersMessage` when
 * /usr/bin/python3 lacks them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(import.meta.dirname, 'readers.py');

function hasModule(name: string): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${name}`], { stdio: 'ignore' }).status === 0;
}

export const hasFeedparser = hasModule('feedparser');
export const hasBibtexparser = hasModule('bibtexparser');
export const noReadersMessage = `${PYTHON} with feedparser and bibtexparser is missing (apt-get install python3-feedparser python3-bibtexparser): skipping the reader checks`;

export interface ParsedFeed {
  bozo: boolean;
  bozo_exception: string;
  version: string;
  title: string;
  language?: string;
  updated?: string;
  links: { rel: string; href: string; type?: string }[];
  entries: { id: string; guidislink: boolean; link: string; title: string; summary: string; content: string[]; published: string; tags: string[] }[];
  /** Elements and attributes that could run script, found in titles, summaries and contents parsed as HTML. */
  danger: { entry: string; field: string; markup: string }[];
}

export interface ParsedBib {
  entries: (Record<string, string> & { ID: string; ENTRYTYPE: string })[];
  /** `@` entries in the file, counted by hand, to compare with what the parser read. */
  declared: number;
}

function run<T>(mode: 'feeds' | 'bib', files: string[]): Record<string, T> {
  return JSON.parse(execFileSync(PYTHON, [SCRIPT, mode, ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Record<string, T>;
}

/** Each feed as feedparser reads it (HTML sanitising off, as a trusting reader would render it). */
export function readFeeds(files: string[]): Record<string, ParsedFeed> {
  return run<ParsedFeed>('feeds', files);
}

/** For each HTML string, the elements and attributes in it that could run script (the same check as for feeds). */
export function liveMarkup(html: string[]): string[][] {
  return JSON.parse(execFileSync(PYTHON, [SCRIPT, 'html'], { input: JSON.stringify(html), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as string[][];
}

/** Each .bib file as bibtexparser reads it. */
export function readBibs(files: string[]): Record<string, ParsedBib> {
  return run<ParsedBib>('bib', files);
}
