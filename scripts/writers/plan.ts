/**
 * The plan of a day's LLM calls, made before any call: which calls the run's request budget still covers
 * (GitHub Models' free tier: 150 requests a day), and prompts shrunk under the provider's input limit
 * (8,000 tokens a request). Pure.
 *
 * Priority when the requests left do not cover the day: the day's own call first (picks, follow list,
 * routes: it needs one request), then the featured papers in rank order, then the others table. What the
 * plan leaves out is written extractively, and the page says which papers.
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { estimateTokens } from './limits.ts';
import { SHRINK_LEVELS } from './prompts.ts';

export interface CallNeeds {
  /** Featured papers whose answer is not cached. */
  papers: number;
  /** Whether the day's answer is not cached. */
  day: boolean;
  /** Calls for the others table not cached (0–2). */
  others: number;
}

export interface CallPlan {
  papers: number;
  day: boolean;
  others: number;
  /** Calls the plan makes. */
  calls: number;
}

/** The calls a day makes with `left` requests left (Infinity: all). */
export function planCalls(needs: CallNeeds, left: number): CallPlan {
  let remaining = Math.max(0, left);
  const day = needs.day && remaining >= 1;
  if (day) remaining -= 1;
  const papers = Math.min(needs.papers, remaining);
  remaining -= papers;
  const others = Math.min(needs.others, remaining);
  return { papers, day, others, calls: papers + (day ? 1 : 0) + others };
}

/** Tokens of a prompt, as the budget estimates them. */
export function promptTokens(messages: ChatCompletionMessageParam[]): number {
  return estimateTokens(JSON.stringify(messages));
}

/**
 * The least-shrunk prompt that fits `maxInputTokens` (levels 0…SHRINK_LEVELS of `build`), with its
 * level; null when even the smallest does not fit.
 */
export function fitPrompt(build: (shrink: number) => ChatCompletionMessageParam[], maxInputTokens: number): { messages: ChatCompletionMessageParam[]; shrink: number } | null {
  for (let shrink = 0; shrink <= SHRINK_LEVELS; shrink++) {
    const messages = build(shrink);
    if (promptTokens(messages) <= maxInputTokens) return { messages, shrink };
    if (!Number.isFinite(maxInputTokens)) return { messages, shrink };
  }
  return null;
}

/**
 * The others table split into at most `maxCalls` chunks whose prompts fit the input limit and whose
 * answers fit the output cap (about `perPaperOutput` tokens a line); papers beyond them get no call.
 */
export function othersChunks<T>(papers: T[], o: { maxCalls: number; maxOutputTokens: number; perPaperOutput: number; fits: (chunk: T[]) => boolean }): T[][] {
  const perCall = Math.max(1, Math.floor(o.maxOutputTokens / o.perPaperOutput));
  const chunks: T[][] = [];
  let rest = papers;
  while (rest.length && chunks.length < o.maxCalls) {
    let size = Math.min(perCall, rest.length);
    while (size > 1 && !o.fits(rest.slice(0, size))) size = Math.floor(size / 2);
    if (!o.fits(rest.slice(0, size))) break;
    chunks.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return chunks;
}
