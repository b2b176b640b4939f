/**
 * What the LLM must return, as zod schemas. They go to the API as a strict JSON schema
 * (`zodResponseFormat`) and validate every answer, including from servers that ignore json_schema.
 *
 * The schemas stay within the subset every OpenAI-compatible server accepts (objects, strings, arrays,
 * enums, nullable): no length limits in the schema itself; lengths are enforced after parsing, where an
 * over-long list is trimmed rather than failing the paper.
 */
import { z } from 'zod';
import type { BriefingConfig, Language } from '../../briefing.config.ts';
import { t } from '../../src/i18n/index.ts';

export function paperNoteSchema(config: BriefingConfig) {
  const slugs = config.taxonomy.map((c) => c.slug) as [string, ...string[]];
  return z.object({
    categories: z.array(z.enum(slugs)).describe('1-4 taxonomy slugs, most specific first'),
    title: z.string().describe(`the paper's title in ${t(config.language, 'llm.outputLanguage')}`),
    headline: z.string().describe('a short phrase (max ~20 words) saying what the paper does'),
    contribution: z.string().describe('one sentence: the core contribution'),
    why: z.array(z.string()).describe('2-3 points: why it matters'),
    relation: z.string().describe("how it relates to the reader's interests, naming them"),
    usage: z.object({
      input: z.string(),
      output: z.string(),
      workflow: z.string(),
      hardware: z.string(),
      code: z.string().describe('code and open-source status'),
    }),
    innovations: z.array(z.string()).describe('1-4 main innovations'),
    results: z.array(z.string()).describe("up to 4 results with the paper's own numbers"),
  });
}
export type PaperNoteOutput = z.infer<ReturnType<typeof paperNoteSchema>>;

const pick = z.object({ id: z.string().describe('arXiv id of a featured paper'), reason: z.string() });

export const dayNoteSchema = z.object({
  summary: z.string().describe('one plain-text line: the day in one sentence'),
  overview: z.string().describe("a short paragraph on the day's trends"),
  top: z.array(pick).describe('exactly 3 featured papers to read closely, best first'),
  alternate: pick.nullable().describe('a fourth featured paper to swap in, or null'),
  follow: z.array(z.object({ name: z.string().describe('a candidate name, exactly as given'), reason: z.string() })).describe('up to 3 candidates to follow'),
  followNote: z.string().describe('one line on what was and was not verified'),
  ideas: z.array(z.object({ title: z.string(), body: z.string() })).describe("2-3 research ideas connecting papers to the reader's interests"),
  routes: z.array(z.object({ theme: z.string(), ids: z.array(z.string()).describe('arXiv ids of featured papers, in reading order') })).describe('2-4 reading routes by theme'),
  conclusion: z.string(),
});
export type DayNoteOutput = z.infer<typeof dayNoteSchema>;

/** One line per paper of the others table, in the briefing language (one or two calls a day). */
export function othersNoteSchema(language: Language) {
  const lang = t(language, 'llm.outputLanguage');
  return z.object({
    papers: z
      .array(
        z.object({
          id: z.string().describe('arXiv id of a paper in the DATA'),
          title: z.string().describe(`the title in ${lang}`),
          line: z.string().describe(`one sentence in ${lang}: what the paper does`),
        }),
      )
      .describe('one item per paper of the DATA, in order'),
  });
}
export type OthersNoteOutput = z.infer<ReturnType<typeof othersNoteSchema>>;

/** Limits applied after parsing. */
export const LIMITS = { categories: 4, why: 4, innovations: 5, results: 5, top: 3, follow: 3, ideas: 3, routes: 4, text: 2_000 } as const;
