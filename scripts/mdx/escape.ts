/**
 * Escaping for untrusted text (paper titles, abstracts, authors, LLM output, imported prose) that goes
 * into an MDX body. MDX treats `{…}` as JavaScript, `<x` as JSX and lines starting with `import`/`export`
 * as ES modules, so unescaped text could break the build or inject markup. Two modes:
 *
 * - `escapeText`: the string is shown literally, as one line. Every ASCII punctuation character is
 *   backslash-escaped (CommonMark allows that for all of them), so nothing is Markdown or MDX syntax.
 * - `escapeMarkdown`: the string is Markdown prose (lists, emphasis, tables, code, links stay). Only what
 *   MDX would execute or what would be unsafe is neutralised: braces, `<`, `&`, backslashes, unmatched
 *   backticks, ESM-looking lines, non-http(s) links, images, top-level headings, unclosed code fences.
 *
 * Both assume Markdown's "smart punctuation" is off (astro.config.mjs), so text renders exactly as given.
 */

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
/** C0/C1 control characters except tab and newline; they have no business in prose. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A line MDX would read as an ES module statement. */
const ESM_LINE = /^(\s*)(import|export)\b/;

/** Literal inline text: renders as exactly the given characters (whitespace runs collapse, as in HTML). */
export function escapeText(value: string): string {
  const flat = value.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  const escaped = flat.replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
  return neutraliseEsm(escaped);
}

/**
 * Literal text for use inside a Markdown prose field (e.g. an abstract sentence quoted in a write-up):
 * every ASCII punctuation character is backslash-escaped, so `escapeMarkdown` keeps it and it renders
 * as exactly the given characters. Unlike `escapeText` it leaves line-start ESM to `escapeMarkdown`.
 */
export function escapeLiteral(value: string): string {
  return value.replace(CONTROL, '').replace(/\s+/g, ' ').trim().replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/** Markdown prose, made safe for MDX. Returns a string without leading/trailing blank lines. */
export function escapeMarkdown(value: string): string {
  const lines = value.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(/\t/g, '    ').split('\n');
  const out: string[] = [];
  let fence: { char: string; size: number } | null = null;
  for (const line of lines) {
    if (fence) {
      // MDX has no indented code, so a closing fence may be indented any amount (CommonMark: 0-3 spaces).
      // Missing one would leave what follows it unescaped: an expression run at build time. The close is
      // written unindented, so the site's Markdown renderer and the line scanners (src/lib/briefingBody.ts)
      // end the block on the same line as MDX does, instead of letting it swallow the closing tags.
      const close = line.match(/^\s*(`{3,}|~{3,})\s*$/);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.size) {
        out.push(close[1]);
        fence = null;
      } else out.push(line);
      continue;
    }
    // CommonMark: a backtick fence's info string has no backticks; a tilde fence's may (`~~~```` opens one).
    const open = line.match(/^ {0,3}(?:(`{3,})([^`]*)|(~{3,})(.*))$/);
    const marker = open?.[1] ?? open?.[3];
    if (open && marker) {
      fence = { char: marker[0] ?? '`', size: marker.length };
      // The info string is text too (a language name); keep only safe characters.
      out.push(`${marker}${(open[2] ?? open[4] ?? '').replace(/[^\w+#.-]/g, '')}`);
      continue;
    }
    out.push(escapeMarkdownLine(noSetextUnderline(line, out[out.length - 1])));
  }
  // An unclosed fence would swallow the rest of the document, including closing component tags.
  if (fence) out.push(fence.char.repeat(fence.size));
  return trimBlankLines(out).join('\n');
}

/** A line of only `=` or `-` (inside quotes or list items too): under a paragraph it makes a heading. */
const SETEXT_UNDERLINE = /^((?:\s*>)*\s*)(=+|-+)\s*$/;

/**
 * `Title⏎===` and `Title⏎---` are headings (h1/h2) that would break the briefing's outline, like the `#`
 * headings demoted below: the underline is escaped and shows as the characters written. A `---` after
 * a blank line, a heading, a fence or a table row is a thematic break and stays one.
 */
function noSetextUnderline(line: string, previous: string | undefined): string {
  const m = line.match(SETEXT_UNDERLINE);
  if (!m) return line;
  const afterText = previous !== undefined && !/^(?:\s*>)*\s*$/.test(previous) && !/^\s*(?:#|`{3,}|~{3,})/.test(previous) && !previous.includes('|');
  if (m[2]![0] === '-' && !afterText) return line;
  return `${m[1]}\\${line.slice(m[1]!.length)}`;
}

/** One line outside code fences: escape text runs, keep matched inline code spans verbatim. */
function escapeMarkdownLine(line: string): string {
  // Headings inside prose would break the briefing's outline: demote them below the section headings.
  const source = line.replace(/^ {0,3}(#{1,6})(?=\s|$)/, (_m, hashes: string) => '#'.repeat(Math.max(4, hashes.length)));
  let result = '';
  let i = 0;
  while (i < source.length) {
    const tick = nextUnescapedTick(source, i);
    if (tick === -1) {
      result += escapeProseRun(source.slice(i));
      break;
    }
    result += escapeProseRun(source.slice(i, tick));
    const run = source.slice(tick).match(/^`+/)?.[0] ?? '`';
    const close = findClosingTicks(source, tick + run.length, run.length);
    if (close === -1) {
      result += run.replace(/`/g, '\\`');
      i = tick + run.length;
    } else {
      result += source.slice(tick, close + run.length);
      i = close + run.length;
    }
  }
  return neutraliseEsm(result);
}

/** The next backtick that is not a Markdown escape (`\``), or -1. */
function nextUnescapedTick(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && /[!-/:-@[-`{-~]/.test(s[i + 1] ?? '')) i++;
    else if (c === '`') return i;
  }
  return -1;
}

function findClosingTicks(s: string, from: number, size: number): number {
  let i = from;
  while (i < s.length) {
    const next = s.indexOf('`', i);
    if (next === -1) return -1;
    const run = s.slice(next).match(/^`+/)?.[0].length ?? 1;
    if (run === size) return next;
    i = next + run;
  }
  return -1;
}

/** An explicit Markdown link (or image) in raw prose; policed by `escapeProseText`. */
const EXPLICIT_LINK = /!?\[[^\]]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g;
/** A bare web address, as GFM would autolink it (it ends at whitespace or `<`). */
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<>]+/gi;

/** Prose outside code: escape what MDX executes, keep Markdown, and police links. */
function escapeProseRun(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(EXPLICIT_LINK)) {
    // An unsafe link is plain text: its bare URLs must be converted like any other (GFM would autolink them).
    if (m[0].replace(/^!/, '').match(SAFE_LINK)?.[0].length !== m[0].replace(/^!/, '').length) continue;
    out += escapeBareUrls(text.slice(last, m.index)) + escapeProseText(m[0]);
    last = (m.index ?? 0) + m[0].length;
  }
  return out + escapeBareUrls(text.slice(last));
}

/**
 * Bare URLs become explicit links. Inside a GFM autolink literal, backslash escapes are not processed:
 * `https://x.example/a\<b>` kept the backslash in the link and left `<b>` to be parsed as JSX (a
 * compile error), and `\{` showed up as text and corrupted the href. As `[escaped text](encoded url)`
 * the URL renders as exactly its text and what follows it is escaped normally.
 */
function escapeBareUrls(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(BARE_URL)) {
    const start = m.index ?? 0;
    // Converted wherever it stands: after a blockquote marker or emphasis GFM may autolink it, and an
    // explicit link renders the same text where GFM would not have.
    const url = trimUrl(m[0]);
    if (!/[.]/.test(url.replace(/^(?:https?:\/\/|www\.)/i, ''))) continue;
    out += noImageBang(escapeProseText(text.slice(last, start))) + explicitLink(url);
    last = start + url.length;
  }
  return out + escapeProseText(text.slice(last));
}

/** A `!` right before a link we add would make it an image: escape it (unless it already is). */
function noImageBang(before: string): string {
  const bang = before.match(/(\\*)!$/);
  return bang && (bang[1] ?? '').length % 2 === 0 ? `${before.slice(0, -1)}\\!` : before;
}

/** GFM's end of an autolink: no trailing punctuation, no unbalanced `)`, no trailing entity. */
function trimUrl(url: string): string {
  let u = url;
  for (;;) {
    const entity = u.match(/&[A-Za-z0-9]+;$/);
    if (entity) u = u.slice(0, -entity[0].length);
    else if (/[?!.,:*_~'";]$/.test(u)) u = u.slice(0, -1);
    else if (u.endsWith(')') && (u.match(/\(/g)?.length ?? 0) < (u.match(/\)/g)?.length ?? 0)) u = u.slice(0, -1);
    else return u;
  }
}

function explicitLink(url: string): string {
  const label = url.replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
  const href = (/^www\./i.test(url) ? `http://${url}` : url)
    .replace(/[\s<>(){}\\`"'|^\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replace(/&/g, '\\&');
  return `[${label}](${href})`;
}

/** Text (and explicit links) outside code: escape what MDX executes, keep Markdown, police links. */
function escapeProseText(text: string): string {
  // A backslash before ASCII punctuation is a Markdown escape: keep the pair, so prose can hold literal
  // text (`\*`, `\{`, see `escapeLiteral`). Any other backslash, brace, `<` or `&` is escaped.
  let s = text.replace(/\\[!-/:-@[-`{-~]|[\\{}<&]/g, (c) => (c.length === 2 ? c : `\\${c}`));
  // Images would load third-party content: show them as links instead.
  s = s.replace(/!\[/g, '\\![');
  return policeBrackets(s);
}

/**
 * A link whose whole syntax is on this run: a label without brackets and an http(s) or in-page target
 * (one level of balanced parentheses, as in Wikipedia addresses), optionally a `"title"`.
 */
const SAFE_LINK = /^\[[^[\]]*\]\((?:https?:\/\/(?:[^\s()<>]|\([^\s()<>]*\))+|#[\w.-]+)(?:\s+"[^"]*")?\)/i;

/**
 * Every `[` that does not open a complete safe link is escaped. Markdown links can be spread over lines
 * (`[x](⏎javascript:…)`), nested (`[a [b](javascript:…) c](https://…)`), titled with `'…'` or `(…)`, or
 * defined by reference (`[r]: javascript:…`, also inside a quote or list item); none of those can form
 * without an unescaped `[`, so only links checked here remain links.
 */
function policeBrackets(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\\') {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (c === '[') {
      const link = text.slice(i).match(SAFE_LINK)?.[0];
      out += link ?? '\\[';
      i += link ? link.length : 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** MDX reads `import`/`export` at a line start as ESM; a character reference for the first letter is not. */
function neutraliseEsm(line: string): string {
  return line.replace(ESM_LINE, (_m, indent: string, word: string) => `${indent}&#${word.charCodeAt(0)};${word.slice(1)}`);
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.trim() === '') start++;
  while (end > start && lines[end - 1]?.trim() === '') end--;
  return lines.slice(start, end);
}

/** A JSX string attribute value (`id="…"`): only for ids and slugs we validated; refuses anything else. */
export function attributeValue(value: string): string {
  if (!/^[\w./-]+$/.test(value)) throw new Error(`unsafe attribute value ${JSON.stringify(value)}`);
  return value;
}
