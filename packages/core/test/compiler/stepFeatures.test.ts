import { describe, expect, it } from 'vitest';
import { flattenStage } from '../../src/compiler/flatten.js';
import {
  GATE_COPY,
  MERGEABLE,
  NEEDS_VALIDATION,
  RUN_MOUNTS,
  SECRET_NAME,
  shareStepFeatures,
  stepFeatures,
} from '../../src/compiler/stepFeatures.js';
import {
  aptInstall,
  arg,
  bindMount,
  type CompilerPass,
  cacheMount,
  cmd,
  compile,
  copy,
  entrypoint,
  env,
  gate,
  healthcheck,
  onbuild,
  run,
  type Step,
  stage,
  workdir,
} from '../../src/index.js';

const image = 'debian:bookworm-slim';
const ALL = GATE_COPY | MERGEABLE | RUN_MOUNTS | NEEDS_VALIDATION | SECRET_NAME;

describe('stepFeatures', () => {
  it('finds no feature in steps that give the passes nothing to do', () => {
    const steps = [workdir('/app'), env('MODE', 'prod'), copy('.', '.'), run('make'), cmd(['app'])];
    expect(stepFeatures(steps)).toBe(0);
  });

  it('sets the bit of each feature a pass looks for', () => {
    const tests = stage('tests', { from: image }, [run('make test')]);
    expect(stepFeatures([gate(tests)]) & GATE_COPY).toBe(GATE_COPY);
    const installs = flattenStage(stage('app', { from: image }, [aptInstall(['curl'])]));
    expect(stepFeatures(installs) & MERGEABLE).toBe(MERGEABLE);
    expect(stepFeatures([run('make', { mounts: [cacheMount('/root/.cache')] })])).toBe(RUN_MOUNTS);
  });

  it('marks a secret-like ENV or ARG name, also under ONBUILD', () => {
    expect(stepFeatures([env('GITHUB_TOKEN', 'x')])).toBe(SECRET_NAME);
    expect(stepFeatures([env({ MODE: 'a', apiKey: 'b' })])).toBe(SECRET_NAME);
    expect(stepFeatures([arg('DB_PASSWORD')])).toBe(SECRET_NAME);
    expect(stepFeatures([onbuild(env('AUTH_SECRET', 'x'))])).toBe(SECRET_NAME);
    expect(stepFeatures([env('TOKEN_FILE', '/run/t'), arg('AUTHOR'), onbuild(env('MODE', 'a'))])).toBe(0);
  });

  it('marks every case validate reports on steps this core made', () => {
    expect(stepFeatures([cmd(['a']), cmd(['b'])])).toBe(NEEDS_VALIDATION);
    expect(stepFeatures([entrypoint(['a']), entrypoint(['b'])])).toBe(NEEDS_VALIDATION);
    expect(stepFeatures([healthcheck(['true']), healthcheck(['true'])])).toBe(NEEDS_VALIDATION);
    expect(stepFeatures([workdir('src')])).toBe(NEEDS_VALIDATION);
    expect(stepFeatures([copy('/out', '/out', { from: 'builder' })])).toBe(NEEDS_VALIDATION);
    const mountFromName = run('make', { mounts: [bindMount('/src', { from: 'builder' })] });
    expect(stepFeatures([mountFromName])).toBe(RUN_MOUNTS | NEEDS_VALIDATION);
    // One of each is fine, whichever the order; absolute and variable WORKDIRs too.
    expect(stepFeatures([cmd(['a']), entrypoint(['b']), healthcheck(['true']), workdir('/a'), workdir('$HOME')])).toBe(
      0,
    );
  });

  it('sets every bit for a step made some other way, whatever it holds', () => {
    const copied = { ...run('make') } as Step;
    expect(stepFeatures([copied])).toBe(ALL);
  });

  it('walks a list that is not frozen each time: it may have changed', () => {
    const steps: Step[] = [run('make')];
    expect(stepFeatures(steps)).toBe(0);
    steps.push(run('make', { mounts: [cacheMount('/cache')] }));
    expect(stepFeatures(steps)).toBe(RUN_MOUNTS);
  });

  it('gives a frozen list derived from another the bits of its source, and NEEDS_VALIDATION', () => {
    const source = Object.freeze([workdir('/app'), run('make', { mounts: [cacheMount('/cache')] })]);
    const derived = Object.freeze([source[1] as Step, source[0] as Step]);
    shareStepFeatures(source, derived);
    expect(stepFeatures(derived)).toBe(RUN_MOUNTS | NEEDS_VALIDATION);
  });

  it('does not record bits for a derived list that is not frozen', () => {
    const source = Object.freeze([workdir('/app')]);
    const derived: Step[] = [workdir('/app'), run('make', { mounts: [cacheMount('/cache')] })];
    shareStepFeatures(source, derived);
    expect(stepFeatures(derived)).toBe(RUN_MOUNTS);
  });
});

describe('passes that skip stages by their features', () => {
  it('still see what a plugin pass added before them', () => {
    // The stage has no mount of its own; a `pre` plugin adds a RUN with a relative mount target.
    const app = stage('app', { from: image }, [workdir('/src'), run('make')]);
    const addMount: CompilerPass = {
      name: 'addMount',
      enforce: 'pre',
      run: (build) => ({
        ...build,
        stages: build.stages.map((each) => ({
          ...each,
          steps: [...each.steps, run('cargo build', { mounts: [cacheMount('target')] })],
        })),
      }),
    };
    const { dockerfile } = compile({ targets: [app], plugins: [addMount] });
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/src/target cargo build');
  });

  it('still find a secret-like name a plugin pass added', () => {
    const app = stage('app', { from: image }, [env('MODE', 'prod')]);
    const addToken: CompilerPass = {
      name: 'addToken',
      enforce: 'post',
      run: (build) => ({
        ...build,
        stages: build.stages.map((each) => ({ ...each, steps: [...each.steps, env('NPM_TOKEN', 'x')] })),
      }),
    };
    expect(() => compile({ targets: [app], plugins: [addToken] })).toThrow('ENV "NPM_TOKEN" looks like a secret');
  });

  it('still see a mount on a step the order pass moved and re-stamped (explain)', () => {
    const app = stage('app', { from: image }, [
      workdir('/src'),
      copy('.', '.', { phase: 'source' }),
      run('cargo fetch', { phase: 'deps', mounts: [cacheMount('target')] }),
    ]);
    const { dockerfile, build } = compile({ targets: [app] }, { explain: true });
    expect(build.stages[0]?.steps.some((step) => step.trace?.moved !== undefined)).toBe(true);
    expect(dockerfile).toContain('RUN --mount=type=cache,target=/src/target cargo fetch');
  });

  it('leave the order pass output frozen, so the bits recorded for it cannot go stale', () => {
    const app = stage('app', { from: image }, [copy('.', '.', { phase: 'source' }), run('npm ci', { phase: 'deps' })]);
    const { build } = compile({ targets: [app] });
    expect(Object.isFrozen(build.stages[0]?.steps)).toBe(true);
  });
});
