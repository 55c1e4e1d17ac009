import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_FRAGMENTS } from '@dockerdsl/core';
import { z } from '@dockerdsl/core/zod';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJsonSchemaFallback, summarizeOptions } from '../src/fragments/optionSummary.js';
import { repoRoot, runCli, scratchProject } from './runCli.js';

interface Listing {
  name: string;
  description: string;
  package: string;
  options: { name: string; type: string; optional: boolean; default?: unknown; description?: string }[];
  positional?: string;
  example?: string;
}

const empty = mkdtempSync(join(tmpdir(), 'dsl-fragments-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

function listJson(args: string[], cwd: string): Listing[] {
  const result = runCli(['fragments', '--json', ...args], cwd);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Listing[];
}

describe('dsl fragments', () => {
  it('--json lists every built-in fragment, in reference order, with a description and its options', () => {
    const listings = listJson([], empty);
    expect(listings.map((listing) => listing.name)).toEqual(BUILT_IN_FRAGMENTS.map((f) => f.fragment.name));
    for (const listing of listings) {
      expect(listing.package).toBe('@dockerdsl/core');
      expect(listing.description.length).toBeGreaterThan(10);
      expect(Array.isArray(listing.options)).toBe(true);
      expect(listing.example).toMatch(new RegExp(`^${listing.name}\\(`));
    }
    const apt = listings.find((listing) => listing.name === 'aptInstall');
    expect(apt?.positional).toBe('packages');
    expect(apt?.options).toEqual([
      { name: 'packages', type: 'string[]', optional: false, positional: true },
      { name: 'cacheMounts', type: 'boolean', optional: true, default: true },
    ]);
  });

  it("adds the fragments of the packages a config imports, with the library's package name", () => {
    const listings = listJson(['examples/consumer-python'], repoRoot);
    const library = listings.filter((listing) => listing.package === '@acme/docker-fragments');
    expect(library.map((listing) => listing.name).sort()).toEqual(['acmeLabels', 'nodeService', 'pythonService']);
    const python = library.find((listing) => listing.name === 'pythonService');
    expect(python?.description).toContain('venv builder stage');
    expect(python?.options).toContainEqual({ name: 'module', type: 'string', optional: false });
    expect(python?.options).toContainEqual({ name: 'python', type: 'string', optional: true, default: '3.12' });
    expect(listings.length).toBe(BUILT_IN_FRAGMENTS.length + 3);
  });

  it('prints a table for people', () => {
    const result = runCli(['fragments', '--config', 'examples/consumer-node/docker.config.ts'], repoRoot);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FRAGMENT\s+PACKAGE\s+DESCRIPTION\s+OPTIONS$/);
    expect(lines).toHaveLength(1 + BUILT_IN_FRAGMENTS.length + 3);
    expect(result.stdout).toMatch(
      /^aptInstall\s+@dockerdsl\/core\s+Installs Debian packages.*packages \(positional\), cacheMounts\?$/m,
    );
    expect(result.stdout).toMatch(/^nodeService\s+@acme\/docker-fragments\s+ACME Node service.*\bentry, node\?/m);
    expect(result.stderr).toContain(
      `${BUILT_IN_FRAGMENTS.length + 3} fragments for examples/consumer-node/docker.config.ts`,
    );
  });

  // Found by a review: only packages were read, so a team's fragments kept in the repository (the
  // config importing ./docker/fragments.ts) were missing from the list of what the config can use.
  it.each([
    ['an ES module package', {}],
    ['a CommonJS package', { 'package.json': JSON.stringify({ name: 'app', private: true }) }],
  ])(
    "adds the fragments of the project's own modules the config imports, naming the module, in %s",
    (_, packageFile) => {
      const { dir, cleanup } = scratchProject({
        ...packageFile,
        'docker/fragments.ts': [
          "import { defineFragment, run } from '@dockerdsl/core';",
          "import { z } from '@dockerdsl/core/zod';",
          "export { pipInstall } from '@dockerdsl/core';",
          'export const migrate = defineFragment({',
          "  name: 'migrate',",
          "  description: 'Runs the database migrations.',",
          "  package: '@acme/app',",
          "  options: z.strictObject({ dir: z.string().default('migrations').describe('The migrations.') }),",
          "  build: ({ dir }) => [run(['migrate', dir], { phase: 'build' })],",
          '});',
          '',
        ].join('\n'),
        'docker/index.ts': "export { migrate as runMigrations } from './fragments.js';\n",
        'docker.config.ts': [
          "import { defineConfig, stage } from '@dockerdsl/core';",
          "import { runMigrations } from './docker/index.js';",
          "export default defineConfig({ targets: [stage('app', { from: 'alpine:3.20' }, [runMigrations()])] });",
          '',
        ].join('\n'),
      });
      try {
        const listings = listJson([], dir);
        // Once, from the module that defines it; the re-exported built-in is not listed twice.
        expect(listings.filter((listing) => listing.name === 'migrate')).toEqual([
          {
            name: 'migrate',
            description: 'Runs the database migrations.',
            package: '@acme/app',
            module: './docker/fragments.ts',
            options: [
              { name: 'dir', type: 'string', optional: true, default: 'migrations', description: 'The migrations.' },
            ],
            coreMajor: 0,
          },
        ]);
        expect(listings).toHaveLength(BUILT_IN_FRAGMENTS.length + 1);
        const table = runCli(['fragments'], dir);
        expect(table.stdout).toMatch(/^migrate\s+\.\/docker\/fragments\.ts\s+Runs the database migrations\.\s+dir\?$/m);
      } finally {
        cleanup();
      }
    },
  );

  it('without a config, says it lists the built-in ones only; a missing --config is a usage error', () => {
    const result = runCli(['fragments'], empty);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('listing the built-in fragments only');
    expect(runCli(['fragments', '--config', 'nope.ts'], empty).code).toBe(2);
  });

  it("a config it cannot read is an error at the config's line", () => {
    const { dir, cleanup } = scratchProject({
      'docker.config.ts':
        "import { defineConfig } from '@dockerdsl/core';\nexport default defineConfig({ targets: [ });\n",
    });
    try {
      const result = runCli(['fragments'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^docker\.config\.ts:2:\d+: error: Unexpected/);
    } finally {
      cleanup();
    }
  });
});

describe('summarizeOptions', () => {
  it('reads types, defaults, optionality and descriptions from the zod schema', () => {
    const schema = z.strictObject({
      name: z.string().describe('The name.'),
      port: z.number().int().default(80),
      os: z.enum(['debian', 'alpine']).optional(),
      paths: z.union([z.string(), z.array(z.string())]),
      env: z.record(z.string(), z.string()).optional(),
      home: z.union([z.string(), z.literal(false)]).optional(),
      stage: z.custom<object>(() => true),
      tags: z.array(z.union([z.string(), z.number()])).default([]),
    });
    expect(summarizeOptions(schema, 'name')).toEqual([
      { name: 'name', type: 'string', optional: false, description: 'The name.', positional: true },
      { name: 'port', type: 'number', optional: true, default: 80 },
      { name: 'os', type: '"debian" | "alpine"', optional: true },
      { name: 'paths', type: 'string | string[]', optional: false },
      { name: 'env', type: 'Record<string, string>', optional: true },
      { name: 'home', type: 'string | false', optional: true },
      { name: 'stage', type: 'unknown', optional: false },
      { name: 'tags', type: '(string | number)[]', optional: true, default: [] },
    ]);
  });

  it('reads a schema without its own toJSONSchema (zod mini) once the fallback is loaded', async () => {
    const schema = z.strictObject({ port: z.number().int().default(80) });
    // zod mini's schemas have no methods: the same schema with the method hidden.
    const bare = Object.assign(Object.create(schema) as object, { toJSONSchema: undefined });
    await loadJsonSchemaFallback();
    expect(summarizeOptions(bare)).toEqual([{ name: 'port', type: 'number', optional: true, default: 80 }]);
  });
});
