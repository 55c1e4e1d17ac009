/**
 * `@dockerdsl/core/zod` leaves zod's locales out of its bundle (dist/zod.cjs) and loads them on the
 * first call of a `z.locales` function (dist/zodLocales.cjs). Checked against the built bundles, in
 * a fresh process, since a locale set with `z.config` is global.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import * as zodLocales from 'zod/v4/locales';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * Which of `locales` (zod's locale module names) a bundle holds: esbuild names each module's default
 * export after its file (`zh-CN.js` becomes `function zh_CN_default()`). Not by esbuild's comment
 * naming each bundled file: zod.cjs is built without comments.
 */
function bundledLocales(file: string, locales: readonly string[]): string[] {
  const text = readFileSync(`${dist}${file}`, 'utf8');
  return locales.filter((name) => new RegExp(`\\bfunction ${name.replace(/-/g, '_')}_default\\(`).test(text));
}

function run(driver: string): string {
  const result = spawnSync(process.execPath, ['-e', driver], { cwd: repo, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout;
}

it("zod.cjs holds only the English locale (zod's default), zodLocales.cjs all of them", () => {
  const localeDir = dirname(createRequire(import.meta.url).resolve('zod/v4/locales/en.js'));
  const localeFiles = readdirSync(localeDir)
    .filter((file) => file.endsWith('.js') && file !== 'index.js')
    .map((file) => file.slice(0, -'.js'.length))
    .sort();
  expect(localeFiles.length).toBeGreaterThan(50);
  expect(bundledLocales('zod.cjs', localeFiles)).toEqual(['en']);
  expect(bundledLocales('zodLocales.cjs', localeFiles)).toEqual(localeFiles);
});

it('z.locales has every locale zod has, and loads them only when one is called', () => {
  const output = run(`
const { z } = require('@dockerdsl/core/zod');
const loaded = () => Object.keys(require.cache).some((file) => file.endsWith('zodLocales.cjs'));
console.log(JSON.stringify(Object.keys(z.locales).sort()));
console.log(Object.values(z.locales).every((locale) => typeof locale === 'function'), loaded());
const german = z.locales.de();
console.log(typeof german.localeError, loaded());`);
  const [names, before, after] = output.trim().split('\n');
  expect(JSON.parse(names as string)).toEqual(Object.keys(zodLocales).sort());
  expect(before).toBe('true false');
  expect(after).toBe('function true');
});

it('a locale from z.locales translates messages, from ESM as from CommonJS', () => {
  const common = `
const message = () => z.string().safeParse(1).error.issues[0].message;
console.log(message());
z.config(z.locales.de());
console.log(message());
z.config(z.locales.fr());
console.log(message());`;
  const expected = [
    'Invalid input: expected string, received number',
    'Ungültige Eingabe: erwartet string, erhalten Zahl',
    'Entrée invalide : chaîne de caractères attendu, nombre reçu',
  ];
  expect(run(`const { z } = require('@dockerdsl/core/zod');${common}`).trim().split('\n')).toEqual(expected);
  expect(run(`import('@dockerdsl/core/zod').then(({ z }) => {${common}\n});`).trim().split('\n')).toEqual(expected);
});
