import { describe, expect, it } from 'vitest';
import { copy, env, run } from '../../src/index.js';

describe('step origins', () => {
  it('steps made at one call site share one frozen origin that names that site', () => {
    const steps = [1, 2, 3].map((index) => run(`echo ${index}`));
    const [first, second, third] = steps;
    expect(second?.origin).toBe(first?.origin);
    expect(third?.origin).toBe(first?.origin);
    expect(Object.isFrozen(first?.origin)).toBe(true);
    expect(Object.isFrozen(first?.origin.callSite)).toBe(true);
    expect(first?.origin.fragment).toBe('run');
    expect(first?.origin.callSite?.file).toMatch(/sharedOrigins\.test\.ts$/);
    // The commands differ: only the origin is shared.
    expect(steps.map((step) => (step.command.form === 'shell' ? step.command.commands[0] : ''))).toEqual([
      'echo 1',
      'echo 2',
      'echo 3',
    ]);
  });

  it('other lines, columns or factories get their own origin', () => {
    const a = run('true');
    const b = run('true');
    const [c, d] = [env('A', '1'), copy('a', 'b')];
    expect(b.origin).not.toBe(a.origin);
    expect(b.origin.callSite?.line).toBe((a.origin.callSite?.line ?? 0) + 1);
    expect(d.origin).not.toBe(c.origin);
    expect(c.origin.callSite?.line).toBe(d.origin.callSite?.line);
    expect(c.origin.callSite?.column).not.toBe(d.origin.callSite?.column);
    expect([c.origin.fragment, d.origin.fragment]).toEqual(['env', 'copy']);
  });
});
