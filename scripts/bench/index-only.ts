/**
 * The Pagefind step alone, on an already built site: `node scripts/bench/index-only.ts DIST_DIR`.
 * Runs the same `buildSearchIndex` the Astro integration runs, so `npm run bench -- --index-alone` can time
 * and measure it in its own process, apart from the Astro build's heap.
 */
import path from 'node:path';
import { buildSearchIndex } from '../../src/integrations/pagefind.ts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/bench/index-only.ts DIST_DIR\n');
  process.exit(2);
}
const result = await buildSearchIndex({ siteDir: path.resolve(dir), keepDocuments: true, log: (m) => process.stdout.write(`${m}\n`) });
process.stdout.write(`indexed ${result.pages} day pages (${result.papers} papers) in ${result.seconds.toFixed(1)} s → ${result.bundles.map((b) => `${b.dir}/ (${b.language}, ${b.pages})`).join(', ')}\n`);
