/**
 * Checks GitHub issue forms (`.github/ISSUE_TEMPLATE/*.yml`) against GitHub's documented syntax, since
 * actionlint does not read them and GitHub only says what is wrong once the form is pushed: "Syntax for
 * issue forms" (top-level keys), "Syntax for GitHub's form schema" (element types, their attributes and
 * validations) and "Common validation errors when creating issue forms" (unique ids and labels, id
 * characters, forbidden keys, words a label may not hold, dropdown options). A form that passes here can
 * still be refused for reasons GitHub does not document; a form that fails here would be refused.
 *
 * Run by `npm run lint:workflows` (with the workflows) and tests/feedback-issues.test.ts.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface FormProblem {
  file: string;
  line: number;
  message: string;
}

const TOP_LEVEL = new Set(['name', 'description', 'body', 'assignees', 'labels', 'title', 'projects', 'type']);
const ELEMENT_KEYS = new Set(['type', 'id', 'attributes', 'validations']);
/** Attributes each element type takes, and which of them are required. */
const ATTRIBUTES: Record<string, { allowed: string[]; required: string[] }> = {
  markdown: { allowed: ['value'], required: ['value'] },
  textarea: { allowed: ['label', 'description', 'placeholder', 'value', 'render'], required: ['label'] },
  input: { allowed: ['label', 'description', 'placeholder', 'value'], required: ['label'] },
  dropdown: { allowed: ['label', 'description', 'multiple', 'options', 'default'], required: ['label', 'options'] },
  checkboxes: { allowed: ['label', 'description', 'options'], required: ['label', 'options'] },
};
/** YAML words GitHub forbids as keys (they read as booleans). */
const FORBIDDEN_KEYS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
/** Words GitHub refuses in an input's or textarea's label ("to minimize the risk of credentials being posted"); the documented example. */
const FORBIDDEN_LABEL_WORDS = /\bpassword\b/i;
const ID = /^[A-Za-z0-9_-]+$/;

/** Rails' `parameterize`, as GitHub makes a reference from a label without an id (for the "too similar" rule). */
function parameterize(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9\-_]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The problems of one issue form, each with its line. An empty list: the form follows the documented syntax. */
export function checkIssueForm(text: string, file: string): FormProblem[] {
  const lineCounter = new LineCounter();
  // YAML 1.1 reads `yes`, `on`, `true` as booleans, as GitHub's parser (Ruby's Psych) does, so a label or
  // option that is a boolean shows.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: '1.1' });
  const problems: FormProblem[] = [];
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const report = (node: unknown, message: string) => problems.push({ file, line: lineOf(node), message });
  for (const error of doc.errors) problems.push({ file, line: error.linePos?.[0]?.line ?? 1, message: `not valid YAML: ${error.message.split('\n')[0]}` });
  if (problems.length > 0) return problems;
  if (doc.contents === null || !isMap(doc.contents)) return [{ file, line: 1, message: 'expected a map of top-level keys (name, description, body, …)' }];

  // Forbidden keys anywhere in the document.
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && FORBIDDEN_KEYS.has(String(pair.key.source ?? pair.key.value))) report(pair.key, `"${String(pair.key.source ?? pair.key.value)}" is a forbidden key (YAML reads it as a boolean)`);
        visit(pair.value);
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(doc.contents);

  const root = doc.contents;
  const top = doc.toJS() as Record<string, unknown>;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_LEVEL.has(key)) report(pair.key, `"${key}" is not a permitted top-level key (${[...TOP_LEVEL].join(', ')})`);
  }
  for (const key of ['name', 'description'] as const) {
    if (!(key in top)) report(root, `required top-level key "${key}" is missing`);
    else if (!nonEmptyString(top[key])) report(root.get(key, true), `"${key}" must be a non-empty string`);
  }
  if ('title' in top && !nonEmptyString(top.title)) report(root.get('title', true), '"title" must be a non-empty string');
  for (const key of ['labels', 'assignees', 'projects'] as const) {
    if (!(key in top)) continue;
    const value = top[key];
    const ok = nonEmptyString(value) || (Array.isArray(value) && value.length > 0 && value.every(nonEmptyString));
    if (!ok) report(root.get(key, true), `"${key}" must be an array of non-empty strings or a comma-separated string`);
  }
  const bodyNode = root.get('body', true) as Node | undefined;
  if (!('body' in top)) {
    report(root, 'required top-level key "body" is missing');
    return problems;
  }
  if (!isSeq(bodyNode) || bodyNode.items.length === 0) {
    report(bodyNode ?? root, '"body" must be a non-empty array of form elements');
    return problems;
  }

  const ids = new Map<string, number>();
  const labels = new Map<string, number>();
  const references = new Map<string, number>();
  let inputs = 0;
  bodyNode.items.forEach((item, i) => {
    const where = `body[${i}]`;
    const element = (isMap(item) ? item.toJSON() : null) as Record<string, unknown> | null;
    if (!element || !isMap(item)) {
      report(item, `${where}: expected a map (type, id, attributes, validations)`);
      return;
    }
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!ELEMENT_KEYS.has(key)) report(pair.key, `${where}: "${key}" is not a permitted key (type, id, attributes, validations)`);
    }
    const type = element.type;
    if (type === undefined) {
      report(item, `${where}: required key "type" is missing`);
      return;
    }
    const spec = typeof type === 'string' ? ATTRIBUTES[type] : undefined;
    if (!spec) {
      report(item.get('type', true), `${where}: "${String(type)}" is not a valid input type (${Object.keys(ATTRIBUTES).join(', ')})`);
      return;
    }
    const attributes = element.attributes;
    const attributesNode = item.get('attributes', true);
    if (!attributes || typeof attributes !== 'object' || Array.isArray(attributes)) {
      report(item, `${where}: required key "attributes" is missing`);
      return;
    }
    const attrs = attributes as Record<string, unknown>;
    for (const key of Object.keys(attrs)) if (!spec.allowed.includes(key)) report(attributesNode, `${where}: "${key}" is not a permitted attribute of ${type} (${spec.allowed.join(', ')})`);
    for (const key of spec.required) if (!(key in attrs)) report(attributesNode, `${where}: required attribute "${key}" is missing`);
    for (const key of ['value', 'label', 'description', 'placeholder', 'render'] as const) {
      if (key in attrs && !nonEmptyString(attrs[key])) report(attributesNode, `${where}: attributes.${key} must be a non-empty string`);
    }
    if (type === 'markdown') {
      if ('id' in element) report(item.get('id', true), `${where}: a markdown element takes no id`);
      if ('validations' in element) report(item.get('validations', true), `${where}: a markdown element takes no validations`);
      return;
    }
    inputs++;
    if ('id' in element) {
      const id = element.id;
      if (typeof id !== 'string' || !ID.test(id)) report(item.get('id', true), `${where}: id can only contain numbers, letters, - and _, got ${JSON.stringify(id)}`);
      else if (ids.has(id)) report(item.get('id', true), `${where}: id "${id}" is used by body[${ids.get(id)}] too; ids must be unique`);
      else ids.set(id, i);
    }
    if (typeof attrs.label === 'string') {
      if (labels.has(attrs.label) && !('id' in element)) report(attributesNode, `${where}: label "${attrs.label}" is used by body[${labels.get(attrs.label)}] too; labels must be unique (or give an id)`);
      labels.set(attrs.label, i);
      if ((type === 'input' || type === 'textarea') && FORBIDDEN_LABEL_WORDS.test(attrs.label)) report(attributesNode, `${where}: label contains a forbidden word ("password")`);
      const reference = typeof element.id === 'string' ? element.id : parameterize(attrs.label);
      if (references.has(reference)) report(attributesNode, `${where}: label "${attrs.label}" is too similar to body[${references.get(reference)}] (both become "${reference}"); change it or give an id`);
      references.set(reference, i);
    }
    if (type === 'dropdown' || type === 'checkboxes') {
      const options = attrs.options;
      if (!Array.isArray(options) || options.length === 0) report(attributesNode, `${where}: options must be a non-empty array`);
      else {
        const names = type === 'dropdown' ? options : options.map((o) => (o && typeof o === 'object' ? (o as { label?: unknown }).label : undefined));
        if (names.some((n) => typeof n === 'boolean')) report(attributesNode, `${where}: options must not include booleans (quote values such as "yes" and "true")`);
        if (names.some((n) => !nonEmptyString(n))) report(attributesNode, `${where}: every option needs a non-empty ${type === 'dropdown' ? 'string' : 'label'}`);
        if (new Set(names.map(String)).size !== names.length) report(attributesNode, `${where}: options must be unique`);
        if (type === 'dropdown' && names.some((n) => typeof n === 'string' && n.toLowerCase() === 'none')) report(attributesNode, `${where}: options must not include the reserved word "None"`);
      }
    }
    if ('validations' in element) {
      const validations = element.validations;
      const ok = validations && typeof validations === 'object' && !Array.isArray(validations) && Object.entries(validations).every(([k, v]) => k === 'required' && typeof v === 'boolean');
      if (!ok) report(item.get('validations', true), `${where}: validations takes only "required: true|false"`);
    }
  });
  if (inputs === 0) report(bodyNode, 'body must contain at least one non-markdown field');
  return problems.sort((a, b) => a.line - b.line);
}

/** The issue forms of a repository (`.github/ISSUE_TEMPLATE/*.yml`, not config.yml, which is the chooser's config). */
export async function issueFormFiles(root: string): Promise<string[]> {
  const dir = path.join(root, '.github', 'ISSUE_TEMPLATE');
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => /\.ya?ml$/.test(n) && !/^config\.ya?ml$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}
