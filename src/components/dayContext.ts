/**
 * The briefing a body component belongs to. Bodies hold `<Paper id>`, `<FollowList />` and
 * `<OtherPapers />` with no data of their own; the component gets its day (a `date` prop, or the page's
 * `date` param) and reads the frontmatter from the cached archive.
 */
import { getArchive, type BriefingEntry } from '../data/briefings.ts';

export async function briefingFor(date: string | undefined, component: string): Promise<BriefingEntry> {
  if (!date) throw new Error(`<${component}> can only be used in a briefing body (no date param on this page)`);
  const entry = (await getArchive()).byDate(date);
  if (!entry) throw new Error(`<${component}>: no briefing for ${date}`);
  return entry;
}
