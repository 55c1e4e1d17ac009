/**
 * `dsl lint --fix`: edits the config's source text at the call sites findings point to, with
 * ts-morph (loaded only by this command). Only rules that offer a fix are touched, and only when
 * the edit is exactly the one the rule describes; anything else is reported as not fixed.
 */
import { readFileSync } from 'node:fs';
import { type LintFinding, type LintFix, programOffsets } from '@dockerdsl/core';
import type { CallExpression, Node as MorphNode, SourceFile } from 'ts-morph';
import { addSourcesUnpackable } from './addSourcesUnpackable.js';

import { tsMorph } from './tsMorph.js';
import { writeFileAtomic } from './writeAtomic.js';

const { Node, Project, SyntaxKind, ts } = tsMorph();

const CORE = '@dockerdsl/core';

export interface FixResult {
  readonly fixed: readonly LintFinding[];
  readonly notFixed: readonly { readonly finding: LintFinding; readonly reason: string }[];
  readonly files: readonly string[];
}

/** `contextDir`: the build context, where add() sources are checked before becoming copy(). */
export function applyFixes(findings: readonly LintFinding[], contextDir?: string): FixResult {
  const fixed: LintFinding[] = [];
  const notFixed: { finding: LintFinding; reason: string }[] = [];
  const files: string[] = [];
  const byFile = new Map<string, LintFinding[]>();
  for (const finding of findings) {
    if (!finding.fix || !finding.callSite) continue;
    byFile.set(finding.callSite.file, [...(byFile.get(finding.callSite.file) ?? []), finding]);
  }
  const project = new Project({
    useInMemoryFileSystem: false,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noEmit: true },
  });
  for (const [file, list] of byFile) {
    const original = readFileSync(file, 'utf8');
    const source = project.createSourceFile(`${file}.dsl-fix${file.match(/\.[mc]?[jt]s$/)?.[0] ?? '.ts'}`, original, {
      overwrite: true,
    });
    const done: LintFinding[] = [];
    const renamed: { from: string; to: string }[] = [];
    // Last position first, so an edit never moves a call site still to be visited.
    const ordered = [...list].sort(
      (a, b) =>
        (b.callSite?.line ?? 0) - (a.callSite?.line ?? 0) || (b.callSite?.column ?? 0) - (a.callSite?.column ?? 0),
    );
    for (const finding of ordered) {
      const reason = applyOne(source, finding, finding.fix as LintFix, renamed, contextDir);
      if (reason === undefined) done.push(finding);
      else notFixed.push({ finding, reason });
    }
    for (const { from, to } of renamed) updateImports(source, from, to);
    if (done.length === 0) continue;
    // Syntax only (no program, no type check): the edit must leave a file that parses.
    const syntax = ts.transpileModule(source.getFullText(), {
      reportDiagnostics: true,
      fileName: source.getFilePath(),
    });
    if ((syntax.diagnostics ?? []).length > 0) {
      for (const finding of done) notFixed.push({ finding, reason: 'the edited file would not parse; left unchanged' });
      continue;
    }
    const text = source.getFullText();
    if (text !== original) {
      writeFileAtomic(file, text);
      files.push(file);
    }
    fixed.push(...done);
  }
  return { fixed, notFixed, files };
}

/** The call whose callee name starts at line:column (what V8 reports for `run(...)`, `core.run(...)`). */
function callAt(source: SourceFile, line: number, column: number): CallExpression | undefined {
  let position: number;
  try {
    position = source.compilerNode.getPositionOfLineAndCharacter(line - 1, column - 1);
  } catch {
    return undefined;
  }
  for (let node: MorphNode | undefined = source.getDescendantAtPos(position); node; node = node.getParent()) {
    if (!Node.isCallExpression(node)) continue;
    const callee = node.getExpression();
    const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    if (nameNode.getStart() === position || node.getStart() === position) return node;
  }
  return undefined;
}

function calleeName(call: CallExpression): string {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
}

function applyOne(
  source: SourceFile,
  finding: LintFinding,
  fix: LintFix,
  renamed: { from: string; to: string }[],
  contextDir: string | undefined,
): string | undefined {
  const site = finding.callSite;
  if (!site) return 'no call site';
  const call = callAt(source, site.line, site.column);
  if (!call) return `no call found at ${site.line}:${site.column}`;
  switch (fix.kind) {
    case 'replaceInStrings': {
      if (calleeName(call) !== finding.fragment)
        return `the call at ${site.line}:${site.column} is not ${finding.fragment}()`;
      const pattern = new RegExp(fix.pattern, fix.flags);
      let changed = 0;
      let matchedElsewhere = false;
      const literals = call
        .getArguments()
        .flatMap((arg) => [arg, ...arg.getDescendants()])
        .filter((node) => Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node));
      for (const literal of literals) {
        if (!Node.isStringLiteral(literal) && !Node.isNoSubstitutionTemplateLiteral(literal)) continue;
        const value = literal.getLiteralValue();
        const next = replaceAtPrograms(value, pattern, fix.replacement);
        if (next !== value) {
          literal.setLiteralValue(next);
          changed++;
        } else if (value.replace(pattern, fix.replacement) !== value) {
          matchedElsewhere = true;
        }
      }
      if (changed > 0) return undefined;
      return matchedElsewhere
        ? 'the text to change is only in quotes or arguments, not where a command starts'
        : 'the command is not a string literal at the call site';
    }
    case 'renameCall': {
      const callee = call.getExpression();
      if (Node.isPropertyAccessExpression(callee)) {
        if (callee.getName() !== fix.from) return `the call is not ${fix.from}()`;
        const refused = renameRefused(call, fix, contextDir);
        if (refused !== undefined) return refused;
        callee.getNameNode().replaceWithText(fix.to);
        return undefined;
      }
      if (!Node.isIdentifier(callee)) return `the call is not ${fix.from}()`;
      const local = callee.getText();
      if (importedName(source, local) !== fix.from) return `${local} is not ${fix.from} imported from ${CORE}`;
      // An earlier rename in this run already wrote `to` and will import it: that `to` is ours.
      const target = renamed.some((rename) => rename.to === fix.to) ? undefined : localNameOf(source, fix.to);
      if (target === null) return `${fix.to} is bound to something else in this file`;
      const refused = renameRefused(call, fix, contextDir);
      if (refused !== undefined) return refused;
      callee.replaceWithText(target ?? fix.to);
      if (target === undefined && !renamed.some((rename) => rename.from === local && rename.to === fix.to)) {
        renamed.push({ from: local, to: fix.to });
      }
      return undefined;
    }
    default:
      return 'unknown fix';
  }
}

/**
 * Why this call must keep its factory although the rule offers the rename: add() -> copy() changes
 * the build when ADD would unpack a source, which the call's arguments show and the rule may not.
 */
function renameRefused(
  call: CallExpression,
  fix: Extract<LintFix, { kind: 'renameCall' }>,
  contextDir: string | undefined,
): string | undefined {
  return fix.from === 'add' && fix.to === 'copy' ? addSourcesUnpackable(call, contextDir) : undefined;
}

/**
 * `script.replace(pattern, replacement)` for the matches that name a command's program (after the
 * separators the pattern may start with): the fixes rewrite invocations, and the same words inside
 * quotes or as an argument are text the command prints or passes on.
 */
function replaceAtPrograms(script: string, pattern: RegExp, replacement: string): string {
  const programs = programOffsets(script);
  return script.replace(pattern, (...args: unknown[]) => {
    const match = args[0] as string;
    const tail = typeof args[args.length - 1] === 'object' ? 3 : 2;
    const offset = args[args.length - tail] as number;
    const groups = args.slice(1, args.length - tail) as (string | undefined)[];
    const separators = /^[\s;&|(]*/.exec(match)?.[0].length ?? 0;
    if (!programs.has(offset + separators)) return match;
    return replacement.replace(/\$(\$|&|\d{1,2})/g, (token: string, name: string) => {
      if (name === '$') return '$';
      if (name === '&') return match;
      const index = Number(name);
      return index >= 1 && index <= groups.length ? (groups[index - 1] ?? '') : token;
    });
  });
}

function coreImports(source: SourceFile) {
  return source.getImportDeclarations().filter((decl) => decl.getModuleSpecifierValue() === CORE);
}

/** The name a local identifier imports from the core, if it is such an import. */
function importedName(source: SourceFile, local: string): string | undefined {
  for (const decl of coreImports(source)) {
    for (const named of decl.getNamedImports()) {
      if ((named.getAliasNode()?.getText() ?? named.getName()) === local) return named.getName();
    }
  }
  return undefined;
}

/**
 * The local name under which `name` is imported from the core; undefined when it is not imported
 * (it will be), null when that name already means something else in the file.
 */
function localNameOf(source: SourceFile, name: string): string | null | undefined {
  for (const decl of coreImports(source)) {
    for (const named of decl.getNamedImports()) {
      if (named.getName() === name) return named.getAliasNode()?.getText() ?? name;
    }
  }
  const taken = source
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some((id) => id.getText() === name && !Node.isPropertyAccessExpression(id.getParent()));
  return taken ? null : undefined;
}

/** After renames: import the new factory, and drop the old import when nothing uses it. */
function updateImports(source: SourceFile, from: string, to: string): void {
  const [decl] = coreImports(source);
  if (!decl) return;
  const stillUsed = source
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .some(
      (id) =>
        id.getText() === from &&
        !Node.isImportSpecifier(id.getParent()) &&
        !Node.isPropertyAccessExpression(id.getParent()),
    );
  if (!stillUsed) {
    for (const named of decl.getNamedImports())
      if ((named.getAliasNode()?.getText() ?? named.getName()) === from) named.remove();
  }
  const names = decl.getNamedImports().map((named) => named.getName());
  if (names.includes(to)) return;
  // Where a sorted list would have it; existing names are not reordered.
  const index = names.findIndex((name) => name.toLowerCase().localeCompare(to.toLowerCase()) > 0);
  decl.insertNamedImport(index === -1 ? names.length : index, to);
}
