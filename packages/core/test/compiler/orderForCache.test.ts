import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, isConstrained, orderConstraint, rankOf } from '../../src/compiler/stepRelations.js';
import { arg, comment, copy, env, expose, orderSteps, run, type Step, user, workdir } from '../../src/index.js';
import { SHARED_ORIGINS, stepsArbitrary, withoutTrace } from './arbitraries.js';

/**
 * The specification, written independently of the pass: a step is due at its own rank or at the
 * earliest due of any step constrained to follow it; repeatedly take, among the steps whose
 * constrained predecessors are placed, the one due soonest, then the earliest as written.
 * Comments travel with the step after them; trailing comments stay at the end.
 */
function referenceOrder(steps: readonly Step[]): Step[] {
  const units: Step[][] = [];
  let pending: Step[] = [];
  for (const step of steps) {
    pending.push(step);
    if (step.kind !== 'comment') {
      units.push(pending);
      pending = [];
    }
  }
  // Trailing comments stay at the end, whatever moves.
  const trailing = pending;
  const main = (unit: Step[]) => unit[unit.length - 1] as Step;
  const constrained = (i: number, j: number) =>
    orderConstraint(main(units[i] as Step[]), main(units[j] as Step[])) !== undefined;
  const due = (i: number): number =>
    Math.min(
      rankOf(main(units[i] as Step[])),
      ...units.map((_, j) => (j > i && constrained(i, j) ? due(j) : Number.POSITIVE_INFINITY)),
    );
  const remaining = units.map((_, index) => index);
  const out: Step[] = [];
  while (remaining.length > 0) {
    const available = remaining.filter((j) =>
      remaining.every(
        (i) => i >= j || orderConstraint(main(units[i] as Step[]), main(units[j] as Step[])) === undefined,
      ),
    );
    available.sort((a, b) => due(a) - due(b) || a - b);
    const chosen = available[0] as number;
    out.push(...(units[chosen] as Step[]));
    remaining.splice(remaining.indexOf(chosen), 1);
  }
  return [...out, ...trailing];
}

describe('orderForCache', () => {
  it('moves a dependency install above the source copy written before it', () => {
    const steps = [
      workdir('/app'),
      copy('.', '.', { phase: 'source' }),
      copy('requirements.txt', '.', { phase: 'deps' }),
      run('pip install -r requirements.txt', { phase: 'deps' }),
      expose(8000),
    ];
    const ordered = orderSteps(steps);
    expect(ordered.map((step) => step.origin.callSite?.line)).toEqual(
      [steps[0], steps[2], steps[3], steps[1], steps[4]].map((step) => step?.origin.callSite?.line),
    );
    expect(ordered[1]?.trace?.moved).toMatch(/^moved up from step 3: phase deps goes before copy/);
    expect(ordered[3]?.trace?.moved).toMatch(/^moved down from step 2/);
  });

  // Found by a review: it said "phase build goes before copy [source]", which its phase does not.
  it('says which step pulled a step above its own phase', () => {
    const steps = [
      copy('.', '.', { phase: 'source' }),
      env('PIP_INDEX_URL', 'http://mirror', { phase: 'build' }),
      run('pip install flask', { phase: 'deps' }),
    ];
    const ordered = orderSteps(steps);
    expect(ordered.map((step) => step.kind)).toEqual(['env', 'run', 'copy']);
    expect(ordered[0]?.trace?.moved).toMatch(
      /^moved up from step 2: run .*\[deps\] must stay after it \(it may depend on the ENV before it\) and goes before copy .*\[source\]$/,
    );
  });

  it('never moves a RUN above an ENV it may depend on, and says why', () => {
    const steps = [
      run('make', { phase: 'build' }),
      env('PIP_INDEX_URL', 'http://mirror'),
      run('pip install flask', { phase: 'deps' }),
    ];
    const ordered = orderSteps(steps);
    expect(ordered.map(withoutTrace)).toEqual(steps.map(withoutTrace));
    expect(ordered[2]?.trace?.moved).toMatch(
      /kept after run .*\[build\] because it may depend on the ENV before it: env/,
    );
  });

  it('lets a step move above an ARG or ENV only when it declares it reads none of the names set', () => {
    const download = run('go mod download', { phase: 'deps', ignoresVariables: ['TARGETOS', 'TARGETARCH'] });
    const platform = [arg('TARGETOS', undefined, { phase: 'build' }), download];
    expect(orderSteps(platform).map(withoutTrace)).toEqual([download, platform[0] as Step].map(withoutTrace));
    const other = [arg('GOPROXY', undefined, { phase: 'build' }), download];
    expect(orderSteps(other).map(withoutTrace)).toEqual(other.map(withoutTrace));
    expect(orderSteps(other)[1]?.trace?.moved).toMatch(/because it may depend on the ARG before it/);
    // An ENV that also sets a name the step may read keeps it below.
    const mixed = [env({ TARGETOS: 'linux', GOFLAGS: '-mod=mod' }), download];
    expect(orderSteps(mixed).map(withoutTrace)).toEqual(mixed.map(withoutTrace));
    // Nor does it move a step below an ARG written after it that it may read.
    const reads = [
      run('make', { phase: 'build', ignoresVariables: ['TARGETOS'] }),
      arg('VERSION', undefined, { phase: 'deps' }),
    ];
    expect(orderSteps(reads).map(withoutTrace)).toEqual(reads.map(withoutTrace));
    const ignored = [reads[0] as Step, arg('TARGETOS', undefined, { phase: 'deps' })];
    expect(orderSteps(ignored).map(withoutTrace)).toEqual([ignored[1] as Step, ignored[0] as Step].map(withoutTrace));
  });

  it('lets a COPY without variables move across ENV and USER, which cannot change it, but not WORKDIR', () => {
    const steps = [
      copy('.', '.', { phase: 'source' }),
      env('PIP_INDEX_URL', 'http://mirror'),
      user('app'),
      run('pip install flask', { phase: 'deps' }),
    ];
    expect(orderSteps(steps).map((step) => step.kind)).toEqual(['env', 'user', 'run', 'copy']);
    const withVariable = [copy('.', '/srv', { chown: '$APP_UID', phase: 'source' }), env('APP_UID', '1000')];
    expect(orderSteps(withVariable).map(withoutTrace)).toEqual(withVariable.map(withoutTrace));
    const afterWorkdir = [workdir('/app'), copy('.', '.', { phase: 'source' })];
    expect(orderSteps(afterWorkdir).map(withoutTrace)).toEqual(afterWorkdir.map(withoutTrace));
  });

  it('lets independent metadata move past anything to the end', () => {
    const steps = [expose(80), run('make'), env('A', 'b')];
    expect(orderSteps(steps).map((step) => step.kind)).toEqual(['run', 'env', 'expose']);
  });

  it('keeps a step that needs files after the step that writes them, whatever the phases', () => {
    const steps = [
      run('make install', { phase: 'build', writes: ['/usr/local/lib/thing'] }),
      run('ldconfig', { phase: 'system', needs: ['/usr/local/lib'] }),
    ];
    expect(orderSteps(steps).map(withoutTrace)).toEqual(steps.map(withoutTrace));
  });

  it('keeps a phased RUN after the COPY it needs when a later, earlier-phase RUN pulls it up', () => {
    // The apt-get (system) stays after the ENV, which stays after npm ci (npm ci ran without it):
    // npm ci is due at the system rank. It must take the COPY of its manifest along, not pass it.
    const steps = [
      copy(['package.json'], './', { phase: 'deps' }),
      run('npm ci', { phase: 'deps' }),
      env('NODE_ENV', 'production'),
      run('apt-get update', { phase: 'system' }),
    ];
    const ordered = orderSteps(steps);
    expect(ordered.map(withoutTrace)).toEqual(steps.map(withoutTrace));
    expect(ordered[0]?.trace?.moved).toBeUndefined();
    // Declared files keep the order too, and say so first.
    const declared = [
      copy(['package.json'], './', { phase: 'deps', writes: ['package.json'] }),
      run('npm ci', { phase: 'deps', needs: ['package.json'] }),
      env('NODE_ENV', 'production'),
      run('apt-get update', { phase: 'system' }),
    ];
    expect(orderSteps(declared).map(withoutTrace)).toEqual(declared.map(withoutTrace));
  });

  it('says why a step pulled above its phase took an earlier file step along', () => {
    const steps = [
      run('apt-get install -y curl', { phase: 'system' }),
      copy('.', '.', { phase: 'source' }),
      run('npm run build', { phase: 'build' }),
      env('CACHE_BUST', '1'),
      run('apt-get install -y git', { phase: 'system' }),
      copy(['package.json'], './', { phase: 'deps' }),
    ];
    const ordered = orderSteps(steps);
    // The build (pulled to the system phase by the ENV, which the second apt-get needs) stays
    // after the source it compiles; both go before the manifest COPY of the deps phase.
    expect(ordered.map(withoutTrace)).toEqual(steps.map(withoutTrace));
    expect(orderConstraint(steps[1] as Step, steps[2] as Step)).toBe(
      'it may use files the COPY before it writes, and phase build comes after source',
    );
  });

  // Found by a review: the explanation named the apt-get (placed first) as what held npm ci back.
  it('names the step between that holds a step behind, not one placed before both', () => {
    const steps = [
      run('make', { phase: 'build' }),
      run('apt-get install -y x', { phase: 'system' }),
      env('A', '1'),
      run('npm ci', { phase: 'deps' }),
    ];
    const ordered = orderSteps(steps);
    expect(ordered.map(withoutTrace)).toEqual(
      [steps[1], steps[0], steps[2], steps[3]].map((step) => withoutTrace(step as Step)),
    );
    expect(ordered[3]?.trace?.moved).toMatch(
      /^kept after run .* \[build\] because it may depend on the ENV before it: env /,
    );
  });

  it('still moves a pulled RUN above an earlier COPY of a later phase (a dependency install above the app source)', () => {
    const steps = [
      copy('.', '.', { phase: 'source' }),
      run('pip install flask', { phase: 'deps' }),
      env('PIP_NO_CACHE_DIR', '1'),
      run('apt-get update', { phase: 'system' }),
    ];
    expect(orderSteps(steps).map((step) => step.kind)).toEqual(['run', 'env', 'run', 'copy']);
  });

  it('is the lowest-phase-first, then as-written, linear extension of the constraints', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        expect(orderSteps(steps).map(withoutTrace)).toEqual(referenceOrder(steps).map(withoutTrace));
      }),
      { numRuns: 400 },
    );
  });

  it('returns a permutation that keeps every constrained pair in order', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        // Without --explain the pass returns the steps themselves, so identity tracks each one.
        const ordered = orderSteps(steps, false);
        const positionOf = new Map(ordered.map((step, index) => [step, index]));
        expect(ordered.length).toBe(steps.length);
        expect(new Set(steps.map((step) => positionOf.get(step))).size).toBe(steps.length);
        for (let i = 0; i < steps.length; i++) {
          for (let j = i + 1; j < steps.length; j++) {
            const a = steps[i] as Step;
            const b = steps[j] as Step;
            if (a.kind === 'comment' || b.kind === 'comment' || orderConstraint(a, b) === undefined) continue;
            expect(positionOf.get(a)).toBeLessThan(positionOf.get(b) as number);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('moves a RUN, COPY or ADD above an earlier one only when its own phase comes first', () => {
    const filesKinds = new Set(['run', 'copy', 'add']);
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const ordered = orderSteps(steps, false);
        const positionOf = new Map(ordered.map((step, index) => [step, index]));
        for (let i = 0; i < steps.length; i++) {
          for (let j = i + 1; j < steps.length; j++) {
            const earlier = steps[i] as Step;
            const later = steps[j] as Step;
            if (!filesKinds.has(earlier.kind) || !filesKinds.has(later.kind)) continue;
            if (earlier.independent || later.independent) continue;
            if ((positionOf.get(later) as number) < (positionOf.get(earlier) as number)) {
              expect(rankOf(later)).toBeLessThan(rankOf(earlier));
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the steps of one fragment call in their written order', () => {
    let shared = 0;
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const ordered = orderSteps(steps, false);
        for (const origin of SHARED_ORIGINS) {
          const written = steps.filter((step) => step.origin === origin && step.kind !== 'comment');
          if (written.length > 1) shared++;
          expect(ordered.filter((step) => step.origin === origin && step.kind !== 'comment')).toEqual(written);
        }
      }),
      { numRuns: 300 },
    );
    // The arbitrary does give several steps one call (the property is not vacuous).
    expect(shared).toBeGreaterThan(50);
  });

  it('decides pairs on precomputed classes exactly as orderConstraint does', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        for (const a of steps) {
          for (const b of steps) {
            expect(isConstrained(classify(a), classify(b))).toBe(orderConstraint(a, b) !== undefined);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic and idempotent', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        const once = orderSteps(steps);
        expect(orderSteps(steps)).toEqual(once);
        expect(orderSteps(once).map(withoutTrace)).toEqual(once.map(withoutTrace));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps trailing comments at the end, so a second run changes nothing (found by the idempotence property)', () => {
    const steps = [
      run('echo a', { phase: 'metadata', independent: true }),
      run('echo b', { phase: 'metadata' }),
      run('echo c', { independent: true }),
      comment('the end'),
    ];
    const once = orderSteps(steps);
    expect(once.map((step) => (step.kind === 'run' ? step.command : step.kind))).toEqual([
      { form: 'shell', commands: ['echo c'] },
      { form: 'shell', commands: ['echo a'] },
      { form: 'shell', commands: ['echo b'] },
      'comment',
    ]);
    expect(orderSteps(once).map(withoutTrace)).toEqual(once.map(withoutTrace));
  });

  it('keeps a comment directly above the step it describes', () => {
    fc.assert(
      fc.property(stepsArbitrary, (steps) => {
        // Without --explain the pass returns the steps themselves, so identity tracks each one.
        const ordered = orderSteps(steps, false);
        steps.forEach((step, index) => {
          const next = steps[index + 1];
          if (step.kind !== 'comment' || next === undefined) return;
          expect(ordered[ordered.indexOf(step) + 1]).toBe(next);
        });
      }),
      { numRuns: 200 },
    );
  });
});
