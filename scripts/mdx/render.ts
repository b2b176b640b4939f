/**
 * Renders a `BriefingDraft` (frontmatter + structured prose) into the MDX text of one day's file.
 *
 * The frontmatter is validated with the site's schema first, so nothing invalid reaches the archive.
 * The body uses the components the day page provides (`Paper`, `FollowList`, `OtherPapers`); every piece
 * of prose goes through `escape.ts`, so any string compiles and renders as the same text.
 */
import { stringify } from 'yaml';
import { config } from '../../briefing.config.ts';
import {
  briefingBodySchema,
  formatIssues,
  parseBriefing,
  type Briefing,
  type BriefingBody,
  type BriefingDraft,
  type ProseSection,
} from '../../src/schema/briefing.ts';
import { t } from '../../src/i18n/ui.ts';
import { attributeValue, escapeMarkdown, escapeText } from './escape.ts';
import { readerProfile } from '../rank/profile.ts';

/** Placeholder the content hash is computed over; see `write.ts`. */
export const HASH_PLACEHOLDER = 'sha256:pending';

/** Validates and normalises a draft: frontmatter through the briefing schema, body through its own. */
export function normalizeDraft(draft: BriefingDraft, file?: string): { frontmatter: Briefing; body: BriefingBody } {
  const frontmatter = parseBriefing(draft.frontmatter, file);
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
export function renderBriefingMdx(draft: BriefingDraft, file?: string): string {
  const { frontmatter, body } = normalizeDraft(draft, file);
  return `${renderFrontmatter(frontmatter)}\n${renderBody(frontmatter, body)}`;
}

export function renderFrontmatter(frontmatter: Briefing): string {
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

export function renderBody(frontmatter: Briefing, body: BriefingBody): string {
  const lang = frontmatter.language;
  const blocks: string[] = [];
  const heading = (key: Parameters<typeof t>[1]) => `## ${escapeText(t(lang, key))}`;
  const titleOf = new Map(frontmatter.papers.map((p) => [p.id, p.title]));
  const sep = colon(lang);

  if (body.overview.trim()) blocks.push(heading('overview'), escapeMarkdown(body.overview));

  if (body.writeups.length) {
    blocks.push(heading('papers'));
    for (const w of body.writeups) blocks.push(renderWriteup(w.id, w.headline, w.sections, lang));
  }

  if (body.top.length) {
    blocks.push(heading('top'));
    const items = body.top.map((item, i) => `${i + 1}. ${pickTitle(item.id, item.title)}${sep}${inlineProse(item.reason)}`);
    blocks.push(items.join('\n'));
    if (body.alternate) {
      blocks.push(`${escapeText(t(lang, 'alternate'))}${sep}${pickTitle(body.alternate.id, body.alternate.title)}${sep}${inlineProse(body.alternate.reason)}`);
    }
  }

  if (frontmatter.follow.length || body.followNote.trim()) {
    blocks.push(heading('follow'));
    if (body.followNote.trim()) blocks.push(escapeMarkdown(body.followNote));
    if (frontmatter.follow.length) blocks.push('<FollowList />');
  }

  if (body.ideas.length) {
    blocks.push(heading('ideas'));
    body.ideas.forEach((idea, i) => {
      blocks.push(`### Idea ${i + 1}${sep}${escapeText(idea.title)}`);
      if (idea.body.trim()) blocks.push(escapeMarkdown(idea.body));
    });
  }

  if (body.routes.length) {
    blocks.push(heading('routes'));
    blocks.push(body.routes.map((r) => `- **${escapeText(r.theme)}**${sep}${inlineProse(r.path)}`).join('\n'));
  }

  if (frontmatter.papers.some((p) => !p.featured)) blocks.push(heading('others'), '<OtherPapers />');

  if (body.conclusion.trim()) blocks.push(heading('conclusion'), escapeMarkdown(body.conclusion));

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

function renderWriteup(id: string, headline: string | undefined, sections: ProseSection[], lang: Briefing['language']): string {
  const parts = [`<Paper id="${attributeValue(id)}">`];
  if (headline?.trim()) parts.push(`**${escapeText(headline)}**`);
  for (const section of sections) {
    if (!section.body.trim()) continue;
    const title = section.heading?.trim() || t(lang, `section_${section.kind}`, { reader: readerProfile(config).name });
    parts.push(`### ${escapeText(title)}`, escapeMarkdown(section.body));
  }
  parts.push('</Paper>');
  return parts.join('\n\n');
}

/** The label separator: a full-width colon in Chinese, ": " in English. */
export function colon(lang: Briefing['language']): string {
  return lang === 'en' ? ': ' : ':';
}

/** Prose that must stay on one line (a list item): Markdown kept, line breaks folded. */
function inlineProse(value: string): string {
  return escapeMarkdown(value.replace(/\s*\n\s*/g, ' ').trim());
}
