/**
 * The briefing schema: the one contract between the pipeline (scripts/) and the site (src/).
 *
 * A briefing is one MDX file per day, `content/briefings/YYYY-MM-DD.mdx`. Its frontmatter holds the
 * facts (papers, links, sources, window, picks) and is validated by `briefingSchema`; its body holds the
 * prose, with one `<Paper id="…">` per featured paper whose header the site renders from these facts.
 *
 * Category slugs are checked against a taxonomy, so the schema is a factory: `createBriefingSchema(taxonomy)`
 * gives the schema for one config (the site's instance is `briefingSchema` in src/config.ts; the pipeline
 * builds one from the config it was given). An unknown slug fails both the build (through
 * `src/content.config.ts`) and the pipeline (before anything is written).
 */
import { z } from 'zod';
import { isValidDay } from '../../lib/dates.ts';
import { isHttpUrl } from './config.ts';

export { isHttpUrl, isValidDay };

/** Bump when the frontmatter shape changes in a way old files must be migrated for. */
const SCHEMA_VERSION = 1;

/** A calendar day `YYYY-MM-DD`. YAML turns unquoted dates into Date objects; accept those too. */
export const isoDay = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z.string().refine(isValidDay, { error: (iss) => `expected a date YYYY-MM-DD, got ${JSON.stringify(iss.input)}` }),
);

/** An http(s) URL. Other schemes (javascript:, data:) are rejected, so every link we render is safe. */
export const httpUrl = z.string().refine(isHttpUrl, { error: (iss) => `expected an http(s) URL, got ${JSON.stringify(iss.input)}` });

/** New-style arXiv ids (2605.29559, optionally with a version) and old-style ones (cs/0701001). */
export const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;
const arxivId = z.string().regex(ARXIV_ID, { error: (iss) => `expected an arXiv id such as 2605.29559, got ${JSON.stringify(iss.input)}` });

/** `owner/name` of a GitHub repository. */
export const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
export const githubRepo = z.string().regex(GITHUB_REPO, { error: (iss) => `expected a GitHub repository owner/name, got ${JSON.stringify(iss.input)}` });

const sourceStatus = z.enum(['ok', 'degraded', 'failed', 'skipped']);
export type SourceStatus = z.infer<typeof sourceStatus>;

/** One data source of the day and how it went; rendered as the "access limits" note. */
export const sourceSchema = z.object({
  /** Short name: "Hugging Face Daily Papers", "arXiv API", "GitHub API", … */
  name: z.string().min(1),
  url: httpUrl.optional(),
  status: sourceStatus,
  /** Why it was degraded/failed/skipped, or what it contributed. Plain text. */
  note: z.string().default(''),
  /** Requests made to this source for the day, when known. */
  requests: z.number().int().nonnegative().optional(),
  /** For a paper source: how many of its papers were screened (ranked) for the day. */
  screened: z.number().int().nonnegative().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/** The dates the briefing covers, and why (e.g. widened over a weekend). */
const windowSchema = z.object({
  from: isoDay,
  to: isoDay,
  /** The listing days actually included. */
  days: z.array(isoDay).default([]),
  widened: z.boolean().default(false),
  /** Plain-text explanation shown as the "time window" note. */
  note: z.string().default(''),
});
export type Window = z.infer<typeof windowSchema>;

const paperLinksSchema = z.object({
  arxiv: httpUrl.optional(),
  hf: httpUrl.optional(),
  pdf: httpUrl.optional(),
  project: httpUrl.optional(),
  code: httpUrl.optional(),
});
export type PaperLinks = z.infer<typeof paperLinksSchema>;

const summarizerKind = z.enum(['llm', 'extractive', 'imported']);
export type SummarizerKind = z.infer<typeof summarizerKind>;

/** The taxonomy-independent part of a category list; the factory below checks slugs against a taxonomy. */
const anyCategory = z.string().min(1);

/** One paper of the day, featured (with a write-up in the body) or listed in the "others" table. */
const paperShape = z.object({
  /** arXiv id without version; also the paper's anchor on its day page. */
  id: arxivId,
  title: z.string().min(1),
  authors: z.array(z.string()).default([]),
  /** Categories from the taxonomy, most specific first. */
  category: z.array(anyCategory).min(1, { error: 'at least one category is required' }),
  /** The paper's date (submitted or listed), YYYY-MM-DD. */
  date: isoDay,
  /** The Hugging Face listing day it came from, if any. */
  listed: isoDay.optional(),
  /** arXiv version, e.g. 2. */
  version: z.number().int().positive().optional(),
  /** Venue or comment, e.g. "ACL 2026 Findings". */
  venue: z.string().optional(),
  /** Where the facts came from, e.g. ["Hugging Face Daily Papers", "arXiv"]. */
  source: z.array(z.string()).default([]),
  repo: githubRepo.nullable().default(null),
  links: paperLinksSchema.default({}),
  upvotes: z.number().int().nonnegative().nullable().default(null),
  /**
   * Listed again after an earlier briefing listed it, because its community signal rose strongly since
   * ("重新上榜" / "back"; the rule is `window.back` in the config): the earlier briefing's date and the
   * upvotes it recorded then. `upvotes` above is today's count. A paper comes back at most once.
   */
  back: z.object({ from: isoDay, upvotes: z.number().int().nonnegative() }).optional(),
  /** GitHub stars; null when not verified. */
  stars: z.number().int().nonnegative().nullable().default(null),
  /** Ranker's relevance to the reader's interests, 0..1. */
  relevance: z.number().min(0).max(1).default(0),
  /** Interest ids that matched (explains the pick). */
  topics: z.array(z.string()).default([]),
  /** One of the day's top 3 to read. */
  pick: z.boolean().default(false),
  /** Has a full write-up (`<Paper>`) in the body; otherwise a row in the others table. */
  featured: z.boolean().default(false),
  /** One-line core contribution (plain text). */
  contribution: z.string().default(''),
  /** The title in the briefing's language, when a writer translated it (shown beside the original title). */
  localTitle: z.string().optional(),
  summarizer: summarizerKind,
});
export type Paper = z.infer<typeof paperShape>;
export type PaperInput = z.input<typeof paperShape>;

/** A repository, model or dataset worth following. */
const followShape = z.object({
  kind: z.enum(['repo', 'model', 'dataset']),
  /** owner/name */
  name: z.string().min(1),
  url: httpUrl.optional(),
  category: z.array(anyCategory).default([]),
  stars: z.number().int().nonnegative().nullable().default(null),
  /** Stars/activity were verified against the API today. */
  verified: z.boolean().default(false),
  /** Last push or update, when verified. */
  updated: isoDay.optional(),
  reason: z.string().default(''),
});
export type Follow = z.infer<typeof followShape>;

const generatorSchema = z.object({
  name: z.string().default('paper-briefing'),
  version: z.string(),
  writer: z.enum(['llm', 'extractive', 'imported', 'mixed']),
  model: z.string().nullable().default(null),
  promptVersion: z.string().optional(),
  /** Who served the model: `openai` (an OpenAI-compatible API) or `github-models`. */
  provider: z.string().optional(),
  tokens: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }).optional(),
  /**
   * What the LLM did not write in an LLM briefing, and why: featured papers written extractively (ids),
   * the day's own prose, the others table's rows (e.g. "GitHub Models 429: rate limit reached").
   */
  fallback: z
    .object({
      papers: z.array(arxivId).default([]),
      day: z.boolean().default(false),
      others: z.boolean().default(false),
      reason: z.string().default(''),
    })
    .optional(),
  /**
   * Grounded numbers: sentences of model output dropped because they state a number (a percentage, count,
   * multiplier, score, stars) that the text the model was given does not hold, and those numbers.
   */
  grounding: z.object({ dropped: z.number().int().nonnegative(), numbers: z.array(z.string()).default([]) }).optional(),
  /** When the file was generated (ISO timestamp). */
  generatedAt: z.string().optional(),
  /** Hash of the file as written; a mismatch means it was edited by hand. See scripts/mdx/. */
  contentHash: z.string().optional(),
});
export type Generator = z.infer<typeof generatorSchema>;

/**
 * The frontmatter schema of one day's briefing for a taxonomy: category slugs of papers, follow items and
 * the day must be slugs of that taxonomy. Memoised per taxonomy array, so building it per call costs nothing.
 */
export function createBriefingSchema(taxonomy: readonly { slug: string }[]): BriefingSchema {
  let schema = schemas.get(taxonomy);
  if (!schema) schemas.set(taxonomy, (schema = buildBriefingSchema(taxonomy)));
  return schema;
}

function buildBriefingSchema(taxonomy: readonly { slug: string }[]) {
  const slugs = new Set(taxonomy.map((c) => c.slug));
  const categorySlug = z.string().refine((s) => slugs.has(s), {
    error: (iss) => `unknown category ${JSON.stringify(iss.input)}; known categories: ${[...slugs].join(', ')} (see taxonomy in briefing.config.ts)`,
  });
  const paper = paperShape.extend({ category: z.array(categorySlug).min(1, { error: 'at least one category is required' }) });
  const follow = followShape.extend({ category: z.array(categorySlug).default([]) });
  return briefingShape
    .extend({ categories: z.array(categorySlug).default([]), papers: z.array(paper).default([]), follow: z.array(follow).default([]) })
    .superRefine((b, ctx) => {
      const seen = new Set<string>();
      b.papers.forEach((p, i) => {
        if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: ['papers', i, 'id'], message: `duplicate paper id ${JSON.stringify(p.id)}`, input: p.id });
        seen.add(p.id);
        if (p.back && p.back.from >= b.date) {
          ctx.addIssue({ code: 'custom', path: ['papers', i, 'back', 'from'], message: `expected a day before the briefing's date (${b.date}), got ${JSON.stringify(p.back.from)}`, input: p.back.from });
        }
      });
      if (b.window.from > b.window.to) {
        ctx.addIssue({ code: 'custom', path: ['window', 'from'], message: `window.from (${b.window.from}) is after window.to (${b.window.to})`, input: b.window.from });
      }
    });
}

const briefingShape = z.object({
  schema: z.literal(SCHEMA_VERSION).default(SCHEMA_VERSION),
  date: isoDay,
  title: z.string().min(1),
  /** The one-line conclusion of the day. Plain text. */
  summary: z.string().min(1),
  language: z.enum(['zh-CN', 'en']),
  window: windowSchema,
  sources: z.array(sourceSchema).default([]),
  /** Categories of the day (union of the papers', most frequent first). */
  categories: z.array(anyCategory).default([]),
  papers: z.array(paperShape).default([]),
  follow: z.array(followShape).default([]),
  /** arXiv ids of the window left out because an earlier briefing already featured or listed them. */
  covered: z.array(arxivId).default([]),
  generator: generatorSchema,
});

export type BriefingSchema = ReturnType<typeof buildBriefingSchema>;
const schemas = new WeakMap<readonly { slug: string }[], BriefingSchema>();

export type Briefing = z.infer<typeof briefingShape>;
export type BriefingInput = z.input<typeof briefingShape>;

/**
 * Formats zod issues as one line each: `file: field.path: message (value)`. Used by the pipeline and
 * by `npm run check` so that every error names the file, the field and the value.
 */
export function formatIssues(error: z.ZodError, file?: string): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.map(String).join('.') : '(root)';
      return `${file ? `${file}: ` : ''}${field}: ${issue.message}`;
    })
    .join('\n');
}

/** Parses frontmatter with a taxonomy's schema or throws an Error whose message names the file, fields and values. */
export function parseBriefing(schema: BriefingSchema, data: unknown, file?: string): Briefing {
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(`invalid briefing\n${formatIssues(result.error, file)}`);
  return result.data;
}

// ---------------------------------------------------------------------------------------------------
// The body model. Writers and the importer produce a `BriefingDraft`: frontmatter plus structured prose.
// `scripts/mdx/render.ts` turns it into MDX. Prose fields are Markdown written by a model, a person or
// an import; the renderer neutralises anything MDX would execute, so they are safe whatever they hold.
// ---------------------------------------------------------------------------------------------------

/** A labelled block of a paper's write-up. `kind` gives the standard heading in the briefing's language. */
export const sectionKind = z.enum(['why', 'relation', 'usage', 'innovations', 'results', 'note', 'domain', 'other']);
export type SectionKind = z.infer<typeof sectionKind>;

const proseSectionSchema = z.object({
  kind: sectionKind,
  /** Heading override (kept from imports); defaults to the standard heading for `kind`. */
  heading: z.string().optional(),
  /** Markdown. */
  body: z.string(),
});
export type ProseSection = z.infer<typeof proseSectionSchema>;

const paperWriteupSchema = z.object({
  /** Must match a featured paper in the frontmatter. */
  id: arxivId,
  /** Optional headline shown under the title (e.g. "用合成终端环境训练长轨迹 Agent"). */
  headline: z.string().optional(),
  sections: z.array(proseSectionSchema).default([]),
});
export type PaperWriteup = z.infer<typeof paperWriteupSchema>;

export const briefingBodySchema = z.object({
  /** The day's overview (Markdown), after the one-line summary. */
  overview: z.string().default(''),
  writeups: z.array(paperWriteupSchema).default([]),
  /** Top 3 to read: reason per paper id (Markdown), in order; plus an optional alternate. */
  top: z.array(z.object({ id: arxivId.optional(), title: z.string(), reason: z.string() })).default([]),
  alternate: z.object({ id: arxivId.optional(), title: z.string(), reason: z.string() }).optional(),
  /** Prose before the follow list (e.g. "GitHub API was rate-limited; stars not verified"). */
  followNote: z.string().default(''),
  ideas: z.array(z.object({ title: z.string(), body: z.string() })).default([]),
  routes: z.array(z.object({ theme: z.string(), path: z.string() })).default([]),
  /** Closing conclusion (Markdown). */
  conclusion: z.string().default(''),
  /** Text an import could not map, kept verbatim-as-prose under its original heading. */
  extra: z.array(z.object({ heading: z.string(), body: z.string() })).default([]),
});
export type BriefingBody = z.infer<typeof briefingBodySchema>;
export type BriefingBodyInput = z.input<typeof briefingBodySchema>;

/** What a writer or the importer hands to the MDX renderer. */
export interface BriefingDraft {
  frontmatter: BriefingInput;
  body: BriefingBodyInput;
}
