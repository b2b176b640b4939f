/**
 * The extractive writer's sentence layer (scripts/writers/text.ts): TeX read as text, sentence
 * splitting, trimmed openings, never a cut, and full-width punctuation for Chinese prose. Hand-made
 * cases for each rule, and fast-check properties: whatever an abstract holds, every quote is a piece
 * of the cleaned source (apart from a trimmed opening), and none ends with "…".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { config as baseConfig } from '../src/config.ts';
import { type BriefingConfig } from '../briefing.config.ts';
import { extractiveContribution, writeExtractive } from '../scripts/writers/extractive.ts';
import {
  abstractSentences,
  BULLET_MAX,
  cleanAbstract,
  cleanProse,
  CONTRIBUTION_MAX,
  fittingSentence,
  hasOpening,
  pickSentences,
  splitSentences,
  texResidue,
  texToText,
  trimOpening,
} from '../scripts/writers/text.ts';
import { fullWidthPunctuation } from '../src/i18n/punctuation.ts';
import { syntheticRankedDay } from './helpers/rankedDay.ts';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const NOW = new Date('2026-05-29T00:00:00Z');

describe('TeX as text', () => {
  it.each([
    ['speeds up by 2\\times on', 'speeds up by 2× on'],
    ['is 1.45times faster', 'is 1.45× faster'],
    ['uses 8times RTX 4090 GPUs', 'uses 8× RTX 4090 GPUs'],
    ['3 times faster', '3 times faster'],
    ['A -- B, pages 8--16, x---y', 'A – B, pages 8–16, x—y'],
    ['2^{18} tokens, x^{-1}, R^2, T^2PO', '2¹⁸ tokens, x⁻¹, R², T²PO'],
    ['z_{t+1}, C_{50}, F_1', 'zₜ₊₁, C₅₀, F₁'],
    ['G_{stack} and p_{gen}', 'Gstack and pgen'],
    ['n^{1.5} and d^{-1/2}', 'n^1.5 and d^(-1/2)'],
    ['90^{\\circ} and 0^\\circ', '90° and 0°'],
    ['$\\alpha$-decoding with $k$ experts', 'α-decoding with k experts'],
    ['\\(O(n^3)\\) time', 'O(n³) time'],
    ['HumanEval$^{+}$', 'HumanEval⁺'],
    ['97\\% accuracy \\& more', '97% accuracy & more'],
    ['Fig.~2 and Models~(LLMs)', 'Fig. 2 and Models (LLMs)'],
    ['about ~30%, (~13%) and 75%~89%', 'about ~30%, (~13%) and 75%~89%'],
    ['costs $5 and $10 in total', 'costs $5 and $10 in total'],
    ['costs \\$0.34 per call', 'costs $0.34 per call'],
    ['\\textbf{FooNet}, \\emph{bar}, {\\em Baz} and textbf{Qux}', 'FooNet, bar, Baz and Qux'],
    ["Pok\\'eChamp, Schr\\\"odinger and the query\\'s content", "PokéChamp, Schrödinger and the query's content"],
    ["beyond ``stone'' weights", 'beyond “stone” weights'],
    ['code at \\url{https://github.com/o/r_x}', 'code at https://github.com/o/r_x'],
    ['at https://github.com/o/r{https://github.com/o/r}.', 'at https://github.com/o/r.'],
    ['see \\href{https://a.io/p}{our page} and href{https://a.io/q}{https://a.io/q}', 'see our page (https://a.io/p) and https://a.io/q'],
    ['see https://x.io/~u/a--b_{c} now', 'see https://x.io/~u/a--b_{c} now'],
    ['(\\eg, AR) and \\ie here', '(e.g., AR) and i.e. here'],
  ])('%j → %j', (input, output) => {
    expect(texToText(input)).toBe(output);
    expect(texResidue(texToText(input))).toBeNull();
  });

  it('leaves a macro it does not know, and reports it', () => {
    expect(texToText('we propose \\method, a thing')).toBe('we propose \\method, a thing');
    expect(texResidue('we propose \\method, a thing')).toBe('\\method');
    expect(texResidue('a G_{x} left over')).toBe('_{');
    expect(texResidue('see https://a.b/x_{y}~z only in a URL')).toBeNull();
  });

  it('cleans abstracts and HF summaries the same way', () => {
    expect(cleanAbstract('We reach 97\\%.\nCode: https://github.com/o/x').text).toBe('We reach 97%.');
    expect(cleanProse('  X is  2.5times faster -- really ')).toBe('X is 2.5× faster – really');
  });
});

describe('sentence splitting', () => {
  it('splits a sentence glued to the next one', () => {
    expect(splitSentences('They are hard to learn from.To address this, we go.')).toEqual(['They are hard to learn from.', 'To address this, we go.']);
    expect(splitSentences('It gains 5%.Our model wins.')).toEqual(['It gains 5%.', 'Our model wins.']);
    expect(splitSentences('a Self-Enhancement Paradigm.This paradigm helps. See Fig.This one.')).toEqual(['a Self-Enhancement Paradigm.', 'This paradigm helps.', 'See Fig.This one.']);
    // A unit is not a title: "ms." ends a sentence, "Ms." does not.
    expect(splitSentences('Latency drops to 5 ms.Our method is fast. Ms. Smith agrees.')).toEqual(['Latency drops to 5 ms.', 'Our method is fast.', 'Ms. Smith agrees.']);
  });

  it('does not split abbreviations, decimals, versions, code or URLs', () => {
    const one = [
      'We use e.g. GPT-4.5, i.e. a model, vs. Llama 3.1 as Smith et al. did with 3.5x gains.',
      'It runs torch.Tensor and nn.Module objects.',
      'See https://github.com/Org/Repo.Name and www.Example.org/A.Bc for code.',
      'Version v1.2.3 of Qwen2.5-VL is out.',
    ];
    for (const s of one) expect(splitSentences(s)).toEqual([s]);
  });

  it('"etc." ends a sentence before a capital', () => {
    expect(splitSentences('We list A, B, etc. We then go.')).toEqual(['We list A, B, etc.', 'We then go.']);
    expect(splitSentences('tools (search, code, etc.) and more.')).toEqual(['tools (search, code, etc.) and more.']);
  });

  it('drops link trailers and bare links that end up as sentences', () => {
    expect(abstractSentences('We present X for them. Project Page: https://x.io. Code: https://github.com/o/x')).toEqual(['We present X for them.']);
  });
});

describe('trimmed openings', () => {
  it.each([
    ['To address this challenge, we propose X for Y.', 'We propose X for Y.'],
    ['Specifically, X does Y with Z.', 'X does Y with Z.'],
    ['In this paper, we present X, a model.', 'We present X, a model.'],
    ['Here we propose X, a model.', 'We propose X, a model.'],
    ['To address A, B, and C, we propose X for them.', 'We propose X for them.'],
    ['To address this, in this paper, we propose X.', 'We propose X.'],
    ['To evaluate X, this paper builds a benchmark.', 'This paper builds a benchmark.'],
    ['Based on this observation, we design X.', 'We design X.'],
    ['But we show that X holds.', 'We show that X holds.'],
    ['Moreover, vLLM serves the model fast.', 'vLLM serves the model fast.'],
  ])('%j → %j', (input, output) => {
    expect(hasOpening(input)).toBe(true);
    expect(trimOpening(input)).toBe(output);
  });

  it('keeps a lowercase name from the title', () => {
    expect(trimOpening('To this end, gsplat is a library for splats.', { title: 'gsplat: An Open-Source Library' })).toBe('gsplat is a library for splats.');
    expect(trimOpening('To this end, the model is a library for splats.', { title: 'the model' })).toBe('The model is a library for splats.');
  });

  it('returns null rather than a fragment', () => {
    for (const s of ['However, which is bad and more.', 'Specifically, and more things here.', 'Specifically, ours.', 'To evaluate this, the model is run twice.', 'In practice, however, we only find X.']) {
      expect(trimOpening(s)).toBeNull();
    }
  });

  it('leaves hedges, qualifiers and sentences without an opening alone', () => {
    for (const s of ['To our knowledge, we are the first to do X.', 'To date, no benchmark exists for X.', 'In practice, X works well here.', 'Yet another model is here.', 'We propose X.', 'Unlike prior work, we train X.']) {
      expect(trimOpening(s)).toBe(s);
    }
  });
});

describe('picking sentences', () => {
  const long = (lead: string) => `${lead} ${'a very long clause about the method and its many parts, '.repeat(12)}done.`;

  it('prefers a shorter sentence of the same role to a long one, and never cuts', () => {
    const s = [long('We propose LongNet,'), 'We introduce ShortNet, a model.'];
    expect(s[0]!.length).toBeGreaterThan(CONTRIBUTION_MAX);
    expect(pickSentences(s).contribution).toBe('We introduce ShortNet, a model.');
  });

  it('takes the HF summary when the only contribution sentence is too long, and the long one whole when nothing else is there', () => {
    const s = [long('We propose LongNet,')];
    expect(pickSentences(s, { summary: ['LongNet is a model for X.'] })).toMatchObject({ contribution: 'LongNet is a model for X.', contributionSource: 'summary' });
    expect(pickSentences(s).contribution).toBe(s[0]);
  });

  it('skips a contribution that cannot stand alone or keeps unknown TeX', () => {
    const p = pickSentences(['To evaluate this, the model is proposed twice.', 'We propose \\method, a model.', 'We introduce Foo, a model.']);
    expect(p.contribution).toBe('We introduce Foo, a model.');
    expect(pickSentences(['We propose \\method, a model.'], { summary: ['Foo is a model.'] }).contribution).toBe('Foo is a model.');
  });

  it('never quotes a sentence the source left unfinished', () => {
    const p = pickSentences(['We propose Foo.', 'Our models achieve 56.1% and 58.5% resolution rates, which are ...', 'Foo improves accuracy by 3.2%.']);
    expect(p.results).toEqual(['Foo improves accuracy by 3.2%.']);
  });

  it('counts what experiments show as a result, even with a few words between and no number', () => {
    const shown = 'Experiments in multiplayer virtual environments show that our model improves video fidelity over slot-based baselines.';
    const p = pickSentences(['We propose Foo, a world model.', 'Foo uses a sparse hub attention module.', shown]);
    expect(p.results).toEqual([shown]);
    expect(p.method).toEqual(['Foo uses a sparse hub attention module.']);
    // Too far apart, it is no claim about experiments.
    expect(pickSentences(['We propose Foo.', 'Experiments on the many long and varied tasks we collected here show nothing new.']).results).toEqual([]);
  });

  it('prefers bullets within BULLET_MAX and trims their openings', () => {
    const p = pickSentences(['We propose Foo.', `Specifically, Foo improves accuracy by 12.5% ${'x'.repeat(BULLET_MAX)}.`, 'Moreover, Foo improves recall by 3.1%.']);
    expect(p.results).toEqual(['Foo improves recall by 3.1%.']);
  });

  it('fits a top-3 gist or gives none', () => {
    expect(fittingSentence('Specifically, Foo is a model. More text.', 300)).toBe('Foo is a model.');
    expect(fittingSentence(`Foo ${'is long '.repeat(60)}.`, 300)).toBeNull();
  });
});

describe('the extractive writer with the sentence layer', () => {
  it('writes contributions that start with their subject, without cuts or TeX', () => {
    const day = syntheticRankedDay(4, 7, (p, i) =>
      i === 0
        ? { ...p, abstract: `Agents struggle.To address this challenge, we propose G_{stack}, which is 1.45times faster -- with 97\\% accuracy ${'and more detail '.repeat(5)}. Code: https://github.com/o/x` }
        : p,
    );
    const first = day.papers[0]!;
    const c = extractiveContribution(first);
    expect(c.startsWith('We propose Gstack, which is 1.45× faster – with 97% accuracy')).toBe(true);
    expect(c.endsWith('…')).toBe(false);
  });

  it('writes Chinese prose with full-width punctuation, and English prose as it was', () => {
    const day = syntheticRankedDay(6, 3);
    const zh = writeExtractive(day, { ...baseConfig, language: 'zh-CN' }, NOW);
    const why = zh.body.writeups?.[0]?.sections?.find((s) => s.kind === 'why')?.body ?? '';
    expect(why).toMatch(/\*\*[^*]+\*\*：/);
    expect(zh.frontmatter.summary).not.toMatch(/[\u4E00-\u9FFF][,;:()]|[,;:()][\u4E00-\u9FFF]/);
    const en = writeExtractive(day, { ...baseConfig, language: 'en' } as BriefingConfig, NOW);
    expect(JSON.stringify(en.body)).not.toMatch(/[，；：（）]/);
  });
});

describe('full-width punctuation for Chinese prose', () => {
  it.each([
    ['今日共 3 篇论文,主题集中在智能体(2)、代码(1);与你最相关。', '今日共 3 篇论文，主题集中在智能体（2）、代码（1）；与你最相关。'],
    ['主题是后训练 RL(11);与你相关', '主题是后训练 RL（11）；与你相关'],
    ['- **问题**:We propose X\\, Y \\(Z\\).', '- **问题**：We propose X\\, Y \\(Z\\).'],
    ['[智能体](https://a.b/c_(d)) ,中文', '[智能体](https://a.b/c_(d))，中文'],
    ['代码:[o/x](https://github.com/o/x),12 stars,最近推送(已核验)。', '代码：[o/x](https://github.com/o/x)，12 stars，最近推送（已核验）。'],
    ['`a,中` 和 https://a.b/x,y 中', '`a,中` 和 https://a.b/x,y 中'],
    ['《Foo (Bar): Baz》(Hugging Face 12 赞)', '《Foo (Bar): Baz》（Hugging Face 12 赞）'],
    ['仓库简介:Official code (PyTorch), for X.', '仓库简介：Official code (PyTorch), for X.'],
    ['1,000 个样本', '1,000 个样本'],
  ])('%j → %j', (input, output) => {
    expect(fullWidthPunctuation(input)).toBe(output);
  });

  const pieces = fc.constantFrom('中文', '智能体', '《标题》', 'English words', 'We propose X', ',', ', ', ';', ':', '(', ')', ' ', '**', '\\,', '\\(', '\\)', '[a](https://x.io/a,b(c))', '`c,d`', 'https://x.io/p,q', '12', '、', '。', '\n');
  const text = fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 20 }).map((a) => a.join('').replace(/[，；：（）]/g, ''));
  const ascii = (s: string) => s.replace(/[，；：（）]/g, (c) => ({ '，': ',', '；': ';', '：': ':', '（': '(', '）': ')' })[c]!);

  it('property: changes only , ; : ( ) and spaces beside them; text without Chinese is untouched; escapes, code and links stay', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = fullWidthPunctuation(s);
        expect(ascii(out).replace(/ /g, '')).toBe(s.replace(/ /g, ''));
        if (!/[\u2E80-\u2FDF\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(s)) expect(out).toBe(s);
        // (When the pieces are unambiguous: a lone backtick or a doubled backslash changes what is code or escaped.)
        const kept = [...(s.includes('\\\\') ? [] : ['\\,', '\\(', '\\)']), ...(s.split('`').length === 3 ? ['`c,d`'] : []), '[a](https://x.io/a,b(c))'];
        for (const k of kept) if (s.includes(k)) expect(out).toContain(k);
        expect(fullWidthPunctuation(out)).toBe(out);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('property: quotes are pieces of the cleaned source', () => {
  const opening = fc.constantFrom('', '', 'To address this challenge, ', 'Specifically, ', 'In this paper, ', 'However, ', 'To this end, ', 'Here, ', 'To address A, B, and C, ', 'Moreover, ', 'In practice, however, ', 'But ', 'To evaluate this, ', 'Finally, ');
  const subject = fc.constantFrom('we', 'We', 'our method', 'the model', 'X-Net', 'gsplat', 'which', 'this paper');
  const verb = fc.constantFrom('propose', 'introduce', 'show that it works with', 'improve accuracy by 12.5% with', 'release code for', 'outperform baselines on', 'remain limited by', 'leverage');
  const object = fc.constantFrom(
    'a model', 'G_{stack} with 2^{18} tokens', '$\\alpha$-decoding', '1.45times faster inference', 'a vision--language model', 'Fig.~2 results', '97\\% accuracy',
    'e.g. GPT-4.5 and i.e. Llama 3.1', '\\textbf{FooNet}', 'https://github.com/o/r_x', 'Smith et al. in 2024', '\\method', 'many tasks ...', 'the data (e.g., A, B)', '中文数据',
  );
  const end = fc.constantFrom('. ', '. ', '! ', '.', '? ');
  const sentence = fc.tuple(opening, subject, verb, object, fc.string({ maxLength: 30 }), end).map(([o, s, v, obj, extra, e]) => `${o}${s} ${v} ${obj}${extra}${e}`);
  const abstract = fc.array(sentence, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
  const summary = fc.oneof(fc.constant(''), sentence);

  it('every picked sentence is verbatim apart from a trimmed opening and its first letter, never ends with "…", and the contribution starts with its subject', () => {
    fc.assert(
      fc.property(abstract, summary, fc.constantFrom('X-Net: A Model', 'gsplat: Splats'), (raw, ai, title) => {
        const clean = cleanAbstract(raw).text;
        const summaryClean = cleanProse(ai);
        const sources = [...abstractSentences(raw), ...splitSentences(summaryClean)];
        const picks = pickSentences(abstractSentences(raw), { title, summary: splitSentences(summaryClean) });
        const quotes = [picks.contribution, ...picks.problem, ...picks.method, ...picks.results, ...picks.usage].filter((q): q is string => q !== null);
        for (const q of quotes) {
          expect(q).not.toMatch(/(?:…|\.\.\.)\s*$/);
          const variants = [q, `${q[0]!.toLowerCase()}${q.slice(1)}`];
          const from = sources.find((s) => variants.some((v) => s === v || (s.endsWith(v) && hasOpening(s))));
          expect(from, `${q} is not a quote of ${JSON.stringify(sources)}`).toBeDefined();
          expect(variants.some((v) => clean.includes(v) || summaryClean.includes(v))).toBe(true);
        }
        if (picks.contribution) {
          expect(hasOpening(picks.contribution)).toBe(false);
          expect(texResidue(picks.contribution)).toBeNull();
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('TeX cleaning never changes a URL', () => {
    const url = fc.constantFrom('https://x.io/a--b_{c}~d', 'https://github.com/o/r_{x}$y$', 'www.example.org/~u/a^{2}');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), url, fc.string({ maxLength: 20 }), (a, u, b) => {
        expect(texToText(`${a} ${u} ${b}`)).toContain(u);
      }),
      { numRuns: RUNS },
    );
  });
});
