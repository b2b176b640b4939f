/**
 * The site's config: `briefing.config.ts` resolved through the schema with the build's environment
 * (SITE_URL, BASE_PATH, BRIEFINGS_DIR, …) applied, once per build, and the briefing schema over its
 * taxonomy. Pages, components, the content collection and astro.config.mjs read these; scripts do not
 * (they call `loadConfig(env)` from lib/config.ts and pass the result down).
 */
import settings from '../briefing.config.ts';
import { createBriefingSchema } from './schema/briefing.ts';
import { resolveConfig, type BriefingConfig } from './schema/config.ts';

export const config: BriefingConfig = resolveConfig(settings, process.env);

/** The frontmatter schema of the site's briefings (categories checked against `config.taxonomy`). */
export const briefingSchema = createBriefingSchema(config.taxonomy);
