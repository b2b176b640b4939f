/**
 * Issue 11's "done when" for the no-key writer, on the whole Hugging Face corpus (../shared/corpus, 558
 * listing days) replayed through the pipeline exactly as `npm run eval:writer` replays it
 * (scripts/eval/writer.ts `replayExtractive`, measured by scripts/eval/text-metrics.ts): no contribution
 * opening with a connective, no cut sentence, no LaTeX left, no sentence in more than 5% of write-ups, no
 * stock "the abstract gives no numbers" sections, no template ideas, the reader's name not in every
 * paper, and no ASCII `, ; : ( )` between Chinese characters. And every contribution is a quote of its
 * paper's cleaned text. Skipped with a message when ../shared is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCorpus, type Corpus } from '../scripts/eval/replay.ts';
import { replayExtractive, type ReplayFigures } from '../scripts/eval/writer.ts';
import { abstractSentences, cleanProse, hasOpening, pickSentences, splitSentences } from '../scripts/writers/text.ts';
import { corpusArchive, hasCorpus, type HfItem } from './helpers/rankedDay.ts';

if (!hasCorpus) console.warn('writers-text-corpus: ../shared/corpus/hf-daily-papers.tar.xz is absent; skipping the corpus writing checks');

describe.skipIf(!hasCorpus)('the extractive writer over the whole corpus (../shared/corpus), as eval:writer replays it', () => {
  let corpus: Corpus;
  let figures: ReplayFigures;
  beforeAll(async () => {
    corpus = openCorpus(undefined, corpusArchive);
    figures = await replayExtractive(corpus);
  }, 600_000);
  afterAll(() => corpus?.cleanup());

  it('writes every write-up without connective openings, cuts, LaTeX or ASCII punctuation in Chinese', () => {
    const f = figures.writing;
    // 558 listing days; days whose listing held nothing new (weekends) write no briefing.
    expect(f.briefings).toBeGreaterThan(500);
    expect(f.writeups).toBeGreaterThan(2500);
    const examples = JSON.stringify(f.examples, null, 1);
    expect({ dangling: f.dangling, cutContributions: f.cutContributions, cutWriteups: f.cutWriteups, latexContributions: f.latexContributions, latexWriteups: f.latexWriteups, asciiBetween: f.asciiBetween }, examples).toEqual({
      dangling: 0,
      cutContributions: 0,
      cutWriteups: 0,
      latexContributions: 0,
      latexWriteups: 0,
      asciiBetween: 0,
    });
  });

  it('writes no boilerplate: no sentence in more than 5% of write-ups, no stock sections, no template ideas', () => {
    const f = figures.writing;
    expect(f.repeated.map((r) => `${(100 * r.share).toFixed(1)}% ${r.sentence}`)).toEqual([]);
    expect({ noNumbers: f.noNumbers, noUsage: f.noUsage, keywordInnovations: f.keywordInnovations, templateIdeas: f.templateIdeas }).toEqual({ noNumbers: 0, noUsage: 0, keywordInnovations: 0, templateIdeas: 0 });
    // The reader's name is the seeds' heading, not a phrase in every paper's prose.
    expect(f.readerName ?? 0).toBeLessThan(f.writeups * 0.01);
  });

  it('quotes every contribution from its own paper: verbatim apart from a trimmed opening', () => {
    const notQuoted: string[] = [];
    let papers = 0;
    const hf = path.join(corpus.dir, 'hf');
    for (const file of readdirSync(hf).filter((f) => f.endsWith('.json'))) {
      for (const item of JSON.parse(readFileSync(path.join(hf, file), 'utf8')) as HfItem[]) {
        const p = item.paper;
        papers++;
        const sentences = abstractSentences(p.summary);
        const summary = splitSentences(cleanProse(p.ai_summary ?? ''));
        const c = pickSentences(sentences, { title: p.title, summary }).contribution;
        if (c === null) continue;
        const variants = [c, `${c[0]!.toLowerCase()}${c.slice(1)}`];
        const ok = [...sentences, ...summary].some((s) => variants.some((v) => s === v || (s.endsWith(v) && hasOpening(s))));
        if (!ok) notQuoted.push(`${p.id}: ${c}`);
      }
    }
    expect(papers).toBeGreaterThan(9000);
    expect(notQuoted.slice(0, 5)).toEqual([]);
  }, 300_000);
});
