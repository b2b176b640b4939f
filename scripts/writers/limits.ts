/**
 * Run limits for the LLM writer: a concurrency limiter and the per-run budget (papers and tokens; the
 * request count is metered on the HTTP attempts themselves, scripts/writers/provider.ts).
 */

/** Runs at most `n` tasks at once, in submission order. */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  const size = Math.max(1, Math.floor(n));
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active >= size) return;
    const start = queue.shift();
    if (start) {
      active++;
      start();
    }
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        task()
          .then(resolve, reject)
          .finally(() => {
            active--;
            next();
          });
      });
      next();
    });
}

export interface Reservation {
  tokens: number;
  paper: boolean;
}

/**
 * The per-run budget. A call starts only if its worst case (estimated input + the output cap) fits in
 * what is left, counting calls still in flight, so concurrent calls cannot overshoot the token budget.
 * Papers count when their call starts. Cached answers cost nothing.
 */
export interface Budget {
  reserve(tokens: number, paper: boolean): Reservation | null;
  /**
   * Grows a reservation before a further attempt of the same call (the schema-in-prompt route, the
   * repair request): false, and nothing reserved, when that attempt's worst case no longer fits.
   */
  extend(reservation: Reservation, tokens: number): boolean;
  /** Replaces a reservation with what the call actually used. */
  settle(reservation: Reservation, used: number): void;
  readonly used: { papers: number; tokens: number };
  readonly exhausted: boolean;
}

export function createBudget(limits: { papers: number; tokens: number }): Budget {
  let papers = 0;
  let tokens = 0;
  let reserved = 0;
  let refused = false;
  return {
    reserve(estimate, paper) {
      if ((paper && papers >= limits.papers) || tokens + reserved + estimate > limits.tokens) {
        refused = true;
        return null;
      }
      if (paper) papers++;
      reserved += estimate;
      return { tokens: estimate, paper };
    },
    extend(reservation, estimate) {
      if (tokens + reserved + estimate > limits.tokens) {
        refused = true;
        return false;
      }
      reserved += estimate;
      reservation.tokens += estimate;
      return true;
    },
    settle(reservation, used) {
      reserved -= reservation.tokens;
      tokens += used;
    },
    get used() {
      return { papers, tokens };
    },
    get exhausted() {
      return refused;
    },
  };
}

/** A rough upper estimate of the tokens of a prompt: ~3 characters per token (CJK is denser). */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (const ch of text) if (/[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch)) cjk++;
  return Math.ceil((text.length - cjk) / 3) + cjk * 2;
}
