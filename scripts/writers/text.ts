/**
 * Sentence-level text tools for the extractive writer: split an abstract into sentences and pick the
 * ones that state the contribution, the problem, the method, the results and the usage facts.
 * Pure and deterministic: the same abstract always yields the same picks.
 */

/** Abbreviations that end with a period but do not end a sentence. */
const ABBREVIATIONS = ['e.g', 'i.e', 'et al', 'etc', 'vs', 'cf', 'fig', 'figs', 'eq', 'eqs', 'sec', 'no', 'approx', 'resp', 'incl', 'al', 'dr', 'mr', 'ms', 'prof', 'u.s', 'st'];
const ABBREVIATION_END = new RegExp(`(?:^|[\\s(])(?:${ABBREVIATIONS.map((a) => a.replace(/\./g, '\\.')).join('|')})\\.$`, 'i');

/** Trailing lines such as "Project Page: [url](url)" or "Code: https://…" that HF appends to abstracts. */
const TRAILER_LINE = /^\s*(?:project\s*page|project|code|github|website|demo|homepage|data(?:set)?|models?|checkpoints?|repo(?:sitory)?)\s*(?:page)?\s*[:：]\s*\S+/i;

export interface CleanAbstract {
  /** The abstract as prose, trailers removed, whitespace normalised. */
  text: string;
  /** http(s) URLs mentioned anywhere in the abstract (including its trailers), in order, deduplicated. */
  urls: string[];
}

const URL_PATTERN = /https?:\/\/[^\s<>()\[\]"'`]+[^\s<>()\[\]"'`.,;:!?]/g;

/** Removes link trailers and Markdown link syntax, collapses whitespace, and collects URLs. */
export function cleanAbstract(raw: string): CleanAbstract {
  const urls: string[] = [];
  for (const m of raw.matchAll(URL_PATTERN)) if (!urls.includes(m[0])) urls.push(m[0]);
  const lines = raw.split(/\r?\n/).filter((line) => !TRAILER_LINE.test(line));
  const text = lines
    .join(' ')
    // [label](url) → label; a bare URL in an abstract stays as it is.
    .replace(/\[([^\]]*)\]\((https?:[^)]*)\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return { text, urls };
}

/** Splits prose into sentences, respecting abbreviations, decimals, initials and closing quotes/brackets. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const normalised = text.replace(/\s+/g, ' ').trim();
  if (!normalised) return out;
  // Candidate boundaries: terminal punctuation (optionally followed by closing quotes/brackets), then
  // whitespace, then something that can start a sentence. CJK full stops end a sentence without a space.
  const boundary = /([.!?]["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Za-z0-9\u00C0-\u024F])|([。！？])/g;
  let start = 0;
  for (const m of normalised.matchAll(boundary)) {
    const end = (m.index ?? 0) + (m[1] ?? m[2] ?? '').length;
    const candidate = normalised.slice(start, end).trim();
    if (m[1] && ABBREVIATION_END.test(candidate)) continue;
    // A single capital letter before the period is an initial ("J. Smith"), not a sentence end.
    if (m[1] && /(?:^|\s)[A-Z]\.$/.test(candidate)) continue;
    // Before a lowercase word, only a period after a real word ends a sentence ("models. minWM provides").
    const next = normalised[(m.index ?? 0) + m[0].length] ?? '';
    if (m[1] && /[a-z]/.test(next) && !/[A-Za-z]{3,}[.!?]["'”’)\]]*$/.test(candidate)) continue;
    if (candidate) out.push(candidate);
    start = (m.index ?? 0) + m[0].length;
  }
  const rest = normalised.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** Cuts an over-long sentence at a word boundary, marking the cut. */
export function clip(sentence: string, max = 420): string {
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:\s]+$/, '')} …`;
}

// --- sentence roles --------------------------------------------------------------------------------

const CONTRIBUTION_STRONG = /\b(?:we|this (?:paper|work|study|report)|here,? we|in this (?:paper|work),? we)\s+(?:\w+ly\s+)?(?:propose|introduce|present|unveil)s?\b/i;
const CONTRIBUTION_MEDIUM = /\b(?:we|this (?:paper|work|study|report))\s+(?:\w+ly\s+)?(?:develop|design|build|release|construct|contribute|formulate|curate|establish|offer|provide|devise|create|train)s?\b/i;
const CONTRIBUTION_WEAK = /\b(?:we|this (?:paper|work|study|report))\s+(?:\w+ly\s+)?(?:study|investigate|explore|examine|analy[sz]e|show|demonstrate|find|reveal|argue|identify|revisit)s?\b/i;
const PASSIVE_CONTRIBUTION = /\b(?:is|are) (?:proposed|introduced|presented)\b/i;

const PROBLEM = /\b(?:however|remains?|challeng\w*|limit\w*|lack\w*|struggl\w*|bottleneck\w*|costly|expensive|fail\w*|suffer\w*|difficult\w*|unclear|open (?:problem|question)|gap|hinder\w*|prone to|insufficient|brittle|underexplored|rarely|yet)\b/i;
const METHOD = /\b(?:specifically|first|then|finally|consist\w*|compris\w*|leverag\w*|we (?:design|introduce|develop|use|employ|adopt|train|apply|combine|decompose|formulate|propose)|novel|key (?:idea|insight)|module|mechanism|pipeline|framework|architecture|objective|loss|algorithm|strategy|by (?:\w+ing)|via|through)\b/i;
/** Claims that compare against something: a result even without a number. */
const RESULT_CLAIM = /\b(?:outperform\w*|surpass\w*|state-of-the-art|sota|better than|exceed\w*|beats?|on par with|comparable to|(?:experiments?|evaluations?|results?|analys[ie]s|ablations?) (?:\w+ )?(?:show|indicate|demonstrate|reveal|confirm|suggest)\w*)\b/i;
/** Words that make a sentence with a number a result rather than a setup ("13 datasets"). */
const RESULT_WORDS = /\b(?:improv\w*|achiev\w*|gains?|boost\w*|reduc\w*|speed-?ups?|faster|accuracy|success|score\w*|rate|higher|lower|fewer|less|more|cuts?|saves?|points?|relative|absolute|average)\b/i;
/** A number that is not part of a model or version name (Wan2.1-T2V-1.3B, GPT-5.4). */
const NUMBER = /(?<![\w.-])\d+(?:[.,]\d+)*(?![\w-])/;
/** Percentages, multipliers, points: the numbers results are made of. */
const NUMBER_STRONG = /(?<![\w.-])\d+(?:\.\d+)?\s*(?:%|×|x\b|times\b|pp\b|points?\b|percentage points\b)|(?<![\w.-])\d+\.\d+(?![\w-])/;
const USAGE = /\b(?:open[- ]?sourced?|openly released|publicly (?:available|released)|(?:we )?release[sd]?|code (?:is|and|will)|our code|checkpoints?|model weights|github|plug-and-play|training-free|drop-in|single (?:gpu|card)|consumer(?:-grade)? gpus?|\d+\s*(?:×|x)?\s*(?:a100|h100|h800|rtx|gpus?)|memory footprint|toolkit|library|pip install)\b/i;

export interface SentencePicks {
  /** The sentence that states what the paper contributes. */
  contribution: string | null;
  /** Motivation/problem sentences. */
  problem: string[];
  /** How it works. */
  method: string[];
  /** Sentences with the paper's own numbers or comparative claims, numeric ones first. */
  results: string[];
  /** Release, code, hardware and deployment facts. */
  usage: string[];
}

function contributionScore(s: string): number {
  if (CONTRIBUTION_STRONG.test(s)) return 3;
  if (CONTRIBUTION_MEDIUM.test(s)) return 2;
  if (PASSIVE_CONTRIBUTION.test(s)) return 1.5;
  if (CONTRIBUTION_WEAK.test(s)) return 1;
  return 0;
}

/**
 * Assigns the abstract's sentences to roles. Each sentence is used at most once, in the order
 * contribution → results → usage → method → problem, so the write-up never repeats itself.
 */
export function pickSentences(
  sentences: string[],
  options: { title?: string; limits?: { problem: number; method: number; results: number; usage: number } } = {},
): SentencePicks {
  const limits = options.limits ?? { problem: 2, method: 3, results: 3, usage: 2 };
  // Numbers from the title are names ("AgentDoG 1.5", "50 Effects"), not results: mask them for scoring.
  const titleNumbers = [...new Set(options.title?.match(/\d+(?:\.\d+)*/g) ?? [])];
  const scored = titleNumbers.length
    ? sentences.map((s) => titleNumbers.reduce((acc, n) => acc.replace(new RegExp(`(?<![\\w.])${n.replace(/\./g, '\\.')}(?![\\w.])`, 'g'), 'N'), s))
    : sentences;
  const used = new Set<number>();
  let contributionIndex = -1;
  let best = 0;
  sentences.forEach((s, i) => {
    const score = contributionScore(s);
    if (score > best) {
      best = score;
      contributionIndex = i;
    }
  });
  if (contributionIndex >= 0) used.add(contributionIndex);

  const take = (test: (s: string, i: number) => boolean, limit: number, order?: (a: number, b: number) => number): string[] => {
    const idx = sentences.map((_, i) => i).filter((i) => !used.has(i) && test(scored[i], i));
    if (order) idx.sort(order);
    const chosen = idx.slice(0, limit);
    chosen.forEach((i) => used.add(i));
    return chosen.sort((a, b) => a - b).map((i) => sentences[i]);
  };

  // Results come after the contribution (earlier sentences describe prior work), unless they are numeric.
  const afterContribution = (i: number) => contributionIndex < 0 || i > contributionIndex;
  const resultRank = (s: string) => (NUMBER_STRONG.test(s) ? 3 : NUMBER.test(s) && RESULT_WORDS.test(s) ? 2 : RESULT_CLAIM.test(s) ? 1 : 0);
  const isResult = (s: string, i: number) => {
    const rank = resultRank(s);
    return rank >= 2 || (rank === 1 && afterContribution(i));
  };
  const results = take(isResult, limits.results, (a, b) => resultRank(scored[b]) - resultRank(scored[a]) || a - b);
  const usage = take((s, i) => afterContribution(i) && USAGE.test(s), limits.usage);
  const method = take((s, i) => (contributionIndex < 0 || i > contributionIndex) && METHOD.test(s), limits.method);
  const problem = take((s, i) => (contributionIndex < 0 || i < contributionIndex) && (PROBLEM.test(s) || i === 0), limits.problem);
  return {
    contribution: contributionIndex >= 0 ? sentences[contributionIndex] : null,
    problem,
    method,
    results,
    usage,
  };
}

/** The first sentence of a text, or the whole text when it has one. */
export function firstSentence(text: string): string {
  return splitSentences(text)[0] ?? '';
}

/** A paper's short name: the part of the title before a colon, when that part is short. */
export function shortTitle(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  const colon = clean.search(/[:：]\s/);
  if (colon > 1 && colon <= 40) return clean.slice(0, colon).trim();
  return clean;
}

/** Venue-like part of an arXiv comment ("Accepted to ACL 2026 Findings"), else null. */
export function venueFromComment(comment: string | null, journalRef: string | null = null): string | null {
  const venue = /\b(?:ACL|EMNLP|NAACL|COLING|EACL|NeurIPS|NIPS|ICLR|ICML|CVPR|ICCV|ECCV|AAAI|IJCAI|KDD|WWW|SIGIR|CoRL|RSS|ICRA|IROS|COLM|TMLR|JMLR|TPAMI|Interspeech|ICASSP|MICCAI|WACV|UAI|AISTATS)\b[^,;.)]*?\b(?:19|20)\d{2}\b(?:\s+(?:Findings|Main|Workshop|Oral|Spotlight|Poster))?/;
  const fromComment = comment?.match(venue)?.[0];
  if (fromComment) return fromComment.replace(/\s+/g, ' ').trim();
  if (journalRef && journalRef.trim()) return journalRef.replace(/\s+/g, ' ').trim();
  return null;
}
