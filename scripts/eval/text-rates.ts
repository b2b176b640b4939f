/**
 * `node scripts/eval/text-rates.ts` — how clean the extractive writer's quoted sentences are, measured
 * over the whole Hugging Face corpus (../shared/corpus, 558 days). It exists so the sentence layer
 * (scripts/writers/text.ts) can be measured before and after a change with one command, until
 * `npm run eval:writer` (which replays the days through the whole pipeline) covers the same rates.
 *
 * Each corpus day becomes one briefing (the day's papers ranked by the test helper's keyword ranker,
 * written by the extractive writer in the configured language). Rates:
 *   dangling   one-line contributions that open with a connective that points back ("To address this
 *              challenge,", "Specifically,", "However,"); "any opening" adds framing clauses before the
 *              subject that do not point back ("In this paper,", "To evaluate X,")
 *   lowercase  one-line contributions that start with a lowercase word (a fragment)
 *   cut        text clipped with "…" (contributions; write-ups with a clipped quote)
 *   latex      TeX left in the text (`_{`, `^{`, `\macro`, `\%`, `8times`, `--`, `$…$`)
 *   split      sentences glued by a missed split ("learn from.To address this")
 *   ascii      Chinese briefings: ASCII `, ; : ( )` next to a Chinese character in the prose
 *
 *   node scripts/eval/text-rates.ts [--corpus DIR] [--days N] [--json FILE] [--examples N]
 *
 * `--corpus DIR` is an extracted corpus (a folder with hf/YYYY-MM-DD.json); without it the archive in
 * ../shared is extracted to a temp folder. The detectors below are written independently of the
 * writer's own trimming and cleaning, so the figures do not just restate the implementation.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../src/config.ts';
import { writeExtractive } from '../writers/extractive.ts';
import { corpusArchive, rankedDayFromHf, type HfItem } from '../../tests/helpers/rankedDay.ts';

// --- detectors (pure) --------------------------------------------------------------------------------

const BACK = '(?:this|these|that|those|such|it|them|the above|the aforementioned|aforementioned|this end|that end)';
/**
 * Openings that dangle: discourse connectives and clauses that point back at a sentence the reader of a
 * one-line contribution does not see ("To address this challenge,", "Specifically,", "However,").
 */
const DANGLING = new RegExp(
  '^(?:' +
    [
      `to\\s+(?:[^,]{0,80}\\s)?${BACK}\\b[^,]{0,80},`,
      '(?:specifically|moreover|furthermore|additionally|however|therefore|thus|hence|consequently|accordingly|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|then|next|meanwhile|notably|importantly|crucially|concretely|overall|instead|besides|also|nevertheless|nonetheless|subsequently|ultimately|alternatively|similarly|likewise|conversely|still|further|critically|interestingly|surprisingly|remarkably|together|collectively)\\s*,',
      `(?:in (?:particular|addition|contrast|practice|summary|short|turn|response|doing so|this (?:context|setting|regard|light|vein))|as a result|as such|on the other hand|on top of ${BACK}|at the same time|by contrast|for (?:example|instance)|with this in mind|against this backdrop|(?:building (?:on|upon)|based on|motivated by|inspired by|given|in light of|beyond|following|guided by|driven by) ${BACK}\\b[^,]{0,40})\\s*,`,
      '(?:but|and|yet|so|thus|hence|therefore|however|then|also|still)\\s',
    ].join('|') +
    ')',
  'i',
);
/** Framing before the subject that does not dangle: "In this paper,", "Here,", "To evaluate X,". */
const FRAME = /^(?:in this (?:paper|work|study|report|article|letter|survey|technical report|position paper)|here|now|to\s+[^,]{1,120})\s*,/i;

/** "dangling", "frame" (an opening clause before the subject that does not point back), or null. */
export function openingClause(sentence: string): 'dangling' | 'frame' | null {
  const s = sentence.trim();
  return DANGLING.test(s) ? 'dangling' : FRAME.test(s) ? 'frame' : null;
}

/** Starts with a lowercase word that is not a name (names carry a capital or digit: "vLLM", "o1"). */
export function startsLowercase(sentence: string): boolean {
  const first = sentence.trim().match(/^[^\s,;:]+/)?.[0] ?? '';
  return /^[a-z]+$/.test(first);
}

export function isCut(text: string): boolean {
  return /(?:…|\.\.\.)\s*$/.test(text.trim()) || / …(?:\s|$)/.test(text);
}

const URL = /https?:\/\/\S+|www\.\S+/g;
const withoutUrls = (s: string) => s.replace(URL, ' ');

const LATEX = [
  /_\{/, // G_{stack}
  /\^\{/, // 2^{18}
  /\\[A-Za-z]{2,}/, // \times, \textbf, \method
  /\\[%&$#_{}~,;!]/, // \%, \&
  /\dtimes\b/, // 1.45times, 8times RTX 4090: `\times` that lost its backslash ("3 times faster" is English)
  /(?:^|[^-])--(?:[^-]|$)/, // en dash written as --
  /\$[^$\s][^$]{0,80}\$/, // $\alpha$
];

/** TeX left in a text: braces of sub/superscripts, macros, escaped specials, lost `\times`, `--`, `$…$`. */
export function latexResidue(text: string): string | null {
  const plain = withoutUrls(text);
  for (const re of LATEX) {
    const m = plain.match(re);
    if (m) return m[0];
  }
  return null;
}

/** Two sentences glued by a missed split: "learn from.To address this". */
export function brokenSplit(text: string): string | null {
  return withoutUrls(text).match(/\b[a-z]{2,}[.!?][A-Z][a-z]+\b/)?.[0] ?? null;
}

/** An ASCII `, ; : ( )` right next to a Chinese character (Chinese prose wants `，；：（）`). */
export function asciiPunctuationInChinese(text: string): string | null {
  return withoutUrls(text).match(/[\u4E00-\u9FFF][,;:()]|[,;:()][\u4E00-\u9FFF]/)?.[0] ?? null;
}

/** A section body as the reader sees it: Markdown escapes removed. */
export function unescapeMarkdown(body: string): string {
  return body.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

// --- the measurement ---------------------------------------------------------------------------------

export interface Rates {
  days: number;
  writeups: number;
  contributions: number;
  otherContributions: number;
  dangling: number;
  opening: number;
  lowercase: number;
  cutContributions: number;
  cutWriteups: number;
  latexContributions: number;
  latexWriteups: number;
  splitContributions: number;
  splitWriteups: number;
  /** Chinese briefings only: write-ups and days with ASCII punctuation next to a Chinese character. */
  asciiPunctuationWriteups: number;
  asciiPunctuationDays: number;
  allContributions: { total: number; dangling: number; opening: number; cut: number; latex: number; split: number };
  examples: Record<string, string[]>;
}

export interface CorpusDay {
  date: string;
  items: HfItem[];
}

export function measure(days: CorpusDay[], examples = 5): Rates {
  const r: Rates = {
    days: 0,
    writeups: 0,
    contributions: 0,
    otherContributions: 0,
    dangling: 0,
    opening: 0,
    lowercase: 0,
    cutContributions: 0,
    cutWriteups: 0,
    latexContributions: 0,
    latexWriteups: 0,
    splitContributions: 0,
    splitWriteups: 0,
    asciiPunctuationWriteups: 0,
    asciiPunctuationDays: 0,
    allContributions: { total: 0, dangling: 0, opening: 0, cut: 0, latex: 0, split: 0 },
    examples: {},
  };
  const example = (kind: string, text: string) => {
    const list = (r.examples[kind] ??= []);
    if (list.length < examples) list.push(text.length > 240 ? `${text.slice(0, 240)}[…]` : text);
  };
  const now = new Date('2026-01-01T00:00:00Z');
  for (const d of days) {
    if (!d.items.length) continue;
    const day = rankedDayFromHf(d.items, d.date);
    const draft = writeExtractive(day, config, now);
    r.days++;
    const b = draft.body;
    const dayProse = [draft.frontmatter.summary ?? '', b.overview ?? '', b.followNote ?? '', b.conclusion ?? '', ...(b.top ?? []).map((t) => t.reason), ...(b.ideas ?? []).flatMap((i) => [i.title, i.body]), ...(b.routes ?? []).flatMap((x) => [x.theme, x.path])];
    const dayAscii = config.language === 'zh-CN' ? asciiPunctuationInChinese(unescapeMarkdown(dayProse.join('\n'))) : null;
    if (dayAscii) (r.asciiPunctuationDays++, example('ascii-punctuation-day', dayAscii));
    const writeups = new Map((draft.body.writeups ?? []).map((w) => [w.id, w]));
    for (const p of draft.frontmatter.papers ?? []) {
      const c = p.contribution ?? '';
      const all = r.allContributions;
      all.total++;
      if (openingClause(c) === 'dangling') all.dangling++;
      if (openingClause(c)) all.opening++;
      if (isCut(c)) all.cut++;
      if (latexResidue(c)) all.latex++;
      if (brokenSplit(c)) all.split++;
      const w = writeups.get(p.id);
      if (!w) {
        r.otherContributions++;
        continue;
      }
      r.writeups++;
      r.contributions++;
      const opening = openingClause(c);
      if (opening === 'dangling') (r.dangling++, example('dangling', c));
      if (opening === 'frame') example('frame', c);
      if (opening) r.opening++;
      if (startsLowercase(c)) (r.lowercase++, example('lowercase', c));
      if (isCut(c)) (r.cutContributions++, example('cut', c));
      const tex = latexResidue(c);
      if (tex) (r.latexContributions++, example('latex', `${tex} ← ${c}`));
      const glued = brokenSplit(c);
      if (glued) (r.splitContributions++, example('split', `${glued} ← ${c}`));
      const text = unescapeMarkdown((w.sections ?? []).map((s) => s.body).join('\n'));
      if (isCut(text)) r.cutWriteups++;
      const texW = latexResidue(text);
      if (texW) (r.latexWriteups++, example('latex-writeup', texW));
      const gluedW = brokenSplit(text);
      if (gluedW) (r.splitWriteups++, example('split-writeup', gluedW));
      const ascii = config.language === 'zh-CN' ? asciiPunctuationInChinese(text) : null;
      if (ascii) (r.asciiPunctuationWriteups++, example('ascii-punctuation', ascii));
    }
  }
  return r;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');

export function formatRates(r: Rates): string {
  const a = r.allContributions;
  const rows: [string, string, string][] = [
    ['one-line contributions opening with a dangling connective', `${r.dangling}`, pct(r.dangling, r.contributions)],
    ['one-line contributions with any clause before the subject', `${r.opening}`, pct(r.opening, r.contributions)],
    ['one-line contributions starting lowercase', `${r.lowercase}`, pct(r.lowercase, r.contributions)],
    ['one-line contributions cut with …', `${r.cutContributions}`, pct(r.cutContributions, r.contributions)],
    ['one-line contributions with LaTeX residue', `${r.latexContributions}`, pct(r.latexContributions, r.contributions)],
    ['one-line contributions with a broken split', `${r.splitContributions}`, pct(r.splitContributions, r.contributions)],
    ['write-ups with a quote cut with …', `${r.cutWriteups}`, pct(r.cutWriteups, r.writeups)],
    ['write-ups with LaTeX residue', `${r.latexWriteups}`, pct(r.latexWriteups, r.writeups)],
    ['write-ups with a broken split', `${r.splitWriteups}`, pct(r.splitWriteups, r.writeups)],
    ['write-ups with ASCII , ; : ( ) next to Chinese', `${r.asciiPunctuationWriteups}`, pct(r.asciiPunctuationWriteups, r.writeups)],
    ['days with ASCII , ; : ( ) next to Chinese in the day prose', `${r.asciiPunctuationDays}`, pct(r.asciiPunctuationDays, r.days)],
    ['all contributions (with the others table): dangling / any opening', `${a.dangling} / ${a.opening}`, `${pct(a.dangling, a.total)} / ${pct(a.opening, a.total)}`],
    ['all contributions: cut / LaTeX / broken split', `${a.cut} / ${a.latex} / ${a.split}`, `${pct(a.cut, a.total)} / ${pct(a.latex, a.total)} / ${pct(a.split, a.total)}`],
  ];
  const width = Math.max(...rows.map((x) => x[0].length));
  const lines = [
    `extractive writer over ${r.days} corpus days: ${r.writeups} write-ups, ${a.total} contributions (${r.otherContributions} in the others tables)`,
    ...rows.map(([label, n, p]) => `  ${label.padEnd(width)}  ${n.padStart(16)}  ${p}`),
  ];
  for (const [kind, list] of Object.entries(r.examples)) {
    lines.push(`examples: ${kind}`);
    for (const e of list) lines.push(`  - ${e}`);
  }
  return lines.join('\n');
}

/** Reads `DIR/hf/*.json` in date order. */
export function readCorpus(dir: string, limit = 0): CorpusDay[] {
  const hf = path.join(dir, 'hf');
  if (!existsSync(hf)) throw new Error(`--corpus ${dir}: no hf/ folder in it`);
  const files = readdirSync(hf).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f)).sort();
  return (limit > 0 ? files.slice(0, limit) : files).map((f) => ({ date: f.slice(0, 10), items: JSON.parse(readFileSync(path.join(hf, f), 'utf8')) as HfItem[] }));
}

function main(): void {
  const { values } = parseArgs({ options: { corpus: { type: 'string' }, days: { type: 'string', default: '0' }, json: { type: 'string' }, examples: { type: 'string', default: '5' } } });
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 0) throw new Error(`--days: expected a whole number, got ${JSON.stringify(values.days)}`);
  let dir = values.corpus ?? null;
  let temp: string | null = null;
  if (!dir) {
    if (!existsSync(corpusArchive)) throw new Error(`no --corpus given and ${corpusArchive} is absent`);
    temp = dir = mkdtempSync(path.join(os.tmpdir(), 'pb-text-rates-'));
    execFileSync('tar', ['-xJf', corpusArchive, '-C', dir, 'hf']);
  }
  try {
    const rates = measure(readCorpus(dir, days), Number(values.examples));
    console.log(formatRates(rates));
    if (values.json) writeFileSync(values.json, `${JSON.stringify(rates, null, 2)}\n`);
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

if (import.meta.main) main();
