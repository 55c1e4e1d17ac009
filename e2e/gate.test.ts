/**
 * Issue 4, the gate with real builders (python-gated): `gate(test)` makes prod copy a marker out of
 * the test stage, so a builder that builds only what the target reaches must still run the tests.
 * A failing test fails `--target prod` (and a plain build); a passing one lets prod build, and the
 * prod image carries /.dsl-gate/test. Checked with BuildKit and with Buildah.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildWithBuildah, removeBuildahImages } from './harness/buildah.js';
import { assertBuilt, buildWithBuildKit } from './harness/buildkit.js';
import { compileExample } from './harness/compile.js';
import { runToCompletion } from './harness/container.js';
import { DOCKER, dockerEnv } from './harness/docker.js';
import { requireEngine } from './harness/engine.js';
import { exec } from './harness/exec.js';
import { removeImages, uniqueTag } from './harness/images.js';
import { EXAMPLES_DIR } from './harness/paths.js';
import { copyExample, removeCopy, uniqueMarker } from './harness/workspace.js';

const engine = await requireEngine();
const EXAMPLE = join(EXAMPLES_DIR, 'python-gated');
const TEST_FILE = 'tests/test_app.py';
const GATE_MARKER = '/.dsl-gate/test';

/** A test module: the example's own test plus one more that passes or fails, unique per run. */
async function withExtraTest(context: string, passes: boolean): Promise<string> {
  const name = `test_dsl_e2e_${uniqueMarker().replace(/[^A-Za-z0-9]/g, '_')}`;
  const original = await readFile(join(EXAMPLE, TEST_FILE), 'utf8');
  const assertion = passes ? 'assert greeting("gate") == "hello, gate"' : 'assert greeting("gate") == "this is false"';
  await writeFile(join(context, TEST_FILE), `${original.trimEnd()}\n\n\ndef ${name}():\n    ${assertion}\n`);
  return name;
}

describe.skipIf(!engine.ok)('gate(test) with real builders (python-gated)', () => {
  const tags: string[] = [];
  const buildahTags: string[] = [];
  const copies: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
    await removeBuildahImages(buildahTags);
    for (const copy of copies) await removeCopy(copy);
  });

  async function context(passes: boolean): Promise<{ dir: string; testName: string }> {
    const dir = await copyExample(EXAMPLE);
    copies.push(dir);
    return { dir, testName: await withExtraTest(dir, passes) };
  }

  test('BuildKit: a failing test fails --target prod, in the test stage', async () => {
    const { dockerfile } = await compileExample(EXAMPLE, 'prod');
    const { dir, testName } = await context(false);
    const tag = uniqueTag('python-gated', 'gate-failing');
    tags.push(tag);
    const build = await buildWithBuildKit({ dockerfile, context: dir, tag, target: 'prod' });
    expect(build.ok, 'prod must not build when a test fails').toBe(false);
    const failed = build.steps.filter((step) => step.status === 'error');
    expect(failed.map((step) => `${step.stage} ${step.text}`)).toEqual(['test RUN python -m pytest -q tests']);
    expect(failed[0]?.output.join('\n')).toContain(`FAILED tests/test_app.py::${testName}`);
    // Nothing of prod after the gate was produced: the tag does not exist.
    expect((await exec(DOCKER, ['image', 'inspect', tag], { env: dockerEnv() })).code).not.toBe(0);
  });

  test('BuildKit: a failing test fails a plain build of the full Dockerfile too', async () => {
    const { dockerfile } = await compileExample(EXAMPLE);
    const { dir } = await context(false);
    const build = await buildWithBuildKit({ dockerfile, context: dir });
    expect(build.ok).toBe(false);
    expect(build.log).toMatch(/1 failed/);
  });

  test(`BuildKit: passing tests let prod build, and the prod image contains ${GATE_MARKER}`, async () => {
    const { dockerfile } = await compileExample(EXAMPLE, 'prod');
    const { dir, testName } = await context(true);
    const tag = uniqueTag('python-gated', 'gate-passing');
    tags.push(tag);
    const build = await buildWithBuildKit({ dockerfile, context: dir, tag, target: 'prod' });
    assertBuilt(build, dockerfile);
    const pytest = build.steps.find((step) => step.text === 'RUN python -m pytest -q tests');
    expect(pytest?.status, 'the tests really ran (a new test was added)').toBe('done');
    expect(pytest?.output.join('\n')).toMatch(/2 passed/);
    expect(testName).toMatch(/^test_dsl_e2e_/);
    const marker = await runToCompletion(tag, {
      args: ['python', '-c', `import os; print(os.path.isfile("${GATE_MARKER}"))`],
    });
    expect(marker.stdout.trim(), marker.stderr).toBe('True');
  });

  test('Buildah: the gate holds too (it builds the test stage prod copies from)', async () => {
    const { dockerfile } = await compileExample(EXAMPLE, 'prod');
    const failing = await context(false);
    const failingTag = uniqueTag('python-gated', 'buildah-gate-failing');
    buildahTags.push(failingTag);
    const failed = await buildWithBuildah({ dockerfile, context: failing.dir, tag: failingTag, target: 'prod' });
    expect(failed.ok, 'Buildah must not build prod when a test fails').toBe(false);
    expect(failed.log).toContain(`FAILED tests/test_app.py::${failing.testName}`);

    const passing = await context(true);
    const passingTag = uniqueTag('python-gated', 'buildah-gate-passing');
    buildahTags.push(passingTag);
    const passed = await buildWithBuildah({ dockerfile, context: passing.dir, tag: passingTag, target: 'prod' });
    expect(passed.ok, passed.log.slice(-3000)).toBe(true);
    expect(passed.log).toMatch(/2 passed/);
  });
});
