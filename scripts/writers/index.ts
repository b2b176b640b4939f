/**
 * The writer stage: `createWriter(config, env)` returns the configured `BriefingWriter`.
 *
 *   extractive (default)  no key, deterministic, quotes the abstracts (extractive.ts)
 *   llm                   an OpenAI-compatible endpoint through the openai SDK (llm.ts)
 *
 * `config` is usually `resolveConfig(process.env)`, so BRIEFING_WRITER and BRIEFING_MODEL apply; `env`
 * provides OPENAI_API_KEY / OPENAI_BASE_URL / BRIEFING_MODEL to the LLM client. The writer returns a
 * `BriefingDraft`; `scripts/mdx/write.ts` renders, validates and writes it.
 */
import type { BriefingConfig } from '../../briefing.config.ts';
import type { BriefingWriter } from '../pipeline/types.ts';
import { createExtractiveWriter, type ExtractiveOptions } from './extractive.ts';
import { createLlmWriter, type Env, type LlmWriterOptions } from './llm.ts';

export type WriterOptions = LlmWriterOptions & ExtractiveOptions;

export function createWriter(config: BriefingConfig, env: Env = process.env, options: WriterOptions = {}): BriefingWriter {
  switch (config.writer.kind) {
    case 'extractive':
      return createExtractiveWriter(config, options);
    case 'llm':
      return createLlmWriter(config, env, options);
    default:
      throw new Error(`writer.kind: expected "extractive" or "llm", got ${JSON.stringify((config.writer as { kind: unknown }).kind)} (briefing.config.ts or BRIEFING_WRITER)`);
  }
}

export { createExtractiveWriter, writeExtractive } from './extractive.ts';
export { createLlmWriter, createOpenAIClient, modelName } from './llm.ts';
export type { Env } from './llm.ts';
