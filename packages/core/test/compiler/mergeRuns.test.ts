import { describe, expect, it } from 'vitest';
import { mergeAdjacent } from '../../src/compiler/passes/mergeRuns.js';
import { renderInstall } from '../../src/fragments/installCommands.js';
import { env, type RunStep, run, type Step } from '../../src/index.js';

function install(packages: string[], cacheMounts = true): RunStep {
  const rendered = renderInstall({ strategy: 'apt', packages, cacheMounts });
  const step = run({ form: 'shell', commands: [...rendered.commands] }, { mounts: rendered.mounts, phase: 'system' });
  return { ...step, merge: { strategy: 'apt', packages, cacheMounts } };
}

describe('mergeRuns', () => {
  it('merges adjacent apt installs into one update and one sorted, unique install', () => {
    const merged = mergeAdjacent([install(['git', 'curl']), install(['curl', 'ca-certificates'])]);
    expect(merged).toHaveLength(1);
    const step = merged[0] as RunStep;
    expect(step.command).toEqual({
      form: 'shell',
      commands: [
        'if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.dsl-aside; fi',
        'apt-get update',
        'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl git',
        'if [ -f /etc/apt/docker-clean.dsl-aside ]; then mv /etc/apt/docker-clean.dsl-aside /etc/apt/apt.conf.d/docker-clean; fi',
      ],
    });
    expect(step.trace?.mergedFrom).toHaveLength(2);
  });

  it('does not merge across another step, nor installs with and without cache mounts', () => {
    const separated: Step[] = [install(['git']), env('A', 'b'), install(['curl'])];
    expect(mergeAdjacent(separated)).toHaveLength(3);
    expect(mergeAdjacent([install(['git']), install(['curl'], false)])).toHaveLength(2);
  });

  it('leaves ordinary RUN steps alone', () => {
    const steps = [run('echo a'), run('echo b')];
    expect(mergeAdjacent(steps)).toEqual(steps);
  });
});
