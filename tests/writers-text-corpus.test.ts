/**
 * The sentence layer over the whole Hugging Face corpus (../shared/corpus, 558 days): each day written
 * by the extractive writer (scripts/eval/text-rates.ts), with no contribution opening with a
 * connective, no cut sentence, no TeX left, no glued sentences, no ASCII punctuation beside Chinese,
 * and every contribution a quote of its paper's cleaned text. Skipped with a message when ../shared is
 * absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, readCorpus, type CorpusDay } from '../scripts/eval/text-rates.ts';
import { abstractSentences, cleanProse, hasOpening, pickSentences, splitSentences } from '../scripts/writers/text.ts';
import { corpusArchive, hasCorpus } from './helpers/rankedDay.ts';

if (!hasCorpus) console.warn('writers-text-corpus: ../shared/corpus/hf-daily-papers.tar.xz is absent; skipping the corpus sentence checks');

describe.skipIf(!hasCorpus)('the sentence layer over all corpus days (../shared/corpus)', () => {
  let dir: string;
  let days: CorpusDay[];
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pb-text-corpus-'));
    execFileSync('tar', ['-xJf', corpusArchive, '-C', dir, 'hf']);
    days = readCorpus(dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every day with clean one-line contributions and write-ups', () => {
    const r = measure(days, 3);
    expect(r.days).toBe(558);
    expect(r.writeups).toBeGreaterThan(5000);
    const rates = {
      dangling: r.dangling,
      opening: r.opening,
      cutContributions: r.cutContributions,
      cutWriteups: r.cutWriteups,
      latexContributions: r.latexContributions,
      latexWriteups: r.latexWriteups,
      splitContributions: r.splitContributions,
      splitWriteups: r.splitWriteups,
      asciiPunctuationWriteups: r.asciiPunctuationWriteups,
      asciiPunctuationDays: r.asciiPunctuationDays,
      all: r.allContributions.dangling + r.allContributions.opening + r.allContributions.cut + r.allContributions.latex + r.allContributions.split,
    };
    expect(rates, JSON.stringify(r.examples, null, 1)).toEqual(Object.fromEntries(Object.keys(rates).map((k) => [k, 0])));
  }, 300_000);

  it('quotes every contribution from its own paper: verbatim apart from a trimmed opening', () => {
    const notQuoted: string[] = [];
    let papers = 0;
    for (const d of days) {
      for (const item of d.items) {
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
