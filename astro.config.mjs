// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import sitemap from '@astrojs/sitemap';
import { config } from './src/config.ts';
import pagefind from './src/integrations/pagefind.ts';
import papers from './src/integrations/papers.ts';
import { noEmailAutolinks } from './src/lib/markdownPlugins.ts';

const { site } = config;
const projectRoot = path.dirname(fileURLToPath(import.meta.url));

// Build isolation for tests and benchmarks (see scripts/site/build.ts):
//   DIST_DIR          where the site is written (default dist/)
//   ASTRO_BUILD_ROOT  a scratch folder for Astro's generated files (.astro/) and cache, so that builds of
//                     different archives never share content-layer state, even when they run at once.
const scratchRoot = process.env.ASTRO_BUILD_ROOT ? path.resolve(process.env.ASTRO_BUILD_ROOT) : undefined;

export default defineConfig({
  site: site.url,
  base: site.basePath,
  trailingSlash: 'always',
  ...(scratchRoot
    ? {
        root: scratchRoot,
        srcDir: path.join(projectRoot, 'src'),
        publicDir: path.join(projectRoot, 'public'),
        // cacheDir resolves against the working directory, not `root`: isolate it explicitly.
        cacheDir: path.join(scratchRoot, 'cache'),
      }
    : {}),
  outDir: process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(projectRoot, 'dist'),
  // One shared stylesheet, cached across pages, keeps every day page small.
  build: { inlineStylesheets: 'never' },
  // Smart punctuation off: briefing text (titles, quotes, code-like names) must render exactly as written.
  // E-mail addresses in prose stay text: GFM would make each a mailto: link (src/lib/markdownPlugins.ts).
  markdown: { processor: satteri({ features: { smartPunctuation: false }, mdastPlugins: [noEmailAutolinks] }) },
  integrations: [mdx(), sitemap(), pagefind(), papers()],
});
