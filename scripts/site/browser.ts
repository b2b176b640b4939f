/** Serving a built site on 127.0.0.1 and driving Debian's headless Chromium through playwright-core (tests, screenshots). */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium by default; `CHROMIUM_PATH` points elsewhere (e.g. Google Chrome on GitHub's runners). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const noChromiumMessage = `skipping browser tests: ${CHROMIUM} not found (apt-get install chromium fonts-wqy-microhei, or set CHROMIUM_PATH)`;
/** Headless, and quiet on a machine without network: no background requests, updates or sync. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Serves `root` under the URL path `base` on 127.0.0.1 (random port); 404.html for anything missing. */
export async function serveDist(root: string, base = '/'): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const send404 = (): void => {
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      const page = path.join(root, '404.html');
      res.end(existsSync(page) ? readFileSync(page) : 'not found');
    };
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send404();
    }
    if (!pathname.startsWith(base)) return send404();
    const rel = pathname.slice(base.length);
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return send404();
    if (rel === '' || rel.endsWith('/')) file = path.join(file, 'index.html');
    if (!existsSync(file)) return send404();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      send404();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the test server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs `fn` with a fresh headless Chromium profile; always closes the browser and removes the profile. */
export async function withBrowser<T>(fn: (context: BrowserContext) => Promise<T>, viewport = { width: 1000, height: 800 }): Promise<T> {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(path.join(tmpdir(), 'pb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
