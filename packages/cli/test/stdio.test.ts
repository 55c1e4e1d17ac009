import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { binPath, runCli, scratchProject } from './runCli.js';

// A config whose Dockerfile is larger than a pipe's buffer (64 KiB on Linux), so a write of it
// blocks on the reader, or fails when the reader has gone.
const manyStages = `import { defineConfig, run, stage } from '@dockerdsl/core';
const stages = [];
for (let i = 0; i < 400; i++) {
  stages.push(stage(\`s\${i}\`, { from: i === 0 ? 'debian:bookworm-slim' : stages[i - 1] }, [
    run(\`echo stage \${i} with a line long enough to make the Dockerfile large: \${'x'.repeat(200)}\`),
  ]));
}
export default defineConfig({ targets: [stages[stages.length - 1]] });
`;

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe('stdout and stderr without Node streams', () => {
  it('writes all of a Dockerfile larger than a pipe buffer, in order', () => {
    const project = scratchProject({ 'docker.config.ts': manyStages });
    cleanup = project.cleanup;
    const result = runCli(['build', '--stdout'], project.dir);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(100_000);
    const froms = result.stdout.split('\n').filter((line) => line.startsWith('FROM '));
    expect(froms).toHaveLength(400);
    expect(froms[399]).toBe('FROM s398 AS s399');
  });

  it('exits quietly when the reader closes the pipe early (dsl build --stdout | head)', () => {
    const project = scratchProject({ 'docker.config.ts': manyStages });
    cleanup = project.cleanup;
    const shell = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${binPath}" build --stdout | head -c 100 >/dev/null`],
      { cwd: project.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    // Only the config's lint warning: no EPIPE error, no stack trace.
    expect(shell.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(shell.stderr).toContain('final-user-root');
    expect(shell.status).toBe(0);
  });

  it('does not load Node stream modules for a build to stdout with warnings on stderr', () => {
    const project = scratchProject({
      'docker.config.ts': `import { defineConfig, stage, cmd } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('app', { from: 'debian:bookworm-slim' }, [cmd(['true'])])] });
`,
      // Preloaded: lists, at exit, the stream modules the process loaded.
      'listLoaded.cjs': `process.on('exit', () => require('node:fs').writeSync(2, '\\nloaded:' + process.moduleLoadList.filter((m) => /^NativeModule (net|tty|stream)$/.test(m)).join(',') + '\\n'));\n`,
    });
    cleanup = project.cleanup;
    // The first build transpiles the config with esbuild, whose child process needs streams; the
    // measured case is the repeat build, served from the transpile cache.
    expect(runCli(['build', '--stdout'], project.dir).code).toBe(0);
    const result = spawnSync(process.execPath, ['-r', './listLoaded.cjs', binPath, 'build', '--stdout'], {
      cwd: project.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('FROM debian:bookworm-slim AS app');
    // The final-user-root warning went to stderr, through the same path.
    expect(result.stderr).toContain('final-user-root');
    expect(result.stderr).toMatch(/\nloaded:\n$/);
  });

  it('does not load tty to find that a stderr sent to /dev/null is no terminal', () => {
    const project = scratchProject({
      'docker.config.ts': `import { defineConfig, stage, cmd } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('app', { from: 'debian:bookworm-slim' }, [cmd(['true'])])] });
`,
      // stderr is /dev/null: the list goes to a file.
      'listLoaded.cjs': `process.on('exit', () => require('node:fs').writeFileSync('loaded.txt', process.moduleLoadList.filter((m) => /^NativeModule (net|tty|stream)$/.test(m)).join(',')));\n`,
    });
    cleanup = project.cleanup;
    expect(runCli(['build', '--stdout'], project.dir).code).toBe(0);
    const devNull = openSync('/dev/null', 'w');
    try {
      const result = spawnSync(process.execPath, ['-r', './listLoaded.cjs', binPath, 'build', '--stdout'], {
        cwd: project.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', devNull],
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('FROM debian:bookworm-slim AS app');
    } finally {
      closeSync(devNull);
    }
    expect(readFileSync(join(project.dir, 'loaded.txt'), 'utf8')).toBe('');
  });
});
