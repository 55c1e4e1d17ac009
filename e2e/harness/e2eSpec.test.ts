import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readE2eSpec } from './e2eSpec.js';

const dir = mkdtempSync(join(tmpdir(), 'dsl-e2e-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function specFrom(json: unknown) {
  writeFileSync(join(dir, 'e2e.json'), JSON.stringify(json));
  return () => readE2eSpec(dir);
}

test('a full spec reads back as written', () => {
  writeFileSync(join(dir, 'app.py'), '');
  const spec = {
    run: { http: { port: 8000, portEnv: 'PORT', path: '/', json: { prod: true } }, env: { A: 'b' } },
    targets: { dev: { run: { output: { args: ['pytest', '--version'], expect: 'pytest' } } } },
    sourceEdit: 'app.py',
  };
  expect(specFrom(spec)()).toEqual(spec);
});

test('mistakes name the field', () => {
  expect(specFrom({})).toThrow(/run: must be an object/);
  expect(specFrom({ run: {} })).toThrow(/run: needs exactly one of http, output/);
  expect(specFrom({ run: { http: { port: 80 } } })).toThrow(/run.http: needs expect or json/);
  expect(specFrom({ run: { output: { expect: 'x' } }, extra: 1 })).toThrow(/\(root\)\.extra: unknown field/);
  expect(specFrom({ run: { output: { expect: 'x', args: [1] } } })).toThrow(/run.output.args: must be an array/);
  expect(specFrom({ run: { output: { expect: 'x' } }, manifest: 'nope.txt' })).toThrow(
    /manifest: nope.txt does not exist/,
  );
});
