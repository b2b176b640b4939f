/**
 * A scripted "model" for the local OpenAI-compatible server (openaiServer.ts) that answers any
 * structured request from its response schema alone, so it keeps working when the writer's schemas and
 * prompts change: it reads the JSON schema (from `response_format`, or from the prompt for servers
 * without json_schema), fills every required field with text drawn from the request's own data, and
 * records what it was given and what it said. `npm run eval:writer -- --llm` uses it; tests can too.
 *
 * How it answers, deterministically:
 * - arrays get the count the field's description asks for ("exactly 3", "up to 3", "2-3" → 3); a list of
 *   objects with an `id` and no stated count gets one item per id in the data (one line per paper);
 *   other lists get 2; with `sparse`, the least the schema allows (one item), as a terse model does;
 * - `id` fields (and lists of `ids`) get the ids found in the data, in order; `name` fields get a candidate's short name
 *   (the part after "owner/"), as models often write it; fields described as "joined by →" join short
 *   titles; enums take their values in turn;
 * - other text is in the language the prompt asks for: English text quotes a sentence of the data;
 *   Chinese text is a short Chinese sentence about the paper, quoting one of the data's numbers when it
 *   has one (so grounded numbers are exercised too);
 * - with `injectNumbers`, every other text field gains a sentence with a number the data does not
 *   support ("提升了 37.9%"), and the log lists each one.
 */
import { supportedValues, unsupportedNumbers } from '../writers/numbers.ts';
import { completion, type ChatRequest, type ChatScript, type MockReply } from './openaiServer.ts';

export interface SchemaModelOptions {
  injectNumbers?: boolean;
  sparse?: boolean;
}

export interface AnswerRecord {
  index: number;
  /** Everything the model was given (all message texts). */
  given: string;
  /** The JSON object it answered, or null when no schema was found. */
  answer: unknown;
  /** Invented numbers it added, as written. */
  injected: string[];
}

export interface SchemaModel {
  script: ChatScript;
  answers: AnswerRecord[];
}

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  description?: string;
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
};

/** The schema a request asks for: its response_format, else one written into the prompt. */
export function requestSchema(req: ChatRequest): JsonSchema | null {
  const fromFormat = (req.body.response_format as { json_schema?: { schema?: JsonSchema } } | undefined)?.json_schema?.schema;
  if (fromFormat) return fromFormat;
  for (const m of [...req.body.messages].reverse()) {
    const at = m.content.indexOf('JSON Schema:');
    if (at < 0) continue;
    const text = m.content.slice(at + 'JSON Schema:'.length).trim();
    const start = text.indexOf('{');
    for (let end = text.lastIndexOf('}'); end > start && start >= 0; end = text.lastIndexOf('}', end - 1)) {
      try {
        return JSON.parse(text.slice(start, end + 1)) as JsonSchema;
      } catch {
        // a shorter span may parse
      }
    }
  }
  return null;
}

/** The JSON of the request's <data> block, or null. */
function dataBlock(req: ChatRequest): unknown {
  for (const m of [...req.body.messages].reverse()) {
    const match = m.content.match(/<data>\s*([\s\S]*?)\s*<\/data>/);
    if (!match) continue;
    try {
      return JSON.parse(match[1]!);
    } catch {
      return null;
    }
  }
  return null;
}

interface Material {
  ids: string[];
  names: string[];
  titles: string[];
  sentences: string[];
  numbers: string[];
}

const shortTitle = (t: string) => (/^(.{1,60}?)\s*[:：]\s/.exec(t)?.[1] ?? t).trim();

function material(data: unknown, fallbackText: string): Material {
  const m: Material = { ids: [], names: [], titles: [], sentences: [], numbers: [] };
  const walk = (v: unknown, key: string | null): void => {
    if (typeof v === 'string') {
      if (key === 'id' && !m.ids.includes(v)) m.ids.push(v);
      else if (key === 'name' && !m.names.includes(v)) m.names.push(v);
      else if (key === 'title' && !m.titles.includes(v)) m.titles.push(v);
      else if (v.length >= 60) for (const s of v.split(/(?<=[.!?。！？])\s+/)) if (s.length >= 30 && s.length <= 400) m.sentences.push(s.trim());
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(data, null);
  // Repository-like names ("owner/name") are what a name field asks for; source names come after.
  m.names.sort((a, b) => Number(b.includes('/')) - Number(a.includes('/')));
  if (!m.sentences.length) m.sentences.push(...fallbackText.split(/(?<=[.!?。！？])\s+/).filter((s) => s.length >= 30).slice(0, 20));
  m.numbers = m.sentences.flatMap((s) => s.match(/\d+(?:\.\d+)?\s?(?:%|×)/g) ?? []);
  return m;
}

const ZH = [
  (name: string) => `这项工作围绕《${name}》展开，重点在方法设计与实验验证。`,
  (name: string) => `《${name}》与读者关注的方向相关，值得结合原文细读。`,
  (name: string) => `《${name}》给出的做法可以作为后续研究的参照。`,
];

/** Numbers no ordinary abstract states, tried in turn until one is unsupported by the data. */
const INVENTED = ['37.9%', '4.7×', '83.1%', '12.6×', '1,234', '61.3%', '9.4×', '2,718'];

function countFor(schema: JsonSchema, sparse: boolean, ids: number): number {
  if (sparse) return 1;
  const d = schema.description ?? '';
  const perId = Boolean(schema.items?.properties?.id) && !/\d/.test(d);
  if (perId && ids > 0) return Math.min(100, ids);
  const exact = /exactly (\d+)/i.exec(d);
  if (exact) return Number(exact[1]);
  const range = /(\d+)\s*[-–]\s*(\d+)/.exec(d);
  if (range) return Math.min(3, Number(range[2]));
  const upTo = /up to (\d+)/i.exec(d);
  if (upTo) return Math.min(3, Number(upTo[1]));
  return 2;
}

/** Answers with a JSON value valid against `root`. */
export function answerFor(root: JsonSchema, req: ChatRequest, options: SchemaModelOptions = {}): { value: unknown; injected: string[] } {
  const all = req.body.messages.map((m) => m.content).join('\n');
  const zh = /Simplified Chinese|简体中文/.test(all);
  const mat = material(dataBlock(req), all);
  const supported = supportedValues(all);
  const injected: string[] = [];
  const counters = { id: 0, name: 0, text: 0, enum: 0, invented: 0 };
  const name = (i: number) => shortTitle(mat.titles[i % Math.max(1, mat.titles.length)] ?? 'this paper');

  const invent = (): string => {
    for (let tries = 0; tries < INVENTED.length * 2; tries++) {
      const raw = INVENTED[counters.invented++ % INVENTED.length]!;
      if (unsupportedNumbers(raw, supported).length) {
        injected.push(raw);
        return raw;
      }
    }
    return '';
  };

  const text = (): string => {
    const i = counters.text++;
    let out: string;
    if (zh) {
      // A Chinese sentence names the paper by its first words, as a model writing Chinese does.
      out = ZH[i % ZH.length]!(name(i).split(/\s+/).slice(0, 3).join(' '));
      const n = mat.numbers[i % Math.max(1, mat.numbers.length)];
      if (n && i % 3 === 0) out += `摘要报告的数字之一是 ${n}。`;
    } else {
      out = mat.sentences[i % Math.max(1, mat.sentences.length)] ?? `This concerns ${name(i)}.`;
    }
    if (options.injectNumbers && i % 2 === 0) {
      const x = invent();
      if (x) out += zh ? `在主要基准上提升了 ${x}。` : ` It improves the main benchmark by ${x}.`;
    }
    return out;
  };

  const resolve = (s: JsonSchema): JsonSchema => {
    if (!s.$ref) return s;
    const key = s.$ref.replace(/^#\/(?:definitions|\$defs)\//, '');
    return root.definitions?.[key] ?? root.$defs?.[key] ?? {};
  };

  const fill = (raw: JsonSchema, key: string | null): unknown => {
    const s = resolve(raw);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) return fill(branches.find((b) => resolve(b).type !== 'null') ?? branches[0]!, key);
    if (s.enum) return s.enum[counters.enum++ % s.enum.length];
    const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [k, sub] of Object.entries(s.properties ?? {})) out[k] = fill({ ...sub, description: sub.description ?? '' }, k);
        return out;
      }
      case 'array': {
        const n = countFor({ ...s, items: s.items ? resolve(s.items) : undefined }, Boolean(options.sparse), mat.ids.length);
        return Array.from({ length: n }, () => fill(s.items ?? { type: 'string' }, key));
      }
      case 'number':
      case 'integer':
        return 1;
      case 'boolean':
        return true;
      case 'null':
        return null;
      default: {
        const d = s.description ?? '';
        if ((key === 'id' || key === 'ids' || /\bids?\b/i.test(d)) && mat.ids.length) return mat.ids[counters.id++ % mat.ids.length];
        if ((key === 'name' || /\bname\b/i.test(d)) && mat.names.length) {
          const n = mat.names[counters.name++ % mat.names.length]!;
          return n.includes('/') ? n.slice(n.lastIndexOf('/') + 1) : n;
        }
        if (/→/.test(d)) return mat.titles.slice(0, 3).map(shortTitle).join(' → ');
        return text();
      }
    }
  };
  return { value: fill(root, null), injected };
}

/** A chat script answering every structured request from its schema, with a record of each answer. */
export function createSchemaModel(options: SchemaModelOptions = {}): SchemaModel {
  const answers: AnswerRecord[] = [];
  const script: ChatScript = (req): MockReply => {
    const given = req.body.messages.map((m) => m.content).join('\n');
    const schema = requestSchema(req);
    if (!schema) {
      answers.push({ index: req.index, given, answer: null, injected: [] });
      return { body: completion('{}') };
    }
    const { value, injected } = answerFor(schema, req, options);
    answers.push({ index: req.index, given, answer: value, injected });
    const content = JSON.stringify(value);
    // About four characters per token, as the bench does: the usage figures then track prompt sizes.
    return { body: completion(content, { prompt_tokens: Math.ceil(given.length / 4), completion_tokens: Math.ceil(content.length / 4) }) };
  };
  return { script, answers };
}
