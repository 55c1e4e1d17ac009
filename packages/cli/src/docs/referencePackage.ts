import type { FragmentDoc } from './analyze.js';
import type { PackageJson } from './locate.js';

export interface ReferencePackage {
  /** The reference's title. */
  readonly title: string;
  /** The package.json whose description, version and peer range the reference shows: only the titled package's. */
  readonly packageJson: PackageJson | undefined;
}

/**
 * A fragment's package as `defineFragment` decides it at run time: its `package` field, else the
 * name of the nearest package.json (the one `dsl docs` found).
 */
export function fragmentPackage(fragment: FragmentDoc, packageJson: PackageJson): string | undefined {
  return fragment.package ?? packageJson.name;
}

/**
 * Which package a reference documents. The fragments' declared `package` wins over the nearest
 * package.json, which may be a workspace's or an app's that merely contains the file. When the
 * fragments belong to several packages, the title is the package.json's name if it is one of
 * them, else a generic one; the sections of the other fragments name their package.
 */
export function referencePackage(packageJson: PackageJson, fragments: readonly FragmentDoc[]): ReferencePackage {
  const packages = new Set(
    fragments.map((fragment) => fragmentPackage(fragment, packageJson)).filter((name) => name !== undefined),
  );
  const [only] = packages;
  const name = packageJson.name;
  const title =
    packages.size === 1 && only !== undefined
      ? only
      : name !== undefined && (packages.size === 0 || packages.has(name))
        ? name
        : 'Fragment library';
  // A nameless package.json describes the library only when no fragment says it is another package.
  const own = name === undefined ? packages.size === 0 : name === title;
  return { title, packageJson: own ? packageJson : undefined };
}
