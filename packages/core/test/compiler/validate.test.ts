import { describe, expect, it } from 'vitest';
import {
  type Config,
  cmd,
  compile,
  copy,
  DslError,
  defineConfig,
  run,
  type Stage,
  stage,
  workdir,
} from '../../src/index.js';

function compileError(config: Config): DslError {
  try {
    compile(config);
  } catch (error) {
    if (error instanceof DslError) return error;
    throw error;
  }
  throw new Error('expected a DslError');
}

const image = 'alpine:3.20';

describe('validate', () => {
  it('rejects invalid, reserved and duplicate stage names with the stage call site', () => {
    const upper = compileError(defineConfig({ targets: [stage('Prod', { from: image })] }));
    expect(upper.message).toBe('stage name "Prod" is invalid');
    expect(upper.hint).toContain('"prod"');
    expect(upper.location.callSite?.file).toMatch(/validate\.test\.ts$/);
    expect(compileError({ targets: [stage('scratch', { from: image })] }).message).toContain('reserved');
    const a = stage('app', { from: image });
    const b = stage('app', { from: 'debian:12' });
    expect(compileError({ targets: [a, b] }).message).toBe('two different stages are named "app"');
  });

  it('rejects two stages of one name when the later-written one is reached first (a stage built on the other)', () => {
    const base = stage('dup', { from: image }, [run('echo base')]);
    const middle = stage('middle', { from: base });
    const top = stage('dup', { from: middle }, [run('echo top')]);
    const error = compileError({ targets: [top] });
    expect(error.message).toBe('two different stages are named "dup"');
    // Stages are checked dependencies first: the error is at `top`, and the other one is `base`.
    expect(error.location.callSite?.line).toBe(top.origin.callSite?.line);
    expect(error.hint).toContain(`validate.test.ts:${base.origin.callSite?.line}`);
  });

  it('rejects a cycle built by hand (plain objects, as another package or plain JS might)', () => {
    const a = { kind: 'stage', name: 'a', from: image, items: [], origin: { fragment: 'stage' } } as unknown as {
      from: unknown;
    };
    const b = { kind: 'stage', name: 'b', from: a, items: [], origin: { fragment: 'stage' } };
    a.from = b;
    const error = compileError({ targets: [b as unknown as Stage] });
    expect(error.message).toMatch(/cycle: (a -> b -> a|b -> a -> b)/);
  });

  it('rejects several CMDs in one stage, naming both', () => {
    const error = compileError({ targets: [stage('app', { from: image }, [cmd(['a']), cmd(['b'])])] });
    expect(error.message).toContain('more than one CMD');
    expect(error.location.step).toBe(2);
    expect(error.hint).toMatch(/validate\.test\.ts:\d+/);
  });

  it('rejects a relative WORKDIR before any absolute one, but not after', () => {
    expect(compileError({ targets: [stage('app', { from: image }, [workdir('src')])] }).message).toContain(
      'relative WORKDIR "src"',
    );
    const base = stage('base', { from: image }, [workdir('/app')]);
    expect(() => compile({ targets: [stage('app', { from: base }, [workdir('src')])] })).not.toThrow();
  });

  it('rejects a stage named by string where a stage value is needed', () => {
    const builder = stage('builder', { from: image });
    const app = stage('app', { from: image }, [copy('/out', '/out', { from: 'builder' })]);
    expect(compileError({ targets: [app, builder] }).hint).toContain('pass the stage value');
  });

  it('rejects malformed IR with the path of the bad field', () => {
    const bad = { ...run('echo'), mounts: [{ type: 'cache' }] };
    const error = compileError({ targets: [stage('app', { from: image }, [bad as never])] });
    expect(error.location.path).toBe('stages.app.steps[0].mounts[0].target');
  });

  // Hand-made IR (plain objects, another tool's output) may be any shape until validated: the
  // walks before validation must not trip over it, so the user gets the path, not a TypeError.
  it.each([
    ['a RUN without mounts', { kind: 'run', origin: { fragment: 'x' } }],
    ['a RUN whose mounts hold null and a number', { ...run('echo'), mounts: [null, 42] }],
    ['an ONBUILD without its step', { kind: 'onbuild', origin: { fragment: 'x' } }],
    ['a fragment without origin or items', { kind: 'fragment', name: 'f' }],
    ['a fragment holding null', { kind: 'fragment', name: 'f', origin: { fragment: 'f' }, items: [null] }],
  ])('reports %s as a DslError', (_, item) => {
    const error = compileError({ targets: [stage('app', { from: image }, [item as never])] });
    expect(error.location.stage).toBe('app');
  });

  it('names what is wrong with a hand-made fragment node, and where', () => {
    const node = { kind: 'fragment', name: 'f', origin: { fragment: 'f' }, items: 'nope' };
    const error = compileError({ targets: [stage('app', { from: image }, [run('true'), node as never])] });
    expect(error.message).toBe(
      'malformed fragment node in stage "app" at stages.app.items[1]: its items are not a list',
    );
    expect(error.hint).toContain('fragment()');
  });

  it.each([
    ['items that are not a list', 'nope'],
    ['items holding null', [null]],
  ])('reports a hand-made stage with %s as a DslError', (_, items) => {
    const handMade = { kind: 'stage', name: 'app', from: image, items, origin: { fragment: 'stage' } };
    const error = compileError({ targets: [handMade as never] });
    expect(error.location.stage ?? error.location.path).toBeDefined();
    expect(error.message).toMatch(/app/);
  });

  it('rejects a default target outside the targets and a target listed twice', () => {
    const a = stage('a', { from: image });
    const b = stage('b', { from: image });
    expect(compileError({ targets: [a], defaultTarget: b }).message).toContain('not one of the targets');
    expect(compileError({ targets: [a, a] }).message).toContain('listed twice');
  });

  it('fails clearly when the default target cannot be last', () => {
    const prod = stage('prod', { from: image });
    const dev = stage('dev', { from: prod });
    expect(compileError({ targets: [dev, prod], defaultTarget: prod }).message).toContain('"dev" build on it');
  });
});
