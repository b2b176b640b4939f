/**
 * `npm run demo [-- --out DIR] [--archive DIR] [--no-serve] [--port N]`: a populated site from a fresh
 * clone, offline and without any key.
 *
 * A newcomer's first build is an empty site, and `npm run brief` needs the network. The demo briefs the
 * week of real Hugging Face Daily Papers listings recorded in demo/replay/ (see demo/PROVENANCE.md) with
 * `--replay` and the extractive writer into a demo archive (default .cache/demo/briefings/, never
 * content/briefings/), builds the site from it into dist/ (or --out), and serves it like GitHub Pages
 * would (scripts/preview.ts). The briefing days follow from the recorded listing days: the day after
 * the first one to the day after the last one, weekend included, so the demo shows widened windows too.
 *
 * Exit codes: 0 done (or serving), 1 a step failed (its output is printed), 2 bad flags.
 */
import { spawn } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addDays } from '../lib/dates.ts';
import { buildSite } from './site/build.ts';
import { startPreview } from './preview.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_REPLAY = path.join(root, 'demo', 'replay');
const USAGE = 'Usage: npm run demo [-- --out DIR] [--archive DIR] [--no-serve] [--port N]';

/** The briefing days of a replay folder: the day after its first recorded listing to the day after its last. */
export async function demoDays(replayDir: string): Promise<{ from: string; to: string }> {
  const days = (await readdir(path.join(replayDir, 'hf')))
    .map((name) => /^(\d{4}-\d{2}-\d{2})\.json(?:\.gz)?$/.exec(name)?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
  if (days.length === 0) throw new Error(`${path.relative(root, replayDir)}/hf/: no recorded listing (YYYY-MM-DD.json.gz)`);
  return { from: addDays(days[0]!, 1), to: addDays(days.at(-1)!, 1) };
}

/** Runs a project script on this Node, output passed through; resolves with its exit code. */
function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, script), ...args], { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: { out: { type: 'string' }, archive: { type: 'string' }, 'no-serve': { type: 'boolean', default: false }, port: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    }));
  } catch (error) {
    process.stderr.write(`demo: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 4321 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`demo: --port: expected a port number, got ${JSON.stringify(values.port)}\n`);
    return 2;
  }
  const archive = path.resolve(values.archive ?? path.join(root, '.cache', 'demo', 'briefings'));
  const dist = path.resolve(values.out ?? path.join(root, 'dist'));
  if (archive === path.resolve(root, 'content', 'briefings')) {
    process.stderr.write('demo: --archive: the demo never writes into content/briefings/ (your archive); name another folder\n');
    return 2;
  }
  const shown = (p: string): string => path.relative(process.cwd(), p) || '.';
  const { from, to } = await demoDays(DEMO_REPLAY);

  // Offline and without keys: recorded responses only, the extractive writer, no run log of the real archive.
  const demoEnv: NodeJS.ProcessEnv = { ...env, BRIEFINGS_DIR: archive, RUNS_LOG: path.join(path.dirname(archive), 'runs.jsonl'), BRIEFING_WRITER: 'extractive' };
  for (const secret of ['OPENAI_API_KEY', 'GITHUB_TOKEN']) delete demoEnv[secret];

  process.stderr.write(`demo: briefing ${from} … ${to} from ${shown(DEMO_REPLAY)}/ into ${shown(archive)}/\n`);
  await rm(archive, { recursive: true, force: true });
  const briefed = await run('scripts/brief.ts', ['--from', from, '--to', to, '--replay', DEMO_REPLAY, '--force'], demoEnv);
  if (briefed !== 0) {
    process.stderr.write(`demo: npm run brief exited ${briefed}\n`);
    return 1;
  }

  process.stderr.write(`demo: building the site into ${shown(dist)}/\n`);
  const built = await buildSite({ briefingsDir: archive, distDir: dist, env: { RUNS_LOG: demoEnv.RUNS_LOG!, BRIEFING_PREBUILD: '0' } });
  if (built.code !== 0) {
    process.stderr.write(`${built.output.slice(-4000)}\ndemo: astro build exited ${built.code}\n`);
    return 1;
  }
  const pages = /(\d+) page\(s\) built/.exec(built.output)?.[1];
  process.stderr.write(`demo: built ${pages ?? 'the'} pages in ${built.seconds.toFixed(1)} s\n`);

  if (values['no-serve']) {
    process.stdout.write(`demo: the site is in ${shown(dist)}/; look at it with \`npm run preview${values.out ? ` -- --dist ${shown(dist)}` : ''}\`\n`);
    return 0;
  }
  const { loadConfig } = await import('../lib/config.ts');
  const preview = await startPreview({ root: dist, base: (await loadConfig(env)).site.basePath, port });
  process.stdout.write(`demo: open ${preview.url} (Ctrl+C to stop)\n`);
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      if (code !== 0) process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`demo: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
