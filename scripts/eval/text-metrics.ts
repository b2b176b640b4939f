/**
 * The writing figures of `npm run eval:writer` (issue 11 §6), as pure functions over the
 * `BriefingDraft` a writer returns: the schema is the contract both writers fill, so the figures keep
 * meaning the same thing while the writers' phrases and sentence handling are rewritten.
 *
 * What counts as what:
 * - A write-up is one featured paper: its one-line contribution (frontmatter), headline and section
 *   bodies (why, relation, usage, innovations, results, …). Shares of letters and cut lines are taken
 *   over the write-up as rendered (the `<Paper>` block of the MDX: headings and sections, the header
 *   with title and contribution aside), which is what issue 11 measured; openings and LaTeX over the
 *   one-line contributions.
 * - Boilerplate is recognised by what it says in either language (e.g. "the abstract gives no
 *   numbers"), not by the current phrase table, and generally by repetition: a sentence found in more
 *   than 5% of write-ups is boilerplate whatever its wording.
 */
import { config as siteConfig } from '../../src/config.ts';
import type { BriefingConfig } from '../../src/schema/config.ts';
import type { BriefingDraft, ProseSection } from '../../src/schema/briefing.ts';
import { renderBriefingMdx } from '../mdx/render.ts';

// ---------------------------------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------------------------------

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** Markdown as readable text: link targets, URLs, emphasis and code marks, escapes and bullets removed. */
export function plainProse(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)/g, '$1')
    .replace(/<?https?:\/\/[^\s>)\]]+>?/g, ' ')
    .replace(/\*\*|__|`/g, '')
    .replace(/\\([^\w\s])/g, '$1')
    .replace(/^\s*(?:[-*•]|\d+[.)])\s+/gm, '');
}

export function letterCounts(text: string): { latin: number; han: number } {
  return { latin: text.match(LATIN)?.length ?? 0, han: text.match(HAN)?.length ?? 0 };
}

/** Is a short text (a table row, a line) in the briefing's language? Chinese: a quarter of its letters are Han. */
export function inLanguage(text: string, language: string): boolean {
  const { latin, han } = letterCounts(plainProse(text));
  if (latin + han === 0) return true;
  return language === 'en' ? han / (latin + han) <= 0.1 : han / (latin + han) >= 0.25;
}

/** Sentences of a prose text (Chinese and English), trimmed, without list marks; fragments under 6 characters dropped. */
export function sentencesOf(text: string): string[] {
  return plainProse(text)
    .split(/\n+|(?<=[。！？!?；;])|(?<=[.…])\s+(?=\S)/u)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => [...s].length >= 6);
}

// ---------------------------------------------------------------------------------------------------
// One-line checks
// ---------------------------------------------------------------------------------------------------

/** An opening clause about the paper itself ("In this paper,"): not dangling. */
const SELF_OPENING = /^(?:in|within) (?:this|the present|our) (?:paper|work|report|study|survey|technical report|article|letter|thesis|note|position paper|tutorial|review|chapter|manuscript)$/i;

/** Discourse connectives that need the sentence before them. */
const CONNECTIVE =
  /^(?:specifically|more specifically|however|moreover|furthermore|further|additionally|in addition|in particular|therefore|thus|hence|consequently|as a result|instead|meanwhile|nevertheless|nonetheless|notably|importantly|crucially|critically|concretely|in contrast|by contrast|conversely|similarly|likewise|besides|finally|lastly|first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|in response|to this end|to that end|to do so|by doing so|in doing so|yet|also|accordingly|ultimately|overall|in turn|in short|in summary|to summarize|in sum)$/i;

/** A word pointing back at something the reader does not have: "this gap", "these issues", "such methods", "the gap". */
const ANAPHOR = /\b(?:this|these|that|those|such|aforementioned|above-mentioned)\b|\bthe (?:gap|gaps|challenge|challenges|issue|issues|problem|problems|limitation|limitations|bottleneck|bottlenecks|shortcoming|shortcomings)$/i;

/** An opening that is a dependent phrase, not a main clause ("To address…", "Motivated by…", "For this…"). */
const DEPENDENT = /^(?:to|in|for|by|with|on|upon|from|under|against|towards?|beyond|despite|given|based|building|motivated|inspired|driven|guided|following|leveraging|using|addressing|recognizing|observing|noting|as)\b/i;

/**
 * Does a sentence open with a clause that leans on a sentence the reader does not have? The opening
 * clause (up to the first comma, within 90 characters) is either a discourse connective ("Specifically,",
 * "However,", "To this end,") or points back ("To address this challenge,", "Motivated by these
 * observations,", "To bridge the gap,"). "In this paper," is about the paper itself and does not count.
 */
export function opensWithConnective(sentence: string): boolean {
  const m = /^([^,.;:!?]{1,90}),/.exec(plainProse(sentence).trim());
  if (!m) return false;
  const opening = m[1]!.trim();
  if (SELF_OPENING.test(opening)) return false;
  return CONNECTIVE.test(opening) || (DEPENDENT.test(opening) && ANAPHOR.test(opening));
}

/** Cut with an ellipsis (at the end, or before a closing mark). */
export function isCut(text: string): boolean {
  return /(?:…|\.\.\.)\s*[)\]"'”’）」』]*\s*$/.test(plainProse(text).trim());
}

/** LaTeX and TeX-isms that reached the page, by kind ("$200k" is money, not math). */
export const LATEX_KINDS = {
  '_{': /_\{/,
  '^{': /\^\{/,
  '\\command': /\\[a-zA-Z]+/,
  '1.45times': /\d(?:\.\d+)?~?times\b/,
  '$math$': /\$[^$\n]{0,60}[\\^_{}][^$\n]{0,60}\$|\$[A-Za-z]\$/,
  '--': /(?<!-)--(?!-)/,
} as const;
export type LatexKind = keyof typeof LATEX_KINDS;

/** The kinds of LaTeX residue in a text (URLs and HTML comments aside). */
export function latexKinds(text: string): LatexKind[] {
  const clean = text.replace(/https?:\/\/\S+/g, ' ').replace(/<!--|-->/g, ' ');
  return (Object.keys(LATEX_KINDS) as LatexKind[]).filter((k) => LATEX_KINDS[k].test(clean));
}

export function hasLatex(text: string): boolean {
  return latexKinds(text).length > 0;
}

/** Two sentences glued by a split that missed its space: "learn from.To address this". */
const BROKEN_SPLIT = /[a-z]{2,}[.!?][A-Z][a-z]/;

export function hasBrokenSplit(text: string): boolean {
  return BROKEN_SPLIT.test(text.replace(/https?:\/\/\S+/g, ' ').replace(/\b[\w-]+(?:\.[\w-]+)+\.(?:com|org|net|io|ai|dev|edu|py|json|md)\b/gi, ' '));
}

/** A line that is only a list of keywords ("关键词:a、b、c" / "Keywords: a, b, c"), no sentence. */
export function isKeywordList(line: string): boolean {
  const plain = plainProse(line).trim();
  const labelled = /^(?:关键词|关键字|keywords?|key words|tags?)\s*[:：]/i.test(plain);
  const text = plain.replace(/^[^:：]{1,14}[:：]\s*/, '');
  if (labelled) return text.length > 0 && !/[。.!?！？]$/.test(text);
  const parts = text.split(/[、,，;；]\s*/).map((p) => p.trim()).filter(Boolean);
  if (parts.length < 3) return false;
  return parts.every((p) => p.split(/\s+/).length <= 5 && [...p].length <= 40 && !/[。.!?！？]$/.test(p));
}

/** A section whose every line is a keyword list (innovations written as nothing but keywords). */
export function isBareKeywordList(body: string): boolean {
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.length > 0 && lines.every(isKeywordList);
}

/** A results section saying the abstract has no numbers. */
export const NO_NUMBERS = /(?:没有|未|并未)(?:给出|报告|提供|列出)(?:具体|任何)?(?:的)?(?:数字|数值|数据|结果)|gives? no (?:numbers|figures|results)|(?:does|do) not (?:give|report|state|provide) (?:any )?(?:numbers|figures|numeric)|no (?:numbers|figures) (?:are )?(?:given|reported)/i;

/** A usage section saying the abstract does not explain inputs, outputs or hardware. */
export const NO_USAGE = /(?:没有|未|并未)(?:说明|交代|给出|描述)(?:具体)?(?:的)?(?:输入|输出|使用方法|硬件)|(?:does|do) not (?:describe|explain|say|state|give) (?:its |the )?(?:inputs?|outputs?|hardware|how to use)/i;

const CJK = '\\p{Script=Han}\\u3000-\\u303F\\uFF01-\\uFF60';
/** ASCII , ; : ( ) with a Chinese character (or full-width punctuation) on both sides, spaces and emphasis aside. */
const ASCII_BETWEEN = new RegExp(`(?<=[${CJK}][*_\`\\s]{0,3})[,;:()](?=[*_\`\\s]{0,3}[${CJK}])`, 'gu');
/** The same with a Chinese character on at least one side. */
const ASCII_BESIDE = new RegExp(`(?<=[${CJK}][*_\`\\s]{0,3})[,;:()]|[,;:()](?=[*_\`\\s]{0,3}[${CJK}])`, 'gu');

function withoutCodeAndUrls(text: string): string {
  return text.replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, ']').replace(/https?:\/\/\S+/g, ' ');
}

/** ASCII `, ; : ( )` between Chinese characters, counted. */
export function asciiBetweenChinese(text: string): number {
  return withoutCodeAndUrls(text).match(ASCII_BETWEEN)?.length ?? 0;
}

/** ASCII `, ; : ( )` next to a Chinese character on either side, counted. */
export function asciiBesideChinese(text: string): number {
  return withoutCodeAndUrls(text).match(ASCII_BESIDE)?.length ?? 0;
}

// ---------------------------------------------------------------------------------------------------
// A briefing's parts
// ---------------------------------------------------------------------------------------------------

export interface Writeup {
  id: string;
  contribution: string;
  headline: string;
  sections: ProseSection[];
}

/** The featured papers' write-ups of a draft. */
export function writeupsOf(draft: BriefingDraft): Writeup[] {
  const papers = new Map((draft.frontmatter.papers ?? []).map((p) => [p.id, p]));
  return (draft.body.writeups ?? []).map((w) => ({
    id: w.id,
    contribution: papers.get(w.id)?.contribution ?? '',
    headline: w.headline ?? '',
    sections: w.sections ?? [],
  }));
}

/**
 * Each featured paper's write-up as the page renders it: the body of its `<Paper id>` block in the
 * rendered MDX (headline, section headings and sections), by id.
 */
export function renderedWriteups(draft: BriefingDraft, config: BriefingConfig): Map<string, string> {
  const mdx = renderBriefingMdx(draft, config);
  const body = mdx.slice(mdx.indexOf('\n---\n', 4) + 5);
  // The `<Section kind>` lines are markup, not text a reader sees.
  const text = (block: string) => block.replace(/^<\/?Section\b[^>]*>$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return new Map([...body.matchAll(/<Paper id="([^"]+)">([\s\S]*?)<\/Paper>/g)].map((m) => [m[1]!, text(m[2]!)]));
}

/** All the text of one write-up, contribution first. */
export function writeupText(w: Writeup): string {
  return [w.contribution, w.headline, ...w.sections.map((s) => s.body)].filter(Boolean).join('\n');
}

const NOT_PROSE = new Set(['id', 'date', 'listed', 'url', 'links', 'repo', 'category', 'categories', 'slug', 'language', 'schema', 'kind', 'status', 'generator', 'days', 'from', 'to', 'source', 'covered', 'authors', 'summarizer', 'name', 'title']);

/** Every prose string of a draft (frontmatter and body), skipping ids, links, slugs and other facts. */
export function proseStrings(draft: BriefingDraft): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string | null): void => {
    if (key !== null && NOT_PROSE.has(key)) return;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x, null);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(draft.frontmatter, null);
  walk(draft.body, null);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The figures over many briefings
// ---------------------------------------------------------------------------------------------------

export interface RepeatedSentence {
  sentence: string;
  /** Write-ups (or ideas) containing it. */
  count: number;
  share: number;
}

/** Sentences found in more than `threshold` of the texts (each text counts a sentence once), most frequent first. */
export function repeatedSentences(texts: readonly string[], threshold = 0.05, mask = false): RepeatedSentence[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set(sentencesOf(text).map((s) => (mask ? s.replace(/\d+(?:[.,]\d+)*/g, '#') : s)));
    for (const s of seen) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const n = texts.length;
  return [...counts]
    .filter(([, c]) => n > 0 && c / n > threshold && c > 1)
    .map(([sentence, count]) => ({ sentence, count, share: count / n }))
    .sort((a, b) => b.count - a.count || a.sentence.localeCompare(b.sentence));
}

/** Running totals of the writing figures; `add` one briefing at a time, `result` at the end. */
export class WritingTally {
  briefings = 0;
  writeups = 0;
  /** Letters of the rendered write-ups (headings and sections). */
  rendered = { latin: 0, han: 0 };
  /** Letters of the write-up text with the contribution, headings aside. */
  text = { latin: 0, han: 0 };
  dangling = 0;
  cutContributions = 0;
  /** Write-ups with a rendered line cut by "…". */
  cutWriteups = 0;
  latexContributions = 0;
  latexByKind: Record<string, number> = Object.fromEntries(Object.keys(LATEX_KINDS).map((k) => [k, 0]));
  latexWriteups = 0;
  brokenSplits = 0;
  innovations = 0;
  keywordInnovations = 0;
  results = 0;
  noNumbers = 0;
  usage = 0;
  noUsage = 0;
  readerName = 0;
  asciiBetween = 0;
  asciiBeside = 0;
  /** Briefings with at least one ASCII mark between Chinese characters. */
  asciiBriefings = 0;
  chineseBriefings = 0;
  readonly texts: string[] = [];
  readonly ideaEndings: string[] = [];
  readonly examples: Record<'dangling' | 'cut' | 'latex' | 'brokenSplit', string[]> = { dangling: [], cut: [], latex: [], brokenSplit: [] };
  private readonly readerNameText: string | null;
  private readonly config: BriefingConfig;

  /** `readerName`: the reader's name as the briefings write it, or null when unknown; `config`: the one the briefings were written with. */
  constructor(readerName: string | null, config: BriefingConfig = siteConfig) {
    this.readerNameText = readerName;
    this.config = config;
  }

  private example(kind: keyof WritingTally['examples'], text: string): void {
    if (this.examples[kind].length < 3) this.examples[kind].push(plainProse(text).replace(/\s+/g, ' ').slice(0, 140));
  }

  add(draft: BriefingDraft): void {
    this.briefings++;
    const language = draft.frontmatter.language ?? 'zh-CN';
    const rendered = renderedWriteups(draft, this.config);
    for (const w of writeupsOf(draft)) {
      this.writeups++;
      const text = writeupText(w);
      const block = rendered.get(w.id) ?? [w.headline, ...w.sections.map((s) => s.body)].join('\n');
      this.texts.push(text);
      const shown = letterCounts(plainProse(block));
      this.rendered.latin += shown.latin;
      this.rendered.han += shown.han;
      const all = letterCounts(plainProse(text));
      this.text.latin += all.latin;
      this.text.han += all.han;
      if (opensWithConnective(w.contribution)) {
        this.dangling++;
        this.example('dangling', w.contribution);
      }
      if (isCut(w.contribution)) this.cutContributions++;
      const cutLine = block.split('\n').find(isCut);
      if (cutLine) {
        this.cutWriteups++;
        this.example('cut', cutLine.slice(-140));
      }
      const kinds = latexKinds(w.contribution);
      if (kinds.length) {
        this.latexContributions++;
        for (const k of kinds) this.latexByKind[k] = (this.latexByKind[k] ?? 0) + 1;
        this.example('latex', w.contribution);
      }
      if (hasLatex(`${w.contribution}\n${block}`)) {
        this.latexWriteups++;
        if (!kinds.length) this.example('latex', (`${w.contribution}\n${block}`.match(/.{0,60}(?:_\{|\^\{|\\[a-zA-Z]+|\d~?times\b|(?<!-)--(?!-)).{0,60}/)?.[0] ?? block));
      }
      const split = `${w.contribution}\n${block}`.match(/.{0,40}[a-z]{2,}[.!?][A-Z][a-z].{0,40}/)?.[0];
      if (split && hasBrokenSplit(split)) {
        this.brokenSplits++;
        this.example('brokenSplit', split);
      }
      for (const s of w.sections) {
        if (s.kind === 'innovations') {
          this.innovations++;
          if (isBareKeywordList(s.body)) this.keywordInnovations++;
        } else if (s.kind === 'results') {
          this.results++;
          if (NO_NUMBERS.test(s.body)) this.noNumbers++;
        } else if (s.kind === 'usage') {
          this.usage++;
          if (NO_USAGE.test(s.body)) this.noUsage++;
        }
      }
      if (this.readerNameText && text.includes(this.readerNameText)) this.readerName++;
    }
    for (const idea of draft.body.ideas ?? []) {
      const last = sentencesOf(idea.body).at(-1);
      if (last) this.ideaEndings.push(last);
    }
    if (language !== 'en') {
      this.chineseBriefings++;
      const prose = proseStrings(draft).join('\n');
      const between = asciiBetweenChinese(prose);
      this.asciiBetween += between;
      this.asciiBeside += asciiBesideChinese(prose);
      if (between > 0) this.asciiBriefings++;
    }
  }

  result(): WritingFigures {
    const share = (c: { latin: number; han: number }) => (c.latin + c.han > 0 ? c.latin / (c.latin + c.han) : null);
    const endings = repeatedSentences(this.ideaEndings, 0.05);
    return {
      briefings: this.briefings,
      writeups: this.writeups,
      latinShare: share(this.rendered),
      latinShareText: share(this.text),
      dangling: this.dangling,
      cutContributions: this.cutContributions,
      cutWriteups: this.cutWriteups,
      latexContributions: this.latexContributions,
      latexByKind: { ...this.latexByKind },
      latexWriteups: this.latexWriteups,
      brokenSplits: this.brokenSplits,
      innovations: this.innovations,
      keywordInnovations: this.keywordInnovations,
      results: this.results,
      noNumbers: this.noNumbers,
      usage: this.usage,
      noUsage: this.noUsage,
      ideas: this.ideaEndings.length,
      templateIdeas: endings.reduce((n, e) => n + e.count, 0),
      ideaEndings: endings.slice(0, 3),
      readerName: this.readerNameText === null ? null : this.readerName,
      asciiBetween: this.asciiBetween,
      asciiBeside: this.asciiBeside,
      asciiBriefings: this.asciiBriefings,
      chineseBriefings: this.chineseBriefings,
      repeated: repeatedSentences(this.texts, 0.05),
      repeatedMasked: repeatedSentences(this.texts, 0.05, true),
      examples: this.examples,
    };
  }
}

export interface WritingFigures {
  briefings: number;
  writeups: number;
  /** Latin letters / (Latin letters + Han characters) of the rendered write-ups (headings and sections). */
  latinShare: number | null;
  /** The same over the write-up text with the contribution, headings aside. */
  latinShareText: number | null;
  dangling: number;
  cutContributions: number;
  cutWriteups: number;
  latexContributions: number;
  /** Contributions with each kind of residue. */
  latexByKind: Record<string, number>;
  latexWriteups: number;
  brokenSplits: number;
  innovations: number;
  keywordInnovations: number;
  results: number;
  noNumbers: number;
  usage: number;
  noUsage: number;
  ideas: number;
  /** Ideas whose last sentence is shared by more than 5% of ideas. */
  templateIdeas: number;
  ideaEndings: RepeatedSentence[];
  /** Write-ups naming the reader; null when the reader's name is unknown. */
  readerName: number | null;
  asciiBetween: number;
  asciiBeside: number;
  asciiBriefings: number;
  chineseBriefings: number;
  /** Sentences in more than 5% of write-ups, as written. */
  repeated: RepeatedSentence[];
  /** The same with digits masked ("#"), which finds templates filled with numbers. */
  repeatedMasked: RepeatedSentence[];
  examples: WritingTally['examples'];
}
