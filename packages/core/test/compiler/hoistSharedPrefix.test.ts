import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, defineConfig, env, run, type Stage, stage, workdir } from '../../src/index.js';

/** Stage name -> [parent (stage name or image), instruction lines], from our own emitted text. */
function stagesOf(dockerfile: string): Map<string, { from: string; lines: string[] }> {
  const stages = new Map<string, { from: string; lines: string[] }>();
  let current: string[] | undefined;
  for (const line of dockerfile.replace(/ \\\n/g, ' ').split('\n')) {
    const from = /^FROM (?:--platform=\S+ )?(\S+) AS (\S+)$/.exec(line);
    if (from) {
      current = [];
      stages.set(from[2] as string, { from: from[1] as string, lines: current });
    } else if (current && line !== '' && !line.startsWith('#')) current.push(line);
  }
  return stages;
}

/** Each stage as `name < parent: instruction; instruction`, in the file's order. */
function stageSummaries(dockerfile: string): string[] {
  return [...stagesOf(dockerfile)].map(([name, { from, lines }]) => `${name} < ${from}: ${lines.join('; ')}`);
}

/** Every instruction a target runs, from its image through all its parents. */
function flattened(dockerfile: string, target: string): string[] {
  const stages = stagesOf(dockerfile);
  const chain: string[][] = [];
  let name: string | undefined = target;
  let image = '';
  while (name !== undefined) {
    const found = stages.get(name);
    if (!found) {
      image = name;
      break;
    }
    chain.unshift(found.lines);
    name = found.from;
  }
  return [`FROM ${image}`, ...chain.flat()];
}

const POOL = [
  () => workdir('/app'),
  () => env('A', '1'),
  () => run('echo one'),
  () => run('echo two'),
  () => run('echo three'),
];

const configArbitrary = fc
  .record({
    images: fc.array(fc.constantFrom('alpine:3.20', 'debian:12'), { minLength: 2, maxLength: 5 }),
    bodies: fc.array(fc.array(fc.nat(POOL.length - 1), { maxLength: 5 }), { minLength: 5, maxLength: 5 }),
    parents: fc.array(fc.option(fc.nat(4), { nil: undefined }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ images, bodies, parents }) => {
    const stages: Stage[] = [];
    images.forEach((image, index) => {
      const parent = parents[index];
      const from = parent !== undefined && parent < stages.length ? (stages[parent] as Stage) : image;
      stages.push(
        stage(
          `s${index}`,
          { from },
          (bodies[index] ?? []).map((pick) => (POOL[pick] as () => ReturnType<typeof run>)()),
        ),
      );
    });
    return stages;
  });

describe('hoistSharedPrefix', () => {
  it('makes one shared stage for the identical leading steps of dev and prod', () => {
    const common = [workdir('/app'), run('apt-get update')];
    const dev = stage('dev', { from: 'debian:12' }, [...common, run('echo dev')]);
    const prod = stage('prod', { from: 'debian:12' }, [...common, run('echo prod')]);
    const { dockerfile } = compile(defineConfig({ targets: [dev, prod] }), { sourceName: 'x' });
    expect(dockerfile).toContain(
      'FROM debian:12 AS dev-prod-common\nWORKDIR /app\nRUN apt-get update\n\nFROM dev-prod-common AS dev\nRUN echo dev',
    );
    expect(dockerfile.endsWith('FROM dev-prod-common AS prod\nRUN echo prod\n')).toBe(true);
  });

  it('does not make a stage for a shared WORKDIR alone, but hoists the stages that share real work', () => {
    const a = stage('a', { from: 'debian:12' }, [workdir('/app'), run('echo a')]);
    const b = stage('b', { from: 'debian:12' }, [workdir('/app'), run('make deps'), run('echo b')]);
    const c = stage('c', { from: 'debian:12' }, [workdir('/app'), run('make deps'), run('echo c')]);
    const { dockerfile } = compile(defineConfig({ targets: [a, b, c] }));
    expect(dockerfile).toContain('FROM debian:12 AS b-c-common\nWORKDIR /app\nRUN make deps\n');
    expect(dockerfile).toContain('FROM debian:12 AS a\nWORKDIR /app\nRUN echo a\n');
  });

  // Each group is hoisted in the walk that finds it (the pass used to walk all stages again after
  // every shared stage: quadratic, bench/hoistScaling.ts); nested sharing still gets its own stage.
  it('hoists several groups at once, then what members of a hoisted group share further', () => {
    const a = stage('a', { from: 'alpine:3.20' }, [run('make x'), run('echo a')]);
    const b = stage('b', { from: 'alpine:3.20' }, [run('make x'), run('echo b')]);
    const c = stage('c', { from: 'debian:12' }, [run('make y'), run('echo c')]);
    const d = stage('d', { from: 'debian:12' }, [run('make y'), run('make z'), run('echo d')]);
    const e = stage('e', { from: 'debian:12' }, [run('make y'), run('make z'), run('echo e')]);
    const { dockerfile } = compile(defineConfig({ targets: [a, b, c, d, e] }));
    expect(stageSummaries(dockerfile)).toEqual([
      'a-b-common < alpine:3.20: RUN make x',
      'a < a-b-common: RUN echo a',
      'b < a-b-common: RUN echo b',
      'c-d-e-common < debian:12: RUN make y',
      'c < c-d-e-common: RUN echo c',
      'd-e-common < c-d-e-common: RUN make z',
      'd < d-e-common: RUN echo d',
      'e < d-e-common: RUN echo e',
    ]);
  });

  // Stages are first counted by their FROM's image or stage name alone (hoistSharedPrefix.ts): the
  // platform still keeps them apart.
  it('shares nothing between stages of one image on different platforms', () => {
    const native = stage('native', { from: 'alpine:3.20' }, [run('make deps'), run('echo native')]);
    const arm = stage('arm', { from: 'alpine:3.20', platform: 'linux/arm64' }, [run('make deps'), run('echo arm')]);
    const also = stage('also', { from: 'alpine:3.20' }, [run('make deps'), run('echo also')]);
    const { dockerfile } = compile(defineConfig({ targets: [native, arm, also] }));
    expect(stageSummaries(dockerfile)).toEqual([
      'native-also-common < alpine:3.20: RUN make deps',
      'native < native-also-common: RUN echo native',
      'arm < alpine:3.20: RUN make deps; RUN echo arm',
      'also < native-also-common: RUN echo also',
    ]);
    expect(dockerfile).toContain('\nFROM --platform=linux/arm64 alpine:3.20 AS arm\nRUN make deps\nRUN echo arm\n');
  });

  it('can be switched off', () => {
    const dev = stage('dev', { from: 'debian:12' }, [workdir('/app'), run('echo dev')]);
    const prod = stage('prod', { from: 'debian:12' }, [workdir('/app'), run('echo prod')]);
    const { dockerfile } = compile(defineConfig({ targets: [dev, prod], optimize: { hoistSharedPrefix: false } }));
    expect(dockerfile).not.toContain('common');
  });

  it('keeps every target’s flattened instruction sequence exactly', () => {
    let hoistedRuns = 0;
    fc.assert(
      fc.property(configArbitrary, (stages) => {
        const config = { targets: stages };
        const plain = compile({ ...config, optimize: { hoistSharedPrefix: false } }).dockerfile;
        const hoisted = compile(config).dockerfile;
        if (hoisted.includes('-common')) hoistedRuns++;
        for (const target of stages) expect(flattened(hoisted, target.name)).toEqual(flattened(plain, target.name));
        expect(
          hoisted
            .trim()
            .split('\n')
            .filter((line) => line.startsWith('FROM'))
            .pop(),
        ).toMatch(/ AS s\d$/);
      }),
      // Seeded, so the count below is the same in every run; other seeds are explored by changing it.
      { numRuns: 300, seed: 20261129 },
    );
    // The property means something only if many generated configs were actually hoisted
    // (about one in ten: a shared prefix must hold a RUN or COPY to be hoisted).
    expect(hoistedRuns).toBeGreaterThan(10);
  });
});
