/**
 * Calendar days as `YYYY-MM-DD` strings, shared by the site (status page, feeds) and the pipeline (window,
 * archive, flags). A day is a calendar date, not an instant: arithmetic is done at UTC midnight so it never
 * shifts with the machine's timezone; `todayIn` and `startOfDayIn` are the only places a timezone enters.
 */

/** True for a real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isValidDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The calendar day `n` days after `day` (negative goes back). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The YYYY-MM-DD a timestamp starts with (`2026-05-01T17:59:59Z` → `2026-05-01`), or null. */
export function dayPrefix(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  return m ? m[1]! : null;
}

/** Today's date, YYYY-MM-DD, in an IANA timezone. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The instant a calendar day begins in an IANA timezone (e.g. 2026-05-03 in Asia/Shanghai is
 * 2026-05-02T16:00:00Z), so a reader in that timezone sees the day's own date, not the one before.
 */
export function startOfDayIn(day: string, timezone: string): Date {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  // The zone's offset at an instant: its wall clock read as if it were UTC, minus the instant.
  const offset = (t: number): number => {
    const p = Object.fromEntries(format.formatToParts(t).map((part) => [part.type, Number(part.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(t / 1000) * 1000;
  };
  const wall = Date.parse(`${day}T00:00:00Z`);
  // Twice: the offset at the guess can differ from the offset at UTC midnight across a DST change.
  const guess = wall - offset(wall);
  return new Date(wall - offset(guess));
}

/** True when `name` is an IANA timezone this runtime knows. */
export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
