/**
 * Splitting a briefing file into its YAML frontmatter and body. One reader for the site's content
 * loader, the pipeline and `npm run check`, so all three accept and reject exactly the same files.
 */
import { parse } from 'yaml';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** Splits `---` YAML `---` from the body; throws naming the file when the frontmatter is missing or bad. */
export function splitFrontmatter(text: string, file = 'briefing'): { data: Record<string, unknown>; body: string } {
  const match = FRONTMATTER.exec(text);
  if (!match) throw new Error(`${file}: no YAML frontmatter (the file must start with a line "---")`);
  let data: unknown;
  try {
    data = parse(match[1] ?? '');
  } catch (error) {
    throw new Error(`${file}: frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: frontmatter must be a YAML mapping`);
  return { data: data as Record<string, unknown>, body: match[2] ?? '' };
}
