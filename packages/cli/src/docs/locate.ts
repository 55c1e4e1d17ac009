import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly description?: string;
  readonly types?: string;
  readonly typings?: string;
  readonly exports?: unknown;
  readonly peerDependencies?: Record<string, string>;
  readonly keywords?: readonly string[];
}

export interface LibrarySources {
  /** The package's directory. */
  readonly root: string;
  readonly packageJson: PackageJson;
  /** The TypeScript file to read exports from: the source of the types entry when it ships. */
  readonly entry: string;
  /** True when only declaration files were found (no defaults or option comments then). */
  readonly declarationsOnly: boolean;
}

/** Why a library could not be located; the command reports it as a usage problem. */
export class LocateError extends Error {
  override readonly name = 'LocateError';
}

/**
 * Finds a fragment library's sources from a path (a package directory, or a .ts entry file) or a
 * package name installed where `cwd` can resolve it. The entry is the package's types entry
 * mapped back to its TypeScript source through the declaration map (`declarationMap: true`), then
 * `src/index.ts`, then the declaration file itself.
 */
export function locateLibrary(target: string, cwd: string): LibrarySources {
  const path = resolve(cwd, target);
  if (existsSync(path) && statSync(path).isFile()) {
    const root = packageRootOf(path) ?? dirname(path);
    return { root, packageJson: readPackageJson(root), entry: path, declarationsOnly: path.endsWith('.d.ts') };
  }
  const root =
    existsSync(path) &&
    statSync(path).isDirectory() &&
    (target.startsWith('.') || target.startsWith('/') || !isPackageName(target))
      ? path
      : (installedPackage(target, cwd) ?? (existsSync(join(path, 'package.json')) ? path : undefined));
  if (root === undefined) {
    throw new LocateError(
      `cannot find "${target}": not a directory or file, and no package of that name is installed in ${cwd} or above`,
    );
  }
  const packageJson = readPackageJson(root);
  const types = typesEntry(packageJson);
  const candidates: string[] = [];
  if (types !== undefined) {
    const declaration = resolve(root, types);
    const source = sourceOfDeclaration(declaration);
    if (source !== undefined) candidates.push(source);
  }
  candidates.push(join(root, 'src/index.ts'), join(root, 'src/index.mts'), join(root, 'index.ts'));
  const entry = candidates.find((candidate) => existsSync(candidate));
  if (entry !== undefined) return { root, packageJson, entry, declarationsOnly: false };
  if (types !== undefined && existsSync(resolve(root, types)))
    return { root, packageJson, entry: resolve(root, types), declarationsOnly: true };
  throw new LocateError(
    `no TypeScript sources or declarations in ${root}: expected a "types" entry in package.json, or src/index.ts`,
  );
}

function isPackageName(text: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(text);
}

function installedPackage(name: string, cwd: string): string | undefined {
  if (!isPackageName(name)) return undefined;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function packageRootOf(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function readPackageJson(root: string): PackageJson {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

/** `exports["."].types` (also nested under import/default), then `types` / `typings`. */
function typesEntry(packageJson: PackageJson): string | undefined {
  const find = (value: unknown, depth = 0): string | undefined => {
    if (depth > 4 || value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record['types'] === 'string') return record['types'];
    for (const key of ['.', 'import', 'default', 'node']) {
      const found = find(record[key], depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return find(packageJson.exports) ?? packageJson.types ?? packageJson.typings;
}

/** The .ts file a .d.ts was generated from, through its `.d.ts.map`, if that file ships. */
function sourceOfDeclaration(declaration: string): string | undefined {
  try {
    const map = JSON.parse(readFileSync(`${declaration}.map`, 'utf8')) as { sources?: string[]; sourceRoot?: string };
    const source = map.sources?.[0];
    if (source === undefined) return undefined;
    const path = resolve(dirname(declaration), map.sourceRoot ?? '', source);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
