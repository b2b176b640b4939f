/**
 * How the shape of the search documents drives what a query downloads, at ten years, in a minute instead
 * of a full site build: the benchmark's synthetic archive (scripts/bench/synthetic.ts) goes straight from
 * its drafts into search documents (src/lib/searchDocs.ts) and Pagefind bundles, then each query is run
 * from Node with the bundle's own pagefind.js, its words split as the search page splits them. Prints the
 * index and fragment kilobytes per query, and the metadata every query loads first.
 *
 *   node scripts/bench/search-variants.ts [--days 3650] [--concepts words|all-words|text] [--chunk 5000] [--out DIR]
 *
 * `--concepts` is `SearchContext.concepts` (`text`: the categories' names and descriptions and the reason as
 * written); `--chunk` is Pagefind's word locations per index chunk (src/integrations/pagefind.ts). The
 * figures in README "Search" come from this. The documents are built from the drafts' Markdown (the site
 * builds them from rendered HTML), close enough for sizes.
 */
import { mkdir, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import { config } from '../../src/config.ts';
import { searchFilters } from '../../src/lib/searchBundles.ts';
import { searchDocument, type SearchContext, type SearchDayInput } from '../../src/lib/searchDocs.ts';
import type { PaperInput } from '../../src/schema/briefing.ts';
import { searchBuiltSite } from '../site/search.ts';
import { segmentQuery } from '../../src/lib/searchResults.ts';
import { syntheticDraft } from './synthetic.ts';

const QUERIES = ['世界模型', '持续学习', '强化学习', 'reinforcement learning', 'speculative decoding', 'RL'];

/** Markdown as the text it reads as (enough for word counts). */
const text = (md: string): string => md.replace(/\*\*|`|^[-\d.]+\s+/gm, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '3650' },
      concepts: { type: 'string', default: 'words' },
      chunk: { type: 'string', default: '5000' },
      out: { type: 'string', default: 'bench-out/search-variants' },
    },
  });
  const days = Number(values.days);
  const concepts = values.concepts as NonNullable<SearchContext['concepts']>;
  if (!['words', 'all-words', 'text'].includes(concepts)) throw new Error(`--concepts: expected words, all-words or text, got "${values.concepts}"`);
  process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE = String(Number(values.chunk));
  const context: SearchContext = { taxonomy: config.taxonomy, interests: config.reader.interests, filters: searchFilters(config.site.language), ui: config.site.language, concepts };
  const out = values.out!;
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  const started = performance.now();
  const indexes = new Map<string, PagefindIndex>();
  for (const language of ['zh-cn', 'en']) indexes.set(language, (await createIndex({ forceLanguage: language })).index!);
  for (let i = 0; i < days; i++) {
    const draft = syntheticDraft(i, { days, papers: 25, seed: 1 });
    const f = draft.frontmatter;
    const writeups = new Map((draft.body.writeups ?? []).map((w) => [w.id, w]));
    const input: SearchDayInput = {
      date: String(f.date),
      title: f.title,
      summary: f.summary,
      language: f.language,
      prose: [text(draft.body.overview ?? ''), ...(draft.body.ideas ?? []).map((x) => `${x.title} ${text(x.body)}`), text(draft.body.conclusion ?? ''), ...(f.follow ?? []).map((x) => `${x.name} ${x.reason ?? ''}`)],
      papers: (f.papers as PaperInput[]).map((p) => {
        const w = writeups.get(p.id);
        const reason = text(w?.sections?.find((s) => s.kind === 'relation')?.body ?? '');
        return { id: p.id, title: p.title, categories: p.category, topics: p.topics ?? [], contribution: p.contribution ?? '', ...(w?.headline ? { headline: w.headline } : {}), ...(reason ? { reason } : {}) };
      }),
    };
    const doc = searchDocument(input, context);
    const added = await indexes.get(doc.language)!.addHTMLFile({ url: doc.url, content: doc.html });
    if (added.errors.length) throw new Error(added.errors.join('\n'));
  }
  await indexes.get('zh-cn')!.writeFiles({ outputPath: `${out}/pagefind` });
  await indexes.get('en')!.writeFiles({ outputPath: `${out}/pagefind-en` });
  await close();

  const kb = (n: number): string => (n / 1000).toFixed(0);
  const cells: string[] = [];
  let meta = 0;
  for (const q of QUERIES) {
    const r = await searchBuiltSite(out, segmentQuery(q), { limit: 5 });
    const sum = (part: string): number => r.fetched.filter((f) => f.path.includes(part)).reduce((s, f) => s + f.bytes, 0);
    meta = sum('.pf_meta');
    cells.push(`${q} ${kb(sum('/index/'))}+${kb(sum('/fragment/'))}`);
  }
  console.log(`${days} days, concepts=${concepts}, chunk=${values.chunk} (${((performance.now() - started) / 1000).toFixed(0)} s): index+fragments kB per query: ${cells.join(' · ')}; metadata ${kb(meta)} kB`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
