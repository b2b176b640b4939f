/**
 * Progress display for `npm run brief`: on a terminal, one live line (stage, done/total, retries)
 * rewritten in place; in CI or when piped, plain log lines at stage boundaries and for each retry, so
 * logs stay readable. Tests use `silentProgress` or capture the lines.
 */
import type { HttpEvent } from './http.ts';

export interface Progress {
  /** Starts a stage with an optional known total. */
  stage(name: string, total?: number): void;
  /** Marks `n` items of the current stage done. */
  advance(n?: number): void;
  /** An HTTP event (retries are shown). */
  http(event: HttpEvent): void;
  /** A line that must always be shown (warnings, results). */
  log(line: string): void;
  /** Ends the live line. */
  done(): void;
}

export const silentProgress: Progress = { stage() {}, advance() {}, http() {}, log() {}, done() {} };

export interface ProgressOptions {
  write: (text: string) => void;
  /** Live single-line mode (a TTY that is not CI). */
  live: boolean;
  now?: () => number;
}

/** Live line on a TTY outside CI, plain lines otherwise. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, env: Record<string, string | undefined> = process.env): Progress {
  const live = Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
  return createProgressWith({ write: (t) => stream.write(t), live });
}

export function createProgressWith(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  let name = '';
  let total: number | undefined;
  let done = 0;
  let retries = 0;
  let started = now();
  let lastDraw = 0;
  let lineShown = false;

  const render = (): string => {
    const count = total !== undefined ? ` ${done}/${total}` : done > 0 ? ` ${done}` : '';
    const retry = retries > 0 ? ` · ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
    return `${name}${count}${retry}`;
  };
  const draw = (force = false): void => {
    if (!options.live || name === '') return;
    const t = now();
    if (!force && t - lastDraw < 80) return;
    lastDraw = t;
    options.write(`\r\x1b[K${render()}`);
    lineShown = true;
  };
  const clear = (): void => {
    if (options.live && lineShown) {
      options.write('\r\x1b[K');
      lineShown = false;
    }
  };
  const finishStage = (): void => {
    if (name === '') return;
    if (!options.live) options.write(`${render()} (${((now() - started) / 1000).toFixed(1)} s)\n`);
  };

  return {
    stage(next, nextTotal) {
      finishStage();
      name = next;
      total = nextTotal;
      done = 0;
      retries = 0;
      started = now();
      draw(true);
    },
    advance(n = 1) {
      done += n;
      draw();
    },
    http(event) {
      if (event.type !== 'retry') return;
      retries++;
      const line = `  retry ${event.attempt} ${event.source}: ${event.reason}, waiting ${(event.waitMs / 1000).toFixed(1)} s`;
      if (options.live) draw(true);
      else options.write(`${line}\n`);
    },
    log(line) {
      clear();
      options.write(`${line}\n`);
      draw(true);
    },
    done() {
      finishStage();
      clear();
      name = '';
    },
  };
}
