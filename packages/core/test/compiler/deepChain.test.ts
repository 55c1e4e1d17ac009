import { describe, expect, it } from 'vitest';
import { compile, run, type Stage, stage } from '../../src/index.js';

describe('a long chain of stages', () => {
  // Found by probing shapes of large configs: the stage walk recursed once per parent, and a
  // chain of 5,000 stages (each FROM the one before) failed with "Maximum call stack size exceeded".
  it('compiles 10,000 stages, each FROM the one before, in order', () => {
    const stages: Stage[] = [];
    for (let index = 0; index < 10_000; index++) {
      const from = index === 0 ? 'debian:12' : (stages[index - 1] as Stage);
      stages.push(stage(`s${index}`, { from }, [run(`echo ${index}`)]));
    }
    const { dockerfile, build } = compile({ targets: [stages[9_999] as Stage], stages });
    expect(build.stages.map((s) => s.name)).toEqual(stages.map((s) => s.name));
    expect(dockerfile).toContain('\nFROM debian:12 AS s0\nRUN echo 0\n');
    expect(dockerfile.endsWith('\nFROM s9998 AS s9999\nRUN echo 9999\n')).toBe(true);
  });
});
