import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, compile } from '@dockerdsl/core';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

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

  it('parses with dockerfile-ast to the same instructions, default target last', async () => {
    const { dockerfile, build } = compile(await load(name));
    const parsed = DockerfileParser.parse(dockerfile);
    const keywords = parsed.getInstructions().map((instruction) => instruction.getKeyword());
    const expected = build.stages.flatMap((stage) => [
      'FROM',
      ...stage.steps.filter((step) => step.kind !== 'comment').map((step) => step.kind.toUpperCase()),
    ]);
    expect(keywords).toEqual(expected);
    const froms = parsed.getFROMs();
    expect(froms[froms.length - 1]?.getBuildStage()).toBe(build.defaultTarget);
  });
});

it('finds the examples', () => {
  expect(examples).toEqual(expect.arrayContaining(['multi-stage-python', 'node-service', 'go-cli']));
});
