/**
 * A briefing body, from its MDX file to the pieces a page renders.
 *
 * Briefing bodies are MDX in a small dialect: Markdown prose (escaped by scripts/mdx/ so it means the
 * same in Markdown and MDX) plus three components on lines of their own, `<Paper id="…">…</Paper>`,
 * `<FollowList />` and `<OtherPapers />`. Compiling every day as an MDX module costs the bundler about a
 * megabyte per day (ten years would not build in 6 GB), so the site renders the Markdown once when the
 * content is loaded, with the component tags turned into HTML comment markers, and splits the HTML at
 * those markers when a page is built. `scripts/check-content.ts` rejects anything outside the dialect.
 */

/** One piece of a rendered body, in document order. */
export type BodySegment =
  | { kind: 'html'; html: string }
  | { kind: 'paper'; id: string; html: string }
  | { kind: 'follow' }
  | { kind: 'others' };

const PAPER_OPEN = /^\s*<Paper\s+id="([^"]+)"\s*>\s*$/;
const PAPER_CLOSE = /^\s*<\/Paper>\s*$/;
const FOLLOW = /^\s*<FollowList\s*\/>\s*$/;
const OTHERS = /^\s*<OtherPapers\s*\/>\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Markers that survive Markdown rendering verbatim (an HTML comment is its own HTML block). */
export const MARK = {
  paper: (id: string) => `<!--pb:paper:${id}-->`,
  paperEnd: '<!--pb:/paper-->',
  follow: '<!--pb:follow-->',
  others: '<!--pb:others-->',
} as const;

/**
 * For each line, whether it belongs to a fenced code block (its fence lines included). The one rule for
 * what is code in a body: the renderer leaves component tags there alone, and `npm run check` skips it.
 */
export function fencedLines(lines: readonly string[]): boolean[] {
  const fenced: boolean[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const f = FENCE.exec(line)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length && line.trim() === f) fence = null;
      fenced.push(true);
    } else {
      if (f) fence = f;
      fenced.push(Boolean(f));
    }
  }
  return fenced;
}

/** The MDX body as Markdown, component lines replaced by markers (code fences left alone). */
export function bodyToMarkdown(body: string): string {
  const out: string[] = [];
  const lines = body.split('\n');
  const fenced = fencedLines(lines);
  for (const [i, line] of lines.entries()) {
    if (fenced[i]) {
      out.push(line);
      continue;
    }
    const open = PAPER_OPEN.exec(line);
    if (open) out.push(MARK.paper(open[1]!.replace(/--/g, '')));
    else if (PAPER_CLOSE.test(line)) out.push(MARK.paperEnd);
    else if (FOLLOW.test(line)) out.push(MARK.follow);
    else if (OTHERS.test(line)) out.push(MARK.others);
    else {
      out.push(line);
      continue;
    }
    // A marker is an HTML block: keep it apart from the text around it.
    out.push('');
  }
  return out.join('\n');
}

const MARKERS = /<!--pb:(paper:[^>]*?|\/paper|follow|others)-->/g;

/** Splits the rendered HTML at the markers. Throws on a paper that is opened and never closed. */
export function splitRenderedBody(html: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let last = 0;
  let paper: { id: string; start: number } | null = null;
  const pushHtml = (to: number): void => {
    const chunk = html.slice(last, to);
    if (chunk.trim()) segments.push({ kind: 'html', html: chunk });
  };
  for (const m of html.matchAll(MARKERS)) {
    const token = m[1]!;
    if (token.startsWith('paper:')) {
      if (paper) throw new Error(`<Paper id="${paper.id}"> is not closed before <Paper id="${token.slice(6)}">`);
      pushHtml(m.index);
      paper = { id: token.slice(6), start: m.index + m[0].length };
    } else if (token === '/paper') {
      if (!paper) throw new Error('</Paper> without an opening <Paper id="…">');
      segments.push({ kind: 'paper', id: paper.id, html: html.slice(paper.start, m.index) });
      paper = null;
    } else {
      if (paper) throw new Error(`<${token === 'follow' ? 'FollowList' : 'OtherPapers'} /> inside <Paper id="${paper.id}">`);
      pushHtml(m.index);
      segments.push({ kind: token === 'follow' ? 'follow' : 'others' });
    }
    last = m.index + m[0].length;
  }
  if (paper) throw new Error(`<Paper id="${paper.id}"> is never closed (missing </Paper>)`);
  pushHtml(html.length);
  return segments;
}

/**
 * Wraps each `<hN>` section (N = `level`, default 2) whose heading text is in `headings`, up to the next
 * `<hN>` or the end of the chunk, in `<div data-pagefind-ignore>`. Used for sections that only repeat
 * what the page already says (the top-3 list and reading routes repeat paper titles) and, at level 4,
 * for the commentary sections of a paper write-up (config.site.unindexedSections), so they do not
 * bloat the search index.
 */
export function unindexSections(html: string, headings: readonly string[], level = 2): string {
  if (!headings.length) return html;
  const wanted = new Set(headings.map(normalizeHeading));
  const parts = html.split(new RegExp(`(?=<h${level}[\\s>])`));
  const heading = new RegExp(`^<h${level}[^>]*>([\\s\\S]*?)<\\/h${level}>`);
  return parts
    .map((part) => {
      const m = heading.exec(part);
      return m && wanted.has(normalizeHeading(m[1]!)) ? `<div data-pagefind-ignore>${part}</div>` : part;
    })
    .join('');
}

function normalizeHeading(value: string): string {
  return value
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/\s+/g, ' ')
    .trim();
}
