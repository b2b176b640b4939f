/**
 * paper-briefing: the one configuration file.
 *
 * Everything the site and the pipeline need to know about *this* archive lives here: the site, the
 * reader and their research interests, the category taxonomy, language, timezone, sources, the
 * writer/model and budgets. Pages and scripts import `config` (or `resolveConfig(env)`) and never
 * hard-code these values.
 *
 * Environment variables override a few deployment-specific fields (see `resolveConfig`):
 *   SITE_URL, BASE_PATH      where the site is served (GitHub Pages sets both)
 *   BRIEFING_MODEL           the LLM model name
 *   OPENAI_BASE_URL          an OpenAI-compatible endpoint
 *   BRIEFING_WRITER          "llm" or "extractive"
 *   BRIEFINGS_DIR            the archive folder the site is built from (tests and benchmarks point it at a
 *                            generated archive; relative paths resolve against the working directory)
 *   RUNS_LOG                 the run log the status page reads (same use and resolution as BRIEFINGS_DIR)
 *   READER_FILE              another reader profile (relative paths resolve against the working directory)
 * Secrets (OPENAI_API_KEY, GITHUB_TOKEN) are read by the clients from the environment only; they are
 * never part of the config object, never logged and never written.
 */
import path from 'node:path';

/** UI and output languages the project supports. */
export type Language = 'zh-CN' | 'en';

/** One research interest of the reader: defined in the reader profile (scripts/rank/profile.ts). */
export type { Interest } from './scripts/rank/profile.ts';

/**
 * Where the reader is described. The profile is data, not config: the reader's name, research interests,
 * topics they do not follow, liked and disliked papers and who may send feedback live in a YAML file
 * (README "The reader profile"), validated by scripts/rank/profile.ts.
 */
export interface ReaderConfig {
  /** The reader profile (YAML), relative to the project root. Overridden by READER_FILE. */
  file: string;
}

/** One category of the taxonomy. Slugs appear in frontmatter, URLs and filters. */
export interface Category {
  /** URL-safe slug: lowercase letters, digits and hyphens. */
  slug: string;
  /** Chinese label. */
  zh: string;
  /** English label. */
  en: string;
  /** One-line description in English (shown on the category page and in its feed). */
  description: string;
  /** One-line description in Chinese. */
  descriptionZh: string;
  /**
   * Keywords that name the topic, used to guess a paper's categories from its title and abstract (title hits
   * count double). Avoid words every abstract uses ("code is available", "evaluation", "reasoning").
   */
  keywords: string[];
}

export interface SiteConfig {
  /** Site title, shown in the header, feeds and Open Graph tags. */
  title: string;
  /** One-line description for meta tags and feeds. */
  description: string;
  /** Absolute origin the site is served from (no trailing path). Overridden by SITE_URL. */
  url: string;
  /** Base path, `/` at a domain root or `/<repo>/` for a GitHub Pages project site. Overridden by BASE_PATH. */
  basePath: string;
  /** Author/owner shown in feeds. */
  author: string;
  /** Language of the UI strings (each briefing also carries its own language). */
  language: Language;
  /** Papers per page on category pages. */
  categoryPageSize: number;
  /**
   * Write-up sections kept out of the search index, by kind (`sectionKind` in src/schema/briefing.ts).
   * Titles, categories, headlines, one-line contributions, notes and the day's own sections are always
   * indexed. The standard commentary sections are most of a day's text and repeat the reader's interests
   * on every paper, so over years a query for a common term downloads their postings from every day: at
   * 3,650 days "世界模型" would cost ~360 KB instead of ~250 KB (see `npm run bench`). Sections with a
   * custom heading (imports) stay indexed. An empty list indexes everything, fine for a small archive.
   */
  unindexedSections: Array<'why' | 'relation' | 'usage' | 'innovations' | 'results' | 'note' | 'domain' | 'other'>;
  /** Days in the main RSS feed. */
  feedDays: number;
  /** Items in each category feed. */
  categoryFeedItems: number;
}

export interface SourcesConfig {
  huggingFace: {
    enabled: boolean;
    /** API origin, e.g. https://huggingface.co */
    baseUrl: string;
    /**
     * Items requested per page of /api/daily_papers. Paging stops at the first short page, so this must not
     * exceed what the API serves per page: 50 is its default (recorded days top out at exactly 50), hence safe.
     */
    pageSize: number;
    /** Fetch HF trending models and datasets as "to follow" candidates. */
    trending: boolean;
    /** How many trending models and how many trending datasets to fetch. */
    trendingLimit: number;
  };
  arxiv: {
    enabled: boolean;
    /** Query endpoint origin, e.g. https://export.arxiv.org */
    baseUrl: string;
    /** Ids per id_list request (arXiv allows up to 100 comfortably). */
    batchSize: number;
    /** Minimum spacing between two requests, as arXiv's terms ask (3 s). */
    minIntervalMs: number;
  };
  github: {
    enabled: boolean;
    /** REST API origin, e.g. https://api.github.com */
    baseUrl: string;
  };
  /** Network behaviour shared by every source. */
  http: {
    connectTimeoutMs: number;
    headersTimeoutMs: number;
    bodyTimeoutMs: number;
    /** Retries after the first attempt for retryable failures (429, 5xx, timeouts, resets). */
    retries: number;
    /** Base delay of the exponential backoff. */
    backoffBaseMs: number;
    /** Longest single wait, including a server's Retry-After; longer waits fail the request instead. */
    maxWaitMs: number;
    /** User-Agent sent with every request. */
    userAgent: string;
    /** Requests in flight per host (arXiv is always one connection, one request per `minIntervalMs`). */
    concurrencyPerHost: number;
  };
}

export interface WindowConfig {
  /** When fewer papers than this remain for a day, widen the window backwards. */
  minPapers: number;
  /** The furthest back (in listing days) a widened window may reach. */
  maxDays: number;
  /** Papers featured within this many days are listed as "already covered" rather than featured again. */
  dedupeDays: number;
}

export interface RankingConfig {
  /** Weight of interest relevance (0..1 score). */
  relevance: number;
  /** Weight of community signal (log-scaled upvotes). */
  upvotes: number;
  /** Weight of recency within the window. */
  recency: number;
  /** Keywords that push a paper down (matched like interest keywords). */
  negativeKeywords: string[];
  /** Most taxonomy categories guessed per paper from its text (scripts/pipeline/categorize.ts). */
  maxCategories: number;
}

export interface WriterConfig {
  /** `extractive` needs no key and is the default; `llm` uses an OpenAI-compatible endpoint. */
  kind: 'extractive' | 'llm';
  /** Model name for the LLM writer. Overridden by BRIEFING_MODEL. */
  model: string;
  /** OpenAI-compatible base URL; undefined means the SDK default. Overridden by OPENAI_BASE_URL. */
  baseUrl?: string;
  /** How many top-ranked papers get a full write-up; the rest go into the "others" table. */
  topK: number;
  /** Concurrent LLM requests. */
  concurrency: number;
  /** Per-run budget: stop calling the LLM (and fall back to extractive) past either limit. */
  budget: { papers: number; tokens: number };
  /** Per-request timeout for the LLM. */
  timeoutMs: number;
  /** Bump when prompts change, so cached results are not reused across prompt versions. */
  promptVersion: string;
  /** Retries of a failed LLM request (429, 5xx, timeouts, resets), done by the openai SDK with backoff. */
  maxRetries: number;
  /** Output token cap of one LLM answer (a paper's write-up or the day's overview). */
  maxOutputTokens: number;
  /** OpenAI Batch API (backfill `--batch`): how often to poll, and the longest a run waits for a batch. */
  batch: { pollIntervalMs: number; maxWaitMs: number };
}

export interface ArchiveConfig {
  /** The briefings, one MDX file per day. Relative to the project root. Overridden by BRIEFINGS_DIR. */
  briefingsDir: string;
  /** Raw responses each day was built from (replayable snapshots). */
  rawDir: string;
  /** Caches (LLM results, GitHub ETags) that can be deleted at any time. */
  cacheDir: string;
  /**
   * The run log (JSON Lines, schema in src/schema/run.ts): one record per day each daily run worked on,
   * failed or not, so the status page can explain a day without a briefing. Overridden by RUNS_LOG.
   */
  runsLog: string;
}

export interface StatusConfig {
  /** Days of history the /status/ page shows. */
  days: number;
}

export interface BriefingConfig {
  site: SiteConfig;
  /** Output language of new briefings. */
  language: Language;
  /** IANA timezone that defines "today" for the daily run and dates on the site. */
  timezone: string;
  reader: ReaderConfig;
  taxonomy: Category[];
  sources: SourcesConfig;
  window: WindowConfig;
  ranking: RankingConfig;
  writer: WriterConfig;
  archive: ArchiveConfig;
  status: StatusConfig;
}

/** The taxonomy, drawn from the categories the seed briefings use. `other` must stay last. */
const taxonomy: Category[] = [
  { slug: 'llm-agent', zh: 'LLM 智能体', en: 'LLM Agent', descriptionZh: '语言模型智能体:规划、行动、多智能体系统与智能体训练。', description: 'Language-model agents: planning, acting, multi-agent systems and agent training.', keywords: ['agent', 'agentic', 'multi-agent', 'autonomous agent', 'llm agent', 'language agent'] },
  { slug: 'tool-use', zh: '工具调用', en: 'Tool-use', descriptionZh: '调用工具、API 与函数的模型,以及相应的环境。', description: 'Models that call tools, APIs and functions, and the environments for it.', keywords: ['tool use', 'tool-use', 'tool calling', 'function calling', 'api call', 'mcp'] },
  { slug: 'code-agent', zh: '代码智能体', en: 'Code Agent', descriptionZh: '代码生成、软件工程智能体、终端与代码仓库。', description: 'Code generation, software-engineering agents, terminals and repositories.', keywords: ['code generation', 'code agent', 'coding agent', 'coding task', 'coding benchmark', 'code llm', 'code model', 'software engineering', 'swe-bench', 'program synthesis', 'program repair', 'terminal', 'repository-level', 'competitive programming'] },
  { slug: 'gui-agent', zh: 'GUI/电脑操作智能体', en: 'GUI/Computer-use Agent', descriptionZh: '操作图形界面、浏览器、手机与电脑的智能体。', description: 'Agents that operate graphical interfaces, browsers, phones and computers.', keywords: ['gui', 'computer-use', 'computer use', 'web agent', 'browser', 'mobile agent', 'phone-use', 'web navigation', 'screenshot'] },
  { slug: 'post-training-rl', zh: '后训练 RL', en: 'Post-training RL', descriptionZh: '预训练之后的强化学习与偏好优化:RLHF、RLVR、GRPO、蒸馏。', description: 'Reinforcement learning and preference optimisation after pretraining: RLHF, RLVR, GRPO, distillation.', keywords: ['reinforcement learning', 'rlhf', 'rlvr', 'grpo', 'ppo', 'dpo', 'preference optimization', 'reward model', 'policy optimization', 'post-training', 'distillation'] },
  { slug: 'reasoning', zh: '推理与测试时扩展', en: 'Reasoning & Test-time Scaling', descriptionZh: '思维链、推理模型、测试时计算与高效推理。', description: 'Chain-of-thought, reasoning models, test-time compute and efficient reasoning.', keywords: ['reasoning model', 'chain-of-thought', 'chain of thought', 'test-time scaling', 'test-time compute', 'mathematical reasoning', 'math reasoning', 'multi-step reasoning', 'long cot', 'thinking'] },
  { slug: 'latent-reasoning', zh: '潜空间推理', en: 'Latent Reasoning', descriptionZh: '在隐状态中推理:潜在思维、循环、looped 与递归模型。', description: 'Reasoning in hidden states: latent thoughts, recurrence, looped and recursive models.', keywords: ['latent reasoning', 'latent thought', 'continuous thought', 'implicit reasoning', 'hidden state', 'hidden representation', 'looped', 'recurrent depth', 'recursive reasoning'] },
  { slug: 'world-model', zh: '世界模型与基于模型的 RL', en: 'World Model & Model-based RL', descriptionZh: '世界模型、模拟器与基于模型的强化学习。', description: 'World models, simulators and model-based reinforcement learning.', keywords: ['world model', 'model-based rl', 'model-based reinforcement learning', 'model-based planning', 'dreamer', 'world simulator', 'learned simulator', 'dynamics model'] },
  { slug: 'memory', zh: '记忆', en: 'Memory', descriptionZh: '模型与智能体的长期记忆、上下文管理与 KV cache 状态。', description: 'Long-term memory, context management and KV-cache state for models and agents.', keywords: ['long-term memory', 'agent memory', 'episodic memory', 'working memory', 'memory-augmented', 'memory bank', 'memory module', 'long context', 'context management', 'kv cache'] },
  { slug: 'evaluation', zh: '评测与基准', en: 'Evaluation & Benchmarks', descriptionZh: '基准、评测方法与模型能力分析。', description: 'Benchmarks, evaluation methods and analyses of model capability.', keywords: ['benchmark', 'leaderboard', 'evaluation framework', 'evaluation protocol', 'evaluation suite', 'meta-evaluation'] },
  { slug: 'pretraining-data', zh: '预训练数据', en: 'Pretraining Data', descriptionZh: '数据收集、合成、过滤、去重与数据质量。', description: 'Data collection, synthesis, filtering, deduplication and data quality.', keywords: ['pretraining data', 'pre-training data', 'training data', 'data quality', 'synthetic data', 'data curation', 'data mixture', 'data selection', 'data filtering', 'deduplication'] },
  { slug: 'continual-learning', zh: '持续学习', en: 'Continual Learning', descriptionZh: '持续与终身学习、遗忘、自演化与高效适配。', description: 'Continual and lifelong learning, forgetting, self-evolving and efficient adaptation.', keywords: ['continual learning', 'lifelong', 'catastrophic forgetting', 'self-evolving', 'self-improving', 'lora', 'parameter-efficient'] },
  { slug: 'training-mechanism', zh: '训练机制与扩展律', en: 'Training Mechanism & Scaling', descriptionZh: '能力如何形成:扩展律、优化与训练过程的可解释性。', description: 'How capabilities form: scaling laws, optimisation, interpretability of training.', keywords: ['scaling law', 'pretraining', 'optimizer', 'training dynamics', 'interpretability', 'mechanistic'] },
  { slug: 'systems', zh: '系统与效率', en: 'Systems & Efficiency', descriptionZh: '训练与推理系统、量化、解码与效率。', description: 'Training and inference systems, quantisation, decoding and efficiency.', keywords: ['inference efficiency', 'efficient inference', 'efficient training', 'throughput', 'latency', 'quantization', 'speculative decoding', 'serving', 'kernel', 'pruning', 'sparse attention', 'distributed training', 'gpu'] },
  { slug: 'safety', zh: '安全与对齐', en: 'Safety', descriptionZh: '安全、对齐、鲁棒性、越狱与可信 AI。', description: 'Safety, alignment, robustness, jailbreaks and trustworthy AI.', keywords: ['safety', 'ai alignment', 'safety alignment', 'value alignment', 'misalignment', 'misaligned', 'jailbreak', 'harmful', 'red teaming', 'adversarial robustness', 'hallucination', 'privacy', 'toxicity', 'backdoor', 'data poisoning', 'adversarial attack'] },
  { slug: 'retrieval', zh: '检索增强', en: 'Retrieval', descriptionZh: '检索增强生成、搜索、向量表示与深度研究。', description: 'Retrieval-augmented generation, search, embeddings and deep research.', keywords: ['retrieval', 'rag', 'retrieval-augmented', 'web search', 'search engine', 'search agent', 'text embedding', 'embedding model', 'deep research', 'reranking', 'dense retrieval', 'retriever'] },
  { slug: 'multimodal', zh: '多模态', en: 'Multimodal', descriptionZh: '视觉-语言与全模态模型及其理解能力。', description: 'Vision-language and omni-modal models and their understanding abilities.', keywords: ['multimodal', 'vision-language', 'vlm', 'mllm', 'omni', 'visual question'] },
  { slug: 'vision-generation', zh: '视觉与生成', en: 'Vision & Generation', descriptionZh: '图像与视频生成、扩散模型与计算机视觉。', description: 'Image and video generation, diffusion models and computer vision.', keywords: ['diffusion', 'image generation', 'video generation', 'visual generation', 'image editing', 'video editing', 'text-to-image', 'text-to-video', 'vae', 'segmentation', '3d'] },
  { slug: 'speech-audio', zh: '语音与音频', en: 'Speech & Audio', descriptionZh: '语音识别与合成、音频与音乐模型。', description: 'Speech recognition and synthesis, audio and music models.', keywords: ['speech', 'audio', 'asr', 'tts', 'text-to-speech', 'music', 'voice'] },
  { slug: 'embodied', zh: '具身与机器人', en: 'Embodied & Robotics', descriptionZh: '机器人、具身智能体、操作、导航与自动驾驶。', description: 'Robotics, embodied agents, manipulation, navigation and autonomous driving.', keywords: ['robot', 'robotics', 'embodied', 'manipulation', 'robot navigation', 'visual navigation', 'autonomous driving', 'vla'] },
  { slug: 'other', zh: '其他', en: 'Other', descriptionZh: '不属于其他类别的论文。', description: 'Everything that fits no other category.', keywords: [] },
];

/** The defaults. Edit these to make the archive yours. */
export const config: BriefingConfig = {
  site: {
    title: 'Paper Briefing',
    description: '每日 AI/LLM 论文与研究热点简报 — daily AI/LLM research briefings',
    url: 'https://example.github.io',
    basePath: '/',
    author: 'paper-briefing',
    language: 'zh-CN',
    categoryPageSize: 50,
    unindexedSections: ['why', 'relation', 'usage', 'innovations', 'results'],
    feedDays: 50,
    categoryFeedItems: 50,
  },
  language: 'zh-CN',
  timezone: 'Asia/Shanghai',
  reader: { file: 'content/reader.yml' },
  taxonomy,
  sources: {
    huggingFace: { enabled: true, baseUrl: 'https://huggingface.co', pageSize: 50, trending: true, trendingLimit: 10 },
    arxiv: { enabled: true, baseUrl: 'https://export.arxiv.org', batchSize: 100, minIntervalMs: 3000 },
    github: { enabled: true, baseUrl: 'https://api.github.com' },
    http: {
      connectTimeoutMs: 5_000,
      headersTimeoutMs: 15_000,
      bodyTimeoutMs: 30_000,
      retries: 3,
      backoffBaseMs: 500,
      maxWaitMs: 60_000,
      userAgent: 'paper-briefing/0.1 (+https://github.com/paper-briefing/paper-briefing)',
      concurrencyPerHost: 4,
    },
  },
  window: { minPapers: 10, maxDays: 7, dedupeDays: 14 },
  ranking: { relevance: 0.6, upvotes: 0.3, recency: 0.1, negativeKeywords: [], maxCategories: 3 },
  writer: {
    kind: 'extractive',
    model: 'gpt-4o-mini',
    topK: 10,
    concurrency: 4,
    budget: { papers: 40, tokens: 400_000 },
    timeoutMs: 120_000,
    promptVersion: '1',
    maxRetries: 3,
    maxOutputTokens: 2_000,
    batch: { pollIntervalMs: 30_000, maxWaitMs: 6 * 60 * 60_000 },
  },
  archive: { briefingsDir: 'content/briefings', rawDir: 'content/raw', cacheDir: '.cache/paper-briefing', runsLog: 'content/runs.jsonl' },
  status: { days: 30 },
};

/** Normalises a base path to the `/x/y/` form (leading and trailing slash). */
export function normalizeBasePath(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/**
 * The config with deployment overrides from the environment applied. Pure: pass `process.env`.
 * Throws an Error naming the variable when a value is malformed.
 */
export function resolveConfig(env: Record<string, string | undefined> = {}, base: BriefingConfig = config): BriefingConfig {
  const site = { ...base.site };
  if (env.SITE_URL) {
    let url: URL;
    try {
      url = new URL(env.SITE_URL);
    } catch {
      throw new Error(`SITE_URL: not an absolute URL: "${env.SITE_URL}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`SITE_URL: must be http(s): "${env.SITE_URL}"`);
    site.url = url.origin;
    // configure-pages gives the full URL including the project path; use it unless BASE_PATH says otherwise.
    if (!env.BASE_PATH && url.pathname !== '/') site.basePath = normalizeBasePath(url.pathname);
  }
  if (env.BASE_PATH) site.basePath = normalizeBasePath(env.BASE_PATH);
  const writer = { ...base.writer };
  if (env.BRIEFING_MODEL) writer.model = env.BRIEFING_MODEL;
  if (env.OPENAI_BASE_URL) writer.baseUrl = env.OPENAI_BASE_URL;
  if (env.BRIEFING_WRITER) {
    if (env.BRIEFING_WRITER !== 'llm' && env.BRIEFING_WRITER !== 'extractive') {
      throw new Error(`BRIEFING_WRITER: expected "llm" or "extractive", got "${env.BRIEFING_WRITER}"`);
    }
    writer.kind = env.BRIEFING_WRITER;
  }
  const archive = { ...base.archive };
  if (env.BRIEFINGS_DIR !== undefined) {
    if (env.BRIEFINGS_DIR.trim() === '') throw new Error('BRIEFINGS_DIR: must not be empty');
    archive.briefingsDir = env.BRIEFINGS_DIR;
  }
  if (env.RUNS_LOG !== undefined) {
    if (env.RUNS_LOG.trim() === '') throw new Error('RUNS_LOG: must not be empty');
    archive.runsLog = env.RUNS_LOG;
  }
  let reader = base.reader;
  if (env.READER_FILE !== undefined) {
    if (env.READER_FILE.trim() === '') throw new Error('READER_FILE: must not be empty');
    reader = { ...base.reader, file: path.resolve(env.READER_FILE) };
  }
  return { ...base, site, writer, archive, reader };
}

export default config;
