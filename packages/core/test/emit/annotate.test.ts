import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cmd, compile, copy, defineConfig, gate, pipInstall, run, stage } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('--annotate (annotateRelativeTo)', () => {
  // Found by a review: FROM lines had no comment, and the gate's marker RUN said `# from: gate`
  // without a line, though the CLI documents a `# from: fragment (file:line)` above every instruction.
  it('puts a "# from: fragment (file:line)" comment above every instruction, FROM and gate markers included', () => {
    const base = stage('base', { from: 'python:3.12' }, [pipInstall(['flask'])]);
    const test = stage('test', { from: base }, [run('pytest')]);
    const prod = stage('prod', { from: base }, [copy('app.py', '/app/'), cmd(['python', '/app/app.py']), gate(test)]);
    const { dockerfile } = compile(defineConfig({ targets: [prod] }), { annotateRelativeTo: here });
    const lines = dockerfile.split('\n');
    const instructions = lines.flatMap((line, index) => (/^[A-Z]+ /.test(line) ? [index] : []));
    expect(instructions.length).toBeGreaterThan(6);
    for (const index of instructions) {
      expect(lines[index - 1], `above "${lines[index]}"`).toMatch(/^# from: [A-Za-z]+ \(annotate\.test\.ts:\d+\)$/);
    }
    expect(dockerfile).toContain(`\n\n# from: stage (annotate.test.ts:15)\nFROM base AS test\n`);
    expect(dockerfile).toMatch(/# from: gate \(annotate\.test\.ts:19\)\nRUN touch \/tmp\/\.dsl-gate-test\n/);
  });

  it('leaves the Dockerfile as it was without the option', () => {
    const only = stage('only', { from: 'busybox:1.36' }, [run('true')]);
    expect(compile(defineConfig({ targets: [only] })).dockerfile).not.toContain('# from:');
  });
});
