import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The directory of the @dockerdsl/core package this CLI uses. */
export function corePackageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@dockerdsl/core/package.json'));
}

type ExportTarget = string | { readonly require?: string; readonly default?: string };

/**
 * The file of this CLI's core that `specifier` (`@dockerdsl/core` or one of its subpaths) names,
 * for `require` or for `import`, read from the core's exports map: the CLI itself may be running
 * as CommonJS, where `import.meta.resolve` does not exist. Undefined for a subpath it lacks.
 */
export function coreEntry(specifier: string, kind: 'require' | 'import'): string | undefined {
  const dir = corePackageDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports: Record<string, ExportTarget>;
  };
  const target = manifest.exports[`.${specifier.slice('@dockerdsl/core'.length)}`];
  const file =
    typeof target === 'string' ? target : kind === 'require' ? (target?.require ?? target?.default) : target?.default;
  return file === undefined ? undefined : join(dir, file);
}
