/**
 * Test data for the feedback loop: an issue body as GitHub renders the feedback issue form, and a recorded
 * Hugging Face listing of papers on the default reader's topics (what the workflow tests brief from).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FORM_FILE, VOTES_FIELD } from '../../scripts/ci/feedback-ingest.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** An issue body as GitHub renders .github/ISSUE_TEMPLATE/feedback.yml: one "### label" section per field. */
export function formBody(votes: string, comment = '_No response_'): string {
  const form = parseYaml(readFileSync(path.join(repoRoot, FORM_FILE), 'utf8')) as { body: Array<{ id?: string; type: string; attributes: { label?: string; render?: string } }> };
  return form.body
    .filter((e) => e.type !== 'markdown')
    .map((e) => `### ${e.attributes.label}\n\n${e.id === VOTES_FIELD ? `\`\`\`${e.attributes.render}\n${votes}\n\`\`\`` : comment}`)
    .join('\n\n');
}

/**
 * A Hugging Face Daily Papers listing (`hf/YYYY-MM-DD.json` of a replay folder) of `n` papers on agentic RL for
 * code agents, 2605.30000 first with the most upvotes.
 */
export function codeAgentListing(n = 10): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    paper: { id: `2605.3${String(i).padStart(4, '0')}`, title: `Agentic reinforcement learning for code agents ${i}`, summary: `We propose an agentic reinforcement learning method for code agents that cuts latency by ${10 + i}%.`, authors: [{ name: 'Alan Turing' }], publishedAt: '2026-04-30T00:00:00.000Z', upvotes: 40 - i },
    title: `Agentic reinforcement learning for code agents ${i}`,
    numComments: 2,
  }));
}
