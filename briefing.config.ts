/**
 * paper-briefing: the one configuration file, the only file you edit to make the archive yours.
 *
 * It holds what is particular to *this* archive: the site, the reader and their research interests, the
 * category taxonomy, languages, timezone, which sources run, the writer and its budget. Every field is
 * typed and documented, and every field not written here takes its default: hover a field in your editor,
 * or read src/schema/config.ts, which is where the defaults live and where this file is validated (a typo,
 * an unknown field or a nonsense number fails `npm run brief` and `npm run build` with the field and value).
 *
 * Environment variables override a few fields for a deployment or a one-off run (see the README):
 *   SITE_URL, BASE_PATH                where the site is served (GitHub Pages sets both)
 *   BRIEFING_WRITER, BRIEFING_MODEL, OPENAI_BASE_URL   the writer and the LLM endpoint
 *   BRIEFING_PROVIDER, GITHUB_MODELS_BASE_URL   `openai` or `github-models` (writer.provider), and the latter's endpoint
 *   BRIEFINGS_DIR, RUNS_LOG            another archive folder / run log
 *   BRIEFING_SOURCES                   which paper sources run, e.g. `huggingface,arxiv-listing`
 *   HF_BASE_URL, ARXIV_BASE_URL, GITHUB_API_URL   the API origins (mirrors, local test servers)
 *   READER_FILE                        another reader profile (YAML), e.g. for a test or a second reader
 * Secrets (OPENAI_API_KEY, GITHUB_TOKEN) are read by the clients from the environment only; they are never
 * part of the config, never logged and never written.
 *
 * Code never imports this file for values: the site reads `config` from src/config.ts and the scripts call
 * `loadConfig(env)` from lib/config.ts; both resolve it through the schema with the environment applied.
 */
import { defineConfig, type BriefingSettings } from './src/schema/config.ts';

/** Types for code that describes the config (kept here so older imports keep working). */
export type { BriefingConfig, Category, Interest, Language, SourcesConfig, WindowConfig } from './src/schema/config.ts';

/** The taxonomy, drawn from the categories the seed briefings use. `other` must stay last. */
const taxonomy: BriefingSettings['taxonomy'] = [
  { slug: 'llm-agent', zh: 'LLM 智能体', en: 'LLM Agent', descriptionZh: '语言模型智能体：规划、行动、多智能体系统与智能体训练。', description: 'Language-model agents: planning, acting, multi-agent systems and agent training.', keywords: ['agent', 'agentic', 'multi-agent', 'autonomous agent', 'llm agent', 'language agent'] },
  { slug: 'tool-use', zh: '工具调用', en: 'Tool-use', descriptionZh: '调用工具、API 与函数的模型，以及相应的环境。', description: 'Models that call tools, APIs and functions, and the environments for it.', keywords: ['tool use', 'tool-use', 'tool calling', 'function calling', 'api call', 'mcp'] },
  { slug: 'code-agent', zh: '代码智能体', en: 'Code Agent', descriptionZh: '代码生成、软件工程智能体、终端与代码仓库。', description: 'Code generation, software-engineering agents, terminals and repositories.', keywords: ['code generation', 'code agent', 'coding agent', 'coding task', 'coding benchmark', 'code llm', 'code model', 'software engineering', 'swe-bench', 'program synthesis', 'program repair', 'terminal', 'repository-level', 'competitive programming'] },
  { slug: 'gui-agent', zh: 'GUI/电脑操作智能体', en: 'GUI/Computer-use Agent', descriptionZh: '操作图形界面、浏览器、手机与电脑的智能体。', description: 'Agents that operate graphical interfaces, browsers, phones and computers.', keywords: ['gui', 'computer-use', 'computer use', 'web agent', 'browser', 'mobile agent', 'phone-use', 'web navigation', 'screenshot'] },
  { slug: 'post-training-rl', zh: '后训练 RL', en: 'Post-training RL', descriptionZh: '预训练之后的强化学习与偏好优化：RLHF、RLVR、GRPO、蒸馏。', description: 'Reinforcement learning and preference optimisation after pretraining: RLHF, RLVR, GRPO, distillation.', keywords: ['reinforcement learning', 'rlhf', 'rlvr', 'grpo', 'ppo', 'dpo', 'preference optimization', 'reward model', 'policy optimization', 'post-training', 'distillation'] },
  { slug: 'reasoning', zh: '推理与测试时扩展', en: 'Reasoning & Test-time Scaling', descriptionZh: '思维链、推理模型、测试时计算与高效推理。', description: 'Chain-of-thought, reasoning models, test-time compute and efficient reasoning.', keywords: ['reasoning model', 'chain-of-thought', 'chain of thought', 'test-time scaling', 'test-time compute', 'mathematical reasoning', 'math reasoning', 'multi-step reasoning', 'long cot', 'thinking'] },
  { slug: 'latent-reasoning', zh: '潜空间推理', en: 'Latent Reasoning', descriptionZh: '在隐状态中推理：潜在思维、循环、looped 与递归模型。', description: 'Reasoning in hidden states: latent thoughts, recurrence, looped and recursive models.', keywords: ['latent reasoning', 'latent thought', 'continuous thought', 'implicit reasoning', 'hidden state', 'hidden representation', 'looped', 'recurrent depth', 'recursive reasoning'] },
  { slug: 'world-model', zh: '世界模型与基于模型的 RL', en: 'World Model & Model-based RL', descriptionZh: '世界模型、模拟器与基于模型的强化学习。', description: 'World models, simulators and model-based reinforcement learning.', keywords: ['world model', 'model-based rl', 'model-based reinforcement learning', 'model-based planning', 'dreamer', 'world simulator', 'learned simulator', 'dynamics model'] },
  { slug: 'memory', zh: '记忆', en: 'Memory', descriptionZh: '模型与智能体的长期记忆、上下文管理与 KV cache 状态。', description: 'Long-term memory, context management and KV-cache state for models and agents.', keywords: ['long-term memory', 'agent memory', 'episodic memory', 'working memory', 'memory-augmented', 'memory bank', 'memory module', 'long context', 'context management', 'kv cache'] },
  { slug: 'evaluation', zh: '评测与基准', en: 'Evaluation & Benchmarks', descriptionZh: '基准、评测方法与模型能力分析。', description: 'Benchmarks, evaluation methods and analyses of model capability.', keywords: ['benchmark', 'leaderboard', 'evaluation framework', 'evaluation protocol', 'evaluation suite', 'meta-evaluation'] },
  { slug: 'pretraining-data', zh: '预训练数据', en: 'Pretraining Data', descriptionZh: '数据收集、合成、过滤、去重与数据质量。', description: 'Data collection, synthesis, filtering, deduplication and data quality.', keywords: ['pretraining data', 'pre-training data', 'training data', 'data quality', 'synthetic data', 'data curation', 'data mixture', 'data selection', 'data filtering', 'deduplication'] },
  { slug: 'continual-learning', zh: '持续学习', en: 'Continual Learning', descriptionZh: '持续与终身学习、遗忘、自演化与高效适配。', description: 'Continual and lifelong learning, forgetting, self-evolving and efficient adaptation.', keywords: ['continual learning', 'lifelong', 'catastrophic forgetting', 'self-evolving', 'self-improving', 'lora', 'parameter-efficient'] },
  { slug: 'training-mechanism', zh: '训练机制与扩展律', en: 'Training Mechanism & Scaling', descriptionZh: '能力如何形成：扩展律、优化与训练过程的可解释性。', description: 'How capabilities form: scaling laws, optimisation, interpretability of training.', keywords: ['scaling law', 'pretraining', 'optimizer', 'training dynamics', 'interpretability', 'mechanistic'] },
  { slug: 'systems', zh: '系统与效率', en: 'Systems & Efficiency', descriptionZh: '训练与推理系统、量化、投机解码（speculative decoding）、推理服务与效率。', description: 'Training and inference systems, quantisation, speculative decoding, serving and efficiency.', keywords: ['inference efficiency', 'efficient inference', 'efficient training', 'throughput', 'latency', 'quantization', 'speculative decoding', 'serving', 'kernel', 'pruning', 'sparse attention', 'distributed training', 'gpu'] },
  { slug: 'safety', zh: '安全与对齐', en: 'Safety', descriptionZh: '安全、对齐、鲁棒性、越狱与可信 AI。', description: 'Safety, alignment, robustness, jailbreaks and trustworthy AI.', keywords: ['safety', 'ai alignment', 'safety alignment', 'value alignment', 'misalignment', 'misaligned', 'jailbreak', 'harmful', 'red teaming', 'adversarial robustness', 'hallucination', 'privacy', 'toxicity', 'backdoor', 'data poisoning', 'adversarial attack'] },
  { slug: 'retrieval', zh: '检索增强', en: 'Retrieval', descriptionZh: '检索增强生成（RAG）、搜索、向量表示与深度研究。', description: 'Retrieval-augmented generation (RAG), search, embeddings and deep research.', keywords: ['retrieval', 'rag', 'retrieval-augmented', 'web search', 'search engine', 'search agent', 'text embedding', 'embedding model', 'deep research', 'reranking', 'dense retrieval', 'retriever'] },
  { slug: 'multimodal', zh: '多模态', en: 'Multimodal', descriptionZh: '视觉-语言与全模态模型及其理解能力。', description: 'Vision-language and omni-modal models and their understanding abilities.', keywords: ['multimodal', 'vision-language', 'vlm', 'mllm', 'omni', 'visual question'] },
  { slug: 'vision-generation', zh: '视觉与生成', en: 'Vision & Generation', descriptionZh: '图像与视频生成、扩散模型与计算机视觉。', description: 'Image and video generation, diffusion models and computer vision.', keywords: ['diffusion', 'image generation', 'video generation', 'visual generation', 'image editing', 'video editing', 'text-to-image', 'text-to-video', 'vae', 'segmentation', '3d'] },
  { slug: 'speech-audio', zh: '语音与音频', en: 'Speech & Audio', descriptionZh: '语音识别与合成、音频与音乐模型。', description: 'Speech recognition and synthesis, audio and music models.', keywords: ['speech', 'audio', 'asr', 'tts', 'text-to-speech', 'music', 'voice'] },
  { slug: 'embodied', zh: '具身与机器人', en: 'Embodied & Robotics', descriptionZh: '机器人、具身智能体、操作、导航与自动驾驶。', description: 'Robotics, embodied agents, manipulation, navigation and autonomous driving.', keywords: ['robot', 'robotics', 'embodied', 'manipulation', 'robot navigation', 'visual navigation', 'autonomous driving', 'vla'] },
  { slug: 'other', zh: '其他', en: 'Other', descriptionZh: '不属于其他类别的论文。', description: 'Everything that fits no other category.', keywords: [] },
];

export default defineConfig({
  site: {
    title: 'Paper Briefing',
    description: '每日 AI/LLM 论文与研究热点简报 — daily AI/LLM research briefings',
    url: 'https://example.github.io',
    basePath: '/',
    author: 'paper-briefing',
    language: 'zh-CN',
  },
  language: 'zh-CN',
  timezone: 'Asia/Shanghai',
  reader: { file: 'content/reader.yml' },
  taxonomy,
  sources: {
    papers: {
      huggingface: { enabled: true },
      // arXiv's new submissions in these categories, merged with Hugging Face by arXiv id (200–500 a day).
      'arxiv-listing': { enabled: false, categories: ['cs.CL', 'cs.AI', 'cs.LG'], maxPerDay: 300 },
    },
    facts: { arxiv: { enabled: true }, github: { enabled: true } },
    follow: { 'hf-trending': { enabled: true, limit: 10 } },
  },
  // A paper any earlier briefing listed is not listed again; it comes back once, marked, when its upvotes at least
  // doubled and rose by 20 or more since (README "Repeats").
  window: { minPapers: 10, maxDays: 7, back: { ratio: 2, minRise: 20 } },
  ranking: { relevance: 0.6, upvotes: 0.3, recency: 0.1, negativeKeywords: [], maxCategories: 3 },
  writer: { kind: 'extractive', model: 'gpt-4o-mini', topK: 10, budget: { papers: 40, tokens: 400_000 } },
});
