/**
 * The briefing a body component belongs to. MDX bodies hold `<Paper id>`, `<FollowList />` and
 * `<OtherPapers />` with no data of their own; the component finds its day from the page's `date` param
 * (set by the day page and by the feed renderer) and reads the frontmatter from the cached archive.
 */
import { getArchive, type BriefingEntry } from '../data/briefings.ts';

export async function briefingFor(date: string | undefined, component: string): Promise<BriefingEntry> {
  if (!date) throw new Error(`<${component}> can only be used in a briefing body (no date param on this page)`);
  const entry = (await getArchive()).byDate(date);
  if (!entry) throw new Error(`<${component}>: no briefing for ${date}`);
  return entry;
}
