/**
 * The citation files of one month, as data for the post-build step that writes them
 * (src/integrations/papers.ts): each day's `briefings/D/briefing.bib`, and for each paper first listed
 * that month its permalink page `papers/<id>/index.html` and `papers/<id>/paper.bib`
 * (src/lib/citation.ts). Never published: the step removes this folder.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { config } from '../../../config.ts';
import { getArchive } from '../../../data/briefings.ts';
import { t } from '../../../i18n/index.ts';
import { arxivUrl, bibEntry, bibFile, permalinkHtml, permalinkPath, type EmittedFiles } from '../../../lib/citation.ts';
import { urls } from '../../../lib/urls.ts';

export const getStaticPaths = (async () => (await getArchive()).months().map((m) => ({ params: { month: m.month } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const archive = await getArchive();
  const month = archive.months().find((m) => m.month === params.month);
  const ui = config.site.language;
  const files: EmittedFiles['files'] = [];
  for (const entry of month?.days ?? []) {
    const b = entry.data;
    const entries: string[] = [];
    for (const paper of b.papers) {
      const anchor = urls.briefing(b.date, paper.id);
      const note = t(ui, 'cite.note', { site: config.site.title, date: b.date, url: urls.absolute(anchor) });
      entries.push(bibEntry(paper, note));
      if ((archive.firstListed(paper.id) ?? b.date) !== b.date) continue;
      // The permalink lives with the paper's first listing: the day a reader first met it.
      const page = permalinkPath(paper.id);
      files.push({ path: `${page}paper.bib`, content: bibFile(`${config.site.title}: ${urls.absolute(urls.path(page))}`, [bibEntry(paper, note)]) });
      files.push({
        path: `${page}index.html`,
        content: permalinkHtml({
          lang: ui,
          title: `${paper.title} · ${config.site.title}`,
          target: anchor,
          canonical: urls.absolute(urls.briefing(b.date)),
          lead: t(ui, 'cite.listedOn', { date: b.date }),
          linkText: paper.title,
          links: [
            { href: urls.path(`${page}paper.bib`), label: 'BibTeX' },
            { href: arxivUrl(paper), label: 'arXiv' },
          ],
        }),
      });
    }
    files.push({ path: `briefings/${b.date}/briefing.bib`, content: bibFile(`${b.title}: ${urls.absolute(urls.briefing(b.date))}`, entries) });
  }
  const data: EmittedFiles = { version: 1, files };
  return new Response(JSON.stringify(data), { headers: { 'content-type': 'application/json' } });
};
