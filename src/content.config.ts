import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { config } from '../briefing.config.ts';
import { briefingSchema } from './schema/briefing.ts';

/** One MDX file per day; the id is the file name, i.e. the date. */
const briefings = defineCollection({
  loader: glob({ pattern: '*.mdx', base: `./${config.archive.briefingsDir}` }),
  schema: briefingSchema,
});

export const collections = { briefings };
