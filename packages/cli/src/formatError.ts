import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { DslError, isDslError } from '@dockerdsl/core';
import { corePackageDir } from './corePackage.js';
import { exportDefaultPosition } from './exportDefaultPosition.js';
import { IN_CACHE_DIR } from './load/cacheDir.js';
import { CACHED_BUNDLE_PATH } from './load/configCache.js';

// Frames in these packages are ours, not the user's. Found on first use: only errors need them.
let ownRootsFound: string[] | undefined;
const ownRoots = (): string[] =>
  (ownRootsFound ??= [corePackageDir(), dirname(dirname(fileURLToPath(import.meta.url)))]);

/**
 * One report for any error raised while loading or compiling a config: our own DslErrors as they
 * are; esbuild syntax errors and exceptions thrown by the config with the config's file:line.
 */
export function formatError(error: unknown, cwd: string, configPath: string | undefined): string {
  if (isDslError(error)) return atExportedConfig(error, configPath).format(cwd, configPath);
  const rel = (file: string) => relative(cwd, file) || file;
  if (!(error instanceof Error)) {
    // A thrown string or object carries no stack: the config is all there is to name.
    const where = configPath === undefined ? '' : `${rel(configPath)}: `;
    const value =
      typeof error === 'string' ? error : inspect(error, { depth: 2, breakLength: Number.POSITIVE_INFINITY });
    const kind = error === null ? 'null' : typeof error;
    const thrown = `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
    return `${where}error: ${value}\n  hint: the config threw ${thrown}, which carries no line: throw new Error(...) to have the line in this message`;
  }
  if (error.name === 'TransformError') {
    // esbuild: "Transform failed with 1 error:\n/abs/file.ts:3:10: ERROR: Unexpected ...", its
    // column counted from 0; editors and every other report count from 1.
    const detail = error.message.split('\n').slice(1).join('\n');
    const located = detail.replace(
      /^(\/[^\n:]+):(\d+):(\d+): ERROR: /gm,
      (_m, file: string, line, column: string) => `${rel(file)}:${line}:${Number(column) + 1}: error: `,
    );
    // tsx (--no-cache, or no writable cache) compiles a module of a package that is not
    // `"type": "module"` to CommonJS, where this is no syntax error of the user's.
    const hint = /Top-level await is currently not supported with the "cjs" output format/.test(detail)
      ? 'top-level await needs an ES module: add "type": "module" to package.json, or name the file .mts'
      : 'fix the syntax error in the config';
    return `${located}\n  hint: ${hint}`;
  }
  const frame = userFrame(error.stack ?? '', configPath);
  const where = frame ? `${rel(frame.file)}:${frame.line}:${frame.column}: ` : '';
  const code = (error as { code?: unknown }).code;
  const missing = missingPackage(error);
  const hint =
    error.name === 'ReferenceError'
      ? '\n  hint: a name used in the config is not defined: check the spelling of stage variables and imports'
      : code === 'ERR_MODULE_NOT_FOUND' || missing
        ? '\n  hint: install the package where the config can resolve it (dependencies of @dockerdsl/core are not importable by name)'
        : /does not provide an export named/.test(error.message)
          ? '\n  hint: check the spelling of the imported name'
          : '';
  // Name the config, not the transpile cache's bundle of it.
  const message = (missing ?? error.message).replace(CACHED_BUNDLE_PATH, '$1');
  return `${where}error: ${error.name === 'Error' ? '' : `${error.name}: `}${message}${hint}`;
}

/**
 * An error at a path of the exported config object (`defaultTarget`, `lint.rules.x`), which has
 * no call site of its own, located at the config's `export default`, so editors and terminals can
 * jump to it.
 */
function atExportedConfig(error: DslError, configPath: string | undefined): DslError {
  const { callSite, path } = error.location;
  if (configPath === undefined || callSite !== undefined || path === undefined) return error;
  return new DslError(
    error.message,
    { ...error.location, callSite: { file: configPath, ...exportDefaultPosition(configPath) } },
    error.hint,
  );
}

/**
 * A package the config's CommonJS bundle requires but nobody installed, said as Node says it for
 * an ES module ("Cannot find package 'x' imported from ..."), without the require stack.
 */
function missingPackage(error: Error): string | undefined {
  if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') return undefined;
  const name = /^Cannot find module '([^'./][^']*)'/.exec(error.message)?.[1];
  const importer = (error as { requireStack?: unknown }).requireStack;
  const first = Array.isArray(importer) ? importer[0] : undefined;
  if (name === undefined || typeof first !== 'string' || !IN_CACHE_DIR.test(first)) return undefined;
  return `Cannot find package '${name}' imported from ${first}`;
}

/** The first stack frame in the user's files (the config, or modules beside it, not node_modules). */
function userFrame(
  stack: string,
  configPath: string | undefined,
): { file: string; line: string; column: string } | undefined {
  // A path starts the frame's location: `at fn (/abs/file:1:2)` or `at /abs/file:1:2`, never the
  // middle of `node:internal/modules/...`.
  const frames = [...stack.matchAll(/(?<=^|[\s(])((?:file:\/\/)?\/[^\s():]+):(\d+):(\d+)\)?/gm)].map((match) => ({
    file: (match[1] as string).startsWith('file://')
      ? fileURLToPath((match[1] as string).split('?')[0] as string)
      : (match[1] as string),
    line: match[2] as string,
    column: match[3] as string,
  }));
  const user = frames.filter(
    (frame) => !frame.file.includes('/node_modules/') && !ownRoots().some((root) => frame.file.startsWith(root)),
  );
  return user.find((frame) => frame.file === configPath) ?? user[0];
}
