/**
 * The built /status/ page, from a small generated archive and run log ending today (the page is built
 * for "today" in the configured timezone): the last successful run, the failure banner, each source's
 * history, papers per day, the writer, and an explanation for every day without a briefing.
 * One small build (a few days, few papers), so it stays cheap next to the site's main build test.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.ts';
import { syntheticDraft } from '../scripts/bench/synthetic.ts';
import { writeBriefingFile } from '../scripts/mdx/write.ts';
import { buildSite } from '../scripts/site/build.ts';
import { addDays, todayIn, weekdayOf } from '../lib/dates.ts';
import { formatRunRecord, type RunRecordInput } from '../src/schema/run.ts';
import { failingLabel, outcomeLabel } from '../src/i18n/status.ts';
import { t } from '../src/i18n/index.ts';
import { colon as colonOf } from '../src/i18n/locale.ts';
import { decodeEntities, read } from './helpers/dist.ts';

const lang = config.site.language;
const colon = colonOf(lang);

const today = todayIn(config.timezone);
// Four days back: a briefing; three: arXiv down; two: weekday or weekend with nothing new; one: no run;
// today: a failed run (so the failure banner shows).
const day = (n: number) => addDays(today, -n);
const briefed = day(4);
let out: string;
let archiveDir: string;
let html = '';

function row(date: string): string {
  const match = html.match(new RegExp(`<tr id="day-${date}"[^>]*>([\\s\\S]*?)</tr>`));
  if (!match) throw new Error(`no row for ${date}`);
  return decodeEntities(match[0]);
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'pb-status-'));
  archiveDir = path.join(out, 'briefings');
  const draft = syntheticDraft(0, { days: 1, papers: 4, featured: 2, end: briefed, englishEvery: 0, seed: 3 });
  // Three model sentences dropped for numbers their sources do not hold (the LLM writer's generator.grounding).
  draft.frontmatter.generator = { ...draft.frontmatter.generator!, grounding: { dropped: 3, numbers: ['37.9%', '4.7×'] } };
  await writeBriefingFile(draft, { config, dir: archiveDir, force: true });
  const run = (date: string, outcome: RunRecordInput['outcome'], extra: Partial<RunRecordInput> = {}): string =>
    formatRunRecord({ date, startedAt: `${date}T00:30:00Z`, finishedAt: `${date}T00:32:00Z`, trigger: 'schedule', outcome, ...extra });
  const log = [
    run(briefed, 'published', { papers: 4, writer: 'extractive', requests: 7, runUrl: 'https://github.com/o/r/actions/runs/1' }),
    run(day(3), 'failed', {
      reason: 'arXiv API: HTTP 503 after 4 attempts',
      sources: [
        { name: 'Hugging Face Daily Papers', status: 'ok' },
        { name: 'arXiv API', status: 'failed', note: 'HTTP 503 Service Unavailable' },
      ],
      runUrl: 'https://github.com/o/r/actions/runs/2',
    }),
    run(day(2), 'nothing-new', { reason: 'no papers listed on that day' }),
    run(today, 'failed', { reason: 'LLM writer: 429 insufficient_quota' }),
  ];
  const runsLog = path.join(out, 'runs.jsonl');
  await writeFile(runsLog, `${log.join('\n')}\n`);
  const result = await buildSite({ briefingsDir: archiveDir, distDir: path.join(out, 'dist'), basePath: '/paper-briefing/', env: { RUNS_LOG: runsLog } });
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
  html = read(path.join(out, 'dist'), 'status/index.html');
});

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('/status/', () => {
  it('is linked from the footer of every page, under the base path', () => {
    for (const page of ['index.html', 'status/index.html', `briefings/${briefed}/index.html`]) {
      expect(read(path.join(out, 'dist'), page)).toMatch(new RegExp(`<footer[\\s\\S]*href="/paper-briefing/status/"[^>]*>${t(lang, 'status.title')}</a>`));
    }
  });


  it('shows the last successful run, the last run and the failure with its reason', () => {
    const text = decodeEntities(html);
    // The newest run that did not fail is the quiet day's (nothing new is a successful run).
    expect(text).toMatch(new RegExp(`id="last-success"[^>]*><time datetime="${day(2)}T00:32:00Z"[^>]*>[^<]+</time> · ${day(2)} · ${outcomeLabel(lang, 'nothing-new')}<`));
    expect(text).toMatch(new RegExp(`id="last-run"[^>]*><time datetime="${today}T00:32:00Z"[^>]*>[^<]+</time> · ${today} · <span class="status-failed"[^>]*>${outcomeLabel(lang, 'failed')}<`));
    expect(text).toContain(`${failingLabel(lang, 1)}</strong>${colon}LLM writer: 429 insufficient_quota`);
  });

  it('explains every day of the window, linking the day that has a briefing under the base path', () => {
    expect(row(briefed)).toContain(`href="/paper-briefing/briefings/${briefed}/"`);
    expect(row(briefed)).toContain('data-state="published"');
    expect(row(day(3))).toContain('data-state="source-down"');
    expect(row(day(3))).toContain('href="https://github.com/o/r/actions/runs/2"');
    expect(row(day(3))).toContain(`${t(lang, 'status.explain.source-down', { sources: 'arXiv API' })}${colon}arXiv API${colon}HTTP 503 Service Unavailable; arXiv API: HTTP 503 after 4 attempts`);
    const quiet = weekdayOf(day(2)) % 6 === 0 ? 'weekend' : 'nothing-new';
    expect(row(day(2))).toContain(`data-state="${quiet}"`);
    expect(row(day(2))).toContain('no papers listed on that day');
    expect(row(day(1))).toContain('data-state="not-run"');
    expect(row(today)).toContain('data-state="failed"');
    expect(row(today)).toContain('LLM writer: 429 insufficient_quota');
  });

  it('counts model sentences dropped for unsupported numbers, per day and over the window', () => {
    const text = decodeEntities(html);
    expect(text).toMatch(new RegExp(`<li id="dropped-numbers"[^>]*><strong[^>]*>3</strong> ${t(lang, 'status.droppedNumbers')}</li>`));
    expect(row(briefed)).toContain(`data-dropped="3"`);
    expect(row(briefed)).toContain(t(lang, 'status.droppedOnDay', { count: 3 }));
  });

  it("shows papers per day, the writer, and each source's history", () => {
    expect(row(briefed)).toMatch(/<span class="count"[^>]*>4<\/span>/);
    expect(row(briefed)).toContain(`>${t(lang, 'status.writer.extractive')}<`);
    const sources = decodeEntities(html.match(/<table class="status-sources[\s\S]*?<\/table>/)![0]);
    expect(sources).toContain('arXiv API');
    expect(sources).toContain(`${day(3)}: `);
    expect(sources.match(/class="cell cell-failed/g)).toHaveLength(1);
  });
});
