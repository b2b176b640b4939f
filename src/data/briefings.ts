/**
 * The archive of this build: Astro's `briefings` collection indexed once by `buildArchive` and shared
 * by every page, component and feed (module state lives for the whole build).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildArchive, type Archive } from './archive.ts';

export type BriefingEntry = CollectionEntry<'briefings'>;

let archive: Promise<Archive<BriefingEntry>> | undefined;

/** The indexed archive, built on first use. */
export function getArchive(): Promise<Archive<BriefingEntry>> {
  archive ??= getCollection('briefings').then((entries) => buildArchive(entries));
  return archive;
}
