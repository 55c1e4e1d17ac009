import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseCommandArgs, usageFailure } from '../args.js';
import { EXIT } from '../exitCodes.js';
import { CONFIG_NAMES, findConfig } from '../findConfig.js';
import { builtInListings, type FragmentListing, localListings, packageListings } from '../fragments/collect.js';
import { configImports } from '../fragments/importedPackages.js';
import { loadJsonSchemaFallback, type OptionSummary } from '../fragments/optionSummary.js';
import { printInfo, yellow } from '../output.js';
import { writeStdout } from '../stdio.js';

export const usage = `Usage: dsl fragments [DIR] [options]

List the fragments a config can use: the built-in ones, those exported by the packages
DIR/docker.config.ts (default: the current directory) imports, and those exported by the
project's own modules it imports (PACKAGE then shows the module, ./docker/fragments.ts).
Without a config, the built-in ones only.

Options:
  --config PATH   config file to use instead of DIR/docker.config.ts
  --json          print a JSON array: name, description, package, module (local ones),
                  options (name, type, optional, default, description), positional, example
  -h, --help      show this help

Exit codes: 0 ok, 1 the config's imports could not be read, 2 usage error.`;

const options = {
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function fragments(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('fragments', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1)
    throw usageFailure('fragments', `dsl fragments takes one directory, got ${positionals.length}`);

  await loadJsonSchemaFallback();
  const listings = builtInListings();
  const configPath = configIfAny(positionals[0], values.config);
  if (configPath !== undefined) {
    const { packages, localModules } = await configImports(configPath);
    const fromPackages = await packageListings(packages, listings);
    listings.push(...fromPackages.listings);
    const fromModules = await localListings(localModules, dirname(configPath), listings);
    listings.push(...fromModules.listings);
    for (const { packageName, reason } of [...fromPackages.skipped, ...fromModules.skipped]) {
      printInfo(yellow(`dsl fragments: skipped ${packageName}: ${firstLine(reason)}`));
    }
  } else if (!values.json) {
    printInfo(`no ${CONFIG_NAMES[0]} here: listing the built-in fragments only`);
  }

  writeStdout(values.json ? `${JSON.stringify(listings, null, 2)}\n` : table(listings));
  if (configPath !== undefined && !values.json) {
    printInfo(`${listings.length} fragments for ${relative(process.cwd(), configPath) || configPath}`);
  }
  return EXIT.ok;
}

/** The config to read: an explicit one must exist; the default one is optional. */
function configIfAny(directory: string | undefined, configFlag: string | undefined): string | undefined {
  if (configFlag !== undefined || directory !== undefined) return findConfig(directory, configFlag);
  const cwd = process.cwd();
  return CONFIG_NAMES.map((name) => resolve(cwd, name)).find((path) => existsSync(path));
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

/** `packages` (positional), `cacheMounts?`: the option names, optional ones marked. */
function optionList(options: readonly OptionSummary[]): string {
  return options
    .map((option) => `${option.name}${option.optional ? '?' : ''}${option.positional ? ' (positional)' : ''}`)
    .join(', ');
}

function table(listings: readonly FragmentListing[]): string {
  const rows = [
    ['FRAGMENT', 'PACKAGE', 'DESCRIPTION', 'OPTIONS'],
    ...listings.map((listing) => [
      listing.exportName !== undefined ? `${listing.name} (as ${listing.exportName})` : listing.name,
      listing.module ?? listing.package,
      listing.description,
      optionList(listing.options) || '-',
    ]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] as string).length)));
  return `${rows
    .map((row) =>
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column] as number) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
