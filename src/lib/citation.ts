/**
 * Handing papers to reference managers and giving each a stable address:
 *
 * - BibTeX entries (`@misc` with arXiv's `eprint`/`archivePrefix`), per paper and per day. Every value
 *   is untrusted text (titles and authors come from the sources), so LaTeX's special characters are
 *   escaped and braces always balance: no title can end its field or start another entry.
 * - COinS (`<span class="Z3988" title="ctx_ver=Z39.88-2004&…">`), one per paper on the day page. Zotero's
 *   connector reads Highwire `citation_*` tags as ONE item per page, but a page with several COinS spans
 *   as a list to choose from ("multiple"), which is what a day of papers is. The spans use the Dublin Core
 *   format with `rft.type=preprint`, so Zotero saves a preprint (title, authors, date, arXiv URL,
 *   repository arXiv, categories as tags).
 * - The permalink `/papers/<id>/`: a static page that sends the reader to the paper's anchor on the day it
 *   was first listed (meta refresh, canonical, a plain link; no JavaScript). Old-style ids (cs/0701001)
 *   get a flat, reversible folder name (cs_0701001), since `_` never occurs in an arXiv id.
 *
 * Pure; the build writes the files (src/integrations/papers.ts) and the day page renders the spans
 * (src/components/Citations.astro).
 */
import { ARXIV_ID } from '../schema/briefing.ts';
import { paperKey } from '../data/archive.ts';
import { escapeHtml } from './feed.ts';

export { paperKey };

/** What a citation needs of a paper (a subset of the frontmatter's paper). */
export interface CitablePaper {
  id: string;
  title: string;
  authors: readonly string[];
  /** The paper's date, YYYY-MM-DD. */
  date: string;
  links: { arxiv?: string; pdf?: string };
  venue?: string;
}

/** The folder of a paper's permalink: the id without version, `/` (old-style ids) as `_`. */
export function paperSlug(id: string): string {
  if (!ARXIV_ID.test(id)) throw new Error(`paper permalink: expected an arXiv id such as 2605.29559 or cs/0701001, got ${JSON.stringify(id)}`);
  return paperKey(id).replace('/', '_');
}

/** The site-relative path of a paper's permalink page (`papers/2605.29559/`); prefix it with the base path. */
export function permalinkPath(id: string): string {
  return `papers/${paperSlug(id)}/`;
}

/** The arXiv id of a permalink folder (inverse of `paperSlug`). */
export function idOfSlug(slug: string): string {
  return slug.replace('_', '/');
}

/** Where the paper's abstract page is: its own link, else arxiv.org. */
export function arxivUrl(paper: Pick<CitablePaper, 'id' | 'links'>): string {
  return paper.links.arxiv ?? `https://arxiv.org/abs/${paperKey(paper.id)}`;
}

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/** Plain text as a BibTeX field value: whitespace collapsed, control characters dropped, LaTeX specials escaped. */
export function bibText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\{}#$%&_~^]/g, (c) => LATEX[c]!);
}

/**
 * A URL as a BibTeX `url` value, which biblatex and the url package read verbatim: not escaped, but
 * whitespace, braces and backslashes (which would end or break the field) percent-encoded.
 */
export function bibUrl(url: string): string {
  return url.trim().replace(/[\s{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** One author as BibTeX reads it; a name that holds the word "and" is braced so it stays one name. */
function bibAuthor(name: string): string {
  const text = bibText(name);
  return /\band\b/i.test(text) ? `{${text}}` : text;
}

/** The citation key: `arXiv:` and the id without version. */
export function bibKey(id: string): string {
  return `arXiv:${paperKey(id)}`;
}

/** A BibTeX `@misc` entry for an arXiv paper; `note` (plain text) says where the briefing listed it. */
export function bibEntry(paper: CitablePaper, note?: string): string {
  const fields: [string, string][] = [
    ['title', `{${bibText(paper.title)}}`],
    ...(paper.authors.length ? ([['author', paper.authors.map(bibAuthor).join(' and ')]] as [string, string][]) : []),
    ['year', paper.date.slice(0, 4)],
    ['eprint', paperKey(paper.id)],
    ['archivePrefix', 'arXiv'],
    ['url', bibUrl(arxivUrl(paper))],
    ...(paper.venue ? ([['howpublished', bibText(paper.venue)]] as [string, string][]) : []),
    ...(note ? ([['note', bibText(note)]] as [string, string][]) : []),
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  return `@misc{${bibKey(paper.id)},\n${fields.map(([name, value]) => `  ${name.padEnd(width)} = {${value}}`).join(',\n')}\n}\n`;
}

/** A `.bib` file of entries, with a header line (outside any entry, which BibTeX ignores). */
export function bibFile(header: string, entries: readonly string[]): string {
  return [`% ${bibText(header)}`, '', ...entries].join('\n');
}

/**
 * The OpenURL ContextObject (KEV) of a paper, as COinS carries it: Dublin Core with `rft.type=preprint`.
 * `subjects` become tags in Zotero.
 */
export function coinsContext(paper: CitablePaper, options: { subjects?: readonly string[]; language?: string } = {}): string {
  const pairs: [string, string][] = [
    ['ctx_ver', 'Z39.88-2004'],
    ['rft_val_fmt', 'info:ofi/fmt:kev:mtx:dc'],
    ['rft.type', 'preprint'],
    ['rft.title', paper.title],
    ...paper.authors.map((a): [string, string] => ['rft.creator', a]),
    ['rft.date', paper.date],
    ['rft.publisher', 'arXiv'],
    ['rft_id', arxivUrl(paper)],
    ['rft.identifier', arxivUrl(paper)],
    ...(options.subjects ?? []).map((s): [string, string] => ['rft.subject', s]),
    ...(options.language ? ([['rft.language', options.language]] as [string, string][]) : []),
  ];
  return pairs.map(([key, value]) => `${key}=${encodeURIComponent(value.replace(/\s+/g, ' ').trim())}`).join('&');
}

/** The COinS span of a paper (empty, so nothing shows; Zotero reads its title). */
export function coinsSpan(paper: CitablePaper, options: { subjects?: readonly string[]; language?: string } = {}): string {
  return `<span class="Z3988" title="${escapeHtml(coinsContext(paper, options))}"></span>`;
}

export interface PermalinkPage {
  /** The interface language (`<html lang>`). */
  lang: string;
  /** The page title (plain text). */
  title: string;
  /** Where the reader is sent: the paper's anchor on its day, a site path with the base. */
  target: string;
  /** The absolute URL of the day page (canonical). */
  canonical: string;
  /** The sentence before the link, and the link text (plain text). */
  lead: string;
  linkText: string;
  /** Further links (href, label), e.g. BibTeX and arXiv. */
  links: { href: string; label: string }[];
}

/** The permalink page: no script, no stylesheet; a meta refresh and a link anyone can follow. */
export function permalinkHtml(page: PermalinkPage): string {
  const target = escapeHtml(page.target);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(page.lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<meta http-equiv="refresh" content="0; url=${target}">`,
    `<link rel="canonical" href="${escapeHtml(page.canonical)}">`,
    '<meta name="robots" content="noindex">',
    '</head>',
    '<body>',
    // A lead ending in full-width punctuation (Chinese) takes no space before the link.
    `<p>${escapeHtml(page.lead)}${/[\u3000-\u303f\uff00-\uffef]$/.test(page.lead) ? '' : ' '}<a href="${target}">${escapeHtml(page.linkText)}</a></p>`,
    page.links.length ? `<p>${page.links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join(' · ')}</p>` : '',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Files the build emits as data for a post-build step to write (src/integrations/papers.ts): the
 * permalink pages and `.bib` files are ~90,000 at ten years, far cheaper written as files than rendered
 * as Astro routes one by one.
 */
export interface EmittedFiles {
  version: 1;
  /** Paths relative to the output folder, `/`-separated, inside it. */
  files: { path: string; content: string }[];
}

/** Where the build leaves the emitted files for the post-build step (removed after writing). */
export const EMITTED_FILES_DIR = 'papers/files';
