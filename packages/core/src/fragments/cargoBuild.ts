import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { cacheMount } from '../api/mounts.js';
import { run, sh } from '../api/steps.js';
import { lazy } from '../schema/lazy.js';
import { imagePath, matching, options } from './shared.js';

const crateName = lazy(() => matching(/^[A-Za-z0-9_-]+$/, 'a binary or package name (letters, digits, _ and -)'));
const feature = lazy(() =>
  matching(/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)?$/, 'a feature name such as tls or serde/derive'),
);
const triple = lazy(() =>
  matching(/^[a-z0-9_]+(-[a-z0-9_.]+){1,3}$/, 'a target triple such as x86_64-unknown-linux-musl'),
);

/** Cargo's registry index/crates and git checkouts in the official rust images (CARGO_HOME). */
export const CARGO_REGISTRY = '/usr/local/cargo/registry';
export const CARGO_GIT_DB = '/usr/local/cargo/git/db';

/**
 * Builds a Rust binary in the `build` phase with cache mounts for `target/` (relative to the
 * working directory), the Cargo registry and git database, and copies the binary OUT of `target/`
 * in the same RUN: a cache mount is not part of the image, so the binary would otherwise vanish.
 *
 * @example
 * cargoBuild({ bin: 'server' })
 * cargoBuild({ bin: 'server', target: 'x86_64-unknown-linux-musl', features: ['tls'], output: '/usr/local/bin/server' })
 */
export const cargoBuild = defineFragment({
  name: 'cargoBuild',
  description: 'cargo build with target/, registry and git cache mounts; copies the binary out in the same RUN.',
  options: () =>
    options({
      /** The binary to build (`--bin`) and copy out. */
      bin: crateName(),
      /** Where the binary is copied (absolute). Default `/out/<bin>`. */
      output: z.optional(imagePath()),
      /** `--release` (default), `dev`, or a custom profile name. */
      profile: z._default(crateName(), 'release'),
      /** `-p`: the workspace package that has the binary. */
      package: z.optional(crateName()),
      /** `--features`. */
      features: z._default(z.array(feature()), []),
      /** `--target` triple (the binary is then under `target/<triple>/`). */
      target: z.optional(triple()),
      /** `--locked`: fail if Cargo.lock is out of date. Default true. */
      locked: z._default(z.boolean(), true),
      /** Cache mounts for target/, the registry and git db. Default true. */
      cacheMounts: z._default(z.boolean(), true),
    }),
  positional: 'bin',
  example: "cargoBuild({ bin: 'server' })",
  build: (opts) => {
    const output = opts.output ?? `/out/${opts.bin}`;
    const profileFlag =
      opts.profile === 'release' ? '--release' : opts.profile === 'dev' ? '' : `--profile ${opts.profile}`;
    const profileDir = opts.profile === 'dev' ? 'debug' : opts.profile;
    const built = `target/${opts.target !== undefined ? `${opts.target}/` : ''}${profileDir}/${opts.bin}`;
    const build = [
      'cargo build',
      ...(opts.locked ? ['--locked'] : []),
      ...(profileFlag !== '' ? [profileFlag] : []),
      ...(opts.package !== undefined ? [`--package ${opts.package}`] : []),
      `--bin ${opts.bin}`,
      ...(opts.features.length > 0 ? [`--features ${opts.features.join(',')}`] : []),
      ...(opts.target !== undefined ? [`--target ${opts.target}`] : []),
    ].join(' ');
    const dir = output.slice(0, output.lastIndexOf('/')) || '/';
    const copyOut = [...(dir !== '/' ? [`mkdir -p ${dir}`] : []), `cp ${built} ${output}`];
    return run(sh(build, ...copyOut), {
      mounts: opts.cacheMounts ? [cacheMount('target'), cacheMount(CARGO_REGISTRY), cacheMount(CARGO_GIT_DB)] : [],
      phase: 'build',
      writes: [output],
    });
  },
});
