import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DslError } from '@dockerdsl/core';
import { coreEntry } from '../corePackage.js';
import { esbuild as loadEsbuild } from '../esbuild.js';
import { CORE_NAMESPACE, packagesPlugin } from './packagesPlugin.js';
import { bundlePurity, IMPURE_GLOBALS_DEFINE, type Purity } from './purity.js';
import { realDirectory } from './realDirectory.js';

/**
 * CommonJS loads without starting Node's ES module loader (~10 ms of a start); ESM is kept for what
 * CommonJS cannot express: top-level await, and `import.meta` beyond url/dirname/filename.
 */
export type BundleFormat = 'cjs' | 'esm';

export interface Bundle {
  /** The bundle's text with an inline source map pointing at the original files. */
  readonly code: string;
  readonly format: BundleFormat;
  /**
   * Absolute paths of the files the bundle depends on: the modules bundled (the config, what it
   * imports, ES module packages), then the package.json and tsconfig.json files that resolved them.
   */
  readonly inputs: readonly string[];
  /** How many of `inputs` are modules. */
  readonly moduleCount: number;
  /** Whether every run of it computes the same config (see purity.ts). */
  readonly purity: Purity;
  /**
   * The bytes of each source module as esbuild bundled them. The cache records these, not the
   * files as read after bundling: an edit in between would be recorded with the old code's bundle,
   * and reused as fresh.
   */
  readonly sources: ReadonlyMap<string, Buffer>;
}

const LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
} as const;

/**
 * Transpiles the config and the local modules it imports into one file with esbuild: CommonJS when
 * `format` allows and the code needs nothing only ESM has, ESM otherwise. Packages load from
 * node_modules as usual, except ES module packages in a CommonJS bundle (see packagesPlugin).
 * `import.meta.url` (and dirname/filename) keep meaning
 * each source file, not the bundle. `outDir` is where the bundle will be stored.
 */
export async function bundleConfig(configPath: string, outDir: string, format: BundleFormat = 'cjs'): Promise<Bundle> {
  const esbuild = loadEsbuild();
  const useOwnCore = !resolvesCore(configPath);
  const sources = new Map<string, Buffer>();
  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build({
      entryPoints: [configPath],
      // Source map paths are written relative to where the bundle will live, as Node will see it.
      outdir: realDirectory(outDir),
      bundle: true,
      format,
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      write: false,
      metafile: true,
      // The same values; lets purity.ts find the globals the code reads.
      define: IMPURE_GLOBALS_DEFINE,
      logLevel: 'silent',
      plugins: [
        packagesPlugin(format, useOwnCore),
        {
          name: 'dsl-import-meta',
          setup(build) {
            build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
              // Sync: node:fs/promises would load on every `dsl build` (it is imported at the top).
              const bytes = readFileSync(args.path);
              sources.set(args.path, bytes);
              const text = bytes.toString('utf8');
              const url = JSON.stringify(pathToFileURL(args.path).href);
              const contents = text
                .replace(/\bimport\.meta\.url\b/g, url)
                .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path))
                .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(resolve(args.path, '..')));
              return { contents, loader: LOADERS[extname(args.path) as keyof typeof LOADERS] ?? 'ts' };
            });
          },
        },
      ],
    });
  } catch (error) {
    if (format === 'cjs' && needsModuleFormat((error as { errors?: EsbuildMessage[] }).errors ?? [])) {
      return bundleConfig(configPath, outDir, 'esm');
    }
    throw asLocatedError(error, configPath);
  }
  // `import.meta.resolve` or the like would silently become undefined in CommonJS.
  if (format === 'cjs' && result.warnings.some((warning) => warning.id === 'empty-import-meta')) {
    return bundleConfig(configPath, outDir, 'esm');
  }
  const output = result.outputFiles?.[0]?.text ?? '';
  const metafile = result.metafile ?? { inputs: {}, outputs: {} };
  const modules = Object.entries(metafile.inputs)
    // Files only: the module checking the core's names (see packagesPlugin) is made, not read.
    .filter(([input]) => !input.startsWith(`${CORE_NAMESPACE}:`))
    .map(([input, facts]) => ({ path: resolve(process.cwd(), input), format: facts.format }));
  const entry = modules.find((module) => module.path === resolve(configPath));
  const { code, strict } = strictWhenAllModules(
    entry?.format === 'cjs' ? exportsAsDefault(output) : output,
    format,
    modules,
  );
  const purity = strict
    ? bundlePurity({
        format,
        code: withoutSourceMap(code),
        warnings: result.warnings,
        inputs: modules,
        externals: Object.values(metafile.outputs).flatMap((out) =>
          out.imports.filter((entry) => entry.external).map((entry) => entry.path),
        ),
        coreNames: coreNames(useOwnCore),
      })
    : ({ pure: false, reason: 'not every module of it is an ES module' } as const);
  const files = modules.map((module) => module.path);
  return {
    code,
    format,
    inputs: [...files, ...resolutionFiles(files)],
    moduleCount: files.length,
    purity,
    sources,
  };
}

/**
 * ES modules are strict code; esbuild's CommonJS output is not, unless told. When every module
 * bundled is an ES module, the bundle gets the directive on its first line (a line of esbuild's
 * helpers, with no source map entries to shift), so the config runs as it would under tsx.
 */
function strictWhenAllModules(
  output: string,
  format: BundleFormat,
  modules: readonly { path: string; format?: string }[],
): { code: string; strict: boolean } {
  const allModules = modules.every((module) => module.path.endsWith('.json') || module.format === 'esm');
  if (format !== 'cjs' || !allModules || output.startsWith('#!')) return { code: output, strict: false };
  return { code: `"use strict";${output}`, strict: true };
}

/**
 * Node imports a CommonJS module (`module.exports = defineConfig(...)`) with its `module.exports`
 * as the default export, and so does tsx (`--no-cache`); esbuild's bundle of a CommonJS entry
 * exports that object as it is. A line at the end (before the source map) makes it the default.
 */
function exportsAsDefault(output: string): string {
  const map = output.lastIndexOf('//# sourceMappingURL=');
  const at = map === -1 ? output.length : map;
  return `${output.slice(0, at)}module.exports = { default: module.exports };\n${output.slice(at)}`;
}

/** The code before the inline source map (whose base64 could spell anything). */
function withoutSourceMap(code: string): string {
  const start = code.lastIndexOf('//# sourceMappingURL=');
  return start === -1 ? code : code.slice(0, start);
}

/** The names under which the bundle may load the core. */
function coreNames(useOwnCore: boolean): string[] {
  const names = ['@dockerdsl/core', '@dockerdsl/core/zod'];
  if (!useOwnCore) return names;
  return [...names, ...names.map((name) => coreEntry(name, 'require')).filter((file) => file !== undefined)];
}

/**
 * The package.json and tsconfig.json nearest each bundled file. esbuild resolved the imports and
 * read compiler options through them, so an edit there (a package's `exports` pointing at another
 * file, tsconfig `paths`) changes the bundle without changing any module: they are inputs too.
 * (A tsconfig's `extends` chain is not followed.)
 */
function resolutionFiles(modules: readonly string[]): string[] {
  const found = new Set<string>();
  const searched = new Set<string>();
  for (const module of modules) {
    for (const name of ['package.json', 'tsconfig.json']) {
      for (let dir = dirname(module); !searched.has(`${dir}\0${name}`); dir = dirname(dir)) {
        searched.add(`${dir}\0${name}`);
        const file = join(dir, name);
        if (existsSync(file)) {
          found.add(file);
          break;
        }
        if (dirname(dir) === dir) break;
      }
    }
  }
  const modulesSet = new Set(modules);
  return [...found].filter((file) => !modulesSet.has(file)).sort();
}

/** esbuild refused CommonJS output for a reason ESM output does not have (top-level await). */
function needsModuleFormat(errors: readonly EsbuildMessage[]): boolean {
  return errors.length > 0 && errors.every((error) => /top-level await/i.test(error.text));
}

/**
 * Can the config's own directory import `@dockerdsl/core`? If not, use the CLI's copy. ESM looks
 * only in the node_modules of the config's directory and its parents, never in NODE_PATH (which
 * pnpm's bin shims set, and which CommonJS's require.resolve would honour), so that is what is
 * checked: otherwise a project with only @dockerdsl/cli installed by pnpm fails to load its config.
 */
function resolvesCore(configPath: string): boolean {
  for (let dir = dirname(configPath); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', '@dockerdsl', 'core', 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

function asLocatedError(error: unknown, configPath: string): unknown {
  const messages = (error as { errors?: EsbuildMessage[] }).errors;
  const first = messages?.[0];
  if (!first) return error;
  const location = first.location;
  const file = location ? resolve(process.cwd(), location.file) : configPath;
  const hint = /Could not resolve/.test(first.text)
    ? 'check the import path; packages must be installed where the config can resolve them'
    : /No matching export/.test(first.text)
      ? 'check the spelling of the imported name'
      : 'fix the syntax error in the config';
  const more = messages.length > 1 ? ` (and ${messages.length - 1} more error(s))` : '';
  // `No matching export in "dsl-core:@dockerdsl/core"`: the package, not the checking module.
  const text = first.text.replaceAll(`"${CORE_NAMESPACE}:`, '"');
  return new DslError(
    `${text}${more}`,
    location
      ? { callSite: { file, line: location.line, column: location.column + 1 } }
      : { callSite: { file: relative('.', file) || file, line: 1, column: 1 } },
    hint,
  );
}
