/**
 * `dsl build --watch` as a user runs it: the real binary in a child process, files edited on disk,
 * one stdout line per rebuild read back (with timeouts), Ctrl-C (SIGINT) ends it with exit code 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { binPath, scratchProject } from './runCli.js';

const configText = (extraImport = '', extraStep = '') => `import { cmd, defineConfig, stage } from '@dockerdsl/core';
import { baseSteps } from './lib/base.js';
${extraImport}
const app = stage('app', { from: 'busybox:1.36' }, [...baseSteps, ${extraStep}cmd(['echo', 'hi'])]);

export default defineConfig({ targets: [app] });
`;
const baseText = (value: string) => `import { env } from '@dockerdsl/core';

export const baseSteps = [env('MODE', '${value}')];
`;

/** Lines a child writes to stdout, awaited one at a time. */
class Lines {
  private readonly lines: string[] = [];
  private waiter: (() => void) | undefined;
  private buffer = '';
  stderr = '';

  constructor(child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop() ?? '';
      this.lines.push(...parts);
      this.waiter?.();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
  }

  async next(timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      if (Date.now() > deadline) throw new Error(`no line within ${timeoutMs} ms; stderr so far:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 100);
      });
    }
    return this.lines.shift() as string;
  }

  /** Lines already printed and not yet read (to prove that nothing extra was printed). */
  pending(): string[] {
    return this.lines;
  }
}

const children: ChildProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const LINE = /^\d\d:\d\d:\d\d (.*) \(\d+ ms\)$/;

async function outcome(lines: Lines): Promise<string> {
  const line = await lines.next();
  const match = LINE.exec(line);
  if (!match) throw new Error(`unexpected line: ${line}`);
  return match[1] as string;
}

/** Waits until `condition` holds, checking every 50 ms. */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `dsl build --watch ...args` in `dir` (killed after the test), its exit code and its output by line. */
function startWatch(
  dir: string,
  args: readonly string[] = [],
): { child: ChildProcess; exited: Promise<number | null>; lines: Lines } {
  const child = spawn(process.execPath, [binPath, 'build', '--watch', ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, lines: new Lines(child) };
}

/** A scratch project of the config and lib/base.ts (and `files`), removed after the test. */
function projectDir(files: Readonly<Record<string, string>> = {}): string {
  const { dir, cleanup } = scratchProject({
    'docker.config.ts': configText(),
    'lib/base.ts': baseText('one'),
    ...files,
  });
  cleanups.push(cleanup);
  return dir;
}

/** `dsl build --watch ...args` in a projectDir(files), and its Dockerfile as it is now. */
function watchProject(args: readonly string[] = [], files: Readonly<Record<string, string>> = {}) {
  const dir = projectDir(files);
  return { dir, ...startWatch(dir, args), dockerfile: () => readFileSync(join(dir, 'Dockerfile'), 'utf8') };
}

/**
 * `dsl build --watch` on a config that marks that it is being evaluated, then holds the first
 * build for 1.5 s; resolves once that build is under way, for a test to save files during it.
 */
async function watchDuringFirstBuild(
  args: readonly string[] = [],
  files: Readonly<Record<string, string>> = {},
): Promise<{ dir: string; lines: Lines }> {
  const slowConfig = configText(
    "import { writeFileSync } from 'node:fs';\nwriteFileSync('evaluating', '');\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);",
  );
  const dir = projectDir({ 'docker.config.ts': slowConfig, ...files });
  const { lines } = startWatch(dir, args);
  await until(() => existsSync(join(dir, 'evaluating')), 'the first build evaluates the config');
  return { dir, lines };
}

/** fs.watch needs a moment to be armed after the first build's line. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

it('rebuilds on edits to the config and the modules it imports, survives errors, exits 0 on Ctrl-C', async () => {
  const { dir, child, exited, lines, dockerfile } = watchProject();

  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(dockerfile()).toContain('ENV MODE=one');
  // The manifest names the config, lib/base.ts and the package.json that makes them ES modules.
  await until(() => lines.stderr.includes('Ctrl-C to stop'), 'the watching message');
  expect(lines.stderr).toContain('watching 3 files in 3 directories; Ctrl-C to stop');
  await settle();

  // A module the config imports (in another directory).
  writeFileSync(join(dir, 'lib/base.ts'), baseText('two'));
  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(dockerfile()).toContain('ENV MODE=two');

  // A broken config: the error is shown, the Dockerfile is kept, the watcher goes on.
  writeFileSync(join(dir, 'docker.config.ts'), configText().replace("cmd(['echo', 'hi'])", "cmd(['echo', 'hi']"));
  const error = await outcome(lines);
  expect(error).toMatch(/^error: /);
  expect(lines.stderr).toMatch(/docker\.config\.ts:\d+:\d+: error:/);
  expect(dockerfile()).toContain('ENV MODE=two');

  // Fixed, with a new import: the new module is watched from this build on.
  mkdirSync(join(dir, 'more'));
  writeFileSync(
    join(dir, 'more/extra.ts'),
    "import { label } from '@dockerdsl/core';\n\nexport const extra = label('v', '1');\n",
  );
  writeFileSync(join(dir, 'docker.config.ts'), configText("import { extra } from './more/extra.js';", 'extra, '));
  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(dockerfile()).toContain('LABEL v=1');
  await settle();
  writeFileSync(
    join(dir, 'more/extra.ts'),
    "import { label } from '@dockerdsl/core';\n\nexport const extra = label('v', '2');\n",
  );
  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(dockerfile()).toContain('LABEL v=2');

  // Saving without a change rebuilds to the same text; a burst of writes (each one truncates the
  // file first) is one rebuild, and never reports a half-written file as an error.
  await settle();
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'docker.config.ts'), readFileSync(join(dir, 'docker.config.ts')));
  expect(await outcome(lines)).toBe('Dockerfile unchanged');
  await settle();
  // On a loaded machine a build may still have been running when the burst began: it is then
  // followed by one more, with the same outcome.
  expect(lines.pending().every((line) => LINE.exec(line)?.[1] === 'Dockerfile unchanged')).toBe(true);
  lines.pending().length = 0;

  // Files nobody imports do not trigger anything.
  writeFileSync(join(dir, 'notes.ts'), 'export {};\n');
  writeFileSync(join(dir, 'Dockerfile.other'), '');
  await settle();
  expect(lines.pending()).toEqual([]);

  child.kill('SIGINT');
  expect(await exited).toBe(0);
}, 90_000);

it('rebuilds after the first build when the config is saved while that build runs', async () => {
  const { dir, lines } = await watchDuringFirstBuild();
  writeFileSync(join(dir, 'docker.config.ts'), configText().replace("'hi'", "'saved'"));
  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('CMD ["echo", "saved"]');
}, 60_000);

// A package without "type": "module" makes tsx load the config as CommonJS.
const COMMONJS_PACKAGE = { 'package.json': JSON.stringify({ name: 'python-service', private: true }) };

// Found by reviews: before the first build's manifest, only the config's directory is watched, so
// a save to an imported module elsewhere during that build went unseen and the Dockerfile stayed
// old; with --no-cache (a tsx load, no manifest) too.
it.each([
  ['', [], {}],
  ['with --no-cache in a CommonJS package, ', ['--no-cache'], COMMONJS_PACKAGE],
])(
  '%srebuilds when a module in a directory not watched yet is saved while the first build runs',
  async (_, args, files) => {
    const { dir, lines } = await watchDuringFirstBuild(args, files);
    writeFileSync(join(dir, 'lib/base.ts'), baseText('two'));
    expect(await outcome(lines)).toBe('wrote Dockerfile');
    expect(await outcome(lines)).toBe('wrote Dockerfile');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('ENV MODE=two');
    // The rebuild read the saved module: no third build.
    await settle();
    await settle();
    expect(lines.pending()).toEqual([]);
  },
  60_000,
);

// Found by a review: with --no-cache (or no writable cache) there is no manifest, so only the
// config's directory was watched; and in a CommonJS package tsx handed each rebuild the first
// build's copy of every imported module from require.cache, so the Dockerfile never changed.
it.each([
  ['an ES module package', {}],
  ['a CommonJS package', COMMONJS_PACKAGE],
])(
  'with --no-cache, rebuilds on edits to a module the config imports, in %s',
  async (_, files) => {
    const { dir, lines, dockerfile } = watchProject(['--no-cache'], files);
    expect(await outcome(lines)).toBe('wrote Dockerfile');
    expect(dockerfile()).toContain('ENV MODE=one');
    await until(() => lines.stderr.includes('Ctrl-C to stop'), 'the watching message');
    expect(lines.stderr).toContain('watching 2 files in 2 directories; Ctrl-C to stop');
    await settle();
    for (const mode of ['two', 'three']) {
      writeFileSync(join(dir, 'lib/base.ts'), baseText(mode));
      expect(await outcome(lines)).toBe('wrote Dockerfile');
      expect(dockerfile()).toContain(`ENV MODE=${mode}`);
      await settle();
    }
  },
  60_000,
);

it('keeps watching a directory that is deleted and created again (a branch checked out and back)', async () => {
  const { dir, lines, dockerfile } = watchProject();

  expect(await outcome(lines)).toBe('wrote Dockerfile');
  await settle();

  // Gone for a while: the build fails; back: it is rebuilt without another save.
  rmSync(join(dir, 'lib'), { recursive: true });
  expect(await outcome(lines)).toMatch(/^error: /);
  await settle();
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'lib/base.ts'), baseText('two'));
  await until(() => dockerfile().includes('ENV MODE=two'), 'rebuilt when lib/ is back');

  // Gone and back at once, as git does it: later saves in it still rebuild.
  await settle();
  rmSync(join(dir, 'lib'), { recursive: true });
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'lib/base.ts'), baseText('three'));
  await until(() => dockerfile().includes('ENV MODE=three'), 'rebuilt when lib/ is replaced');
  await settle();
  writeFileSync(join(dir, 'lib/base.ts'), baseText('four'));
  await until(() => dockerfile().includes('ENV MODE=four'), 'rebuilt on a save in the new lib/');
}, 90_000);

it('recovers when the module that broke the first build is fixed (it is in no manifest yet)', async () => {
  const broken = baseText('one').replace("'one')]", "'one']");
  const { dir, lines } = watchProject([], { 'lib/base.ts': broken });

  expect(await outcome(lines)).toMatch(/^error: /);
  expect(lines.stderr).toMatch(/lib\/base\.ts:\d+:\d+: error:/);
  // No manifest yet: the config's directory is watched whole, and the failing file by name.
  await until(() => lines.stderr.includes('Ctrl-C to stop'), 'the watching message');
  expect(lines.stderr).toContain(
    'watching 1 file in 1 directory, and every TypeScript, JavaScript or JSON file in 1 directory; Ctrl-C to stop',
  );
  await settle();
  writeFileSync(join(dir, 'lib/base.ts'), baseText('two'));
  expect(await outcome(lines)).toBe('wrote Dockerfile');
  expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('ENV MODE=two');
}, 60_000);

it('passes options that take a value on to the build (--target NAME was taken for the directory)', async () => {
  const { dir, exited, lines } = watchProject(['--target', 'app']);
  const first = await Promise.race([outcome(lines), exited.then((code) => `exited ${code}: ${lines.stderr}`)]);
  expect(first).toBe('wrote Dockerfile');
  expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain('ENV MODE=one');
}, 60_000);

it('refuses flags that write nothing', () => {
  const dir = projectDir();
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, 'build', '--watch', '--stdout'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      try {
        expect(code).toBe(2);
        expect(stderr).toContain('--watch writes files; it cannot be combined with --stdout');
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
});

it('is a usage error with two directories, before watching anything', () => {
  const dir = projectDir();
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, 'build', '--watch', '.', 'lib'], { cwd: dir });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => reject(new Error(`still running; stderr:\n${stderr}`)), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      try {
        expect(code).toBe(2);
        expect(stderr).toContain('dsl build takes one directory, got 2');
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });
});
