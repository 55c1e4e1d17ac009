import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type NodeEntry, nodeEntry } from './nodeEntry.js';

export type NodeManager = 'npm' | 'pnpm' | 'yarn' | 'yarn-berry';
export type PythonTool = 'pip' | 'uv' | 'poetry' | 'pyproject';

export interface NodeProject {
  readonly kind: 'node';
  readonly manager: NodeManager;
  /** The lockfile found, if any. */
  readonly lockfile: string | undefined;
  /** Major version from `engines.node`, default 20. */
  readonly nodeMajor: number;
  readonly scripts: Readonly<Record<string, string>>;
  /** The package's main module as Node resolves it: `main` of package.json, else index.js. */
  readonly main: string;
  /** What the container runs (see nodeEntry.ts). */
  readonly entry: NodeEntry;
  /** The install writes node_modules (every manager but Yarn Berry's default Plug'n'Play). */
  readonly nodeModules: boolean;
  /** package.json declares production dependencies (without them an install writes no node_modules). */
  readonly dependencies: boolean;
}

export interface PythonProject {
  readonly kind: 'python';
  readonly tool: PythonTool;
  /** `requirements.txt` for pip. */
  readonly requirements: string | undefined;
  /** A dev/test requirements file beside it (requirements-dev.txt, ...). */
  readonly devRequirements: string | undefined;
  readonly pythonVersion: string;
  /** `['python', 'main.py']` or `['python', '-m', 'pkg']`. */
  readonly command: readonly string[];
  /** A tests/ directory or test_*.py / *_test.py files. */
  readonly hasTests: boolean;
}

export interface GoProject {
  readonly kind: 'go';
  readonly module: string;
  readonly goVersion: string;
  readonly hasGoSum: boolean;
  /** `.` or `./cmd/<name>`. */
  readonly mainPackage: string;
  readonly binary: string;
}

export interface RustProject {
  readonly kind: 'rust';
  readonly binary: string;
  readonly hasLock: boolean;
}

export type Project = NodeProject | PythonProject | GoProject | RustProject;
export type ProjectKind = Project['kind'];
export const PROJECT_KINDS: readonly ProjectKind[] = ['node', 'python', 'go', 'rust'];

/** Default images: what the official images are called (and what the e2e fixtures provide). */
export const DEFAULT_NODE_MAJOR = 20;
export const DEFAULT_PYTHON = '3.12';
export const MIN_GO = '1.22';

/** The kinds whose manifest is in `dir`, in the order `dsl init` prefers them. */
export function detectKinds(dir: string): ProjectKind[] {
  const has = (name: string) => existsSync(join(dir, name));
  const kinds: ProjectKind[] = [];
  if (has('go.mod')) kinds.push('go');
  if (has('Cargo.toml')) kinds.push('rust');
  if (has('pyproject.toml') || has('requirements.txt') || has('uv.lock')) kinds.push('python');
  if (has('package.json')) kinds.push('node');
  return kinds;
}

export function detectProject(dir: string, kind: ProjectKind): Project {
  switch (kind) {
    case 'node':
      return detectNode(dir);
    case 'python':
      return detectPython(dir);
    case 'go':
      return detectGo(dir);
    case 'rust':
      return detectRust(dir);
  }
}

function read(dir: string, name: string): string | undefined {
  try {
    return readFileSync(join(dir, name), 'utf8');
  } catch {
    return undefined;
  }
}

/** A `.yarnrc.yml` whose linker writes node_modules (Yarn Berry's default is Plug'n'Play). */
const NODE_MODULES_LINKER = /^nodeLinker:\s*["']?(node-modules|pnpm)["']?\s*$/m;

function detectNode(dir: string): NodeProject {
  let manifest: {
    main?: unknown;
    scripts?: unknown;
    engines?: { node?: unknown };
    packageManager?: unknown;
    dependencies?: unknown;
  } = {};
  try {
    manifest = JSON.parse(read(dir, 'package.json') ?? '{}');
  } catch {
    manifest = {};
  }
  const scripts: Record<string, string> = {};
  if (typeof manifest.scripts === 'object' && manifest.scripts !== null) {
    for (const [name, value] of Object.entries(manifest.scripts)) if (typeof value === 'string') scripts[name] = value;
  }
  const packageManager = typeof manifest.packageManager === 'string' ? manifest.packageManager : '';
  const has = (name: string) => existsSync(join(dir, name));
  let manager: NodeManager = 'npm';
  let lockfile: string | undefined;
  if (has('pnpm-lock.yaml')) [manager, lockfile] = ['pnpm', 'pnpm-lock.yaml'];
  else if (has('yarn.lock')) {
    const berry = has('.yarnrc.yml') || /^yarn@([2-9]|\d{2,})/.test(packageManager);
    [manager, lockfile] = [berry ? 'yarn-berry' : 'yarn', 'yarn.lock'];
  } else if (has('package-lock.json')) [manager, lockfile] = ['npm', 'package-lock.json'];
  else if (has('npm-shrinkwrap.json')) [manager, lockfile] = ['npm', 'npm-shrinkwrap.json'];
  else if (packageManager.startsWith('pnpm@')) manager = 'pnpm';
  else if (packageManager.startsWith('yarn@')) manager = /^yarn@1\./.test(packageManager) ? 'yarn' : 'yarn-berry';
  const engines = typeof manifest.engines?.node === 'string' ? manifest.engines.node : '';
  const major = Number(/(\d+)/.exec(engines)?.[1] ?? DEFAULT_NODE_MAJOR);
  const declaredMain =
    typeof manifest.main === 'string' && manifest.main !== '' ? manifest.main.replace(/^\.\//, '') : undefined;
  return {
    kind: 'node',
    manager,
    lockfile,
    nodeMajor: Number.isFinite(major) && major >= 18 ? major : DEFAULT_NODE_MAJOR,
    scripts,
    main: declaredMain ?? 'index.js',
    entry: nodeEntry(dir, scripts, declaredMain),
    nodeModules: manager !== 'yarn-berry' || NODE_MODULES_LINKER.test(read(dir, '.yarnrc.yml') ?? ''),
    dependencies:
      typeof manifest.dependencies === 'object' &&
      manifest.dependencies !== null &&
      Object.keys(manifest.dependencies).length > 0,
  };
}

function detectPython(dir: string): PythonProject {
  const has = (name: string) => existsSync(join(dir, name));
  const pyproject = read(dir, 'pyproject.toml') ?? '';
  let tool: PythonTool;
  if (has('uv.lock')) tool = 'uv';
  else if (has('poetry.lock') || /^\[tool\.poetry\]/m.test(pyproject)) tool = 'poetry';
  else if (has('requirements.txt')) tool = 'pip';
  else tool = 'pyproject';
  const devRequirements = ['requirements-dev.txt', 'requirements-test.txt', 'dev-requirements.txt'].find(has);
  const entries = readdirSync(dir);
  const hasTests =
    (has('tests') && statSync(join(dir, 'tests')).isDirectory()) ||
    entries.some((name) => /^test_.*\.py$|_test\.py$/.test(name));
  const name = /^\s*name\s*=\s*["']([A-Za-z0-9_.-]+)["']/m.exec(pyproject)?.[1]?.replace(/[-.]/g, '_').toLowerCase();
  const script = ['main.py', 'app.py', 'server.py', 'run.py'].find(has);
  const moduleDir = name === undefined ? undefined : [name, `src/${name}`].find((path) => has(`${path}/__main__.py`));
  const command = script
    ? ['python', script]
    : moduleDir !== undefined && name !== undefined
      ? ['python', '-m', name]
      : ['python', 'main.py'];
  return {
    kind: 'python',
    tool,
    requirements: tool === 'pip' ? 'requirements.txt' : undefined,
    devRequirements,
    pythonVersion: pythonVersion(read(dir, '.python-version'), pyproject),
    command,
    hasTests,
  };
}

/** `.python-version` (`3.11`, `3.11.4`), else the minimum of `requires-python` if above the default. */
function pythonVersion(pinned: string | undefined, pyproject: string): string {
  const exact = /^(3\.\d+)/.exec(pinned?.trim() ?? '')?.[1];
  if (exact) return exact;
  const minimum = /requires-python\s*=\s*["'][^"']*?>=?\s*(3\.\d+)/.exec(pyproject)?.[1];
  return minimum !== undefined && compareVersions(minimum, DEFAULT_PYTHON) > 0 ? minimum : DEFAULT_PYTHON;
}

function detectGo(dir: string): GoProject {
  const gomod = read(dir, 'go.mod') ?? '';
  const module = /^module\s+(\S+)/m.exec(gomod)?.[1] ?? 'app';
  const declared = /^go\s+(\d+\.\d+)/m.exec(gomod)?.[1] ?? MIN_GO;
  const goVersion = compareVersions(declared, MIN_GO) > 0 ? declared : MIN_GO;
  let mainPackage = '.';
  let binary =
    module
      .split('/')
      .pop()
      ?.replace(/[^A-Za-z0-9_-]/g, '') || 'app';
  if (!existsSync(join(dir, 'main.go')) && existsSync(join(dir, 'cmd'))) {
    const commands = readdirSync(join(dir, 'cmd'))
      .filter((name) => existsSync(join(dir, 'cmd', name, 'main.go')))
      .sort();
    if (commands[0] !== undefined) {
      mainPackage = `./cmd/${commands[0]}`;
      binary = commands[0];
    }
  }
  return { kind: 'go', module, goVersion, hasGoSum: existsSync(join(dir, 'go.sum')), mainPackage, binary };
}

function detectRust(dir: string): RustProject {
  const cargo = read(dir, 'Cargo.toml') ?? '';
  const bin = /^\[\[bin\]\][^[]*?^\s*name\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
  const pkg = /^\[package\][^[]*?^\s*name\s*=\s*"([^"]+)"/ms.exec(cargo)?.[1];
  const binary = (bin ?? pkg ?? 'app').replace(/[^A-Za-z0-9_-]/g, '') || 'app';
  return { kind: 'rust', binary, hasLock: existsSync(join(dir, 'Cargo.lock')) };
}

function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
