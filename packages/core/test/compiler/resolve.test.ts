import { describe, expect, it } from 'vitest';
import { placeDefaultTargetLast } from '../../src/compiler/passes/placeDefaultTargetLast.js';
import { resolve } from '../../src/compiler/passes/resolve.js';
import { bindMount, copy, DslError, fragment, run, stage } from '../../src/index.js';

const image = 'alpine:3.20';

describe('resolve', () => {
  const tools = stage('tools', { from: image }, [run('make tools')]);
  const assets = stage('assets', { from: image }, [run('make assets')]);
  const base = stage('base', { from: image }, [run('echo base')]);
  const unused = stage('unused', { from: base }, [run('echo unused')]);
  const dev = stage('dev', { from: base }, [run('make', { mounts: [bindMount('/tools', { from: tools })] })]);
  const prod = stage('prod', { from: base }, [copy('/out', '/out', { from: assets })]);

  it('keeps the stages the targets reach (parents, COPY --from, mount from), dependencies first, default last', () => {
    const build = resolve({ targets: [dev, prod], defaultTarget: prod, stages: [unused] });
    expect(build.stages.map((s) => s.name)).toEqual(['base', 'tools', 'dev', 'unused', 'assets', 'prod']);
    expect(build.targets).toEqual(['dev', 'prod']);
    expect(build.defaultTarget).toBe('prod');
  });

  it('prunes stages no target reaches', () => {
    expect(resolve({ targets: [dev, prod] }).stages.map((s) => s.name)).not.toContain('unused');
  });

  it('with a target, emits only what that target needs', () => {
    expect(resolve({ targets: [dev, prod] }, { target: 'dev' }).stages.map((s) => s.name)).toEqual([
      'base',
      'tools',
      'dev',
    ]);
    expect(() => resolve({ targets: [dev, prod] }, { target: 'qa' })).toThrow(DslError);
  });

  it('flattens fragments, naming the innermost fragment and the outermost call site', () => {
    const inner = fragment('inner', run('echo inner'));
    const outer = fragment('outer', inner);
    const build = resolve({ targets: [stage('app', { from: image }, [outer])] });
    const step = build.stages[0]?.steps[0];
    expect(step?.origin.fragment).toBe('inner');
    expect(step?.origin.chain).toEqual(['outer', 'inner']);
    expect(step?.origin.callSite).toEqual(outer.origin.callSite);
  });
});

describe('placeDefaultTargetLast', () => {
  it('moves the default target after stages that do not depend on it', () => {
    const prod = stage('prod', { from: image });
    const dev = stage('dev', { from: image });
    const build = resolve({ targets: [prod, dev], defaultTarget: prod }, {});
    const reordered = placeDefaultTargetLast({ ...build, stages: [...build.stages].reverse() });
    expect(reordered.stages.map((s) => s.name)).toEqual(['dev', 'prod']);
  });
});
