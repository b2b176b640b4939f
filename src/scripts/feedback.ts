/**
 * The reader's votes, kept in the browser: the "useful" / "not relevant" buttons on each paper
 * (`initButtons`, placed by src/components/Feedback.astro) and the "My feedback" page (`initPage`,
 * src/pages/feedback/index.astro), which lists, undoes, exports and sends them. No server: the votes live
 * in localStorage under one key per site (its base path), as `{ [arXiv id]: { verdict, at, time, title,
 * day } }` — `at` the local day of the vote, `time` its ISO time, `title` and `day` the paper and the
 * briefing it was voted on. Exported as JSON Lines in the feedback log's format (scripts/rank/feedback.ts),
 * oldest first, so the latest vote wins in the log as it does here.
 *
 * Without JavaScript nothing of this shows: the buttons' places are empty and hidden, and the page says
 * what it needs. Text is set as text (never innerHTML), and everything read back from storage is checked.
 * Budget: all of it under 2 KB gzipped (tests/feedback-site.test.ts measures the built files).
 */

export type Verdict = 'like' | 'dislike';
export interface Vote {
  verdict: Verdict;
  /** The day of the vote, YYYY-MM-DD, in the reader's timezone. */
  at: string;
  /** When, ISO 8601. */
  time: string;
  title: string;
  /** The briefing the vote was cast on (its page links to the paper). */
  day: string;
}
export type Votes = Record<string, Vote>;

/** One key per site: two archives on one origin (GitHub project pages) keep their own votes. */
export const STORE = `paper-briefing:feedback:${import.meta.env.BASE_URL}`;
const ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const VERDICT = /^(like|dislike)$/;

/** The stored votes (entries that are not votes dropped), or null when storage cannot be read. */
export function load(): Votes | null {
  try {
    const votes = (JSON.parse(localStorage.getItem(STORE) || '{}') || {}) as Votes;
    for (const id in votes) if (!ID.test(id) || !VERDICT.test(votes[id]!.verdict) || !DAY.test(votes[id]!.at)) delete votes[id];
    return votes;
  } catch {
    return null;
  }
}

function save(votes: Votes): void {
  try {
    localStorage.setItem(STORE, JSON.stringify(votes));
  } catch {
    // Storage full or refused: the vote holds for this page only.
  }
}

/** Sets (or, with null, removes) the vote on a paper; returns the votes as stored. */
export function vote(id: string, verdict: Verdict | null, title: string, day: string, now = new Date()): Votes {
  const votes = load() || {};
  if (verdict) {
    // The local calendar day: a vote at 00:30 in Shanghai is dated that day, not the day before (UTC).
    const at = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    votes[id] = { verdict, at, time: now.toISOString(), title, day };
  } else delete votes[id];
  save(votes);
  return votes;
}

/** The arXiv ids of the votes, oldest vote first. */
export function byTime(votes: Votes): string[] {
  return Object.keys(votes).sort((a, b) => String(votes[a]!.time).localeCompare(String(votes[b]!.time)));
}

/** The votes as feedback-log lines, oldest first. */
export function jsonl(votes: Votes): string {
  return byTime(votes)
    .map((id) => `${JSON.stringify({ id, verdict: votes[id]!.verdict, at: votes[id]!.at })}\n`)
    .join('');
}

const ICONS: Record<Verdict, string> = { like: '⭐', dislike: '👎' };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text = '', icon = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (icon) {
    const span = document.createElement('span');
    span.setAttribute('aria-hidden', 'true');
    span.textContent = `${icon} `;
    node.append(span);
  }
  node.append(text);
  return node;
}

/** A polite live region for what a click did. */
function liveRegion(): HTMLElement {
  const region = el('p');
  region.className = 'visually-hidden';
  region.setAttribute('role', 'status');
  document.body.append(region);
  return region;
}

/**
 * The buttons: each `[data-fb]` element (hidden until now) gets a "useful" and a "not relevant" toggle
 * button with `aria-pressed`; labels come from `data-fb-l` ("useful|not relevant|removed"), the paper's title
 * from `data-fb-title` (a JSON string).
 */
export function initButtons(): void {
  const spots = document.querySelectorAll<HTMLElement>('[data-fb]');
  // No storage (a privacy setting): no buttons, rather than buttons that forget.
  if (!spots.length || !load()) return;
  const region = liveRegion();
  const buttons: HTMLButtonElement[] = [];
  const show = () => {
    const votes = load() || {};
    for (const b of buttons) b.setAttribute('aria-pressed', String(votes[b.dataset.id!]?.verdict === b.value));
  };
  for (const spot of spots) {
    const { fb: id, fbDay: day = '' } = spot.dataset;
    const title = JSON.parse(spot.dataset.fbTitle || '""') as string;
    const [like, dislike, removed] = (spot.dataset.fbL || '').split('|');
    spot.setAttribute('role', 'group');
    spot.setAttribute('aria-label', title);
    for (const [verdict, label] of [['like', like], ['dislike', dislike]] as const) {
      const b = el('button', label, ICONS[verdict]);
      b.type = 'button';
      b.value = verdict;
      b.dataset.id = id;
      b.onclick = () => {
        const on = b.getAttribute('aria-pressed') !== 'true';
        vote(id!, on ? verdict : null, title, day);
        show();
        region.textContent = `${on ? label : removed} · ${title}`;
      };
      buttons.push(b);
      spot.append(b);
    }
    spot.hidden = false;
  }
  show();
  // Another tab (the My feedback page) changed the votes.
  addEventListener('storage', (e) => e.key === STORE && show());
}

/** What the page hands the script in `data-feedback-page` (src/pages/feedback/index.astro). */
export interface PageConfig {
  /** `/base/briefings/`: a vote links to `<briefings><day>/#<id>`. */
  briefings: string;
  /** The prefilled issue form's URL without the votes, or '' when the site names no repository. */
  issue: string;
  /** Longest issue URL GitHub is sent (longer: the form opens empty and the page says to paste). */
  max: number;
  text: Record<'like' | 'dislike' | 'removed' | 'undo' | 'undoLabel' | 'caption' | 'copied' | 'copyFailed' | 'storage', string>;
}

/** The My feedback page: the votes as a table with undo buttons, the export, and the send link. */
export function initPage(): void {
  const root = document.getElementById('feedback-page');
  if (!root) return;
  const c = JSON.parse(root.dataset.feedbackPage!) as PageConfig;
  const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const status = $('[role=status]');
  const area = $<HTMLTextAreaElement>('textarea');
  const send = root.querySelector<HTMLAnchorElement>('.fb-send');
  root.hidden = false;
  if (!load()) {
    status.textContent = c.text.storage;
    return;
  }
  const render = () => {
    const votes = load() || {};
    const ids = byTime(votes).reverse();
    const text = jsonl(votes);
    $('caption').textContent = c.text.caption.replace('{count}', String(ids.length));
    $('tbody').replaceChildren(
      ...ids.map((id) => {
        const v = votes[id]!;
        const link = el('a', v.title || id);
        link.href = `${c.briefings}${v.day}/#${id}`;
        const undo = el('button', c.text.undo);
        undo.type = 'button';
        undo.setAttribute('aria-label', c.text.undoLabel.replace('{title}', link.text));
        undo.onclick = () => {
          vote(id, null, v.title, v.day);
          render();
          status.textContent = `${c.text.removed} · ${v.title}`;
          // Focus stays in the table (the next undo button), or goes to the page's heading.
          (root.querySelector<HTMLElement>('tbody button') || document.querySelector('h1'))!.focus();
        };
        const row = el('tr');
        for (const cell of [link, el('time', v.day), el('span', c.text[v.verdict], ICONS[v.verdict]), undo]) {
          const td = el('td');
          td.append(cell);
          row.append(td);
        }
        return row;
      }),
    );
    $('table').hidden = !ids.length;
    $('.fb-empty').hidden = !!ids.length;
    area.value = text;
    for (const b of root.querySelectorAll<HTMLButtonElement>('.fb-export button')) b.disabled = !ids.length;
    if (send) {
      const url = `${c.issue}&votes=${encodeURIComponent(text)}`;
      send.href = url.length > c.max ? c.issue : url;
      $('.fb-long').hidden = url.length <= c.max;
      send.hidden = !ids.length;
    }
  };
  $('.fb-download').onclick = () => {
    const a = el('a');
    a.href = URL.createObjectURL(new Blob([area.value], { type: 'application/x-ndjson' }));
    a.download = 'feedback.jsonl';
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1e4);
  };
  $('.fb-copy').onclick = () => {
    const copied = () => (status.textContent = c.text.copied);
    // No clipboard API (a page not served over https, a refused permission): select the text for Ctrl+C.
    const byHand = () => {
      area.select();
      status.textContent = c.text.copyFailed;
    };
    navigator.clipboard ? navigator.clipboard.writeText(area.value).then(copied, byHand) : byHand();
  };
  render();
  addEventListener('storage', (e) => e.key === STORE && render());
}

// One script for the buttons and the page (each does nothing where its elements are missing), so the
// site ships one small file. Not in Node (tests import the helpers above).
if (typeof document !== 'undefined') {
  initButtons();
  initPage();
}
