// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { resolveConfig } from './briefing.config.ts';

const { site } = resolveConfig(process.env);

export default defineConfig({
  site: site.url,
  base: site.basePath,
  trailingSlash: 'always',
  // Smart punctuation off: briefing text (titles, quotes, code-like names) must render exactly as written.
  markdown: { smartypants: false },
  integrations: [mdx({ smartypants: false }), sitemap()],
});
