/**
 * A project whose node_modules is a symlink (a shared volume in a dev container, some monorepo
 * tools): the compiled config is cached under node_modules/.cache, which Node loads from the link's
 * target. Locations must still name the project's own config file.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliAsync, scratchProject } from './runCli.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

/** A scratch project with `node_modules` linked to an empty directory elsewhere. */
function linkedProject(config: string): string {
  const project = scratchProject({ 'docker.config.ts': config });
  const elsewhere = scratchProject({});
  symlinkSync(elsewhere.dir, join(project.dir, 'node_modules'), 'dir');
  cleanups.push(project.cleanup, elsewhere.cleanup);
  return project.dir;
}

describe('a symlinked node_modules', () => {
  it('keeps error locations in the project config', async () => {
    const dir = linkedProject(
      [
        "import { defineConfig, stage } from '@dockerdsl/core';",
        '',
        "const base = stage('base', { from: 'busybox:1.36' }, []);",
        "if (base) throw new Error('no registry configured');",
        'export default defineConfig({ targets: [base] });',
        '',
      ].join('\n'),
    );
    const result = await runCliAsync(['build', '--stdout'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^docker\.config\.ts:4:\d+: error: no registry configured/m);
  });

  it('keeps the call sites --annotate writes in the project config', async () => {
    const dir = linkedProject(
      [
        "import { cmd, defineConfig, run, stage } from '@dockerdsl/core';",
        '',
        "const base = stage('base', { from: 'busybox:1.36' }, [run('echo hi'), cmd(['sh'])]);",
        'export default defineConfig({ targets: [base] });',
        '',
      ].join('\n'),
    );
    const result = await runCliAsync(['build', '--stdout', '--annotate'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# from: run (docker.config.ts:3)');
    // The lint warning (no USER) is located by the same map.
    expect(result.stderr).toMatch(/^docker\.config\.ts:3:\d+: warning: target "base" never sets USER/m);
  });
});
