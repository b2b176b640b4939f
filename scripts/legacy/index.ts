/**
 * Importing legacy briefings: detect the format, parse, and build a `BriefingDraft` plus a report of
 * everything that did not map cleanly. Pure: text in, draft and report out (the CLI does the I/O).
 */
import type { BriefingDraft } from '../../src/schema/briefing.ts';
import { LegacyFormatError, looksLikePersonalBriefing, parsePersonalBriefing } from './briefing.ts';
import { buildDraft } from './draft.ts';
import { looksLikeHfReport, parseHfReport } from './hf-report.ts';
import type { LegacyDoc, LegacyFormat } from './model.ts';
import { ReportSink, type ImportReport } from './report.ts';
import type { TitleIndex } from './resolve.ts';
import { toLines, type SourceLine } from './text.ts';

export { LegacyFormatError } from './briefing.ts';
export type { LegacyFormat } from './model.ts';
export type { ImportReport } from './report.ts';

export function detectFormat(lines: SourceLine[]): LegacyFormat | null {
  if (looksLikeHfReport(lines)) return 'hf-report';
  return looksLikePersonalBriefing(lines);
}

export interface LegacyImport {
  format: LegacyFormat;
  doc: LegacyDoc;
  draft: BriefingDraft;
  report: ImportReport;
}

/** Parses one legacy file. Throws `LegacyFormatError` (naming file and line) when it cannot be read. */
export function importLegacyText(text: string, file: string, options: { titleIndex?: TitleIndex } = {}): LegacyImport {
  const lines = toLines(text);
  const format = detectFormat(lines);
  if (!format) {
    const first = lines.find((l) => l.text.trim() !== '');
    throw new LegacyFormatError(
      file,
      first?.no ?? 1,
      'not a known briefing format: expected a personalised briefing ("#2026-05-03 …" with "#1. Title" or "#重点推荐 1:…" papers) or a Hugging Face report ("## 📄 Title" papers)',
    );
  }
  const sink = new ReportSink(file);
  const doc = format === 'hf-report' ? parseHfReport(lines, file, sink) : parsePersonalBriefing(lines, format, file, sink);
  const draft = buildDraft(doc, sink, options);
  return { format, doc, draft, report: sink.report };
}
