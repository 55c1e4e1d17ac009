import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FragmentDoc } from '../src/docs/analyze.js';
import { cleanComment } from '../src/docs/analyze.js';
import { renderReference, terminateStatements } from '../src/docs/render.js';
import { repoRoot, runCli } from './runCli.js';

const golden = join(repoRoot, 'examples/fragment-library/REFERENCE.md');
const regenerate = 'pnpm dsl docs examples/fragment-library --out examples/fragment-library/REFERENCE.md';
const out = mkdtempSync(join(tmpdir(), 'dsl-docs-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The `## name` sections of a reference. */
function sections(markdown: string): Map<string, string> {
  const parts = markdown.split(/^## /m).slice(1);
  return new Map(parts.map((part) => [/^`([^`]+)`/.exec(part)?.[1] ?? '', part]));
}

/** The cells of a section's options table (header and separator rows included). */
function rows(section: string): string[][] {
  return section
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .map((line) =>
      line
        .slice(2, -2)
        .split(/ \| /)
        .map((cell) => cell.trim()),
    );
}

describe('dsl docs', { timeout: 90_000 }, () => {
  const result = runCli(['docs', 'examples/fragment-library'], repoRoot);

  it(`matches the golden reference of the example library (regenerate: ${regenerate})`, () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('gives every fragment its description, an options table with types, defaults and comments, and an example', () => {
    const found = sections(result.stdout);
    expect([...found.keys()]).toEqual(['acmeLabels', 'nodeService', 'pythonService']);
    for (const [name, section] of found) {
      expect(section, name).toMatch(/^\*\*.+\*\*$/m);
      const table = rows(section);
      expect(table[0], name).toEqual(['Option', 'Type', 'Default', 'Description']);
      for (const [option, type, byDefault, description] of table.slice(2)) {
        expect(option, name).toMatch(/^`\w+`/);
        expect(type, `${name} ${option}`).toMatch(/^`.+`$/);
        expect(byDefault, `${name} ${option}`).toMatch(/^(required|optional|`.+`)$/);
        expect(description?.length, `${name} ${option} has a description`).toBeGreaterThan(3);
      }
      expect(section, name).toMatch(new RegExp(`\`\`\`ts\\n(.*\\n)*.*${name}\\(\\{`));
    }
    const python = rows(found.get('pythonService') ?? '');
    expect(python).toContainEqual([
      '`python`',
      '`string`',
      "`'3.12'`",
      'The Python version of the builder image (`python:<python>-slim`).',
    ]);
    expect(python).toContainEqual(['`module`', '`string`', 'required', expect.stringContaining('python -m')]);
    expect(python).toContainEqual(['`sourcePaths`', '`string[]`', "`['.']`", expect.any(String)]);
    expect(python).toContainEqual(['`version`', '`string`', 'optional', expect.any(String)]);
  });

  it('finds the sources of an installed package by name, through its declaration map', () => {
    const byName = runCli(['docs', '@acme/docker-fragments'], repoRoot);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(result.stdout);
  });

  it('writes --out FILE', () => {
    const file = join(out, 'REFERENCE.md');
    const written = runCli(['docs', 'examples/fragment-library', '--out', file], repoRoot);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('(3 fragments)');
    expect(readFileSync(file, 'utf8')).toBe(result.stdout);
  });

  it('reads options given as a function returning the schema (built on first use)', () => {
    const lazy = runCli(['docs', 'packages/cli/test/fixtures/docs/lazyOptions.ts'], repoRoot);
    expect(lazy.stderr).toBe('');
    expect(lazy.code).toBe(0);
    const found = sections(lazy.stdout);
    expect(rows(found.get('serve') ?? '').slice(2)).toEqual([
      ['`program` (positional)', '`string`', 'required', 'The server program.'],
      ['`port`', '`number`', '`8080`', 'The port it listens on.'],
    ]);
    expect(rows(found.get('waitFor') ?? '').slice(2)).toEqual([
      ['`port`', '`number`', 'required', 'The port to wait for.'],
      ['`timeout`', '`number`', 'optional', 'Seconds to wait at most.'],
    ]);
  });

  it("reads zod mini's z._default(schema, x) as .default(x) (the built-in fragments' schemas)", () => {
    const mini = runCli(['docs', 'packages/core/src/fragments/copyApp.ts'], repoRoot);
    expect(mini.stderr).toBe('');
    expect(mini.code).toBe(0);
    expect(rows(sections(mini.stdout).get('copyApp') ?? '').slice(2)).toEqual([
      ['`paths` (positional)', '`string[]`', "`['.']`", "Build-context paths (globs allowed). Default `['.']`."],
      ['`dest`', '`string`', "`'.'`", 'Destination, absolute or relative to the WORKDIR. Default `.`.'],
      ['`chown`', '`string`', 'optional', '`--chown=user[:group]`.'],
      ['`chmod`', '`string`', 'optional', '`--chmod=0755`.'],
      ['`exclude`', '`string[]`', 'optional', "`--exclude` patterns (needs `syntax: '1.19'`)."],
    ]);
  });

  it('says boolean for an optional or defaulted boolean option, not false | true', () => {
    const apt = runCli(['docs', 'packages/core/src/fragments/aptInstall.ts'], repoRoot);
    expect(apt.code, apt.stderr).toBe(0);
    const cacheMounts = rows(sections(apt.stdout).get('aptInstall') ?? '').find((row) => row[0] === '`cacheMounts`');
    expect(cacheMounts?.slice(1, 3)).toEqual(['`boolean`', '`true`']);
  });

  it("titles the reference with the fragments' declared package, not the package.json around the file", () => {
    const literal = runCli(['docs', 'packages/cli/test/fixtures/docs/lazyOptions.ts'], repoRoot);
    expect(literal.stdout.split('\n')[0]).toBe('# @acme/serve');
    // The package.json found is @dockerdsl/cli's: its description and version are not @acme/serve's.
    expect(literal.stdout).not.toContain('The dsl command');
    expect(literal.stdout).not.toContain('Version ');
    const constant = runCli(['docs', 'packages/cli/test/fixtures/docs/declaredPackage.ts'], repoRoot);
    expect(constant.code, constant.stderr).toBe(0);
    expect(constant.stdout.split('\n')[0]).toBe('# @acme/web');
  });

  it('is a usage error for something that is neither a path nor an installed package', () => {
    const missing = runCli(['docs', '@nobody/nothing-here'], out);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot find "@nobody/nothing-here"');
    expect(runCli(['docs'], out).code).toBe(2);
  });
});

it('names the package of each fragment that is not the title when the fragments declare different packages', () => {
  const fragment = (name: string, pkg?: string): FragmentDoc => ({
    name,
    exportName: name,
    options: [],
    examples: [],
    file: `${name}.ts`,
    ...(pkg !== undefined ? { package: pkg } : {}),
  });
  const pkg = { name: '@acme/all', description: 'All of ACME.' };
  const mixed = renderReference(pkg, [fragment('web', '@acme/web'), fragment('db', '@acme/db')]);
  expect(mixed.split('\n')[0]).toBe('# Fragment library');
  expect(mixed).not.toContain('All of ACME.');
  expect(sections(mixed).get('web')).toContain('Package: `@acme/web`.');
  expect(sections(mixed).get('db')).toContain('Package: `@acme/db`.');
  // A fragment that declares nothing belongs to the package.json's package, which then titles it.
  const partly = renderReference(pkg, [fragment('web', '@acme/web'), fragment('all')]);
  expect(partly.split('\n')[0]).toBe('# @acme/all');
  expect(partly).toContain('All of ACME.');
  expect(sections(partly).get('web')).toContain('Package: `@acme/web`.');
  expect(sections(partly).get('all')).not.toContain('Package:');
  expect(renderReference(pkg, [fragment('all')]).split('\n')[0]).toBe('# @acme/all');
});

it('cleanComment joins the lines of a doc comment and keeps paragraphs', () => {
  expect(cleanComment('/**\n * One\n * two.\n *\n * Three.\n */')).toBe('One two.\n\nThree.');
  expect(cleanComment('/** Short. */')).toBe('Short.');
});

it('terminateStatements ends top-level statements of an example with a semicolon', () => {
  expect(terminateStatements("a(['x'])\nb({\n  c: 'd;',\n})\nstage('s')\n  .x();\n// note")).toBe(
    "a(['x']);\nb({\n  c: 'd;',\n});\nstage('s')\n  .x();\n// note",
  );
});
