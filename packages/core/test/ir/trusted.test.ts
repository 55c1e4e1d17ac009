import { describe, expect, it } from 'vitest';
import { compile, copy, defineConfig, env, gate, run, type Stage, stage, workdir } from '../../src/index.js';
import { isTrusted } from '../../src/ir/trusted.js';

describe("trusted nodes (made and validated by this core's factories)", () => {
  it('steps and stages from the factories are trusted; copies of them are not', () => {
    const step = run('true');
    const made = stage('app', { from: 'alpine:3.20' }, [step]);
    expect(isTrusted(step)).toBe(true);
    expect(isTrusted(made)).toBe(true);
    expect(isTrusted({ ...step })).toBe(false);
    expect(isTrusted(structuredClone(step))).toBe(false);
    expect(isTrusted(JSON.parse(JSON.stringify(step)))).toBe(false);
    expect(isTrusted(Object.create(step))).toBe(false);
  });

  it("gate() of a stage() value is trusted; of a stage built by hand it is not, and that stage's name is still checked", () => {
    const tests = stage('tests', { from: 'alpine:3.20' }, [run('true')]);
    expect(isTrusted(gate(tests))).toBe(true);
    const byHand: Stage = {
      kind: 'stage',
      name: 'Not A Name',
      from: 'alpine:3.20',
      items: [],
      origin: { fragment: 'stage' },
    };
    const gated = gate(byHand);
    expect(isTrusted(gated)).toBe(false);
    const app = stage('app', { from: 'alpine:3.20' }, [gated]);
    expect(() => compile(defineConfig({ targets: [app] }))).toThrow(/stage name "Not A Name" is invalid/);
  });

  it('the mark is invisible to JSON, Object.keys and equality', () => {
    const step = run('true');
    expect(Object.keys(step)).not.toContainEqual(expect.stringContaining('trusted'));
    expect(JSON.parse(JSON.stringify(step))).toEqual(step);
    expect({ ...step }).toEqual(step);
    expect(Object.isFrozen(step)).toBe(true);
  });
});

describe('step objects', () => {
  it('are plain objects, whichever way they are built', () => {
    const made = [run('true', { phase: 'build' }), copy('a', 'b', { phase: 'source' }), env('A', '1'), workdir('/app')];
    for (const step of made) {
      expect(Object.getPrototypeOf(step)).toBe(Object.prototype);
      expect(step.constructor).toBe(Object);
      expect(step).toStrictEqual({ ...step });
      expect(structuredClone(step)).toStrictEqual(JSON.parse(JSON.stringify(step)));
      expect(Object.isFrozen(step)).toBe(true);
    }
  });
});
