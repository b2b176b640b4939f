/**
 * Permalinks and reference-manager handoff (src/lib/citation.ts): BibTeX read back by a real BibTeX
 * parser (Debian's bibtexparser) whatever the title holds, COinS spans that parse as the OpenURL
 * ContextObjects Zotero reads, permalink folders for new- and old-style arXiv ids, and the permalink page.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bibEntry, bibFile, bibText, bibUrl, coinsContext, coinsSpan, idOfSlug, paperSlug, permalinkHtml, permalinkPath, type CitablePaper } from '../src/lib/citation.ts';
import { emittedPath } from '../src/integrations/papers.ts';
import { hasBibtexparser, noReadersMessage, readBibs } from './helpers/readers.ts';

const paper: CitablePaper = {
  id: '2605.29559',
  title: 'Synthetic Computers at Scale for Long-Horizon Productivity Simulation',
  authors: ['Wei Zhang', 'Maria Garcia', 'Research and Development Lab'],
  date: '2026-05-28',
  links: { arxiv: 'https://arxiv.org/abs/2605.29559' },
};

const HOSTILE_TITLES = [
  'Braces {that} never } close { and a } @misc{evil, title={pwned}',
  '100% of $x_1$ & #tags ~ ^hats \\input{/etc/passwd}',
  '<script>alert("xss-title")</script>',
  '强化学习：世界模型（World Model）与“引号”',
];

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('permalink folders', () => {
  it('are the id without version; old-style ids get a flat folder that maps back', () => {
    expect(paperSlug('2605.29559')).toBe('2605.29559');
    expect(paperSlug('2605.29559v3')).toBe('2605.29559');
    expect(paperSlug('cs/0701001')).toBe('cs_0701001');
    expect(paperSlug('math.GT/0309136v2')).toBe('math.GT_0309136');
    expect(idOfSlug(paperSlug('hep-th/9901001'))).toBe('hep-th/9901001');
    expect(permalinkPath('cs/0701001')).toBe('papers/cs_0701001/');
    expect(() => paperSlug('../../etc/passwd')).toThrow(/expected an arXiv id.*etc\/passwd/);
  });

  it('the post-build step writes only inside the site', () => {
    const site = '/tmp/site';
    expect(emittedPath(site, 'papers/cs_0701001/index.html', 'm.json')).toBe('/tmp/site/papers/cs_0701001/index.html');
    for (const bad of ['../x', 'papers/../../x', '/etc/passwd', 'a//b', 'papers/./x', 'a b', '']) {
      expect(() => emittedPath(site, bad, 'm.json'), bad).toThrow(/m\.json: files\[\]\.path/);
    }
  });
});

describe('BibTeX', () => {
  it('an arXiv @misc entry with eprint, archivePrefix, url and a note', () => {
    const entry = bibEntry(paper, 'Listed on 2026-05-31: https://example.github.io/briefings/2026-05-31/#2605.29559');
    expect(entry).toMatch(/^@misc\{arXiv:2605\.29559,\n/);
    expect(entry).toContain('title         = {{Synthetic Computers at Scale for Long-Horizon Productivity Simulation}}');
    // A name holding "and" is braced, so BibTeX reads three authors, not four.
    expect(entry).toContain('author        = {Wei Zhang and Maria Garcia and {Research and Development Lab}}');
    expect(entry).toContain('eprint        = {2605.29559}');
    expect(entry).toContain('archivePrefix = {arXiv}');
    // URLs are verbatim fields: not LaTeX-escaped; a '#' in the note's text is.
    expect(entry).toContain('url           = {https://arxiv.org/abs/2605.29559}');
    expect(entry).toContain('\\#2605.29559}');
  });

  it('escapes every LaTeX special so braces always balance', () => {
    expect(bibText('a {b} \\ c % d & e $ f # g _ h ~ i ^ j')).toBe('a \\{b\\} \\textbackslash{} c \\% d \\& e \\$ f \\# g \\_ h \\textasciitilde{} i \\textasciicircum{} j');
    expect(bibText('line\nbreak\u0000\ttab')).toBe('line break tab');
    expect(bibUrl('https://x.org/a b/{c}\\d#e%20')).toBe('https://x.org/a%20b/%7Bc%7D%5Cd#e%20');
    for (const title of HOSTILE_TITLES) {
      const entry = bibEntry({ ...paper, title });
      let depth = 0;
      for (const [i, c] of [...entry].entries()) {
        if (entry[i - 1] === '\\') continue;
        if (c === '{') depth++;
        if (c === '}') depth--;
        expect(depth, title).toBeGreaterThanOrEqual(0);
      }
      expect(depth, title).toBe(0);
    }
  });

  it.skipIf(!hasBibtexparser)('a real BibTeX parser reads every entry of a file, hostile titles included, with the fields intact', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-bib-'));
    scratch.push(dir);
    const papers = HOSTILE_TITLES.map((title, i) => ({ ...paper, id: `2605.0000${i + 1}`, title, authors: ['Ada Lovelace', '李娜'] }));
    const file = path.join(dir, 'day.bib');
    await writeFile(file, bibFile('Paper Briefing 2026-05-31: https://example.github.io/briefings/2026-05-31/', [...papers.map((p) => bibEntry(p)), bibEntry({ ...paper, id: 'cs/0701001v2' })]));
    const { entries, declared } = readBibs([file])[file]!;
    expect(declared).toBe(5);
    expect(entries.map((e) => e.ID).sort()).toEqual(['arXiv:2605.00001', 'arXiv:2605.00002', 'arXiv:2605.00003', 'arXiv:2605.00004', 'arXiv:cs/0701001']);
    for (const [i, p] of papers.entries()) {
      const e = entries.find((x) => x.ID === `arXiv:${p.id}`)!;
      // The parser keeps LaTeX as written: the field is exactly the escaped title, nothing leaked out of it.
      expect(e.title).toBe(`{${bibText(HOSTILE_TITLES[i]!)}}`);
      expect(e.author).toBe('Ada Lovelace and 李娜');
      expect(e.eprint).toBe(p.id);
      expect(e.archiveprefix).toBe('arXiv');
      expect(Object.keys(e).sort()).toEqual(['ENTRYTYPE', 'ID', 'archiveprefix', 'author', 'eprint', 'title', 'url', 'year']);
    }
  });
  if (!hasBibtexparser) console.warn(`[citation] ${noReadersMessage}`);
});

/** Parses a ContextObject the way Zotero's OpenURL reader does (key=value pairs, `+` and %2B as spaces). */
function parseContext(co: string): [string, string][] {
  return co.split('&').map((pair) => {
    const [key, value = ''] = pair.split('=');
    return [key!, decodeURIComponent(value.replace(/\+|%2[bB]/g, ' '))];
  });
}

describe('COinS', () => {
  it('a Dublin Core preprint ContextObject: title, each author, date, arXiv URL, repository, subjects', () => {
    const pairs = parseContext(coinsContext(paper, { subjects: ['Pretraining Data', 'LLM Agent'], language: 'en' }));
    const get = (k: string) => pairs.filter(([key]) => key === k).map(([, v]) => v);
    expect(get('ctx_ver')).toEqual(['Z39.88-2004']);
    expect(get('rft_val_fmt')).toEqual(['info:ofi/fmt:kev:mtx:dc']);
    expect(get('rft.type')).toEqual(['preprint']);
    expect(get('rft.title')).toEqual([paper.title]);
    expect(get('rft.creator')).toEqual(paper.authors);
    expect(get('rft.date')).toEqual(['2026-05-28']);
    expect(get('rft.publisher')).toEqual(['arXiv']);
    expect(get('rft_id')).toEqual(['https://arxiv.org/abs/2605.29559']);
    expect(get('rft.subject')).toEqual(['Pretraining Data', 'LLM Agent']);
  });

  it('any title survives as one value, and the span is inert HTML', () => {
    for (const title of HOSTILE_TITLES) {
      const co = coinsContext({ ...paper, title });
      // Zotero reads '+' as a space; every other character comes back as written.
      expect(parseContext(co).find(([k]) => k === 'rft.title')![1]).toBe(title.replace(/\+/g, ' '));
      const span = coinsSpan({ ...paper, title });
      expect(span).toMatch(/^<span class="Z3988" title="[^"<>]*"><\/span>$/);
    }
  });
});

describe('the permalink page', () => {
  it('sends the reader to the anchor with a meta refresh, a canonical and a plain link; no script', () => {
    const html = permalinkHtml({
      lang: 'zh-CN',
      title: '<b>Title</b> · Site',
      target: '/briefings/2026-05-03/#cs/0701001',
      canonical: 'https://example.github.io/briefings/2026-05-03/',
      lead: '这篇论文收录于 2026-05-03 的简报：',
      linkText: '<b>Title</b>',
      links: [{ href: '/papers/cs_0701001/paper.bib', label: 'BibTeX' }],
    });
    expect(html).toContain('<meta http-equiv="refresh" content="0; url=/briefings/2026-05-03/#cs/0701001">');
    expect(html).toContain('<link rel="canonical" href="https://example.github.io/briefings/2026-05-03/">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('的简报：<a href="/briefings/2026-05-03/#cs/0701001">&lt;b&gt;Title&lt;/b&gt;</a>');
    expect(html).toContain('<a href="/papers/cs_0701001/paper.bib">BibTeX</a>');
    expect(html).not.toMatch(/<script|<b>/);
  });
});
