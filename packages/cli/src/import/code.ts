/**
 * The generated config as a small expression tree: printed as formatted TypeScript (doc.ts), and
 * evaluated with the real `@dockerdsl/core` functions, so the importer checks what the printed code
 * will do without loading it.
 */
import {
  breakParent,
  conditionalGroup,
  type Doc,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  literalline,
  softline,
  willBreak,
} from './doc.js';

export type Expr =
  | { readonly kind: 'str'; readonly value: string }
  /** A template literal (for multi-line text such as heredoc scripts). */
  | { readonly kind: 'template'; readonly value: string }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  /** A variable declared earlier in the file (a stage). */
  | { readonly kind: 'ref'; readonly name: string }
  /** A call of a function exported by `@dockerdsl/core`. */
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expr[] }
  /** `<array>.join(separator)`. */
  | { readonly kind: 'join'; readonly array: ArrayExpr; readonly separator: string }
  | ArrayExpr
  | { readonly kind: 'object'; readonly props: readonly Prop[] };

export interface ArrayExpr {
  readonly kind: 'array';
  readonly items: readonly ArrayItem[];
}

/** An array element with the comment lines written above it, and a blank line before it or not. */
export interface ArrayItem {
  readonly value?: Expr;
  readonly comments?: readonly string[];
  readonly blankLineBefore?: boolean;
}

export interface Prop {
  readonly key: string;
  readonly value: Expr;
}

export const str = (value: string): Expr => ({ kind: 'str', value });
export const num = (value: number): Expr => ({ kind: 'num', value });
export const bool = (value: boolean): Expr => ({ kind: 'bool', value });
export const ref = (name: string): Expr => ({ kind: 'ref', name });
export const call = (callee: string, ...args: Expr[]): Expr => ({ kind: 'call', callee, args });
export const arr = (values: readonly Expr[]): ArrayExpr => ({
  kind: 'array',
  items: values.map((value) => ({ value })),
});
export const obj = (props: readonly Prop[]): Expr => ({ kind: 'object', props });

/** Every core function the expression calls. */
export function calledNames(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case 'call':
      into.add(expr.callee);
      for (const arg of expr.args) calledNames(arg, into);
      break;
    case 'join':
      calledNames(expr.array, into);
      break;
    case 'array':
      for (const item of expr.items) if (item.value) calledNames(item.value, into);
      break;
    case 'object':
      for (const prop of expr.props) calledNames(prop.value, into);
      break;
    default:
      break;
  }
  return into;
}

// --- evaluation ---------------------------------------------------------------------------------

export type Scope = Readonly<Record<string, unknown>>;

/** Evaluates the expression: `functions` are the core exports, `variables` the stages so far. */
export function evaluate(expr: Expr, functions: Scope, variables: Scope): unknown {
  switch (expr.kind) {
    case 'str':
    case 'template':
    case 'num':
    case 'bool':
      return expr.value;
    case 'null':
      return null;
    case 'ref':
      if (!Object.hasOwn(variables, expr.name)) throw new Error(`internal: ${expr.name} is not declared yet`);
      return variables[expr.name];
    case 'call': {
      const fn = functions[expr.callee];
      if (typeof fn !== 'function') throw new Error(`internal: @dockerdsl/core has no function ${expr.callee}`);
      return (fn as (...args: unknown[]) => unknown)(...expr.args.map((arg) => evaluate(arg, functions, variables)));
    }
    case 'join':
      return (evaluate(expr.array, functions, variables) as unknown[]).join(expr.separator);
    case 'array':
      return expr.items.flatMap((item) => (item.value ? [evaluate(item.value, functions, variables)] : []));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of expr.props) out[prop.key] = evaluate(prop.value, functions, variables);
      return out;
    }
  }
}

// --- printing -----------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal the way biome writes it: single quotes unless that needs more escapes. */
export function quote(value: string): string {
  const singles = [...value].filter((c) => c === "'").length;
  const doubles = [...value].filter((c) => c === '"').length;
  const q = singles > doubles ? '"' : "'";
  let out = q;
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === q) out += `\\${q}`;
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfeff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return out + q;
}

/** A template literal: backslashes, backquotes and `${` escaped, carriage returns written as `\r`. */
function templateLiteral(value: string): Doc {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$\{/g, '\\${')
    .replace(/\r/g, '\\r')
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters on purpose
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )
    .replace(/[\u2028\u2029\ufeff]|[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return ['`', join(literalline, escaped.split('\n')), '`'];
}

export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

function commentLines(lines: readonly string[]): Doc[] {
  return lines.map((text) => [text === '' ? '//' : `// ${text}`, hardline]);
}

function isHuggable(expr: Expr): boolean {
  return (expr.kind === 'array' && expr.items.length > 0) || (expr.kind === 'object' && expr.props.length > 0);
}

function printArguments(args: readonly Expr[]): Doc {
  if (args.length === 0) return '()';
  const printed = args.map(toDoc);
  const last = args[args.length - 1] as Expr;
  const penultimate = args.length > 1 ? args[args.length - 2] : undefined;
  // A sole multi-line template literal stays on the call's line: heredoc(`...`).
  if (args.length === 1 && last.kind === 'template' && last.value.includes('\n')) return ['(', printed[0] as Doc, ')'];
  const allBrokenOut = () =>
    group(['(', indent([softline, join([',', line], printed)]), ifBreak(','), softline, ')'], { shouldBreak: true });
  const shouldGroupLast = isHuggable(last) && (penultimate === undefined || penultimate.kind !== last.kind);
  if (shouldGroupLast) {
    const head = printed.slice(0, -1);
    if (head.some(willBreak)) return allBrokenOut();
    const lastDoc = printed[printed.length - 1] as Doc;
    return conditionalGroup([
      ['(', join(', ', printed), ')'],
      ['(', join(', ', [...head, group(lastDoc, { shouldBreak: true })]), ')'],
      allBrokenOut(),
    ]);
  }
  return group(['(', indent([softline, join([',', line], printed)]), ifBreak(','), softline, ')']);
}

function printArray(expr: ArrayExpr): Doc {
  if (expr.items.length === 0) return '[]';
  const parts: Doc[] = [];
  let first = true;
  for (const item of expr.items) {
    if (!item.value) continue;
    if (!first) parts.push(',', line);
    if (!first && item.blankLineBefore) parts.push(softline);
    parts.push(...commentLines(item.comments ?? []), toDoc(item.value));
    first = false;
  }
  const trailing = expr.items.filter((item) => !item.value).flatMap((item) => item.comments ?? []);
  const hasValues = !first;
  const trailingDocs = trailing.map((t) => (t === '' ? '//' : `// ${t}`));
  const tail: Doc[] =
    trailing.length === 0
      ? []
      : hasValues
        ? [',', hardline, join(hardline, trailingDocs)]
        : [join(hardline, trailingDocs), breakParent];
  return group([
    '[',
    indent([softline, ...parts, ...tail]),
    trailing.length > 0 ? '' : ifBreak(hasValues ? ',' : ''),
    softline,
    ']',
  ]);
}

function printObject(expr: Extract<Expr, { kind: 'object' }>): Doc {
  if (expr.props.length === 0) return '{}';
  const props = expr.props.map((prop) => [propertyKey(prop.key), ': ', toDoc(prop.value)]);
  return group(['{', indent([line, join([',', line], props)]), ifBreak(','), line, '}']);
}

export function toDoc(expr: Expr): Doc {
  switch (expr.kind) {
    case 'str':
      return quote(expr.value);
    case 'template':
      return templateLiteral(expr.value);
    case 'num':
      return String(expr.value);
    case 'bool':
      return String(expr.value);
    case 'null':
      return 'null';
    case 'ref':
      return expr.name;
    case 'call':
      return [expr.callee, printArguments(expr.args)];
    case 'join':
      return [printArray(expr.array), '.join', printArguments([str(expr.separator)])];
    case 'array':
      return printArray(expr);
    case 'object':
      return printObject(expr);
  }
}

/** `// line` comments, one per line. */
export function commentDoc(lines: readonly string[]): Doc {
  return commentLines(lines);
}
