/**
 * GitHub Actions expressions (`${{ … }}`) for the local workflow runner (scripts/ci/run-workflow.ts):
 * literals, context lookups (`inputs.publish-only`, `steps.daily.outputs.changed`, `needs.brief.result`,
 * `x['y']`), `!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses, and the functions
 * success(), failure(), always(), cancelled(), contains, startsWith, endsWith, format, join, toJSON,
 * fromJSON and hashFiles, with GitHub's rules: case-insensitive string comparison, loose equality that
 * turns mismatched types into numbers, `&&`/`||` returning an operand, missing properties as null.
 *
 * Anything else (an unknown context or function, an object filter `.*`, a context not available where
 * the expression stands) throws an ExpressionError naming the expression and its place: a workflow the
 * runner cannot evaluate exactly must fail loudly, never run on a guess.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export class ExpressionError extends Error {}

/** The contexts every place of a workflow may use (GitHub's "context availability" table). */
export const AVAILABLE = {
  'workflow.env': ['github', 'secrets', 'inputs', 'vars'],
  'jobs.if': ['github', 'needs', 'vars', 'inputs'],
  'jobs.env': ['github', 'needs', 'strategy', 'matrix', 'vars', 'secrets', 'inputs'],
  'jobs.outputs': ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'secrets', 'steps', 'inputs'],
  'jobs.environment': ['github', 'needs', 'strategy', 'matrix', 'vars', 'inputs'],
  'jobs.environment.url': ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'steps', 'inputs'],
  'steps.if': ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'steps', 'inputs'],
  'steps.env': ['github', 'needs', 'strategy', 'matrix', 'job', 'runner', 'env', 'vars', 'secrets', 'steps', 'inputs'],
} as const satisfies Record<string, readonly string[]>;

const ALL_CONTEXTS = new Set(['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs']);
const STATUS_FUNCTIONS = new Set(['success', 'failure', 'always', 'cancelled']);

export interface EvalScope {
  /** Where the expression stands, for error messages (e.g. `jobs.brief.steps[3].if`). */
  where: string;
  /** The contexts available here, by name. `secrets` and `vars` give '' for a name that is not set. */
  contexts: Partial<Record<string, Value>>;
  /** The job's or step's status, for success() and friends; absent where they may not be used. */
  status?: { success: boolean; failure: boolean; cancelled: boolean };
  /** hashFiles(patterns…), where the workspace is known. */
  hashFiles?: (patterns: string[]) => string;
}

// ---------------------------------------------------------------- tokens

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'ident'; value: string }
  | { kind: 'punct'; value: string }
  | { kind: 'end' };

const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '(', ')', '[', ']', ',', '.', '!', '<', '>', '*'];

function tokenize(source: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) fail('a string without its closing quote');
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += source[i++];
      }
      tokens.push({ kind: 'str', value });
      continue;
    }
    const num = /^(?:0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(source.slice(i));
    if (num && !/[A-Za-z_]/.test(source[i + num[0].length] ?? '')) {
      tokens.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCT.find((p) => source.startsWith(p, i));
    if (!punct) fail(`unexpected character "${c}"`);
    tokens.push({ kind: 'punct', value: punct });
    i += punct.length;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

// ---------------------------------------------------------------- syntax tree

type Node =
  | { type: 'literal'; value: Value }
  | { type: 'context'; name: string }
  | { type: 'member'; object: Node; property: Node }
  | { type: 'call'; name: string; args: Node[] }
  | { type: 'not'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node };

function parse(source: string, fail: (message: string) => never): Node {
  const tokens = tokenize(source, fail);
  let pos = 0;
  const peek = () => tokens[pos]!;
  const isPunct = (value: string) => peek().kind === 'punct' && (peek() as { value: string }).value === value;
  const expect = (value: string) => {
    if (!isPunct(value)) fail(`expected "${value}"`);
    pos++;
  };
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let left = next();
    for (;;) {
      const t = peek();
      if (t.kind !== 'punct' || !ops.includes(t.value)) return left;
      pos++;
      left = { type: 'binary', op: t.value, left, right: next() };
    }
  };
  const primary = (): Node => {
    const t = tokens[pos++]!;
    if (t.kind === 'num' || t.kind === 'str') return { type: 'literal', value: t.value };
    if (t.kind === 'punct' && t.value === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (t.kind === 'ident') {
      if (isPunct('(')) {
        pos++;
        const args: Node[] = [];
        if (!isPunct(')')) {
          args.push(or());
          while (isPunct(',')) {
            pos++;
            args.push(or());
          }
        }
        expect(')');
        return { type: 'call', name: t.value.toLowerCase(), args };
      }
      if (t.value === 'true' || t.value === 'false') return { type: 'literal', value: t.value === 'true' };
      if (t.value === 'null') return { type: 'literal', value: null };
      return { type: 'context', name: t.value };
    }
    fail(t.kind === 'end' ? 'the expression ends too early' : `unexpected "${(t as { value: unknown }).value}"`);
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (isPunct('.')) {
        pos++;
        const t = tokens[pos++]!;
        if (t.kind === 'punct' && t.value === '*') fail('object filters (`.*`) are not supported by this runner');
        if (t.kind !== 'ident' && t.kind !== 'num') fail('expected a property name after "."');
        node = { type: 'member', object: node, property: { type: 'literal', value: String(t.value) } };
      } else if (isPunct('[')) {
        pos++;
        if (isPunct('*')) fail('object filters (`[*]`) are not supported by this runner');
        const property = or();
        expect(']');
        node = { type: 'member', object: node, property };
      } else return node;
    }
  };
  const unary = (): Node => {
    if (isPunct('!')) {
      pos++;
      return { type: 'not', operand: unary() };
    }
    return postfix();
  };
  const comparison = binary(unary, ['<', '<=', '>', '>=']);
  const equality = binary(comparison, ['==', '!=']);
  const and = binary(equality, ['&&']);
  const or = binary(and, ['||']);
  const root = or();
  if (peek().kind !== 'end') fail(`unexpected "${(peek() as { value: unknown }).value}" after the expression`);
  return root;
}

// ---------------------------------------------------------------- semantics

export function truthy(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)));
}

function toNumber(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v.trim());
  return Number.NaN;
}

function isObject(v: Value): v is Value[] | { [key: string]: Value } {
  return typeof v === 'object' && v !== null;
}

function sameKind(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b);
  return typeof a === typeof b;
}

export function looseEquals(a: Value, b: Value): boolean {
  if (sameKind(a, b)) {
    if (typeof a === 'string') return a.toLowerCase() === (b as string).toLowerCase();
    return a === b;
  }
  if (isObject(a) || isObject(b)) return false;
  return toNumber(a) === toNumber(b);
}

function compare(a: Value, b: Value, op: string): boolean {
  let x: number | string;
  let y: number | string;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else {
    if (isObject(a) || isObject(b)) return false;
    x = toNumber(a);
    y = toNumber(b);
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** The text GitHub puts in place of a value (`${{ }}` inside a string, and string function arguments). */
export function toText(v: Value, fail: (message: string) => never = (m) => { throw new ExpressionError(m); }): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  if (typeof v === 'string') return v;
  return fail(`an ${Array.isArray(v) ? 'array' : 'object'} cannot stand as text; use toJSON()`);
}

function lookup(object: Value, key: Value): Value {
  if (Array.isArray(object)) {
    const index = toNumber(key);
    return Number.isInteger(index) && index >= 0 && index < object.length ? object[index]! : null;
  }
  if (!isObject(object)) return null;
  const name = toText(key);
  if (Object.hasOwn(object, name)) return object[name]!;
  // Property names are case-insensitive.
  const found = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return found === undefined ? null : object[found]!;
}

function format(template: string, args: Value[], fail: (message: string) => never): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') {
      out += '{';
      i++;
    } else if (c === '}' && template[i + 1] === '}') {
      out += '}';
      i++;
    } else if (c === '{') {
      const end = template.indexOf('}', i);
      const index = end === -1 ? Number.NaN : Number(template.slice(i + 1, end));
      if (!Number.isInteger(index) || index < 0 || index >= args.length) fail(`format(): bad placeholder in "${template}"`);
      out += toText(args[index]!, fail);
      i = end;
    } else if (c === '}') fail(`format(): a lone "}" in "${template}"`);
    else out += c;
  }
  return out;
}

function evalNode(node: Node, scope: EvalScope, fail: (message: string) => never): Value {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'context': {
      const name = node.name.toLowerCase();
      if (!ALL_CONTEXTS.has(name)) fail(`unknown context "${node.name}"`);
      const value = scope.contexts[name];
      if (value === undefined) fail(`the "${name}" context is not available here (available: ${Object.keys(scope.contexts).join(', ') || 'none'})`);
      return value;
    }
    case 'member': {
      const object = evalNode(node.object, scope, fail);
      const value = lookup(object, evalNode(node.property, scope, fail));
      // An unset secret or variable reads as an empty string.
      if (value === null && node.object.type === 'context' && ['secrets', 'vars'].includes(node.object.name.toLowerCase())) return '';
      return value;
    }
    case 'not':
      return !truthy(evalNode(node.operand, scope, fail));
    case 'binary': {
      const left = evalNode(node.left, scope, fail);
      if (node.op === '&&') return truthy(left) ? evalNode(node.right, scope, fail) : left;
      if (node.op === '||') return truthy(left) ? left : evalNode(node.right, scope, fail);
      const right = evalNode(node.right, scope, fail);
      if (node.op === '==') return looseEquals(left, right);
      if (node.op === '!=') return !looseEquals(left, right);
      return compare(left, right, node.op);
    }
    case 'call':
      return call(node, scope, fail);
  }
}

function call(node: Extract<Node, { type: 'call' }>, scope: EvalScope, fail: (message: string) => never): Value {
  const args = () => node.args.map((a) => evalNode(a, scope, fail));
  const arity = (min: number, max = min) => {
    if (node.args.length < min || node.args.length > max) fail(`${node.name}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${node.args.length}`);
  };
  if (STATUS_FUNCTIONS.has(node.name)) {
    arity(0);
    if (!scope.status) fail(`${node.name}() is not available here`);
    if (node.name === 'always') return true;
    if (node.name === 'success') return scope.status.success && !scope.status.cancelled;
    if (node.name === 'failure') return scope.status.failure && !scope.status.cancelled;
    return scope.status.cancelled;
  }
  switch (node.name) {
    case 'contains': {
      arity(2);
      const [search, item] = args() as [Value, Value];
      if (Array.isArray(search)) return search.some((v) => looseEquals(v, item));
      return toText(search, fail).toLowerCase().includes(toText(item, fail).toLowerCase());
    }
    case 'startswith':
    case 'endswith': {
      arity(2);
      const [a, b] = args().map((v) => toText(v, fail).toLowerCase()) as [string, string];
      return node.name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'format': {
      if (node.args.length < 1) fail('format() needs a template');
      const [template, ...rest] = args();
      return format(toText(template!, fail), rest, fail);
    }
    case 'join': {
      arity(1, 2);
      const [list, separator] = args();
      const sep = separator === undefined ? ',' : toText(separator, fail);
      return Array.isArray(list) ? list.map((v) => toText(v, fail)).join(sep) : toText(list!, fail);
    }
    case 'tojson':
      arity(1);
      return JSON.stringify(args()[0], null, 2);
    case 'fromjson': {
      arity(1);
      const text = toText(args()[0]!, fail);
      try {
        return JSON.parse(text) as Value;
      } catch (error) {
        return fail(`fromJSON(): not JSON (${(error as Error).message}): ${JSON.stringify(text.slice(0, 80))}`);
      }
    }
    case 'hashfiles': {
      if (!scope.hashFiles) fail('hashFiles() is not available here');
      return scope.hashFiles(args().map((v) => toText(v, fail)));
    }
    default:
      return fail(`unknown function "${node.name}()"`);
  }
}

function failer(expression: string, where: string): (message: string) => never {
  return (message) => {
    throw new ExpressionError(`${where}: ${message} in \`\${{ ${expression} }}\``);
  };
}

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluate(expression: string, scope: EvalScope): Value {
  const fail = failer(expression.trim(), scope.where);
  return evalNode(parse(expression, fail), scope, fail);
}

/** The `${{ }}` parts of a string, in order, with their positions. */
function expressionParts(text: string, where: string): { start: number; end: number; expression: string }[] {
  const parts: { start: number; end: number; expression: string }[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('${{', from);
    if (open === -1) return parts;
    // The closing braces are the first `}}` outside a string literal.
    let i = open + 3;
    let inString = false;
    for (; i < text.length; i++) {
      if (text[i] === "'") inString = !inString;
      else if (!inString && text.startsWith('}}', i)) break;
    }
    if (i >= text.length) throw new ExpressionError(`${where}: a \`\${{\` without its \`}}\` in ${JSON.stringify(text)}`);
    parts.push({ start: open, end: i + 2, expression: text.slice(open + 3, i) });
    from = i + 2;
  }
}

/**
 * A workflow value: a string holding exactly one `${{ }}` gives the expression's value (so `true`
 * stays a boolean); any other string gets each `${{ }}` replaced by its text.
 */
export function evaluateValue(text: string, scope: EvalScope): Value {
  const parts = expressionParts(text, scope.where);
  if (parts.length === 0) return text;
  if (parts.length === 1 && parts[0]!.start === 0 && parts[0]!.end === text.length) return evaluate(parts[0]!.expression, scope);
  return interpolate(text, scope);
}

/** `text` with every `${{ }}` replaced by the text of its value. */
export function interpolate(text: string, scope: EvalScope): string {
  let out = '';
  let from = 0;
  for (const part of expressionParts(text, scope.where)) {
    out += text.slice(from, part.start) + toText(evaluate(part.expression, scope), failer(part.expression.trim(), scope.where));
    from = part.end;
  }
  return out + text.slice(from);
}

function usesStatus(node: Node): boolean {
  switch (node.type) {
    case 'call':
      return STATUS_FUNCTIONS.has(node.name) || node.args.some(usesStatus);
    case 'member':
      return usesStatus(node.object) || usesStatus(node.property);
    case 'not':
      return usesStatus(node.operand);
    case 'binary':
      return usesStatus(node.left) || usesStatus(node.right);
    default:
      return false;
  }
}

/**
 * A job's or step's `if:` (with or without `${{ }}`). Without a status function it means
 * `success() && (…)`, as on GitHub; an absent `if:` is `success()`.
 */
export function evaluateCondition(condition: string | boolean | undefined, scope: EvalScope): boolean {
  if (condition === undefined) return evaluateCondition('success()', scope);
  if (typeof condition === 'boolean') return evaluateCondition(String(condition), scope);
  let expression = condition.trim();
  const parts = expressionParts(expression, scope.where);
  if (parts.length === 1 && parts[0]!.start === 0 && parts[0]!.end === expression.length) expression = parts[0]!.expression;
  else if (parts.length > 0) throw new ExpressionError(`${scope.where}: an \`if:\` is one expression; got ${JSON.stringify(condition)}`);
  const fail = failer(expression.trim(), scope.where);
  const tree = parse(expression, fail);
  if (!usesStatus(tree)) {
    const status = scope.status ?? fail('success() is not available here');
    if (!status.success || status.cancelled) return false;
  }
  return truthy(evalNode(tree, scope, fail));
}
