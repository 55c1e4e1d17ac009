import { describe, expect, it } from 'vitest';
import { runCli, scratchProjects } from './runCli.js';

const project = scratchProjects();

// Found by a review: PassContext.cwd is documented as the config's directory, but no command set
// it, so a plugin resolving a path the config names got `undefined`.
describe("a plugin's pass context", () => {
  const files = {
    'docker.config.ts': `import { type CompilerPass, defineConfig, label, stage, user } from '@dockerdsl/core';

const configDir: CompilerPass = {
  name: 'config-dir',
  enforce: 'post',
  run: (build, context) => ({
    ...build,
    stages: build.stages.map((each) => ({
      ...each,
      steps: [...each.steps, label('config-dir-known', String(context.cwd === import.meta.dirname))],
    })),
  }),
};

export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [user('10001:10001')])], plugins: [configDir] });
`,
  };

  it("holds the config's directory in dsl build, run from elsewhere too", () => {
    const dir = project(files);
    const result = runCli(['build', '--stdout', dir], process.cwd());
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('LABEL config-dir-known=true\n');
  });

  it('holds it in dsl graph and dsl lint, which compile too', () => {
    // A pass that throws without the directory shows it reached the passes with one.
    const strict = {
      'docker.config.ts': files['docker.config.ts'].replace(
        'run: (build, context) => ({',
        "run: (build, context) => context.cwd !== import.meta.dirname ? (() => { throw new Error('no cwd'); })() : ({",
      ),
    };
    const strictDir = project(strict);
    for (const command of [['graph'], ['lint'], ['bake', '--stdout']]) {
      const result = runCli(command, strictDir);
      expect(result.stderr).not.toContain('no cwd');
      expect(result.code).toBe(0);
    }
  });
});
