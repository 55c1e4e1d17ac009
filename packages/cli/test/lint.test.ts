import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LINT_RULES } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { addSourcesUnpackable } from '../src/addSourcesUnpackable.js';
import { tsMorph } from '../src/tsMorph.js';
import { runCli, runCliAsync, scratchProjects } from './runCli.js';

const project = scratchProjects();

/** A config whose one stage holds `adds` (add() calls), then user('node'), one call a line. */
function addsConfig(...adds: string[]): string {
  return `import { add, defineConfig, stage, user } from '@dockerdsl/core';

const app = stage('app', { from: 'node:20' }, [
${adds.map((call) => `  ${call},\n`).join('')}  user('node'),
]);

export default defineConfig({ targets: [app] });
`;
}

/** `config` (an addsConfig) as --fix leaves it when it renames the add() of `file` alone. */
function withCopyOf(config: string, file: string): string {
  return config
    .replace('import { add, defineConfig,', 'import { add, copy, defineConfig,')
    .replace(`add('${file}'`, `copy('${file}'`);
}

const noisy = `import { add, defineConfig, run, stage, user } from '@dockerdsl/core';

const app = stage('app', { from: 'node:latest' }, [
  run('apt update && apt install curl'),
  add('src', '/app/src'),
  run('make'),
  user('node'),
]);

const test = stage('test', { from: app }, [run('npm test')]);

export default defineConfig({ targets: [app] });
`;

const clean = `import { aptInstall, copy, defineConfig, gate, stage, user } from '@dockerdsl/core';

const base = stage('base', { from: 'node:20' }, [aptInstall(['curl']), copy('src', '/app/src')]);
const test = stage('test', { from: base }, []);
const app = stage('app', { from: base }, [gate(test), user('node')]);

export default defineConfig({ targets: [app] });
`;

describe('dsl lint', () => {
  it('reports problems at config lines with rule ids, exits 0 on warnings and 1 with --strict', async () => {
    const dir = project({ 'docker.config.ts': noisy });
    const [plain, strict] = await Promise.all([runCliAsync(['lint'], dir), runCliAsync(['lint', '--strict'], dir)]);
    expect(plain.code).toBe(0);
    expect(strict.code).toBe(1);
    const heads = plain.stdout.split('\n').filter((line) => !line.startsWith('  ') && line !== '');
    expect(heads).toEqual([
      expect.stringMatching(
        /^docker\.config\.ts:3:13: warning: base image "node:latest" uses the latest tag.* \[DL3007 no-latest-tag\]$/,
      ),
      expect.stringMatching(/^docker\.config\.ts:4:3: warning: apt install without -y.* \[DL3014 apt-get-yes\]$/),
      expect.stringMatching(/^docker\.config\.ts:4:3: warning: .* \[DL3015 no-install-recommends\]$/),
      expect.stringMatching(/^docker\.config\.ts:4:3: warning: RUN uses apt update.* \[DL3027 no-apt\]$/),
      expect.stringMatching(/^docker\.config\.ts:5:3: warning: ADD of local "src".* \[DL3020 copy-not-add\]$/),
      expect.stringMatching(
        /^docker\.config\.ts:10:14: warning: stage "test" looks like a test or scan stage.* \[DSL001 ungated-test-stage\]$/,
      ),
    ]);
    expect(plain.stdout).toContain('  in stage "app", step 1, fragment run()');
    expect(plain.stdout).toContain('  hint: add gate(test) to the steps of target "app"');
    expect(plain.stderr).toContain('6 problems (0 errors, 6 warnings)');
  });

  it('prints --json: an array of {rule, name, severity, message, file, line, column, stage, step, fragment, hint, fix}', () => {
    const dir = project({ 'docker.config.ts': noisy });
    const result = runCli(['lint', '--json'], dir);
    expect(result.code).toBe(0);
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(findings).toHaveLength(6);
    expect(findings[4]).toEqual({
      rule: 'DL3020',
      name: 'copy-not-add',
      severity: 'warn',
      message: 'ADD of local "src": use COPY, which only copies (ADD also unpacks archives and fetches URLs)',
      file: 'docker.config.ts',
      line: 5,
      column: 3,
      stage: 'app',
      step: 2,
      fragment: 'add',
      hint: 'replace add(...) with copy(...): it takes the same sources, destination and options',
      fix: 'add(...) -> copy(...)',
    });
    expect(findings[0]).toMatchObject({ rule: 'DL3007', step: null, fragment: 'stage', fix: null });
  });

  it('honours lint.rules severities (by id or name) and fails on errors', () => {
    const tuned = noisy.replace(
      'export default defineConfig({ targets: [app] });',
      "export default defineConfig({ targets: [app], lint: { rules: { DL3007: 'error', 'ungated-test-stage': 'off', DL3059: 'off' } } });",
    );
    const dir = project({ 'docker.config.ts': tuned });
    const result = runCli(['lint'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^docker\.config\.ts:3:13: error: base image "node:latest"/m);
    expect(result.stdout).not.toContain('DSL001');
    expect(result.stdout).not.toContain('DL3059');
    expect(result.stderr).toContain('5 problems (1 error, 4 warnings)');
  });

  it('reports a secret-like ENV as an error finding (exit 1), not a crash', () => {
    const config = `import { defineConfig, env, stage, user } from '@dockerdsl/core';
export default defineConfig({ targets: [stage('app', { from: 'node:20' }, [env('NPM_TOKEN', 'x'), user('node')])] });
`;
    const dir = project({ 'docker.config.ts': config });
    const result = runCli(['lint', '--json'], dir);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ rule: 'SecretsUsedInArgOrEnv', severity: 'error', line: 2, stage: 'app', step: 1 }),
    ]);
  });

  it('--fix rewrites apt -> apt-get, adds -y and add() -> copy() at the call sites, and nothing else', () => {
    const dir = project({ 'docker.config.ts': noisy });
    const result = runCli(['lint', '--fix'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fixed 3 problems in docker.config.ts');
    const fixed = readFileSync(join(dir, 'docker.config.ts'), 'utf8');
    expect(fixed).toBe(
      noisy
        .replace('import { add, defineConfig,', 'import { copy, defineConfig,')
        .replace("run('apt update && apt install curl')", "run('apt-get update && apt-get install -y curl')")
        .replace("add('src', '/app/src')", "copy('src', '/app/src')"),
    );
    const again = runCli(['lint', '--json'], dir);
    expect((JSON.parse(again.stdout) as { rule: string }[]).map((finding) => finding.rule)).toEqual([
      'DL3007',
      'DL3015',
      'DSL001',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['docker.config.ts']);
  });

  it('--fix follows an aliased import, and leaves commands in variables and a shadowed copy alone', () => {
    const config = `import { add as addFile, defineConfig, run, stage, user } from '@dockerdsl/core';

const cmd = 'apt install -y --no-install-recommends curl=1';
const app = stage('app', { from: 'node:20' }, [run(cmd), addFile('a.txt', '/a.txt'), user('node')]);

export default defineConfig({ targets: [app] });
`;
    const dir = project({ 'docker.config.ts': config });
    const result = runCli(['lint', '--fix'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fixed 1 problem in docker.config.ts');
    expect(result.stderr).toContain('not fixed: DL3027 at 4:48: the command is not a string literal at the call site');
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toBe(
      config
        .replace('import { add as addFile, defineConfig,', 'import { copy, defineConfig,')
        .replace("addFile('a.txt'", "copy('a.txt'"),
    );

    const shadowed = `import { add, defineConfig, stage, user } from '@dockerdsl/core';

const copy = (text: string) => text;
const app = stage('app', { from: 'node:20' }, [add(copy('a.txt'), '/a.txt'), user('node')]);

export default defineConfig({ targets: [app] });
`;
    const other = project({ 'docker.config.ts': shadowed });
    const refused = runCli(['lint', '--fix'], other);
    expect(refused.stderr).toContain('not fixed: DL3020 at 4:48: copy is bound to something else in this file');
    expect(readFileSync(join(other, 'docker.config.ts'), 'utf8')).toBe(shadowed);
  });

  it('--fix renames every add() of the file in one run: the copy it imports is not taken for a clash', () => {
    const config = addsConfig("add('a.txt', '/a.txt')", "add('b.txt', '/b.txt')", "add('c.txt', '/c.txt')");
    const dir = project({ 'docker.config.ts': config });
    const result = runCli(['lint', '--fix'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fixed 3 problems in docker.config.ts');
    expect(result.stderr).not.toContain('not fixed');
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toBe(
      config.replace('import { add, defineConfig,', 'import { copy, defineConfig,').replaceAll("add('", "copy('"),
    );
  });

  it('--fix leaves an add() whose sources ADD may unpack (pattern, variable, computed value) and still reports it', () => {
    const config = `import { add, defineConfig, stage, user } from '@dockerdsl/core';

const vendored = 'vendor';
const app = stage('app', { from: 'node:20' }, [
  add('pkgs/*', '/opt/'),
  add(['conf/app.conf', 'dist/app-?.bin'], '/etc/app/'),
  add('lib/[ab]', '/opt/'),
  add('$BUNDLE', '/opt/'),
  add(\`\${vendored}/lib\`, '/opt/lib'),
  add([...['a', 'b']], '/opt/'),
  add('site.tar.gz', '/srv/'),
  add('plain.txt', '/plain.txt'),
  user('node'),
]);

export default defineConfig({ targets: [app] });
`;
    const dir = project({ 'docker.config.ts': config });
    const result = runCli(['lint', '--fix'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fixed 1 problem in docker.config.ts');
    const refusals = result.stderr.split('\n').filter((line) => line.startsWith('not fixed:'));
    // Patterns and variables (lines 5-8) get no fix from the rule itself; values computed in the
    // config look like plain paths to it, and --fix refuses them at the call site.
    expect(refusals).toEqual([
      "not fixed: DL3020 at 10:3: source ...['a', 'b'] is not a literal path: it may name an archive, which ADD unpacks and COPY does not; left as add()",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's template literal, quoted in the message
      'not fixed: DL3020 at 9:3: source `${vendored}/lib` is not a literal path: it may name an archive, which ADD unpacks and COPY does not; left as add()',
    ]);
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toBe(withCopyOf(config, 'plain.txt'));
    const again = runCli(['lint', '--json'], dir);
    const left = (JSON.parse(again.stdout) as { rule: string; line: number; fix: string | null }[]).filter(
      (f) => f.rule === 'DL3020',
    );
    expect(left.map((finding) => finding.line)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(left.filter((finding) => finding.fix !== null).map((finding) => finding.line)).toEqual([9, 10]);
  });

  // Found by a review: the rename went by the file name, but ADD unpacks a local tar archive by its
  // content, so add('app.conf') of a tarball became a copy() that no longer unpacked it.
  it('--fix leaves an add() of an archive in the build context whatever its name, and renames the plain file', () => {
    const config = addsConfig(
      "add('app.conf', '/etc/app/')",
      "add('bundle', '/opt/')",
      "add('notes.txt', '/notes.txt')",
    );
    const dir = project({ 'docker.config.ts': config, 'notes.txt': 'plain text\n' });
    writeFileSync(join(dir, 'app.conf'), gzipSync('key = value\n'));
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    writeFileSync(join(dir, 'bundle'), tar);
    const result = runCli(['lint', '--fix'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fixed 1 problem in docker.config.ts');
    expect(result.stderr.split('\n').filter((line) => line.startsWith('not fixed:'))).toEqual([
      'not fixed: DL3020 at 5:3: source "bundle" is a tar archive in the build context: ADD unpacks it, COPY would not; left as add()',
      'not fixed: DL3020 at 4:3: source "app.conf" is a gzip archive in the build context: ADD unpacks it, COPY would not; left as add()',
    ]);
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toBe(withCopyOf(config, 'notes.txt'));
  });

  it('--fix never renames an add() of an archive (ADD unpacks it), whatever the rule offers', () => {
    const { Project, SyntaxKind } = tsMorph();
    const reason = (sources: string) =>
      addSourcesUnpackable(
        new Project({ useInMemoryFileSystem: true })
          .createSourceFile('c.ts', `add(${sources}, '/opt/');`)
          .getFirstDescendantByKindOrThrow(SyntaxKind.CallExpression),
      );
    expect(reason("'site.tar.gz'")).toBe(
      'source "site.tar.gz" looks like an archive: ADD unpacks it, COPY would not; left as add()',
    );
    expect(reason("['a.txt', 'b.TGZ']")).toMatch(/^source "b\.TGZ" looks like an archive/);
    expect(reason("['a.txt', 'dir/', 'c.json']")).toBeUndefined();
  });

  it('--fix edits the apt and apt-get commands only, not the same words in quotes, comments or arguments', () => {
    const config = `import { defineConfig, run, stage, user } from '@dockerdsl/core';

const app = stage('app', { from: 'debian:12' }, [
  run("apt-get update && apt-get install --no-install-recommends curl && echo 'apt-get install is fine'"),
  run('sudo DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install --no-install-recommends git && echo "apt-get install done" apt-get install'),
  run('apt update && apt install -y --no-install-recommends jq && echo "use apt install" apt install # apt install'),
  run('apt-get -q install --no-install-recommends vim && echo "then apt-get install"'),
  user('node'),
]);

export default defineConfig({ targets: [app] });
`;
    const dir = project({ 'docker.config.ts': config });
    const result = runCli(['lint', '--fix'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('fixed 3 problems in docker.config.ts');
    expect(result.stderr).toContain(
      'not fixed: DL3014 at 7:3: the text to change is only in quotes or arguments, not where a command starts',
    );
    expect(readFileSync(join(dir, 'docker.config.ts'), 'utf8')).toBe(
      config
        .replace(
          "apt-get install --no-install-recommends curl && echo 'apt-get install is fine'",
          "apt-get install -y --no-install-recommends curl && echo 'apt-get install is fine'",
        )
        .replace(
          '/usr/bin/apt-get install --no-install-recommends git',
          '/usr/bin/apt-get install -y --no-install-recommends git',
        )
        .replace('apt update && apt install -y', 'apt-get update && apt-get install -y'),
    );
  });

  it('--list shows every rule with its severity under the config', () => {
    const result = runCli(['lint', '--list'], project({ 'docker.config.ts': clean }));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DL3007 +no-latest-tag +warn +Images must not use the latest tag\.$/m);
    expect(result.stdout).toMatch(/^DL3008 +pin-apt-versions +off \(opt-in\)/m);
    expect(result.stdout.trim().split('\n')).toHaveLength(LINT_RULES.length);
  });

  it('--list --json prints the rules as JSON; --list --fix is a usage error, not a skipped fix', () => {
    const dir = project({ 'docker.config.ts': clean });
    const result = runCli(['lint', '--list', '--json'], dir);
    expect(result.code).toBe(0);
    const rules = JSON.parse(result.stdout) as { rule: string; severity: string; optIn: boolean }[];
    expect(rules.map((rule) => rule.rule).sort()).toEqual(LINT_RULES.map((rule) => rule.id).sort());
    expect(rules).toContainEqual(expect.objectContaining({ rule: 'DL3008', severity: 'off', optIn: true }));
    const fix = runCli(['lint', '--list', '--fix'], dir);
    expect(fix.code).toBe(2);
    expect(fix.stderr).toBe(
      '--list lists the rules and lints nothing: it cannot be combined with --fix\nrun "dsl lint --help" for usage\n',
    );
  });

  it('is quiet on a clean config', () => {
    const result = runCli(['lint', '--strict'], project({ 'docker.config.ts': clean }));
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('ok: no problems');
    expect(result.code).toBe(0);
  });
});

describe('lint during dsl build', () => {
  const existing =
    '# Generated by dsl from docker.config.ts. Do not edit: change the config and run: dsl build\nFROM old AS app\n';

  it('prints warnings to stderr and still writes the Dockerfile', () => {
    const dir = project({ 'docker.config.ts': noisy });
    const result = runCli(['build'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^docker\.config\.ts:3:13: warning: base image "node:latest" uses the latest tag/m);
    expect(result.stderr).toContain('wrote Dockerfile');
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(true);
  });

  it('--strict turns warnings into a failure: exit 1, nothing written, an existing Dockerfile unchanged', () => {
    const dir = project({ 'docker.config.ts': noisy, Dockerfile: existing });
    const result = runCli(['build', '--strict'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('dsl build: 6 problems (0 errors, 6 warnings) and --strict: nothing written');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(existing);
    expect(readdirSync(dir).sort()).toEqual(['Dockerfile', 'docker.config.ts']);
  });

  it('fails on a rule configured as error even without --strict', () => {
    const config = noisy.replace('targets: [app] }', "targets: [app], lint: { rules: { 'no-latest-tag': 'error' } } }");
    const dir = project({ 'docker.config.ts': config, Dockerfile: existing });
    const result = runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^docker\.config\.ts:3:13: error: base image "node:latest"/m);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(existing);
  });

  it('refuses a secret-like ENV with the config line and a secretMount hint, unless allowed', () => {
    const config = `import { defineConfig, env, stage, user } from '@dockerdsl/core';

const app = stage('app', { from: 'node:20' }, [
  env('API_KEY', 'abc123'),
  user('node'),
]);
export default defineConfig({ targets: [app] });
`;
    const dir = project({ 'docker.config.ts': config, Dockerfile: existing });
    const result = runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^docker\.config\.ts:4:3: error: ENV "API_KEY" looks like a secret: ENV values are stored in the image/m,
    );
    expect(result.stderr).toContain('in stage "app", step 1, fragment env()');
    expect(result.stderr).toMatch(/hint: read it from a build secret instead: secretRun\(/);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe(existing);

    writeFileSync(
      join(dir, 'docker.config.ts'),
      config.replace('targets: [app] }', "targets: [app], lint: { allowSecretNames: ['API_KEY'] } }"),
    );
    const allowed = runCli(['build', '--force', '--stdout'], dir);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('ENV API_KEY=abc123');
  });
});
