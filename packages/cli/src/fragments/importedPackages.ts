import { isBuiltin } from 'node:module';
import { dirname, resolve } from 'node:path';
import { DslError } from '@dockerdsl/core';
import { esbuild as loadEsbuild } from '../esbuild.js';

/** A package the config (or a local module it imports) imports by name. */
export interface ImportedPackage {
  /** As written: `@acme/docker-fragments`, `@acme/docker-fragments/python`. */
  readonly specifier: string;
  /** The package part: `@acme/docker-fragments`. */
  readonly packageName: string;
  /** The file Node's ESM resolution picks from the config's directory, if it resolves. */
  readonly resolved: string | undefined;
}

const BARE = /^(?![./]|[A-Za-z]:[\\/]|node:|data:|file:)/;

/** `@scope/name` or `name` from a bare specifier. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** What a config's module graph imports. */
export interface ConfigImports {
  /** The packages, in first-import order. */
  readonly packages: readonly ImportedPackage[];
  /**
   * The project's own modules the config imports (directly or through each other), as absolute
   * paths in import order, the config itself left out: a team's local fragments live there.
   */
  readonly localModules: readonly string[];
}

const LOCAL_MODULE = /\.[cm]?[jt]sx?$/;
const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * The packages and local modules a config's module graph imports: esbuild walks the config and its
 * local modules (as `dsl build` bundles them) and resolves each bare import the way Node's ESM
 * loader would from the importing file. Node built-ins are left out.
 */
export async function configImports(configPath: string): Promise<ConfigImports> {
  const esbuild = loadEsbuild();
  const found = new Map<string, ImportedPackage>();
  let inputs: readonly string[];
  try {
    inputs = await walk(esbuild, configPath, found);
  } catch (error) {
    throw located(error, configPath);
  }
  const config = resolve(configPath);
  const localModules = inputs
    .map((input) => resolve(process.cwd(), input))
    .filter((file) => file !== config && LOCAL_MODULE.test(file) && !IN_NODE_MODULES.test(file));
  return { packages: [...found.values()], localModules };
}

async function walk(
  esbuild: typeof import('esbuild'),
  configPath: string,
  found: Map<string, ImportedPackage>,
): Promise<readonly string[]> {
  const result = await esbuild.build({
    entryPoints: [configPath],
    bundle: true,
    write: false,
    // Its inputs are the modules bundled: the config and its local modules (packages are external).
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'dsl-imported-packages',
        setup(build) {
          build.onResolve({ filter: /.*/ }, async (args) => {
            if ((args.pluginData as { inner?: boolean } | undefined)?.inner) return undefined;
            if (!BARE.test(args.path) || isBuiltin(args.path)) return undefined;
            if (!found.has(args.path)) {
              const result = await build.resolve(args.path, {
                kind: args.kind,
                resolveDir: args.resolveDir || dirname(configPath),
                pluginData: { inner: true },
              });
              found.set(args.path, {
                specifier: args.path,
                packageName: packageNameOf(args.path),
                resolved: result.errors.length === 0 && result.path !== '' ? result.path : undefined,
              });
            }
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs);
}

/** esbuild's first error (a syntax error, an unresolvable local import) at its file:line. */
function located(error: unknown, configPath: string): unknown {
  const first = (
    error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }
  ).errors?.[0];
  if (first === undefined) return error;
  const where = first.location;
  return new DslError(
    first.text,
    {
      callSite: where
        ? { file: resolve(process.cwd(), where.file), line: where.line, column: where.column + 1 }
        : { file: configPath, line: 1, column: 1 },
    },
    'fix the config: dsl fragments reads its imports',
  );
}
