/**
 * The list-like sections of a personalised briefing: top 3 (+ alternate), repos/models/datasets to
 * follow, reading routes, and the table of other papers (a Markdown pipe table, a tab-separated one,
 * or one whose cells were flattened together by a copy from a web page).
 */
import { isAlternateLabel, isFollowReasonLabel, isFollowSecondaryLabel, isFollowVerifyLabel, isTopReasonLabel, fieldKind, othersColumn, OTHERS_COLUMN_WORDS, type OthersColumn } from './labels.ts';
import { arxivIdFromUrl, githubRepoFromUrl, hfResourceFromUrl, urlsIn } from './links.ts';
import { emptyPaper, type LegacyFollowItem, type LegacyPaper, type LegacyTopItem } from './model.ts';
import type { ReportSink } from './report.ts';
import { daysIn, isDay, isRule, oneLine, splitLabel, stripEmphasis, type SourceLine } from './text.ts';

const BULLET = /^(\s*)(?:[-•*·●▪]|\d{1,2}[.)、])\s+(.*)$/;

export interface TopSection {
  items: LegacyTopItem[];
  alternate?: LegacyTopItem;
  /** Lines that were neither an item nor a reason. */
  loose: SourceLine[];
}

export function parseTop(lines: SourceLine[]): TopSection {
  const items: LegacyTopItem[] = [];
  let alternate: LegacyTopItem | undefined;
  const loose: SourceLine[] = [];
  let current: LegacyTopItem | undefined;
  for (const l of lines) {
    const text = l.text.trim();
    if (!text || isRule(text)) continue;
    const bullet = BULLET.exec(l.text);
    const content = bullet ? bullet[2]!.trim() : text;
    const labelled = splitLabel(content);
    if (labelled && isAlternateLabel(labelled.label)) {
      alternate = { title: '', reason: labelled.value, line: l.no };
      current = alternate;
    } else if (labelled && isTopReasonLabel(labelled.label) && current) {
      current.reason = current.reason ? `${current.reason}\n${labelled.value}` : labelled.value;
    } else if (bullet && !alternate) {
      current = { title: oneLine(content), reason: '', line: l.no };
      items.push(current);
    } else if (current) {
      current.reason = current.reason ? `${current.reason}\n${content}` : content;
    } else {
      loose.push(l);
    }
  }
  return { items, alternate, loose };
}

export interface FollowSection {
  items: LegacyFollowItem[];
  note: string[];
}

/** "HF Dataset", "GitHub", a URL, or words in an item's own text → its kind. */
function kindFrom(text: string, url: string | undefined, strict: boolean): LegacyFollowItem['kind'] {
  if (url) {
    if (githubRepoFromUrl(url)) return 'repo';
    const hf = hfResourceFromUrl(url);
    if (hf) return hf.kind;
  }
  if (/\bdatasets?\b|数据集/i.test(text)) return 'dataset';
  if (/\bmodels?\b|模型/i.test(text)) return 'model';
  if (/\b(repo|repository|github)\b|仓库/i.test(text)) return 'repo';
  if (!strict && /数据|\bdata\b/i.test(text)) return 'dataset';
  return null;
}

const OWNER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

function newFollowItem(content: string, line: number, raw: string): LegacyFollowItem {
  const urls = urlsIn(content);
  const url = urls[0];
  const labelled = splitLabel(content.replace(/https?:\/\/\S+/g, (u) => u.replace(/:/g, '\u0000')), 60);
  const label = stripEmphasis((labelled ? labelled.label : content).replace(/\u0000/g, ':')).replace(/\s*[(（].*$/, '').trim();
  const rest = labelled ? labelled.value.replace(/\u0000/g, ':') : '';
  const restIsUrl = url !== undefined && rest.trim() === url;
  let name: string | null = null;
  if (url) name = githubRepoFromUrl(url) ?? hfResourceFromUrl(url)?.name ?? null;
  if (!name && OWNER_NAME.test(label)) name = label;
  return {
    kind: url ? kindFrom('', url, true) : null,
    name,
    label,
    url,
    stars: null,
    verified: false,
    reason: restIsUrl ? '' : rest,
    line,
    raw: [raw],
  };
}

/** Stars only when the text states them ("约 385 stars", "1.2k ⭐"). */
export function starsIn(text: string): number | null {
  const m = /([\d][\d,]*(?:\.\d+)?)\s*([kK])?\s*(?:stars?|★|⭐|颗星)/.exec(text);
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, '')) * (m[2] ? 1000 : 1);
  return Number.isFinite(n) ? Math.round(n) : null;
}

export function parseFollow(lines: SourceLine[], sink: ReportSink, where: string): FollowSection {
  const items: LegacyFollowItem[] = [];
  const note: string[] = [];
  let current: LegacyFollowItem | undefined;
  let secondary: string | null = null;
  /** "可补充跟进:" on its own line: written to the note only if one of its items stays prose. */
  let secondaryHeader: string | null = null;
  let itemIndent = -1;

  const addSecondary = (content: string, line: number, raw: string) => {
    const item = newFollowItem(content, line, raw);
    item.kind = kindFrom(`${item.label} ${item.reason}`, item.url, false);
    item.reason = item.reason ? `${secondary}:${item.reason}` : `${secondary}${item.label && item.name !== item.label ? `:${item.label}` : ''}`;
    if (item.kind && item.name) items.push(item);
    else {
      if (secondaryHeader) {
        note.push(secondaryHeader);
        secondaryHeader = null;
      }
      note.push(`- ${content}`);
      sink.unmapped(line, `${where} › ${secondary}`, content);
    }
  };

  for (const l of lines) {
    const text = l.text.trim();
    if (!text || isRule(text)) continue;
    const bullet = BULLET.exec(l.text);
    const indent = bullet ? bullet[1]!.replace(/\t/g, '    ').length : -1;
    const content = bullet ? bullet[2]!.trim() : text;
    const labelled = splitLabel(content);

    if (labelled && isFollowSecondaryLabel(labelled.label)) {
      secondary = labelled.label;
      current = undefined;
      if (note.length) note.push(''); // its own paragraph in the note
      if (labelled.value) {
        // Inline list: "Skill0.5 repo(https://…)、CorVer repo(https://…)。"
        const parts = labelled.value.replace(/[。.]$/, '').split(/[、;；]|,(?=\s*\S+\s*(?:repo|model|dataset)?\s*[(（]https?:)/);
        for (const part of parts.map((p) => p.trim()).filter(Boolean)) {
          const m = /^(.*?)\s*[(（](https?:\/\/[^)）]+)[)）]\s*$/.exec(part);
          addSecondary(m ? `${m[1]}:${m[2]}` : part, l.no, l.text);
        }
      } else {
        secondaryHeader = text;
      }
      continue;
    }
    if (current && labelled && (indent < 0 || indent > itemIndent || !bullet || isKnownFollowLabel(labelled.label))) {
      const field = fieldKind(labelled.label);
      if (isFollowReasonLabel(labelled.label)) {
        current.reason = current.reason ? `${current.reason} ${labelled.value}` : labelled.value;
        current.stars ??= starsIn(labelled.value);
        current.raw.push(l.text);
        continue;
      }
      if (isFollowVerifyLabel(labelled.label)) {
        current.verified = true;
        current.stars = starsIn(labelled.value) ?? current.stars;
        current.updated = daysIn(labelled.value)[0] ?? current.updated;
        const v = `${labelled.label}:${labelled.value}`;
        current.reason = current.reason ? `${v} ${current.reason}` : v;
        current.raw.push(l.text);
        continue;
      }
      if (field === 'link') {
        const url = urlsIn(labelled.value)[0];
        if (url && !current.url) current.url = url;
        current.kind ??= kindFrom(labelled.value, url, true);
        if (!current.name && url) current.name = githubRepoFromUrl(url) ?? hfResourceFromUrl(url)?.name ?? null;
        // Whatever the item's one URL and kind do not cover (a second link, words) joins its reason.
        const rest = (current.url ? labelled.value.replace(current.url, '') : labelled.value).trim();
        if (/[\p{L}\p{N}]/u.test(rest.replace(/hf|hugging ?face|github|datasets?|models?|repo(?:sitory)?|数据集|模型|仓库/gi, ''))) {
          const v = `${labelled.label}:${rest}`;
          current.reason = current.reason ? `${current.reason} ${v}` : v;
        }
        current.raw.push(l.text);
        continue;
      }
      if (field === 'category') {
        current.categoryText = labelled.value;
        current.raw.push(l.text);
        continue;
      }
    }
    if (bullet && secondary) {
      addSecondary(content, l.no, l.text);
      continue;
    }
    if (bullet && (itemIndent < 0 || indent <= itemIndent || !labelled || !current)) {
      current = newFollowItem(content, l.no, l.text);
      itemIndent = indent;
      items.push(current);
      continue;
    }
    if (current) {
      // Free text under an item: part of its reason.
      current.reason = current.reason ? `${current.reason} ${content}` : content;
      current.raw.push(l.text);
      continue;
    }
    note.push(l.text);
  }
  return { items, note };
}

function isKnownFollowLabel(label: string): boolean {
  const f = fieldKind(label);
  return isFollowReasonLabel(label) || isFollowVerifyLabel(label) || f === 'link' || f === 'category';
}

/** `- 如果今天只看 X:A → B → C` → theme and path. */
export function parseRoutes(lines: SourceLine[]): { routes: Array<{ theme: string; path: string }>; loose: SourceLine[] } {
  const routes: Array<{ theme: string; path: string }> = [];
  const loose: SourceLine[] = [];
  for (const l of lines) {
    const text = l.text.trim();
    if (!text || isRule(text)) continue;
    const bullet = BULLET.exec(l.text);
    const content = bullet ? bullet[2]!.trim() : text;
    const labelled = splitLabel(content, 80);
    if (labelled && labelled.value) routes.push({ theme: labelled.label, path: labelled.value });
    else if (!bullet && routes.length) routes[routes.length - 1]!.path += ` ${content}`;
    else loose.push(l);
  }
  return { routes, loose };
}

// ---------------------------------------------------------------------------------------------------
// The others table
// ---------------------------------------------------------------------------------------------------

export interface OthersSection {
  papers: LegacyPaper[];
  /** Rows that could not be read as a paper, kept as prose. */
  loose: SourceLine[];
  /** The label of the comment column ("快评"), merged into each contribution. */
  commentLabel: string | null;
}

function splitPipeRow(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const s = text.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += s[i];
  }
  cells.push(cell.trim());
  return cells;
}

/** A header flattened into one word run ("类别标题链接日期一句话核心贡献快评") → its columns. */
function flattenedHeader(text: string): Array<{ column: OthersColumn; word: string }> | null {
  let rest = text.trim();
  const columns: Array<{ column: OthersColumn; word: string }> = [];
  while (rest) {
    const next = OTHERS_COLUMN_WORDS.flatMap((c) => c.words.map((w) => ({ column: c.column, word: w }))).find((c) => rest.toLowerCase().startsWith(c.word.toLowerCase()));
    if (!next) return null;
    columns.push(next);
    rest = rest.slice(next.word.length).trim();
  }
  return columns.length >= 3 ? columns : null;
}

export function parseOthers(lines: SourceLine[], docText: string, sink: ReportSink, where: string): OthersSection {
  const papers: LegacyPaper[] = [];
  const loose: SourceLine[] = [];
  let columns: Array<OthersColumn | null> | null = null;
  let mode: 'pipe' | 'tab' | 'flat' | null = null;
  let flatColumns: Array<{ column: OthersColumn; word: string }> | null = null;
  let commentLabel: string | null = null;
  /** A pipe table's header and separator, so a row kept as prose still renders as a table. */
  const tableHead: SourceLine[] = [];

  for (const l of lines) {
    const text = l.text.trim();
    if (!text || isRule(text)) continue;
    if (!columns && !flatColumns) {
      if (text.startsWith('|')) {
        const cells = splitPipeRow(text);
        columns = cells.map(othersColumn);
        commentLabel = cells[columns.indexOf('comment')] ?? null;
        mode = 'pipe';
        tableHead.push(l);
        if (columns.filter(Boolean).length < 2) loose.push(l);
        continue;
      }
      if (text.includes('\t')) {
        const cells = text.split('\t').map((c) => c.trim());
        const cols = cells.map(othersColumn);
        if (cols.filter(Boolean).length >= 2) {
          columns = cols;
          commentLabel = cells[cols.indexOf('comment')] ?? null;
          mode = 'tab';
          continue;
        }
      }
      const flat = flattenedHeader(text);
      if (flat) {
        flatColumns = flat;
        commentLabel = flat.find((c) => c.column === 'comment')?.word ?? null;
        mode = 'flat';
        continue;
      }
      loose.push(l);
      continue;
    }
    if (mode === 'pipe' && /^\|?\s*:?-{3,}/.test(text)) {
      tableHead.push(l);
      continue;
    }
    let cells: Partial<Record<OthersColumn, string>> | null = null;
    if ((mode === 'pipe' && text.startsWith('|')) || (mode === 'tab' && text.includes('\t'))) {
      const raw = mode === 'pipe' ? splitPipeRow(text) : text.split('\t').map((c) => c.trim());
      cells = {};
      raw.forEach((c, i) => {
        const col = columns![i];
        if (col) cells![col] = c;
      });
    } else if (mode === 'flat') {
      cells = splitFlatRow(text, flatColumns!, docText.replace(l.text, ''), l.no, sink);
    }
    const paper = cells ? paperFromRow(cells, l, commentLabel) : null;
    if (paper) {
      if (mode === 'pipe') paper.raw = [...tableHead, l];
      papers.push(paper);
    }
    else {
      loose.push(l);
      sink.unmapped(l.no, where, text);
    }
  }
  return { papers, loose, commentLabel };
}

function paperFromRow(cells: Partial<Record<OthersColumn, string>>, l: SourceLine, commentLabel: string | null): LegacyPaper | null {
  const linkCell = cells.link ?? '';
  const url = urlsIn(linkCell)[0] ?? urlsIn(cells.title ?? '')[0];
  const found = url ? arxivIdFromUrl(url) : null;
  // A title written as a Markdown link: [Title](https://…)
  const titleCell = (cells.title ?? '').replace(/^\[(.*)\]\((https?:\/\/[^)]+)\)$/, '$1');
  const title = oneLine(titleCell);
  if (!title) return null;
  const paper = emptyPaper(l.no, title);
  paper.title = title;
  paper.featured = false;
  paper.raw = [l];
  if (found && url) {
    paper.id = found.id;
    if (found.via === 'arxiv') paper.links.arxiv = url;
    else paper.links.hf = url;
  }
  if (cells.category) {
    paper.categoryText = oneLine(cells.category);
    paper.categoryLine = l.no;
  }
  const day = cells.date ? daysIn(cells.date)[0] : undefined;
  if (day && isDay(day)) paper.date = day;
  const contribution = oneLine(cells.contribution ?? '');
  const comment = oneLine(cells.comment ?? '');
  paper.contribution = comment ? `${contribution} ${commentLabel ?? ''}${commentLabel ? ':' : ''}${comment}`.trim() : contribution;
  return paper;
}

/**
 * A row whose cells were pasted without separators:
 * `LLM Agent / SafetyAgentDoG 1.5: A …https://huggingface.co/papers/2605.298012026-05-28面向…。对…`.
 * The link and date are unambiguous; the category/title boundary is the first place a capital follows a
 * letter with no space, preferring one whose title word the briefing mentions elsewhere ("CONF-KV").
 */
function splitFlatRow(
  text: string,
  columns: Array<{ column: OthersColumn }>,
  restOfDoc: string,
  line: number,
  sink: ReportSink,
): Partial<Record<OthersColumn, string>> | null {
  const order = columns.map((c) => c.column).join(',');
  if (!order.startsWith('category,title,link,date')) return null;
  const m = /^(.*?)(https?:\/\/\S*?\/(\d{4}\.\d{4,5}))(\d{4}-\d{2}-\d{2})(.*)$/.exec(text);
  if (!m) return null;
  const head = m[1]!;
  const split = splitCategoryTitle(head, restOfDoc);
  if (!split) return null;
  if (split.alternatives.length) {
    sink.note(`line ${line}: table cells were run together; read category "${split.category}" and title "${split.title}" (other possible splits: ${split.alternatives.map((a) => `"${a}"`).join(', ')})`);
  }
  const tail = m[5]!;
  const cells: Partial<Record<OthersColumn, string>> = { category: split.category, title: split.title, link: m[2]!, date: m[4]! };
  const hasComment = columns.some((c) => c.column === 'comment');
  if (hasComment) {
    const end = /[。！？!?]|\.\s+(?=[A-Z])/.exec(tail);
    const cut = end ? end.index + end[0].length : tail.length;
    cells.contribution = tail.slice(0, cut).trim();
    cells.comment = tail.slice(cut).trim();
  } else cells.contribution = tail.trim();
  return cells;
}

export function splitCategoryTitle(head: string, restOfDoc: string): { category: string; title: string; alternatives: string[] } | null {
  const lowerUpper: number[] = [];
  const upperUpper: number[] = [];
  for (let i = 1; i < head.length; i++) {
    const c = head[i]!;
    const p = head[i - 1]!;
    if (!/[A-Z0-9"“]/.test(c)) continue;
    if (/[a-z)]/.test(p)) lowerUpper.push(i);
    else if (/[A-Z0-9]/.test(p) && /[A-Z"“]/.test(c)) upperUpper.push(i);
  }
  const titleWord = (i: number) => /^[^\s:：?？]+/.exec(head.slice(i))?.[0] ?? '';
  const mentioned = (i: number) => {
    const w = titleWord(i).replace(/[.,]$/, '');
    if (w.length < 3) return false;
    const re = new RegExp(`(?<![A-Za-z0-9-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-])`);
    return re.test(restOfDoc);
  };
  // The first capital right after a lower-case letter; only all-capital runs ("KVCONF-KV") need the
  // rest of the briefing to tell where the title starts.
  let pick: number | undefined;
  let alternatives: number[] = [];
  if (lowerUpper.length) {
    pick = lowerUpper[0]!;
    if (!mentioned(pick)) {
      const wordStart = head.lastIndexOf(' ', pick) + 1;
      const wordEnd = head.slice(pick).search(/[\s:：]/);
      const limit = wordEnd < 0 ? head.length : pick + wordEnd;
      alternatives = lowerUpper.filter((i) => i !== pick && i > wordStart && i < limit && titleWord(i).length >= 3);
    }
  } else if (upperUpper.length) {
    pick = upperUpper.find(mentioned) ?? upperUpper[0]!;
    if (!mentioned(pick)) alternatives = upperUpper.filter((i) => i !== pick && titleWord(i).length >= 3).slice(0, 3);
  }
  if (pick === undefined) return null;
  const category = head.slice(0, pick).trim();
  const title = head.slice(pick).trim();
  if (!category || !title) return null;
  return { category, title, alternatives: alternatives.map((i) => `${head.slice(0, i).trim()} | ${head.slice(i).trim().slice(0, 30)}`) };
}

