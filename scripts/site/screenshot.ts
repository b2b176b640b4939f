/**
 * Screenshots of a built site in headless Chromium, for the README and for looking at the design.
 *
 *   node scripts/site/screenshot.ts --dist dist --page briefings/2026-05-03/ --out docs/screenshot.png [--dark] [--width 1000 --height 1250]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hasChromium, noChromiumMessage, serveDist, withBrowser } from './browser.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dist: { type: 'string', default: 'dist' },
      page: { type: 'string', default: '' },
      out: { type: 'string', default: 'docs/screenshot.png' },
      dark: { type: 'boolean', default: false },
      width: { type: 'string', default: '1000' },
      height: { type: 'string', default: '1250' },
    },
  });
  if (!hasChromium) throw new Error(noChromiumMessage);
  const viewport = { width: Number(values.width), height: Number(values.height) };
  if (!Number.isInteger(viewport.width) || !Number.isInteger(viewport.height)) throw new Error('--width/--height: expected integers');
  const site = await serveDist(path.resolve(values.dist!));
  try {
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await page.emulateMedia({ colorScheme: values.dark ? 'dark' : 'light' });
      await page.goto(`${site.origin}/${values.page!.replace(/^\//, '')}`);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.resolve(values.out!) });
    }, viewport);
  } finally {
    await site.close();
  }
  console.log(`wrote ${values.out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
