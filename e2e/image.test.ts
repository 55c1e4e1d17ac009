/**
 * Issue 4, `dsl image` with the real engine: compiles examples/go-cli and pipes the Dockerfile to
 * `docker build`; the image it tags prints its version. This daemon has no bridge network, so RUN
 * steps need `--network host`, passed through after `--` like any docker build flag.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { buildCli } from './harness/compile.js';
import { runToCompletion } from './harness/container.js';
import { DOCKER } from './harness/docker.js';
import { requireEngine } from './harness/engine.js';
import { exec } from './harness/exec.js';
import { removeImages, uniqueTag } from './harness/images.js';
import { CLI_BIN, REPO_ROOT } from './harness/paths.js';

const engine = await requireEngine();

function dslImage(args: readonly string[]) {
  return exec(process.execPath, [CLI_BIN, 'image', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DSL_DOCKER: DOCKER },
    timeoutMs: 600_000,
  });
}

describe.skipIf(!engine.ok)('dsl image builds with the real engine', () => {
  const tags: string[] = [];
  afterAll(async () => {
    await removeImages(tags);
  });

  test('dsl image examples/go-cli -t TAG builds an image that prints its version', async () => {
    await buildCli();
    const tag = uniqueTag('go-cli', 'image');
    tags.push(tag);
    const built = await dslImage(['examples/go-cli', '-t', tag, '--', '--network', 'host']);
    expect(built.code, `${built.stdout}\n${built.stderr}`).toBe(0);
    // BuildKit's progress is streamed through: the build really ran here, through dsl.
    expect(built.stderr).toMatch(/\[runtime 1\/1\] COPY --from=builder \/out\/hello \/hello/);
    const run = await runToCompletion(tag, { args: ['--version'] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('hello 1.0.0\n');
  });

  test("docker build's own exit code comes back through dsl image", async () => {
    await buildCli();
    const failed = await dslImage(['examples/go-cli', '--', '--no-such-docker-flag']);
    expect(failed.code).toBe(125);
    expect(failed.stderr).toContain('no-such-docker-flag');
  });
});
