/**
 * Compiles MDX the way the site does (Sätteri, GFM on, smart punctuation off) and returns what a reader
 * would see, so tests can check that text survives escaping.
 */
import { mdxToHast, mdxToJs } from 'satteri';
import { config } from '../../src/config.ts';

/** The config the renderer gets in tests: the site's default (its taxonomy validates, its reader names headings). */
export const RENDER = config;

const features = { gfm: true, smartPunctuation: false } as const;

interface HastLike {
  type: string;
  value?: string;
  tagName?: string;
  name?: string;
  properties?: Record<string, unknown>;
  children?: HastLike[];
}

/** Parses MDX (throws on a syntax error, like the build would) and returns the hast tree. */
export function mdxTree(source: string): HastLike {
  return mdxToHast(source, { features }) as unknown as HastLike;
}

/** Compiles MDX to JavaScript (throws on anything the build would reject). */
export function compileMdx(source: string): string {
  return mdxToJs(source, { features }).code;
}

/** The visible text of a hast tree (text nodes only; expressions and ESM would show up as other nodes). */
export function visibleText(node: HastLike): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(visibleText).join('');
}

/** Every node type/tag in the tree, to assert that no expression, ESM or raw HTML slipped in. */
export function nodeKinds(node: HastLike, into = new Set<string>()): Set<string> {
  into.add(node.tagName ? `element:${node.tagName}` : node.name ? `${node.type}:${node.name}` : node.type);
  for (const child of node.children ?? []) nodeKinds(child, into);
  return into;
}

/** Elements of a given tag, in document order. */
export function findAll(node: HastLike, tagName: string, into: HastLike[] = []): HastLike[] {
  if (node.tagName === tagName) into.push(node);
  for (const child of node.children ?? []) findAll(child, tagName, into);
  return into;
}
