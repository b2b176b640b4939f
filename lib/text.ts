/** Small text helpers shared by the sources, the writers and the site. */

/** Collapses every run of whitespace (newlines included) to one space and trims the ends. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
