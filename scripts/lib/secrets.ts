/**
 * The secrets this project handles (OPENAI_API_KEY, GITHUB_TOKEN) and the ways they are kept out of
 * what it writes and prints: by value (the key itself, wherever it turns up: model output, an error a
 * server echoed, a response body) and by shape (a token-looking string from anywhere). Also the
 * environment for a child process that must not see them (the site build, its plugins, pagefind).
 */

/** Environment variables whose values are secrets: never written to the log, the summary or a commit. */
export const SECRET_ENV = ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'GH_TOKEN'] as const;

/** Very short values would blank out ordinary words; real keys are long. */
const MIN_SECRET_LENGTH = 8;

/** Token shapes worth hiding even when they did not come from a known variable. */
const TOKEN_PATTERNS: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI-style keys
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /(\bBearer\s+)[A-Za-z0-9._~+/-]{12,}=*/gi,
];

/** The secret values set in `env` (long enough to redact safely). */
export function secretValues(env: Record<string, string | undefined>): string[] {
  const values = SECRET_ENV.map((name) => env[name]?.trim()).filter((v): v is string => Boolean(v && v.length >= MIN_SECRET_LENGTH));
  // Longest first, so a value that contains another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

/** Replaces the secret values of `env` with `***`; leaves everything else as it is. */
export function redactSecretValues(text: string, env: Record<string, string | undefined>): string {
  let out = text;
  for (const value of secretValues(env)) out = out.split(value).join('***');
  return out;
}

/** Replaces secret values (from `env`) and token-shaped strings with `***`. */
export function redactSecrets(text: string, env: Record<string, string | undefined>): string {
  let out = redactSecretValues(text, env);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, (_match, prefix?: string) => (typeof prefix === 'string' && /^Bearer/i.test(prefix) ? `${prefix}***` : '***'));
  return out;
}

/** `env` without the secret variables: for a child process that has no use for them. */
export function withoutSecrets<T extends Record<string, string | undefined>>(env: T): T {
  const out = { ...env };
  for (const name of SECRET_ENV) delete out[name];
  return out;
}

/**
 * A redacting pass-through for a child's output: complete lines (or progress updates ending in `\r`)
 * are redacted and handed on; a partial line waits for the rest, so a secret split across two chunks
 * is still caught. Call `end()` when the stream closes.
 */
export function redactingWriter(write: (text: string) => void, env: Record<string, string | undefined>): { write(chunk: string): void; end(): void } {
  let pending = '';
  return {
    write(chunk: string) {
      pending += chunk;
      const cut = Math.max(pending.lastIndexOf('\n'), pending.lastIndexOf('\r'));
      if (cut === -1) return;
      write(redactSecrets(pending.slice(0, cut + 1), env));
      pending = pending.slice(cut + 1);
    },
    end() {
      if (pending) write(redactSecrets(pending, env));
      pending = '';
    },
  };
}

/** `value` with the secret values of `env` redacted in every string it holds (objects and arrays walked). */
export function redactSecretValuesDeep<T>(value: T, env: Record<string, string | undefined>): T {
  if (secretValues(env).length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecretValues(v, env);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
