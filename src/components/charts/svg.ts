/**
 * The site's pictures as SVG strings: a weekly step chart, a day's category mix and a two-month bar pair.
 * Written by hand rather than through a chart library because each is a few shapes, must stay a few KB at
 * ten years (one compact path, integer coordinates, runs of equal weeks merged) and must follow the theme:
 * shapes carry class names only, and global.css colours them with the page's custom properties, so the
 * same markup is right in light and dark mode. No script, no fonts, no text inside the drawing: labels
 * and numbers are HTML around it, and each chart that carries meaning has a `<title>` as its text.
 */

/** Escapes text for SVG content and attribute values. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Drawing height of the weekly chart, in viewBox units (its CSS height is set in global.css). */
export const WEEK_CHART_HEIGHT = 40;

/**
 * The path of a step area: one unit of width per week, height scaled to the largest value. Runs of equal
 * weeks are one `h` command, so a long quiet stretch costs a few bytes.
 */
export function stepPath(values: readonly number[], height = WEEK_CHART_HEIGHT): string {
  const max = Math.max(0, ...values);
  const y = (v: number): number => (max > 0 ? height - Math.round((v / max) * height) : height);
  let d = `M0 ${height}`;
  let i = 0;
  while (i < values.length) {
    let run = 1;
    while (i + run < values.length && y(values[i + run]!) === y(values[i]!)) run++;
    d += `V${y(values[i]!)}h${run}`;
    i += run;
  }
  return `${d}V${height}Z`;
}

export interface ChartText {
  /** A unique id on the page, for the title. */
  id: string;
  /** The text alternative: what the chart shows, in words and numbers. */
  title: string;
}

/** Papers per week as a step chart, stretched to the width of its container. */
export function weekChart(values: readonly number[], text: ChartText, className = 'chart chart-weeks'): string {
  const width = Math.max(1, values.length);
  const h = WEEK_CHART_HEIGHT;
  return (
    `<svg class="${className}" viewBox="0 0 ${width} ${h}" preserveAspectRatio="none" role="img" aria-labelledby="${esc(text.id)}">` +
    `<title id="${esc(text.id)}">${esc(text.title)}</title>` +
    `<path class="chart-area" d="${stepPath(values, h)}"/>` +
    `<path class="chart-axis" d="M0 ${h}H${width}" vector-effect="non-scaling-stroke"/>` +
    '</svg>'
  );
}

export interface MixSegment {
  count: number;
  /** Colour class, e.g. `mix-1`; `mix-rest` for the categories grouped together. */
  className: string;
}

/** A day's category mix as one stacked bar: segment widths proportional to their counts. */
export function mixBar(segments: readonly MixSegment[], text: ChartText): string {
  const total = segments.reduce((n, s) => n + s.count, 0);
  let x = 0;
  let rects = '';
  for (const s of segments) {
    if (s.count <= 0) continue;
    rects += `<rect class="${esc(s.className)}" x="${x}" width="${s.count}" height="1"/>`;
    x += s.count;
  }
  return (
    `<svg class="chart chart-mix" viewBox="0 0 ${Math.max(1, total)} 1" preserveAspectRatio="none" role="img" aria-labelledby="${esc(text.id)}">` +
    `<title id="${esc(text.id)}">${esc(text.title)}</title>${rects}</svg>`
  );
}

/**
 * Two shares side by side (last month above, this month below) as bars on a common scale `max` (0..1).
 * Decorative: the table row it sits in holds the numbers, so it is hidden from assistive technology.
 */
export function pairBars(previous: number, current: number, max: number): string {
  const w = (v: number): number => (max > 0 ? Math.round((v / max) * 100) : 0);
  return (
    '<svg class="chart chart-pair" viewBox="0 0 100 9" preserveAspectRatio="none" aria-hidden="true" focusable="false">' +
    `<rect class="pair-previous" width="${w(previous)}" height="4"/><rect class="pair-current" y="5" width="${w(current)}" height="4"/></svg>`
  );
}
