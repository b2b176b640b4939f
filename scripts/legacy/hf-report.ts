/**
 * The per-paper Hugging Face report format:
 *
 *   # Hugging Face Daily Papers Report
 *   **Date**: 2026-01-13
 *   **Source URL**: https://huggingface.co/papers/date/2026-01-13
 *   ======
 *   ## 📄 Title
 *   - **链接**: https://huggingface.co/papers/2601.05110
 *   - **阅读来源**: HTML
 *   # Title 论文研究报告            (optional report title → headline)
 *   1. **应用领域** / ### 1. 应用领域 / 1. **应用领域**:text / #### 1. **应用领域** …
 *
 * Each paper is featured with its sections (domain, usage, innovations, results; the one-line
 * contribution goes to the paper itself). There are no category labels: categories are guessed from
 * the title and the domain text, and reported as guesses.
 */
import type { Language } from '../../briefing.config.ts';
import { noteKind } from './labels.ts';
import { emptyDoc, emptyPaper, type LegacyDoc, type LegacyPaper } from './model.ts';
import { parsePaperBody } from './paper.ts';
import type { ReportSink } from './report.ts';
import { cjkShare, daysIn, isRule, joinProse, oneLine, splitLabel, stripEmphasis, type SourceLine } from './text.ts';
import { LegacyFormatError } from './briefing.ts';
import { urlsIn } from './links.ts';

/** The heading that opens one paper: `## 📄 Title` (the emoji is what marks it). */
const PAPER_HEADING = /^\s*#{1,3}\s*📄\s*(.+?)\s*$/u;
const TITLE_HEADING = /^\s*#{1,6}\s*(.+?)\s*$/;

export const HF_REPORT_SOURCE = 'Hugging Face Daily Papers';

export function looksLikeHfReport(lines: SourceLine[]): boolean {
  return lines.some((l) => PAPER_HEADING.test(l.text));
}

export function parseHfReport(lines: SourceLine[], file: string, sink: ReportSink): LegacyDoc {
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) throw new LegacyFormatError(file, 1, 'the file is empty');
  const all = lines.map((l) => l.text).join('\n');
  const language: Language = cjkShare(all) > 0.3 ? 'zh-CN' : 'en';

  const firstPaper = lines.findIndex((l) => PAPER_HEADING.test(l.text));
  const header = lines.slice(0, firstPaper);
  let title = '';
  let date: string | undefined;
  let sourceUrl: string | undefined;
  const loose: SourceLine[] = [];
  for (const l of header) {
    const text = l.text.trim();
    if (!text || isRule(text)) continue;
    const h = TITLE_HEADING.exec(text);
    if (h && !title) {
      title = oneLine(h[1]!);
      date ??= daysIn(title)[0];
      continue;
    }
    const labelled = splitLabel(text);
    const kind = labelled ? noteKind(labelled.label) : null;
    if (labelled && kind === 'date' && daysIn(labelled.value)[0]) date = daysIn(labelled.value)[0];
    else if (labelled && kind === 'sourceUrl' && urlsIn(labelled.value)[0]) sourceUrl = urlsIn(labelled.value)[0];
    else loose.push(l);
  }
  date ??= sourceUrl ? daysIn(sourceUrl)[0] : undefined;
  if (!date) {
    throw new LegacyFormatError(file, first.no, 'no report date: expected a line such as "**Date**: 2026-01-13" before the first "## 📄" paper');
  }

  const doc = emptyDoc({
    format: 'hf-report',
    language,
    date,
    title: title || HF_REPORT_SOURCE,
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
    overview: joinProse(loose.map((l) => l.text)),
  });
  if (loose.length) sink.unmapped(loose[0]!.no, 'overview', doc.overview);

  let current: { paper: LegacyPaper; lines: SourceLine[] } | null = null;
  const finish = () => {
    if (!current) return;
    const { paper, lines: body } = current;
    paper.raw = [{ no: paper.line, text: `## ${paper.heading}` }, ...body];
    parsePaperBody(paper, body, language, sink, `paper "${paper.title}"`);
    if (!paper.source.some((s) => s === HF_REPORT_SOURCE)) paper.source.unshift(HF_REPORT_SOURCE);
    paper.listed = date;
    paper.date ??= date;
    const domain = paper.sections.find((s) => s.kind === 'domain')?.body ?? '';
    paper.categoryHint = { title: paper.title, body: `${domain}\n${paper.contribution}` };
    doc.papers.push(paper);
    current = null;
  };
  for (const l of lines.slice(firstPaper)) {
    const m = PAPER_HEADING.exec(l.text);
    if (m) {
      finish();
      const paper = emptyPaper(l.no, stripEmphasis(m[1]!));
      paper.title = oneLine(m[1]!);
      current = { paper, lines: [] };
      continue;
    }
    current!.lines.push(l);
  }
  finish();
  return doc;
}
