/** A paper's outbound links in display order, http(s) only (the schema enforces it; checked again here). */
import { isHttpUrl, type PaperLinks } from '../schema/briefing.ts';

export const PAPER_LINK_LABELS = { arxiv: 'arXiv', hf: 'HF Papers', pdf: 'PDF', project: 'Project', code: 'Code' } as const;

export function paperLinks(links: PaperLinks): { key: keyof typeof PAPER_LINK_LABELS; label: string; href: string }[] {
  return (Object.keys(PAPER_LINK_LABELS) as (keyof typeof PAPER_LINK_LABELS)[])
    .filter((key) => isHttpUrl(links[key]))
    .map((key) => ({ key, label: PAPER_LINK_LABELS[key], href: links[key]! }));
}
