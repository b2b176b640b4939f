/** Reading a built site in tests: files, links, anchors, and a link checker that honours the base path. */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

export function listFiles(dir: string, ext?: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!ext || entry.name.endsWith(ext)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

export function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** href and src values of a document (Astro writes double-quoted attributes). */
export function extractLinks(html: string): string[] {
  return [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decodeEntities(m[1]!));
}

export function extractIds(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1]!)));
}

export interface BrokenLink {
  page: string;
  link: string;
  reason: string;
}

/**
 * Checks every internal link and asset of every HTML page in `distDir`: the target file exists under the
 * base path, and an `#anchor` exists as an id on the target page. Links to `site` count as internal.
 */
export function checkLinks(distDir: string, base: string, site: string): { checked: number; broken: BrokenLink[] } {
  const siteOrigin = new URL(site).origin;
  const idCache = new Map<string, Set<string>>();
  const idsOf = (file: string): Set<string> => {
    let ids = idCache.get(file);
    if (!ids) idCache.set(file, (ids = extractIds(readFileSync(file, 'utf8'))));
    return ids;
  };
  const broken: BrokenLink[] = [];
  let checked = 0;
  for (const file of listFiles(distDir, '.html')) {
    const rel = path.relative(distDir, file).split(path.sep).join('/');
    const pageUrl = new URL(base + rel.replace(/index\.html$/, ''), siteOrigin);
    for (const link of extractLinks(readFileSync(file, 'utf8'))) {
      if (link === '' || link.startsWith('mailto:')) continue;
      let url: URL;
      try {
        url = new URL(link, pageUrl);
      } catch {
        broken.push({ page: rel, link, reason: 'unparseable' });
        continue;
      }
      if (url.origin !== siteOrigin) continue;
      checked++;
      const pathname = decodeURIComponent(url.pathname);
      if (!pathname.startsWith(base)) {
        broken.push({ page: rel, link, reason: `outside the base path ${base}` });
        continue;
      }
      let target = path.join(distDir, pathname.slice(base.length));
      if (pathname.endsWith('/')) target = path.join(target, 'index.html');
      if (!existsSync(target) || statSync(target).isDirectory()) {
        broken.push({ page: rel, link, reason: `no file ${path.relative(distDir, target)}` });
        continue;
      }
      if (url.hash && target.endsWith('.html')) {
        const anchor = decodeURIComponent(url.hash.slice(1));
        if (!idsOf(target).has(anchor)) broken.push({ page: rel, link, reason: `no id "${anchor}" on ${path.relative(distDir, target)}` });
      }
    }
  }
  return { checked, broken };
}

export function read(distDir: string, relative: string): string {
  return readFileSync(path.join(distDir, relative), 'utf8');
}
