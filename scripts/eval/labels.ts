/**
 * The labelled days `npm run eval:rank` scores against, read at run time (nothing from ../shared is
 * committed):
 *
 * - The reader's own briefings (the seeds): parsed by the legacy importer (scripts/legacy), which
 *   already reads both personalised formats, finds arXiv ids from links or, through a title index of
 *   the corpus listings, by exact normalised title, and maps category labels to taxonomy slugs. Gains:
 *   the top 3 = 3, featured papers (sub-items of a group included) = 2, the others table = 1.
 * - The feedback file (`content/reader/feedback.jsonl`, issue 10 §1): a like makes the paper relevant
 *   (gain ≥ 2) and a dislike irrelevant (0), on the day the vote was given.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ARXIV_ID, isValidDay } from '../../src/schema/briefing.ts';
import { mapCategoryLabels } from '../legacy/categories.ts';
import { detectFormat, importLegacyText } from '../legacy/index.ts';
import type { TitleIndex } from '../legacy/resolve.ts';
import { toLines } from '../legacy/text.ts';

export const GAIN = { top: 3, featured: 2, others: 1, like: 2, dislike: 0 } as const;

export interface SeedPaper {
  id: string;
  title: string;
  role: 'top' | 'featured' | 'others';
  /** The category labels as the reader wrote them ("LLM Agent / Evaluation"), or ''. */
  labelText: string;
  /** Those labels mapped to taxonomy slugs by the importer, in the reader's order; [] when none mapped. */
  slugs: string[];
}

export interface LabelledDay {
  date: string;
  /** Where the labels came from (seed files, the feedback file). */
  sources: string[];
  gains: Map<string, number>;
  /** The reader's top 3, in order (empty for a day labelled by feedback only). */
  top: string[];
  /** The seed's papers with their labels, by id. */
  papers: Map<string, SeedPaper>;
  /** Titles in the seed that matched no paper (no link, no exact title in the corpus). */
  unmatched: string[];
  likes: string[];
  dislikes: string[];
}

function emptyDay(date: string): LabelledDay {
  return { date, sources: [], gains: new Map(), top: [], papers: new Map(), unmatched: [], likes: [], dislikes: [] };
}

/** One personalised briefing → its labels. Returns null for a file that is not one (e.g. a per-paper HF report). */
export function seedLabels(text: string, file: string, titleIndex: TitleIndex): LabelledDay | null {
  if (detectFormat(toLines(text)) === 'hf-report') return null;
  const imported = importLegacyText(text, file, { titleIndex });
  const day = emptyDay(imported.doc.date);
  day.sources.push(path.basename(file));
  const picks = new Set((imported.draft.body.top ?? []).map((t) => t.id).filter((id): id is string => Boolean(id)));
  day.top = [...picks];
  // `buildDraft` sets the ids it resolved on the parsed papers.
  for (const p of [...imported.doc.papers, ...imported.doc.others]) {
    if (!p.id) continue;
    const id = p.id.replace(/v\d+$/, '');
    if (day.papers.has(id)) continue;
    const labelText = p.categoryText ?? '';
    const mapping = labelText ? mapCategoryLabels(labelText) : null;
    const slugs = mapping ? [...new Set(mapping.labels.filter((l) => l.match !== 'none').flatMap((l) => l.slugs))] : [];
    const role: SeedPaper['role'] = picks.has(id) ? 'top' : p.featured ? 'featured' : 'others';
    day.papers.set(id, { id, title: p.title, role, labelText, slugs });
    day.gains.set(id, Math.max(day.gains.get(id) ?? 0, GAIN[role]));
  }
  for (const id of picks) day.gains.set(id, GAIN.top);
  day.unmatched = imported.report.withoutId.map((w) => w.title);
  return day;
}

/** Every personalised briefing in `dir` (`*.txt`, `*.md`), by date; other files are listed in `skipped`. */
export function readSeeds(dir: string, titleIndex: TitleIndex): { days: LabelledDay[]; skipped: string[] } {
  const files = readdirSync(dir)
    .filter((f) => /\.(txt|md)$/i.test(f))
    .sort();
  const days: LabelledDay[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const day = seedLabels(readFileSync(file, 'utf8'), file, titleIndex);
    if (day) days.push(day);
    else skipped.push(`${f}: not a personalised briefing (no top 3 or featured papers to score against)`);
  }
  return { days, skipped };
}

export interface FeedbackVote {
  id: string;
  verdict: 'like' | 'dislike';
  at: string;
  note?: string;
}

/** Parses the feedback file strictly; an error names the file, line and field. */
export function parseFeedback(text: string, file: string): FeedbackVote[] {
  const votes: FeedbackVote[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${file}:${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not a JSON object (${(error as Error).message})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${where}: expected a JSON object, got ${line.slice(0, 60)}`);
    const o = v as Record<string, unknown>;
    if (typeof o.id !== 'string' || !ARXIV_ID.test(o.id)) throw new Error(`${where}: id: expected an arXiv id such as 2605.12345, got ${JSON.stringify(o.id)}`);
    if (o.verdict !== 'like' && o.verdict !== 'dislike') throw new Error(`${where}: verdict: expected "like" or "dislike", got ${JSON.stringify(o.verdict)}`);
    if (typeof o.at !== 'string' || !isValidDay(o.at)) throw new Error(`${where}: at: expected a date YYYY-MM-DD, got ${JSON.stringify(o.at)}`);
    votes.push({ id: o.id.replace(/v\d+$/, ''), verdict: o.verdict, at: o.at, ...(typeof o.note === 'string' ? { note: o.note } : {}) });
  });
  return votes;
}

/**
 * Adds the votes to the labelled days (a day is created for a vote on an unlabelled date). The last
 * vote on a paper for a day wins; a like raises the gain to at least 2, a dislike sets it to 0.
 */
export function addFeedback(days: readonly LabelledDay[], votes: readonly FeedbackVote[], source: string): LabelledDay[] {
  const byDate = new Map(days.map((d) => [d.date, d]));
  for (const vote of votes) {
    let day = byDate.get(vote.at);
    if (!day) byDate.set(vote.at, (day = emptyDay(vote.at)));
    if (!day.sources.includes(source)) day.sources.push(source);
    day.likes = day.likes.filter((id) => id !== vote.id);
    day.dislikes = day.dislikes.filter((id) => id !== vote.id);
    if (vote.verdict === 'like') {
      day.likes.push(vote.id);
      day.gains.set(vote.id, Math.max(day.gains.get(vote.id) ?? 0, GAIN.like));
    } else {
      day.dislikes.push(vote.id);
      day.gains.set(vote.id, GAIN.dislike);
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The feedback file's votes, or [] when it does not exist (it is optional). */
export function readFeedback(file: string): FeedbackVote[] {
  if (!existsSync(file)) return [];
  return parseFeedback(readFileSync(file, 'utf8'), file);
}
