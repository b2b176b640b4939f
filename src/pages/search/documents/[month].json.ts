/**
 * The search index's documents of one month (src/lib/searchDocs.ts): one per day, each paper a section.
 * Written into the build only for the Pagefind integration, which indexes them and removes the folder
 * (src/integrations/pagefind.ts); they are never published. One file per month keeps each small.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { config } from '../../../config.ts';
import { getArchive } from '../../../data/briefings.ts';
import { searchFilters } from '../../../lib/searchBundles.ts';
import { searchDayInput, searchDocument, type SearchContext, type SearchDocumentFile } from '../../../lib/searchDocs.ts';

export const getStaticPaths = (async () => (await getArchive()).months().map((m) => ({ params: { month: m.month } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const archive = await getArchive();
  const month = archive.months().find((m) => m.month === params.month);
  const context: SearchContext = { taxonomy: config.taxonomy, interests: config.reader.interests, filters: searchFilters(config.site.language), ui: config.site.language };
  const documents = (month?.days ?? []).map((entry) => {
    // A paper listed on several days is indexed once, on the day it was first listed.
    const input = searchDayInput(entry.data, entry.rendered?.html ?? '', {
      include: (id) => (archive.firstListed(id) ?? entry.data.date) === entry.data.date,
      unindexedSections: config.site.unindexedSections,
    });
    return searchDocument(input, context);
  });
  const file: SearchDocumentFile = { version: 1, documents };
  return new Response(JSON.stringify(file), { headers: { 'content-type': 'application/json' } });
};
