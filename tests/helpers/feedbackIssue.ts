/**
 * Test data for the feedback loop: an issue body as GitHub renders the feedback issue form, and (from the
 * workflow tests' world) a recorded Hugging Face listing of papers on the default reader's topics.
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

export { codeAgentListing } from '../../scripts/testing/workflowWorld.ts';
