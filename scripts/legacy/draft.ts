/**
 * A parsed legacy document → the `BriefingDraft` the MDX renderer takes. Categories are mapped to the
 * taxonomy, ids are taken from links (or, when the caller passes a title index, from recorded
 * listings by exact title), and whatever has no place in the schema stays as prose and is reported.
 */
import { config } from '../../src/config.ts';
import type { BriefingDraft, BriefingInput, Follow, PaperInput, ProseSection, Source, SourceStatus } from '../../src/schema/briefing.ts';
import { dayCategories, GENERATOR_VERSION } from '../writers/facts.ts';
import { guessFromText, mapCategoryLabels } from './categories.ts';
import { t } from '../../src/i18n/index.ts';
import { arxivAbsUrl, githubUrl, hfPaperUrl, hfResourceUrl } from './links.ts';
import type { LegacyDoc, LegacyFollowItem, LegacyPaper, LegacyTopItem } from './model.ts';
import type { ReportSink } from './report.ts';
import type { TitleIndex } from './resolve.ts';
import { daysIn, isRule, joinProse, keepAsWritten, shortName, titleKey } from './text.ts';

export interface DraftOptions {
  titleIndex?: TitleIndex;
}

export function buildDraft(doc: LegacyDoc, sink: ReportSink, options: DraftOptions = {}): BriefingDraft {
  const lang = doc.language;
  const report = sink.report;
  report.format = doc.format;
  report.date = doc.date;

  const papers: PaperInput[] = [];
  const writeups: BriefingDraft['body']['writeups'] = [];
  const extra: Array<{ heading: string; body: string }> = [];
  const seen = new Map<string, LegacyPaper>();
  const othersLabels: string[] = [];
  const othersWithoutId: string[] = [];

  for (const p of [...doc.papers, ...doc.others]) {
    const where = p.title || p.heading;
    if (!p.id && options.titleIndex && p.title) {
      const hit = options.titleIndex.lookup(p.title);
      if (hit) {
        p.id = hit.id;
        report.resolved.push({ line: p.line, title: p.title, id: hit.id, from: hit.from });
      }
    }
    if (!p.id) {
      report.withoutId.push({ line: p.line, title: where });
      if (p.featured) extra.push({ heading: p.heading, body: keepAsWritten(p.raw.slice(1).map((l) => l.text).filter((t) => !isRule(t))) });
      else for (const l of p.raw) if (!othersWithoutId.includes(l.text)) othersWithoutId.push(l.text);
      continue;
    }
    const dup = seen.get(p.id);
    if (dup) {
      sink.note(`line ${p.line}: arXiv ${p.id} ("${where}") already appears at line ${dup.line}; its text is kept as prose`);
      extra.push({ heading: p.heading, body: keepAsWritten(p.raw.slice(p.featured ? 1 : 0).map((l) => l.text)) });
      continue;
    }
    seen.set(p.id, p);

    const category = paperCategories(p, sink, where);
    const sections: ProseSection[] = [...p.sections];
    if (category.originalLabels) {
      if (p.featured) sections.push({ kind: 'other', heading: t(lang, 'import.originalCategories'), body: category.originalLabels });
      else othersLabels.push(`- ${p.title}:${category.originalLabels}`);
    }
    const mentionsHf = doc.format === 'hf-report' || Boolean(p.links.hf) || p.raw.some((l) => /\bHF\b|hugging ?face/i.test(l.text));
    papers.push({
      id: p.id,
      title: p.title || p.heading,
      category: category.slugs,
      date: p.date ?? p.listed ?? doc.date,
      ...(p.listed ? { listed: p.listed } : {}),
      ...(p.venue ? { venue: p.venue } : {}),
      source: p.source,
      repo: p.repo,
      links: {
        ...p.links,
        arxiv: p.links.arxiv ?? arxivAbsUrl(p.id),
        ...(mentionsHf || p.links.hf ? { hf: p.links.hf ?? hfPaperUrl(p.id) } : {}),
      },
      featured: p.featured,
      pick: false,
      contribution: p.contribution,
      summarizer: 'imported',
    });
    if (p.featured) writeups.push({ id: p.id, ...(p.headline ? { headline: p.headline } : {}), sections });
  }

  // The top 3 mark their papers as picks.
  const matchPaper = (title: string) => findPaper(title, papers);
  const top = doc.top.map((item) => topEntry(item, matchPaper));
  for (const t of top) {
    const p = t.id ? papers.find((x) => x.id === t.id) : undefined;
    if (p) p.pick = true;
  }
  const alternate = doc.alternate ? alternateEntry(doc.alternate, papers) : undefined;

  // Follow list: items without a kind or an owner/name stay as prose.
  const follow: Follow[] = [];
  const followProse: string[] = [];
  for (const item of doc.follow) {
    const f = followEntry(item, sink);
    if (f) follow.push(f);
    else {
      followProse.push(item.raw.join('\n'));
      sink.unmapped(item.line, 'follow note', item.raw.join(' '));
    }
  }
  const followNote = [doc.followNote, joinProse(followProse.flatMap((s) => s.split('\n')))].filter((s) => s.trim()).join('\n\n');

  if (othersLabels.length) extra.push({ heading: t(lang, 'import.originalCategories'), body: othersLabels.join('\n') });
  if (othersWithoutId.length) extra.push({ heading: t(lang, 'import.keptPaper'), body: othersWithoutId.join('\n') });
  extra.push(...doc.extra);

  // Summary: the overview's first sentence; the rest stays as the overview.
  const { summary, rest } = splitSummary(doc.overview);
  const featured = papers.filter((p) => p.featured).length;
  report.featured = featured;
  report.others = papers.length - featured;
  report.papers = papers.length;

  const frontmatter: BriefingInput = {
    date: doc.date,
    title: doc.title,
    summary: summary || t(lang, 'import.hfReportSummary', { count: papers.length, date: doc.date }),
    language: lang,
    window: windowOf(doc, papers),
    sources: sourcesOf(doc),
    categories: dayCategories(papers, config),
    papers,
    follow,
    generator: {
      name: 'paper-briefing',
      version: GENERATOR_VERSION,
      writer: 'imported',
      model: null,
      ...(doc.retrieved ? { generatedAt: isoTime(doc.retrieved) ?? doc.retrieved } : {}),
    },
  };
  if (!summary) sink.note(`no overview in the file; the summary line was written by the importer: "${frontmatter.summary}"`);

  return {
    frontmatter,
    body: {
      overview: rest,
      writeups,
      top,
      ...(alternate ? { alternate } : {}),
      followNote,
      ideas: doc.ideas,
      routes: doc.routes,
      conclusion: doc.conclusion,
      extra,
    },
  };
}

function paperCategories(p: LegacyPaper, sink: ReportSink, where: string): { slugs: string[]; originalLabels: string | null } {
  if (p.categoryText) {
    const mapped = mapCategoryLabels(p.categoryText);
    const unknown = mapped.labels.filter((l) => l.match !== 'exact');
    for (const u of unknown) {
      sink.report.unknownLabels.push({ label: u.label, line: p.categoryLine ?? p.line, where, match: u.match as 'keyword' | 'none', slugs: u.slugs });
    }
    return { slugs: mapped.slugs, originalLabels: unknown.length ? p.categoryText : null };
  }
  const hint = p.categoryHint ?? { title: p.title, body: p.contribution };
  const slugs = guessFromText(hint.title, hint.body);
  sink.report.guessedCategories.push({ line: p.line, title: where, slugs });
  return { slugs, originalLabels: null };
}

/** A paper named by a (possibly shortened) title: exact title, then short name ("ClawGym"). */
function findPaper(title: string, papers: PaperInput[]): PaperInput | undefined {
  const key = titleKey(title);
  const short = titleKey(shortName(title));
  return (
    papers.find((p) => titleKey(p.title) === key) ??
    papers.find((p) => titleKey(shortName(p.title)) === short) ??
    papers.find((p) => key.length >= 8 && titleKey(p.title).startsWith(key))
  );
}

function topEntry(item: LegacyTopItem, match: (title: string) => PaperInput | undefined): { id?: string; title: string; reason: string } {
  const p = match(item.title);
  return { ...(p ? { id: p.id } : {}), title: item.title, reason: item.reason };
}

/** "备选第 4 篇:ClawGym。如果…" / "如果…则把第三篇换成 minWM + YoCausal 组合阅读。" */
function alternateEntry(item: LegacyTopItem, papers: PaperInput[]): { id?: string; title: string; reason: string } {
  const text = item.reason;
  const mentioned = papers
    .filter((p) => p.featured)
    .map((p) => ({ p, name: shortName(p.title), at: text.indexOf(shortName(p.title)) }))
    .filter((m) => m.name.length >= 3 && m.at >= 0)
    .sort((a, b) => a.at - b.at);
  const lead = /^([^。.!?！？]{1,80})[。.!?！？]\s*(.+)$/s.exec(text);
  if (lead && mentioned.length && mentioned[0]!.at === 0 && lead[1]!.trim() === mentioned[0]!.name) {
    return { id: mentioned[0]!.p.id, title: lead[1]!.trim(), reason: lead[2]!.trim() };
  }
  const title = mentioned.map((m) => m.name).join(' + ');
  return { ...(mentioned.length === 1 ? { id: mentioned[0]!.p.id } : {}), title, reason: text };
}

function followEntry(item: LegacyFollowItem, sink: ReportSink): Follow | null {
  if (!item.kind || !item.name) return null;
  const url = item.url ?? (item.kind === 'repo' ? githubUrl(item.name) : hfResourceUrl(item.kind, item.name));
  let category: string[] = [];
  if (item.categoryText) {
    const mapped = mapCategoryLabels(item.categoryText);
    for (const u of mapped.labels.filter((l) => l.match !== 'exact')) {
      sink.report.unknownLabels.push({ label: u.label, line: item.line, where: item.name, match: u.match as 'keyword' | 'none', slugs: u.slugs });
    }
    category = mapped.labels.some((l) => l.slugs.length) ? mapped.slugs : [];
  }
  // Keep the item's own label ("LiteCoder") only when it says more than the repository name.
  const sameAsName = titleKey(item.name).endsWith(`/${titleKey(item.label)}`) || titleKey(item.label) === titleKey(item.name);
  const labelNote = item.label && !sameAsName && !item.reason.includes(item.label) ? item.label : '';
  const reason = [labelNote && item.reason ? `${labelNote}:${item.reason}` : labelNote || item.reason].join('');
  return {
    kind: item.kind,
    name: item.name,
    url,
    category,
    stars: item.stars,
    verified: item.verified,
    ...(item.updated ? { updated: item.updated } : {}),
    reason: item.categoryText && category.length === 0 ? `${reason} (${item.categoryText})`.trim() : reason,
  };
}

/** The first sentence (up to 。!? or ". ") and the rest. */
export function splitSummary(overview: string): { summary: string; rest: string } {
  const text = overview.trim();
  if (!text) return { summary: '', rest: '' };
  const m = /^([\s\S]*?(?:[。！？]|[.!?](?=\s|$)))\s*([\s\S]*)$/.exec(text);
  const first = (m ? m[1]! : text).replace(/\s*\n\s*/g, ' ').trim();
  if (first.length > 400 || first.includes('\n\n')) return { summary: first.slice(0, 200), rest: text };
  return { summary: first, rest: m ? m[2]!.trim() : '' };
}

function windowOf(doc: LegacyDoc, papers: PaperInput[]): BriefingInput['window'] {
  const listed = [...new Set(papers.map((p) => p.listed).filter((d): d is string => Boolean(d)))].sort();
  const fallback = listed.length ? [] : papers.map((p) => String(p.date));
  const candidates = [...daysIn(doc.windowNote), ...listed, ...fallback].filter((d) => d <= doc.date).sort();
  const from = candidates[0] ?? doc.date;
  const to = candidates[candidates.length - 1] ?? doc.date;
  return {
    from,
    to,
    days: doc.format === 'hf-report' ? [doc.date] : listed,
    widened: /扩展|扩大|放宽|向前|widen|expand|extend/i.test(doc.windowNote),
    note: doc.windowNote,
  };
}

/** "arXiv API 今日出现 429/超时,…;GitHub API 已触发 rate limit;X/Twitter …" → one source per clause. */
export function sourcesOf(doc: LegacyDoc): Source[] {
  const sources: Source[] = [];
  if (doc.format === 'hf-report') {
    sources.push({ name: 'Hugging Face Daily Papers', ...(doc.sourceUrl ? { url: doc.sourceUrl } : {}), status: 'ok', note: '' });
  }
  const clauses = doc.accessNote.split(/(?<=[;；])|(?<=。)(?=\S)/).map((c) => c.trim()).filter(Boolean);
  for (const clause of clauses) {
    const name = sourceName(clause);
    const prev = sources[sources.length - 1];
    if (!name) {
      if (prev) {
        prev.note = `${prev.note}${clause}`;
        prev.status = worse(prev.status, statusOf(clause));
      } else sources.push({ name: t(doc.language, 'import.otherSource'), status: statusOf(clause), note: clause });
      continue;
    }
    const same = sources.find((s) => s.name === name);
    if (same) {
      same.note = `${same.note}${clause}`;
      same.status = worse(same.status, statusOf(clause));
    } else sources.push({ name, status: statusOf(clause), note: clause });
  }
  return sources;
}

/**
 * The source a clause is about: its leading run of name-like words ("arXiv API", "X/Twitter",
 * "Semantic Scholar"), i.e. words with a capital or a digit, up to the first CJK character.
 */
export function sourceName(clause: string): string | undefined {
  const head = clause.split(/[\u3400-\u9fff(（,，:：;；]/)[0]!;
  const words: string[] = [];
  for (const w of head.trim().split(/\s+/)) {
    if (!/^[A-Za-z0-9][\w./&+-]*$/.test(w) || !/[A-Z0-9]/.test(w)) break;
    words.push(w);
  }
  return words.length ? words.join(' ') : undefined;
}

const RANK: Record<SourceStatus, number> = { ok: 0, skipped: 1, degraded: 2, failed: 3 };
const worse = (a: SourceStatus, b: SourceStatus): SourceStatus => (RANK[a] >= RANK[b] ? a : b);

/** The status a note describes: failures, rate limits and timeouts, or a source left out on purpose. */
export function statusOf(text: string): SourceStatus {
  if (/无法|失败|不可用|不可达|unavailable|failed|unreachable|down\b|5\d\d\b/i.test(text)) return 'failed';
  if (/429|超时|timeout|timed out|rate.?limit|限流|限速|throttl/i.test(text)) return 'degraded';
  if (/未作为|未使用|未把|未纳入|跳过|not used|skipped|disabled/i.test(text)) return 'skipped';
  return 'ok';
}


/** "2026-05-31 08:00(Asia/Shanghai)" → "2026-05-31T08:00:00+08:00"; null when it is not a time. */
export function isoTime(text: string): string | null {
  const m = /(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:[(（]\s*([A-Za-z_]+\/[A-Za-z_]+)\s*[)）])?/.exec(text);
  if (!m) return null;
  const zone = m[5] ?? config.timezone;
  const local = `${m[1]}T${m[2]!.padStart(2, '0')}:${m[3]}:${m[4] ?? '00'}`;
  try {
    const probe = new Date(`${local}Z`);
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(probe);
    const offset = parts.find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') || '+00:00';
    return `${local}${offset === '' ? '+00:00' : offset}`;
  } catch {
    return null;
  }
}

