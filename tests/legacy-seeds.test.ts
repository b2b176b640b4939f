/**
 * The three real briefings in ../shared/seeds, imported: every paper appears with its arXiv id (from
 * its links, or by exact title from the recorded Hugging Face listings in ../shared/corpus when the
 * text lost its links), its categories and its prose; nothing of the text is dropped. Skipped when
 * ../shared is absent (a fresh clone).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLegacyText, type LegacyImport } from '../scripts/legacy/index.ts';
import { loadTitleIndex, type TitleIndex } from '../scripts/legacy/resolve.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { splitFrontmatter } from '../src/schema/frontmatter.ts';
import { droppedText, sharedDir, visibleOf } from './helpers/legacy.ts';
import { compileMdx, RENDER } from './helpers/mdx.ts';

const seedsDir = path.join(sharedDir, 'seeds');
const corpus = path.join(sharedDir, 'corpus', 'hf-daily-papers.tar.xz');
const hasSeeds = existsSync(seedsDir);
if (!hasSeeds) console.warn(`legacy-seeds: ${seedsDir} not found; skipping the real-seed tests`);

const seedFile = (prefix: string): string => {
  const name = readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix}* in ${seedsDir}`);
  return path.join(seedsDir, name);
};
const read = (file: string) => readFileSync(file, 'utf8');
const imported = (file: string, titleIndex?: TitleIndex): LegacyImport => importLegacyText(read(file), file, { titleIndex });

describe.skipIf(!hasSeeds)('real seeds (../shared/seeds)', () => {
  describe('002: featured briefing with a flattened table', () => {
    let seed: string;
    let result: LegacyImport;
    beforeAll(() => {
      seed = seedFile('002_');
      result = imported(seed);
    });

    it('imports every paper with the arXiv id of its links, categories and prose', () => {
      const text = read(seed);
      const linked = new Set([...text.matchAll(/huggingface\.co\/papers\/(\d{4}\.\d{5})/g)].map((m) => m[1]!));
      const fm = result.draft.frontmatter;
      expect(new Set(fm.papers!.map((p) => p.id))).toEqual(linked);
      expect(fm.papers).toHaveLength(25);
      const titles = [...text.matchAll(/标题:(.+)$/gm)].map((m) => m[1]!.trim());
      expect(fm.papers!.filter((p) => p.featured).map((p) => p.title)).toEqual(titles);
      for (const p of fm.papers!) {
        expect(p.summarizer).toBe('imported');
        expect(p.category!.length).toBeGreaterThan(0);
        expect(p.contribution).not.toBe('');
        expect(text).toContain(`papers/${p.id}`);
      }
      // The repo of each featured paper, from its Repo line.
      expect(fm.papers!.find((p) => p.id === '2605.29559')!.repo).toBe('icip-cas/LiteCoder');
      expect(fm.papers!.find((p) => p.id === '2605.29156')!.repo).toBeNull();
      for (const w of result.draft.body.writeups!) {
        const kinds = w.sections!.map((s) => s.kind);
        if (w.id === '2605.30263' || w.id === '2605.29648' || w.id === '2605.29156') continue; // group members before the shared sections
        expect(kinds).toContain('why');
        expect(kinds).toContain('relation');
      }
      expect(result.draft.body.top!.map((t) => t.id)).toEqual(['2605.29559', '2605.28424', '2605.29341']);
      expect(fm.follow!.slice(0, 3).map((f) => [f.name, f.stars, f.verified, f.updated])).toEqual([
        ['icip-cas/LiteCoder', null, true, '2026-05-30'],
        ['shengshu-ai/minWM', 385, true, '2026-05-30'],
        ['UCSB-AI/WorldMemArena', null, true, '2026-05-30'],
      ]);
      expect(fm.sources!.map((s) => [s.name, s.status])).toEqual([['arXiv API', 'degraded'], ['X/Twitter', 'skipped']]);
    });

    it('reads the run-together table cells so that they partition each row', () => {
      expect(result.doc.others).toHaveLength(17);
      for (const p of result.doc.others) {
        const row = p.raw[0]!.text;
        const joined = `${p.categoryText}${p.title}${p.links.hf}${p.date}${p.contribution.replace(' 快评:', '')}`;
        expect(joined.replace(/\s/g, '')).toBe(row.replace(/\s/g, ''));
      }
      const byId = new Map(result.doc.others.map((p) => [p.id, p]));
      expect(byId.get('2605.24786')!.title).toMatch(/^CONF-KV: /);
      expect(byId.get('2605.24786')!.categoryText).toBe('Context / KV');
      expect(byId.get('2605.29801')!.title).toMatch(/^AgentDoG 1\.5: /);
      expect(byId.get('2605.30260')!.title).toMatch(/^How LoRA Remembers\?/);
    });

    it('drops nothing and compiles', () => {
      expect(droppedText(read(seed), result.draft)).toEqual([]);
      expect(() => compileMdx(splitFrontmatter(renderBriefingMdx(result.draft, RENDER)).body)).not.toThrow();
    });
  });

  describe('004: per-paper Hugging Face report', () => {
    let seed: string;
    let result: LegacyImport;
    beforeAll(() => {
      seed = seedFile('004_');
      result = imported(seed);
    });

    it('imports each 📄 paper with its id, guessed categories and all four sections', () => {
      const text = read(seed);
      const headings = [...text.matchAll(/^## 📄 (.+)$/gm)].map((m) => m[1]!.trim());
      const fm = result.draft.frontmatter;
      expect(fm.papers!.map((p) => p.title)).toEqual(headings);
      expect(fm.papers!.map((p) => p.id)).toEqual([...text.matchAll(/\*\*链接\*\*: https:\/\/huggingface\.co\/papers\/(\S+)/g)].map((m) => m[1]));
      for (const w of result.draft.body.writeups!) {
        expect(w.sections!.map((s) => s.kind)).toEqual(['domain', 'usage', 'innovations', 'results']);
      }
      for (const p of fm.papers!) {
        expect(p.contribution!.length).toBeGreaterThan(20);
        expect(p.category!.length).toBeGreaterThan(0);
        expect(p.date).toBe('2026-01-13');
      }
      expect(result.report.guessedCategories).toHaveLength(25);
      expect(visibleOf(result.draft)).toContain('$\\mathbf{H}_{\\text{init}}$');
    });

    it('drops nothing and compiles', () => {
      expect(droppedText(read(seed), result.draft)).toEqual([]);
      expect(() => compileMdx(splitFrontmatter(renderBriefingMdx(result.draft, RENDER)).body)).not.toThrow();
    });
  });

  describe('000: daily briefing whose links were lost', () => {
    let seed: string;
    let listings: string | null = null;
    beforeAll(async () => {
      seed = seedFile('000_');
      if (!existsSync(corpus)) return;
      // Only the listing days the briefing names ("HF 2026-05-01"), extracted from the recorded corpus.
      const days = [...new Set([...read(seed).matchAll(/HF (\d{4}-\d{2}-\d{2})/g)].map((m) => m[1]!))];
      listings = await mkdtemp(path.join(tmpdir(), 'pb-seed-listings-'));
      execFileSync('tar', ['-xJf', corpus, '-C', listings, ...days.map((d) => `hf/${d}.json`)]);
    });
    afterAll(async () => {
      if (listings) await rm(listings, { recursive: true, force: true });
    });

    it('without recorded listings: no id is invented; all 20 papers stay as prose and are reported', () => {
      const result = imported(seed);
      const titles = [...read(seed).matchAll(/^#\d+\. (.+)$/gm)].map((m) => m[1]!.trim());
      expect(titles).toHaveLength(20);
      expect(result.draft.frontmatter.papers).toEqual([]);
      expect(result.report.withoutId.map((w) => w.title)).toEqual(titles);
      const headings = result.draft.body.extra!.map((e) => e.heading);
      for (const t of titles) expect(headings.some((h) => h.endsWith(t))).toBe(true);
      expect(droppedText(read(seed), result.draft)).toEqual([]);
    });

    it.skipIf(!existsSync(corpus))('with the recorded listings: ids by exact title, labels mapped, the rest reported', async () => {
      const index = await loadTitleIndex({ listings: [listings!] });
      const result = imported(seed, index);
      const fm = result.draft.frontmatter;
      expect(result.report.resolved).toHaveLength(16);
      for (const r of result.report.resolved) expect(index.lookup(r.title)?.id).toBe(r.id);
      expect(result.report.withoutId.map((w) => w.title)).toEqual([
        'Step-level Optimization for Efficient Computer-use Agents',
        'FAMA: Failure-Aware Meta-Agentic Framework for Open-Source LLMs in Interactive Tool Use Environments',
        'How Much Is One Recurrence Worth? Iso-Depth Scaling Laws for Looped Language Models',
        'Compliance versus Sensibility: On the Reasoning Controllability in Large Language Models',
      ]);
      const claw = fm.papers!.find((p) => p.title.startsWith('Claw-Eval-Live'))!;
      expect(claw).toMatchObject({ id: '2604.28139', category: ['llm-agent', 'evaluation', 'tool-use', 'code-agent'], date: '2026-04-30', listed: '2026-05-01', pick: true });
      const recursive = fm.papers!.find((p) => p.title === 'Recursive Multi-Agent Systems')!;
      expect(recursive.category).toEqual(['llm-agent', 'latent-reasoning', 'training-mechanism']);
      expect(result.report.unknownLabels.some((u) => u.label === 'Multi-Agent' && u.slugs.includes('llm-agent'))).toBe(true);
      expect(fm.sources!.map((s) => [s.name, s.status])).toEqual([['arXiv API', 'degraded'], ['GitHub API', 'degraded'], ['X/Twitter', 'failed']]);
      expect(fm.window).toMatchObject({ from: '2026-04-28', to: '2026-05-01', widened: true });
      expect(result.draft.body.alternate).toMatchObject({ id: '2604.26904', title: 'ClawGym' });
      expect(droppedText(read(seed), result.draft)).toEqual([]);
      expect(() => compileMdx(splitFrontmatter(renderBriefingMdx(result.draft, RENDER)).body)).not.toThrow();
    });
  });
});
