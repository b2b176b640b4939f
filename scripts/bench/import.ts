/**
 * Import benchmark (`npm run bench:import`): the time to parse and render each legacy file (the test
 * fixtures, plus the real seeds in ../shared/seeds when present), averaged over --runs N (default 20),
 * and the time of one `import` run writing them all into a temporary archive.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runImport } from '../legacy/cli.ts';
import { importLegacyText } from '../legacy/index.ts';
import { renderBriefingMdx } from '../mdx/render.ts';
import { loadConfig } from '../../lib/config.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer, got ${JSON.stringify(values.runs)}`);

const fixtures = path.join(repoRoot, 'tests/fixtures/legacy');
const seeds = path.resolve(repoRoot, '../shared/seeds');
const files = [
  ...readdirSync(fixtures).filter((f) => f.endsWith('.md') && f !== 'not-a-briefing.md').map((f) => path.join(fixtures, f)),
  ...(existsSync(seeds) ? readdirSync(seeds).filter((f) => f.endsWith('.txt')).map((f) => path.join(seeds, f)) : []),
];
if (!existsSync(seeds)) console.log(`(no ${seeds}: fixtures only)`);

const config = await loadConfig(process.env);
console.log(`parse + render, mean of ${runs} runs:`);
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  let papers = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const { draft, report } = importLegacyText(text, file);
    renderBriefingMdx(draft, config);
    papers = report.papers;
  }
  const ms = (performance.now() - started) / runs;
  console.log(`  ${path.basename(file).padEnd(32)} ${(text.length / 1024).toFixed(1).padStart(6)} KB  ${String(papers).padStart(3)} papers  ${ms.toFixed(1).padStart(7)} ms`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'pb-bench-import-'));
try {
  const started = performance.now();
  const code = await runImport([...files, '--dir', dir], { cwd: repoRoot, env: {}, log: () => {} });
  console.log(`npm run import of all ${files.length} files into an empty archive: ${(performance.now() - started).toFixed(0)} ms (exit ${code})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
