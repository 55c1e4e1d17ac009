/**
 * Cross-repository use with a real package manager: the core, the CLI and the example fragment
 * library are packed to tarballs (as `pnpm publish` would upload them: workspace: ranges replaced
 * by versions, the library built by its prepack script), installed with npm into a fresh project
 * in the OS temp directory (outside the workspace, so nothing resolves from it), and used the way a
 * consumer repository would: its docker.config.ts imports `@acme/docker-fragments` by name and
 * `node_modules/.bin/dsl` builds it.
 *
 * One `npm install` (tarballs, plus zod, esbuild, tsx and ts-morph from the registry); timings are
 * printed. Set DSL_PACK_KEEP=1 to keep the project for inspection.
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './runCli.js';

const PACKAGES = ['packages/core', 'packages/cli', 'examples/fragment-library'] as const;
const timings: Record<string, number> = {};
let work = '';
let project = '';
let shippedCodeCache: string[] = [];

/** The environment without what `pnpm test` sets for its own scripts (npm would read it). */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cache|proxy|https_proxy|noproxy|strict_ssl|cafile|userconfig)$/i;
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_)/i.test(key) && !keep.test(key)) continue;
    env[key] = value;
  }
  return env;
}

function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
}

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, [...args], { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 240_000 });
}

/** The installed CLI's `dsl` executable (its package.json `bin`), run with this Node. */
function dsl(args: readonly string[]): SpawnSyncReturns<string> {
  const cli = join(project, 'node_modules/@dockerdsl/cli');
  const { bin } = JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')) as { bin: { dsl: string } };
  return run(process.execPath, [join(cli, bin.dsl), ...args], project);
}

beforeAll(() => {
  // realpath: on macOS the temp dir is a symlink, and call sites are reported by real path.
  work = realpathSync(mkdtempSync(join(tmpdir(), 'dsl-pack-')));
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  timed('pack', () => {
    for (const dir of PACKAGES) {
      execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: join(repoRoot, dir),
        env: cleanEnv(),
        stdio: 'pipe',
      });
    }
  });
  const files = readdirSync(tarballs);
  const tarball = (prefix: string) => {
    const found = files.find((file) => file.startsWith(prefix));
    if (found === undefined) throw new Error(`no tarball ${prefix}* in ${files.join(', ')}`);
    return `file:${join(tarballs, found)}`;
  };
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify(
      {
        name: 'consumer',
        private: true,
        type: 'module',
        devDependencies: {
          '@acme/docker-fragments': tarball('acme-docker-fragments-'),
          '@dockerdsl/cli': tarball('dockerdsl-cli-'),
          '@dockerdsl/core': tarball('dockerdsl-core-'),
        },
      },
      null,
      2,
    )}\n`,
  );
  const install = timed('npm install', () =>
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project),
  );
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
  const codeCacheDir = join(project, 'node_modules/@dockerdsl/core/dist/.cache');
  shippedCodeCache = existsSync(codeCacheDir) ? readdirSync(codeCacheDir) : [];
  for (const name of ['docker.config.ts', 'requirements.txt', 'billing']) {
    cpSync(join(repoRoot, 'examples/consumer-python', name), join(project, name), { recursive: true });
  }
}, 300_000);

afterAll(() => {
  process.stderr.write(`pack-and-install timings (ms): ${JSON.stringify(timings)}\n`);
  if (work !== '' && !process.env['DSL_PACK_KEEP']) rmSync(work, { recursive: true, force: true });
});

describe('the packed packages, installed with npm in a project outside the workspace', { timeout: 120_000 }, () => {
  it('installs one copy of each package, from the tarballs', () => {
    const version = (name: string) =>
      (JSON.parse(readFileSync(join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
        .version;
    expect(version('@dockerdsl/core')).toBe('0.1.0');
    expect(version('@acme/docker-fragments')).toBe('1.0.0');
    // The library's peer dependency is the project's core: no nested copy.
    expect(() => readdirSync(join(project, 'node_modules/@acme/docker-fragments/node_modules'))).toThrow();
  });

  it('node_modules/.bin/dsl build compiles a config importing the library by name to the golden Dockerfile', () => {
    const result = timed('dsl build', () => run(join(project, 'node_modules/.bin/dsl'), ['build'], project));
    expect(result.stderr).toContain('wrote Dockerfile');
    expect(result.status).toBe(0);
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toBe(
      readFileSync(join(repoRoot, 'examples/consumer-python/Dockerfile'), 'utf8'),
    );
  });

  it('ships no V8 code cache; the installed core writes its own and the next run uses it', () => {
    expect(shippedCodeCache).toEqual([]);
    const trace = () => run(join(project, 'node_modules/.bin/dsl'), ['build', '--stdout'], project);
    const first = trace();
    expect(first.status, first.stderr).toBe(0);
    const traced = (resultCache: string) =>
      spawnSync(join(project, 'node_modules/.bin/dsl'), ['build', '--stdout'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...cleanEnv(), DSL_TRACE_LOAD: '1', DSL_RESULT_CACHE: resultCache },
      });
    // The result cache off, so that the core loads.
    const second = traced('0');
    expect(second.stderr).toMatch(
      /dsl: code cache hit for core\.cjs \(.*node_modules\/@dockerdsl\/core\/dist\/\.cache\//,
    );
    expect(second.stdout).toBe(first.stdout);
    // Installed outside the workspace, the result cache serves the unchanged config too.
    const third = traced('1');
    expect(third.stderr).toMatch(/dsl: config loaded via result/);
    expect(third.stderr).not.toMatch(/code cache \w+ for core\.cjs/);
    expect(third.stdout).toBe(first.stdout);
  });

  it("an invalid option names the library fragment, the option path and the config's file:line", () => {
    const config = readFileSync(join(project, 'docker.config.ts'), 'utf8').replace('port: 8080', "port: 'http'");
    mkdirSync(join(project, 'bad'), { recursive: true });
    writeFileSync(join(project, 'bad/docker.config.ts'), config);
    const line = config.split('\n').findIndex((text) => text.includes('pythonService({')) + 1;
    const result = dsl(['build', 'bad', '--stdout']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^bad/docker\\.config\\.ts:${line}:3: error: invalid options of pythonService\\(\\) at port: `),
    );
    expect(result.stderr).toContain('in fragment pythonService() from @acme/docker-fragments, at port');
  });

  it('dsl fragments --json finds the installed library through the config', () => {
    const result = dsl(['fragments', '--json']);
    expect(result.status).toBe(0);
    const listings = JSON.parse(result.stdout) as { name: string; package: string }[];
    expect(listings.filter((listing) => listing.package === '@acme/docker-fragments').map((l) => l.name)).toEqual([
      'acmeLabels',
      'nodeService',
      'pythonService',
    ]);
  });

  it('dsl docs @acme/docker-fragments reads the shipped sources and gives the golden reference', () => {
    const result = timed('dsl docs', () => dsl(['docs', '@acme/docker-fragments']));
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(repoRoot, 'examples/fragment-library/REFERENCE.md'), 'utf8'));
  });

  it('the config type-checks against the packed declarations, and a wrong option type is a type error', () => {
    const check = `import { Project, ts } from 'ts-morph';
const project = new Project({ compilerOptions: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, noEmit: true, types: [] } });
for (const file of ['docker.config.ts', 'bad/docker.config.ts']) project.addSourceFileAtPath(file);
const diagnostics = project.getPreEmitDiagnostics().map((diagnostic) => ({
  file: diagnostic.getSourceFile()?.getFilePath().replace(process.cwd() + '/', ''),
  line: diagnostic.getLineNumber(),
  message: ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' '),
}));
process.stdout.write(JSON.stringify(diagnostics));
`;
    writeFileSync(join(project, 'typecheck.mjs'), check);
    const result = timed('typecheck', () => run(process.execPath, ['typecheck.mjs'], project));
    expect(result.status, result.stderr).toBe(0);
    const diagnostics = JSON.parse(result.stdout) as { file: string; line: number; message: string }[];
    expect(diagnostics.filter((diagnostic) => diagnostic.file === 'docker.config.ts')).toEqual([]);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        file: 'bad/docker.config.ts',
        message: "Type 'string' is not assignable to type 'number'.",
      }),
    );
  });
});
