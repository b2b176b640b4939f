/**
 * One structured LLM call: a zod schema in, a validated object out, or a typed failure.
 *
 * 1. `chat.completions.parse` with `zodResponseFormat` (strict json_schema). The SDK retries 429/5xx and
 *    timeouts itself (honouring retry-after-ms / Retry-After), with the client's maxRetries and timeout.
 * 2. If the answer is not valid JSON or breaks the schema (servers that ignore json_schema do that), or
 *    the server rejects json_schema outright (400), ask again with the schema written into the prompt and
 *    no response_format, then parse and validate the reply ourselves.
 * 3. If that reply is still invalid, one repair request: the bad reply plus the validation errors.
 *
 * Refusals, content-filter stops and length cut-offs are not retried: they fail the call, and the writer
 * falls back to the extractive write-up for that paper. Errors the caller says end the run (`stops`; by
 * default a 401/403/404) are thrown as they are. Token usage of every attempt is counted, and steps 2 and
 * 3 are made only when `beforeStep` admits them (the per-run token budget, see limits.ts).
 */
import OpenAI from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/core/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { schemaInstruction } from './prompts.ts';

export type FailureReason = 'refusal' | 'length' | 'content-filter' | 'invalid-output' | 'api' | 'timeout' | 'connection' | 'budget';

export class StructuredCallError extends Error {
  readonly reason: FailureReason;
  readonly usage: Usage;
  constructor(reason: FailureReason, message: string, usage: Usage) {
    super(message);
    this.name = 'StructuredCallError';
    this.reason = reason;
    this.usage = usage;
  }
}

export interface Usage {
  calls: number;
  input: number;
  output: number;
}

export interface StructuredRequest<S extends z.ZodType> {
  client: OpenAI;
  model: string;
  schema: S;
  /** Name of the response format (letters, digits, _ and -). */
  name: string;
  messages: ChatCompletionMessageParam[];
  maxOutputTokens: number;
  /** Skip step 1 (the server is known to ignore json_schema). */
  promptOnly?: boolean;
  /** Errors thrown as they are, not as a failed call (default: 401, 403, 404). */
  stops?: (error: unknown) => boolean;
  /** Asked before steps 2 and 3 with their prompt; false fails the call as `budget`. */
  beforeStep?: (messages: ChatCompletionMessageParam[]) => boolean;
}

export interface StructuredResult<T> {
  value: T;
  usage: Usage;
  /** Which step produced the value. */
  via: 'json_schema' | 'prompt' | 'repair';
}

/** Strips code fences and surrounding prose to find the JSON object in a reply. */
export function extractJson(content: string): unknown {
  const trimmed = content.trim();
  const fenced = trimmed.match(/^```(?:json)?\s*\n([\s\S]*?)\n?```$/i);
  const body = fenced ? fenced[1]! : trimmed;
  try {
    return JSON.parse(body);
  } catch (error) {
    const start = body.indexOf('{');
    const end = body.lastIndexOf('}');
    if (start >= 0 && end > start) return JSON.parse(body.slice(start, end + 1));
    throw error;
  }
}

/** zod issues as short lines the model can act on. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 12)
    .map((i) => `- ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

function add(usage: Usage, completion: { usage?: { prompt_tokens?: number; completion_tokens?: number } | null }): void {
  usage.calls += 1;
  usage.input += completion.usage?.prompt_tokens ?? 0;
  usage.output += completion.usage?.completion_tokens ?? 0;
}

/**
 * Errors that no paper will get past (a wrong key, no access, an unknown model or endpoint): they are
 * not a failed summary, so they end the run instead of quietly writing every paper extractively.
 */
function isSetupError(error: unknown): boolean {
  return error instanceof OpenAI.AuthenticationError || error instanceof OpenAI.PermissionDeniedError || error instanceof OpenAI.NotFoundError;
}

/** Maps an SDK error to a failure reason, or null when it means "try the prompt-schema route". */
function classify(error: unknown): FailureReason | null {
  if (error instanceof LengthFinishReasonError) return 'length';
  if (error instanceof ContentFilterFinishReasonError) return 'content-filter';
  if (error instanceof SyntaxError || error instanceof z.ZodError) return null;
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'connection';
  if (error instanceof OpenAI.BadRequestError && /response_format|json_schema|structured/i.test(error.message)) return null;
  if (error instanceof OpenAI.APIError) return 'api';
  return 'api';
}

export async function callStructured<S extends z.ZodType>(req: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>> {
  const usage: Usage = { calls: 0, input: 0, output: 0 };
  const fail = (reason: FailureReason, message: string): never => {
    throw new StructuredCallError(reason, message, usage);
  };

  if (!req.promptOnly) {
    try {
      const completion = await req.client.chat.completions.parse({
        model: req.model,
        messages: req.messages,
        response_format: zodResponseFormat(req.schema, req.name),
        max_completion_tokens: req.maxOutputTokens,
      });
      add(usage, completion);
      const message = completion.choices[0]?.message;
      if (message?.refusal) fail('refusal', `the model refused: ${message.refusal.slice(0, 200)}`);
      if (message?.parsed != null) return { value: message.parsed as z.infer<S>, usage, via: 'json_schema' };
      // No content at all: fall through to the prompt route.
    } catch (error) {
      if (error instanceof StructuredCallError || (req.stops ?? isSetupError)(error)) throw error;
      // parse() throws after the HTTP call succeeded; count that call too.
      if (error instanceof SyntaxError || error instanceof z.ZodError || error instanceof LengthFinishReasonError || error instanceof ContentFilterFinishReasonError) {
        usage.calls += 1;
      }
      const reason = classify(error);
      if (reason) fail(reason, errorMessage(error));
    }
  }

  // Step 2: the schema in the prompt, no response_format.
  const jsonSchema = z.toJSONSchema(req.schema, { target: 'draft-7' });
  const messages: ChatCompletionMessageParam[] = [...req.messages, { role: 'system', content: schemaInstruction(jsonSchema) }];
  if (!req.promptOnly && req.beforeStep && !req.beforeStep(messages)) fail('budget', 'the token budget does not cover asking again with the schema in the prompt');
  let content = await promptCall(req, messages, usage, fail);
  let problem = validate(req.schema, content);
  if (problem.ok) return { value: problem.value, usage, via: 'prompt' };

  // Step 3: one repair request.
  messages.push(
    { role: 'assistant', content },
    { role: 'user', content: `That reply is not valid:\n${problem.error}\nReply again with only the corrected JSON object.` },
  );
  if (req.beforeStep && !req.beforeStep(messages)) fail('budget', 'the token budget does not cover a repair request');
  content = await promptCall(req, messages, usage, fail);
  problem = validate(req.schema, content);
  if (problem.ok) return { value: problem.value, usage, via: 'repair' };
  return fail('invalid-output', `invalid output after a repair attempt: ${problem.error.split('\n')[0]}`);
}

async function promptCall<S extends z.ZodType>(
  req: StructuredRequest<S>,
  messages: ChatCompletionMessageParam[],
  usage: Usage,
  fail: (reason: FailureReason, message: string) => never,
): Promise<string> {
  let completion;
  try {
    completion = await req.client.chat.completions.create({ model: req.model, messages, max_completion_tokens: req.maxOutputTokens });
  } catch (error) {
    if ((req.stops ?? isSetupError)(error)) throw error;
    return fail(classify(error) ?? 'api', errorMessage(error));
  }
  add(usage, completion);
  const choice = completion.choices[0];
  if (choice?.message?.refusal) fail('refusal', `the model refused: ${choice.message.refusal.slice(0, 200)}`);
  if (choice?.finish_reason === 'length') fail('length', 'the reply was cut off at the output token limit');
  if (choice?.finish_reason === 'content_filter') fail('content-filter', 'the reply was stopped by a content filter');
  return choice?.message?.content ?? '';
}

function validate<S extends z.ZodType>(schema: S, content: string): { ok: true; value: z.infer<S> } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = extractJson(content);
  } catch {
    return { ok: false, error: '- (root): the reply is not valid JSON' };
  }
  const result = schema.safeParse(data);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}

function errorMessage(error: unknown): string {
  if (error instanceof OpenAI.APIError) return `${error.status ?? 'no status'} ${error.message}`.slice(0, 300);
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}
