import { describe, expect, it } from 'vitest';
import { collectStages } from '../../src/compiler/graph.js';
import { copy, run, type Stage, stage } from '../../src/index.js';

const names = (stages: readonly Stage[]) => stages.map((s) => s.name);

// The walk keeps its marks in each stage's flattened record (see graph.ts): these pin that a walk
// sees none of an earlier walk's marks.
describe('collectStages', () => {
  const base = stage('base', { from: 'debian:12' }, [run('echo base')]);
  const tools = stage('tools', { from: base }, [run('echo tools')]);
  const assets = stage('assets', { from: base }, [run('echo assets')]);
  const app = stage('app', { from: tools }, [copy('/out', '/out', { from: assets })]);

  it('collects a diamond dependencies first, each stage once', () => {
    expect(names(collectStages([app]))).toEqual(['base', 'tools', 'assets', 'app']);
  });

  it('gives the same stages on every walk, and walks of other roots their own', () => {
    expect(names(collectStages([assets]))).toEqual(['base', 'assets']);
    expect(names(collectStages([app]))).toEqual(['base', 'tools', 'assets', 'app']);
    expect(names(collectStages([app]))).toEqual(['base', 'tools', 'assets', 'app']);
    expect(names(collectStages([tools, assets]))).toEqual(['base', 'tools', 'assets']);
  });

  it('reports a cycle on every walk, and walks stages without one afterwards', () => {
    // Frozen hand-made stages (their records are cached), linked into a cycle before freezing.
    const a = { kind: 'stage', name: 'a', from: 'debian:12', items: [], origin: { fragment: 'stage' } };
    const b = { kind: 'stage', name: 'b', from: a, items: [], origin: { fragment: 'stage' } };
    (a as { from: unknown }).from = b;
    Object.freeze(a.items);
    Object.freeze(b.items);
    Object.freeze(a);
    Object.freeze(b);
    const cyclic = b as unknown as Stage;
    expect(() => collectStages([cyclic])).toThrow('stage references form a cycle: b -> a -> b');
    expect(() => collectStages([cyclic])).toThrow('stage references form a cycle: b -> a -> b');
    expect(names(collectStages([app]))).toEqual(['base', 'tools', 'assets', 'app']);
  });

  it('walks stages that are not frozen (hand-made IR), which have no kept record', () => {
    const root = { kind: 'stage', name: 'root', from: 'debian:12', items: [], origin: { fragment: 'stage' } };
    const leaf = { kind: 'stage', name: 'leaf', from: root, items: [], origin: { fragment: 'stage' } };
    const other = { kind: 'stage', name: 'other', from: root, items: [], origin: { fragment: 'stage' } };
    const roots = [leaf, other] as unknown as Stage[];
    expect(names(collectStages(roots))).toEqual(['root', 'leaf', 'other']);
    expect(names(collectStages(roots))).toEqual(['root', 'leaf', 'other']);
  });
});
