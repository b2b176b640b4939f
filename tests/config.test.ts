/**
 * The one config schema (src/schema/config.ts): the shipped config passes, defaults fill what is left out,
 * every bad field and every bad environment override fails naming the field (or variable) and the value,
 * and loading a config file with a syntax error is one line naming the file (lib/config.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import settings from '../briefing.config.ts';
import { loadConfig } from '../lib/config.ts';
import { config } from '../src/config.ts';
import { ConfigError, normalizeBasePath, resolveConfig, type BriefingSettings } from '../src/schema/config.ts';
import { categoryDescription, createTaxonomy } from '../src/schema/taxonomy.ts';
import { repoRoot, sourceFiles } from './helpers/tree.ts';

const node = path.join(repoRoot, 'node_modules', '.bin', 'node');
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** The message resolveConfig throws, or '' when it does not. */
function problems(input: unknown, env: Record<string, string> = {}): string {
  try {
    resolveConfig(input, env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

const minimal: BriefingSettings = {
  taxonomy: [{ slug: 'other', zh: '其他', en: 'Other', description: 'Everything else.', descriptionZh: '其他。', keywords: [] }],
};

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
    const other = createTaxonomy(minimal.taxonomy);
    expect(other.label('other', 'en')).toBe('Other');
    expect(other.label('llm-agent', 'en')).toBe('llm-agent');
  });

  it('normalises base paths', () => {
    expect(normalizeBasePath('')).toBe('/');
    expect(normalizeBasePath('/')).toBe('/');
    expect(normalizeBasePath('paper-briefing')).toBe('/paper-briefing/');
    expect(normalizeBasePath('/a/b//')).toBe('/a/b/');
  });

  it('fills every field a config leaves out with its documented default', () => {
    const c = resolveConfig(minimal);
    expect(c.site).toMatchObject({ basePath: '/', feedDays: 50, language: 'zh-CN' });
    expect(c.sources.papers.huggingface).toEqual({ enabled: true, baseUrl: 'https://huggingface.co', pageSize: 50 });
    expect(c.sources.papers['arxiv-listing']).toMatchObject({ enabled: false, categories: ['cs.CL', 'cs.AI', 'cs.LG'] });
    expect(c.sources.facts.arxiv).toMatchObject({ batchSize: 100, minIntervalMs: 3000 });
    expect(c.writer).toMatchObject({ kind: 'extractive', topK: 10 });
    expect(c.timezone).toBe('Asia/Shanghai');
    // The shipped file passes as it is.
    expect(() => resolveConfig(settings)).not.toThrow();
  });

  it('applies environment overrides', () => {
    const c = resolveConfig(settings, { SITE_URL: 'https://me.github.io/paper-briefing', BRIEFING_MODEL: 'm1' });
    expect(c.site.url).toBe('https://me.github.io');
    expect(c.site.basePath).toBe('/paper-briefing/');
    expect(c.writer.model).toBe('m1');
    expect(resolveConfig(settings, { SITE_URL: 'https://x.dev/a/', BASE_PATH: '/' }).site.basePath).toBe('/');
    const urls = resolveConfig(settings, { HF_BASE_URL: 'http://127.0.0.1:1', ARXIV_BASE_URL: 'http://127.0.0.1:2', GITHUB_API_URL: 'http://127.0.0.1:3' });
    expect(urls.sources.papers.huggingface.baseUrl).toBe('http://127.0.0.1:1');
    expect(urls.sources.follow['hf-trending'].baseUrl).toBe('http://127.0.0.1:1');
    expect(urls.sources.facts.arxiv.baseUrl).toBe('http://127.0.0.1:2');
    expect(urls.sources.papers['arxiv-listing'].baseUrl).toBe('http://127.0.0.1:2');
    expect(urls.sources.facts.github.baseUrl).toBe('http://127.0.0.1:3');
    const both = resolveConfig(settings, { BRIEFING_SOURCES: 'huggingface, arxiv-listing' });
    expect([both.sources.papers.huggingface.enabled, both.sources.papers['arxiv-listing'].enabled]).toEqual([true, true]);
    const arxivOnly = resolveConfig(settings, { BRIEFING_SOURCES: 'arxiv-listing' });
    expect([arxivOnly.sources.papers.huggingface.enabled, arxivOnly.sources.papers['arxiv-listing'].enabled]).toEqual([false, true]);
    // A missing secret arrives as "": the same as unset.
    expect(resolveConfig(settings, { OPENAI_BASE_URL: '', SITE_URL: '' }).writer.baseUrl).toBeUndefined();
  });

  it('names the variable and the value in errors', () => {
    expect(problems(settings, { SITE_URL: 'not a url' })).toContain('SITE_URL: expected an http(s) URL, got "not a url"');
    expect(problems(settings, { BRIEFING_WRITER: 'gpt' })).toContain('BRIEFING_WRITER: expected "llm" or "extractive", got "gpt"');
    expect(problems(settings, { BRIEFING_SOURCES: 'huggingface,papers-with-code' })).toContain(
      'BRIEFING_SOURCES: unknown paper source "papers-with-code"; known: huggingface, arxiv-listing, got "huggingface,papers-with-code"',
    );
    expect(problems(settings, { GITHUB_API_URL: 'ftp://x' })).toContain('GITHUB_API_URL: expected an http(s) URL, got "ftp://x"');
    expect(problems(settings, { RUNS_LOG: ' ' })).toContain('RUNS_LOG: expected a non-empty string');
  });

  it('rejects base paths that would escape the site or break out of a quoted attribute', () => {
    for (const bad of ['../evil', '/a/../b/', '/x"onload="alert(1)/', "/it's/", '/with space/', '/%2e%2e/']) {
      const message = problems(settings, { BASE_PATH: bad });
      expect(message, bad).toContain('BASE_PATH: expected a path such as / or /paper-briefing/');
      expect(message, bad).toContain(`, got ${JSON.stringify(bad)}`);
    }
    expect(problems(settings, { SITE_URL: 'https://me.github.io/a b/' })).toContain('SITE_URL: expected an http(s) URL whose path is a path such as');
    expect(problems({ ...settings, site: { ...settings.site, basePath: '/../' } })).toContain('briefing.config.ts: site.basePath: expected a path such as');
    expect(resolveConfig(settings, { BASE_PATH: 'paper-briefing' }).site.basePath).toBe('/paper-briefing/');
  });

  it('rejects nonsense numbers, typos and unknown fields, naming each with its value', () => {
    const message = problems({
      ...settings,
      site: { ...settings.site, feedDays: -1, categoryPageSize: 2.5 },
      timezone: 'Mars/Olympus',
      window: { minPapers: 10, maxDays: 0, dedupeDays: 14 },
      sources: { facts: { arxiv: { batchSize: 500 }, github: { baseUrl: 'ftp://x' } }, http: { retries: Number.NaN } },
      writer: { kind: 'poet' },
      feedDay: 30,
    } as unknown as BriefingSettings);
    expect(message).toContain('briefing.config.ts: site.feedDays: expected an integer from 1 to 3650, got -1');
    expect(message).toContain('site.categoryPageSize: expected an integer from 1 to 1000, got 2.5');
    expect(message).toContain('timezone: expected an IANA timezone such as Asia/Shanghai, got "Mars/Olympus"');
    expect(message).toContain('window.maxDays: expected an integer from 1 to 60, got 0');
    expect(message).toContain('sources.facts.arxiv.batchSize: expected an integer from 1 to 100, got 500');
    expect(message).toContain('sources.facts.github.baseUrl: expected an http(s) URL, got "ftp://x"');
    expect(message).toContain('sources.http.retries: expected an integer from 0 to 10');
    expect(message).toContain('writer.kind: expected "extractive" or "llm", got "poet"');
    expect(message).toContain('(root): unknown field "feedDay"');
  });

  it('checks the taxonomy, and loads the reader profile it names (a missing or broken one names the file)', () => {
    const message = problems({ taxonomy: [{ ...minimal.taxonomy[0]!, slug: 'Agents!' }] });
    expect(message).toContain('taxonomy.0.slug: expected a URL-safe slug');
    expect(message).toContain('taxonomy: expected a category with slug "other"');
    expect(resolveConfig(minimal).reader.interests.length).toBeGreaterThan(0);
    expect(problems({ ...minimal, reader: { file: 'content/no-such-reader.yml' } })).toMatch(/briefing\.config\.ts: reader\.file: .*no-such-reader\.yml: reader profile not found/);
  });
});

describe('loadConfig', () => {
  function configFile(text: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    temps.push(dir);
    const file = path.join(dir, 'briefing.config.ts');
    writeFileSync(file, text);
    return file;
  }

  it('loads the project config with the environment applied', async () => {
    const c = await loadConfig({ BRIEFING_WRITER: 'llm' });
    expect(c.writer.kind).toBe('llm');
    expect(c.taxonomy).toEqual(config.taxonomy);
  });

  it('names the file when it has no default export', async () => {
    await expect(loadConfig({}, configFile('export const x = 1;\n'))).rejects.toThrow(/briefing\.config\.ts: no default export/);
  });

  it('a syntax error in the config is one line naming the file and line, and brief exits 2', () => {
    const file = configFile(`export default {\n  site: { title: 'x'\n  language: 'en',\n};\n`);
    const script = `import { main } from ${JSON.stringify(path.join(repoRoot, 'scripts/brief.ts'))}; process.exitCode = await main(['--date', '2026-05-02'], {}, { configFile: ${JSON.stringify(file)} });`;
    const r = spawnSync(node, ['--input-type=module', '-e', script], { cwd: path.dirname(file), encoding: 'utf8' });
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^brief: briefing\.config\.ts:3: syntax error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bad field in the file fails brief with exit 2 naming the file, field and value', () => {
    const file = configFile(
      `import { defineConfig } from ${JSON.stringify(path.join(repoRoot, 'src/schema/config.ts'))};\nexport default defineConfig(${JSON.stringify({ ...minimal, site: { feedDays: -1 } })});\n`,
    );
    const script = `import { main } from ${JSON.stringify(path.join(repoRoot, 'scripts/brief.ts'))}; process.exitCode = await main(['--date', '2026-05-02'], {}, { configFile: ${JSON.stringify(file)} });`;
    const r = spawnSync(node, ['--input-type=module', '-e', script], { cwd: path.dirname(file), encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('briefing.config.ts: site.feedDays: expected an integer from 1 to 3650, got -1');
  });
});

describe('the seams (issue 9)', () => {
  // The site's query helpers (src/data/) serve the pages; the pipeline, writers and tools share lib/ and
  // src/schema/ instead, so a change to a page's data never reaches a briefing.
  it('no file under scripts/ imports from src/data/', () => {
    const imports = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
    const offenders = sourceFiles('scripts').flatMap((f) =>
      [...readFileSync(path.join(repoRoot, f), 'utf8').matchAll(imports)]
        .map((m) => path.relative(repoRoot, path.resolve(repoRoot, path.dirname(f), m[1]!)))
        .filter((target) => target.startsWith(path.join('src', 'data') + path.sep))
        .map((target) => `${f} → ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has one config validator: the schema (scripts/pipeline/validate-config.ts is gone)', () => {
    expect(existsSync(path.join(repoRoot, 'scripts', 'pipeline', 'validate-config.ts'))).toBe(false);
  });
});
