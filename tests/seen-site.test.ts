/**
 * The site with repeats (issue 10 §4): an archive written before seen-once lists a paper on two days, and a
 * paper comes back marked. Built once with the real `astro build`: the day page shows the "back" mark next
 * to the title (featured and others table), category pages list each paper once (at its first listing, or
 * at its return) and the categories index counts distinct papers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import type { BriefingDraft, PaperInput } from '../src/schema/briefing.ts';
import { t } from '../src/i18n/index.ts';
import { categoryLabel } from '../src/schema/taxonomy.ts';
import { writeBriefingFile } from '../scripts/mdx/write.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { buildSite } from '../scripts/site/build.ts';
import { extractLinks, read } from './helpers/dist.ts';

const OPTIONS = { days: 4, papers: 6, featured: 3, englishEvery: 0, end: '2026-05-03' };

/** The draft with one paper's id replaced everywhere (frontmatter, write-up, picks). */
function renamed(draft: BriefingDraft, from: string, to: string): BriefingDraft {
  return JSON.parse(JSON.stringify(draft).replaceAll(from, to)) as BriefingDraft;
}

let dir = '';
let out = '';
let dist = '';
const drafts: BriefingDraft[] = [];
const papersOf = (d: BriefingDraft) => d.frontmatter.papers as PaperInput[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pb-seen-site-'));
  out = await mkdtemp(path.join(tmpdir(), 'pb-seen-dist-'));
  dist = path.join(out, 'dist');
  for (let i = 0; i < OPTIONS.days; i++) drafts.push(syntheticDraft(i, OPTIONS));
  // Day 2 lists three papers of day 0 again: a featured one and an "other" one back (marked), one plain repeat.
  const [day0, , day2] = drafts as [BriefingDraft, BriefingDraft, BriefingDraft];
  const old = papersOf(day0);
  let d2 = day2;
  const again = [
    { at: 0, id: old[0]!.id, back: { from: String(day0.frontmatter.date), upvotes: 3 } },
    { at: 4, id: old[3]!.id, back: { from: String(day0.frontmatter.date), upvotes: 2 } },
    { at: 5, id: old[4]!.id },
  ];
  for (const a of again) d2 = renamed(d2, papersOf(d2)[a.at]!.id, a.id);
  for (const a of again) if (a.back) papersOf(d2)[a.at]!.back = a.back;
  drafts[2] = d2;
  for (const d of drafts) await writeBriefingFile(d, { config, dir, force: true });
  const result = await buildSite({ briefingsDir: dir, distDir: dist });
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  if (out) await rm(out, { recursive: true, force: true });
});

describe('a paper back, and repeats from before seen-once, on the site', () => {
  it('the day page marks a returned paper next to its title, featured or in the others table', () => {
    const day2 = drafts[2]!.frontmatter;
    const html = read(dist, `briefings/${day2.date}/index.html`);
    const lang = day2.language!;
    const mark = (from: string, upvotes: number) =>
      `<span class="back-mark" title="${t(lang, 'paper.backTitle', { from, upvotes })}" data-pagefind-ignore>${t(lang, 'paper.back')}</span>`;
    const [featured, , , , other, plain] = papersOf(drafts[2]!);
    const heading = html.slice(html.indexOf(`<h3 class="paper-title" id="${featured!.id}">`), html.indexOf('</h3>', html.indexOf(`id="${featured!.id}"`)));
    expect(heading).toContain(mark(String(featured!.back!.from), featured!.back!.upvotes));
    const row = html.slice(html.indexOf(`<tr id="${other!.id}">`), html.indexOf('</tr>', html.indexOf(`<tr id="${other!.id}">`)));
    expect(row).toContain(mark(String(other!.back!.from), other!.back!.upvotes));
    const plainRow = html.slice(html.indexOf(`<tr id="${plain!.id}">`), html.indexOf('</tr>', html.indexOf(`<tr id="${plain!.id}">`)));
    expect(plainRow).not.toContain('back-mark');
  });

  it('category pages list each paper once, at its first listing or its return, and the index counts distinct papers', () => {
    // Each paper's shown entry: its first listing, or a later listing that marks it back.
    const shown = new Map<string, { date: string; category: string[] }>();
    for (const d of drafts) {
      for (const p of papersOf(d)) {
        const date = String(d.frontmatter.date);
        if (!shown.has(p.id) || p.back) shown.set(p.id, { date, category: p.category });
      }
    }
    const index = read(dist, 'categories/index.html');
    for (const c of config.taxonomy) {
      const expected = [...shown].filter(([, s]) => s.category.includes(c.slug)).map(([id, s]) => `/briefings/${s.date}/#${id}`).sort();
      const file = path.join(dist, 'categories', c.slug, 'index.html');
      const links: string[] = [];
      if (existsSync(file)) {
        const html = readFileSync(file, 'utf8');
        if (html.includes('<ol class="paper-list"')) links.push(...extractLinks(html.slice(html.indexOf('<ol class="paper-list"'), html.indexOf('</ol>'))).filter((l) => l.startsWith('/briefings/')));
      }
      expect(links.sort(), c.slug).toEqual(expected);
      expect(index).toContain(`<a href="/categories/${c.slug}/">${categoryLabel(c.slug, config.site.language)}</a> <span class="meta">(${t(config.site.language, 'site.papersCount', { count: expected.length })})</span>`);
    }
    expect(shown.size).toBe(drafts.reduce((n, d) => n + papersOf(d).length, 0) - 3);
  });
});
