/** `npm run check`'s content validation: every problem of every file, each naming file, field and value. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchive, checkBriefingText } from '../scripts/check-content.ts';
import { renderBriefingMdx } from '../scripts/mdx/render.ts';
import { RENDER } from './helpers/mdx.ts';
import { briefingSchema } from '../src/config.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { DAY_SECTION_KINDS } from '../src/lib/briefingBody.ts';
import { sectionKind } from '../src/schema/briefing.ts';

const options = { days: 3, papers: 6, featured: 2, seed: 5, end: '2026-05-03' };
const good = renderBriefingMdx(syntheticDraft(2, options), RENDER);
const goodOld = renderBriefingMdx(syntheticDraft(1, options), RENDER);
const firstId = /<Paper id="([^"]+)">/.exec(good)![1]!;

describe('checkBriefingText', () => {
  it('accepts what the renderer writes', () => {
    expect(checkBriefingText('2026-05-03.mdx', good, briefingSchema)).toEqual([]);
  });

  it('names field and value of an unknown category and of a missing field', () => {
    const bad = good.replace(/category:\n {6}- "[a-z-]+"/, 'category:\n      - "quantum-agents"').replace(/^summary: .*\n/m, '');
    const messages = checkBriefingText('x/2026-05-03.mdx', bad, briefingSchema).map((p) => p.message);
    expect(messages).toContainEqual(expect.stringMatching(/^papers\.0\.category\.0: unknown category "quantum-agents"/));
    expect(messages).toContainEqual(expect.stringMatching(/^summary: /));
    expect(messages).toHaveLength(2);
  });

  it('reports a file not named after its date', () => {
    expect(checkBriefingText('/a/2026-05-04.mdx', good, briefingSchema)).toEqual([
      { file: '/a/2026-05-04.mdx', message: 'date: the file is named 2026-05-04.mdx but its date is "2026-05-03"; name it 2026-05-03.mdx' },
    ]);
  });

  it('reports unknown components, import lines, unknown and repeated Paper ids with their line', () => {
    const body = good
      .replace('<FollowList />', '<FollowList />\n\n<Chart data="x" />')
      .replace(`<Paper id="${firstId}">`, `import X from "./x.js"\n\n<Paper id="${firstId}">`)
      .concat(`\n<Paper id="2605.99999">\nx\n</Paper>\n\n<Paper id="${firstId}">\ny\n</Paper>\n\nSee <OtherPapers /> below.\n`);
    const messages = checkBriefingText('2026-05-03.mdx', body, briefingSchema).map((p) => p.message);
    expect(messages).toContainEqual(expect.stringMatching(/^body \(line \d+\): unknown component <Chart>/));
    expect(messages).toContainEqual(expect.stringMatching(/^body \(line \d+\): "import" statements are not allowed/));
    expect(messages).toContainEqual(expect.stringMatching(/<Paper id="2605\.99999"> has no paper with that id in papers/));
    expect(messages).toContainEqual(`body (line ${body.split('\n').length - 5}): <Paper id="${firstId}"> appears twice`);
    expect(messages).toContainEqual(`body (line ${body.split('\n').length - 1}): <OtherPapers> must stand on a line of its own`);
  });

  it('reports missing or broken frontmatter', () => {
    expect(checkBriefingText('a.mdx', '# no frontmatter', briefingSchema)[0]!.message).toMatch(/no YAML frontmatter/);
    expect(checkBriefingText('a.mdx', '---\ndate: [\n---\nx', briefingSchema)[0]!.message).toMatch(/not valid YAML/);
  });
});

describe('checkBriefingText and sections', () => {
  const lineOf = (text: string, needle: string): number => text.split('\n').indexOf(needle) + 1;

  it('accepts the sections the renderer writes, and a body without any (written before sections existed)', () => {
    expect(good).toContain('<Section kind="why">');
    expect(good).toContain('<Section kind="overview">');
    expect(checkBriefingText('2026-05-03.mdx', good.replace(/^<\/?Section[^\n]*\n+/gm, ''), briefingSchema)).toEqual([]);
  });

  it('reports an unknown kind for its place, naming the known ones', () => {
    const text = good.replace('<Section kind="why">', '<Section kind="whyy">').replace('<Section kind="overview">', '<Section kind="why">');
    const messages = checkBriefingText('2026-05-03.mdx', text, briefingSchema).map((p) => p.message);
    expect(messages).toContainEqual(`body (line ${lineOf(text, '<Section kind="whyy">')}): <Section kind="whyy"> is not a write-up section kind (inside <Paper id="${firstId}">); known: ${sectionKind.options.join(', ')}`);
    expect(messages).toContainEqual(`body (line ${lineOf(text, '<Section kind="why">')}): <Section kind="why"> is not a day section kind (outside any <Paper>); known: ${DAY_SECTION_KINDS.join(', ')}`);
    expect(messages).toHaveLength(2);
  });

  it('reports unclosed and nested sections, a paper inside a day section, a stray </Section> and a missing kind', () => {
    // The first paper's last section loses its </Section>.
    const unclosed = good.replace(/<\/Section>\n\n(<\/Paper>)/, '$1');
    const last = unclosed.slice(0, unclosed.indexOf('</Paper>')).split('\n').findLastIndex((l) => l.startsWith('<Section')) + 1;
    expect(checkBriefingText('2026-05-03.mdx', unclosed, briefingSchema).map((p) => p.message)).toEqual([
      `body (line ${last}): <Section kind="${/kind="(\w+)"/.exec(unclosed.split('\n')[last - 1]!)![1]}"> is not closed before </Paper> (line ${lineOf(unclosed, '</Paper>')}); add </Section>`,
    ]);
    const messages = (text: string) => checkBriefingText('2026-05-03.mdx', text, briefingSchema).map((p) => p.message);
    const nested = good.replace('<Section kind="why">', '<Section kind="why">\n\n<Section kind="note">');
    expect(messages(nested)).toContainEqual(expect.stringMatching(/<Section kind="why"> is not closed before <Section kind="note"> \(line \d+\); add <\/Section> \(sections do not nest\)/));
    const paperInDay = good.replace(`<Paper id="${firstId}">`, `<Section kind="overview">\n\n<Paper id="${firstId}">`);
    expect(messages(paperInDay)).toContainEqual(expect.stringMatching(new RegExp(`<Section kind="overview"> is not closed before <Paper id="${firstId}"> \\(line \\d+\\); add </Section> \\(a day section cannot hold a paper\\)`)));
    expect(messages(`${good}\n</Section>\n`)).toEqual([`body (line ${`${good}\n</Section>\n`.split('\n').length - 1}): </Section> without an opening <Section kind="…">`]);
    expect(messages(`${good}\n<Section>\n\nx\n\n</Section>\n`)).toContainEqual(expect.stringMatching(/<Section> needs exactly one kind="…" attribute/));
    expect(messages(`${good}\nSee </Section> here.\n`)).toContainEqual(expect.stringMatching(/<\/Section> must stand on a line of its own/));
  });
});

describe('checkBriefingText and code fences', () => {
  it('skips fenced code as the renderer does (``` and ~~~) and reports the line of the file after a fence', () => {
    const text = `${good.trimEnd()}\n\n\`\`\`\na\nb\nc\n\`\`\`\n\n<Bogus />\n\n~~~\n<Paper id="in-code">\n~~~\n`;
    const line = text.split('\n').indexOf('<Bogus />') + 1;
    expect(checkBriefingText('2026-05-03.mdx', text, briefingSchema).map((p) => p.message)).toEqual([
      `body (line ${line}): unknown component <Bogus>; briefings may use <Paper>, <Section>, <FollowList>, <OtherPapers>`,
    ]);
  });
});

describe('checkArchive', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pb-check-'));
    await writeFile(path.join(dir, '2026-05-03.mdx'), good);
    await writeFile(path.join(dir, '2026-05-02.mdx'), goodOld.replace(/^language: .*$/m, 'language: "fr"'));
    await writeFile(path.join(dir, '2026-05-01.mdx'), goodOld);
    await writeFile(path.join(dir, 'notes.md'), '# notes');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports every bad file of the archive, not just the first', async () => {
    const { files, problems } = await checkArchive(dir, briefingSchema);
    expect(files).toBe(3);
    const byFile = problems.map((p) => `${path.basename(p.file)}: ${p.message.split(':')[0]}`);
    expect(byFile).toEqual(['2026-05-01.mdx: date', '2026-05-02.mdx: language', 'notes.md: briefings must be .mdx files (this .md file is ignored by the site)']);
  });

  it('treats a missing folder as an empty archive', async () => {
    expect(await checkArchive(path.join(dir, 'nope'), briefingSchema)).toEqual({ files: 0, problems: [] });
  });
});

describe('the check-content command', () => {
  // The command must run (and fail on a bad file) however it is reached: a project folder whose path
  // has a space, or a symlink to it, once made the entry-point guard skip `main` and exit 0 unchecked.
  it('reports the problems and exits 1 when started through a path with a space and a symlink', async () => {
    const { execFile } = await import('node:child_process');
    const { mkdir, symlink } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(tmpdir(), 'pb check '));
    try {
      await symlink(path.resolve(import.meta.dirname, '..'), path.join(dir, 'project link'));
      await mkdir(path.join(dir, 'archive'));
      await writeFile(path.join(dir, 'archive', '2026-05-03.mdx'), good.replace(/^summary: .*\n/m, ''));
      const script = path.join(dir, 'project link', 'scripts', 'check-content.ts');
      const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [script, '--dir', path.join(dir, 'archive')], (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }));
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/2026-05-03\.mdx: summary: /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
