import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_VERSION } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { runCli, scratchProjects } from './runCli.js';

const project = scratchProjects();

// Line 6 calls pythonService; its `port` is on line 10.
const badPort = `import { pythonService } from '@acme/docker-fragments';
import { defineConfig, stage } from '@dockerdsl/core';

const api = stage('api', { from: 'python:3.12-slim' }, [
  // A library fragment, called with a port out of range.
  pythonService({
    name: 'billing-api',
    module: 'billing.main',
    team: 'payments',
    port: 0,
  }),
]);

export default defineConfig({ targets: [api] });
`;

describe('fragments from a library package, through the real binary', () => {
  it("an invalid option fails with the fragment's name and package, the option path and the config's file:line", () => {
    const dir = project({ 'docker.config.ts': badPort });
    const result = runCli(['build', '--stdout'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [first, context] = result.stderr.split('\n');
    expect(first).toMatch(/^docker\.config\.ts:6:3: error: invalid options of pythonService\(\) at port: /);
    expect(context).toBe('  in fragment pythonService() from @acme/docker-fragments, at port');
  });

  it('a value the library passes on to a built-in fails at the config line, saying where inside the library', () => {
    const dir = project({
      'docker.config.ts': badPort.replace('port: 0,', "port: 8080,\n    requirements: '../secrets.txt',"),
    });
    const result = runCli(['build', '--stdout'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^docker\.config\.ts:6:3: error: invalid options of pipInstall\(\) at requirements: /,
    );
    expect(result.stderr).toMatch(
      /raised inside pythonService\(\) at .*examples\/fragment-library\/src\/pythonService\.ts:\d+/,
    );
  });

  it('a stage the library creates is reported at the config line that called it (two services with one name)', () => {
    const dir = project({
      'docker.config.ts': `import { pythonService } from '@acme/docker-fragments';
import { defineConfig, stage } from '@dockerdsl/core';

const svc = { name: 'billing-api', module: 'billing.main', port: 8080, team: 'payments' };
const api = stage('api', { from: 'python:3.12-slim' }, [pythonService(svc)]);
const worker = stage('worker', { from: 'python:3.12-slim' }, [pythonService({ ...svc, python: '3.11' })]);

export default defineConfig({ targets: [api, worker] });
`,
    });
    const result = runCli(['build', '--stdout'], dir);
    expect(result.code).toBe(1);
    const [first, , hint] = result.stderr.split('\n');
    expect(first).toBe('docker.config.ts:6:63: error: two different stages are named "billing-api-venv"');
    expect(hint).toBe('  hint: the other one is declared at docker.config.ts:5; rename one');
  });

  it('refuses IR from a library built for another major version of the core, naming the package and versions', () => {
    const dir = project({
      'docker.config.ts': `import { legacyService } from '@old/fragments';
import { defineConfig, stage } from '@dockerdsl/core';

export default defineConfig({
  targets: [stage('app', { from: 'alpine:3.20' }, [legacyService()])],
});
`,
    });
    // An installed package whose (other) core stamped its nodes with another major.
    const pkg = join(dir, 'node_modules/@old/fragments');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: '@old/fragments', type: 'module', main: 'index.js' }),
    );
    writeFileSync(
      join(pkg, 'index.js'),
      `export const legacyService = () => Object.freeze({
  kind: 'fragment', name: 'legacyService', package: '@old/fragments', coreMajor: 97,
  origin: { fragment: 'legacyService' },
  items: [{ kind: 'run', origin: { fragment: 'run' }, command: { form: 'shell', commands: ['true'] }, mounts: [] }],
});
`,
    );
    const result = runCli(['build', '--stdout'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `error: fragment legacyService() from @old/fragments was made by @dockerdsl/core 97.x, but this compiler is @dockerdsl/core ${CORE_VERSION}`,
    );
    expect(result.stderr).toContain('hint: align versions: install a version of @old/fragments whose peer dependency');
  });
});
