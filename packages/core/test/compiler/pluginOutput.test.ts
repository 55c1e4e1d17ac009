import { describe, expect, it } from 'vitest';
import {
  type CompilerPass,
  compile,
  copyApp,
  defineConfig,
  isDslError,
  label,
  pipInstall,
  type ResolvedBuild,
  type Step,
  stage,
} from '../../src/index.js';

const api = stage('api', { from: 'python:3.12-slim' }, [copyApp(), pipInstall({ requirements: 'requirements.txt' })]);

/** A plugin appending `step` to every stage, as a user writes one from docs/concepts.md. */
function appending(name: string, step: unknown, enforce?: 'pre' | 'post'): CompilerPass {
  return {
    name,
    ...(enforce ? { enforce } : {}),
    run: (build: ResolvedBuild) => ({
      ...build,
      stages: build.stages.map((each) => ({ ...each, steps: [...each.steps, step as Step] })),
    }),
  };
}

function compileError(plugin: CompilerPass): unknown {
  try {
    compile(defineConfig({ targets: [api], plugins: [plugin] }));
  } catch (error) {
    return error;
  }
  throw new Error('compiled');
}

// Found by a review: a plugin's output was never checked, so a hand-made step it added crashed the
// emitter with "TypeError: Cannot read properties of undefined (reading 'length')", naming nothing.
describe('steps a plugin adds', () => {
  it('are checked: a malformed one is an error naming the plugin, the stage and the path', () => {
    const error = compileError(appending('add-run', { kind: 'run', command: 'echo hi' }, 'post'));
    expect(isDslError(error)).toBe(true);
    if (!isDslError(error)) return;
    expect(error.message).toMatch(
      /^plugin "add-run" returned an invalid step 4 of stage "api" at stages\.api\.steps\[3\]/,
    );
    expect(error.location).toMatchObject({ stage: 'api', step: 4 });
    expect(error.hint).toContain('run(), copy()');
  });

  it('are checked in every position: before the built-in passes too', () => {
    const error = compileError(appending('early', { kind: 'label' }, 'pre'));
    expect(isDslError(error) && error.message).toMatch(/^plugin "early" returned an invalid step/);
  });

  it('a build that is not one (no stages list) is an error naming the plugin', () => {
    const broken: CompilerPass = { name: 'broken', run: (build) => ({ ...build, stages: undefined }) as never };
    const error = compileError(broken);
    expect(isDslError(error) && error.message).toMatch(/^plugin "broken" returned an invalid build at stages/);
  });

  it('made with the step factories pass, and are emitted where the plugin put them', () => {
    const { dockerfile } = compile(
      defineConfig({ targets: [api], plugins: [appending('team-label', label('team', 'payments'), 'post')] }),
    );
    expect(dockerfile.endsWith('COPY . .\nLABEL team=payments\n')).toBe(true);
  });
});
