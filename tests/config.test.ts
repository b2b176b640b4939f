import { describe, expect, it } from 'vitest';
import { config, normalizeBasePath, resolveConfig } from '../briefing.config.ts';
import { categoryDescription } from '../src/schema/taxonomy.ts';

describe('config', () => {
  it('has unique, URL-safe category slugs with "other" last', () => {
    const slugs = config.taxonomy.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const s of slugs) expect(s).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(slugs.at(-1)).toBe('other');
  });

  it('describes every category in both languages', () => {
    for (const c of config.taxonomy) {
      expect(c.zh && c.en && c.description && c.descriptionZh, c.slug).toBeTruthy();
      expect(categoryDescription(c.slug, 'zh-CN')).toBe(c.descriptionZh);
      expect(categoryDescription(c.slug, 'en')).toBe(c.description);
    }
  });

  it('normalises base paths', () => {
    expect(normalizeBasePath('')).toBe('/');
    expect(normalizeBasePath('/')).toBe('/');
    expect(normalizeBasePath('paper-briefing')).toBe('/paper-briefing/');
    expect(normalizeBasePath('/a/b//')).toBe('/a/b/');
  });

  it('applies environment overrides', () => {
    const c = resolveConfig({ SITE_URL: 'https://me.github.io/paper-briefing', BRIEFING_MODEL: 'm1' });
    expect(c.site.url).toBe('https://me.github.io');
    expect(c.site.basePath).toBe('/paper-briefing/');
    expect(c.writer.model).toBe('m1');
    expect(resolveConfig({ SITE_URL: 'https://x.dev/a/', BASE_PATH: '/' }).site.basePath).toBe('/');
  });

  it('names the variable in errors', () => {
    expect(() => resolveConfig({ SITE_URL: 'not a url' })).toThrow(/SITE_URL/);
    expect(() => resolveConfig({ BRIEFING_WRITER: 'gpt' })).toThrow(/BRIEFING_WRITER/);
  });
});
