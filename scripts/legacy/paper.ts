/**
 * One paper's block, in any of the legacy formats: a facts list (`- 类别:…`, `• 链接:…`,
 * `- **链接**: …`) followed by labelled prose sections in whatever style the author used
 * (`为什么值得关注:` lines, `#为什么值得关注` headings, `1. **应用领域**`, `### 4. 主要创新点`,
 * `简评:…` inline). Lines that fit nothing stay in the write-up as an extra section and are reported.
 */
import { config, type Language } from '../../briefing.config.ts';
import { t } from '../../src/i18n/ui.ts';
import type { SectionKind } from '../../src/schema/briefing.ts';
import { fieldKind, IMPORT_STRINGS, labelKey, sectionTarget, type FieldKind, type SectionTarget } from './labels.ts';
import { arxivIdFromUrl, bareArxivId, githubRepoFromUrl, urlsIn } from './links.ts';
import type { LegacyPaper } from './model.ts';
import { readerProfile } from '../rank/profile.ts';
import type { ReportSink } from './report.ts';
import { isDay, isRule, joinProse, oneLine, splitLabel, stripEmphasis, type SourceLine } from './text.ts';

interface OpenSection {
  target: SectionTarget;
  label: string;
  line: number;
  lines: string[];
  /** Unrecognised text collected into an extra section: report it when closed. */
  unmapped: boolean;
}

const BULLET = /^\s*(?:[-•*·●▪]|\d{1,2}[.)、])\s+(.*)$/;
const HEADING = /^\s*(#{1,6})\s*(.*)$/;
const NUMBERED = /^\s*(?:#{1,6}\s*)?(?:\d{1,2}(?:\.\d{1,2})?[.、)]?\s+|\d{1,2}[.、)])(.*)$/;

/** The standard heading of a section kind in a language (with the configured reader's name). */
export function standardHeading(kind: SectionKind, language: Language): string {
  return t(language, `section_${kind}`, { reader: readerProfile(config).name });
}

/**
 * A labelled section start, or null. `#` headings and numbered lines need only a known label;
 * a plain line needs a colon after the label or the whole line in bold, so prose that happens to
 * start with "简评" is not taken for a heading.
 */
export function sectionStart(text: string): { target: SectionTarget; label: string; value: string } | null {
  const heading = HEADING.exec(text);
  const numbered = NUMBERED.exec(text);
  const rest = (numbered ? numbered[1]! : heading ? heading[2]! : text).trim();
  const structural = Boolean(heading || numbered);
  const labelled = splitLabel(rest);
  if (labelled) {
    const target = sectionTarget(labelled.label);
    if (target) return { target, label: labelled.label, value: labelled.value };
  }
  const whole = stripEmphasis(rest);
  const bold = /^\*\*[^*]+\*\*$/.test(rest);
  if ((structural || bold) && whole.length <= 40) {
    const target = sectionTarget(whole);
    if (target) return { target, label: whole, value: '' };
  }
  return null;
}

/** Parses a paper's lines (heading excluded) into `paper`. */
export function parsePaperBody(paper: LegacyPaper, lines: SourceLine[], language: Language, sink: ReportSink, where: string): void {
  const strings = IMPORT_STRINGS[language];
  const facts: string[] = [];
  let factsLine = 0;
  let open: OpenSection | null = null;
  let seenSection = false;

  const close = () => {
    if (!open) return;
    const body = joinProse(open.lines);
    if (open.target === 'contribution') {
      const text = oneLine(body);
      paper.contribution = paper.contribution ? `${paper.contribution} ${text}` : text;
    } else if (body) {
      const kind = open.target;
      const standard = standardHeading(kind, language);
      const heading = open.label && labelKey(open.label).replace(/\s/g, '') !== labelKey(standard).replace(/\s/g, '') ? open.label : undefined;
      paper.sections.push({ kind, ...(heading ? { heading } : {}), body });
      if (open.unmapped) sink.unmapped(open.line, `${where} › ${heading ?? standard}`, body);
    }
    open = null;
  };

  for (const { no, text } of lines) {
    if (isRule(text)) continue;
    if (text.trim() === '') {
      open?.lines.push('');
      continue;
    }
    const start = sectionStart(text);
    if (start) {
      close();
      seenSection = true;
      open = { target: start.target, label: start.label, line: no, lines: start.value ? [start.value] : [], unmapped: false };
      continue;
    }
    if (!seenSection) {
      const fact = factOf(text);
      if (fact) {
        if (!applyField(paper, fact.field, fact.label, fact.value, no, sink)) {
          if (!facts.length) factsLine = no;
          facts.push(text.trim());
        }
        continue;
      }
    }
    const heading = HEADING.exec(text);
    if (heading) {
      const title = stripEmphasis(heading[2]!.replace(/^\d{1,2}(?:\.\d{1,2})?[.、)]?\s*/, ''));
      // A report's own title line ("# GlimpRouter 论文研究报告") before any section is its headline.
      if (!seenSection && !paper.headline && !/^\d/.test(heading[2]!.trim())) {
        paper.headline = title;
        continue;
      }
      close();
      seenSection = true;
      open = { target: 'other', label: title, line: no, lines: [], unmapped: true };
      continue;
    }
    if (!open) open = { target: 'other', label: '', line: no, lines: [], unmapped: true };
    open.lines.push(text);
  }
  close();
  if (facts.length) {
    const body = facts.map((f) => (BULLET.test(f) ? f : `- ${f}`)).join('\n');
    paper.sections.unshift({ kind: 'other', heading: strings.originalField, body });
    sink.unmapped(factsLine, `${where} › ${strings.originalField}`, facts.join(' / '));
  }
}

/** A facts-list line: `- 类别:…`, `• 链接:…`, `- **链接**: …`, or an unbulleted `日期:…`. */
function factOf(text: string): { field: FieldKind; label: string; value: string } | null {
  const bullet = BULLET.exec(text);
  const labelled = splitLabel((bullet ? bullet[1]! : text).trim());
  if (!labelled) return null;
  const field = fieldKind(labelled.label);
  return field ? { field, label: labelled.label, value: labelled.value } : null;
}

/** Applies one fact; false when its value could not be fully represented (the line is then kept). */
export function applyField(paper: LegacyPaper, field: FieldKind, label: string, value: string, line: number, sink: ReportSink): boolean {
  const v = value.trim();
  switch (field) {
    case 'title':
      paper.title = oneLine(v);
      return paper.title !== '';
    case 'category':
      paper.categoryText = oneLine(v);
      paper.categoryLine = line;
      return true;
    case 'contribution':
      paper.contribution = oneLine(v);
      return true;
    case 'source':
      paper.source.push(...oneLine(v).split(/\s+\/\s+|[,，、;；]/).map((s) => s.trim()).filter(Boolean));
      return true;
    case 'readVia':
      paper.source.push(`${label}: ${oneLine(v)}`);
      return true;
    case 'date':
      return applyDate(paper, v);
    case 'link':
    case 'arxiv':
    case 'repo':
      return applyLinks(paper, field, v, line, sink);
  }
}

/** `2026-04-30 submitted;ACL 2026 Findings;HF 2026-05-01` → date, venue, listed. */
function applyDate(paper: LegacyPaper, value: string): boolean {
  let complete = true;
  const venues: string[] = [];
  for (const part of value.split(/[;；,，]/).map((p) => p.trim()).filter(Boolean)) {
    const listed = /^(?:HF|Hugging ?Face(?: Daily Papers)?|listed|上榜)\s*[:：]?\s*(\d{4}-\d{2}-\d{2})$/i.exec(part);
    const dated = /^(\d{4}-\d{2}-\d{2})\s*(?:submitted|提交|published|发布|\(submitted\))?$/i.exec(part);
    const submitted = /^(?:submitted|提交|published|发布)\s*[:：]?\s*(\d{4}-\d{2}-\d{2})$/i.exec(part);
    if (listed && isDay(listed[1]!)) paper.listed = listed[1]!;
    else if (dated && isDay(dated[1]!) && !paper.date) paper.date = dated[1]!;
    else if (submitted && isDay(submitted[1]!) && !paper.date) paper.date = submitted[1]!;
    else if (!/\d{4}-\d{1,2}-\d{1,2}/.test(part)) venues.push(part);
    else complete = false; // "2026-04-29 revised": no field for it, keep the line
  }
  if (venues.length) paper.venue = venues.join('; ');
  return complete;
}

function applyLinks(paper: LegacyPaper, field: FieldKind, value: string, line: number, sink: ReportSink): boolean {
  const urls = urlsIn(value);
  let complete = true;
  for (const url of urls) {
    const ax = arxivIdFromUrl(url);
    const repo = githubRepoFromUrl(url);
    if (ax) {
      if (paper.id && paper.id !== ax.id) {
        sink.note(`line ${line}: ${url} names arXiv ${ax.id}, but the paper's other link names ${paper.id}; kept ${paper.id}`);
        complete = false;
        continue;
      }
      paper.id = ax.id;
      if (ax.via === 'arxiv') paper.links.arxiv = url.replace(/^http:/, 'https:');
      else paper.links.hf = url;
    } else if (repo) {
      paper.repo ??= repo;
      paper.links.code ??= url;
    } else if (field === 'repo') {
      paper.links.code ??= url;
    } else if (/\.pdf(?:$|[?#])/i.test(url)) {
      paper.links.pdf ??= url;
    } else {
      paper.links.project ??= url;
    }
  }
  if (urls.length === 0) {
    const bare = field === 'arxiv' ? bareArxivId(` ${value}`) : null;
    if (bare) {
      paper.id ??= bare;
      return true;
    }
    // "arXiv / HF Papers": the text names which links exist; they are derived from the id later.
    const rest = value.replace(/arxiv|hf|hugging ?face|papers?|pdf|github|repo|code|abs|[/／|,，、\s]/gi, '');
    complete = rest === '';
  }
  return complete;
}
