import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BUILT_IN_FRAGMENTS,
  CORE_MAJOR,
  CORE_VERSION,
  captureDslError,
  compile,
  copy,
  defineConfig,
  defineFragment,
  type Fragment,
  type FragmentNode,
  fragment,
  isDefinedFragment,
  pipInstall,
  renderFragment,
  run,
  stage,
} from '@dockerdsl/core';
import { z } from '@dockerdsl/core/zod';
import { describe, expect, it } from 'vitest';
import { inferred, passesOn } from './fixtures/fake-library/fragments.js';

const thisFile = fileURLToPath(import.meta.url);

function compileStage(items: readonly Fragment[]): string {
  return compile(defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, items)] })).dockerfile;
}

describe('plain functions as fragments', () => {
  it('keep working: a function returning steps, arrays and falsy values composes like any fragment', () => {
    const withCurl = (extra: boolean) => [run('apk add curl'), extra && run('apk add jq'), [copy('a', '/a')]];
    expect(renderFragment(withCurl(true))).toBe(
      'FROM debian:bookworm-slim AS test\nRUN apk add curl\nRUN apk add jq\nCOPY a /a\n',
    );
    expect(renderFragment(withCurl(false))).not.toContain('jq');
    expect(isDefinedFragment(withCurl)).toBe(false);
  });

  it('named with fragment(): stamped with the core major, no package', () => {
    const node = fragment('mine', run('true'));
    expect(node).toMatchObject({ kind: 'fragment', name: 'mine', coreMajor: CORE_MAJOR });
    expect(node.package).toBeUndefined();
  });
});

describe('fragment identity', () => {
  it('every built-in is @dockerdsl/core at this major', () => {
    for (const builtIn of BUILT_IN_FRAGMENTS) {
      expect(builtIn.fragment).toMatchObject({ package: '@dockerdsl/core', coreMajor: CORE_MAJOR });
    }
    expect(pipInstall(['flask'])).toMatchObject({ name: 'pipInstall', package: '@dockerdsl/core' });
  });

  it('a library fragment without `package` takes the name of its nearest package.json', () => {
    expect(inferred.fragment.package).toBe('@fake/docker-fragments');
    expect(inferred({ command: 'true' })).toMatchObject({ package: '@fake/docker-fragments', coreMajor: CORE_MAJOR });
    expect(passesOn.fragment.package).toBe('@fake/explicit');
  });

  it('option errors name the fragment, its package, the option path and the caller line', () => {
    const error = captureDslError(() => inferred({ command: '' }));
    expect(error.location).toMatchObject({ fragment: 'inferred', package: '@fake/docker-fragments', path: 'command' });
    expect(error.location.callSite?.file).toBe(thisFile);
    expect(error.format()).toContain('in fragment inferred() from @fake/docker-fragments, at command');
    // Built-ins are not qualified.
    expect(captureDslError(() => pipInstall(['bad name'])).format()).toMatch(/in fragment pipInstall\(\), at/);
  });

  it('an error a nested fragment raises inside a library points at the caller of the library fragment', () => {
    const error = captureDslError(() => passesOn({ requirement: 'flask; rm -rf /' }));
    expect(error.location).toMatchObject({ fragment: 'pipInstall', path: 'packages[0]' });
    // The test file, not the fixture (the exact line is checked through the CLI, where source maps are exact).
    expect(error.location.callSite?.file).toBe(thisFile);
    expect(error.hint).toMatch(/raised inside passesOn\(\) at .*fake-library\/fragments\.ts:\d+/);
  });

  it('defined-fragment info and nodes are frozen plain objects', () => {
    const node = inferred({ command: 'true' });
    expect(Object.getPrototypeOf(node)).toBe(Object.prototype);
    expect(Object.isFrozen(node)).toBe(true);
    expect(Object.isFrozen(inferred.fragment)).toBe(true);
    expect(Object.getPrototypeOf(inferred.fragment)).toBe(Object.prototype);
  });
});

describe('IR from another copy of the core', () => {
  it('compiles when it has the same shape and major: a structured clone is as good as the original', () => {
    const node = pipInstall({ requirements: 'requirements.txt' });
    const clone = structuredClone(node) as FragmentNode;
    expect(compileStage([clone])).toBe(compileStage([node]));
  });

  it('accepts hand-made nodes without a stamp', () => {
    const node = { kind: 'fragment', name: 'old', origin: { fragment: 'old' }, items: [run('true')] } as FragmentNode;
    expect(compileStage([node])).toContain('RUN true');
  });

  it('refuses fragment nodes from another major, naming the package, both versions and the config line', () => {
    const callSite = { file: '/work/app/docker.config.ts', line: 7, column: 3 };
    const foreign = Object.freeze({
      kind: 'fragment',
      name: 'pythonService',
      package: '@acme/docker-fragments',
      coreMajor: CORE_MAJOR + 1,
      origin: { fragment: 'pythonService', callSite },
      items: [run('true')],
    }) as FragmentNode;
    const error = captureDslError(() => compileStage([run('echo first'), foreign]));
    expect(error.message).toBe(
      `fragment pythonService() from @acme/docker-fragments was made by @dockerdsl/core ${CORE_MAJOR + 1}.x, but this compiler is @dockerdsl/core ${CORE_VERSION}: IR from another major version is not compatible`,
    );
    expect(error.location).toMatchObject({ callSite, stage: 'app', fragment: 'pythonService' });
    expect(error.hint).toMatch(
      /^align versions: install a version of @acme\/docker-fragments whose peer dependency accepts @dockerdsl\/core@\^/,
    );
  });

  it('names the installed package from the call site when a nested node has no package', () => {
    const inner = {
      kind: 'fragment',
      name: 'helper',
      coreMajor: CORE_MAJOR + 2,
      origin: {
        fragment: 'helper',
        callSite: { file: '/p/node_modules/@old/frags/dist/index.js', line: 1, column: 1 },
      },
      items: [run('true')],
    } as FragmentNode;
    const outer = fragment('outer', inner);
    const error = captureDslError(() => compileStage([outer]));
    expect(error.message).toContain('fragment helper() from @old/frags was made by');
    expect(error.location.callSite?.file).toBe(thisFile);
  });
});

it('CORE_VERSION and CORE_MAJOR match package.json', () => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(CORE_VERSION).toBe(version);
  expect(CORE_MAJOR).toBe(Number(version.split('.')[0]));
});

it('@dockerdsl/core/zod gives libraries zod: schemas made with it validate fragment options', () => {
  const sized = defineFragment({
    name: 'sized',
    description: 'A sized thing.',
    options: z.strictObject({ size: z.number().int().positive() }),
    build: ({ size }) => run(`truncate -s ${size} /f`),
  });
  expect(captureDslError(() => sized({ size: -1 })).location.path).toBe('size');
});

// Found by a review: only a misspelt top-level option named the known ones; one inside a nested
// object or a list of objects got zod's bare "Unrecognized key".
it("a library's nested z.strictObject names its known keys too, in lists and behind optional/default", () => {
  const routed = defineFragment({
    name: 'routed',
    description: 'Routes.',
    options: z.strictObject({
      routes: z.array(z.strictObject({ path: z.string(), port: z.number() })),
      tls: z.strictObject({ cert: z.string(), key: z.string() }).optional(),
      env: z.record(z.string(), z.strictObject({ value: z.string() })).default({}),
    }),
    build: () => run('serve'),
  });
  const inList = captureDslError(() => routed({ routes: [{ path: '/', port: 80 }, { path: '/a', prot: 1 } as never] }));
  expect(inList.message).toMatch(
    /^invalid options of routed\(\) at routes\[1\]\.prot: unknown option "prot" \(did you mean "port"\?\); options: path, port/,
  );
  expect(inList.location.path).toBe('routes[1].prot');
  const optional = captureDslError(() => routed({ routes: [], tls: { cert: 'c', key: 'k', kye: 'x' } as never }));
  expect(optional.message).toContain('at tls.kye: unknown option "kye" (did you mean "key"?); options: cert, key');
  const inRecord = captureDslError(() => routed({ routes: [], env: { A: { valeu: 'x' } as never } }));
  expect(inRecord.message).toContain('at env.A.valeu: unknown option "valeu" (did you mean "value"?); options: value');
});

it("a library's z.strictObject names the known options for a misspelt one, as the built-ins do", () => {
  const served = defineFragment({
    name: 'served',
    description: 'A served app.',
    options: z.strictObject({ port: z.number().int(), dir: z.string().default('/app') }),
    build: ({ port }) => run(`serve ${port}`),
  });
  const error = captureDslError(() => served({ port: 80, prot: 1 } as never));
  expect(error.message).toBe(
    'invalid options of served() at prot: unknown option "prot" (did you mean "port"?); options: port, dir',
  );
  expect(error.location.path).toBe('prot');
});
