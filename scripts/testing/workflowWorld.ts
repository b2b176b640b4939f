/**
 * A world for the local workflow runner (scripts/ci/run-workflow.ts) that the workflow tests share: a
 * bare origin seeded from this working tree, and a replay folder with one generated Hugging Face listing
 * day (`codeAgentListing`: 10 agentic-RL papers on 2026-05-01, so a run for 2026-05-02 briefs them without
 * the network).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seedOrigin } from '../ci/run-workflow.ts';

export async function workflowWorld(repoRoot: string, o: { prefix: string; idPrefix: string }): Promise<{ world: string; replay: string }> {
  const world = await mkdtemp(path.join(os.tmpdir(), o.prefix));
  await seedOrigin(world, repoRoot);
  const replay = path.join(world, 'replay');
  await mkdir(path.join(replay, 'hf'), { recursive: true });
  await writeFile(path.join(replay, 'hf/2026-05-01.json'), JSON.stringify(codeAgentListing(10, o.idPrefix)));
  return { world, replay };
}

/**
 * A Hugging Face Daily Papers listing (`hf/YYYY-MM-DD.json` of a replay folder) of `n` papers on agentic RL for
 * code agents (the default reader's topics), ids 2605.<idPrefix>0000…, the first with the most upvotes.
 */
export function codeAgentListing(n = 10, idPrefix = '3'): unknown[] {
  return Array.from({ length: n }, (_, i) => ({
    paper: { id: `2605.${idPrefix}${String(i).padStart(4, '0')}`, title: `Agentic reinforcement learning for code agents ${i}`, summary: `We propose an agentic reinforcement learning method for code agents that cuts latency by ${10 + i}%.`, authors: [{ name: 'Alan Turing' }], publishedAt: '2026-04-30T00:00:00.000Z', upvotes: 40 - i },
    title: `Agentic reinforcement learning for code agents ${i}`,
    numComments: 2,
  }));
}
