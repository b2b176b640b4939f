/**
 * Chinese punctuation in Chinese prose: the one rule for turning ASCII `, ; : ( )` written next to Chinese
 * characters into `，；：（）`, while quoted English, code, URLs and Markdown link syntax keep theirs. Used
 * through `prose()` in locale.ts by everything that writes Chinese text around quotes; the URL pattern is
 * shared with the writers' sentence layer (scripts/writers/text.ts).
 */

/** URLs as spans to leave alone (with or without a scheme); Chinese text or a backslash escape right after a URL is not part of it. */
export const URL_SPAN = /(?:https?:\/\/|\bwww\.)[^\s<>()\[\]"'`\\\u3000-\u9FFF\uFF00-\uFFEF]*[^\s<>()\[\]"'`\\.,;:!?\u3000-\u9FFF\uFF00-\uFFEF]/g;

/** Han characters, CJK and full-width punctuation (、。《》「」，：). */
const CJK = /[\u2E80-\u2FDF\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;
/** Han characters only: a `)` right before one closes Chinese prose, not a quote ("(PyTorch)。" stays). */
const HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
const FULL_WIDTH: Record<string, string> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）' };

/**
 * Chinese prose with Chinese punctuation: an ASCII `, ; :` next to a Chinese character becomes `，；：`
 * (so does a comma with no space after it when Chinese follows within a few characters),
 * and a pair `( )` becomes `（ ）` when a Chinese character stands before it or at either end inside it,
 * or a Han character or a Chinese `，；：` right after it.
 * Spaces around a converted mark go. Never touched: backslash-escaped characters (quoted text went
 * through `escapeLiteral`, so an English sentence quoted in the prose keeps its punctuation), inline
 * code, URLs, and Markdown link syntax (`[label](url)`, `<url>`). Emphasis markers (`**`) are looked
 * through: `**问题**:` gets a full-width colon. For the writers to apply to the Chinese prose they build.
 */
export function fullWidthPunctuation(text: string): string {
  // A converted mark makes its neighbour Chinese too (",;中" → "，；中"): repeat until nothing changes.
  let out = text;
  for (let i = 0; i < 8; i++) {
    const next = fullWidthPass(out);
    if (next === out) break;
    out = next;
  }
  return out;
}

function fullWidthPass(text: string): string {
  const locked = new Uint8Array(text.length);
  const lock = (re: RegExp) => {
    for (const m of text.matchAll(re)) locked.fill(1, m.index ?? 0, (m.index ?? 0) + m[0].length);
  };
  lock(/`+[^`\n]*`+/g);
  lock(/\]\((?:[^()\s]|\([^()\s]*\))*\)/g);
  lock(/<https?:[^>\s]*>/g);
  lock(URL_SPAN);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\' || locked[i]) continue;
    locked[i] = 1;
    if (i + 1 < text.length) locked[i + 1] = 1;
    i++;
  }
  const skip = (c: string | undefined) => c === ' ' || c === '*' || c === '_';
  const prevAt = (i: number) => {
    let j = i - 1;
    while (j >= 0 && skip(text[j])) j--;
    return j;
  };
  const nextAt = (i: number) => {
    let j = i + 1;
    while (j < text.length && skip(text[j])) j++;
    return j;
  };
  const cjkAt = (j: number) => CJK.test(text[j] ?? '');
  const convert = new Set<number>();
  // Marks first: a `)` followed by a mark that is Chinese closes Chinese prose too ("RL(11);与").
  for (let i = 0; i < text.length; i++) {
    if (locked[i] || !/[,;:]/.test(text[i]!)) continue;
    // A comma with no space after it is not English typography: Chinese prose follows ("链接,stars 未核验").
    const unspaced = text[i] === ',' && /^[^\s,]/.test(text[i + 1] ?? '') && !/\d\d/.test(`${text[i - 1]}${text[i + 1]}`) && CJK.test(text.slice(i + 1, i + 20).split('\n')[0]!);
    if (cjkAt(prevAt(i)) || cjkAt(nextAt(i)) || unspaced) convert.add(i);
  }
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (locked[i]) continue;
    if (text[i] === '(') open.push(i);
    else if (text[i] === ')' && open.length) {
      const o = open.pop()!;
      const next = nextAt(i);
      if (cjkAt(prevAt(o)) || cjkAt(nextAt(o)) || cjkAt(prevAt(i)) || HAN.test(text[next] ?? '') || convert.has(next)) (convert.add(o), convert.add(i));
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (convert.has(i)) {
      out = out.replace(/ +$/, '') + FULL_WIDTH[text[i]!]!;
      while (text[i + 1] === ' ') i++;
    } else {
      out += text[i];
    }
  }
  return out;
}
