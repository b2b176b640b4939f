/**
 * The benchmark's pure parts (build-script parsing, phase timings from Astro's log, size statistics,
 * Pagefind file kinds, /proc sampling of a real child) and the search-index scope the benchmark led to
 * (write-up commentary sections out of the index). The benchmark itself is `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { bodyToMarkdown, writeupHtml } from '../src/lib/briefingBody.ts';
import { sectionKind } from '../src/schema/briefing.ts';
import { bundleFileKind, sizeStats } from '../scripts/bench/dist-stats.ts';
import { buildPhases, parseBuildScript } from '../scripts/bench/site-build.ts';
import { hasProc, runMeasured } from '../scripts/bench/measure.ts';
import { SEARCH_KINDS } from '../scripts/bench/query-bytes.ts';

describe('parseBuildScript', () => {
  it('takes `astro build` with leading variables and extra arguments', () => {
    expect(parseBuildScript('astro build')).toEqual({ env: {}, args: [], script: 'astro build' });
    expect(parseBuildScript("NODE_OPTIONS='--max-old-space-size=4096' astro build --verbose")).toEqual({
      env: { NODE_OPTIONS: '--max-old-space-size=4096' },
      args: ['--verbose'],
      script: "NODE_OPTIONS='--max-old-space-size=4096' astro build --verbose",
    });
  });

  it('refuses what it cannot rerun on another archive, naming the field', () => {
    expect(() => parseBuildScript('vite build')).toThrow(/scripts\.build.*"vite build"/);
    expect(() => parseBuildScript('astro build && echo done')).toThrow(/scripts\.build/);
  });
});

describe('buildPhases', () => {
  it('reads phase boundaries and the index time from Astro log lines (colours and all)', () => {
    const lines = [
      { t: 0.5, text: '00:00:01 [content] Syncing content' },
      { t: 3.0, text: '00:00:03 \u001b[32m[content]\u001b[39m Synced content' },
      { t: 3.1, text: '00:00:03 [build] Building static entrypoints...' },
      { t: 5.0, text: '00:00:05 [build] Rearranging server assets...' },
      { t: 9.0, text: '00:00:09 ✓ Completed in 4.01s.' },
      { t: 12.0, text: '00:00:12 [paper-briefing:pagefind] indexed 100 day pages (2500 papers) in 2.5 s → pagefind/ (zh-cn, 86)' },
      { t: 13.0, text: '00:00:13 [paper-briefing:papers] wrote 5100 permalink and BibTeX files in 0.9 s' },
    ];
    const p = buildPhases(lines);
    expect(p.contentSeconds).toBe(3.0);
    expect(p.bundleSeconds).toBeCloseTo(1.9);
    expect(p.renderSeconds).toBe(4.0);
    expect(p).toMatchObject({ indexSeconds: 2.5, indexedPages: 100, papersSeconds: 0.9 });
    // The log of a build before papers were counted still reads.
    expect(buildPhases([{ t: 1, text: '[paper-briefing:pagefind] indexed 7 day pages in 1.5 s' }])).toEqual({ indexedPages: 7, indexSeconds: 1.5 });
  });

  it('leaves out what the log does not say', () => {
    expect(buildPhases([{ t: 1, text: 'something else' }])).toEqual({});
  });
});

describe('sizeStats and bundle file kinds', () => {
  it('median, p95 and the largest file', () => {
    const s = sizeStats([3, 1, 2, 5, 4].map((bytes) => ({ file: `f${bytes}`, bytes })));
    expect(s).toEqual({ count: 5, total: 15, median: 3, p95: 5, max: 5, maxFile: 'f5' });
    expect(sizeStats([])).toMatchObject({ count: 0, max: 0 });
  });

  it('tells the search engine, index data and the UI widget apart', () => {
    expect(bundleFileKind('index/zh-cn_abc.pf_index')).toBe('index');
    expect(bundleFileKind('fragment/en_1.pf_fragment')).toBe('fragment');
    expect(bundleFileKind('filter/en_1.pf_filter')).toBe('filter');
    expect(bundleFileKind('pagefind.zh-cn_1.pf_meta')).toBe('meta');
    expect(bundleFileKind('pagefind-entry.json')).toBe('meta');
    expect(bundleFileKind('wasm.unknown.pagefind')).toBe('wasm');
    expect(bundleFileKind('pagefind.js')).toBe('engine');
    expect(bundleFileKind('pagefind-worker.js')).toBe('engine');
    expect(bundleFileKind('pagefind-ui.js')).toBe('ui');
    expect(bundleFileKind('pagefind-ui.css')).toBe('ui');
    // The search target counts what a query needs whatever UI shows it.
    expect([...SEARCH_KINDS].sort()).toEqual(['engine', 'filter', 'fragment', 'index', 'meta', 'wasm']);
  });
});

describe.skipIf(!hasProc())('runMeasured', () => {
  it('samples the process tree: a child that holds ~60 MB shows in the peak and in its own VmHWM', async () => {
    const script = 'const b = Buffer.alloc(60 * 1024 * 1024, 1); setTimeout(() => console.log(b[0]), 600);';
    const run = await runMeasured(process.execPath, ['-e', script], { cwd: process.cwd(), env: process.env, intervalMs: 50 });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('1');
    expect(run.peakTreeBytes).toBeGreaterThan(60 * 1024 * 1024);
    expect(Math.max(...run.processes.map((p) => p.hwmBytes))).toBeGreaterThan(60 * 1024 * 1024);
    expect(run.lines.map((l) => l.text)).toContain('1');
  });

  it('reports a failing command without throwing', async () => {
    const run = await runMeasured(process.execPath, ['-e', 'process.exit(3)'], { cwd: process.cwd(), env: process.env });
    expect(run.code).toBe(3);
  });
});

describe('search index scope: write-up commentary stays on the page, out of the index', () => {
  // A write-up as the loader renders it: section markers (from `<Section kind>` lines) around each section,
  // each marker an HTML block on a line of its own.
  const section = (kind: string, html: string) => `\n${bodyToMarkdown(`<Section kind="${kind}">`).trim()}\n${html}\n${bodyToMarkdown('</Section>').trim()}\n`;
  const writeup = ['<p><strong>headline</strong></p>', section('why', '<h4>W</h4><ul><li>why</li></ul>'), section('note', '<h4>N</h4><p>note</p>'), section('results', '<h4>R</h4><ul><li>r</li></ul><h5>sub</h5>')].join('');

  it('wraps each section by its kind, whatever its heading says; the listed kinds stay out of the index', () => {
    expect(writeupHtml(writeup, new Set(['why', 'results'])).replace(/\n/g, '')).toBe(
      [
        '<p><strong>headline</strong></p>',
        '<div class="section" data-section="why" data-pagefind-ignore><h4>W</h4><ul><li>why</li></ul></div>',
        '<div class="section" data-section="note"><h4>N</h4><p>note</p></div>',
        '<div class="section" data-section="results" data-pagefind-ignore><h4>R</h4><ul><li>r</li></ul><h5>sub</h5></div>',
      ].join(''),
    );
    expect(writeupHtml(writeup, new Set())).not.toContain('data-pagefind-ignore');
  });

  it('the configured kinds are write-up section kinds', () => {
    expect(config.site.unindexedSections.length).toBeGreaterThan(0);
    for (const kind of config.site.unindexedSections) expect(sectionKind.options).toContain(kind);
  });
});
