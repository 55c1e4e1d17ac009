/**
 * `dsl import` over real Dockerfiles (shared/corpus/official and docker-library-gold): every file
 * either imports to a config that compiles back to an equivalent Dockerfile, or is rejected with a
 * clear error. The generated code is written into a scratch directory inside the repo and loaded
 * in-process (tsx), so what is checked is the printed TypeScript, not just the importer's model.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareDockerfiles, type ImportModel, ImportRejected, importDockerfileToConfig } from '../src/import/index.js';
import { repoRoot } from './runCli.js';

const corpus = join(repoRoot, '..', 'shared', 'corpus');
const files = ['official', 'docker-library-gold'].flatMap((dir) =>
  existsSync(join(corpus, dir))
    ? readdirSync(join(corpus, dir))
        .sort()
        .map((name) => ({ label: `${dir}/${name}`, path: join(corpus, dir, name) }))
    : [],
);

interface Compiled {
  readonly dockerfile?: string;
  readonly error?: string;
}

const RUNNER = `import { compile } from '@dockerdsl/core';

export async function compileAll(names) {
  const out = {};
  for (const name of names) {
    try {
      const module = await import(\`./\${name}.ts\`);
      out[name] = { dockerfile: compile(module.default).dockerfile };
    } catch (error) {
      out[name] = { error: String(error && error.stack ? error.stack : error) };
    }
  }
  return out;
}
`;

let scratch = '';

beforeAll(() => {
  const base = join(repoRoot, '.tmp-tests');
  mkdirSync(base, { recursive: true });
  scratch = mkdtempSync(join(base, 'import-'));
  writeFileSync(join(scratch, 'runner.mjs'), RUNNER);
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Writes each config as `<id>.ts` in the scratch directory and compiles them all in one process. */
async function compilePrinted(configs: ReadonlyMap<string, string>, dir: string): Promise<Record<string, Compiled>> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'runner.mjs'), RUNNER);
  for (const [id, code] of configs) writeFileSync(join(dir, `${id}.ts`), code);
  const runner = (await tsImport(join(dir, 'runner.mjs'), import.meta.url)) as {
    compileAll: (names: readonly string[]) => Promise<Record<string, Compiled>>;
  };
  return runner.compileAll([...configs.keys()]);
}

function stageNamesOf(dockerfile: string): string[] {
  return dockerfile
    .split('\n')
    .filter((line) => line.startsWith('FROM '))
    .map((line) => line.split(/\s+/).at(-1) as string);
}

interface Imported {
  readonly label: string;
  readonly source: string;
  readonly code: string;
  readonly model: ImportModel;
}

type Imports = { imported: Map<string, Imported>; rejected: string[]; failed: string[] };
const memo = new Map<boolean, Imports>();

/** Imports every corpus file (once per mode). */
function importAll(fragments: boolean): Imports {
  const known = memo.get(fragments);
  if (known) return known;
  const result = importEvery(fragments);
  memo.set(fragments, result);
  return result;
}

function importEvery(fragments: boolean): Imports {
  const imported = new Map<string, Imported>();
  const rejected: string[] = [];
  const failed: string[] = [];
  files.forEach((file, index) => {
    const source = readFileSync(file.path, 'utf8');
    try {
      const { code, model } = importDockerfileToConfig(source, { file: 'Dockerfile', fragments });
      imported.set(`c${index}`, { label: file.label, source, code, model });
    } catch (error) {
      if (error instanceof ImportRejected) {
        // A clear error: every problem has its line and a reason, in `file:line: reason` form.
        expect(error.problems.length, file.label).toBeGreaterThan(0);
        for (const problem of error.problems) {
          expect(problem.line, file.label).toBeGreaterThan(0);
          expect(error.message, file.label).toContain(`Dockerfile:${problem.line}: ${problem.message}`);
        }
        rejected.push(file.label);
      } else {
        failed.push(`${file.label}: ${(error as Error).stack}`);
      }
    }
  });
  return { imported, rejected, failed };
}

describe.skipIf(files.length === 0)('dsl import round trip over the corpora', () => {
  it('raw imports compile back to equivalent Dockerfiles, or are rejected with a clear error', {
    timeout: 300_000,
  }, async () => {
    const { imported, rejected, failed } = importAll(false);
    const compiled = await compilePrinted(new Map([...imported].map(([id, i]) => [id, i.code])), join(scratch, 'raw'));
    const lost: string[] = [...failed];
    let equivalent = 0;
    for (const [id, item] of imported) {
      const result = compiled[id];
      if (!result?.dockerfile) {
        lost.push(`${item.label}: the generated config does not load: ${result?.error}`);
        continue;
      }
      // The printed code does what the importer evaluated.
      if (result.dockerfile !== item.model.dockerfile) {
        lost.push(`${item.label}: the printed config compiles to another Dockerfile than its model`);
        continue;
      }
      const differences = compareDockerfiles(item.source, result.dockerfile, item.model.stageNames);
      if (differences.length > 0) {
        lost.push(`${item.label}: ${differences.map((d) => `line ${d.line}: ${d.message}`).join('; ')}`);
        continue;
      }
      equivalent++;
    }
    console.log(
      `round-trip: ${equivalent} equivalent, ${rejected.length} rejected, ${lost.length} lost of ${files.length}`,
    );
    expect(lost).toEqual([]);
    expect(equivalent + rejected.length).toBe(files.length);
    expect(files.length).toBe(223);
  });

  it('fragment imports compile, keep every stage and target, and build the last stage by default', {
    timeout: 300_000,
  }, async () => {
    const { imported, failed } = importAll(true);
    expect(failed).toEqual([]);
    const compiled = await compilePrinted(
      new Map([...imported].map(([id, i]) => [id, i.code])),
      join(scratch, 'fragments'),
    );
    const problems: string[] = [];
    const used = new Map<string, number>();
    for (const [id, item] of imported) {
      const result = compiled[id];
      if (!result?.dockerfile) {
        problems.push(`${item.label}: ${result?.error}`);
        continue;
      }
      const emitted = stageNamesOf(result.dockerfile);
      const missing = item.model.stageNames.filter((name) => !emitted.includes(name));
      if (missing.length > 0) problems.push(`${item.label}: stages missing: ${missing.join(', ')}`);
      if (emitted.at(-1) !== item.model.stageNames.at(-1)) {
        problems.push(`${item.label}: the last stage is ${emitted.at(-1)}, not ${item.model.stageNames.at(-1)}`);
      }
      const targets = item.model.config.targets.map((t) => t.name);
      expect(result.dockerfile, item.label).toContain(`# Targets: ${targets.join(', ')}`);
      for (const match of item.code.matchAll(/recognised as (\w+)/g)) {
        used.set(match[1] as string, (used.get(match[1] as string) ?? 0) + 1);
      }
    }
    console.log(
      `fragments: ${[...used]
        .sort()
        .map(([name, count]) => `${name} ${count}`)
        .join(', ')} in ${imported.size} imported Dockerfiles`,
    );
    expect(problems).toEqual([]);
  });

  it('writes configs that are already formatted: biome changes nothing', { timeout: 120_000 }, () => {
    const { imported } = importAll(true);
    const dir = join(scratch, 'format');
    mkdirSync(dir, { recursive: true });
    for (const [id, item] of imported) writeFileSync(join(dir, `${id}.ts`), item.code);
    for (const [id, item] of importAll(false).imported) writeFileSync(join(dir, `${id}.raw.ts`), item.code);
    const biome = spawnSync(
      join(repoRoot, 'node_modules/.bin/biome'),
      ['format', '--vcs-use-ignore-file=false', '--max-diagnostics=5', dir],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(`${biome.stdout}${biome.stderr}`).toMatch(/Checked \d+ files/);
    expect(biome.status, `${biome.stdout}${biome.stderr}`).toBe(0);
  });
});
