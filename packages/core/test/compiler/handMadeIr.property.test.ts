import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, DslError, run, stage } from '../../src/index.js';
import { STEP_KINDS } from '../../src/ir/steps.js';

// Hand-made IR (plain objects from another tool, plain JS, a JSON file) may be any shape: the
// compiler must answer with a DslError that says where, never crash on a field it assumed.

// Every step kind, and fragment nodes.
const KINDS = [...STEP_KINDS, 'fragment'];

/** Nodes with a known kind and any (or no) value in the fields the compiler reads. */
const { node } = fc.letrec((tie) => ({
  node: fc.record(
    {
      kind: fc.constantFrom(...KINDS),
      name: fc.oneof(fc.string(), fc.anything()),
      origin: fc.oneof(fc.constant({ fragment: 'x' }), fc.anything()),
      items: fc.oneof(fc.array(tie('node'), { maxLength: 3 }), fc.anything()),
      step: fc.oneof(tie('node'), fc.anything()),
      mounts: fc.oneof(fc.array(fc.anything(), { maxLength: 2 }), fc.anything()),
      command: fc.anything(),
      sources: fc.oneof(fc.array(fc.string(), { maxLength: 2 }), fc.anything()),
      dest: fc.anything(),
      from: fc.anything(),
      path: fc.anything(),
      vars: fc.anything(),
      labels: fc.anything(),
      ports: fc.anything(),
      phase: fc.anything(),
      merge: fc.anything(),
    },
    { requiredKeys: ['kind'] },
  ),
}));

function compileOrDslError(build: () => unknown): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof DslError)) throw error;
  }
}

describe('hand-made IR of any shape', () => {
  it('gets a DslError or compiles, in a stage made by stage()', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 4 }), (items) => {
        compileOrDslError(() => compile({ targets: [stage('app', { from: 'alpine:3.20' }, items as never)] }));
      }),
      { numRuns: 300 },
    );
  });

  it('gets a DslError or compiles, in a stage made by hand', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.oneof(node, fc.anything()), { maxLength: 4 }), fc.anything()), (items) => {
        const handMade = { kind: 'stage', name: 'app', from: 'alpine:3.20', items, origin: { fragment: 'stage' } };
        compileOrDslError(() => compile({ targets: [handMade as never] }));
      }),
      { numRuns: 300 },
    );
  });

  it('reports a bad node rather than accepting it (the property above could pass by compiling anything)', () => {
    const bad = { ...run('echo'), mounts: null };
    expect(() => compile({ targets: [stage('app', { from: 'alpine:3.20' }, [bad as never])] })).toThrow(DslError);
  });
});
