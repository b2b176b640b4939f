/**
 * Writing files so that a reader (the site build, a rerun, the commit job) sees either the old or the new
 * content, never half a file. Shared by the pipeline (briefings, snapshots, caches, reports) and the
 * run log.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Writes `file` through a temp file in the same folder (fsync, rename); creates the folder if needed. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    // A failed write (disk full, bad content) must not leave the temp file beside the target.
    await rm(temp, { force: true });
    throw error;
  }
}
