/**
 * The version of this copy of `@dockerdsl/core` (kept equal to package.json by a test). Fragment
 * nodes are stamped with its major, so a compiler can refuse IR made by an incompatible copy.
 */
export const CORE_VERSION = '0.1.0';

/** The major version fragment nodes are stamped with (`coreMajor`). */
export const CORE_MAJOR = 0;

/** The package name fragments defined inside the core report. */
export const CORE_PACKAGE = '@dockerdsl/core';
