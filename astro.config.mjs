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
  integrations: [mdx(), sitemap()],
});
