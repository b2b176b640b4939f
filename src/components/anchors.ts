/**
 * Fixed anchors of a day page that are not papers (papers are anchored by their arXiv id). Kept in one
 * place so the table of contents, the others table and the tests agree; an arXiv id never looks like
 * these (it has digits and a dot, or a slash).
 */

/** The others table (papers without a write-up). */
export const OTHERS_ANCHOR = 'other-papers';
