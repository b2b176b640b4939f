/**
 * `npm run bench -- --days N [--papers 25] [--keep] [--only site|ingest|writer|import] [--json FILE]`
 *
 * The benchmark of the whole project:
 * - site: a synthetic archive (scripts/bench/synthetic.ts: N days × P papers, Chinese and English) is built
 *   by the production build (`npm run build`'s command without the prebuild fetch) into bench-out/, and
 *   the run reports build and index time and peak memory of the process tree, what the site weighs
 *   (day pages raw and gzip, the search index), and what a search costs a reader in headless Chromium;
 * - ingest, writer, import: the projects' own benchmarks (`npm run bench:<name>`), when they exist.
 * Each site figure is checked against the targets for a 10-year archive (3,650 days × 25 papers).
 *
 * Other options: --seed N, --out DIR (default bench-out/), --index-alone (also time the Pagefind step on
 * its own, in a separate process), --node-options "…" (NODE_OPTIONS for the build, to try heap settings),
 * --queries "a,b" (search terms; default: two Chinese and two English), --no-browser (measure search bytes
 * from Node with the bundle's pagefind.js instead of headless Chromium: no UI, page or worker counted).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { projectRoot } from './site/build.ts';
import { writeSyntheticArchive } from './bench/synthetic.ts';
import { measuredBuild, type MeasuredBuild } from './bench/site-build.ts';
import { distStats, type DistStats } from './bench/dist-stats.ts';
import { DEFAULT_QUERIES, measureSearchCost, type QuerySpec, type SearchCost } from './bench/query-bytes.ts';
import { formatBytes, runMeasured } from './bench/measure.ts';
import { UsageError } from './pipeline/args.ts';

/** The targets of the site benchmark, for a 10-year archive. */
export const TARGETS = {
  days: 3650,
  buildSeconds: 180,
  peakBytes: 6 * 1024 ** 3,
  queryBytes: 300 * 1000,
  dayPageGzipBytes: 25 * 1000,
  /** Each feed (RSS, JSON Feed, OPML), as served. */
  feedBytes: 1000 * 1000,
};

const SUITES = ['site', 'ingest', 'writer', 'import'] as const;
type Suite = (typeof SUITES)[number];

interface Options {
  days: number;
  papers: number;
  seed: number;
  keep: boolean;
  only?: Suite[];
  json?: string;
  out: string;
  indexAlone: boolean;
  nodeOptions?: string;
  queries: QuerySpec[];
  browser: boolean;
}

function parseOptions(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        days: { type: 'string', default: '100' },
        papers: { type: 'string', default: '25' },
        seed: { type: 'string', default: '1' },
        keep: { type: 'boolean', default: false },
        only: { type: 'string' },
        json: { type: 'string' },
        out: { type: 'string', default: 'bench-out' },
        'index-alone': { type: 'boolean', default: false },
        'node-options': { type: 'string' },
        queries: { type: 'string' },
        'no-browser': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, '')}\n`);
    process.exit(0);
  }
  const positive = (flag: string, value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: expected a positive integer, got "${value}"`);
    return n;
  };
  let only: Suite[] | undefined;
  if (values.only !== undefined) {
    only = values.only.split(',').map((s) => s.trim()) as Suite[];
    const bad = only.filter((s) => !SUITES.includes(s));
    if (bad.length || !only.length) throw new UsageError(`--only: expected one or more of ${SUITES.join(', ')} (comma-separated), got "${values.only}"`);
  }
  let queries = DEFAULT_QUERIES;
  if (values.queries !== undefined) {
    const terms = values.queries.split(',').map((t) => t.trim()).filter(Boolean);
    if (!terms.length) throw new UsageError('--queries: expected comma-separated search terms');
    queries = terms.map((term) => ({ term, lang: /[\u3400-\u9fff]/.test(term) ? 'zh' : 'en' }));
  }
  return {
    days: positive('days', values.days!),
    papers: positive('papers', values.papers!),
    seed: positive('seed', values.seed!),
    keep: values.keep!,
    only,
    json: values.json,
    out: path.resolve(values.out!),
    indexAlone: values['index-alone']!,
    nodeOptions: values['node-options'],
    queries,
    browser: !values['no-browser'],
  };
}

// ------------------------------------------------------------------------------------------------
// Output
// ------------------------------------------------------------------------------------------------

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
const sec = (s: number | undefined): string => (s === undefined ? 'n/a' : `${s.toFixed(1)} s`);
const kb = (b: number): string => `${(b / 1000).toFixed(1)} kB`;
const loadLine = (): string => {
  const [a, b, c] = os.loadavg();
  const cores = os.cpus().length;
  return `load average ${a!.toFixed(2)} ${b!.toFixed(2)} ${c!.toFixed(2)} on ${cores} cores${a! > cores ? ' (busy machine: timings are slower than on an idle one)' : ''}`;
};

function table(rows: string[][], indent = '  '): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  // Text columns align left (the first, and the last when its header is empty), figures right.
  const last = rows[0]!.length - 1;
  const pad = (cell: string, i: number): string => {
    const fill = ' '.repeat(Math.max(0, widths[i]! - [...cell].length));
    return i === 0 || (i === last && rows[0]![last] === '') ? cell + fill : fill + cell;
  };
  for (const row of rows) out(indent + row.map(pad).join('  ').trimEnd());
}

// ------------------------------------------------------------------------------------------------
// Site
// ------------------------------------------------------------------------------------------------

interface SiteFigures {
  days: number;
  papers: number;
  languages: Record<string, number>;
  archiveBytes: number;
  generateSeconds: number;
  build: Omit<MeasuredBuild, 'run'> & {
    seconds: number;
    peakTreeBytes: number;
    cpu?: MeasuredBuild['run']['time'];
    processes: MeasuredBuild['run']['processes'];
    /** RSS of the tree over time (about one point a second, MB by process name), for profiling. */
    timeline: { t: number; mb: Record<string, number> }[];
  };
  indexAlone?: { seconds: number; peakTreeBytes: number; pagefindPeakBytes: number };
  dist: DistStats;
  search: SearchCost;
  targets: { name: string; measured: string; target: string; pass: boolean }[];
}

/** About one sample a second, in MB per process name. */
function timeline(samples: MeasuredBuild['run']['samples']): SiteFigures['build']['timeline'] {
  const out: SiteFigures['build']['timeline'] = [];
  let next = 0;
  for (const sample of samples) {
    if (sample.t < next) continue;
    next = Math.floor(sample.t) + 1;
    out.push({ t: Math.round(sample.t * 10) / 10, mb: Object.fromEntries(Object.entries(sample.byName).map(([k, v]) => [k, Math.round(v / 2 ** 20)])) });
  }
  return out;
}

async function dirBytes(dir: string): Promise<number> {
  let sum = 0;
  for (const f of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, f.name);
    sum += f.isDirectory() ? await dirBytes(full) : (await stat(full)).size;
  }
  return sum;
}

/** Runs the Pagefind step alone on a built site, in its own process, measured. */
async function indexAlone(distDir: string): Promise<SiteFigures['indexAlone']> {
  const script = path.join(projectRoot, 'scripts', 'bench', 'index-only.ts');
  const run = await runMeasured(process.execPath, [script, distDir], { cwd: projectRoot, env: { ...process.env } });
  if (run.code !== 0) throw new Error(`index alone failed (exit ${run.code}):\n${(run.stdout + run.stderr).slice(-3000)}`);
  const pagefindPeakBytes = Math.max(0, ...run.processes.filter((p) => p.name.startsWith('pagefind')).map((p) => p.hwmBytes));
  return { seconds: run.seconds, peakTreeBytes: run.peakTreeBytes, pagefindPeakBytes };
}

async function benchSite(options: Options, runDir: string): Promise<SiteFigures> {
  const archiveDir = path.join(runDir, 'archive');
  const distDir = path.join(runDir, 'dist');
  out(`▸ site: generating ${options.days} days × ${options.papers} papers into ${path.relative(projectRoot, archiveDir)}/ …`);
  const t0 = performance.now();
  await rm(archiveDir, { recursive: true, force: true });
  await writeSyntheticArchive(archiveDir, { days: options.days, papers: options.papers, seed: options.seed });
  const generateSeconds = (performance.now() - t0) / 1000;
  const languages: Record<string, number> = {};
  for (const f of await readdir(archiveDir)) {
    const head = (await readFile(path.join(archiveDir, f), 'utf8')).slice(0, 2000);
    const lang = /^language:\s*["']?([\w-]+)/m.exec(head)?.[1] ?? '?';
    languages[lang] = (languages[lang] ?? 0) + 1;
  }
  const archiveBytes = await dirBytes(archiveDir);
  out(`  ${options.days} files, ${formatBytes(archiveBytes)} of MDX in ${sec(generateSeconds)}`);

  out(`▸ site: building (${loadLine()}) …`);
  let lastPhase = '';
  const build = await measuredBuild({
    briefingsDir: archiveDir,
    distDir,
    env: { ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}), ...(options.indexAlone ? { SEARCH_KEEP_DOCUMENTS: '1' } : {}) },
    onLine: (line, t) => {
      // eslint-disable-next-line no-control-regex
      const text = line.replace(/\x1b\[[0-9;]*m/g, '');
      const phase = /\[content\] Synced content/.test(text)
        ? 'content synced'
        : /Building static entrypoints/.test(text)
          ? 'bundling'
          : /generating static routes/.test(text)
            ? 'rendering pages'
            : /\[@astrojs\/sitemap\]/.test(text)
              ? 'indexing (Pagefind)'
              : /\[paper-briefing:pagefind\] indexed/.test(text)
                ? 'index written'
                : /\[paper-briefing:papers\] wrote/.test(text)
                  ? 'permalinks and BibTeX written'
                  : '';
      if (phase && phase !== lastPhase) {
        lastPhase = phase;
        out(`  ${t.toFixed(1).padStart(6)} s  ${phase}`);
      }
    },
  });
  await writeFile(path.join(runDir, 'build.log'), build.run.stdout + build.run.stderr);
  if (build.run.code !== 0) {
    throw new Error(`astro build failed (exit ${build.run.code}${build.run.signal ? `, ${build.run.signal}` : ''}):\n${(build.run.stdout + build.run.stderr).slice(-4000)}`);
  }
  const indexed = build.phases.indexedPages;
  if (indexed !== options.days) throw new Error(`the Pagefind integration indexed ${indexed ?? 'no'} day pages, expected ${options.days}: is it still in astro.config.mjs?`);
  out(`  built in ${sec(build.run.seconds)}`);

  let alone: SiteFigures['indexAlone'];
  if (options.indexAlone) {
    out('▸ site: Pagefind index alone …');
    alone = await indexAlone(distDir);
  }

  out('▸ site: measuring output …');
  const dist = await distStats(distDir);
  out(`▸ site: measuring search (${options.queries.map((q) => q.term).join(', ')}) …`);
  const base = (await loadConfig(process.env)).site.basePath;
  const search = await measureSearchCost(distDir, base, options.queries, { browser: options.browser });

  const peak = Math.max(build.run.peakTreeBytes, build.run.time?.maxRssBytes ?? 0);
  const worst = search.cold.reduce((a, b) => (b.searchWire > a.searchWire ? b : a), search.cold[0]!);
  const targets = [
    { name: 'build incl. index', measured: sec(build.run.seconds), target: `< ${TARGETS.buildSeconds} s`, pass: build.run.seconds < TARGETS.buildSeconds },
    { name: 'peak memory (process tree)', measured: formatBytes(peak), target: `< ${formatBytes(TARGETS.peakBytes)}`, pass: peak < TARGETS.peakBytes },
    { name: `search query, cold (worst: ${worst.term})`, measured: kb(worst.searchWire), target: `< ${kb(TARGETS.queryBytes)}`, pass: worst.searchWire < TARGETS.queryBytes },
    { name: 'day page gzip (max)', measured: kb(dist.dayGzip.max), target: `< ${kb(TARGETS.dayPageGzipBytes)}`, pass: dist.dayGzip.max < TARGETS.dayPageGzipBytes },
    ...(dist.feeds[0] ? [{ name: `feed (largest: ${dist.feeds[0].file})`, measured: kb(dist.feeds[0].bytes), target: `< ${kb(TARGETS.feedBytes)}`, pass: dist.feeds[0].bytes < TARGETS.feedBytes }] : []),
  ];
  const { run, ...rest } = build;
  return {
    days: options.days,
    papers: options.papers,
    languages,
    archiveBytes,
    generateSeconds,
    build: { ...rest, seconds: run.seconds, peakTreeBytes: run.peakTreeBytes, cpu: run.time, processes: run.processes, timeline: timeline(run.samples) },
    indexAlone: alone,
    dist,
    search,
    targets,
  };
}

function printSite(f: SiteFigures): void {
  const b = f.build;
  out();
  out(`SITE · ${f.days} days × ${f.papers} papers (${Object.entries(f.languages).map(([l, n]) => `${n} ${l}`).join(', ')}), ${formatBytes(f.archiveBytes)} MDX`);
  out(`  command: ${b.command}  (package.json scripts.build, without the prebuild fetch)`);
  const cpu = b.cpu ? `CPU ${b.cpu.userSeconds.toFixed(1)} s user + ${b.cpu.systemSeconds.toFixed(1)} s sys (${b.cpu.cpuPercent}%)` : 'CPU n/a (/usr/bin/time missing)';
  const ph = b.phases;
  table([
    ['', 'seconds', 'peak memory', ''],
    ['build total (Astro + index)', sec(b.seconds), formatBytes(Math.max(b.peakTreeBytes, b.cpu?.maxRssBytes ?? 0)), cpu],
    ['  Astro', sec(b.astroSeconds), formatBytes(b.astroPeakBytes), `content ${sec(ph.contentSeconds)} · bundle ${sec(ph.bundleSeconds)} · render ${sec(ph.renderSeconds)}`],
    ['  Pagefind index (in build)', sec(ph.indexSeconds), formatBytes(b.indexTreePeakBytes), `tree while indexing; pagefind service ${formatBytes(b.pagefindPeakBytes)}, node ${formatBytes(b.nodePeakBytes)} (own peaks)`],
    ...(ph.papersSeconds !== undefined ? [['  permalinks and BibTeX (in build)', sec(ph.papersSeconds), '', 'paper pages and .bib files written after the build']] : []),
    ...(f.indexAlone ? [['  Pagefind index (alone)', sec(f.indexAlone.seconds), formatBytes(f.indexAlone.peakTreeBytes), `pagefind service ${formatBytes(f.indexAlone.pagefindPeakBytes)}`]] : []),
  ]);
  const d = f.dist;
  out(`  output: ${d.htmlPages} HTML pages, ${d.files} files, ${formatBytes(d.totalBytes)}`);
  table([
    ['', 'median', 'p95', 'max', ''],
    ['day page raw', kb(d.dayRaw.median), kb(d.dayRaw.p95), kb(d.dayRaw.max), d.dayRaw.maxFile ?? ''],
    ['day page gzip', kb(d.dayGzip.median), kb(d.dayGzip.p95), kb(d.dayGzip.max), d.dayGzip.maxFile ?? ''],
  ]);
  out(`  largest other pages: ${d.largestOther.map((o) => `${o.file} ${kb(o.raw)} (${kb(o.gzip)} gz)`).join(' · ')}`);
  out(`  feeds: ${d.feeds.map((x) => `${x.file} ${kb(x.bytes)}`).slice(0, 6).join(' · ')}${d.feeds.length > 6 ? ` · … (${d.feeds.length} feeds)` : ''}`);
  out(`  paper permalinks: ${d.permalinks.count} pages (${formatBytes(d.permalinks.total)}); BibTeX: ${d.bib.count} files (${formatBytes(d.bib.total)})`);
  out(`  search index on disk: ${formatBytes(d.indexBytes)} (UI scripts excluded)`);
  const kinds = ['index', 'fragment', 'filter', 'meta', 'wasm'];
  table([
    ['bundle', 'total', ...kinds.map((k) => `${k} (n / max)`)],
    ...d.bundles.map((bd) => [
      `${bd.dir}/`,
      formatBytes(bd.indexTotal),
      ...kinds.map((k) => (bd.byKind[k] ? `${formatBytes(bd.byKind[k]!.total)} (${bd.byKind[k]!.count} / ${kb(bd.byKind[k]!.max)})` : '-')),
    ]),
  ]);
  const s = f.search;
  out(`  search cost (${s.method === 'chromium' ? 'headless Chromium, the real search page, gzip on text as GitHub Pages serves' : s.note}):`);
  const sessionOf = (term: string) => s.session.find((q) => q.term === term);
  table([
    ['query', 'results', 'search', 'index', 'fragments', 'startup*', 'page+UI', 'cold total', 'in a session'],
    ...s.cold.map((q) => {
      const k = (kind: string): number => q.byKind[kind] ?? 0;
      const startup = k('engine') + k('wasm') + k('meta') + k('filter');
      const later = sessionOf(q.term);
      return [`${q.term} (${q.lang})`, String(q.results), kb(q.searchWire), kb(k('index')), kb(k('fragment')), kb(startup), kb(q.wire - q.searchWire), kb(q.wire), later ? kb(later.wire) : '-'];
    }),
  ]);
  out('  search = what the first query on a cold page downloads for the search itself (the target): startup* (pagefind.js and');
  out('  its worker, wasm, metadata, filters) + index chunks + the shown results\' fragments. cold total adds the search page,');
  out('  its stylesheets and its search script (src/scripts/search.ts).');
  if (s.session.length) out(`  in a session = one page, the queries typed in turn (the first includes the page): ${kb(s.sessionWire)} for all ${s.session.length}.`);
  out();
  out(`TARGETS (set for ${TARGETS.days} days × 25 papers${f.days !== TARGETS.days || f.papers !== 25 ? `; this run: ${f.days} × ${f.papers}, so PASS here says nothing about ${TARGETS.days}` : ''})`);
  table([['', 'measured', 'target', ''], ...f.targets.map((t) => [t.name, t.measured, t.target, t.pass ? 'PASS' : 'FAIL'])]);
}

// ------------------------------------------------------------------------------------------------
// The other benchmarks
// ------------------------------------------------------------------------------------------------

interface SuiteRun {
  suite: Suite;
  script: string;
  code: number;
  seconds: number;
  json?: unknown;
  skipped?: string;
}

/** Runs `npm run bench:<suite>` when package.json has it and its file exists; streams its output. */
async function benchScript(suite: Exclude<Suite, 'site'>, runDir: string): Promise<SuiteRun> {
  const pkg = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.[`bench:${suite}`];
  const file = /^node\s+(\S+\.ts)\b/.exec(script ?? '')?.[1];
  if (!script || !file || !existsSync(path.join(projectRoot, file))) {
    const skipped = !script ? `no "bench:${suite}" script in package.json` : `${file ?? script} not found`;
    return { suite, script: script ?? '', code: 0, seconds: 0, skipped };
  }
  // Pass --json when the script takes it, to fold its figures into this run's JSON.
  const takesJson = /\bjson:\s*\{\s*type:\s*'string'/.test(await readFile(path.join(projectRoot, file), 'utf8'));
  const jsonFile = path.join(runDir, `bench-${suite}.json`);
  const args = ['run', '--silent', `bench:${suite}`, ...(takesJson ? ['--', '--json', jsonFile] : [])];
  out(`▸ ${suite}: npm ${args.join(' ')}  (${loadLine()})`);
  const started = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('npm', args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const indent = (chunk: Buffer, stream: NodeJS.WriteStream) => stream.write(chunk.toString('utf8').replace(/^(?=.)/gm, '  │ '));
    child.stdout.on('data', (c: Buffer) => indent(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => indent(c, process.stderr));
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  const seconds = (performance.now() - started) / 1000;
  let json: unknown;
  if (takesJson && existsSync(jsonFile)) json = JSON.parse(await readFile(jsonFile, 'utf8'));
  out(`  ${suite}: exit ${code} in ${sec(seconds)}`);
  return { suite, script, code, seconds, json };
}

/** One line from a suite's JSON figures, when it wrote them in a shape this knows. */
function digest(r: SuiteRun): string | undefined {
  if (r.suite !== 'ingest' || !r.json || typeof r.json !== 'object') return undefined;
  const j = r.json as { requests?: { ok?: boolean }[]; replay?: { days?: number; seconds?: number; msPerDay?: number } };
  const parts: string[] = [];
  if (j.requests?.length) parts.push(`requests per day: ${j.requests.every((q) => q.ok) ? 'targets met' : 'TARGETS MISSED'}`);
  if (j.replay?.days) parts.push(`replay of ${j.replay.days} corpus days ${sec(j.replay.seconds)} (${j.replay.msPerDay} ms/day)`);
  return parts.length ? parts.join(' · ') : undefined;
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const suites = options.only ?? [...SUITES];
  const runDir = path.join(options.out, `${options.days}d-${process.pid}`);
  await mkdir(runDir, { recursive: true });
  const startedAt = new Date();
  const loadStart = loadLine();
  out(`paper-briefing bench · ${startedAt.toISOString().slice(0, 16)}Z · node ${process.version} · ${os.cpus().length} cores · ${formatBytes(os.totalmem())} RAM`);
  out(`start: ${loadStart}`);
  let site: SiteFigures | undefined;
  const others: SuiteRun[] = [];
  let failed = false;
  try {
    if (suites.includes('site')) site = await benchSite(options, runDir);
    for (const suite of suites) {
      if (suite === 'site') continue;
      const r = await benchScript(suite, runDir);
      if (r.skipped) out(`▸ ${suite}: skipped: ${r.skipped}`);
      if (r.code !== 0) failed = true;
      others.push(r);
    }
    if (site) printSite(site);
    if (others.length) {
      out();
      out('OTHER BENCHMARKS (their own figures are above)');
      table([['', 'exit', 'time', ''], ...others.map((r) => [r.suite, r.skipped ? '-' : String(r.code), r.skipped ? '-' : sec(r.seconds), r.skipped ? `skipped: ${r.skipped}` : digest(r) ?? `npm run bench:${r.suite}`])]);
    }
    out();
    out(`end: ${loadLine()} · ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s in all`);
    if (site?.targets.some((t) => !t.pass)) failed = true;
    if (options.json) {
      const jsonPath = path.resolve(options.json);
      await mkdir(path.dirname(jsonPath), { recursive: true });
      const record = { startedAt: startedAt.toISOString(), node: process.version, cores: os.cpus().length, load: { start: loadStart, end: loadLine() }, options: { ...options, out: undefined }, site, others };
      await writeFile(jsonPath, `${JSON.stringify(record, (_k, v: unknown) => (_k === 'transfers' || _k === 'samples' ? undefined : v), 2)}\n`);
      out(`figures written to ${jsonPath}`);
    }
  } finally {
    if (options.keep) out(`kept ${path.relative(process.cwd(), runDir)}/ (archive/, dist/)`);
    else await rm(runDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
