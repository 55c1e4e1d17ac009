/**
 * Reads a fragment library's TypeScript sources with ts-morph (loaded only by `dsl docs`): every
 * exported fragment with its description, options (name, type, default, doc comment) and examples.
 *
 * Types come from the checker (the zod schema's input type), so they are right whatever helpers
 * the library builds its schemas with; doc comments, defaults and the `description`/`example`
 * fields come from the `defineFragment({...})` call when the sources have it. With declaration
 * files only, the reference still has every fragment, its JSDoc and its option types.
 */
import type * as Morph from 'ts-morph';

export interface OptionDoc {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
  /** Source text of the `.default(...)` value, e.g. `'3.12'`. */
  readonly default?: string;
  readonly doc?: string;
  readonly positional?: boolean;
}

export interface FragmentDoc {
  /** The fragment's name (`defineFragment({ name })`, or the export name). */
  readonly name: string;
  readonly exportName: string;
  /** The one-sentence `description` field. */
  readonly summary?: string;
  /** The JSDoc text of the export. */
  readonly doc?: string;
  readonly options: readonly OptionDoc[];
  /** `@example` blocks, or the `example` field. */
  readonly examples: readonly string[];
  /** Where it is defined, relative to the package root. */
  readonly file: string;
  /** The `package` field of its `defineFragment` call, when the sources give it as a constant string. */
  readonly package?: string;
}

type TsMorph = typeof Morph;
type Node = Morph.Node;

export function analyzeFragments(morph: TsMorph, entry: Morph.SourceFile): FragmentDoc[] {
  const { Node: N, ts } = morph;
  const docs: FragmentDoc[] = [];
  const formatFlags =
    ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope |
    ts.TypeFormatFlags.NoTruncation |
    ts.TypeFormatFlags.UseSingleQuotesForStringLiteralType;

  const typeText = (type: Morph.Type, at: Node): string =>
    type
      .getText(at, formatFlags)
      .replace(/import\("[^"]+"\)\./g, '')
      .replace(/readonly /g, '');

  /** `defineFragment({...})`: the call, found in the initializer or one variable away. */
  const findDefinition = (
    declaration: Morph.VariableDeclaration,
    followIdentifiers: boolean,
  ): Morph.ObjectLiteralExpression | undefined => {
    const initializer = declaration.getInitializer();
    if (initializer === undefined) return undefined;
    const isDefine = (node: Node): node is Morph.CallExpression =>
      N.isCallExpression(node) && /(^|\.)defineFragment$/.test(node.getExpression().getText());
    const direct = isDefine(initializer) ? initializer : initializer.getFirstDescendant(isDefine);
    const fromCall = (call: Morph.CallExpression | undefined) => {
      const argument = call?.getArguments()[0];
      return argument !== undefined && N.isObjectLiteralExpression(argument) ? argument : undefined;
    };
    if (direct !== undefined) return fromCall(direct);
    if (!followIdentifiers) return undefined;
    for (const identifier of initializer.getDescendantsOfKind(ts.SyntaxKind.Identifier)) {
      for (const declared of declarationsOf(identifier)) {
        if (!N.isVariableDeclaration(declared) || declared === declaration) continue;
        const inner = declared.getInitializer();
        if (inner !== undefined && isDefine(inner)) return fromCall(inner);
      }
    }
    return undefined;
  };

  const declarationsOf = (identifier: Node): Node[] => {
    const symbol = identifier.getSymbol();
    if (symbol === undefined) return [];
    const target = symbol.isAlias() ? symbol.getAliasedSymbol() : symbol;
    return target?.getDeclarations() ?? [];
  };

  /**
   * The object literal a schema expression is built from: `z.strictObject({...}).refine(...)`, also
   * when a function returns it (`options: () => z.strictObject({...})`, built on first use).
   */
  const shapeOf = (expression: Node | undefined, depth = 0): Morph.ObjectLiteralExpression | undefined => {
    if (expression === undefined || depth > 8) return undefined;
    if (N.isObjectLiteralExpression(expression)) return expression;
    if (N.isArrowFunction(expression) || N.isFunctionExpression(expression)) {
      const body = expression.getBody();
      if (!N.isBlock(body)) return shapeOf(body, depth + 1);
      const returned = body.getStatements().findLast(N.isReturnStatement);
      return shapeOf(returned?.getExpression(), depth + 1);
    }
    if (N.isParenthesizedExpression(expression) || N.isAsExpression(expression) || N.isSatisfiesExpression(expression))
      return shapeOf(expression.getExpression(), depth + 1);
    if (N.isIdentifier(expression)) {
      const declared = declarationsOf(expression).find((node) => N.isVariableDeclaration(node));
      return declared && N.isVariableDeclaration(declared) ? shapeOf(declared.getInitializer(), depth + 1) : undefined;
    }
    if (N.isCallExpression(expression)) {
      const callee = expression.getExpression();
      if (N.isPropertyAccessExpression(callee) && !/^(strictObject|object|looseObject)$/.test(callee.getName()))
        return shapeOf(callee.getExpression(), depth + 1);
      for (const argument of expression.getArguments()) {
        const found = shapeOf(argument, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };

  /** Each property of a shape literal, spreads and shorthands followed, in written order. */
  const shapeProperties = (
    shape: Morph.ObjectLiteralExpression,
    depth = 0,
  ): { name: string; node: Node; value: Node | undefined }[] => {
    const out: { name: string; node: Node; value: Node | undefined }[] = [];
    for (const property of shape.getProperties()) {
      if (N.isPropertyAssignment(property)) {
        out.push({ name: unquote(property.getName()), node: property, value: property.getInitializer() });
      } else if (N.isShorthandPropertyAssignment(property)) {
        const declared = declarationsOf(property.getNameNode()).find((node) => N.isVariableDeclaration(node));
        out.push({
          name: property.getName(),
          node: property,
          value: declared && N.isVariableDeclaration(declared) ? declared.getInitializer() : undefined,
        });
      } else if (N.isSpreadAssignment(property) && depth < 4) {
        const inner = shapeOf(property.getExpression());
        if (inner !== undefined) out.push(...shapeProperties(inner, depth + 1));
      }
    }
    return out;
  };

  /**
   * The argument of `.default(x)` / `.describe('...')` anywhere in a schema's call chain (following
   * identifiers). Also zod mini's functions: `z._default(schema, x)`, and the schema inside
   * `z.optional(schema)` / `z.nullable(schema)`.
   */
  const chainCall = (
    value: Node | undefined,
    method: string,
    depth = 0,
  ): { argument: Node | undefined } | undefined => {
    for (let node = value; node !== undefined && depth < 6; ) {
      if (N.isCallExpression(node)) {
        const callee = node.getExpression();
        if (N.isPropertyAccessExpression(callee)) {
          const name = callee.getName();
          if (name === method) return { argument: node.getArguments()[0] };
          if (MINI_WRAPPERS.has(name) && N.isIdentifier(callee.getExpression()) && node.getArguments().length > 0) {
            if (MINI_WRAPPERS.get(name) === method) return { argument: node.getArguments()[1] };
            node = node.getArguments()[0];
            continue;
          }
          node = callee.getExpression();
          continue;
        }
        return undefined;
      }
      if (N.isIdentifier(node)) {
        const declared = declarationsOf(node).find((found) => N.isVariableDeclaration(found));
        return declared && N.isVariableDeclaration(declared)
          ? chainCall(declared.getInitializer(), method, depth + 1)
          : undefined;
      }
      return undefined;
    }
    return undefined;
  };

  const literalText = (node: Node | undefined): string | undefined => {
    if (node === undefined) return undefined;
    if (N.isStringLiteral(node) || N.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralText();
    return undefined;
  };

  /** A string literal, or an expression of a string literal type (`package: PACKAGE`, a const). */
  const constantString = (node: Node | undefined): string | undefined => {
    const literal = literalText(node);
    if (literal !== undefined || node === undefined) return literal;
    const type = node.getType();
    return type.isStringLiteral() ? String(type.getLiteralValue()) : undefined;
  };

  const propertyValue = (definition: Morph.ObjectLiteralExpression | undefined, name: string): Node | undefined => {
    const property = definition?.getProperty(name);
    return property !== undefined && N.isPropertyAssignment(property) ? property.getInitializer() : undefined;
  };

  /** The zod schema's input type (`schema._zod.input`), whose properties are the options. */
  const inputType = (schemaType: Morph.Type, at: Node): Morph.Type | undefined => {
    // `options: () => schema`: the schema is what the function returns.
    const schema = schemaType.getCallSignatures()[0]?.getReturnType() ?? schemaType;
    const internals = schema.getProperty('_zod')?.getTypeAtLocation(at);
    return internals?.getProperty('input')?.getTypeAtLocation(at);
  };

  for (const [exportName, declarations] of entry.getExportedDeclarations()) {
    for (const declaration of declarations) {
      if (!N.isVariableDeclaration(declaration)) continue;
      const info = declaration.getType().getProperty('fragment')?.getTypeAtLocation(declaration);
      // Without `.fragment` in its type, only a value made by a defineFragment call right here counts
      // (not, say, an array of fragments).
      const definition = findDefinition(declaration, info !== undefined);
      if (info === undefined && definition === undefined) continue;
      if (info !== undefined && (info.getProperty('name') === undefined || info.getProperty('options') === undefined))
        continue;

      const optionsNode = propertyValue(definition, 'options');
      const schemaType = optionsNode?.getType() ?? info?.getProperty('options')?.getTypeAtLocation(declaration);
      const at = optionsNode ?? declaration;
      const input = schemaType !== undefined ? inputType(schemaType, at) : undefined;
      const typed = new Map<string, { type: string; optional: boolean }>();
      for (const symbol of input?.getProperties() ?? []) {
        const type = symbol.getTypeAtLocation(at);
        const optional = symbol.isOptional();
        const members = type.isUnion() ? type.getUnionTypes().filter((member) => !member.isUndefined()) : [type];
        const text = members.map((member) => typeText(member, at));
        typed.set(symbol.getName(), {
          type: type.isUnion() && text.length !== type.getUnionTypes().length ? joinUnion(text) : typeText(type, at),
          optional,
        });
      }

      const positional = literalText(propertyValue(definition, 'positional'));
      const shape = shapeOf(optionsNode);
      const written = shape !== undefined ? shapeProperties(shape) : [];
      const options: OptionDoc[] = [];
      const add = (name: string, node: Node | undefined, value: Node | undefined) => {
        const known = typed.get(name);
        if (options.some((option) => option.name === name)) return;
        const defaultValue = chainCall(value, 'default');
        const description = chainCall(value, 'describe');
        const doc = (node !== undefined ? jsDocOf(node) : undefined) ?? literalText(description?.argument);
        options.push({
          name,
          type: known?.type ?? 'unknown',
          optional: known?.optional ?? defaultValue !== undefined,
          ...(defaultValue !== undefined ? { default: oneLine(defaultValue.argument?.getText() ?? '') } : {}),
          ...(doc !== undefined ? { doc } : {}),
          ...(name === positional ? { positional: true } : {}),
        });
      };
      for (const property of written)
        if (typed.size === 0 || typed.has(property.name)) add(property.name, property.node, property.value);
      for (const name of typed.keys()) add(name, undefined, undefined);

      const statement = declaration.getVariableStatement();
      const jsDocs = statement?.getJsDocs() ?? [];
      const jsDoc = jsDocs[jsDocs.length - 1];
      const description = jsDoc?.getDescription().trim();
      const examples = (jsDoc?.getTags() ?? [])
        .filter((tag) => tag.getTagName() === 'example')
        .map((tag) => dedent(tag.getCommentText() ?? ''))
        .filter((text) => text !== '');
      const exampleField = literalText(propertyValue(definition, 'example'));
      const summary = literalText(propertyValue(definition, 'description'));
      const declaredPackage = constantString(propertyValue(definition, 'package'));
      docs.push({
        name: literalText(propertyValue(definition, 'name')) ?? exportName,
        exportName,
        ...(summary !== undefined ? { summary } : {}),
        ...(description ? { doc: description } : {}),
        options,
        examples: examples.length > 0 ? examples : exampleField !== undefined ? [exampleField] : [],
        file: declaration.getSourceFile().getFilePath(),
        ...(declaredPackage !== undefined ? { package: declaredPackage } : {}),
      });
    }
  }
  return docs;

  function jsDocOf(node: Node): string | undefined {
    const comments = node.getLeadingCommentRanges().filter((range) => range.getText().startsWith('/**'));
    const last = comments[comments.length - 1];
    return last === undefined ? undefined : cleanComment(last.getText());
  }
}

/**
 * zod mini's functions that wrap a schema (its first argument) where classic zod chains a method:
 * the value is the method whose argument they hold (`z._default(schema, x)` for `.default(x)`).
 */
const MINI_WRAPPERS = new Map<string, string | undefined>([
  ['_default', 'default'],
  ['optional', undefined],
  ['nullable', undefined],
]);

function unquote(name: string): string {
  return /^(['"]).*\1$/.test(name) ? name.slice(1, -1) : name;
}

function joinUnion(members: readonly string[]): string {
  const unique = [...new Set(members)];
  // TypeScript spells `boolean` as `false | true` once it is a union's members (an optional
  // boolean without its undefined): say `boolean` again, where `false` stood.
  if (!unique.includes('false') || !unique.includes('true')) return unique.join(' | ');
  return unique
    .filter((member) => member !== 'true')
    .map((member) => (member === 'false' ? 'boolean' : member))
    .join(' | ');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** The text of a `/** ... *\/` comment, its lines joined (paragraphs kept apart by a blank line). */
export function cleanComment(text: string): string {
  return text
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trim())
    .join('\n')
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s*\n\s*/g, ' '))
    .join('\n\n');
}

function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)?.[0].length ?? 0),
  );
  return lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}
