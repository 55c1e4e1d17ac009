import { describe, expect, it } from 'vitest';
import { compile, env, expand, label, stage } from '../../src/index.js';

// zod's records skip a `__proto__` key (not validated, not in the output), so env() and label()
// silently dropped it (found by the LABEL round-trip property with seed 956251677).
describe('a __proto__ key', () => {
  it('env() and label() keep it, in the order given', () => {
    expect(env('__proto__', 'x').vars).toEqual([['__proto__', 'x']]);
    expect(env({ A: '1', ['__proto__']: expand('$A'), B: '2' }).vars).toEqual([
      ['A', '1'],
      ['__proto__', { kind: 'expand', text: '$A' }],
      ['B', '2'],
    ]);
    const made = label('__proto__', 'x');
    expect(made.labels).toEqual([['__proto__', 'x']]);
    expect(made.independent).toBe(true);
    expect(label({ ['__proto__']: expand('$V') }).independent).toBe(false);
    const { dockerfile } = compile({ targets: [stage('app', { from: 'alpine:3.20' }, [made])] });
    expect(dockerfile).toContain('LABEL __proto__=x');
  });
});
