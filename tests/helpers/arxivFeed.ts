/**
 * arXiv API answers for tests, generated in the shape the API serves in 2026 (see
 * ../shared/fixtures/arxiv/PROVENANCE: single-quoted XML declaration, opensearch totals, entry children in
 * the order id/title/updated/link/summary/category/published/arxiv:*, author; primary_category without
 * `scheme`), so the parser is exercised on what it will really read. No fixture is copied.
 */

export interface FeedEntry {
  id: string;
  version?: number;
  title: string;
  abstract: string;
  authors?: string[];
  categories?: string[];
  comment?: string;
  /** ISO timestamp of v1. */
  published?: string;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function entry(e: FeedEntry): string {
  const v = e.version ?? 1;
  const published = e.published ?? '2026-05-01T12:00:00Z';
  const categories = e.categories ?? ['cs.CL'];
  return [
    '  <entry>',
    `    <id>http://arxiv.org/abs/${e.id}v${v}</id>`,
    `    <title>${xml(e.title)}</title>`,
    `    <updated>${published}</updated>`,
    `    <link href="https://arxiv.org/abs/${e.id}v${v}" rel="alternate" type="text/html"/>`,
    `    <link href="https://arxiv.org/pdf/${e.id}v${v}" rel="related" type="application/pdf" title="pdf"/>`,
    `    <summary>${xml(e.abstract)}</summary>`,
    ...categories.map((c) => `    <category term="${c}" scheme="http://arxiv.org/schemas/atom"/>`),
    `    <published>${published}</published>`,
    ...(e.comment ? [`    <arxiv:comment>${xml(e.comment)}</arxiv:comment>`] : []),
    `    <arxiv:primary_category term="${categories[0]}"/>`,
    ...(e.authors ?? ['Ada Lovelace']).map((a) => `    <author>\n      <name>${xml(a)}</name>\n    </author>`),
    '  </entry>',
  ].join('\n');
}

/** One page of an arXiv API answer: `total` results in all, this page starting at `start`. */
export function atomFeed(entries: readonly FeedEntry[], page: { total?: number; start?: number; query?: string } = {}): string {
  const query = xml(page.query ?? 'id_list=');
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: ${query}</title>
  <updated>2026-05-02T00:00:00Z</updated>
  <link href="https://arxiv.org/api/query?${query}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${page.total ?? entries.length}</opensearch:totalResults>
  <opensearch:startIndex>${page.start ?? 0}</opensearch:startIndex>
${entries.map(entry).join('\n')}
</feed>
`;
}

/** An HTTP 400 answer: one entry titled "Error" whose summary says what was wrong. */
export function atomError(message: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: error</title>
  <opensearch:totalResults>1</opensearch:totalResults>
  <entry>
    <id>https://arxiv.org/api/errors#bad_query</id>
    <title>Error</title>
    <summary>${xml(message)}</summary>
  </entry>
</feed>
`;
}

/** `n` new submissions of one day with ids `${prefix}NNNN`, about agents and RL so the ranker has something to match. */
export function submissions(n: number, prefix = '2605.2', day = '2026-05-01'): FeedEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i).padStart(4, '0')}`,
    title: `Listed agent paper ${i}`,
    abstract: `We study tool-using LLM agents trained with reinforcement learning, variant ${i}.`,
    categories: [i % 2 ? 'cs.AI' : 'cs.CL', 'cs.LG'],
    comment: i === 0 ? 'Code at https://github.com/lab/listed-0' : undefined,
    published: `${day}T${String(10 + (i % 12)).padStart(2, '0')}:00:00Z`,
  }));
}
