/**
 * Loading the config for a command (`npm run brief`, `daily`, `backfill`, `import`, `check`, the benches):
 * `briefing.config.ts` imported when asked for, validated by the schema, with the given environment's
 * overrides. Loading it here rather than with a static import means a syntax error in the file is one
 * clear line naming the file and line (the command exits 2), not a stack trace from module loading.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, resolveConfig, type BriefingConfig } from '../src/schema/config.ts';

export { ConfigError };

/** The project's config file. */
const CONFIG_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'briefing.config.ts');

/** "file:line: what" from a module that failed to load (Node's type stripping puts `file:line` first in the stack). */
function loadFailure(error: unknown, file: string, shown: string): string {
  const e = error as { message?: unknown; stack?: unknown; loc?: { line?: number } };
  const message = String(e?.message ?? error).split('\n')[0]!.trim();
  const at = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`).exec(String(e?.stack ?? ''));
  const line = at?.[1] ?? (typeof e?.loc?.line === 'number' ? String(e.loc.line) : null);
  const kind = error instanceof SyntaxError ? 'syntax error' : 'cannot be loaded';
  return `${shown}${line ? `:${line}` : ''}: ${kind}: ${message}`;
}

/**
 * The resolved config for a command. Throws a ConfigError (one message, every problem named) when the file
 * cannot be loaded, has no default export, or does not pass the schema; the command exits 2 on it.
 */
export async function loadConfig(env: Record<string, string | undefined> = process.env, file: string = CONFIG_FILE): Promise<BriefingConfig> {
  const shown = path.relative(process.cwd(), file) || file;
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError(loadFailure(error, file, shown));
  }
  if (mod.default === undefined) throw new ConfigError(`${shown}: no default export (expected \`export default defineConfig({ … })\`)`);
  return resolveConfig(mod.default, env, shown);
}
