/**
 * Moves the headings of a paper write-up one level down (h3 → h4, …), drops their ids and keeps their
 * text out of the search index.
 *
 * Markdown gives every heading an id; inside a paper those ids ("为什么值得关注-3") would become the targets
 * of Pagefind's sub-results, so a search hit would land on a generic section heading instead of the
 * paper. Their text is the same handful of standard labels on every paper ("为什么值得关注", "实验效果"),
 * which only inflates the index. The HTML comes from our own Markdown rendering, so a tag-level rewrite
 * is safe here.
 */
export function demoteHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-6])(\s[^>]*)?>/g, (_m, close: string, level: string, attrs: string | undefined) => {
    const next = Math.min(6, Number(level) + 1);
    if (close) return `</h${next}>`;
    const kept = (attrs ?? '').replace(/\s+id\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g, '');
    return `<h${next}${kept} data-pagefind-ignore>`;
  });
}
