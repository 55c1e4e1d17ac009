/**
 * The config source file, assembled with ts-morph: the import of exactly the names used, one
 * `const` per stage with its comments, and the default export. Expressions are laid out by the
 * doc printer (biome's style); ts-morph checks that the file parses before anything is written.
 */
import type { Project, StatementStructures } from 'ts-morph';
import { tsMorph } from '../tsMorph.js';
import { commentDoc, toDoc } from './code.js';
import { type Doc, group, ifBreak, indent, join, line, printDoc } from './doc.js';
import type { ImportModel } from './generate.js';

export const LINE_WIDTH = 120;

function print(doc: Doc, prefixWidth = 0): string {
  // The prefix (`const name = `) and the `;` are written by ts-morph; the doc is measured with them.
  const text = printDoc([' '.repeat(prefixWidth), doc, ';'], LINE_WIDTH);
  return text.slice(prefixWidth, -1);
}

function comments(lines: readonly string[]): string {
  return lines.length === 0 ? '' : printDoc(commentDoc(lines), LINE_WIDTH);
}

function importText(names: readonly string[]): string {
  return printDoc(
    group(['import {', indent([line, join([',', line], names)]), ifBreak(','), line, "} from '@dockerdsl/core';"]),
    LINE_WIDTH,
  );
}

const { IndentationText, Project: MorphProject, QuoteKind, StructureKind, ts, VariableDeclarationKind } = tsMorph();

let project: Project | undefined;

/** The formatted TypeScript source of an imported config. */
export function printModule(model: ImportModel): string {
  project ??= new MorphProject({
    useInMemoryFileSystem: true,
    manipulationSettings: { quoteKind: QuoteKind.Single, indentationText: IndentationText.TwoSpaces },
  });
  // ts-morph writes the declarations from structures in one go; each expression is a placeholder
  // replaced afterwards by its laid-out text, verbatim (ts-morph's writer would re-indent
  // multi-line initializers and template literals).
  const expressions: string[] = [];
  const placeholder = (text: string) => {
    expressions.push(text);
    return `__dsl_import_${expressions.length - 1}__`;
  };
  const statements: StatementStructures[] = [];
  for (const statement of model.statements) {
    const leadingTrivia = `\n${comments(statement.comments)}`;
    if (statement.kind === 'const') {
      const name = statement.name as string;
      statements.push({
        kind: StructureKind.VariableStatement,
        leadingTrivia,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name, initializer: placeholder(print(toDoc(statement.expr), `const ${name} = `.length)) }],
      });
    } else {
      statements.push({
        kind: StructureKind.ExportAssignment,
        leadingTrivia,
        isExportEquals: false,
        expression: placeholder(print(toDoc(statement.expr), 'export default '.length)),
      });
    }
  }
  const file = project.createSourceFile(
    'docker.config.ts',
    { statements: [`${comments(model.header)}${importText(model.imports)}`, ...statements] },
    { overwrite: true },
  );
  const written = file.getFullText();
  project.removeSourceFile(file);
  const text = `${written
    .replace(/__dsl_import_(\d+)__/g, (_, index: string) => expressions[Number(index)] as string)
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
  // Syntax only (transpileModule reports parse errors without building a program).
  const diagnostics = (
    ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } })
      .diagnostics ?? []
  ).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (diagnostics.length > 0)
    throw new Error(`internal: the generated config does not parse: ${diagnostics.join('; ')}`);
  return text;
}
