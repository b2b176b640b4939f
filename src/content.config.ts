import path from 'node:path';
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { resolveConfig } from '../briefing.config.ts';
import { briefingSchema } from './schema/briefing.ts';

// BRIEFINGS_DIR lets tests and benchmarks build a generated archive; relative paths resolve against the
// working directory (the project root for every npm script), so a build with another `root` finds it too.
const { archive } = resolveConfig(process.env);

/** One MDX file per day; the id is the file name, i.e. the date. */
const briefings = defineCollection({
  loader: glob({ pattern: '*.mdx', base: path.resolve(archive.briefingsDir) }),
  schema: briefingSchema,
});

export const collections = { briefings };
