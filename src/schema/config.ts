/**
 * The config schema: the one definition of what `briefing.config.ts` may say, with every default and what
 * it means, and of the environment variables that override it. The site (src/config.ts), the pipeline's
 * entry points (lib/config.ts `loadConfig`) and the tests all go through `resolveConfig`, so a typo, a
 * nonsense number or a bad override fails the same way everywhere, naming the field (or the variable) and
 * the value. Modelled on Starlight's user-config schema: JSDoc on each field shows in the editor, and
 * `BriefingSettings` (what a user writes) is the schema's input type, `BriefingConfig` its output.
 */
import path from 'node:path';
import { z } from 'zod';
import { isTimezone } from '../../lib/dates.ts';
import { loadReaderProfile, projectRoot, ReaderProfileError, type ReaderProfile } from './reader.ts';

export type { Interest } from './reader.ts';

// ---------------------------------------------------------------------------------------------------
// Field types, each with a message that says what was expected (the formatter adds the value).
// ---------------------------------------------------------------------------------------------------

function intIn(min: number, max?: number) {
  const error = `expected an integer from ${min}${max === undefined ? ' up' : ` to ${max}`}`;
  const int = z.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? int : int.max(max, { error });
}

function atLeast(min: number) {
  const error = `expected a number ≥ ${min}`;
  return z.number({ error }).min(min, { error });
}

const text = z.string({ error: 'expected a non-empty string' }).refine((s) => s.trim() !== '', { error: 'expected a non-empty string' });

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

const httpUrl = z.string({ error: 'expected an http(s) URL' }).refine(isHttpUrl, { error: 'expected an http(s) URL', abort: true });

/** Normalises a base path to the `/x/y/` form (leading and trailing slash). */
export function normalizeBasePath(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/**
 * A base path is written into every URL and into inline script on /search/: only plain path segments
 * (letters, digits, `.`, `_`, `~`, `-`), never `.` or `..`, quotes, spaces or percent escapes.
 */
function isSafeBasePath(value: string): boolean {
  const segments = normalizeBasePath(value).split('/').filter(Boolean);
  return segments.every((s) => /^[A-Za-z0-9._~-]+$/.test(s) && s !== '.' && s !== '..');
}

/** `owner/name` of a GitHub repository (GitHub's own rules: no "." or ".." as a name). */
const REPOSITORY_RULE = 'expected a GitHub repository such as octocat/paper-briefing';
const repository = z
  .string({ error: REPOSITORY_RULE })
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, { error: REPOSITORY_RULE })
  .refine((v) => !/\/\.{1,2}$/.test(v), { error: REPOSITORY_RULE });

const BASE_PATH_RULE = 'expected a path such as / or /paper-briefing/ (letters, digits, ".", "_", "~" and "-" between slashes; no "..", quotes or spaces)';
const basePath = z
  .string({ error: BASE_PATH_RULE })
  .refine(isSafeBasePath, { error: BASE_PATH_RULE })
  .transform(normalizeBasePath);

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'expected a URL-safe slug (lowercase letters, digits and single hyphens)' });

export const LANGUAGES = ['zh-CN', 'en'] as const;
const language = z.enum(LANGUAGES, { error: `expected one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')}` });
/** UI and output languages the project supports. */
export type Language = z.infer<typeof language>;

/** Write-up sections that can be kept out of the search index (`sectionKind` in src/schema/briefing.ts). */
const SECTION_KINDS = ['why', 'relation', 'usage', 'innovations', 'results', 'note', 'domain', 'other'] as const;

// ---------------------------------------------------------------------------------------------------
// The schema.
// ---------------------------------------------------------------------------------------------------

const categorySchema = z.strictObject({
  /** URL-safe slug: lowercase letters, digits and hyphens. Appears in frontmatter, URLs and filters. */
  slug,
  /** Chinese label. */
  zh: text,
  /** English label. */
  en: text,
  /** One-line description in English (shown on the category page and in its feed). */
  description: text,
  /** One-line description in Chinese. */
  descriptionZh: text,
  /**
   * Keywords that name the topic, used to guess a paper's categories from its title and abstract (title hits
   * count double). Avoid words every abstract uses ("code is available", "evaluation", "reasoning").
   */
  keywords: z.array(text),
});
/** One category of the taxonomy. */
export type Category = z.infer<typeof categorySchema>;

const siteSchema = z.strictObject({
  /** Site title, shown in the header, feeds and Open Graph tags. */
  title: text.default('Paper Briefing'),
  /** One-line description for meta tags and feeds. */
  description: text.default('每日 AI/LLM 论文与研究热点简报 — daily AI/LLM research briefings'),
  /** Absolute origin the site is served from, e.g. `https://me.github.io` (no path: see `basePath`). Overridden by SITE_URL. */
  url: httpUrl
    .refine((v) => isHttpUrl(v) && new URL(v).pathname === '/' && !new URL(v).search, { error: 'expected an origin such as https://me.github.io (put a path in site.basePath)' })
    .transform((v) => new URL(v).origin)
    .default('https://example.github.io'),
  /** Base path, `/` at a domain root or `/<repo>/` for a GitHub Pages project site. Overridden by BASE_PATH. */
  basePath: basePath.default('/'),
  /** Author/owner shown in feeds. */
  author: text.default('paper-briefing'),
  /** Language of the interface (each briefing also carries its own language). */
  language: language.default('zh-CN'),
  /**
   * The GitHub repository `owner/name` the archive lives in: the "My feedback" page (/feedback/) opens a
   * prefilled feedback issue there, which the daily workflow reads. Without one the page explains how to
   * send the exported file instead. Overridden by GITHUB_REPOSITORY, which GitHub Actions sets.
   */
  repository: repository.optional(),
  /** Papers per page on category pages. */
  categoryPageSize: intIn(1, 1000).default(50),
  /**
   * Write-up sections kept out of the search index, by kind. Titles, categories, headlines, one-line
   * contributions, notes and the day's own sections are always indexed. The standard commentary sections are
   * most of a day's text and repeat the reader's interests on every paper, so over years a query for a common
   * term downloads their postings from every day: at 3,650 days "世界模型" would cost ~360 KB instead of
   * ~250 KB (see `npm run bench`). Sections with a custom heading (imports) stay indexed. An empty list
   * indexes everything, fine for a small archive.
   */
  unindexedSections: z.array(z.enum(SECTION_KINDS)).default(['why', 'relation', 'usage', 'innovations', 'results']),
  /** Days in the main RSS feed. */
  feedDays: intIn(1, 3650).default(50),
  /** Items in each category feed. */
  categoryFeedItems: intIn(1, 1000).default(50),
});

/** arXiv spacing, as its terms of use ask: one request every 3 s on one connection. */
const ARXIV_INTERVAL_MS = 3000;

/**
 * The sources, grouped by what they contribute. Each key is a source's name and the name of its file,
 * `scripts/sources/<name>.ts` (see docs/sources.md): adding a source is that file plus its entry here.
 */
const sourcesSchema = z.strictObject({
  /** Paper sources: each lists papers for every day of the window. BRIEFING_SOURCES picks which run. */
  papers: z
    .strictObject({
      /** Hugging Face Daily Papers (`/api/daily_papers?date=`, paged). */
      huggingface: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** API origin. Overridden by HF_BASE_URL. */
          baseUrl: httpUrl.default('https://huggingface.co'),
          /**
           * Items requested per page. Paging stops at the first short page, so this must not exceed what the
           * API serves per page: 50 is its default (recorded days top out at exactly 50), hence safe.
           */
          pageSize: intIn(1, 100).default(50),
        })
        .prefault({}),
      /** arXiv new submissions in some categories (`/api/query`, by `submittedDate`). Off by default. */
      'arxiv-listing': z
        .strictObject({
          enabled: z.boolean().default(false),
          /** API origin. Overridden by ARXIV_BASE_URL. */
          baseUrl: httpUrl.default('https://export.arxiv.org'),
          /** arXiv categories whose new submissions are listed (a paper in any of them counts). */
          categories: z
            .array(z.string().regex(/^[a-z-]+(?:\.[A-Za-z-]+)?$/, { error: 'expected an arXiv category such as cs.CL' }))
            .min(1, { error: 'expected at least one arXiv category' })
            .default(['cs.CL', 'cs.AI', 'cs.LG']),
          /** The most papers taken per listing day (the newest submissions first). */
          maxPerDay: intIn(1, 2000).default(300),
          /** Entries per request (arXiv serves up to 2000; smaller pages are kinder to its servers). */
          pageSize: intIn(1, 2000).default(100),
          /** Minimum spacing between two requests to the arXiv API. */
          minIntervalMs: intIn(0).default(ARXIV_INTERVAL_MS),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Fact sources: metadata for the papers of the day. */
  facts: z
    .strictObject({
      /** arXiv API `id_list` lookups: abstract, categories, comment, version and dates. */
      arxiv: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** Query endpoint origin. Overridden by ARXIV_BASE_URL. */
          baseUrl: httpUrl.default('https://export.arxiv.org'),
          /** Ids per id_list request (arXiv allows up to 100 comfortably). */
          batchSize: intIn(1, 100).default(100),
          /** Minimum spacing between two requests to the arXiv API. */
          minIntervalMs: intIn(0).default(ARXIV_INTERVAL_MS),
        })
        .prefault({}),
      /** GitHub REST: stars and last push of the repositories papers link (ETag-conditional). */
      github: z
        .strictObject({
          enabled: z.boolean().default(true),
          /** REST API origin. Overridden by GITHUB_API_URL. */
          baseUrl: httpUrl.default('https://api.github.com'),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Follow sources: repositories, models and datasets worth following. */
  follow: z
    .strictObject({
      /** Hugging Face trending models and datasets. */
      'hf-trending': z
        .strictObject({
          enabled: z.boolean().default(true),
          /** API origin. Overridden by HF_BASE_URL. */
          baseUrl: httpUrl.default('https://huggingface.co'),
          /** How many trending models and how many trending datasets to fetch. */
          limit: intIn(1, 1000).default(10),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Network behaviour shared by every source. */
  http: z
    .strictObject({
      connectTimeoutMs: intIn(1).default(5_000),
      headersTimeoutMs: intIn(1).default(15_000),
      bodyTimeoutMs: intIn(1).default(30_000),
      /** Retries after the first attempt for retryable failures (429, 5xx, timeouts, resets). */
      retries: intIn(0, 10).default(3),
      /** Base delay of the exponential backoff. */
      backoffBaseMs: intIn(0).default(500),
      /** Longest single wait, including a server's Retry-After; longer waits fail the request instead. */
      maxWaitMs: intIn(0).default(60_000),
      /**
       * The longest one day's run may spend fetching (`npm run brief`, per day): then nothing more is sent,
       * requests in flight are aborted and count as timeouts, and the day is briefed from what arrived.
       */
      deadlineMs: intIn(1).default(300_000),
      /** The same for the fetch `npm run build` starts with (its prebuild), so a host that never answers cannot hold a build. */
      prebuildDeadlineMs: intIn(1).default(45_000),
      /** User-Agent sent with every request. */
      userAgent: text.default('paper-briefing/0.1 (+https://github.com/paper-briefing/paper-briefing)'),
      /** Requests in flight per host (arXiv is always one connection, one request per `minIntervalMs`). */
      concurrencyPerHost: intIn(1, 64).default(4),
    })
    .prefault({}),
});

export const configSchema = z
  .strictObject({
    site: siteSchema.prefault({}),
    /** Output language of new briefings. */
    language: language.default('zh-CN'),
    /** IANA timezone that defines "today" for the daily run and dates on the site. */
    timezone: z.string().refine(isTimezone, { error: 'expected an IANA timezone such as Asia/Shanghai' }).default('Asia/Shanghai'),
    /**
     * Who the briefing is for. The reader is data, not config: name, research interests, topics not
     * followed, liked and disliked papers and who may send feedback live in a YAML profile
     * (src/schema/reader.ts, README "The reader profile"), loaded into the resolved config's `reader`.
     */
    reader: z
      .strictObject({
        /** The reader profile (YAML), relative to the project root. Overridden by READER_FILE. */
        file: text.default('content/reader.yml'),
      })
      .prefault({}),
    /** The category taxonomy, in display order; must include `other` (papers that fit nothing else). */
    taxonomy: z.array(categorySchema).min(1, { error: 'expected at least one category' }),
    sources: sourcesSchema.prefault({}),
    /** The time window of a briefing. */
    window: z
      .strictObject({
        /** When fewer papers than this remain for a day, widen the window backwards. */
        minPapers: intIn(0).default(10),
        /** The furthest back (in listing days) a widened window may reach. */
        maxDays: intIn(1, 60).default(7),
        /**
         * No longer used: a paper any earlier briefing featured or listed is never listed again as new,
         * however long ago (README "Repeats"); only `back` brings one back. Accepted so that existing
         * configs still load; `npm run brief` warns while it is set.
         */
        dedupeDays: intIn(0, 3650).optional(),
        /**
         * When a paper an earlier briefing listed comes back, once, marked "重新上榜" / "back": its Hugging Face
         * upvotes now are at least `ratio` times the count the latest earlier briefing recorded AND higher
         * by at least `minRise`. Both, because a doubling from 3 to 6 is noise and +20 on 300 is drift:
         * in April–May 2026 the median listed paper has 5 upvotes and the top quarter 17 or more, so the
         * defaults bring back a paper that went from ordinary to well above it. A paper with no recorded
         * count (no Hugging Face listing) never comes back.
         */
        back: z
          .strictObject({
            enabled: z.boolean().default(true),
            /** Upvotes now ≥ ratio × the earlier count (2 = at least doubled). */
            ratio: atLeast(1).default(2),
            /** Upvotes now ≥ the earlier count + minRise. */
            minRise: intIn(1).default(20),
          })
          .prefault({}),
      })
      .prefault({}),
    ranking: z
      .strictObject({
        /** Weight of interest relevance (0..1 score). */
        relevance: atLeast(0).default(0.6),
        /** Weight of community signal (log-scaled upvotes). */
        upvotes: atLeast(0).default(0.3),
        /** Weight of recency within the window. */
        recency: atLeast(0).default(0.1),
        /** Keywords that push a paper down (matched like interest keywords). */
        negativeKeywords: z.array(text).default([]),
        /** Most taxonomy categories guessed per paper from its text (scripts/pipeline/categorize.ts). */
        maxCategories: intIn(1, 20).default(3),
      })
      .prefault({}),
    writer: z
      .strictObject({
        /** `extractive` needs no key and is the default; `llm` uses an OpenAI-compatible endpoint. Overridden by BRIEFING_WRITER. */
        kind: z.enum(['extractive', 'llm'], { error: 'expected "extractive" or "llm"' }).default('extractive'),
        /**
         * Who serves the LLM writer. `openai`: any OpenAI-compatible endpoint (`baseUrl`, default api.openai.com)
         * with OPENAI_API_KEY. `github-models`: GitHub Models (`githubModels` below), free within its limits,
         * with GITHUB_TOKEN (in Actions the run's own token; the job needs `permissions: models: read`).
         * Overridden by BRIEFING_PROVIDER; the daily workflow picks `github-models` when no OPENAI_API_KEY secret is set.
         */
        provider: z.enum(['openai', 'github-models'], { error: 'expected "openai" or "github-models"' }).default('openai'),
        /** Model name for the `openai` provider. Overridden by BRIEFING_MODEL (for the provider in use). */
        model: text.default('gpt-4o-mini'),
        /** OpenAI-compatible base URL; unset means the SDK default. Overridden by OPENAI_BASE_URL. */
        baseUrl: httpUrl.optional(),
        /**
         * GitHub Models (provider `github-models`): an OpenAI-compatible chat-completions API. The defaults are
         * the free tier of a "low" model such as openai/gpt-4.1-mini: 150 requests a day, 8,000 input and 4,000
         * output tokens a request, 5 at once, 15 a minute. The writer plans the day's calls to fit (scripts/writers/plan.ts):
         * it counts them before making any, shrinks each prompt under `maxInputTokens`, and when GitHub answers
         * 429 (limit reached) or 403 (no access) it writes the rest of the run extractively and says so.
         */
        githubModels: z
          .strictObject({
            /** Model name as GitHub Models spells it, `publisher/name`. Overridden by BRIEFING_MODEL when this provider is in use. */
            model: text.default('openai/gpt-4.1-mini'),
            /** The inference endpoint (the SDK adds /chat/completions). Overridden by GITHUB_MODELS_BASE_URL. */
            baseUrl: httpUrl.default('https://models.github.ai/inference'),
            /** Requests one run may make: the free tier's daily limit for low-tier models. */
            requestsPerRun: intIn(0).default(150),
            /** Input tokens one request may carry (the free tier's limit); prompts are shrunk to fit. */
            maxInputTokens: intIn(500).default(8_000),
            /** Output tokens one request may ask for (the free tier's limit). */
            maxOutputTokens: intIn(100).default(4_000),
            /** Requests at once (the free tier allows 5 concurrent, 15 a minute). */
            concurrency: intIn(1, 5).default(2),
          })
          .prefault({}),
        /** How many top-ranked papers get a full write-up; the rest go into the "others" table. */
        topK: intIn(0, 200).default(10),
        /** Concurrent LLM requests. */
        concurrency: intIn(1, 64).default(4),
        /**
         * Per-run budget: stop calling the LLM (and fall back to extractive) past any limit. Every HTTP attempt
         * counts (a retried call costs each of its attempts), and so does every request of a `backfill --batch`.
         * `requests` unset: no request limit beyond the provider's (githubModels.requestsPerRun).
         */
        budget: z.strictObject({ papers: intIn(0).default(40), tokens: intIn(0).default(400_000), requests: intIn(0).optional() }).prefault({}),
        /** Per-request timeout for the LLM. */
        timeoutMs: intIn(1).default(120_000),
        /** Bump when prompts change, so cached results are not reused across prompt versions. */
        promptVersion: text.default('2'),
        /** Retries of a failed LLM request (429, 5xx, timeouts, resets), done by the openai SDK with backoff. */
        maxRetries: intIn(0, 10).default(3),
        /** Output token cap of one LLM answer (a paper's write-up or the day's overview). */
        maxOutputTokens: intIn(1).default(2_000),
        /** OpenAI Batch API (backfill `--batch`): how often to poll, and the longest a run waits for a batch. */
        batch: z.strictObject({ pollIntervalMs: intIn(1).default(30_000), maxWaitMs: intIn(0).default(6 * 60 * 60_000) }).prefault({}),
      })
      .prefault({}),
    archive: z
      .strictObject({
        /** The briefings, one MDX file per day. Relative to the project root. Overridden by BRIEFINGS_DIR. */
        briefingsDir: text.default('content/briefings'),
        /** Raw responses each day was built from (replayable snapshots). */
        rawDir: text.default('content/raw'),
        /** Caches (LLM results, GitHub ETags) that can be deleted at any time. */
        cacheDir: text.default('.cache/paper-briefing'),
        /**
         * The run log (JSON Lines, schema in src/schema/run.ts): one record per day each daily run worked on,
         * failed or not, so the status page can explain a day without a briefing. Overridden by RUNS_LOG.
         */
        runsLog: text.default('content/runs.jsonl'),
      })
      .prefault({}),
    status: z
      .strictObject({
        /** Days of history the /status/ page shows. */
        days: intIn(1, 3650).default(30),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.taxonomy.forEach((category, i) => {
      if (seen.has(category.slug)) ctx.addIssue({ code: 'custom', path: ['taxonomy', i, 'slug'], message: 'duplicate category slug', input: category.slug });
      seen.add(category.slug);
    });
    if (!seen.has('other')) ctx.addIssue({ code: 'custom', path: ['taxonomy'], message: 'expected a category with slug "other" (papers that fit no category go there)' });
  });

/** What `briefing.config.ts` says: every field with a default may be left out. */
export type BriefingSettings = z.input<typeof configSchema>;
/** The reader of a resolved config: the profile file (absolute) and what it says. */
export type ResolvedReader = ReaderProfile & { file: string };
/** The resolved config every page, script, writer and renderer receives (the reader profile loaded). */
export type BriefingConfig = Omit<z.output<typeof configSchema>, 'reader'> & { reader: ResolvedReader };
export type SourcesConfig = BriefingConfig['sources'];
export type HttpConfig = SourcesConfig['http'];
export type WindowConfig = BriefingConfig['window'];

/** Names of the paper sources (keys of `sources.papers`), for BRIEFING_SOURCES. */
const PAPER_SOURCE_NAMES = Object.keys(sourcesSchema.shape.papers.unwrap().shape) as Array<keyof SourcesConfig['papers']>;

/** Typed identity for `briefing.config.ts`: the editor shows each field's documentation and default. */
export function defineConfig(settings: BriefingSettings): BriefingSettings {
  return settings;
}

// ---------------------------------------------------------------------------------------------------
// Environment overrides: deployment and one-off runs. An empty value is the same as an unset one (a
// missing GitHub secret arrives as ""), except for the two folders, where "" is a mistake worth naming.
// ---------------------------------------------------------------------------------------------------

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  /** Where the site is served; a path in it becomes the base path unless BASE_PATH says otherwise. */
  SITE_URL: optional(httpUrl.refine((v) => isHttpUrl(v) && isSafeBasePath(new URL(v).pathname), { error: `expected an http(s) URL whose path is ${BASE_PATH_RULE.replace(/^expected /, '')}` })),
  BASE_PATH: optional(basePath),
  BRIEFING_MODEL: optional(text),
  OPENAI_BASE_URL: optional(httpUrl),
  BRIEFING_WRITER: optional(z.enum(['llm', 'extractive'], { error: 'expected "llm" or "extractive"' })),
  BRIEFING_PROVIDER: optional(z.enum(['openai', 'github-models'], { error: 'expected "openai" or "github-models"' })),
  /** GitHub Models' endpoint (tests point it at a local server). */
  GITHUB_MODELS_BASE_URL: optional(httpUrl),
  BRIEFINGS_DIR: text.optional(),
  RUNS_LOG: text.optional(),
  /** Comma list of paper sources to run instead of the enabled ones, e.g. `huggingface,arxiv-listing`. */
  BRIEFING_SOURCES: optional(
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .refine((names) => names.length > 0, { error: `expected a comma list of paper sources (${PAPER_SOURCE_NAMES.join(', ')})` })
      .refine((names) => names.every((n) => (PAPER_SOURCE_NAMES as string[]).includes(n)), {
        error: (iss) => {
          const unknown = (iss.input as string[]).filter((n) => !(PAPER_SOURCE_NAMES as string[]).includes(n));
          return `unknown paper source ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known: ${PAPER_SOURCE_NAMES.join(', ')}`;
        },
      }),
  ),
  /** Origins of the APIs, so tests and mirrors need no config edit. */
  HF_BASE_URL: optional(httpUrl),
  ARXIV_BASE_URL: optional(httpUrl),
  GITHUB_API_URL: optional(httpUrl),
  /** Another reader profile (relative paths resolve against the working directory). */
  READER_FILE: text.optional(),
  /** `owner/name` of the repository (set by GitHub Actions): site.repository for the feedback page. */
  GITHUB_REPOSITORY: optional(repository),
});

/** The environment variables the config reads (secrets are not among them: clients read those directly). */
const CONFIG_ENV_VARS = Object.keys(envSchema.shape) as Array<keyof typeof envSchema.shape>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

/** One line per issue: `field.path: message, got value` (`where` prefixes the field, e.g. nothing or the variable). */
function issueLines(error: z.ZodError, raw: unknown, prefix: (path: PropertyKey[]) => string): string[] {
  return error.issues.map((issue) => {
    const field = prefix(issue.path);
    if (issue.code === 'unrecognized_keys') return `${field}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    // The value as written, at the issue's path (zod's `input` may be a transformed one, or absent).
    let value: unknown = raw;
    for (const key of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    const message = issue.code === 'invalid_type' && !/^expected /.test(issue.message) ? `expected ${issue.expected}` : issue.message;
    return `${field}: ${message}, got ${shown(value ?? issue.input)}`;
  });
}

const dotted = (path: PropertyKey[]): string => (path.length ? path.map(String).join('.') : '(root)');

/**
 * The resolved config: the settings validated and completed with defaults, the environment's overrides
 * applied, and the reader profile loaded (`reader.file` relative to `root`, the project root; READER_FILE
 * relative to the working directory). Pass the settings (the default export of briefing.config.ts) and
 * `process.env`. Throws a ConfigError listing every problem, each naming the field or variable (or the
 * profile's file and field) and the value.
 */
export function resolveConfig(settings: unknown, env: Record<string, string | undefined> = {}, file = 'briefing.config.ts', root: string = projectRoot()): BriefingConfig {
  const parsed = configSchema.safeParse(settings, { reportInput: true });
  const known = Object.fromEntries(CONFIG_ENV_VARS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  const overrides = envSchema.safeParse(known, { reportInput: true });
  const problems = [
    ...(parsed.success ? [] : issueLines(parsed.error, settings, dotted).map((l) => `${file}: ${l}`)),
    ...(overrides.success ? [] : issueLines(overrides.error, known, (p) => String(p[0] ?? '(environment)'))),
  ];
  if (!parsed.success || !overrides.success) throw new ConfigError(`invalid config:\n  ${problems.join('\n  ')}`);
  const c = structuredClone(parsed.data);
  const e = overrides.data;
  if (e.SITE_URL) {
    const url = new URL(e.SITE_URL);
    c.site.url = url.origin;
    // configure-pages gives the full URL including the project path; use it unless BASE_PATH says otherwise.
    if (!e.BASE_PATH && url.pathname !== '/') c.site.basePath = normalizeBasePath(url.pathname);
  }
  if (e.BASE_PATH) c.site.basePath = e.BASE_PATH;
  if (e.GITHUB_REPOSITORY) c.site.repository = e.GITHUB_REPOSITORY;
  if (e.BRIEFING_PROVIDER) c.writer.provider = e.BRIEFING_PROVIDER;
  if (e.BRIEFING_MODEL) {
    if (c.writer.provider === 'github-models') c.writer.githubModels.model = e.BRIEFING_MODEL;
    else c.writer.model = e.BRIEFING_MODEL;
  }
  if (e.OPENAI_BASE_URL) c.writer.baseUrl = e.OPENAI_BASE_URL;
  if (e.GITHUB_MODELS_BASE_URL) c.writer.githubModels.baseUrl = e.GITHUB_MODELS_BASE_URL;
  if (e.BRIEFING_WRITER) c.writer.kind = e.BRIEFING_WRITER;
  if (e.BRIEFINGS_DIR !== undefined) c.archive.briefingsDir = e.BRIEFINGS_DIR;
  if (e.RUNS_LOG !== undefined) c.archive.runsLog = e.RUNS_LOG;
  if (e.BRIEFING_SOURCES) for (const name of PAPER_SOURCE_NAMES) c.sources.papers[name].enabled = e.BRIEFING_SOURCES.includes(name);
  if (e.HF_BASE_URL) c.sources.papers.huggingface.baseUrl = c.sources.follow['hf-trending'].baseUrl = e.HF_BASE_URL;
  if (e.ARXIV_BASE_URL) c.sources.facts.arxiv.baseUrl = c.sources.papers['arxiv-listing'].baseUrl = e.ARXIV_BASE_URL;
  if (e.GITHUB_API_URL) c.sources.facts.github.baseUrl = e.GITHUB_API_URL;
  const readerFile = e.READER_FILE !== undefined ? path.resolve(e.READER_FILE) : path.resolve(root, c.reader.file);
  try {
    return { ...c, reader: { ...loadReaderProfile(readerFile), file: readerFile } };
  } catch (error) {
    if (error instanceof ReaderProfileError) throw new ConfigError(`${e.READER_FILE !== undefined ? 'READER_FILE' : `${file}: reader.file`}: ${error.message}`);
    throw error;
  }
}
