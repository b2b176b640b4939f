/**
 * The pictures' figures for this build: `computeTrends` over the archive, run once and shared by every
 * page that draws from it (category pages, /trends/), so ten years of briefings cost one pass.
 */
import { config } from '../config.ts';
import { categories } from '../schema/taxonomy.ts';
import { getArchive } from './briefings.ts';
import { computeTrends, type Trends } from './trends.ts';

let trends: Promise<Trends> | undefined;

/** The archive's trends, computed on first use. */
export function getTrends(): Promise<Trends> {
  trends ??= getArchive().then((archive) =>
    computeTrends(
      archive.days.map((e) => e.data),
      categories.map((c) => c.slug),
      config.reader.interests.map((i) => i.id),
    ),
  );
  return trends;
}
