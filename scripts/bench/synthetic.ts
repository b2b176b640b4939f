/**
 * A synthetic briefing archive: N days × M papers of mixed Chinese and English prose with realistic
 * AI/LLM research vocabulary and valid frontmatter. Deterministic: the same options give byte-identical
 * files (each day draws from its own PRNG seeded by `seed` and the day index, so days are independent).
 *
 * Used by the build tests (a handful of days) and by `npm run bench` (up to 3,650 days).
 *
 *   node scripts/bench/synthetic.ts --days 30 --papers 25 --out /tmp/archive [--seed 1] [--end 2026-05-03]
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../src/config.ts';
import type { BriefingDraft, PaperInput, ProseSection } from '../../src/schema/briefing.ts';
import { addDays, weekdayOf } from '../../lib/dates.ts';
import { fill } from '../../src/i18n/template.ts';
import { writeBriefingFile } from '../mdx/write.ts';

export interface SyntheticOptions {
  /** Number of consecutive days, ending at `end`. */
  days: number;
  /** Papers per day (featured + others). */
  papers: number;
  /** Papers with a full write-up per day (the rest go into the others table). Default: config.writer.topK. */
  featured?: number;
  /** PRNG seed. */
  seed?: number;
  /** The newest day, YYYY-MM-DD. */
  end?: string;
  /** Every n-th day is written in English (the rest in Chinese). 0 = never. Default 7. */
  englishEvery?: number;
}

// ------------------------------------------------------------------------------------------------
// Randomness
// ------------------------------------------------------------------------------------------------

/** mulberry32: small, fast, good enough for test data, and stable across platforms. */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
    return out;
  };
  return { next, int, pick, sample };
}

export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  sample<T>(items: readonly T[], n: number): T[];
}

// ------------------------------------------------------------------------------------------------
// Vocabulary (drawn from the kind of papers the seed briefings cover)
// ------------------------------------------------------------------------------------------------

const SYLLABLES = ['Claw', 'Glimp', 'Tinker', 'Nova', 'Astra', 'Quill', 'Helix', 'Orbit', 'Prism', 'Lumen', 'Vela', 'Cedar', 'Kite', 'Mosaic', 'Forge', 'Drift', 'Echo', 'Pulse', 'Atlas', 'Ember', 'Flux', 'Rune', 'Sage', 'Tide', 'Warp', 'Zeph', 'Loom', 'Morph', 'Sift', 'Vox'];
const SUFFIXES = ['Gym', 'Bench', 'Router', 'RL', 'Agent', 'Eval', 'Mem', 'Coder', 'World', 'Reason', 'Distill', 'Scale', 'Pipe', 'VLA', 'Diff', 'Search', 'Guard', 'Data', 'Loop', 'Net'];

interface Topic {
  category: string[];
  en: { noun: string; task: string; method: string };
  zh: { field: string; problem: string; idea: string };
  benchmarks: string[];
}

const TOPICS: Topic[] = [
  { category: ['llm-agent', 'evaluation'], en: { noun: 'Live Agent Benchmark', task: 'Evolving Real-World Workflows', method: 'refreshable workflow tasks with deterministic graders' }, zh: { field: 'LLM Agent 评测', problem: '静态 benchmark 发布后迅速过时,只看最终答案无法验证 Agent 是否真的完成了环境操作', idea: '把可刷新的需求信号、固定 release snapshot 和 deterministic graders 结合起来' }, benchmarks: ['Claw-Eval', 'WebArena', 'OSWorld'] },
  { category: ['llm-agent', 'pretraining-data', 'tool-use'], en: { noun: 'Synthetic Computers', task: 'Long-Horizon Productivity Simulation', method: 'synthetic file hierarchies and artifact-rich workspaces' }, zh: { field: 'Agent 训练数据', problem: 'Agent 数据生成只停留在合成指令和轨迹,缺少长周期、有状态的用户环境', idea: '合成带真实感文件夹层级和富内容 artifacts 的"合成电脑",在其中运行长时程任务' }, benchmarks: ['TheAgentCompany', 'GAIA', 'τ-bench'] },
  { category: ['post-training-rl', 'llm-agent'], en: { noun: 'Agentic Reinforcement Learning Framework', task: 'Multi-turn Tool Use', method: 'GRPO with trajectory-level verifiable rewards' }, zh: { field: 'Agentic RL', problem: '多轮工具调用的奖励稀疏,rollout 成本高,训练不稳定', idea: '用可验证的轨迹级奖励和并行 rollout pipeline 做 GRPO 训练' }, benchmarks: ['BFCL', 'τ²-bench', 'AppWorld'] },
  { category: ['reasoning', 'systems'], en: { noun: 'Collaborative Inference', task: 'Efficient Chain-of-Thought Reasoning', method: 'entropy-based routing between a small and a large model' }, zh: { field: '推理加速', problem: '长链式思维推理成本高,小模型在认知转折点容易出错', idea: '只探测推理步骤首个 token 的熵来预判难度,在大小模型之间动态分配计算' }, benchmarks: ['AIME25', 'GPQA-Diamond', 'LiveCodeBench'] },
  { category: ['latent-reasoning', 'reasoning'], en: { noun: 'Looped Language Models', task: 'Latent Test-time Scaling', method: 'recurrent depth with iso-depth scaling laws' }, zh: { field: '潜空间推理', problem: '推理扩展只在 token 级链式输出上进行,hidden state 的计算潜力没有被利用', idea: '把推理放到 hidden-state 的循环迭代中,按等深度比较 recurrence 的价值' }, benchmarks: ['GSM8K', 'MATH-500', 'ARC-AGI'] },
  { category: ['code-agent', 'post-training-rl'], en: { noun: 'Self-Evolving Code Agent', task: 'Repository-level Software Engineering', method: 'test-driven self-play with execution feedback' }, zh: { field: '代码智能', problem: '代码 Agent 依赖人工标注的修复轨迹,难以持续自我改进', idea: '让 Agent 自己出题、写测试、执行验证,形成自演化的数据闭环' }, benchmarks: ['SWE-bench Verified', 'Terminal-Bench', 'LiveCodeBench'] },
  { category: ['gui-agent', 'multimodal'], en: { noun: 'Computer-use Agent', task: 'Step-level GUI Control', method: 'screen grounding with step-level credit assignment' }, zh: { field: 'GUI Agent', problem: '电脑操作 Agent 步数多、截图长,错误在长轨迹中累积', idea: '对每一步操作做 grounding 校验和步级 credit assignment' }, benchmarks: ['OSWorld', 'ScreenSpot-Pro', 'AndroidWorld'] },
  { category: ['world-model', 'post-training-rl'], en: { noun: 'World Model', task: 'Model-based Agent Training', method: 'a learned simulator of tool and environment state' }, zh: { field: 'World Model / model-based RL', problem: '真实环境交互昂贵且不可回滚,Agent 难以大规模试错', idea: '学习一个预测工具调用后环境状态变化的世界模型,在想象中做 rollout' }, benchmarks: ['Crafter', 'ALFWorld', 'WebShop'] },
  { category: ['memory', 'llm-agent'], en: { noun: 'Long-term Memory', task: 'Persistent Personal Agents', method: 'hierarchical episodic memory with learned retrieval' }, zh: { field: '记忆', problem: 'Agent 在多天多轮任务中遗忘上下文,长上下文成本又太高', idea: '分层的情景记忆加上可学习的检索与写入策略' }, benchmarks: ['LongMemEval', 'LoCoMo', 'RULER'] },
  { category: ['pretraining-data', 'training-mechanism'], en: { noun: 'Data Quality Scaling Laws', task: 'Pretraining Data Selection', method: 'influence-based filtering at trillion-token scale' }, zh: { field: '预训练数据', problem: '数据过滤凭经验,难以预测某类数据对下游能力的影响', idea: '用影响函数估计数据对能力的贡献,并拟合数据质量的扩展律' }, benchmarks: ['MMLU', 'HellaSwag', 'DCLM'] },
  { category: ['continual-learning', 'post-training-rl'], en: { noun: 'Continual Post-training', task: 'Forgetting-free Model Updates', method: 'on-policy distillation with LoRA replay' }, zh: { field: '持续学习 / 高效后训练', problem: '持续后训练带来灾难性遗忘,全量重训成本过高', idea: '用 on-policy distillation 加 LoRA 回放,让模型在新任务上学习同时保住旧能力' }, benchmarks: ['TRACE', 'MMLU-Pro', 'IFEval'] },
  { category: ['systems', 'post-training-rl'], en: { noun: 'Speculative Rollouts', task: 'Accelerating RL Post-Training', method: 'system-integrated speculative decoding during rollout' }, zh: { field: '系统与效率', problem: 'RL 后训练的 rollout 阶段占据大部分时间,长尾样本拖慢整体吞吐', idea: '在 rollout 系统中集成 speculative decoding,并按长度调度样本' }, benchmarks: ['DAPO-Math', 'AIME24', 'throughput'] },
  { category: ['safety', 'evaluation'], en: { noun: 'Jailbreak Robustness', task: 'Aligned Reasoning Models', method: 'adversarial reasoning traces with refusal calibration' }, zh: { field: '安全与对齐', problem: '推理模型的长思维链给越狱攻击留下新的攻击面', idea: '构造对抗性推理轨迹并校准拒答,兼顾安全与有用性' }, benchmarks: ['HarmBench', 'StrongREJECT', 'XSTest'] },
  { category: ['retrieval', 'llm-agent'], en: { noun: 'Deep Research Agent', task: 'Scientific Literature Discovery', method: 'iterative retrieval with citation verification' }, zh: { field: '检索增强', problem: '深度研究 Agent 检索链条长,引用经常无法核实', idea: '迭代检索加引用核验,并用过程奖励训练检索策略' }, benchmarks: ['BrowseComp', 'AutoResearchBench', 'HotpotQA'] },
  { category: ['multimodal', 'reasoning'], en: { noun: 'Omni-modal Reasoning Model', task: 'Visual Chain-of-Thought', method: 'interleaved image-text thinking with RL' }, zh: { field: '多模态', problem: '视觉语言模型"看一眼就答",缺少在图像上的逐步推理', idea: '让模型在思维链中交替生成图像标注与文字推理,并用 RL 强化' }, benchmarks: ['MMMU', 'MathVista', 'Video-MME'] },
  { category: ['vision-generation'], en: { noun: 'Latent Diffusion Tokenizer', task: 'High-fidelity Image Generation', method: 'semantic disentanglement aligned with vision foundation models' }, zh: { field: '视觉与生成', problem: 'VAE 潜空间与扩散模型的表征需求不一致,生成质量和训练效率受限', idea: '把 VAE 潜空间与视觉基础模型对齐,提升属性级语义解纠缠' }, benchmarks: ['ImageNet 256×256', 'GenEval', 'FID'] },
  { category: ['speech-audio', 'multimodal'], en: { noun: 'Spoken Dialogue Model', task: 'Full-duplex Voice Agents', method: 'streaming speech tokens with interruption handling' }, zh: { field: '语音与音频', problem: '语音对话模型延迟高,无法自然地处理打断与抢话', idea: '流式语音 token 加上打断建模,实现全双工对话' }, benchmarks: ['LibriSpeech', 'VoiceBench', 'Big Bench Audio'] },
  { category: ['embodied', 'world-model'], en: { noun: 'Vision-Language-Action Model', task: 'Generalist Robot Manipulation', method: 'action chunking with a video world model prior' }, zh: { field: '具身与机器人', problem: 'VLA 模型泛化差,真实机器人数据昂贵', idea: '用视频世界模型做先验,配合动作分块提升泛化' }, benchmarks: ['LIBERO', 'SimplerEnv', 'CALVIN'] },
  { category: ['training-mechanism', 'reasoning'], en: { noun: 'Reasoning Emergence', task: 'Understanding How Capabilities Form', method: 'mechanistic probes across pretraining checkpoints' }, zh: { field: '训练机制', problem: '推理能力在预训练中何时、如何形成仍不清楚', idea: '在一系列预训练 checkpoint 上做机制探针,追踪能力形成的时间点' }, benchmarks: ['OLMo checkpoints', 'BIG-Bench Hard', 'MATH'] },
  { category: ['tool-use', 'evaluation'], en: { noun: 'Failure-aware Tool Use', task: 'Interactive Tool Environments', method: 'meta-agentic failure detection and recovery' }, zh: { field: '工具调用', problem: '开源模型在交互式工具环境中频繁失败且无法自我恢复', idea: '显式建模失败类型,用元 Agent 检测并恢复' }, benchmarks: ['τ-bench', 'ToolSandbox', 'BFCL v3'] },
  { category: ['other'], en: { noun: 'Scientific Foundation Model', task: 'Materials Discovery', method: 'graph transformers with active learning' }, zh: { field: '其他', problem: '科学发现中的实验反馈稀少,模型难以高效探索', idea: '图 Transformer 配合主动学习,优先选择信息量最大的实验' }, benchmarks: ['Matbench', 'OC20', 'QM9'] },
];

const EN_ADJ = ['Scalable', 'Efficient', 'Robust', 'Verifiable', 'Adaptive', 'Hierarchical', 'Self-Improving', 'Step-level', 'Process-supervised', 'Data-efficient', 'Long-horizon', 'Open'];
const EN_OPENERS = [
  'We study {task} and find that existing approaches overfit to static settings.',
  'This paper introduces {name}, a framework for {task}.',
  'Scaling {noun} has been limited by the cost of verification.',
  'We revisit {task} from the perspective of {method}.',
];
const EN_DETAILS = [
  'The key idea is {method}, which keeps training stable while reducing compute by {pct}%.',
  'Experiments on {bench} show gains of {pts} points over strong open-source baselines.',
  'Ablations reveal that most of the improvement comes from the reward design rather than model size.',
  'The method is orthogonal to speculative decoding and can be combined with it for a further {x}× speed-up.',
  'We release code, data and checkpoints for a {size}B model to support reproducible research.',
  'Analysis of the learned policy shows longer but more reliable trajectories on hard tasks.',
];
const ZH_WHY = [
  '它正面回应了当前{field}的核心问题:{problem}。',
  '这篇把{field}从"只看最终答案"推进到"过程可验证",对训练闭环很关键。',
  '方法简单、开销低,且与现有 pipeline 正交,很容易复用到自己的实验里。',
  '作者给出了完整的消融和失败案例分析,结论比同类工作更可信。',
];
const ZH_RELATION = [
  '与{reader}关注的"环境设计催生自演化智能"直接相关:{idea},可以作为训练任务生成器。',
  '对 Agentic RL 与后训练方向有参考价值,尤其是可验证奖励(verifiable reward)的设计。',
  '可作为 model-based RL 的环境建模对象,世界模型不一定预测自然世界,也可以预测工作区状态。',
  '对"预训练数据如何塑造能力"的问题提供了可操作的实验设定。',
];
const ZH_USAGE = [
  '**输入**:任务描述与环境初始状态;**输出**:完整轨迹与最终 artifacts。',
  '先在小规模设置上复现基线,再替换为文中的 {method_zh} 模块,对比收敛速度与成功率。',
  '代码基于 PyTorch 与 vLLM,单机 8×A100 即可复现主要结果。',
];
const ZH_INNOVATION = [
  '提出{idea},避免了传统方法中生成后再丢弃带来的沉没成本。',
  '设计了轨迹级与过程级的混合验证器,兼顾可扩展性与准确性。',
  '把数据、环境与奖励三者统一到一个可复用的框架中。',
  '给出了等计算量下的扩展律,说明收益来自方法本身而非更多算力。',
];
const ZH_RESULTS = [
  '在 **{bench}** 上相比基线提升 **{pts}** 个点,推理延迟降低 **{pct}%**。',
  '在 {bench} 等基准上取得开源模型最好成绩,{size}B 模型接近闭源前沿模型。',
  '训练效率提升 {x}×,在相同 GPU 小时内达到更高的成功率。',
];
const REASONS_ZH = ['最贴近今天的主线趋势,值得精读方法和实验设定。', '方法可以直接迁移到自己的 Agent 训练中。', '提供了新的评测视角,适合作为后续工作的 baseline。'];
const REASONS_EN = ['Closest to the main trend of the day; read the method and setup closely.', 'The method transfers directly to agent training.', 'A new evaluation angle, a good baseline for follow-up work.'];


/** The reader interests a category stands for (frontmatter `topics` of a paper in it), for the default profile's ids. */
const TOPICS_OF_CATEGORY: Record<string, string[]> = {
  'llm-agent': ['agent'],
  'tool-use': ['agent'],
  'gui-agent': ['agent'],
  'post-training-rl': ['agentic-rl'],
  'code-agent': ['code'],
  'world-model': ['model-based-rl'],
  'latent-reasoning': ['latent-reasoning'],
  memory: ['memory'],
  'continual-learning': ['continual'],
  'pretraining-data': ['pretraining-data'],
  'training-mechanism': ['pretraining-data'],
};

/** The matched interests of a paper in these categories: those of the reader's profile the categories stand for. */
function topicsOf(categories: readonly string[]): string[] {
  const known = new Set(config.reader.interests.map((i) => i.id));
  return [...new Set(categories.flatMap((c) => TOPICS_OF_CATEGORY[c] ?? []))].filter((id) => known.has(id));
}

/** The date of day index `i` (0 = oldest) of an archive of `days` days ending at `end`. */
export function syntheticDate(i: number, days: number, end: string): string {
  return addDays(end, i - (days - 1));
}

/** A unique, valid arXiv id for paper `k` of a day: `YYMM.DDKKK`. */
function paperId(date: string, k: number): string {
  const yymm = date.slice(2, 4) + date.slice(5, 7);
  return `${yymm}.${date.slice(8, 10)}${String(k).padStart(3, '0')}`;
}

/** Builds the draft of day index `i` (0 = oldest). Pure and deterministic. */
export function syntheticDraft(i: number, options: SyntheticOptions): BriefingDraft {
  const days = options.days;
  const end = options.end ?? '2026-05-03';
  const seed = options.seed ?? 1;
  const englishEvery = options.englishEvery ?? 7;
  const featuredCount = Math.min(options.featured ?? config.writer.topK, options.papers);
  const rnd = createRandom((seed * 2654435761 + i * 40503) >>> 0);
  const date = syntheticDate(i, days, end);
  const en = englishEvery > 0 && i % englishEvery === englishEvery - 1;
  const language = en ? 'en' : 'zh-CN';
  const reader = config.reader.name;

  const papers: PaperInput[] = [];
  const writeups: BriefingDraft['body']['writeups'] = [];
  const used = new Set<string>();
  for (let k = 0; k < options.papers; k++) {
    const topic = rnd.pick(TOPICS);
    let name = `${rnd.pick(SYLLABLES)}${rnd.pick(SUFFIXES)}`;
    while (used.has(name)) name += rnd.pick(['-2', 'X', 'Pro', 'Lite']);
    used.add(name);
    const title = `${name}: ${rnd.pick(EN_ADJ)} ${topic.en.noun} for ${topic.en.task}`;
    const id = paperId(date, k + 1);
    const featured = k < featuredCount;
    const hasRepo = rnd.next() < 0.6;
    const repo = hasRepo ? `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-lab/${name.replace(/[^A-Za-z0-9._-]/g, '')}` : null;
    const listed = addDays(date, -rnd.int(0, 2));
    const vars = {
      name,
      task: topic.en.task,
      noun: topic.en.noun,
      method: topic.en.method,
      bench: rnd.pick(topic.benchmarks),
      pts: (rnd.int(15, 180) / 10).toFixed(1),
      pct: String(rnd.int(12, 48)),
      x: (rnd.int(12, 40) / 10).toFixed(1),
      size: String(rnd.pick([1.5, 3, 7, 8, 14, 32, 72])),
      field: topic.zh.field,
      problem: topic.zh.problem,
      idea: topic.zh.idea,
      method_zh: topic.en.method,
      reader,
    };
    const contribution = en
      ? `${fill(rnd.pick(EN_OPENERS), vars)} ${fill(rnd.pick(EN_DETAILS), vars)}`
      : `提出 ${name},${topic.zh.idea},在 ${vars.bench} 上提升 ${vars.pts} 个点。`;
    // Drawn in this order since the first archives: tests rely on the same seed giving the same papers.
    const authors = rnd.sample(['Wei Zhang', 'Yuxin Chen', 'Maria Garcia', 'Tom Brown', 'Li Na', 'Akira Sato', 'Priya Patel', 'Jonas Müller'], rnd.int(2, 5));
    const category = [...new Set([...topic.category, ...(rnd.next() < 0.2 ? [rnd.pick(config.taxonomy).slug] : [])])];
    papers.push({
      id,
      title,
      authors,
      category,
      date: addDays(listed, -rnd.int(0, 3)),
      listed,
      source: ['Hugging Face Daily Papers', 'arXiv'],
      repo,
      links: {
        arxiv: `https://arxiv.org/abs/${id}`,
        hf: `https://huggingface.co/papers/${id}`,
        pdf: `https://arxiv.org/pdf/${id}`,
        ...(rnd.next() < 0.3 ? { project: `https://${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.github.io/` } : {}),
        ...(repo ? { code: `https://github.com/${repo}` } : {}),
      },
      upvotes: rnd.int(0, 240),
      stars: repo && rnd.next() < 0.7 ? rnd.int(3, 9000) : null,
      relevance: Math.round(rnd.next() * 100) / 100,
      topics: topicsOf(category),
      pick: k < 3,
      featured,
      contribution,
      summarizer: 'extractive',
      ...(rnd.next() < 0.1 ? { venue: rnd.pick(['ICLR 2027', 'ACL 2026 Findings', 'NeurIPS 2026']) } : {}),
    });
    if (featured) {
      const sections: ProseSection[] = en
        ? [
            { kind: 'why', body: [fill(rnd.pick(EN_OPENERS), vars), fill(rnd.pick(EN_DETAILS), vars), fill(rnd.pick(EN_DETAILS), vars)].map((s) => `- ${s}`).join('\n') },
            { kind: 'relation', body: `- Directly relevant to ${reader}'s interest in environment design for self-evolving agents: ${topic.en.method}.` },
            { kind: 'innovations', body: [fill(rnd.pick(EN_DETAILS), vars), fill(rnd.pick(EN_DETAILS), vars)].map((s, n) => `${n + 1}. ${s}`).join('\n') },
            { kind: 'results', body: `- On **${vars.bench}**, ${name} improves by **${vars.pts}** points and cuts latency by **${vars.pct}%**.` },
          ]
        : [
            { kind: 'why', body: rnd.sample(ZH_WHY, 2).map((s) => `- ${fill(s, vars)}`).join('\n') },
            { kind: 'relation', body: rnd.sample(ZH_RELATION, 2).map((s) => `- ${fill(s, vars)}`).join('\n') },
            { kind: 'usage', body: rnd.sample(ZH_USAGE, 2).map((s) => `- ${fill(s, vars)}`).join('\n') },
            { kind: 'innovations', body: rnd.sample(ZH_INNOVATION, 2).map((s, n) => `${n + 1}. ${fill(s, vars)}`).join('\n') },
            { kind: 'results', body: rnd.sample(ZH_RESULTS, 2).map((s) => `- ${fill(s, vars)}`).join('\n') },
          ];
      writeups.push({ id, ...(en ? {} : { headline: topic.zh.idea }), sections });
    }
  }

  const categoryFrequency = new Map<string, number>();
  for (const p of papers) for (const c of p.category) categoryFrequency.set(c, (categoryFrequency.get(c) ?? 0) + 1);
  const dayCategories = [...categoryFrequency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);

  const weekend = weekdayOf(date) === 0 || weekdayOf(date) === 6;
  const githubLimited = rnd.next() < 0.25;
  const arxivFailed = rnd.next() < 0.05;
  const windowFrom = weekend ? addDays(date, -3) : addDays(date, -1);
  const windowDays: string[] = [];
  for (let d = windowFrom; d <= date; d = addDays(d, 1)) windowDays.push(d);
  const topTitles = papers.slice(0, 3);
  const first = papers[0]!;

  const draft: BriefingDraft = {
    frontmatter: {
      date,
      title: en ? `${date} AI/LLM research briefing` : `${date} AI/LLM 最新论文与研究热点简报`,
      summary: en
        ? `Agent research keeps moving from static benchmarks to executable, stateful environments; ${first.title.split(':')[0]} leads the day.`
        : `今天最明显的趋势是:Agent 研究从"静态 benchmark + 最终答案评分"转向"可执行、有状态的环境 + 过程级验证",${first.title.split(':')[0]} 最值得关注。`,
      language,
      window: {
        from: windowFrom,
        to: date,
        days: windowDays,
        widened: weekend,
        note: weekend
          ? en
            ? 'Weekend: few new listings, so the window was widened back to the previous weekdays.'
            : '今天是周末,Hugging Face Daily Papers 新增较少,本简报向前扩展到最近几个工作日。'
          : '',
      },
      sources: [
        { name: 'Hugging Face Daily Papers', url: 'https://huggingface.co/papers', status: 'ok', note: '', requests: 1 },
        arxivFailed
          ? { name: 'arXiv API', url: 'https://export.arxiv.org', status: 'failed', note: en ? 'HTTP 429 after 3 retries; abstracts taken from Hugging Face.' : 'arXiv API 返回 429,重试 3 次后放弃,摘要改用 Hugging Face 数据。' }
          : { name: 'arXiv API', url: 'https://export.arxiv.org', status: 'ok', note: '', requests: 1 },
        githubLimited
          ? { name: 'GitHub API', url: 'https://api.github.com', status: 'degraded', note: en ? 'Rate-limited: stars not verified for some repositories.' : 'GitHub API 触发 rate limit,部分仓库 stars 未核验。' }
          : { name: 'GitHub API', url: 'https://api.github.com', status: 'ok', note: '' },
      ],
      categories: dayCategories,
      papers,
      follow: papers
        .filter((p) => p.repo)
        .slice(0, 3)
        .map((p) => ({
          kind: 'repo' as const,
          name: p.repo!,
          url: `https://github.com/${p.repo}`,
          category: p.category,
          stars: githubLimited ? null : (p.stars ?? null),
          verified: !githubLimited && p.stars != null,
          reason: en ? `Code for ${p.title.split(':')[0]}; worth watching for the training recipe.` : `${p.title.split(':')[0]} 的官方实现,值得跟进训练配方。`,
        })),
      covered: [],
      generator: { name: 'paper-briefing', version: '0.1.0', writer: 'extractive', model: null },
    },
    body: {
      overview: en
        ? `Across ${papers.length} papers, the common thread is **verifiable environments** for agents. See also [the Hugging Face listing](https://huggingface.co/papers/date/${date}).`
        : `今天共 ${papers.length} 篇论文。主线是 **可验证环境**:多篇工作把 Agent 训练从静态数据推进到可执行、有状态的环境。详见 [Hugging Face 页面](https://huggingface.co/papers/date/${date})。`,
      writeups,
      top: topTitles.map((p, n) => ({ id: p.id, title: p.title, reason: (en ? REASONS_EN : REASONS_ZH)[n]! })),
      followNote: githubLimited ? (en ? 'GitHub API was rate-limited today; stars not verified.' : 'GitHub API 今日触发 rate limit,stars 未核验。') : '',
      ideas: [
        en
          ? { title: 'Turn synthetic computers into a world-model benchmark', body: 'Predict workspace state after each tool call; score the model on long-horizon rollouts.' }
          : { title: '把合成电脑做成 Agent 的 world model benchmark', body: '让模型预测每次工具调用后的工作区状态,用长时程 rollout 的一致性打分。' },
        en
          ? { title: 'Curriculum by trajectory depth', body: 'Order agent RL tasks by trajectory depth, state perturbation and verifier granularity.' }
          : { title: '按轨迹深度组织 Agent RL 课程', body: '课程不只按任务难度,也按轨迹深度、状态扰动和 verifier 粒度组织。' },
      ],
      routes: en
        ? [{ theme: 'Agent environments', path: `${papers[0]!.title.split(':')[0]} → ${papers[1]?.title.split(':')[0] ?? ''}` }]
        : [{ theme: 'Agent 环境与数据', path: `${papers[0]!.title.split(':')[0]} → ${papers[1]?.title.split(':')[0] ?? ''} → ${papers[2]?.title.split(':')[0] ?? ''}` }],
      conclusion: en
        ? 'Environments, verifiers and data loops are becoming the unit of agent research.'
        : '环境、验证器与数据闭环正在成为 Agent 研究的基本单位;值得优先跟进可复现的开源实现。',
    },
  };
  return draft;
}

/** All drafts, oldest first (lazily, so 3,650 days never sit in memory at once). */
export function* syntheticDrafts(options: SyntheticOptions): Generator<BriefingDraft> {
  for (let i = 0; i < options.days; i++) yield syntheticDraft(i, options);
}

/** Writes the archive into `dir` (created if missing) through the project's one MDX writer. */
export async function writeSyntheticArchive(dir: string, options: SyntheticOptions): Promise<{ dir: string; files: number }> {
  await mkdir(dir, { recursive: true });
  let files = 0;
  for (const draft of syntheticDrafts(options)) {
    await writeBriefingFile(draft, { config, dir, force: true });
    files++;
  }
  return { dir, files };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '30' },
      papers: { type: 'string', default: '25' },
      featured: { type: 'string' },
      seed: { type: 'string', default: '1' },
      end: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const num = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag}: expected a non-negative integer, got "${v}"`);
    return n;
  };
  if (!values.out) throw new Error('--out: the folder to write the archive into is required');
  const started = performance.now();
  const result = await writeSyntheticArchive(path.resolve(values.out), {
    days: num('days', values.days)!,
    papers: num('papers', values.papers)!,
    featured: num('featured', values.featured),
    seed: num('seed', values.seed),
    end: values.end,
  });
  console.log(`wrote ${result.files} briefings to ${result.dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
