/**
 * Plugins of the site's Markdown processor (Sätteri, set up in astro.config.mjs).
 *
 * GFM autolinks any e-mail address in prose as a `mailto:` link, and Sätteri does so even after a
 * backslash escape or a character reference (`a\@b.org`, `a&#64;b.org`), so scripts/mdx/escape.ts cannot
 * prevent it in the text. Briefing prose quotes untrusted text (abstracts, model output), where an address
 * is text, not an invitation to mail someone: an autolinked address (the link text is the address itself)
 * becomes plain text again. A link written out as `[write to us](mailto:…)` in a hand-edited page stays.
 */
import { defineMdastPlugin } from 'satteri';

type Child = { type: string; value?: string };

/** The text of an autolink: its only child is a text node. */
function autolinkText(children: readonly Child[]): string | null {
  return children.length === 1 && children[0]!.type === 'text' ? (children[0]!.value ?? '') : null;
}

export const noEmailAutolinks = defineMdastPlugin({
  name: 'paper-briefing:no-email-autolinks',
  link(node, ctx) {
    const url = String(node.url);
    if (!/^mailto:/i.test(url)) return;
    const text = autolinkText(node.children as unknown as Child[]);
    if (text !== null && text === url.slice('mailto:'.length)) ctx.replaceNode(node, { type: 'text', value: text });
  },
});
