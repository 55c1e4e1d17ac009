import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT_IN_FRAGMENTS, CORE_PACKAGE, type FragmentInfo, isDefinedFragment } from '@dockerdsl/core';
import { importModule } from '../importModule.js';
import type { ImportedPackage } from './importedPackages.js';
import { type OptionSummary, summarizeOptions } from './optionSummary.js';

/** One fragment a config can use, as `dsl fragments --json` prints it. */
export interface FragmentListing {
  readonly name: string;
  readonly description: string;
  /** The npm package that defines it (`@dockerdsl/core` for the built-ins). */
  readonly package: string;
  /**
   * The project's own module that exports it, relative to the config's directory (`./docker/fragments.ts`),
   * for a fragment defined in the repository rather than in an installed package.
   */
  readonly module?: string;
  /** The name it is exported as, when it differs from `name`. */
  readonly exportName?: string;
  readonly options: readonly OptionSummary[];
  readonly positional?: string;
  readonly example?: string;
  /** The major version of the core copy that defined it. */
  readonly coreMajor?: number;
}

export function listingOf(info: FragmentInfo, fallbackPackage: string, exportName?: string): FragmentListing {
  return {
    name: info.name,
    description: info.description,
    package: typeof info.package === 'string' ? info.package : fallbackPackage,
    ...(exportName !== undefined && exportName !== info.name ? { exportName } : {}),
    options: summarizeOptions(info.options, info.positional),
    ...(info.positional !== undefined ? { positional: info.positional } : {}),
    ...(info.example !== undefined ? { example: info.example } : {}),
    ...(typeof info.coreMajor === 'number' ? { coreMajor: info.coreMajor } : {}),
  };
}

export function builtInListings(): FragmentListing[] {
  return BUILT_IN_FRAGMENTS.map((fragment) => listingOf(fragment.fragment, CORE_PACKAGE));
}

/** A package (or local module) that could not be imported, and why. */
export interface SkippedPackage {
  readonly packageName: string;
  readonly reason: string;
}

/**
 * The fragments each imported package exports: every exported function with `.fragment` info (as
 * `defineFragment` attaches), in export order. The core itself is left out (its fragments are the
 * built-ins), and so is a fragment already listed under the same package and name.
 */
export async function packageListings(
  packages: readonly ImportedPackage[],
  already: readonly FragmentListing[],
): Promise<{ listings: FragmentListing[]; skipped: SkippedPackage[] }> {
  const seen = new Set(already.map((listing) => `${listing.package}\u0000${listing.name}`));
  const listings: FragmentListing[] = [];
  const skipped: SkippedPackage[] = [];
  for (const pkg of packages) {
    if (pkg.packageName === CORE_PACKAGE) continue;
    if (pkg.resolved === undefined) {
      skipped.push({ packageName: pkg.specifier, reason: 'not installed (it does not resolve from the config)' });
      continue;
    }
    let module: Record<string, unknown>;
    try {
      module = await importModule(pathToFileURL(pkg.resolved).href);
    } catch (error) {
      skipped.push({ packageName: pkg.specifier, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    for (const [exportName, value] of Object.entries(module)) {
      if (!isDefinedFragment(value)) continue;
      const listing = listingOf(value.fragment, pkg.packageName, exportName);
      const key = `${listing.package}\u0000${listing.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      listings.push(listing);
    }
  }
  return { listings, skipped };
}

/**
 * The fragments the project's own modules export (the config's local imports, as `dsl build`
 * bundles them), imported through tsx as the config itself would be when not bundled: a team keeps
 * fragments in its repository before (or instead of) publishing them. A fragment also listed from
 * a package (a local module re-exporting it) is listed once. `package` is what the fragment
 * declares (or the project's package.json name); `module` says where to import it from.
 */
export async function localListings(
  modules: readonly string[],
  configDir: string,
  already: readonly FragmentListing[],
): Promise<{ listings: FragmentListing[]; skipped: SkippedPackage[] }> {
  const seen = new Set(already.map((listing) => `${listing.package}\u0000${listing.name}`));
  const listings: FragmentListing[] = [];
  const skipped: SkippedPackage[] = [];
  if (modules.length === 0) return { listings, skipped };
  const { tsImport } = await importModule<typeof import('tsx/esm/api')>('tsx/esm/api');
  for (const file of modules) {
    const path = relative(configDir, file).split('\\').join('/');
    const shown = path.startsWith('../') ? path : `./${path}`;
    let module: Record<string, unknown>;
    try {
      module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    } catch (error) {
      skipped.push({ packageName: shown, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    for (const [exportName, value] of Object.entries(module)) {
      if (!isDefinedFragment(value)) continue;
      const listing = { ...listingOf(value.fragment, shown, exportName), module: shown };
      const key = `${listing.package}\u0000${listing.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      listings.push(listing);
    }
  }
  return { listings, skipped };
}
