/**
 * Renders a `BriefingDraft` (frontmatter + structured prose) into the MDX text of one day's file.
 *
 * The frontmatter is validated with the site's schema first, so nothing invalid reaches the archive.
 * The body uses the components the day page provides (`Paper`, `Section`, `FollowList`, `OtherPapers`,
 * see src/lib/briefingBody.ts). Each standard section is written as `<Section kind="…">` around its
 * heading and prose, so the site renders and indexes it by that stable key, whatever its heading says
 * after a rename or a hand edit. Headings are in the briefing's language (`t()`); every piece of prose
 * goes through `escape.ts`, so any string compiles and renders as the same text.
 */
import { stringify } from 'yaml';
import type { BriefingConfig } from '../../src/schema/config.ts';
import {
  briefingBodySchema,
  createBriefingSchema,
  formatIssues,
  parseBriefing,
  type Briefing,
  type BriefingBody,
  type BriefingDraft,
  type ProseSection,
} from '../../src/schema/briefing.ts';
import { t, type TranslationKey } from '../../src/i18n/index.ts';
import { colon } from '../../src/i18n/locale.ts';
import { sectionClose, sectionOpen, type DaySectionKind } from '../../src/lib/briefingBody.ts';
import { attributeValue, escapeMarkdown, escapeText } from './escape.ts';
import { cleanDraft } from '../../lib/untrusted.ts';

/** Placeholder the content hash is computed over; see `write.ts`. */
export const HASH_PLACEHOLDER = 'sha256:pending';

/** Validates and normalises a draft: frontmatter through the config's briefing schema, body through its own. */
function normalizeDraft(input: BriefingDraft, config: BriefingConfig, file?: string): { frontmatter: Briefing; body: BriefingBody } {
  // No invisible bidi or zero-width characters, and no runaway text (lib/untrusted.ts), whoever wrote the draft.
  const draft = cleanDraft(input);
  const frontmatter = parseBriefing(createBriefingSchema(config.taxonomy), draft.frontmatter, file);
  const parsedBody = briefingBodySchema.safeParse(draft.body);
  if (!parsedBody.success) throw new Error(`invalid briefing body\n${formatIssues(parsedBody.error, file)}`);
  const body = parsedBody.data;
  const featured = new Set(frontmatter.papers.filter((p) => p.featured).map((p) => p.id));
  for (const w of body.writeups) {
    if (!featured.has(w.id)) {
      throw new Error(`${file ? `${file}: ` : ''}body.writeups: write-up for ${w.id}, which is not a featured paper in the frontmatter`);
    }
  }
  return { frontmatter, body };
}

/** The whole file: `---` YAML frontmatter `---` and the MDX body. Deterministic for the same draft. */
export function renderBriefingMdx(draft: BriefingDraft, config: BriefingConfig, file?: string): string {
  const { frontmatter, body } = normalizeDraft(draft, config, file);
  return `${renderFrontmatter(frontmatter)}\n${renderBody(frontmatter, body, config.reader.name)}`;
}

function renderFrontmatter(frontmatter: Briefing): string {
  const data = {
    ...frontmatter,
    generator: { ...frontmatter.generator, contentHash: frontmatter.generator.contentHash ?? HASH_PLACEHOLDER },
  };
  const yaml = stringify(data, {
    lineWidth: 0,
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'PLAIN',
    aliasDuplicateObjects: false,
  });
  return `---\n${yaml}---\n`;
}

function renderBody(frontmatter: Briefing, body: BriefingBody, reader: string): string {
  const lang = frontmatter.language;
  const blocks: string[] = [];
  const heading = (key: TranslationKey) => `## ${escapeText(t(lang, key))}`;
  /** A day section: its kind, its standard heading, then its blocks. */
  const section = (kind: DaySectionKind, ...content: string[]) => blocks.push(sectionOpen(kind), heading(`body.${kind}`), ...content, sectionClose());
  const titleOf = new Map(frontmatter.papers.map((p) => [p.id, p.title]));
  const sep = colon(lang);

  if (body.overview.trim()) section('overview', escapeMarkdown(body.overview));

  if (body.writeups.length) {
    blocks.push(heading('body.papers'));
    for (const w of body.writeups) blocks.push(renderWriteup(w.id, w.headline, w.sections, lang, reader));
  }

  if (body.top.length) {
    const items = body.top.map((item, i) => `${i + 1}. ${pickTitle(item.id, item.title)}${sep}${inlineProse(item.reason)}`);
    const alternate = body.alternate
      ? [`${escapeText(t(lang, 'body.alternate'))}${sep}${pickTitle(body.alternate.id, body.alternate.title)}${sep}${inlineProse(body.alternate.reason)}`]
      : [];
    section('top', items.join('\n'), ...alternate);
  }

  if (frontmatter.follow.length || body.followNote.trim()) {
    section('follow', ...(body.followNote.trim() ? [escapeMarkdown(body.followNote)] : []), ...(frontmatter.follow.length ? ['<FollowList />'] : []));
  }

  if (body.ideas.length) {
    section(
      'ideas',
      ...body.ideas.flatMap((idea, i) => [
        `### ${escapeText(t(lang, 'body.idea', { n: i + 1 }))}${sep}${escapeText(idea.title)}`,
        ...(idea.body.trim() ? [escapeMarkdown(idea.body)] : []),
      ]),
    );
  }

  if (body.routes.length) section('routes', body.routes.map((r) => `- **${escapeText(r.theme)}**${sep}${inlineProse(r.path)}`).join('\n'));

  if (frontmatter.papers.some((p) => !p.featured)) section('others', '<OtherPapers />');

  if (body.conclusion.trim()) section('conclusion', escapeMarkdown(body.conclusion));

  for (const extra of body.extra) {
    blocks.push(`## ${escapeText(extra.heading)}`);
    if (extra.body.trim()) blocks.push(escapeMarkdown(extra.body));
  }

  return `${blocks.join('\n\n')}\n`;

  /** A top-3 entry links to the paper's section when it is on this page. */
  function pickTitle(id: string | undefined, title: string): string {
    const shown = `**${escapeText(title || (id ? titleOf.get(id) ?? id : ''))}**`;
    return id && titleOf.has(id) ? `[${shown}](#${attributeValue(id)})` : shown;
  }
}

function renderWriteup(id: string, headline: string | undefined, sections: ProseSection[], lang: Briefing['language'], reader: string): string {
  const parts = [`<Paper id="${attributeValue(id)}">`];
  if (headline?.trim()) parts.push(`**${escapeText(headline)}**`);
  for (const section of sections) {
    if (!section.body.trim()) continue;
    const title = section.heading?.trim() || t(lang, `section.${section.kind}`, { reader });
    parts.push(sectionOpen(section.kind), `### ${escapeText(title)}`, escapeMarkdown(section.body), sectionClose());
  }
  parts.push('</Paper>');
  return parts.join('\n\n');
}

/**
 * Prose that must stay on one line (a list item): Markdown kept, line breaks folded. Text that Markdown
 * would read as a code fence ("```js") cannot stay on its line that way (an unclosed fence would swallow
 * the rest of the body, closing tags included): it is shown literally instead.
 */
function inlineProse(value: string): string {
  const line = value.replace(/\s*\n\s*/g, ' ').trim();
  const prose = escapeMarkdown(line);
  return prose.includes('\n') ? escapeText(line) : prose;
}
