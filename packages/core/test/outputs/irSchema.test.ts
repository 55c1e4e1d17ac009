/**
 * docs/ir.schema.json is generated from the zod schemas (regenerated and compared here), and the
 * serialised IR (`dsl build --print-ir`) of every example validates against it with Ajv, an
 * independent JSON Schema implementation.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindMount,
  cacheMount,
  compile,
  copy,
  defineConfig,
  env,
  expand,
  gate,
  healthcheck,
  IR_SCHEMA_ID,
  irJsonSchema,
  onbuild,
  printIr,
  run,
  secretMount,
  serializeBuild,
  stage,
} from '@dockerdsl/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { exampleNames, loadExample } from '../support/examples.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const schemaPath = join(repo, 'docs/ir.schema.json');
const examples = exampleNames;

const schemaText = `${JSON.stringify(irJsonSchema(), null, 2)}\n`;

/** Ajv on the committed schema (the first test proves it is what the zod schemas generate). */
function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(JSON.parse(existsSync(schemaPath) ? readFileSync(schemaPath, 'utf8') : schemaText));
}

/**
 * The committed file is formatted by Biome (like every JSON file of the repository), so it is
 * compared as data. DSL_UPDATE_SCHEMA=1 rewrites it from the zod schemas and formats it.
 */
it('docs/ir.schema.json is what the zod schemas generate', () => {
  if (process.env['DSL_UPDATE_SCHEMA'] === '1' || !existsSync(schemaPath)) {
    writeFileSync(schemaPath, schemaText);
    const biome = spawnSync(join(repo, 'node_modules/.bin/biome'), ['format', '--write', schemaPath], {
      encoding: 'utf8',
    });
    expect(biome.status, biome.stderr).toBe(0);
  }
  expect(
    JSON.parse(readFileSync(schemaPath, 'utf8')),
    'docs/ir.schema.json is stale: run DSL_UPDATE_SCHEMA=1 npx vitest run --project unit packages/core/test/outputs/irSchema.test.ts',
  ).toEqual(JSON.parse(schemaText));
});

it('is a valid draft 2020-12 schema with an $id and named definitions', () => {
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  expect(schema['$id']).toBe(IR_SCHEMA_ID);
  expect(Object.keys(schema['$defs'] as object)).toEqual(
    expect.arrayContaining(['Step', 'RunStep', 'CopyStep', 'Mount', 'Origin', 'StageRef', 'Text']),
  );
  expect(() => validator()).not.toThrow();
});

describe('the serialised IR', () => {
  const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [
    env('PATH', expand('/go/bin:$PATH')),
    run('go build ./...', { mounts: [cacheMount('/root/.cache/go-build'), secretMount('token', { env: 'TOKEN' })] }),
  ]);
  const test = stage('test', { from: builder }, [run('go test ./...')]);
  const prod = stage('prod', { from: 'scratch', platform: 'linux/amd64' }, [
    copy('/out/app', '/app', { from: builder }),
    run('ls', { mounts: [bindMount('/src', { from: builder, source: '/src' })] }),
    healthcheck(['/app', 'health'], { interval: '10s' }),
    onbuild(copy('x', '/x')),
    gate(test),
  ]);
  const config = defineConfig({ targets: [prod], args: [], syntax: '1.10' });
  const build = compile(config).build;

  it('writes stage values as { stage: name }, everywhere', () => {
    const ir = serializeBuild(build) as { stages: { name: string; steps: Record<string, unknown>[] }[] };
    const steps = ir.stages.find((s) => s.name === 'prod')?.steps ?? [];
    expect(steps[0]?.['from']).toEqual({ stage: 'builder' });
    expect((steps[1]?.['mounts'] as unknown[] | undefined)?.[0]).toEqual({
      type: 'bind',
      target: '/src',
      source: '/src',
      from: { stage: 'builder' },
    });
    expect(steps.at(-1)).toMatchObject({ kind: 'copy', gate: true, from: { stage: 'test' } });
    expect(JSON.stringify(ir)).not.toContain('"items"');
  });

  it('writes call sites relative to the given directory, so output does not depend on the machine', () => {
    const text = printIr(build, { relativeTo: repo });
    expect(text).toContain('"file": "packages/core/test/outputs/irSchema.test.ts"');
    expect(text).not.toContain(repo);
  });

  it('is deterministic', () => {
    expect(printIr(compile(config).build, { relativeTo: repo })).toBe(printIr(build, { relativeTo: repo }));
  });

  it('validates against the schema', () => {
    const validate = validator();
    expect(validate(serializeBuild(build)), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema rejects what the IR cannot be: an unknown kind, a stage value, an extra field', () => {
    const validate = validator();
    const ir = serializeBuild(build) as { stages: { steps: Record<string, unknown>[] }[] };
    const broken = (change: (step: Record<string, unknown>) => void) => {
      const copyOf = structuredClone(ir);
      change(copyOf.stages[0]?.steps[0] as Record<string, unknown>);
      return validate(copyOf);
    };
    expect(broken((step) => Object.assign(step, { kind: 'nope' }))).toBe(false);
    expect(broken((step) => Object.assign(step, { surprise: 1 }))).toBe(false);
    expect(validate({ ...ir, defaultTarget: 3 })).toBe(false);
  });
});

describe.each(examples)('example %s', (name) => {
  it('serialises to IR that validates against docs/ir.schema.json', async () => {
    const validate = validator();
    const ir = serializeBuild(compile(await loadExample(name), { checkSecrets: false }).build, { relativeTo: repo });
    expect(validate(ir), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
});
