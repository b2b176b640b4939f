import { describe, expect, it } from 'vitest';
import { parseBriefing, type Briefing, type SourceStatus } from '../src/schema/briefing.ts';
import { parseRunLog, parseRunRecord, formatRunRecord, type RunRecord, type RunRecordInput } from '../src/schema/run.ts';
import { addDays, todayIn, weekdayOf } from '../lib/dates.ts';
import { computeStatus } from '../src/data/status.ts';
import { briefingSchema } from '../src/config.ts';
import { dictionary, t } from '../src/i18n/index.ts';
import { colon } from '../src/i18n/locale.ts';

const HF = 'Hugging Face Daily Papers';
const ARXIV = 'arXiv API';
const GH = 'GitHub API';

/** A valid briefing frontmatter for `date` with `n` papers (the first `featured` of them featured). */
function briefing(date: string, n: number, opts: { featured?: number; writer?: 'llm' | 'extractive' | 'mixed'; model?: string; tokens?: [number, number]; dropped?: number; sources?: [string, SourceStatus, string?][] } = {}): Briefing {
  const writer = opts.writer ?? 'extractive';
  return parseBriefing(briefingSchema, 
    {
      date,
      title: `Briefing ${date}`,
      summary: 'summary',
      language: 'en',
      window: { from: date, to: date },
      sources: (opts.sources ?? [[HF, 'ok'], [ARXIV, 'ok'], [GH, 'ok']]).map(([name, status, note]) => ({ name, status, note: note ?? '', requests: 2 })),
      papers: Array.from({ length: n }, (_, i) => ({
        id: `2605.${String(10000 + i + Number(date.slice(8)) * 100)}`,
        title: `Paper ${i}`,
        category: ['llm-agent'],
        date,
        featured: i < (opts.featured ?? Math.min(n, 3)),
        summarizer: writer === 'llm' ? 'llm' : 'extractive',
      })),
      generator: {
        version: '0.1.0',
        writer,
        model: writer === 'extractive' ? null : (opts.model ?? 'gpt-4o-mini'),
        tokens: opts.tokens ? { input: opts.tokens[0], output: opts.tokens[1] } : undefined,
        ...(opts.dropped !== undefined ? { grounding: { dropped: opts.dropped, numbers: ['37.9%'] } } : {}),
        generatedAt: `${date}T00:31:00Z`,
      },
    },
    `${date}.mdx`,
  );
}

function run(date: string, outcome: RunRecordInput['outcome'], extra: Partial<RunRecordInput> = {}, at = '00:30'): RunRecord {
  return parseRunRecord({
    date,
    startedAt: `${date}T${at}:00Z`,
    finishedAt: `${date}T${at}:40Z`,
    trigger: 'schedule',
    outcome,
    reason: outcome === 'failed' ? 'it failed' : '',
    ...extra,
  });
}

describe('run log schema', () => {
  it('round-trips a record through a log line', () => {
    const line = formatRunRecord({ date: '2026-05-31', startedAt: '2026-05-31T00:30:00Z', finishedAt: '2026-05-31T00:31:00Z', outcome: 'published', papers: 12 });
    const [record] = parseRunLog(`${line}\n\n`);
    expect(record).toMatchObject({ date: '2026-05-31', outcome: 'published', papers: 12, tokens: { input: 0, output: 0 }, schema: 1 });
  });

  it('names the file, line and field of a bad record', () => {
    const good = formatRunRecord({ date: '2026-05-31', startedAt: '2026-05-31T00:30:00Z', finishedAt: '2026-05-31T00:31:00Z', outcome: 'published' });
    expect(() => parseRunLog(`${good}\n{"date":"2026-02-30","startedAt":"x","finishedAt":"2026-05-31T00:31:00Z","outcome":"done"}\n`, 'content/runs.jsonl')).toThrow(
      /content\/runs\.jsonl:2: date: expected a date YYYY-MM-DD, got "2026-02-30"[\s\S]*content\/runs\.jsonl:2: startedAt: expected an ISO timestamp[\s\S]*content\/runs\.jsonl:2: outcome:/,
    );
    expect(() => parseRunLog('{not json', 'runs.jsonl')).toThrow(/runs\.jsonl:1: not valid JSON/);
  });

  it('requires a reason for a failed run and an end after the start', () => {
    expect(() => parseRunRecord({ date: '2026-05-31', startedAt: '2026-05-31T00:30:00Z', finishedAt: '2026-05-31T00:31:00Z', outcome: 'failed' })).toThrow(/reason: a failed run must say why/);
    expect(() => parseRunRecord({ date: '2026-05-31', startedAt: '2026-05-31T08:30:00+08:00', finishedAt: '2026-05-31T00:29:00Z', outcome: 'published' })).toThrow(/finishedAt .* is before startedAt/);
    // Same instant in two offsets is fine.
    expect(parseRunRecord({ date: '2026-05-31', startedAt: '2026-05-31T08:30:00+08:00', finishedAt: '2026-05-31T00:30:00Z', outcome: 'published' }).outcome).toBe('published');
  });
});

describe('day helpers', () => {
  it('adds days across month and year ends and knows weekdays', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekdayOf('2026-05-30')).toBe(6); // Saturday
    expect(weekdayOf('2026-05-31')).toBe(0); // Sunday
    expect(weekdayOf('2026-06-01')).toBe(1);
  });

  it("computes today in the archive's timezone, not the machine's", () => {
    const now = new Date('2026-05-31T20:00:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2026-06-01');
    expect(todayIn('America/Los_Angeles', now)).toBe('2026-05-31');
  });
});

describe('computeStatus over a generated archive and run log', () => {
  // Two weeks ending Monday 2026-06-15. Every weekday has a briefing except:
  //   06-03 (Wed) arXiv down → failed run, no briefing;   06-10 (Wed) nothing new;
  //   06-11 (Thu) failed: key out of credit, no source down; 06-12 (Fri) no run at all.
  // Weekends: 06-06/07 no run; 06-13 (Sat) run with nothing new; 06-14 (Sun) a widened briefing.
  // 06-15 (today): a failed first attempt, then a successful re-run.
  const today = '2026-06-15';
  const briefings: Briefing[] = [];
  const runs: RunRecord[] = [];
  const weekdaysWithBriefing = ['2026-06-01', '2026-06-02', '2026-06-04', '2026-06-05', '2026-06-08', '2026-06-09', '2026-06-14', '2026-06-15'];
  weekdaysWithBriefing.forEach((date, i) => {
    const llm = i % 2 === 0;
    briefings.push(briefing(date, 10 + i, llm ? { writer: 'llm', tokens: [1000 + i, 100 + i], dropped: i } : {}));
    const sources = [{ name: HF, status: 'ok' as const }, { name: ARXIV, status: 'ok' as const }, { name: GH, status: i === 3 ? ('degraded' as const) : ('ok' as const), note: i === 3 ? 'rate limited (403); stars not verified' : '' }];
    runs.push(run(date, 'published', { papers: 10 + i, requests: 5, writer: llm ? 'llm' : 'extractive', sources }, date === today ? '02:00' : '00:30'));
  });
  runs.push(run('2026-06-03', 'failed', { reason: 'arXiv API: HTTP 503 after 4 attempts', requests: 9, sources: [{ name: HF, status: 'ok' }, { name: ARXIV, status: 'failed', note: 'HTTP 503 Service Unavailable' }] }));
  runs.push(run('2026-06-10', 'nothing-new', { reason: 'all 7 listed papers were already covered' }));
  runs.push(run('2026-06-11', 'failed', { reason: 'LLM writer: 429 insufficient_quota', sources: [{ name: HF, status: 'ok' }, { name: ARXIV, status: 'ok' }] }));
  runs.push(run('2026-06-13', 'nothing-new', { reason: 'no new listing' }));
  // 06-15: the failed attempt happened first (00:30), the re-run (02:00) succeeded; the record order is shuffled.
  runs.push(run('2026-06-15', 'failed', { reason: 'network reset' }, '00:30'));
  runs.reverse();

  const status = computeStatus(briefings, runs, { today, days: 30 });
  const day = (date: string) => {
    const d = status.days.find((x) => x.date === date);
    if (!d) throw new Error(`no day ${date}`);
    return d;
  };

  it('covers the window newest first, starting at the first known day', () => {
    expect(status.days[0]!.date).toBe(today);
    expect(status.days.at(-1)!.date).toBe('2026-06-01');
    expect(status.days).toHaveLength(15);
  });

  it('explains each day without a briefing', () => {
    expect(day('2026-06-03')).toMatchObject({ state: 'source-down', reason: 'arXiv API: HTTP 503 after 4 attempts' });
    expect(day('2026-06-03').downSources.map((s) => [s.name, s.note])).toEqual([[ARXIV, 'HTTP 503 Service Unavailable']]);
    expect(day('2026-06-10')).toMatchObject({ state: 'nothing-new', reason: 'all 7 listed papers were already covered' });
    expect(day('2026-06-11')).toMatchObject({ state: 'failed', reason: 'LLM writer: 429 insufficient_quota', downSources: [] });
    expect(day('2026-06-12')).toMatchObject({ state: 'not-run', run: null, attempts: 0 });
    // The daily run runs on weekends too: a weekend day without a record is a missed run.
    expect(day('2026-06-06')).toMatchObject({ state: 'not-run', run: null });
    expect(day('2026-06-07')).toMatchObject({ state: 'not-run', run: null });
    expect(day('2026-06-13')).toMatchObject({ state: 'weekend', reason: 'no new listing' });
    expect(day('2026-06-14').state).toBe('published');
    expect(status.totals.gaps).toEqual({ 'source-down': 1, 'nothing-new': 1, failed: 1, 'not-run': 3, weekend: 1 });
  });

  it('counts papers per day, writers and tokens from the briefings', () => {
    expect(day('2026-06-01').briefing).toEqual({ papers: 10, featured: 3, writer: 'llm', model: 'gpt-4o-mini', tokens: { input: 1000, output: 100 }, droppedNumbers: 0 });
    // Sentences the LLM writer dropped for numbers their sources do not hold (generator.grounding).
    expect(day('2026-06-04').briefing?.droppedNumbers).toBe(2);
    expect(status.totals.droppedNumbers).toBe(0 + 2 + 4 + 6);
    expect(day('2026-06-02').briefing).toMatchObject({ papers: 11, writer: 'extractive', model: null });
    expect(status.totals.briefings).toBe(8);
    expect(status.totals.papers).toBe(10 + 11 + 12 + 13 + 14 + 15 + 16 + 17);
    expect(status.totals.featured).toBe(24);
    expect(status.totals.tokens).toEqual({ input: 1000 + 1002 + 1004 + 1006, output: 100 + 102 + 104 + 106 });
    // Most used first; a tie goes to the most recently used (today's briefing is extractive).
    expect(status.totals.writers).toEqual([
      { writer: 'extractive', model: null, days: 4 },
      { writer: 'llm', model: 'gpt-4o-mini', days: 4 },
    ]);
    const moreLlm = computeStatus([...briefings, briefing('2026-06-12', 3, { writer: 'llm', model: 'qwen3' }), briefing('2026-06-11', 3, { writer: 'llm' })], runs, { today, days: 30 });
    expect(moreLlm.totals.writers).toEqual([
      { writer: 'llm', model: 'gpt-4o-mini', days: 5 },
      { writer: 'extractive', model: null, days: 4 },
      { writer: 'llm', model: 'qwen3', days: 1 },
    ]);
    expect(status.maxPapers).toBe(17);
  });

  it("tracks each source's status per day and its last problem", () => {
    const arxiv = status.sources.find((s) => s.name === ARXIV)!;
    const gh = status.sources.find((s) => s.name === GH)!;
    expect(status.sources.map((s) => s.name)).toEqual([HF, ARXIV, GH]);
    expect(arxiv.days).toHaveLength(status.days.length);
    expect(arxiv.counts).toEqual({ ok: 9, degraded: 0, failed: 1, skipped: 0 });
    expect(arxiv.lastProblem).toEqual({ date: '2026-06-03', status: 'failed', note: 'HTTP 503 Service Unavailable' });
    expect(arxiv.days[status.days.findIndex((d) => d.date === '2026-06-12')]).toBeNull();
    expect(gh.lastProblem).toEqual({ date: '2026-06-05', status: 'degraded', note: 'rate limited (403); stars not verified' });
  });

  it('keeps the newest run of a day and finds the last success and the failure streak', () => {
    expect(status.days[0]).toMatchObject({ state: 'published', attempts: 2 });
    expect(status.days[0]!.run?.outcome).toBe('published');
    expect(status.lastSuccess?.finishedAt).toBe('2026-06-15T02:00:40Z');
    expect(status.lastRun?.finishedAt).toBe('2026-06-15T02:00:40Z');
    expect(status.failureStreak).toBe(0);

    // Without the re-run, today's newest record is the failure, and the streak is 1.
    const failedToday = computeStatus(
      briefings.filter((b) => b.date !== today),
      runs.filter((r) => !(r.date === today && r.outcome === 'published')),
      { today, days: 30 },
    );
    expect(failedToday.days[0]).toMatchObject({ state: 'failed', reason: 'network reset', attempts: 1 });
    expect(failedToday.failureStreak).toBe(1);
    expect(failedToday.lastSuccess?.date).toBe('2026-06-14');
    expect(failedToday.lastRun?.outcome).toBe('failed');
  });

  it('counts consecutive failures across days', () => {
    const failing = [run('2026-06-01', 'published'), run('2026-06-02', 'failed'), run('2026-06-03', 'failed'), run('2026-06-04', 'failed')];
    expect(computeStatus([], failing, { today: '2026-06-04', days: 30 }).failureStreak).toBe(3);
  });

  it('limits the window to the requested number of days', () => {
    const short = computeStatus(briefings, runs, { today, days: 7 });
    expect(short.days.map((d) => d.date)).toEqual(['2026-06-15', '2026-06-14', '2026-06-13', '2026-06-12', '2026-06-11', '2026-06-10', '2026-06-09']);
    expect(short.totals.briefings).toBe(3);
  });

  it('calls today pending before its run, and ignores future days', () => {
    const s = computeStatus([briefing('2026-06-14', 5), briefing('2026-06-20', 5)], [], { today, days: 30 });
    expect(s.days.map((d) => [d.date, d.state])).toEqual([
      ['2026-06-15', 'pending'],
      ['2026-06-14', 'published'],
    ]);
    expect(s.lastRun).toBeNull();
    expect(s.lastSuccess).toBeNull();
    expect(s.latestBriefing).toEqual({ date: '2026-06-20', generatedAt: '2026-06-20T00:31:00Z' });
  });

  it('does not count the days before the daily run began as gaps (old briefings imported)', () => {
    const s = computeStatus([briefing('2026-03-02', 5), briefing('2026-03-03', 6)], [run('2026-06-14', 'published'), run(today, 'nothing-new')], { today, days: 30 });
    expect(s.days.map((d) => d.date)).toEqual([today, '2026-06-14']);
    expect(s.latestBriefing?.date).toBe('2026-03-03');
    expect(s.totals.gaps).toEqual({ 'nothing-new': 1, failed: 1 });
  });

  it('says so when a run claims a briefing the archive does not have', () => {
    const s = computeStatus([], [run('2026-06-15', 'published', { briefing: 'content/briefings/2026-06-15.mdx' })], { today, days: 30 });
    expect(s.days[0]!.state).toBe('failed');
    expect(s.days[0]!.reason).toMatch(/recorded "published" but content\/briefings\/2026-06-15\.mdx is not in the archive/);
  });

  it('counts briefings that no run recorded (brief, import, demo), and ends an old archive’s window at its newest day', () => {
    // 31 briefings made with `npm run brief --replay` for a past month, no run log: the page is built months later.
    const month = Array.from({ length: 31 }, (_, i) => briefing(`2026-05-${String(i + 1).padStart(2, '0')}`, 4));
    const s = computeStatus(month, [], { today: '2026-11-30', days: 30 });
    expect(s.stale).toBe(true);
    expect(s.windowEnd).toBe('2026-05-31');
    expect(s.days.map((d) => d.date)).toEqual(month.slice(1).map((b) => b.date).reverse());
    expect(s.totals.briefings).toBe(30);
    expect(s.totals.papers).toBe(120);
    expect(s.days.every((d) => d.state === 'published')).toBe(true);
    expect(s.archive).toEqual({ briefings: 31, papers: 124, first: '2026-05-01', latest: '2026-05-31' });
    // A run inside the window keeps the window at today: briefings without a run record still count in it.
    const recent = computeStatus([briefing('2026-06-10', 5), briefing('2026-06-12', 5)], [run(today, 'nothing-new')], { today, days: 30 });
    expect(recent.stale).toBe(false);
    expect(recent.windowEnd).toBe(today);
    expect(recent.totals.briefings).toBe(2);
    // Days after today are not in the archive's figures.
    expect(computeStatus([briefing('2026-06-14', 5), briefing('2026-06-20', 5)], [], { today, days: 30 }).archive).toEqual({ briefings: 1, papers: 5, first: '2026-06-14', latest: '2026-06-14' });
  });

  it('handles an empty archive and rejects a bad window', () => {
    const s = computeStatus([], [], { today, days: 30 });
    expect(s.days).toHaveLength(1);
    expect(s.days[0]!.state).toBe('pending');
    expect(s.sources).toEqual([]);
    expect(() => computeStatus([], [], { today, days: 0 })).toThrow(/days must be a positive integer/);
  });
});

describe('day explanations', async () => {
  const { explainDay, failingLabel, outcomeLabel, stateLabel } = await import('../src/i18n/status.ts');
  const base = { date: '2026-06-03', weekday: 3, weekend: false, briefing: null, run: null, attempts: 1, sources: {}, requests: 0 };

  it('names the source that was down, its note and the run reason', () => {
    const down = { ...base, state: 'source-down' as const, reason: 'arXiv API: HTTP 503 after 4 attempts', downSources: [{ name: 'arXiv API', status: 'failed' as const, note: 'HTTP 503' }] };
    for (const lang of ['en', 'zh-CN'] as const) {
      const sep = colon(lang);
      expect(explainDay(lang, down)).toBe(`${t(lang, 'status.explain.source-down', { sources: 'arXiv API' })}${sep}arXiv API${sep}HTTP 503; arXiv API: HTTP 503 after 4 attempts`);
    }
  });

  it('explains failures, quiet days, weekends and missing runs', () => {
    expect(explainDay('en', { ...base, state: 'failed', reason: 'LLM writer: 401', downSources: [] })).toBe(`${t('en', 'status.explain.failed')}${colon('en')}LLM writer: 401`);
    expect(explainDay('en', { ...base, state: 'nothing-new', reason: '', downSources: [] })).toBe(t('en', 'status.explain.nothing-new'));
    expect(explainDay('en', { ...base, state: 'weekend', reason: 'no new listing', downSources: [] })).toBe(`${t('en', 'status.explain.weekend')} no new listing`);
    expect(explainDay('en', { ...base, state: 'not-run', reason: '', downSources: [] })).toBe(t('en', 'status.explain.not-run'));
    expect(explainDay('en', { ...base, state: 'published', reason: 'wrote x', downSources: [] })).toBe('');
  });

  it('has a label for every state and outcome in both languages', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      for (const state of ['published', 'kept-edited', 'weekend', 'source-down', 'failed', 'nothing-new', 'pending', 'not-run'] as const) {
        expect(stateLabel(lang, state)).toBe(dictionary(lang)[`status.state.${state}`]);
        expect(stateLabel(lang, state)).not.toBe('');
      }
      for (const outcome of ['published', 'unchanged', 'kept-edited', 'nothing-new', 'skipped', 'failed'] as const) {
        expect(outcomeLabel(lang, outcome)).toBe(dictionary(lang)[`status.outcome.${outcome}`]);
        expect(outcomeLabel(lang, outcome)).not.toBe('');
      }
    }
    expect(failingLabel('en', 1)).toBe(t('en', 'status.failingLast'));
    expect(failingLabel('en', 3)).toBe(t('en', 'status.failing', { n: 3 }));
  });
});

describe('startOfDayIn', () => {
  it('is the instant the calendar day begins in the timezone, across DST changes', async () => {
    const { startOfDayIn } = await import('../lib/dates.ts');
    expect(startOfDayIn('2026-05-03', 'Asia/Shanghai').toISOString()).toBe('2026-05-02T16:00:00.000Z');
    expect(startOfDayIn('2026-05-03', 'UTC').toISOString()).toBe('2026-05-03T00:00:00.000Z');
    expect(startOfDayIn('2026-01-15', 'America/Los_Angeles').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(startOfDayIn('2026-07-15', 'America/Los_Angeles').toISOString()).toBe('2026-07-15T07:00:00.000Z');
    // The days DST starts and ends in New York (midnight is still EST on the first, EDT on the second).
    expect(startOfDayIn('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayIn('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDayIn('2026-10-04', 'Australia/Sydney').toISOString()).toBe('2026-10-03T14:00:00.000Z');
    expect(startOfDayIn('2026-05-03', 'Asia/Kolkata').toISOString()).toBe('2026-05-02T18:30:00.000Z');
    // And in that timezone the instant reads as the day itself.
    for (const tz of ['Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const { todayIn } = await import('../lib/dates.ts');
      expect(todayIn(tz, startOfDayIn('2026-05-03', tz))).toBe('2026-05-03');
    }
  });
});
