import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, compile } from '@dockerdsl/core';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { emitStep } from '../packages/core/src/emit/emitStep.js';
import { instructionLine, instructionsOf } from '../packages/core/test/support/astSmoke.js';

const examplesDir = fileURLToPath(new URL('.', import.meta.url));
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(examplesDir, entry.name, 'docker.config.ts')))
  .map((entry) => entry.name);

async function load(name: string): Promise<Config> {
  const module = (await import(join(examplesDir, name, 'docker.config.ts'))) as {
    default: Config | ((c: unknown) => Config);
  };
  const config = module.default;
  return typeof config === 'function' ? config({ target: undefined, env: {} }) : config;
}

describe.each(examples)('example %s', (name) => {
  it('compiles to its checked-in Dockerfile, byte for byte, twice', async () => {
    const config = await load(name);
    const first = compile(config).dockerfile;
    expect(first).toBe(readFileSync(join(examplesDir, name, 'Dockerfile'), 'utf8'));
    expect(compile(await load(name)).dockerfile).toBe(first);
  });

  it('parses with dockerfile-ast to the same instructions, argument by argument, default target last', async () => {
    const { dockerfile, build } = compile(await load(name));
    // What we meant to emit, per instruction, as words (continuation lines joined).
    const words = (text: string) =>
      text
        .replace(/ \\\n\s*/g, ' ')
        .split(/\s+/)
        .join(' ');
    const expected = build.stages.flatMap((stage) => [
      words(`FROM ${'stage' in stage.from ? stage.from.stage : stage.from.image} AS ${stage.name}`),
      ...stage.steps
        .filter((step) => step.kind !== 'comment')
        .map((step) => words(emitStep(step, { syntax: build.syntax }))),
    ]);
    expect(instructionsOf(dockerfile).map(instructionLine)).toEqual(expected);
    const froms = DockerfileParser.parse(dockerfile).getFROMs();
    expect(froms[froms.length - 1]?.getBuildStage()).toBe(build.defaultTarget);
  });
});

it('finds the examples', () => {
  expect(examples).toEqual(expect.arrayContaining(['multi-stage-python', 'node-service', 'go-cli']));
});
