// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in plain strings is Dockerfile syntax under test
/**
 * Issue 4, values through the real builder: a config whose LABEL, ENV, WORKDIR and USER values are
 * adversarial strings is compiled in-process, built by BuildKit (and Buildah), and the image config
 * must hold exactly those strings: `docker image inspect` Config.Labels, Config.Env, WorkingDir and
 * User. Hand-picked values plus a seeded fast-check sample, all in one image (USER in a few).
 */
import { compile, defineConfig, env, label, stage, user, workdir } from '@dockerdsl/core';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { buildWithBuildah, pushBuildahImageToDocker, removeBuildahImages } from './harness/buildah.js';
import { assertBuilt, buildWithBuildKit } from './harness/buildkit.js';
import { runToCompletion } from './harness/container.js';
import { requireEngine } from './harness/engine.js';
import { inspectImage, removeImages, uniqueTag } from './harness/images.js';
import { copyExample, removeCopy } from './harness/workspace.js';

const engine = await requireEngine();

/** Values that break naive quoting, expansion, continuation or comment handling. */
const HAND_PICKED: readonly string[] = [
  'plain',
  '',
  ' ',
  'with space',
  '  leading and trailing  ',
  'double "quotes" inside',
  "single 'quotes' inside",
  `mixed '"' "'" quotes`,
  '$HOME',
  'dollar $HOME and ${PATH} and $$ and $',
  '${VAR}',
  '${VAR:-default}',
  '${VAR:+alt} ${#VAR} ${VAR%suffix}',
  '\\$HOME',
  '$(id) `id`',
  'back\\slash',
  'ends with backslash\\',
  '\\',
  '\\\\',
  '\\\\\\',
  '\\"',
  '"\\',
  '# not a comment',
  '#',
  'a # b',
  '{"key": "value", "list": [1, 2, "$x"], "nested": {"q": "\\"esc\\""}}',
  '["exec", "form", "$x"]',
  '[]',
  'a=b=c',
  '=leading equals',
  'tab\there',
  '--flag=value',
  'semi;colon && and || pipe | redirect > < &',
  '*?[glob]{a,b}~',
  'unicode: héllo wörld ✓ 日本語 한국어 🐳',
  'combining e\u0301 and nbsp\u00a0and bom\ufeff',
  'line separator \u2028 paragraph \u2029 nel \u0085 vt \v ff \f esc \u001b',
  'percent %s %d %%',
  'x'.repeat(2000),
];

/** Characters a generated value is built from: the troublemakers, weighted like ordinary text. */
const CHARS = [
  '\\',
  '"',
  "'",
  '$',
  '{',
  '}',
  ' ',
  '\t',
  '#',
  '[',
  ']',
  '=',
  ':',
  ',',
  '`',
  '&',
  ';',
  '|',
  '(',
  ')',
  '*',
  '-',
  '/',
  '.',
  'a',
  'Z',
  '0',
  '_',
  'é',
  '한',
  '🐳',
  '\u00a0',
  '\u2028',
  '\ufeff',
];
const PIECES = ['${A}', '$HOME', '${A:-x}', '\\"', '\\$', "'\\''", '["a"]', 'EOF', '<<EOF', '# c', ' \\', '\\ '];
const generatedValue = fc
  .array(fc.oneof(fc.constantFrom(...CHARS), fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), {
    maxLength: 24,
  })
  .map((parts) => parts.join(''))
  // Newlines and NUL cannot be represented in ENV/LABEL values: the compiler rejects them (unit-tested).
  .filter((value) => !/[\n\r\0]/.test(value));
const SEED = 20_240_404;
const GENERATED = fc.sample(generatedValue, { seed: SEED, numRuns: 48 });
const VALUES = [...HAND_PICKED, ...GENERATED];

/** WORKDIR directory names (under /e2e): one directory each, the last one the image's WorkingDir. */
const WORKDIR_NAMES: readonly string[] = [
  'with space',
  'quote"d',
  "it's",
  '$HOME',
  '${X}',
  'back\\slash',
  'ends-with-backslash\\',
  'ünï cödé 🐳',
  '#hash',
  '[json]',
  'a=b',
];

/** USER values (no RUN follows, so the user need not exist): Config.User must be the string. */
const USERS: readonly (readonly [string, string?])[] = [
  ['we ird'],
  ['quo"te', "gr'oup"],
  ['$HOME', '${GROUP}'],
  ['back\\slash\\'],
  ['ünï🐳', '#1'],
];

function compileStage(steps: Parameters<typeof stage>[2]): string {
  return compile(defineConfig({ targets: [stage('values', { from: 'busybox:1.36' }, steps)] })).dockerfile;
}

describe.skipIf(!engine.ok)('adversarial values survive the real builder exactly', () => {
  const tags: string[] = [];
  const buildahTags: string[] = [];
  const copies: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
    await removeBuildahImages(buildahTags);
    for (const copy of copies) await removeCopy(copy);
  });

  // LABEL e2e.value.N and ENV E2E_VALUE_N for every value; WORKDIR /e2e/<name> for every name.
  const labels = Object.fromEntries(VALUES.map((value, i) => [`e2e.value.${i}`, value]));
  const envs = Object.fromEntries(VALUES.map((value, i) => [`E2E_VALUE_${i}`, value]));
  const dockerfile = compileStage([label(labels), env(envs), ...WORKDIR_NAMES.map((name) => workdir(`/e2e/${name}`))]);

  async function emptyContext(): Promise<string> {
    // Any directory will do: nothing is copied. A fresh one keeps the context transfer trivial.
    const dir = await copyExample(new URL('./fixtures/pypi', import.meta.url).pathname, 'values');
    copies.push(dir);
    return dir;
  }

  function checkConfig(info: Awaited<ReturnType<typeof inspectImage>>) {
    for (const [key, value] of Object.entries(labels)) expect(info.labels[key], `label ${key}`).toBe(value);
    const env = new Map(
      info.env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
    for (const [name, value] of Object.entries(envs)) expect(env.get(name), `env ${name}`).toBe(value);
    expect(info.workingDir).toBe(`/e2e/${WORKDIR_NAMES[WORKDIR_NAMES.length - 1]}`);
  }

  test(`BuildKit: ${VALUES.length} LABEL and ENV values (${GENERATED.length} generated, seed ${SEED}) and ${WORKDIR_NAMES.length} WORKDIRs`, async () => {
    const tag = uniqueTag('values', 'buildkit');
    tags.push(tag);
    const build = await buildWithBuildKit({ dockerfile, context: await emptyContext(), tag });
    assertBuilt(build, dockerfile);
    checkConfig(await inspectImage(tag));
    // Every WORKDIR made its directory, under exactly its name.
    const listing = await runToCompletion(tag, {
      args: ['find', '/e2e', '-mindepth', '1', '-maxdepth', '1', '-print0'],
    });
    expect(listing.code, listing.stderr).toBe(0);
    const made = listing.stdout.split('\0').filter((name) => name !== '');
    expect(made.sort()).toEqual(WORKDIR_NAMES.map((name) => `/e2e/${name}`).sort());
    // And a process in the container sees the same environment.
    const printed = await runToCompletion(tag, { args: ['env', '-0'] });
    expect(printed.code, printed.stderr).toBe(0);
    const seen = new Map(
      printed.stdout
        .split('\0')
        .filter((entry) => entry.includes('='))
        .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
    );
    for (const [name, value] of Object.entries(envs)) expect(seen.get(name), `process env ${name}`).toBe(value);
  });

  test.each(USERS.map((pair) => [pair.join(':'), pair] as const))(
    'BuildKit: USER %s is Config.User exactly',
    async (expected, [name, group]) => {
      const tag = uniqueTag('values', 'user');
      tags.push(tag);
      const text = compileStage([user(name, group)]);
      const build = await buildWithBuildKit({ dockerfile: text, context: await emptyContext(), tag });
      assertBuilt(build, text);
      expect((await inspectImage(tag)).user).toBe(expected);
    },
  );

  test('Buildah: the same values, the same image config', async () => {
    const tag = uniqueTag('values', 'buildah');
    buildahTags.push(tag);
    const build = await buildWithBuildah({ dockerfile, context: await emptyContext(), tag });
    expect(build.ok, build.log.slice(-3000)).toBe(true);
    const dockerTag = `${tag}-in-docker`;
    tags.push(dockerTag);
    await pushBuildahImageToDocker(tag, dockerTag);
    checkConfig(await inspectImage(dockerTag));
  });
});
