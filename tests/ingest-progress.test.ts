/** The progress display: one live line on a terminal, plain lines in CI and pipes. */
import { describe, expect, it } from 'vitest';
import { createProgressWith } from '../scripts/lib/progress.ts';

function capture(live: boolean) {
  let out = '';
  let t = 0;
  const progress = createProgressWith({ write: (s) => (out += s), live, now: () => (t += 100) });
  return { progress, out: () => out };
}

describe('progress', () => {
  it('prints plain lines per stage and per retry when not a terminal', () => {
    const { progress, out } = capture(false);
    progress.stage('arXiv', 2);
    progress.advance();
    progress.http({ type: 'retry', source: 'arxiv', url: 'u', attempt: 1, waitMs: 5000, reason: 'HTTP 429 (rate limited)' });
    progress.advance();
    progress.stage('GitHub', 1);
    progress.advance();
    progress.done();
    const lines = out().trimEnd().split('\n');
    expect(lines[0]).toBe('  retry 1 arxiv: HTTP 429 (rate limited), waiting 5.0 s');
    expect(lines[1]).toMatch(/^arXiv 2\/2 · 1 retry \(\d+\.\d s\)$/);
    expect(lines[2]).toMatch(/^GitHub 1\/1 \(\d+\.\d s\)$/);
    expect(out()).not.toContain('\r');
  });
  it('rewrites one line in place on a terminal and clears it at the end', () => {
    const { progress, out } = capture(true);
    progress.stage('GitHub', 3);
    progress.advance();
    progress.log('warning: something');
    progress.done();
    expect(out()).toContain('\r\x1b[KGitHub 0/3');
    expect(out()).toContain('warning: something\n');
    expect(out().endsWith('\r\x1b[K')).toBe(true);
  });
});
