import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { executedSteps, parseProgressLog, summarizeSteps } from './progressLog.js';

// Real Engine 20.10 BuildKit output captured on this kind of machine (multi-stage-python).
const log = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8');

describe('parseProgressLog', () => {
  test('first build: instructions only, with stage names, status and DONE times', () => {
    const steps = parseProgressLog(log('buildkit-first.log'));
    expect(steps.map((step) => [step.stage, step.index, step.total, step.instruction, step.status])).toEqual([
      ['base', 1, 3, 'FROM', 'done'],
      ['base', 2, 3, 'WORKDIR', 'done'],
      ['base', 3, 3, 'RUN', 'done'],
      ['prod', 1, 1, 'COPY', 'done'],
    ]);
    const pip = steps[2];
    expect(pip?.text).toBe('RUN pip install --no-cache-dir requests');
    expect(pip?.seconds).toBe(4.4);
    expect(pip?.output).toContain('Collecting requests');
  });

  test('rebuild of another target: shared steps CACHED, FROM never counts as executed', () => {
    const steps = parseProgressLog(log('buildkit-dev-after-prod.log'));
    expect(executedSteps(steps).map((step) => step.text)).toEqual([
      'RUN pip install --no-cache-dir pytest',
      'COPY app.py /app/app.py',
    ]);
    expect(summarizeSteps(steps)).toEqual({ executed: 2, cached: 2, executedSeconds: 6.4 });
  });

  test('failed step: unnamed single stage, error text kept', () => {
    const steps = parseProgressLog(log('buildkit-error.log'));
    const failed = steps.find((step) => step.status === 'error');
    expect(failed).toMatchObject({ stage: undefined, index: 2, total: 2, instruction: 'RUN', output: ['hello'] });
    expect(failed?.error).toContain('exit code: 1');
  });

  test('interleaved output of parallel vertices is grouped by vertex', () => {
    const steps = parseProgressLog(
      [
        '#5 [a 2/2] RUN sleep 1',
        '#6 [b 2/2] RUN sleep 1',
        '#5 0.101 from a',
        '#6 0.102 from b',
        '#5 [a 2/2] RUN sleep 1',
        '#5 DONE 1.1s',
        '#6 CACHED',
      ].join('\n'),
    );
    expect(steps.map((step) => [step.stage, step.status, step.output])).toEqual([
      ['a', 'done', ['from a']],
      ['b', 'cached', ['from b']],
    ]);
  });
});
