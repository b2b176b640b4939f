/**
 * Links in legacy text: arXiv ids from Hugging Face and arXiv paper URLs, GitHub repositories, Hugging
 * Face models and datasets. Ids are only ever read from links (or a bare "arXiv: 2605.29559" field),
 * never guessed.
 */
import { ARXIV_ID, GITHUB_REPO } from '../../src/schema/briefing.ts';

const URL_RE = /https?:\/\/[^\s<>()（）[\]{}"'“”，,；;、]+/g;

/** Every http(s) URL in the text, trailing punctuation removed. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_RE)].map((m) => m[0].replace(/[.。:：!?！？]+$/u, ''));
}

/** arXiv id without version from an arxiv.org or huggingface.co/papers URL. */
export function arxivIdFromUrl(url: string): { id: string; via: 'arxiv' | 'hf' } | null {
  const m = /^https?:\/\/(?:www\.)?(arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|hf\.co\/papers)\/([^?#/\s]+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(url);
  if (!m) return null;
  const raw = decodeURIComponent(m[2]!);
  if (!ARXIV_ID.test(raw)) return null;
  return { id: raw.replace(/v\d+$/, ''), via: /arxiv/i.test(m[1]!) ? 'arxiv' : 'hf' };
}

/** A bare id in a field value ("2605.29559", "arXiv:2605.29559"). */
export function bareArxivId(text: string): string | null {
  const m = /(?:^|[\s:：])(\d{4}\.\d{4,5})(v\d+)?(?=$|[\s,，;；)])/.exec(text);
  return m ? m[1]! : null;
}

/** owner/name from a GitHub repository URL. */
export function githubRepoFromUrl(url: string): string | null {
  const m = /^https?:\/\/(?:www\.)?github\.com\/([^/\s?#]+)\/([^/\s?#]+?)(?:\.git)?(?:[/?#].*)?$/i.exec(url);
  if (!m) return null;
  const repo = `${m[1]}/${m[2]}`;
  return GITHUB_REPO.test(repo) ? repo : null;
}

/** A Hugging Face model or dataset URL → kind and owner/name. */
export function hfResourceFromUrl(url: string): { kind: 'model' | 'dataset'; name: string } | null {
  const m = /^https?:\/\/(?:www\.)?huggingface\.co\/(datasets\/|spaces\/)?([^/\s?#]+)\/([^/\s?#]+)\/?(?:[?#].*)?$/i.exec(url);
  if (!m || m[1] === 'spaces/' || ['papers', 'blog', 'docs', 'collections'].includes(m[2]!)) return null;
  return { kind: m[1] ? 'dataset' : 'model', name: `${m[2]}/${m[3]}` };
}

export { arxivUrl as arxivAbsUrl, githubUrl, hfPaperUrl } from '../writers/facts.ts';
export const hfResourceUrl = (kind: 'model' | 'dataset', name: string) =>
  kind === 'dataset' ? `https://huggingface.co/datasets/${name}` : `https://huggingface.co/${name}`;
