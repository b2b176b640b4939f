/**
 * The two personalised-briefing formats. Both are flat documents of `#` headings:
 *
 * - `daily-briefing`: `#1. Title` per paper, a facts list (`- 类别:…`), then `为什么值得关注:` /
 *   `与 X 研究方向的关系:` labelled lists or an inline `简评:…`.
 * - `featured-briefing`: `#重点推荐 N:Name —— headline` per paper (or per group, with `#3.1 Name`
 *   sub-papers), a `• 标题:…` facts list, then `#为什么值得关注` / `#与 X 研究方向的关系` headings;
 *   a table of other papers.
 *
 * They share everything else (notes at the top, overview, top 3, follow list, ideas, routes,
 * conclusion), so one walker reads both; the paper headings are what differ.
 */
import type { Language } from '../../briefing.config.ts';
import { briefingRole, noteKind, type BriefingRole } from './labels.ts';
import { parseFollow, parseOthers, parseRoutes, parseTop } from './lists.ts';
import { emptyDoc, emptyPaper, type LegacyDoc, type LegacyFormat, type LegacyPaper } from './model.ts';
import { parsePaperBody, sectionStart } from './paper.ts';
import type { ReportSink } from './report.ts';
import { cjkShare, daysIn, joinProse, oneLine, splitLabel, stripEmphasis, type SourceLine } from './text.ts';

/** A file the importer cannot read; names the file and line. */
export class LegacyFormatError extends Error {
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'LegacyFormatError';
    this.line = line;
  }
}

const HEADING = /^\s*#{1,6}\s*(\S.*)$/;
const NUMBERED_PAPER = /^(\d{1,3})\s*[.、]\s*(\S.*)$/;
const SUB_PAPER = /^(\d{1,2})\.(\d{1,2})\s*[.、]?\s*(\S.*)$/;
const FEATURED_PAPER = /^(?:重点推荐|推荐|精选|featured|pick)\s*(\d{1,3})\s*[:：]\s*(\S.*)$/i;
const IDEA = /^(?:idea|想法|研究机会)\s*(\d{1,3})\s*[:：]\s*(.*)$/i;
/** "Name —— headline" / "Name — headline" / "Name: headline". */
const NAME_HEADLINE = /^(.+?)\s*(?:——|—|--|–)\s*(.+)$/;

type Mode = 'header' | BriefingRole | 'paper' | 'group' | 'idea' | 'extra';

interface Block {
  mode: Mode;
  heading: string;
  line: number;
  lines: SourceLine[];
  paper?: LegacyPaper;
}

export function looksLikePersonalBriefing(lines: SourceLine[]): LegacyFormat | null {
  const headings = lines.map((l) => HEADING.exec(l.text)?.[1] ?? null).filter((h): h is string => h !== null);
  if (headings.some((h) => FEATURED_PAPER.test(h))) return 'featured-briefing';
  if (headings.filter((h) => NUMBERED_PAPER.test(h) && !SUB_PAPER.test(h)).length >= 1 && headings.some((h) => briefingRole(h) !== null)) return 'daily-briefing';
  return null;
}

export function parsePersonalBriefing(lines: SourceLine[], format: LegacyFormat, file: string, sink: ReportSink): LegacyDoc {
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) throw new LegacyFormatError(file, 1, 'the file is empty');
  const titleHeading = HEADING.exec(first.text);
  if (!titleHeading) throw new LegacyFormatError(file, first.no, `expected a title heading such as "# 2026-05-03 AI/LLM 简报", found ${JSON.stringify(first.text.slice(0, 60))}`);
  const date = daysIn(titleHeading[1]!)[0];
  if (!date) throw new LegacyFormatError(file, first.no, `the title heading has no date YYYY-MM-DD: ${JSON.stringify(titleHeading[1])}`);
  const all = lines.map((l) => l.text).join('\n');
  const language: Language = cjkShare(all) > 0.3 ? 'zh-CN' : 'en';
  const title = oneLine(titleHeading[1]!.replace(date, '').replace(/^[\s:：·|—–-]+|[\s:：·|—–-]+$/g, '')) || oneLine(titleHeading[1]!);

  const doc = emptyDoc({ format, language, date, title });

  // 1. Cut the file into blocks at headings, deciding what each heading opens.
  const blocks: Block[] = [{ mode: 'header', heading: title, line: first.no, lines: [] }];
  let context: Mode = 'header';
  let group: Block | null = null;
  for (const l of lines) {
    if (l.no <= first.no) continue;
    const h = HEADING.exec(l.text);
    const current = blocks[blocks.length - 1]!;
    if (!h) {
      current.lines.push(l);
      continue;
    }
    const heading = h[1]!.trim();
    const role = briefingRole(heading);
    const inPapers = context === 'papers' || context === 'paper' || context === 'group' || context === 'header' || context === 'overview';
    const featured = FEATURED_PAPER.exec(heading);
    const sub = SUB_PAPER.exec(heading);
    const numbered = NUMBERED_PAPER.exec(heading);
    const idea = IDEA.exec(heading);
    if (featured) {
      const block: Block = { mode: 'paper', heading, line: l.no, lines: [], paper: emptyPaper(l.no, heading) };
      const nh = NAME_HEADLINE.exec(stripEmphasis(featured[2]!));
      block.paper!.title = oneLine(nh ? nh[1]! : featured[2]!);
      if (nh) block.paper!.headline = oneLine(nh[2]!);
      blocks.push(block);
      group = block;
      context = 'paper';
    } else if (sub && group && (context === 'paper' || context === 'group')) {
      // A sub-paper turns its featured heading into a group: the group headline goes to its first paper.
      const block: Block = { mode: 'paper', heading, line: l.no, lines: [], paper: emptyPaper(l.no, heading) };
      block.paper!.title = oneLine(sub[3]!);
      if (group.mode === 'paper') {
        group.mode = 'group';
        block.paper!.headline = group.paper!.headline ? `${group.paper!.title} —— ${group.paper!.headline}` : group.paper!.title;
      }
      blocks.push(block);
      context = 'group';
    } else if (sectionStart(l.text) && (context === 'paper' || context === 'group')) {
      current.lines.push(l); // "#为什么值得关注": a section of the current paper
    } else if (role) {
      blocks.push({ mode: role, heading, line: l.no, lines: [] });
      context = role;
      group = null;
    } else if (idea && (context === 'ideas' || context === 'idea')) {
      blocks.push({ mode: 'idea', heading: oneLine(idea[2]!), line: l.no, lines: [] });
      context = 'idea';
    } else if (numbered && !sub && inPapers && format === 'daily-briefing') {
      const block: Block = { mode: 'paper', heading, line: l.no, lines: [], paper: emptyPaper(l.no, heading) };
      block.paper!.title = oneLine(numbered[2]!);
      blocks.push(block);
      context = 'paper';
    } else if (context === 'paper' || context === 'group') {
      current.lines.push(l); // an unknown heading inside a paper stays in that paper's write-up
    } else {
      blocks.push({ mode: 'extra', heading, line: l.no, lines: [] });
      context = 'extra';
    }
  }

  // 2. Read each block.
  for (const block of blocks) {
    const where = block.heading;
    switch (block.mode) {
      case 'header':
        readHeader(doc, block.lines, sink);
        break;
      case 'overview':
        doc.overview = joinBlock(doc.overview, joinProse(block.lines.map((l) => l.text)));
        break;
      case 'conclusion':
        doc.conclusion = joinBlock(doc.conclusion, joinProse(block.lines.map((l) => l.text)));
        break;
      case 'papers':
      case 'ideas':
      case 'group':
      case 'extra':
        keepAsExtra(doc, block, sink);
        break;
      case 'paper': {
        const paper = block.paper!;
        paper.raw = [{ no: block.line, text: `# ${block.heading}` }, ...block.lines];
        parsePaperBody(paper, block.lines, language, sink, `paper "${paper.title}"`);
        doc.papers.push(paper);
        break;
      }
      case 'idea':
        doc.ideas.push({ title: block.heading, body: joinProse(block.lines.map((l) => l.text)) });
        break;
      case 'top': {
        const top = parseTop(block.lines);
        doc.top.push(...top.items);
        if (top.alternate) doc.alternate = top.alternate;
        keepLoose(doc, block.heading, top.loose, sink);
        break;
      }
      case 'follow': {
        const follow = parseFollow(block.lines, sink, where);
        doc.follow.push(...follow.items);
        doc.followNote = joinBlock(doc.followNote, joinProse(follow.note));
        break;
      }
      case 'routes': {
        const routes = parseRoutes(block.lines);
        doc.routes.push(...routes.routes);
        keepLoose(doc, block.heading, routes.loose, sink);
        break;
      }
      case 'others': {
        const others = parseOthers(block.lines, all, sink, where);
        doc.others.push(...others.papers);
        if (others.loose.length) doc.extra.push({ heading: block.heading, body: joinProse(others.loose.map((l) => l.text)) });
        break;
      }
    }
  }
  if (!doc.papers.length && !doc.others.length) {
    throw new LegacyFormatError(file, first.no, `no papers found: expected headings such as "#1. Title" or "#重点推荐 1:Name"`);
  }
  return doc;
}

function joinBlock(a: string, b: string): string {
  return [a, b].filter((s) => s.trim() !== '').join('\n\n');
}

/** A heading whose content has no place in the body model: kept under its heading, reported. */
function keepAsExtra(doc: LegacyDoc, block: Block, sink: ReportSink): void {
  const body = joinProse(block.lines.map((l) => l.text));
  // An unknown heading is text of its own, even with nothing under it; a known one (papers, ideas,
  // a group's title) lives on as the standard heading or in its papers.
  if (!body && block.mode !== 'extra') return;
  doc.extra.push({ heading: block.heading, body });
  sink.unmapped(block.line, `extra › ${block.heading}`, body || block.heading);
}

function keepLoose(doc: LegacyDoc, heading: string, loose: SourceLine[], sink: ReportSink): void {
  if (!loose.length) return;
  const body = joinProse(loose.map((l) => l.text));
  doc.extra.push({ heading, body });
  sink.unmapped(loose[0]!.no, `extra › ${heading}`, body);
}

/** The notes between the title and the first section: time window, access limits, retrieval time. */
function readHeader(doc: LegacyDoc, lines: SourceLine[], sink: ReportSink): void {
  const window: string[] = [];
  const access: string[] = [];
  const loose: SourceLine[] = [];
  let last: string[] | null = null;
  for (const l of lines) {
    const text = l.text.trim();
    if (!text) continue;
    const labelled = splitLabel(text);
    const kind = labelled ? noteKind(labelled.label) : null;
    if (labelled && kind === 'window') {
      window.push(labelled.value);
      last = window;
    } else if (labelled && kind === 'coverage') {
      window.unshift(`${labelled.label}:${labelled.value}`);
      last = window;
    } else if (labelled && kind === 'access') {
      access.push(labelled.value);
      last = access;
    } else if (labelled && kind === 'retrieved') {
      doc.retrieved = labelled.value;
      last = null;
    } else if (last) {
      last.push(text); // a continuation line of the previous note
    } else {
      loose.push(l);
    }
  }
  doc.windowNote = window.join(' ');
  doc.accessNote = access.join(' ');
  if (loose.length) {
    const body = joinProse(loose.map((l) => l.text));
    doc.overview = joinBlock(body, doc.overview);
    sink.unmapped(loose[0]!.no, 'overview', body);
  }
}
