/**
 * A small generated archive for the site's build tests: synthetic days written through the project's
 * MDX writer, plus distinctive terms planted in one paper of the newest Chinese day and one of the newest
 * English day, so search tests know exactly which page and section must come back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeBriefingFile } from '../../scripts/mdx/write.ts';
import { syntheticDraft, type SyntheticOptions } from '../../scripts/bench/synthetic.ts';
import type { BriefingDraft } from '../../src/schema/briefing.ts';
import { config } from '../../src/config.ts';

export interface PlantedTerm {
  term: string;
  date: string;
  /** arXiv id of the paper whose write-up holds the term. */
  id: string;
  language: 'zh-CN' | 'en';
}

export interface TestArchive {
  dir: string;
  drafts: BriefingDraft[];
  planted: { zh: PlantedTerm; en: PlantedTerm; enDay: PlantedTerm };
  cleanup(): Promise<void>;
}

export const ZH_TERM = '蜂鸟调度器';
export const EN_TERM = 'HummingbirdScheduler';
export const EN_DAY_TERM = 'Kestrelformer';
/** Prose that must render as the same text: MDX/HTML syntax, entities, component tags, ESM lines. */
export const NASTY_PROSE = 'Literal {braces} and <script>alert(1)</script>, </Paper> <OtherPapers /> & &amp; `a<b>` x < y > z "double" \'single\' -- ... (no smart punctuation)';
export const NASTY_LINE = 'import x from "y"';

/** Writes `options.days` synthetic days into a fresh temp folder. */
export async function makeTestArchive(options: SyntheticOptions): Promise<TestArchive> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pb-archive-'));
  const drafts: BriefingDraft[] = [];
  for (let i = 0; i < options.days; i++) drafts.push(syntheticDraft(i, options));

  const newestZh = [...drafts].reverse().find((d) => d.frontmatter.language === 'zh-CN');
  const newestEn = [...drafts].reverse().find((d) => d.frontmatter.language === 'en');
  if (!newestZh || !newestEn) throw new Error('test archive needs at least one Chinese and one English day (raise days or set englishEvery)');

  const plant = (draft: BriefingDraft, index: number, text: string): string => {
    const writeup = draft.body.writeups![index]!;
    writeup.sections = [...(writeup.sections ?? []), { kind: 'note', body: text }];
    return writeup.id;
  };
  // The second write-up of the day, so the hit must point at a section below the first.
  const zhId = plant(newestZh, 1, `${ZH_TERM}把 ${EN_TERM} 的调度思想用于 Agent rollout:按轨迹长度分桶,长尾样本单独排队。`);
  const enId = plant(newestEn, 2, `${EN_DAY_TERM} applies a recurrent-depth transformer to tool planning.`);

  newestZh.body.overview = `${newestZh.body.overview ?? ''}\n\n${NASTY_PROSE}\n\n${NASTY_LINE}`;

  for (const draft of drafts) await writeBriefingFile(draft, { config, dir, force: true });
  return {
    dir,
    drafts,
    planted: {
      zh: { term: ZH_TERM, date: String(newestZh.frontmatter.date), id: zhId, language: 'zh-CN' },
      en: { term: EN_TERM, date: String(newestZh.frontmatter.date), id: zhId, language: 'zh-CN' },
      enDay: { term: EN_DAY_TERM, date: String(newestEn.frontmatter.date), id: enId, language: 'en' },
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
