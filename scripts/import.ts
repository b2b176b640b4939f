/**
 * `npm run import -- FILE... [--force] [--dry-run] [--titles PATH]...`: turn legacy briefings into days
 * of the archive. See scripts/legacy/cli.ts for the behaviour and scripts/legacy/ for the formats.
 */
import { runImport } from './legacy/cli.ts';

process.exitCode = await runImport(process.argv.slice(2));
