/**
 * A briefing body, from its MDX file to the pieces a page renders.
 *
 * Briefing bodies are MDX in a small dialect: Markdown prose (escaped by scripts/mdx/ so it means the
 * same in Markdown and MDX) plus four components on lines of their own:
 *
 *   <Paper id="2605.29559"> … </Paper>   a featured paper's write-up; its header comes from the frontmatter
 *   <Section kind="why"> … </Section>    a standard section, by a stable key: inside a Paper one of the
 *                                        write-up kinds (`sectionKind` in src/schema/briefing.ts), outside
 *                                        one of `DAY_SECTION_KINDS`; its heading is ordinary Markdown
 *   <FollowList />, <OtherPapers />      the follow list and the others table, from the frontmatter
 *
 * Sections do not nest and a day section holds no Paper. Bodies written before sections existed (no
 * `<Section>`) still render; their sections are simply all indexed.
 *
 * Compiling every day as an MDX module costs the bundler about a megabyte per day (ten years would not
 * build in 6 GB), so the site renders the Markdown once when the content is loaded, with the component
 * tags turned into HTML comment markers, and splits the HTML at those markers when a page is built.
 * `scripts/check-content.ts` rejects anything outside the dialect.
 */

/** The day-level section kinds the renderer writes (the write-up kinds are `sectionKind` in the schema). */
export const DAY_SECTION_KINDS = ['overview', 'top', 'follow', 'ideas', 'routes', 'others', 'conclusion'] as const;
export type DaySectionKind = (typeof DAY_SECTION_KINDS)[number];

/**
 * Day sections kept out of the search index: the top-3 list and the reading routes only repeat paper
 * titles the page already holds. (Write-up sections are chosen by `site.unindexedSections`.)
 */
export const UNINDEXED_DAY_SECTIONS: ReadonlySet<string> = new Set<DaySectionKind>(['top', 'routes']);

/** The line that opens a section of `kind`. */
export function sectionOpen(kind: string): string {
  return `<Section kind="${kind}">`;
}

/** The line that closes a section. */
export function sectionClose(): string {
  return '</Section>';
}

/** One piece of a rendered body that is not a section, in document order. */
export type BodyPart =
  | { kind: 'html'; html: string }
  | { kind: 'paper'; id: string; html: string }
  | { kind: 'follow' }
  | { kind: 'others' };

/** A piece of a rendered body: a part, or a day section holding parts (no papers). */
export type BodySegment = BodyPart | { kind: 'section'; section: string; parts: BodyPart[] };

export const PAPER_OPEN = /^\s*<Paper\s+id="([^"]+)"\s*>\s*$/;
export const PAPER_CLOSE = /^\s*<\/Paper>\s*$/;
export const SECTION_OPEN = /^\s*<Section\s+kind="([^"]*)"\s*>\s*$/;
export const SECTION_CLOSE = /^\s*<\/Section>\s*$/;
const FOLLOW = /^\s*<FollowList\s*\/>\s*$/;
const OTHERS = /^\s*<OtherPapers\s*\/>\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** A component tag MDX would read on a line: an unescaped `<` outside code spans, then `Name` or `/Name`. */
export interface LiveTag {
  /** Offset in the line. */
  index: number;
  /** The tag as written, `<Paper id="…">`. */
  text: string;
  name: string;
  attrs: string;
  closing: boolean;
}

const TAG_AT = /^<(\/?)([A-Z][A-Za-z0-9]*)\b([^>]*)>/;

/**
 * The component tags of one line that are live: `\<Paper id\=\"x\"\>` (escaped text, as the renderer writes
 * a title that holds a tag) and `` `</Paper>` `` (a code span) are text, not tags. A backtick run opens a code
 * span only when the same run closes it on the line (the renderer never writes a span across lines).
 */
export function liveTags(line: string): LiveTag[] {
  const tags: LiveTag[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '`') {
      const run = /^`+/.exec(line.slice(i))![0];
      let close = -1;
      for (let j = i + run.length; j < line.length; ) {
        const next = line.indexOf('`', j);
        if (next === -1) break;
        const size = /^`+/.exec(line.slice(next))![0].length;
        if (size === run.length) {
          close = next;
          break;
        }
        j = next + size;
      }
      i = close === -1 ? i + run.length : close + run.length;
    } else if (c === '<') {
      const m = TAG_AT.exec(line.slice(i));
      if (m) tags.push({ index: i, text: m[0], name: m[2]!, attrs: m[3]!, closing: m[1] === '/' });
      i += m ? m[0].length : 1;
    } else {
      i++;
    }
  }
  return tags;
}

/** Markers that survive Markdown rendering verbatim (an HTML comment is its own HTML block). */
const MARK = {
  paper: (id: string) => `<!--pb:paper:${id.replace(/--/g, '')}-->`,
  paperEnd: '<!--pb:/paper-->',
  section: (kind: string) => `<!--pb:section:${kind.replace(/[^\w-]/g, '').replace(/-+/g, '-')}-->`,
  sectionEnd: '<!--pb:/section-->',
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

/** The marker a component line becomes, or null for any other line. */
function markerOf(line: string): string | null {
  const paper = PAPER_OPEN.exec(line);
  if (paper) return MARK.paper(paper[1]!);
  const section = SECTION_OPEN.exec(line);
  if (section) return MARK.section(section[1]!);
  if (PAPER_CLOSE.test(line)) return MARK.paperEnd;
  if (SECTION_CLOSE.test(line)) return MARK.sectionEnd;
  if (FOLLOW.test(line)) return MARK.follow;
  if (OTHERS.test(line)) return MARK.others;
  return null;
}

/** The MDX body as Markdown, component lines replaced by markers (code fences left alone). */
export function bodyToMarkdown(body: string): string {
  const out: string[] = [];
  const lines = body.split('\n');
  const fenced = fencedLines(lines);
  for (const [i, line] of lines.entries()) {
    const marker = fenced[i] ? null : markerOf(line);
    if (marker === null) {
      out.push(line);
      continue;
    }
    // A marker is an HTML block: keep it apart from the text around it.
    out.push(marker, '');
  }
  return out.join('\n');
}

/**
 * A marker is an HTML block of its own, so it stands alone on its line of the rendered HTML. Anchoring to
 * whole lines keeps a marker that text carried somewhere else out: Markdown unescapes a fenced code block's
 * info string into a class attribute (`- ~~~ \<!--pb:follow-->` gives `class="language-<!--pb:follow-->"`).
 */
const MARKERS = /^<!--pb:(paper:[^>]*?|\/paper|section:[\w-]*|\/section|follow|others)-->$/gm;

/**
 * Splits the rendered HTML at the markers into day sections, papers and the two lists. Section markers
 * inside a paper stay in its HTML (see `writeupHtml`). Throws on a paper or section that is opened and
 * never closed, and on anything nested where the dialect does not allow it.
 */
export function splitRenderedBody(html: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let last = 0;
  let paper: { id: string; start: number; sections: number } | null = null;
  let section: { kind: string; parts: BodyPart[] } | null = null;
  const into = (): BodySegment[] => section?.parts ?? segments;
  const pushHtml = (to: number): void => {
    const chunk = html.slice(last, to);
    if (chunk.trim()) into().push({ kind: 'html', html: chunk });
  };
  for (const m of html.matchAll(MARKERS)) {
    const token = m[1]!;
    const isPaper = token.startsWith('paper:') || token === '/paper';
    if (paper && !isPaper) {
      // A write-up's own sections: counted here, rendered by the paper (writeupHtml).
      if (token.startsWith('section:')) {
        if (paper.sections > 0) throw new Error(`<Section kind="${token.slice(8)}"> inside another <Section> of <Paper id="${paper.id}">`);
        paper.sections++;
      } else if (token === '/section') {
        if (paper.sections === 0) throw new Error(`</Section> without an opening <Section kind="…"> in <Paper id="${paper.id}">`);
        paper.sections--;
      } else throw new Error(`<${token === 'follow' ? 'FollowList' : 'OtherPapers'} /> inside <Paper id="${paper.id}">`);
      continue;
    }
    if (token.startsWith('paper:')) {
      const id = token.slice(6);
      if (paper) throw new Error(`<Paper id="${paper.id}"> is not closed before <Paper id="${id}">`);
      if (section) throw new Error(`<Paper id="${id}"> inside <Section kind="${section.kind}">: close the section first`);
      pushHtml(m.index);
      paper = { id, start: m.index + m[0].length, sections: 0 };
    } else if (token === '/paper') {
      if (!paper) throw new Error('</Paper> without an opening <Paper id="…">');
      if (paper.sections > 0) throw new Error(`<Paper id="${paper.id}"> ends inside a <Section> (missing </Section>)`);
      into().push({ kind: 'paper', id: paper.id, html: html.slice(paper.start, m.index) });
      paper = null;
    } else if (token.startsWith('section:')) {
      const kind = token.slice(8);
      if (section) throw new Error(`<Section kind="${kind}"> inside <Section kind="${section.kind}">`);
      pushHtml(m.index);
      section = { kind, parts: [] };
      segments.push({ kind: 'section', section: kind, parts: section.parts });
    } else if (token === '/section') {
      if (!section) throw new Error('</Section> without an opening <Section kind="…">');
      pushHtml(m.index);
      section = null;
    } else {
      pushHtml(m.index);
      into().push({ kind: token === 'follow' ? 'follow' : 'others' });
    }
    last = m.index + m[0].length;
  }
  if (paper) throw new Error(`<Paper id="${paper.id}"> is never closed (missing </Paper>)`);
  if (section) throw new Error(`<Section kind="${section.kind}"> is never closed (missing </Section>)`);
  pushHtml(html.length);
  return segments;
}

/**
 * The attributes of a rendered section's wrapper `<div>`: its kind as `data-section`, and
 * `data-pagefind-ignore` when it is kept out of the search index. One definition for the day sections
 * (spread in BriefingBody.astro) and the write-up sections (`writeupHtml`).
 */
export function sectionAttributes(kind: string, indexed: boolean): Record<string, string> {
  return { class: 'section', 'data-section': kind, ...(indexed ? {} : { 'data-pagefind-ignore': '' }) };
}

/** A paper's write-up HTML with its section markers turned into wrappers (kinds in `unindexed` kept out of the index). */
export function writeupHtml(html: string, unindexed: ReadonlySet<string>): string {
  return html.replace(MARKERS, (_m, token: string) => {
    if (token === '/section') return '</div>';
    if (!token.startsWith('section:')) return '';
    const kind = token.slice(8);
    const attributes = Object.entries(sectionAttributes(kind, !unindexed.has(kind))).map(([name, value]) => (value === '' ? ` ${name}` : ` ${name}="${value}"`));
    return `<div${attributes.join('')}>`;
  });
}
