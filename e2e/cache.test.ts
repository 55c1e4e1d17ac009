/**
 * Issue 4, cache figures with a real BuildKit: after a one-file source edit, the compiled
 * Dockerfile reruns only the source COPY and the steps that read it, and a deploy ships little
 * more than the edited file; a hand-written naive Dockerfile (`examples/NAME/Dockerfile.naive`,
 * `COPY . .` before the installs) is the baseline. A dependency manifest edit must rerun the
 * install (no stale cache). Figures go to e2e/results/cache-figures.json for `pnpm bench`.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertBuilt, type BuildKitResult, buildWithBuildKit } from './harness/buildkit.js';
import { checkImage } from './harness/checkImage.js';
import { compileExample } from './harness/compile.js';
import { DOCKER, dockerEnv } from './harness/docker.js';
import { type DockerfileStep, predictRebuild, stepKey } from './harness/dockerfileSteps.js';
import { requireEngine } from './harness/engine.js';
import { exampleTargets } from './harness/exampleConfig.js';
import { listE2eExamples } from './harness/examples.js';
import { type CacheFigure, humanBytes, type RebuildFigure, writeCacheFigures } from './harness/figures.js';
import { removeImages, uniqueTag } from './harness/images.js';
import { newLayerBytes } from './harness/layers.js';
import { REPO_ROOT } from './harness/paths.js';
import { executedSteps } from './harness/progressLog.js';
import { copyExample, editManifest, editSource, removeCopy, treeBytes, uniqueMarker } from './harness/workspace.js';

const engine = await requireEngine();
const examples = listE2eExamples();

/** Source files a deploy ships as they are (not compiled into a binary): the tight byte bound applies. */
const SHIPPED_AS_SOURCE = new Set(['.py', '.js', '.mjs', '.cjs', '.ts']);
/** Layer tar overhead allowed on top of the copied files (headers, directories, padding). */
const LAYER_OVERHEAD = 64 * 1024;
const LOG_DIR = `${REPO_ROOT}e2e/results/logs`;

/** Keeps a rebuild's progress log in e2e/results/logs/ (gitignored) for a human to look at. */
function saveLog(name: string, log: string): void {
  mkdirSync(LOG_DIR, { recursive: true });
  writeFileSync(join(LOG_DIR, `${name}.log`), log);
}

function keys(steps: readonly { readonly stage: string | undefined; readonly index: number }[]): string[] {
  return steps.map(stepKey);
}

function describeSteps(steps: readonly DockerfileStep[]): string {
  return steps.map((step) => `${stepKey(step)} ${step.instruction} ${step.text}`).join('\n    ');
}

function executedKeys(build: BuildKitResult): string[] {
  return keys(executedSteps(build.steps));
}

describe.skipIf(!engine.ok)('cache after a one-file edit, compiled vs naive Dockerfile (real BuildKit)', () => {
  const tags: string[] = [];
  const copies: string[] = [];
  const figures: CacheFigure[] = [];
  const lines: string[] = [];

  // BuildKit may hold several cache records for one step (earlier runs on this machine each made
  // one), and a CACHED step can then come from either: equal work, different layer digests, and
  // deploy bytes counted for a layer nothing rebuilt. Starting from an empty build cache leaves one
  // record per step, so "new layers" means exactly what the edit rebuilt.
  beforeAll(() => {
    execFileSync(DOCKER, ['builder', 'prune', '--all', '--force'], { env: dockerEnv(), stdio: 'ignore' });
  }, 300_000);

  afterAll(async () => {
    await removeImages(tags);
    await Promise.all(copies.map(removeCopy));
    if (figures.length > 0) writeCacheFigures(figures);
    if (lines.length > 0) console.log(`cache figures (${engine.dockerVersion}):\n  ${lines.join('\n  ')}`);
  });

  async function build(dockerfile: string, context: string, name: string, what: string) {
    const tag = uniqueTag(name, what);
    tags.push(tag);
    const result = await buildWithBuildKit({ dockerfile, context, tag });
    assertBuilt(result, dockerfile);
    return result;
  }

  for (const example of examples) {
    const { sourceEdit, manifest } = example.spec;
    describe(example.name, () => {
      // Only what the e2e.json asks for: a test that is not generated cannot be a silent skip on CI.
      if (sourceEdit !== undefined) {
        test('a source edit reruns only the source COPY and the steps that read it; the naive Dockerfile reruns more', async () => {
          const { defaultTarget } = await exampleTargets(example.dir);
          const { dockerfile } = await compileExample(example.dir);
          // One copy per Dockerfile, each edited with its own marker: the same edit in both would give
          // byte-identical binaries, and a COPY --from of one build would be a cache hit for the other.
          const context = await copyExample(example.dir);
          const naiveContext = await copyExample(example.dir);
          copies.push(context, naiveContext);
          const naiveDockerfile = await readFile(join(naiveContext, 'Dockerfile.naive'), 'utf8');

          const compiledBefore = await build(dockerfile, context, example.name, 'compiled-before');
          const naiveBefore = await build(naiveDockerfile, naiveContext, example.name, 'naive-before');
          await editSource(join(context, sourceEdit), uniqueMarker());
          await editSource(join(naiveContext, sourceEdit), uniqueMarker());
          const compiledAfter = await build(dockerfile, context, example.name, 'compiled-after');
          const naiveAfter = await build(naiveDockerfile, naiveContext, example.name, 'naive-after');
          saveLog(`${example.name}-compiled-after-source-edit`, compiledAfter.log);
          saveLog(`${example.name}-naive-after-source-edit`, naiveAfter.log);

          // What reran, against what the Dockerfile says must and may rerun.
          const prediction = predictRebuild(dockerfile, sourceEdit, defaultTarget);
          const ran = executedKeys(compiledAfter);
          const explain =
            `\n  ran: ${ran.join(', ')}\n  required:\n    ${describeSteps(prediction.required)}` +
            `\n  allowed:\n    ${describeSteps(prediction.allowed)}\n--- log tail\n${compiledAfter.log.slice(-3000)}`;
          expect(prediction.required.length, `nothing in ${defaultTarget} copies ${sourceEdit}?`).toBeGreaterThan(0);
          expect(
            ran.filter((key) => !keys(prediction.allowed).includes(key)),
            `reran more than needed${explain}`,
          ).toEqual([]);
          expect(
            keys(prediction.required).filter((key) => !ran.includes(key)),
            `stale cache${explain}`,
          ).toEqual([]);

          // The edited build still works.
          const check = await checkImage(compiledAfter.tag ?? '', example.spec.run);
          expect(check.ok, check.message).toBe(true);

          const compiledBytes = await newLayerBytes(compiledBefore.tag ?? '', compiledAfter.tag ?? '');
          const naiveBytes = await newLayerBytes(naiveBefore.tag ?? '', naiveAfter.tag ?? '');
          const figure = (result: BuildKitResult, bytes: number): RebuildFigure => ({
            rebuiltSteps: executedSteps(result.steps).length,
            seconds: Math.round(result.durationMs / 100) / 10,
            newLayerBytes: bytes,
          });
          const compiled = figure(compiledAfter, compiledBytes.newBytes);
          const naive = figure(naiveAfter, naiveBytes.newBytes);
          figures.push({ example: example.name, compiled, naive });
          const stepsLine =
            `rebuilt steps after source edit: compiled ${compiled.rebuiltSteps} / naive ${naive.rebuiltSteps} ` +
            `(${compiled.seconds.toFixed(1)}s / ${naive.seconds.toFixed(1)}s)`;
          const bytesLine =
            `new layer bytes after source edit: compiled ${compiled.newLayerBytes} / naive ${naive.newLayerBytes} ` +
            `(${humanBytes(compiled.newLayerBytes)} / ${humanBytes(naive.newLayerBytes)})`;
          const ranLine = (result: BuildKitResult) =>
            executedSteps(result.steps)
              // BuildKit names no stage for a Dockerfile's unnamed one (the naive files): `[3/4]`.
              .map(
                (step) =>
                  `[${step.stage ? `${step.stage} ` : ''}${step.index}/${step.total}] ${step.text.slice(0, 60)}`,
              )
              .join('; ');
          lines.push(`${example.name}: ${stepsLine}`, `${example.name}: ${bytesLine}`);
          console.log(
            `${example.name}: ${stepsLine}\n${example.name}: ${bytesLine}` +
              `\n  compiled reran: ${ranLine(compiledAfter)}\n  naive reran: ${ranLine(naiveAfter)}`,
          );

          expect(compiled.newLayerBytes).toBeLessThanOrEqual(naive.newLayerBytes);
          if (SHIPPED_AS_SOURCE.has(extname(sourceEdit))) {
            // The deploy ships the copied source files and a little tar overhead, nothing rebuilt.
            const bound = LAYER_OVERHEAD + (await treeBytes(context));
            expect(compiled.newLayerBytes, 'compiled deploy after a source edit').toBeLessThan(bound);
            expect(compiled.newLayerBytes * 10, 'compiled deploy should be far smaller than naive').toBeLessThan(
              naive.newLayerBytes,
            );
          }
        });
      }

      if (manifest !== undefined) {
        test(`a dependency manifest edit (${manifest}) reruns the install`, async () => {
          const { defaultTarget } = await exampleTargets(example.dir);
          const { dockerfile } = await compileExample(example.dir);
          const context = await copyExample(example.dir);
          copies.push(context);
          await build(dockerfile, context, example.name, 'manifest-before');
          await editManifest(join(context, manifest), uniqueMarker());
          const after = await build(dockerfile, context, example.name, 'manifest-after');

          const prediction = predictRebuild(dockerfile, manifest, defaultTarget);
          const ran = executedKeys(after);
          const explain = `\n  ran: ${ran.join(', ')}\n  required:\n    ${describeSteps(prediction.required)}`;
          const installs = prediction.required.filter((step) => step.instruction === 'RUN');
          expect(installs.length, `no RUN reads ${manifest} in ${defaultTarget}${explain}`).toBeGreaterThan(0);
          expect(
            keys(prediction.required).filter((key) => !ran.includes(key)),
            `stale cache${explain}`,
          ).toEqual([]);
          expect(
            ran.filter((key) => !keys(prediction.allowed).includes(key)),
            `reran more than needed${explain}`,
          ).toEqual([]);
          const check = await checkImage(after.tag ?? '', example.spec.run);
          expect(check.ok, check.message).toBe(true);
          lines.push(
            `${example.name}: manifest edit (${manifest}) reran ${ran.length} steps, installs: ${installs.map((step) => step.text.replace(/^--mount=\S+\s+/g, '')).join(' | ')}`,
          );
        });
      }
    });
  }
});
