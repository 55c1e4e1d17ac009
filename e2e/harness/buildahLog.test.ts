import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { executedBuildahSteps, parseBuildahLog } from './buildahLog.js';

// Real Buildah 1.28 output captured on this kind of machine.
const log = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8');

test('multi-stage rebuild: every step after FROM came from the cache', () => {
  const steps = parseBuildahLog(log('buildah-cached.log'));
  expect(steps.map((step) => `${step.stage}/${step.stages} ${step.index}/${step.total} ${step.instruction}`)).toEqual([
    '1/3 1/3 FROM',
    '1/3 2/3 WORKDIR',
    '1/3 3/3 RUN',
    '3/3 1/5 FROM',
    '3/3 2/5 ENV',
    '3/3 3/5 COPY',
    '3/3 4/5 EXPOSE',
    '3/3 5/5 CMD',
  ]);
  expect(executedBuildahSteps(steps)).toEqual([]);
});

test('multi-stage first build: metadata steps are steps too, and all of them ran', () => {
  const steps = parseBuildahLog(log('buildah-first.log'));
  expect(executedBuildahSteps(steps).map((step) => step.instruction)).toEqual([
    'WORKDIR',
    'RUN',
    'ENV',
    'COPY',
    'EXPOSE',
    'CMD',
  ]);
});

test('single-stage first build: no stage prefix, nothing cached', () => {
  const steps = parseBuildahLog(log('buildah-single-stage.log'));
  expect(steps.map((step) => [step.stage, step.stages, step.text, step.cached])).toEqual([
    [1, 1, 'FROM busybox:1.36', false],
    [1, 1, 'RUN echo one > /one', false],
    [1, 1, 'COPY e2e.json /e2e.json', false],
    [1, 1, 'CMD ["cat", "/one"]', false],
  ]);
  expect(executedBuildahSteps(steps)).toHaveLength(3);
});
