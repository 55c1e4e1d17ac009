/**
 * The core's schemas are zod/mini ones, and its bundle holds no classic zod, which is what set
 * zod's English messages before. Checked in a fresh process that loads the bundle alone.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

function run(before: string): string {
  const driver = `${before}
const core = require('@dockerdsl/core');
try { core.copyApp({ dest: 5 }); } catch (error) { console.log(error.message); }
try { core.run(''); } catch (error) { console.log(error.message); }`;
  const result = spawnSync(process.execPath, ['-e', driver], { cwd: repo, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

it("gives zod's English messages with no classic zod loaded", () => {
  expect(run('')).toBe(
    'invalid options of copyApp() at dest: Invalid input: expected string, received number\n' +
      'invalid options of run() at command: the command is empty\n',
  );
});

it('keeps a locale set before, as classic zod does', () => {
  expect(run("globalThis.__zod_globalConfig = { localeError: () => 'anders' };")).toBe(
    'invalid options of copyApp() at dest: anders\ninvalid options of run() at command: the command is empty\n',
  );
});
