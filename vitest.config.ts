import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests in layers (issue 9 §7), as Vitest projects:
 *   unit         pure stages, undici's MockAgent, fast-check; no process, socket, build or corpus (`npm run test:unit`, under 20 s)
 *   integration  local servers, child processes, real `astro build`s, the HF corpus, the fault suite (`npm run test:integration`)
 *   browser      headless Chromium on a built site (`npm run test:browser`)
 * `npm test` runs all three (what `.ci/run` calls). A new test file is a unit test unless it is listed
 * below, so nothing is ever left out of `npm test`; list it when it starts a server, a process or a build.
 */
const browser = ['tests/site-build.test.ts', 'tests/site-build-edge.test.ts', 'tests/reading.test.ts', 'tests/feedback-site.test.ts'];
const integration = [
  'tests/faults-*.test.ts',
  'tests/feedback-workflow.test.ts',
  'tests/seen.test.ts',
  'tests/seen-site.test.ts',
  'tests/writers-provider.test.ts',
  'tests/workflow-*.test.ts',
  'tests/workflows.test.ts',
  'tests/*-corpus.test.ts',
  'tests/bench.test.ts',
  'tests/check-content.test.ts',
  'tests/citation.test.ts',
  'tests/feeds.test.ts',
  'tests/config.test.ts',
  'tests/daily.test.ts',
  'tests/eval-llm.test.ts',
  'tests/ingest-http.test.ts',
  'tests/ingest-run.test.ts',
  'tests/ingest-sources.test.ts',
  'tests/install.test.ts',
  'tests/legacy-seeds.test.ts',
  'tests/legacy-site.test.ts',
  'tests/rank-profile.test.ts',
  'tests/rank-writers.test.ts',
  'tests/site-ui-language.test.ts',
  'tests/sources.test.ts',
  'tests/status-page.test.ts',
  'tests/track-run.test.ts',
  'tests/writers-batch.test.ts',
  'tests/writers-llm.test.ts',
];

export default defineConfig({
  test: {
    // Build and browser tests run real `astro build`s; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, ...integration, ...browser] } },
      { extends: true, test: { name: 'integration', include: integration } },
      { extends: true, test: { name: 'browser', include: browser } },
    ],
  },
});
