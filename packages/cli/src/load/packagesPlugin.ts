import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';
import { coreEntry, corePackageDir } from '../corePackage.js';
import { packageTypeIsModule } from './packageType.js';

const CORE = '@dockerdsl/core';
/** Marks esbuild's own resolution of a specifier this plugin is deciding about (no recursion). */
const RESOLVING = Symbol('dsl-packages resolving');

/**
 * Decides, for each package import of the config (and of the packages bundled with it), whether
 * the package is loaded from node_modules when the config runs, or bundled:
 * - `@dockerdsl/core` and its subpaths stay external, so the config, fragment libraries and the CLI
 *   share one core; when the config's directory cannot resolve it, the CLI's own copy is named
 *   (`useOwnCore`), its require or import entry as the bundle's format needs.
 * - In a CommonJS bundle, a package whose `import` resolves to an ES module (an ESM-only package, or
 *   the ESM side of a dual one) is bundled: through require(esm), esbuild's interop would receive a
 *   namespace where Node's `import` gives the default export, and the ES module loader would start
 *   after all. Bundled files keep their own `import.meta.url` (see bundleConfig), and their content
 *   joins the cache's inputs, so an upgrade is a miss.
 * - A bare name that resolves to a local file (tsconfig `paths`, package.json `imports`) is bundled:
 *   Node knows neither at run time.
 * - Everything else (builtins, CommonJS packages, any package in an ESM bundle) stays external.
 */
export function packagesPlugin(format: 'cjs' | 'esm', useOwnCore: boolean): Plugin {
  return {
    name: 'dsl-packages',
    setup(build) {
      // The checking module's one import: the core itself, whichever path names it.
      build.onResolve({ filter: /.*/, namespace: CORE_NAMESPACE }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        if (args.path === CORE || args.path.startsWith(`${CORE}/`)) {
          const own = useOwnCore ? coreEntry(args.path, format === 'cjs' ? 'require' : 'import') : undefined;
          const target = own ?? args.path;
          if (format === 'esm') return { path: target, external: true };
          // Node checks an ES module's named imports when linking; CommonJS would make a misspelt
          // one undefined. A module exporting exactly the core's names lets esbuild check them.
          const names = exportNames(args.path, args.resolveDir, useOwnCore);
          if (!names) return { path: target, external: true };
          return { path: args.path, namespace: CORE_NAMESPACE, pluginData: { target, names } };
        }
        if (isBuiltin(args.path)) return { external: true };
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: RESOLVING,
        });
        if (resolved.errors.length > 0 || resolved.external) return { external: true };
        // A local file under another name (tsconfig `paths`, package.json `imports`): Node could
        // not resolve that name at run time, so it is bundled like any local module.
        if (!IN_NODE_MODULES.test(resolved.path)) return { path: resolved.path };
        if (format === 'esm' || !isModuleFile(resolved.path)) return { external: true };
        return { path: resolved.path };
      });
      build.onLoad({ filter: /.*/, namespace: CORE_NAMESPACE }, (args) => {
        const { target, names } = args.pluginData as { target: string; names: readonly string[] };
        return {
          contents: `const core = require(${JSON.stringify(target)});\nexport const { ${names.join(', ')} } = core;\n`,
          loader: 'js',
        };
      });
    },
  };
}

const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/** esbuild's messages name such a module `dsl-core:@dockerdsl/core` (bundleConfig shortens it). */
export const CORE_NAMESPACE = 'dsl-core';

/**
 * The names `specifier` (the core or a subpath) exports, from the `dist/exportNames.json` of the
 * core the config resolves; undefined when unknown (another version of the core), and then
 * nothing is checked.
 */
function exportNames(specifier: string, resolveDir: string, useOwnCore: boolean): readonly string[] | undefined {
  try {
    const manifest = useOwnCore
      ? join(corePackageDir(), 'package.json')
      : createRequire(join(resolveDir, 'noop.js')).resolve(`${CORE}/package.json`);
    const names = JSON.parse(readFileSync(join(dirname(manifest), 'dist', 'exportNames.json'), 'utf8')) as Record<
      string,
      readonly string[]
    >;
    return names[`.${specifier.slice(CORE.length)}`];
  } catch {
    return undefined;
  }
}

const moduleTypeOfDir = new Map<string, boolean>();

/** Whether Node loads `file` as an ES module: `.mjs`, or `.js` under a `"type": "module"` package.json. */
function isModuleFile(file: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (!file.endsWith('.js')) return false;
  return packageTypeIsModule(dirname(file), moduleTypeOfDir);
}
