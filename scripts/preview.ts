/**
 * `npm run preview [-- --dist DIR] [--port N] [--host H]`: serves a built site the way GitHub Pages does.
 *
 * Why not `astro preview`: with `trailingSlash: 'always'` Astro's preview server answers 404 to
 * `/briefings/2026-05-31` (by design, withastro/astro#10704), while GitHub Pages redirects a folder's
 * address without its slash to the slash form. A reader who types or shares an address without the slash
 * should land on the page here too. So this small static server redirects (301) a path whose folder holds
 * an index.html to its slash form, serves files under the base path, and answers everything else with
 * the site's 404 page. Nothing else: no rewriting, no cache, no compression.
 *
 * Also used by `npm run demo` (scripts/demo.ts) to show the demo site.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export interface PreviewOptions {
  /** The built site (the folder holding index.html). */
  root: string;
  /** The site's base path, `/` or `/repo/`. */
  base: string;
  /** Default 'localhost'. */
  host?: string;
  /** Default 4321; 0 picks a free port; a busy port moves on to the next free one (up to ten). */
  port?: number;
}

export interface Preview {
  server: Server;
  /** The site's address, base path included, e.g. `http://localhost:4321/`. */
  url: string;
  close(): Promise<void>;
}

const isFile = (file: string): boolean => existsSync(file) && statSync(file).isFile();

/** What a request gets: a file, a redirect to the slash form, or the 404 page. Pure apart from reading the disk. */
export function resolveRequest(root: string, base: string, rawUrl: string): { kind: 'file'; file: string } | { kind: 'redirect'; location: string } | { kind: 'missing' } {
  let url: URL;
  let pathname: string;
  try {
    url = new URL(rawUrl, 'http://localhost');
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'missing' };
  }
  // The base path without its slash ("/repo") is the site's home, as on GitHub Pages.
  if (`${pathname}/` === base) return { kind: 'redirect', location: base + url.search };
  if (!pathname.startsWith(base)) return { kind: 'missing' };
  const target = path.resolve(root, `.${pathname.slice(base.length - 1)}`);
  if (target !== root && !target.startsWith(root + path.sep)) return { kind: 'missing' };
  if (pathname.endsWith('/')) {
    const index = path.join(target, 'index.html');
    return isFile(index) ? { kind: 'file', file: index } : { kind: 'missing' };
  }
  if (isFile(target)) return { kind: 'file', file: target };
  if (isFile(path.join(target, 'index.html'))) return { kind: 'redirect', location: `${url.pathname}/${url.search}` };
  return { kind: 'missing' };
}

function respond(root: string, base: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const found = resolveRequest(root, base, req.url ?? '/');
  if (found.kind === 'redirect') {
    res.writeHead(301, { location: found.location }).end();
    return;
  }
  const notFound = path.join(root, '404.html');
  const file = found.kind === 'file' ? found.file : isFile(notFound) ? notFound : null;
  const status = found.kind === 'file' ? 200 : 404;
  if (!file) {
    res.writeHead(404, { 'content-type': TYPES['.txt']! }).end('not found\n');
    return;
  }
  res.writeHead(status, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size, 'cache-control': 'no-cache' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(address && typeof address === 'object' ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Serves `root` under `base`; resolves once the server listens. */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const root = path.resolve(options.root);
  if (!isFile(path.join(root, 'index.html'))) throw new Error(`preview: ${path.relative(process.cwd(), root) || root}/index.html not found: build the site first (npm run build, or npm run demo)`);
  const base = options.base.endsWith('/') ? options.base : `${options.base}/`;
  const host = options.host ?? 'localhost';
  const server = createServer((req, res) => respond(root, base, req, res));
  let port = options.port ?? 4321;
  for (let attempt = 0; ; attempt++) {
    try {
      port = await listen(server, port, host);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0 || attempt >= 10) throw new Error(`preview: cannot listen on ${host}:${port}: ${(error as Error).message}`);
      port += 1;
    }
  }
  return {
    server,
    url: `http://${host}:${port}${base}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The CLI: the folder from --dist, DIST_DIR or dist/; the base path from the config (BASE_PATH applies). */
async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { dist: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`preview: ${(error as Error).message}\nUsage: npm run preview [-- --dist DIR] [--port N] [--host H]\n`);
    return 2;
  }
  const port = values.port === undefined ? 4321 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`preview: --port: expected a port number, got ${JSON.stringify(values.port)}\n`);
    return 2;
  }
  const { loadConfig } = await import('../lib/config.ts');
  let base: string;
  try {
    base = (await loadConfig(env)).site.basePath;
  } catch (error) {
    process.stderr.write(`preview: ${(error as Error).message}\n`);
    return 2;
  }
  const root = path.resolve(values.dist ?? env.DIST_DIR ?? path.join(projectRoot, 'dist'));
  try {
    const preview = await startPreview({ root, base, port, host: values.host });
    process.stdout.write(`preview: serving ${path.relative(process.cwd(), root) || '.'}/ at ${preview.url} (Ctrl+C to stop)\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  return 0;
}

if (import.meta.main) {
  main(process.argv.slice(2), process.env).then((code) => {
    if (code !== 0) process.exit(code);
  });
}
