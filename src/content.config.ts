import path from 'node:path';
import { defineCollection } from 'astro:content';
import { briefingSchema, config } from './config.ts';
import { briefingsLoader } from './loaders/briefings.ts';

// BRIEFINGS_DIR lets tests and benchmarks build a generated archive; relative paths resolve against the
// working directory (the project root for every npm script), so a build with another `root` finds it too.
const { archive } = config;

/**
 * One MDX file per day; the id is the file name, i.e. the date. The loader renders each body once
 * (see src/loaders/briefings.ts), so no day becomes a module of the bundle.
 */
const briefings = defineCollection({
  // The schema and taxonomy go into each entry's digest: a cached store is validated again when they change.
  loader: briefingsLoader({ base: path.resolve(archive.briefingsDir), schema: briefingSchema, taxonomy: config.taxonomy }),
  schema: briefingSchema,
});

export const collections = { briefings };
