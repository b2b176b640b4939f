/**
 * Sentence-level text tools for the extractive writer: clean an abstract (link trailers, TeX), split it
 * into sentences, and pick the ones that state the contribution, the problem, the method, the results
 * and the usage facts. Pure and deterministic: the same abstract always yields the same picks.
 *
 * What the writer quotes stays a verbatim quote of the cleaned source. The only changes are:
 * - TeX written into abstracts becomes the text it stands for (`texToText`: `\times` → ×, `--` → –,
 *   `2^{18}` → 2¹⁸, `$\alpha$` → α, `\%` → %);
 * - a leading connective clause ("To address this challenge,", "Specifically,", "In this paper,") is cut
 *   off so a sentence quoted on its own starts with its subject, and the first letter is re-capitalised
 *   (`trimOpening`); when that would leave a fragment the sentence is not used;
 * - nothing is ever shortened inside a sentence: a sentence too long for a field gives way to a shorter
 *   one of the same role, and is used whole when there is none.
 *
 * The other side of a briefing, the Chinese prose written around quotes, gets its punctuation from
 * `prose()` in src/i18n/locale.ts.
 */
import { URL_SPAN } from '../../src/i18n/punctuation.ts';

/** Abbreviations that end with a period but do not end a sentence. */
const ABBREVIATIONS = ['e.g', 'i.e', 'et al', 'etc', 'vs', 'cf', 'fig', 'figs', 'eq', 'eqs', 'sec', 'no', 'approx', 'resp', 'incl', 'al', 'u.s'];
/** Titles are abbreviations only when capitalised: "Ms. Smith", but "5 ms.Our method" ends a sentence. */
const TITLES = ['Dr', 'Mr', 'Ms', 'Mrs', 'Prof', 'St'];
const ABBREVIATION_END = new RegExp(
  `(?:^|[\\s(])(?:${ABBREVIATIONS.map((a) => a.replace(/\./g, '\\.')).join('|')}|${TITLES.join('|')})\\.$`,
  'i',
);
/** The case matters for titles only (a regex modifier group would do, but V8 mis-matches it in this alternation). */
function isAbbreviationEnd(text: string): boolean {
  const m = ABBREVIATION_END.exec(text);
  if (!m) return false;
  const word = m[0].trim().replace(/^\(/, '').slice(0, -1);
  return !TITLES.some((title) => title.toLowerCase() === word.toLowerCase()) || TITLES.includes(word);
}

/** Trailing lines such as "Project Page: [url](url)" or "Code: https://…" that HF appends to abstracts. */
const TRAILER_LINE = /^\s*(?:project\s*page|project|code|github|website|demo|homepage|data(?:set)?|models?|checkpoints?|repo(?:sitory)?)\s*(?:page)?\s*[:：]\s*\S+/i;

export interface CleanAbstract {
  /** The abstract as prose: trailers removed, TeX turned into text, whitespace normalised. */
  text: string;
  /** http(s) URLs mentioned anywhere in the abstract (including its trailers), in order, deduplicated. */
  urls: string[];
}

const URL_PATTERN = /https?:\/\/[^\s<>()\[\]"'`]+[^\s<>()\[\]"'`.,;:!?]/g;

/** Removes link trailers and Markdown link syntax, turns TeX into text, collapses whitespace, collects URLs. */
export function cleanAbstract(raw: string): CleanAbstract {
  const urls: string[] = [];
  for (const m of raw.matchAll(URL_PATTERN)) if (!urls.includes(m[0])) urls.push(m[0]);
  const lines = raw.split(/\r?\n/).filter((line) => !TRAILER_LINE.test(line));
  // [label](url) → label; a bare URL in an abstract stays as it is.
  const text = cleanProse(lines.join(' ').replace(/\[([^\]]*)\]\((https?:[^)]*)\)/g, '$1'));
  return { text, urls };
}

/** Any quoted prose (an abstract line, an HF AI summary): TeX turned into text, whitespace collapsed. */
export function cleanProse(raw: string): string {
  return texToText(raw.replace(/\s+/g, ' ')).replace(/\s+/g, ' ').trim();
}

// --- TeX → text ---------------------------------------------------------------------------------------

const SYMBOLS: Record<string, string> = {
  times: '×', cdot: '·', cdots: '⋯', ldots: '…', dots: '…', approx: '≈', sim: '∼', simeq: '≃', propto: '∝',
  le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠', ll: '≪', gg: '≫', pm: '±', mp: '∓', infty: '∞',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔', mapsto: '↦',
  uparrow: '↑', downarrow: '↓', in: '∈', notin: '∉', subset: '⊂', subseteq: '⊆', cup: '∪', cap: '∩',
  forall: '∀', exists: '∃', sum: '∑', prod: '∏', int: '∫', partial: '∂', nabla: '∇', circ: '∘', deg: '°',
  degree: '°', ell: 'ℓ', checkmark: '✓', star: '⋆', ast: '∗', dagger: '†', textgreater: '>', textless: '<',
  textasciitilde: '~', textbar: '|', S: '§', i: 'i', LaTeX: 'LaTeX', TeX: 'TeX',
  max: 'max', min: 'min', log: 'log', exp: 'exp', sin: 'sin', cos: 'cos', arg: 'arg', argmax: 'argmax',
  argmin: 'argmin', lim: 'lim', sup: 'sup', inf: 'inf', det: 'det', dim: 'dim',
  eg: 'e.g.', ie: 'i.e.', etal: 'et al.', etc: 'etc.', vs: 'vs.',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'φ',
  varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ',
  Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
  // Layout only.
  quad: ' ', qquad: ' ', newline: ' ', linebreak: ' ', par: ' ', allowbreak: '', nobreakdash: '', noindent: '',
  xspace: '', hfill: '', centering: '', em: '', it: '', bf: '', sc: '', tt: '', rm: '', sf: '', normalfont: '',
  left: '', right: '', big: '', Big: '', displaystyle: '', textstyle: '',
};
/** Macros whose one argument is the text: `\textbf{x}` → x. */
const TEXT_ARG = 'textbf|textit|textsc|texttt|textrm|textsf|textnormal|textup|emph|underline|mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|mathfrak|mathscr|boldsymbol|bm|text|mbox|hbox|operatorname|overline|hat|tilde|bar|vec|widehat|widetilde|footnote|b|url|texorpdfstring';
const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾',
  a: 'ᵃ', b: 'ᵇ', c: 'ᶜ', d: 'ᵈ', e: 'ᵉ', f: 'ᶠ', g: 'ᵍ', h: 'ʰ', i: 'ⁱ', j: 'ʲ', k: 'ᵏ', l: 'ˡ', m: 'ᵐ', n: 'ⁿ', o: 'ᵒ', p: 'ᵖ', r: 'ʳ', s: 'ˢ', t: 'ᵗ', u: 'ᵘ', v: 'ᵛ', w: 'ʷ', x: 'ˣ', y: 'ʸ', z: 'ᶻ',
  A: 'ᴬ', B: 'ᴮ', D: 'ᴰ', E: 'ᴱ', G: 'ᴳ', H: 'ᴴ', I: 'ᴵ', J: 'ᴶ', K: 'ᴷ', L: 'ᴸ', M: 'ᴹ', N: 'ᴺ', O: 'ᴼ', P: 'ᴾ', R: 'ᴿ', T: 'ᵀ', U: 'ᵁ', V: 'ⱽ', W: 'ᵂ',
  '*': '*', '′': '′', '∗': '*', '†': '†',
};
const SUBSCRIPT: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉', '+': '₊', '-': '₋', '−': '₋', '=': '₌', '(': '₍', ')': '₎',
  a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ', l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ',
};
/** Combining marks of TeX accents: `\'e` → é, `\"o` → ö, `` \`a `` → à, `\^o` → ô, `\~n` → ñ. */
const ACCENTS: Record<string, string> = { "'": '\u0301', '"': '\u0308', '`': '\u0300', '^': '\u0302', '~': '\u0303' };
/** Placeholders (Unicode private use) for escaped characters while TeX syntax is being read. */
const HOLD = { dollar: '\uE000', underscore: '\uE001', open: '\uE002', close: '\uE003', tilde: '\uE004', caret: '\uE005' } as const;

/**
 * A sub- or superscript as plain text. Unicode has sub/superscript forms for digits, signs and most
 * lowercase letters, so short scripts become them (2^{18} → 2¹⁸, z_{t+1} → zₜ₊₁, x^{-1} → x⁻¹). Others
 * keep TeX's plain-text notation without braces, which readers of papers know: a superscript stays a
 * caret (n^{1.5} → n^1.5, with parentheses when it holds an operator: d^{-1/2} → d^(-1/2)), because
 * dropping it would turn 2^{1.5} into another number; a subscript is written after its symbol
 * (G_{stack} → Gstack, p_{gen} → pgen), because `_` in running text is still TeX.
 */
function script(kind: '^' | '_', content: string): string {
  const body = content.trim().replace(/\btimes\b/g, '×').replace(/\s+/g, ' ');
  if (!body) return '';
  if (/^(?:∘|°|circ)$/.test(body)) return '°';
  const table = kind === '^' ? SUPERSCRIPT : SUBSCRIPT;
  const chars = [...body];
  const short = chars.length <= 3 || /^[-+−]?\d+$/.test(body);
  if (short && chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  if (kind === '_') return body.replace(/\s+/g, '');
  return /^[\w.′*]+$/u.test(body) ? `^${body}` : `^(${body})`;
}

/** Math between `$…$` (or `\(…\)`) when it is math, not prices ("costs $5 and $10"). */
function isMath(content: string): boolean {
  if (!content.trim() || content.length > 200) return false;
  if (/[\\^_{}]/.test(content)) return true;
  return !/\s/.test(content) && !/^\d/.test(content) && content.length <= 40;
}

/** Replaces innermost `{…}` groups matched by `pattern` until none is left. */
function untilStable(text: string, pattern: RegExp, replace: (...m: string[]) => string): string {
  let out = text;
  for (let i = 0; i < 8; i++) {
    const next = out.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** TeX in a piece of text that holds no URL. */
function texPiece(input: string): string {
  let s = input;
  // Accents, and TeX-escaped apostrophes ("query\'s").
  s = s.replace(/\\(['"`^~])\s?\{?(\\i|[A-Za-z])\}?/g, (m: string, mark: string, letter: string, offset: number, whole: string) => {
    const base = letter === '\\i' ? 'i' : letter;
    const next = whole[offset + m.length] ?? '';
    if (mark === "'" && /^[st]$/.test(base) && !/[A-Za-z]/.test(next)) return `'${base}`;
    const composed = `${base}${ACCENTS[mark]}`.normalize('NFC');
    return composed.length === 1 || mark !== "'" ? composed : `'${base}`;
  });
  // Escaped specials: held until the TeX syntax around them has been read.
  s = s
    .replace(/\\\$/g, HOLD.dollar)
    .replace(/\\_/g, HOLD.underscore)
    .replace(/\\\{/g, HOLD.open)
    .replace(/\\\}/g, HOLD.close)
    .replace(/\\~/g, HOLD.tilde)
    .replace(/\\\^/g, HOLD.caret)
    .replace(/\\([%&#'"])/g, '$1')
    .replace(/\\[,;:>]/g, ' ')
    .replace(/\\!/g, '')
    .replace(/\\\\/g, ' ')
    .replace(/\\ /g, ' ')
    // A backslash before a number is a `$` the source lost ("valued at \1 million"); keep the number.
    .replace(/\\(?=\d)/g, '');
  // TeX quotes.
  s = s.replace(/``([^`']*)''/g, '“$1”').replace(/``/g, '“');
  // Inline math: \( … \), \[ … \], $$ … $$ and $ … $ (prices are left alone).
  s = s.replace(/\\\((.*?)\\\)/g, '$1').replace(/\\\[(.*?)\\\]/g, '$1').replace(/\\[()]/g, (m) => m.slice(1));
  s = s.replace(/\$\$([^$]+)\$\$/g, (m, c: string) => (isMath(c) ? c : m)).replace(/\$([^$]+)\$/g, (m, c: string) => (isMath(c) ? c : m));
  // Macros that wrap text, also when the backslash was lost ("textbf{x}"); `\href{url}{text}` → text.
  s = untilStable(s, /\\href\{[^{}]*\}\{([^{}]*)\}/g, (_m, t) => t);
  s = untilStable(s, /\\(?:textcolor|colorbox)\{[^{}]*\}\{([^{}]*)\}/g, (_m, t) => t);
  s = s.replace(/\\color\{[^{}]*\}/g, '');
  s = untilStable(s, new RegExp(`\\\\(?:${TEXT_ARG})\\s*\\{([^{}]*)\\}`, 'g'), (_m, t) => t);
  s = untilStable(s, /(?<![A-Za-z\\])(?:textbf|textit|textsc|texttt|emph|mathrm|mathbf|mathit|mathcal|mathbb|text)\{([^{}]*)\}/g, (_m, t) => t);
  s = untilStable(s, /\{\\(?:em|it|bf|sc|tt|rm|sf|bfseries|itshape|scshape)\s+([^{}]*)\}/g, (_m, t) => t);
  // Symbols and Greek letters; `\method{}` loses its empty group. Unknown macros stay (see texResidue).
  s = s.replace(/\\([A-Za-z]+)(\{\})?/g, (m, name: string) => SYMBOLS[name] ?? m);
  // Degrees, then sub- and superscripts: braced, then the bare forms (R^2, T^2PO, x^k, F_1, π_j).
  s = s.replace(/\^\s*\{?\s*(?:∘|°|circ)\s*\}?/g, '°');
  s = untilStable(s, /([_^])\{([^{}]*)\}/g, (_m, kind, content) => script(kind as '^' | '_', content));
  s = s.replace(/(?<=[\p{L}\p{N})\]])\^(-?\d+(?:\.\d+)?|[A-Za-z*](?![A-Za-z]))/gu, (_m, c: string) => script('^', c));
  s = s.replace(/(?<![\p{L}\p{N}_])([A-Za-z\u0370-\u03FF])_(\d+|[a-z])(?![\p{L}\p{N}_])/gu, (m, base: string, c: string) => {
    const sub = script('_', c);
    return [...c].every((ch) => SUBSCRIPT[ch]) ? `${base}${sub}` : m;
  });
  // `\times` that lost its backslash ("1.45times", "8times RTX 4090"); "3 times faster" is English.
  s = s.replace(/(\d)times\b/g, '$1×');
  // Dashes: --- is an em dash, -- an en dash.
  s = s.replace(/---/g, '—').replace(/--/g, '–');
  // A tie (Fig.~2, Models~(LLMs)) is a space; "~30%", "(~13%" and "75%~89%" mean "about" or "to" and stay.
  s = s.replace(/(?<=\S)~(?=\S)/g, (m, at: number, whole: string) => (/[\p{L}.]/u.test(whole[at - 1] ?? '') || !/\d/.test(whole[at + 1] ?? '') ? ' ' : m));
  s = s.replace(/\{\}/g, '');
  return s
    .replace(new RegExp(HOLD.dollar, 'g'), '$')
    .replace(new RegExp(HOLD.underscore, 'g'), '_')
    .replace(new RegExp(HOLD.open, 'g'), '{')
    .replace(new RegExp(HOLD.close, 'g'), '}')
    .replace(new RegExp(HOLD.tilde, 'g'), '~')
    .replace(new RegExp(HOLD.caret, 'g'), '^');
}

/** Applies `f` to the text between URLs; URLs are left exactly as written. */
function outsideUrls(text: string, f: (piece: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_SPAN)) {
    out += f(text.slice(last, m.index)) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + f(text.slice(last));
}

/**
 * TeX written into an abstract, as the text it stands for. URLs are left alone. Macros this function
 * does not know (a paper's own `\method`) stay, and `texResidue` reports them, so the writer can prefer
 * another sentence.
 */
export function texToText(text: string): string {
  // \url{…}, \href{url}{text} that lost its backslash (`https://x{https://x}`) and a tie before a URL first:
  // the URL inside must be recognised as one.
  const unwrapped = text
    .replace(/\\url\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\?href\s*\{(https?:\/\/[^{}\s]+)\}\s*\{([^{}]*)\}/g, (_m, url: string, label: string) => (label.trim() === url || label.trim() === '' ? url : `${label.trim()} (${url})`))
    .replace(/(https?:\/\/[^{}\s]+)\{\1\}/g, '$1')
    .replace(/~(?=https?:\/\/)/g, ' ');
  return outsideUrls(unwrapped, texPiece);
}

/** TeX that `texToText` could not read (an unknown macro, a brace group left over), or null. */
export function texResidue(text: string): string | null {
  const prose = text.replace(URL_SPAN, ' ');
  return prose.match(/\\[A-Za-z]+|[_^]\{|\$[^$\s]*[\\^_{][^$]*\$/)?.[0] ?? null;
}

// --- sentences ----------------------------------------------------------------------------------------

/**
 * Words that start the next sentence when an abstract lost the space after a period ("learn from.To
 * address this"). A list, so that code ("torch.Tensor", "nn.Module") is never split.
 */
const GLUED_START =
  '(?:To|We|In|Our|However|This|These|That|Those|The|A|An|It|Its|They|Their|While|Whereas|Although|Though|Despite|Unlike|Extensive|Experiments|Experimental|Empirical|Results|Existing|Current|Recent|Prior|Previous|Most|Many|Each|Both|All|Such|Code|Project|Data|On|For|From|By|With|Without|As|At|First|Second|Third|Finally|Then|Next|Moreover|Additionally|Furthermore|Further|Specifically|Notably|Remarkably|Importantly|Overall|Compared|Building|Drawing|Based|Given|Here|Thus|Therefore|Hence|Consequently|Meanwhile|Instead|Yet|But|And|Also|Evaluations?|Ablations?|Analysis|Comprehensive|Lastly|Inspired|Motivated|Through|Using|When|If|Since|Because)';

/** Splits prose into sentences, respecting abbreviations, decimals, initials, URLs and closing quotes/brackets. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const normalised = text.replace(/\s+/g, ' ').trim();
  if (!normalised) return out;
  const urls = [...normalised.matchAll(URL_SPAN)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
  const inUrl = (i: number) => urls.some(([a, b]) => i >= a && i < b);
  // Candidate boundaries: terminal punctuation (optionally followed by closing quotes/brackets), then
  // whitespace, then something that can start a sentence; a period glued to the next sentence
  // ("learn from.To address this"); CJK full stops, which end a sentence without a space.
  const boundary = new RegExp(`([.!?]["'”’)\\]]*)\\s+(?=["'“‘(\\[]?[A-Za-z0-9\\u00C0-\\u024F])|(?<=(?:^|[^\\w./@-])[A-Z]?[a-z]{2,}|[%)\\]])([.!?])(?=${GLUED_START}\\b)|([。！？])`, 'g');
  let start = 0;
  for (const m of normalised.matchAll(boundary)) {
    const at = m.index ?? 0;
    const mark = m[1] ?? m[2] ?? m[3] ?? '';
    const end = at + mark.length;
    const candidate = normalised.slice(start, end).trim();
    const next = normalised[at + m[0].length] ?? '';
    if (!m[3]) {
      if (inUrl(at)) continue;
      // "etc." ends a sentence before a capital ("… and so on, etc. We propose"); other abbreviations do not.
      const bare = candidate.replace(/["'”’)\]]+$/, '');
      if (isAbbreviationEnd(bare) && !(/\betc\.$/i.test(bare) && /[A-Z]/.test(next))) continue;
      // A single capital letter before the period is an initial ("J. Smith"), not a sentence end.
      if (/(?:^|\s)[A-Z]\.$/.test(candidate)) continue;
      // Before a lowercase word, only a period after a real word ends a sentence ("models. minWM provides").
      if (/[a-z]/.test(next) && !/[A-Za-z]{3,}[.!?]["'”’)\]]*$/.test(candidate)) continue;
    }
    if (candidate) out.push(candidate);
    start = at + m[0].length;
  }
  const rest = normalised.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** The sentences of an abstract worth quoting: cleaned, split, link trailers and bare links dropped. */
export function abstractSentences(raw: string): string[] {
  return splitSentences(cleanAbstract(raw).text).filter((s) => !TRAILER_LINE.test(s) && /[A-Za-z\u00C0-\u024F\u4E00-\u9FFF]{2}/.test(s.replace(URL_SPAN, '')));
}

// --- openings -----------------------------------------------------------------------------------------

/** Words that point back at a sentence the reader of a single quoted sentence does not see. */
const BACK = '(?:this|these|that|those|such|it|them|the above|the aforementioned|aforementioned|this end|that end)';
/** Connectives and framing phrases that end at their own comma: nothing else can hide inside them. */
const FIXED_OPENING = new RegExp(
  '^(?:' +
    [
      'specifically', 'moreover', 'furthermore', 'additionally', 'however', 'therefore', 'thus', 'hence', 'consequently', 'accordingly',
      'finally', 'first(?:ly)?', 'second(?:ly)?', 'third(?:ly)?', 'lastly', 'then', 'next', 'meanwhile', 'notably', 'importantly',
      'crucially', 'concretely', 'overall', 'instead', 'besides', 'also', 'nevertheless', 'nonetheless', 'subsequently', 'ultimately',
      'alternatively', 'similarly', 'likewise', 'conversely', 'still', 'further', 'critically', 'interestingly', 'surprisingly',
      'remarkably', 'together', 'collectively', 'here', 'now', 'in (?:particular|addition|contrast|summary|short|turn|response|doing so)',
      'in this (?:context|setting|regard|light|vein|direction)', 'as a result', 'as such', 'on the other hand', `on top of ${BACK}`,
      'at the same time', 'by contrast', 'for (?:example|instance)', `to ${BACK}`, 'with this in mind', 'against this backdrop',
      'in this (?:paper|work|study|report|article|letter|survey|technical report|position paper|note|thesis|tutorial|chapter|project|manuscript|contribution|research)',
      'in the present (?:paper|work|study)', 'in our (?:paper|work|study)', 'more specifically', 'to do so', 'by doing so', 'in sum',
      'to summari[sz]e', 'yet',
    ].join('|') +
    ')\\s*,\\s*',
  'i',
);
/** The same framing words directly before "we" ("Here we propose", "In this paper we show"). */
const BARE_OPENING = /^(?:here|thus|hence|therefore|then|finally|first|specifically|moreover|additionally|furthermore|instead|in this (?:paper|work|study|report|article)|to this end)\s+(?=we\b)/i;
/**
 * Clauses of any length that end at a comma before the subject: purpose clauses, and back-references.
 * Hedges are not openings: "To our knowledge, we are the first" says less than "We are the first".
 */
const OPEN_CLAUSE = new RegExp(`^(?:to\\s(?!(?:the best of )?(?:our|my) knowledge|date\\b)|in order to\\s|(?:building (?:on|upon)|based on|motivated by|inspired by|in light of|given|guided by|driven by|following|beyond|with)\\s+(?:[^,]{0,40}\\s)?${BACK}\\b)`, 'i');
/**
 * Any other opening phrase that leans on what came before: it starts as a dependent phrase and points
 * back ("Toward this goal,", "In response to this challenge,", "Addressing these issues,", "For such
 * tasks,"). Cut like an open clause, up to the comma before the subject.
 */
const DEPENDENT_START = /^(?:to|towards?|in|for|by|with|on|upon|from|under|against|beyond|despite|given|based|building|motivated|inspired|driven|guided|following|leveraging|using|addressing|recognizing|observing|noting|as)\b/i;
const POINTS_BACK = /\b(?:this|these|that|those|such|aforementioned|above-mentioned)\b|\bthe (?:gap|gaps|challenge|challenges|issue|issues|problem|problems|limitation|limitations|bottleneck|bottlenecks|shortcoming|shortcomings)$/i;

/** Where a sentence's own subject starts after an open clause. */
const SUBJECT_START = /^(?:we|our|this (?:paper|work|study|report|article|letter|survey|note)|here,? we|in this (?:paper|work|study|report|article),? we|the authors|they)\b/i;
/** Sentence-initial conjunctions before a subject ("But we show", "Yet it remains"). */
const CONJUNCTION = /^(?:but|and|yet|so|thus|hence|therefore|however|then|also|still)\s+(?=(?:we|it|they|this|these|those|the|our|its|their|such|there|existing|current|most|many|few|no|prior|previous|recent)\b)/i;
/** First words that cannot start a sentence of their own. */
const FRAGMENT_START = /^(?:which|that|who|whose|whom|where|whereby|wherein|whereas|and|or|nor|but|than|as|respectively|thereby|i\.e\.|e\.g\.|namely|including|etc|of|to|so)\b/i;

/** Commas at bracket depth 0 (a comma inside "(e.g., X)" does not end a clause). */
function topLevelCommas(s: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) out.push(i);
  }
  return out;
}

/** One leading connective cut off, or null when the sentence opens with none. */
function cutOpening(s: string): string | null {
  const fixed = s.match(FIXED_OPENING) ?? s.match(BARE_OPENING) ?? s.match(CONJUNCTION);
  if (fixed) return s.slice(fixed[0].length);
  const firstComma = topLevelCommas(s)[0];
  const opening = firstComma !== undefined && firstComma <= 90 ? s.slice(0, firstComma) : '';
  if (OPEN_CLAUSE.test(s) || (DEPENDENT_START.test(opening) && POINTS_BACK.test(opening))) {
    for (const comma of topLevelCommas(s)) {
      const rest = s.slice(comma + 1).trimStart();
      if (SUBJECT_START.test(rest)) return rest;
    }
    // An open clause whose end cannot be found: no honest cut.
    return '';
  }
  return null;
}

/** True when a sentence opens with a connective or a framing clause that `trimOpening` would cut. */
export function hasOpening(sentence: string): boolean {
  return cutOpening(sentence.trim()) !== null;
}

/** Words that start a sentence and are never a paper's lowercase name. */
const COMMON_START = /^(?:we|our|this|these|those|the|a|an|it|its|they|their|such|there|existing|current|most|many|each|both|all|experiments|results|extensive|prior|previous|recent|unlike|while|although|despite|by|with|for|in|on|using|given)$/;

/** Upper-cases the first letter of a plain lowercase word; names ("vLLM", "o1", a title's "gsplat") stay. */
function capitalise(s: string, title: string | undefined): string {
  const word = s.match(/^[A-Za-z]+(?=[^A-Za-z0-9\-.]|$)/)?.[0];
  if (!word || !/^[a-z]+$/.test(word)) return s;
  if (!COMMON_START.test(word) && new RegExp(`(?<![\\w-])${word}(?![\\w-])`).test(title ?? '')) return s;
  return `${word[0]!.toUpperCase()}${s.slice(1)}`;
}

/**
 * A sentence that starts with its subject: leading connective clauses ("To address this challenge,",
 * "Specifically,", "In this paper,", "However,") cut off and the first letter re-capitalised. The
 * result is the rest of the sentence, verbatim. Returns the sentence unchanged when it has no such
 * opening, and null when cutting would leave a fragment (the caller picks another sentence).
 */
export function trimOpening(sentence: string, options: { title?: string } = {}): string | null {
  let s = sentence.trim();
  let cut = false;
  for (let i = 0; i < 4; i++) {
    const rest = cutOpening(s);
    if (rest === null) break;
    if (!rest) return null;
    s = rest.trim();
    cut = true;
  }
  if (!cut) {
    // A connective after a short first phrase dangles just the same ("In practice, however, we find"),
    // and the phrase before it cannot go ("in practice" is part of the claim): not a stand-alone quote.
    const comma = topLevelCommas(s)[0];
    if (comma !== undefined && s.slice(0, comma).split(/\s+/).length <= 5 && FIXED_OPENING.test(s.slice(comma + 1).trimStart())) return null;
    return s;
  }
  const words = s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length < 3 || FRAGMENT_START.test(s) || !/^[\p{L}\p{N}"“‘'(]/u.test(s)) return null;
  return capitalise(s, options.title);
}

// --- sentence roles -----------------------------------------------------------------------------------

const CONTRIBUTION_STRONG = /\b(?:we|this (?:paper|work|study|report)|here,? we|in this (?:paper|work),? we)\s+(?:\w+ly\s+)?(?:propose|introduce|present|unveil)s?\b/i;
const CONTRIBUTION_MEDIUM = /\b(?:we|this (?:paper|work|study|report))\s+(?:\w+ly\s+)?(?:develop|design|build|release|construct|contribute|formulate|curate|establish|offer|provide|devise|create|train)s?\b/i;
const CONTRIBUTION_WEAK = /\b(?:we|this (?:paper|work|study|report))\s+(?:\w+ly\s+)?(?:study|investigate|explore|examine|analy[sz]e|show|demonstrate|find|reveal|argue|identify|revisit)s?\b/i;
const PASSIVE_CONTRIBUTION = /\b(?:is|are) (?:proposed|introduced|presented)\b/i;

const PROBLEM = /\b(?:however|remains?|challeng\w*|limit\w*|lack\w*|struggl\w*|bottleneck\w*|costly|expensive|fail\w*|suffer\w*|difficult\w*|unclear|open (?:problem|question)|gap|hinder\w*|prone to|insufficient|brittle|underexplored|rarely|yet)\b/i;
const METHOD = /\b(?:specifically|first|then|finally|consist\w*|compris\w*|leverag\w*|we (?:design|introduce|develop|use|employ|adopt|train|apply|combine|decompose|formulate|propose)|novel|key (?:idea|insight)|module|mechanism|pipeline|framework|architecture|objective|loss|algorithm|strategy|by (?:\w+ing)|via|through)\b/i;
/** Claims that compare against something, or what experiments show: a result even without a number. */
const RESULT_CLAIM = /\b(?:outperform\w*|surpass\w*|state-of-the-art|sota|better than|exceed\w*|beats?|on par with|comparable to|(?:experiments?|evaluations?|results?|analys[ie]s|ablations?)(?: [\w-]+){0,5} (?:show|indicate|demonstrate|reveal|confirm|suggest)\w*)\b/i;
/** Words that make a sentence with a number a result rather than a setup ("13 datasets"). */
const RESULT_WORDS = /\b(?:improv\w*|achiev\w*|gains?|boost\w*|reduc\w*|speed-?ups?|faster|accuracy|success|score\w*|rate|higher|lower|fewer|less|more|cuts?|saves?|points?|relative|absolute|average)\b/i;
/** A number that is not part of a model or version name (Wan2.1-T2V-1.3B, GPT-5.4). */
const NUMBER = /(?<![\w.-])\d+(?:[.,]\d+)*(?![\w-])/;
/** Percentages, multipliers, points: the numbers results are made of. */
const NUMBER_STRONG = /(?<![\w.-])\d+(?:\.\d+)?\s*(?:%|×|x\b|times\b|pp\b|points?\b|percentage points\b)|(?<![\w.-])\d+\.\d+(?![\w-])/;
const USAGE = /\b(?:open[- ]?sourced?|openly released|publicly (?:available|released)|(?:we )?release[sd]?|code (?:is|and|will)|our code|checkpoints?|model weights|github|plug-and-play|training-free|drop-in|single (?:gpu|card)|consumer(?:-grade)? gpus?|\d+\s*(?:×|x)?\s*(?:a100|h100|h800|rtx|gpus?)|memory footprint|toolkit|library|pip install)\b/i;

/** Preferred longest one-line contribution and list item, in characters: longer ones are used only when nothing shorter fits. */
export const CONTRIBUTION_MAX = 500;
export const BULLET_MAX = 420;

export interface SentencePicks {
  /** The one-line contribution, opening trimmed (null when no sentence can serve). */
  contribution: string | null;
  /** Where the contribution was quoted from. */
  contributionSource: 'abstract' | 'summary' | null;
  /** Motivation/problem sentences (consecutive quotes; only the first is trimmed). */
  problem: string[];
  /** How it works. */
  method: string[];
  /** Sentences with the paper's own numbers or comparative claims, numeric ones first. */
  results: string[];
  /** Release, code, hardware and deployment facts. */
  usage: string[];
}

export interface PickOptions {
  title?: string;
  limits?: { problem: number; method: number; results: number; usage: number };
  /** Sentences of the HF AI summary: the contribution when the abstract has none that can stand alone. */
  summary?: string[];
}

function contributionScore(s: string): number {
  if (CONTRIBUTION_STRONG.test(s)) return 3;
  if (CONTRIBUTION_MEDIUM.test(s)) return 2;
  if (PASSIVE_CONTRIBUTION.test(s)) return 1.5;
  if (CONTRIBUTION_WEAK.test(s)) return 1;
  return 0;
}

/** No TeX left, and not a sentence the source itself left unfinished ("…, which are ..."). */
function quotable(s: string): boolean {
  return !texResidue(s) && !/(?:\.\.\.|…)\s*$/.test(s);
}

/** A sentence as a stand-alone quote: opening trimmed, no TeX left; null when it cannot stand alone. */
function standAlone(s: string, title: string | undefined): string | null {
  if (!quotable(s)) return null;
  return trimOpening(s, { title });
}

/**
 * Assigns the abstract's sentences to roles. Each sentence is used at most once, in the order
 * contribution → results → usage → method → problem, so the write-up never repeats itself.
 *
 * The contribution is the best "we propose…" sentence that can stand alone (see `trimOpening`),
 * preferring one within `CONTRIBUTION_MAX` characters; else the first such sentence of the HF AI
 * summary; else the first abstract sentence that can stand alone.
 */
export function pickSentences(sentences: string[], options: PickOptions = {}): SentencePicks {
  const limits = options.limits ?? { problem: 2, method: 3, results: 3, usage: 2 };
  const title = options.title;
  // Numbers from the title are names ("AgentDoG 1.5", "50 Effects"), not results: mask them for scoring.
  const titleNumbers = [...new Set(title?.match(/\d+(?:\.\d+)*/g) ?? [])];
  const scored = titleNumbers.length
    ? sentences.map((s) => titleNumbers.reduce((acc, n) => acc.replace(new RegExp(`(?<![\\w.])${n.replace(/\./g, '\\.')}(?![\\w.])`, 'g'), 'N'), s))
    : sentences;
  const used = new Set<number>();
  const stand = (i: number) => standAlone(sentences[i]!, title);
  let contribution: string | null = null;
  let contributionSource: SentencePicks['contributionSource'] = null;

  // The contribution, in order of preference: a "we propose…" sentence within CONTRIBUTION_MAX, the
  // HF AI summary's sentence within it, then the same two at any length (whole, never cut), then the
  // first abstract sentence that stands alone.
  const byScore = sentences
    .map((s, i) => ({ i, score: contributionScore(s) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((c) => ({ index: c.i, text: stand(c.i) }));
  const summary = (options.summary ?? []).map((s) => ({ index: -1, text: standAlone(s, title) }));
  const first = sentences.map((_, i) => ({ index: i, text: stand(i) }));
  const within = (c: { text: string | null }) => c.text !== null && c.text.length <= CONTRIBUTION_MAX;
  const usable = (c: { text: string | null }) => c.text !== null;
  const picked = byScore.find(within) ?? summary.find(within) ?? byScore.find(usable) ?? summary.find(usable) ?? first.find(within) ?? first.find(usable) ?? null;
  let contributionIndex = byScore[0]?.index ?? -1;
  if (picked?.text) {
    contribution = picked.text;
    contributionSource = picked.index >= 0 ? 'abstract' : 'summary';
    if (picked.index >= 0) {
      used.add(picked.index);
      contributionIndex = picked.index;
    }
  }

  /** Up to `limit` sentences of a role, each whole; ones over BULLET_MAX only when none fits. */
  const take = (test: (s: string, i: number) => boolean, limit: number, order?: (a: number, b: number) => number, trim = (i: number, _k: number) => stand(i)): string[] => {
    const idx = sentences.map((_, i) => i).filter((i) => !used.has(i) && quotable(sentences[i]!) && test(scored[i]!, i));
    if (order) idx.sort(order);
    const fitting = idx.filter((i) => sentences[i]!.length <= BULLET_MAX);
    const chosen = (fitting.length ? fitting : idx.slice(0, 1)).slice(0, limit);
    chosen.forEach((i) => used.add(i));
    return chosen.sort((a, b) => a - b).map((i, k) => trim(i, k) ?? sentences[i]!);
  };

  // Results come after the contribution (earlier sentences describe prior work), unless they are numeric.
  const afterContribution = (i: number) => contributionIndex < 0 || i > contributionIndex;
  const resultRank = (s: string) => (NUMBER_STRONG.test(s) ? 3 : NUMBER.test(s) && RESULT_WORDS.test(s) ? 2 : RESULT_CLAIM.test(s) ? 1 : 0);
  const isResult = (s: string, i: number) => {
    const rank = resultRank(s);
    return rank >= 2 || (rank === 1 && afterContribution(i));
  };
  const results = take(isResult, limits.results, (a, b) => resultRank(scored[b]!) - resultRank(scored[a]!) || a - b);
  const usage = take((s, i) => afterContribution(i) && USAGE.test(s), limits.usage);
  const method = take((s, i) => afterContribution(i) && METHOD.test(s), limits.method);
  // The problem sentences are quoted together, in order: only the first needs to stand alone.
  const problem = take(
    (s, i) => (contributionIndex < 0 || i < contributionIndex) && (PROBLEM.test(s) || i === 0),
    limits.problem,
    undefined,
    (i, k) => (k === 0 ? stand(i) : sentences[i]!),
  );
  return { contribution, contributionSource, problem, method, results, usage };
}

/** The first sentence of a text that stands alone within `max` characters, else null (never a cut). */
export function fittingSentence(text: string, max: number, title?: string): string | null {
  for (const s of splitSentences(text)) {
    const t = standAlone(s, title);
    if (t !== null && t.length <= max) return t;
  }
  return null;
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
