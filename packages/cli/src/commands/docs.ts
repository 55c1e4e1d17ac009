import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseCommandArgs, usageFailure } from '../args.js';
import { analyzeFragments } from '../docs/analyze.js';
import { LocateError, locateLibrary } from '../docs/locate.js';
import { renderReference } from '../docs/render.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { green, printInfo, yellow } from '../output.js';
import { writeOutputFile } from '../outputFile.js';
import { writeStdout } from '../stdio.js';
import { tsMorph } from '../tsMorph.js';

export const usage = `Usage: dsl docs PACKAGE_OR_PATH [options]

Write a Markdown reference for a fragment library from its TypeScript sources: every exported
fragment with its description, its options (name, type, default, doc comment) and its examples
(@example in its JSDoc, or the example field of defineFragment).

PACKAGE_OR_PATH is a package directory, its entry .ts file, or the name of an installed package
(its sources are found through the declaration map of its types; ship src/ and declarationMap).

Options:
  --out FILE      write the reference to FILE instead of printing it
  -h, --help      show this help

Exit codes: 0 ok, 1 the sources could not be read, 2 usage error.`;

const options = {
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function docs(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('docs', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw usageFailure('docs', `dsl docs takes one package name or path, got ${positionals.length}`);
  }
  const cwd = process.cwd();
  let library: ReturnType<typeof locateLibrary>;
  try {
    library = locateLibrary(positionals[0] as string, cwd);
  } catch (error) {
    if (error instanceof LocateError) throw new ReportedFailure(`dsl docs: ${error.message}`, EXIT.usage);
    throw error;
  }

  // ts-morph (and the TypeScript compiler in it) is loaded by this command only.
  const morph = tsMorph();
  const tsConfigFilePath = join(library.root, 'tsconfig.json');
  const project = new morph.Project({
    ...(existsSync(tsConfigFilePath) ? { tsConfigFilePath } : {}),
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      module: morph.ts.ModuleKind.NodeNext,
      moduleResolution: morph.ts.ModuleResolutionKind.NodeNext,
      target: morph.ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
  });
  const entry = project.addSourceFileAtPath(library.entry);
  const fragments = analyzeFragments(morph, entry);
  if (library.declarationsOnly) {
    printInfo(
      yellow(
        `dsl docs: only declaration files found (${relative(cwd, library.entry)}): option defaults and comments are missing; ship src/ with declarationMap`,
      ),
    );
  }
  for (const fragment of fragments) {
    if (fragment.examples.length === 0) {
      printInfo(yellow(`dsl docs: ${fragment.name} has no example (add @example to its JSDoc or an example field)`));
    }
  }
  const markdown = renderReference(library.packageJson, fragments);
  if (values.out === undefined) {
    writeStdout(markdown);
    return EXIT.ok;
  }
  const out = resolve(cwd, values.out);
  if (!existsSync(dirname(out)))
    throw new ReportedFailure(`dsl docs: directory not found: ${dirname(out)}`, EXIT.usage);
  writeOutputFile(out, markdown, cwd);
  printInfo(`${green('wrote')} ${relative(cwd, out) || out} (${fragments.length} fragments)`);
  return EXIT.ok;
}
