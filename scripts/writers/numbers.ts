/**
 * Grounded numbers (issue 11 §3): is a number in model output supported by the text the model was
 * given? Pure. The LLM writer drops every model sentence with an unsupported number (`groundText`) and
 * counts them; `npm run eval:writer` and the scripted local model that invents numbers use the same check.
 *
 * A number is read with its unit, and compared by value in every form it may be written in:
 * "1.5×", "1.5x", "1.5 times", "1.5 倍" and "150%" are the same figure; "1,234" is 1234; "12k" is
 * 12000. Numbers inside identifiers ("Qwen2.5-7B", "GPT-4o", arXiv ids) are part of a name and are
 * not read on either side. Bare integers below 10 ("top 3", "2 篇") are not counted: they are
 * ordinals and small counts far more often than claims.
 */

export interface NumberToken {
  /** As written, e.g. "37.5%", "1.5×", "1,234". */
  raw: string;
  /** The value in every form it may be compared in (a percentage also as a ratio, a multiplier also as a percentage). */
  values: number[];
}

const NUMBER = /(?<![\p{L}\p{N}_.\-/])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s?(%|％|×|x(?![\p{L}\p{N}])|times\b|倍|[kK](?![\p{L}\p{N}])|M(?![\p{L}\p{N}])|B(?![\p{L}\p{N}])))?(?![\p{L}\p{N}_]|\.\d)/gu;

/** Rounded for comparison, so 0.1 + 0.2 and 0.3 compare equal. */
function key(v: number): string {
  return String(Number(v.toPrecision(10)));
}

/** Every number worth checking in a text, in order. */
export function numbersIn(text: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const int = m[1]!.replace(/,/g, '');
    const value = Number(m[2] !== undefined ? `${int}.${m[2]}` : int);
    if (!Number.isFinite(value)) continue;
    const unit = m[3] ?? '';
    if (!unit && m[2] === undefined && value < 10) continue;
    let values: number[];
    if (unit === '%' || unit === '％') values = [value, value / 100];
    else if (unit === '×' || unit === 'x' || unit === 'times' || unit === '倍') values = [value, value * 100];
    else if (unit === 'k' || unit === 'K') values = [value * 1e3, value];
    else if (unit === 'M') values = [value * 1e6, value];
    else if (unit === 'B') values = [value * 1e9, value];
    else values = [value];
    out.push({ raw: m[0], values });
  }
  return out;
}

/** The set of values a given text supports, for repeated checks against it. */
export function supportedValues(given: string): Set<string> {
  const set = new Set<string>();
  for (const t of numbersIn(given)) for (const v of t.values) set.add(key(v));
  // Small integers are skipped as claims but still support themselves ("3 benchmarks" given, "3" said).
  for (const m of given.matchAll(/(?<![\p{L}\p{N}_.])\d(?![\p{L}\p{N}_]|\.\d)/gu)) set.add(key(Number(m[0])));
  return set;
}

/** The numbers of `output` that `given` does not support, as written. */
export function unsupportedNumbers(output: string, given: string | Set<string>): string[] {
  const supported = typeof given === 'string' ? supportedValues(given) : given;
  return numbersIn(output)
    .filter((t) => !t.values.some((v) => supported.has(key(v))))
    .map((t) => t.raw);
}

/** The sentences of one line of model text, each with its trailing space: ends at 。！？； or at .!?; before a space. */
function sentencePieces(line: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const cjkEnd = c === '。' || c === '！' || c === '？' || c === '；';
    const latinEnd = (c === '.' || c === '!' || c === '?' || c === ';') && (i + 1 === line.length || /\s/.test(line[i + 1]!));
    if (!cjkEnd && !latinEnd) continue;
    let end = i + 1;
    while (end < line.length && /\s/.test(line[end]!)) end++;
    pieces.push(line.slice(start, end));
    start = end;
    i = end - 1;
  }
  if (start < line.length) pieces.push(line.slice(start));
  return pieces;
}

export interface Grounded {
  text: string;
  /** Sentences dropped because they hold a number the given text does not support. */
  dropped: number;
  /** Those numbers, as written. */
  numbers: string[];
}

/**
 * Model text with every sentence that states an unsupported number removed (line by line, so Markdown
 * lists keep their shape; a list item left empty goes too).
 */
export function groundText(text: string, supported: Set<string>): Grounded {
  let dropped = 0;
  const numbers: string[] = [];
  const lines = text.split('\n').flatMap((line) => {
    const marker = /^\s*(?:[-*•]|\d+[.)])\s+/.exec(line)?.[0] ?? '';
    const kept = sentencePieces(line.slice(marker.length)).filter((piece) => {
      const bad = unsupportedNumbers(piece, supported);
      if (bad.length === 0) return true;
      dropped++;
      numbers.push(...bad);
      return false;
    });
    const body = kept.join('').trimEnd();
    if (body === '' && line.trim() !== '') return [];
    return [`${marker}${body}`];
  });
  return { text: lines.join('\n'), dropped, numbers };
}

/** Keys of a model answer that name things rather than say something (ids, names, slugs): not checked. */
const NAMING_KEYS = new Set(['id', 'ids', 'name', 'categories', 'category']);

/** A whole model answer grounded: every prose string through `groundText`; names and ids kept as they are. */
export function groundAnswer<T>(value: T, given: string | Set<string>): { value: T; dropped: number; numbers: string[] } {
  const supported = typeof given === 'string' ? supportedValues(given) : given;
  let dropped = 0;
  const numbers: string[] = [];
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') {
      if (key !== null && NAMING_KEYS.has(key)) return v;
      const g = groundText(v, supported);
      dropped += g.dropped;
      numbers.push(...g.numbers);
      return g.text;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return { value: walk(value, null) as T, dropped, numbers };
}
