import { cmd, compile, defineConfig, entrypoint, healthcheck, importDockerfile, run, stage } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

describe('CMD [] and ENTRYPOINT []', () => {
  it('clear the inherited command: cmd([]) and entrypoint([]) write them, and the importer keeps them', () => {
    const app = stage('app', { from: 'docker:27-dind' }, [entrypoint(['dockerd-entrypoint.sh']), cmd([])]);
    const reset = stage('reset', { from: 'python:3.12' }, [entrypoint([])]);
    const { dockerfile } = compile(
      defineConfig({
        targets: [reset, app],
        optimize: { orderForCache: false, mergeRuns: false, hoistSharedPrefix: false },
      }),
    );
    expect(dockerfile).toContain('ENTRYPOINT []\n');
    expect(dockerfile).toContain('ENTRYPOINT ["dockerd-entrypoint.sh"]\nCMD []\n');
    const imported = importDockerfile(dockerfile, { comments: false });
    expect(imported.warnings).toEqual([]);
    expect(imported.stages.map((s) => s.steps.map((x) => x.step))).toMatchObject([
      [{ kind: 'entrypoint', command: { form: 'exec', argv: [] } }],
      [
        { kind: 'entrypoint', command: { form: 'exec', argv: ['dockerd-entrypoint.sh'] } },
        { kind: 'cmd', command: { form: 'exec', argv: [] } },
      ],
    ]);
  });

  it('stay refused where an empty exec form means nothing: RUN [] and HEALTHCHECK CMD []', () => {
    expect(() => run([])).toThrow('the exec-form argument list is empty');
    expect(() => healthcheck([])).toThrow('the argument list is empty');
    expect(() => cmd('  ')).toThrow('the command is empty');
  });
});
