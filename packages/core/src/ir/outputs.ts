/**
 * Config options for the files generated around the Dockerfile: `.dockerignore` (`dsl build
 * --dockerignore`) and `docker-bake.json` (`dsl bake`).
 */

/** `.dockerignore` generation. `true` is `{}`: the allow-list derived from the build alone. */
export interface DockerignoreConfig {
  /**
   * Context paths the build needs that dsl cannot see (a script a RUN reads through a path it does
   * not declare, files a plugin adds): added to the allow-list. Globs as in COPY.
   */
  readonly extra?: readonly string[];
  /**
   * Patterns kept out of the context even inside allowed paths, e.g. `**\/__pycache__`,
   * `node_modules`, `*.log` (.dockerignore syntax). They come last, so they win.
   */
  readonly exclude?: readonly string[];
}

/**
 * A BuildKit cache import/export (`--cache-from` / `--cache-to`): a CSV string as buildx takes it
 * (`type=registry,ref=registry.example.com/app:cache,mode=max`), or the same as an object.
 */
export type CacheSpec =
  | string
  | {
      readonly type: 'registry' | 'local' | 'inline' | 'gha' | 's3' | 'azblob';
      readonly [attribute: string]: string | number | boolean;
    };

/** How one target is built by `docker buildx bake` (docker-bake.json). */
export interface ImageSettings {
  /** Image names, e.g. `registry.example.com/app:1.4.2`. */
  readonly tags?: readonly string[];
  /** Target platforms, e.g. `linux/amd64`, `linux/arm64`. */
  readonly platforms?: readonly string[];
  /** Build arguments (`--build-arg`): values for the ARGs the stages declare. */
  readonly args?: Readonly<Record<string, string>>;
  /** Image labels added at build time. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Caches to import. */
  readonly cacheFrom?: readonly CacheSpec[];
  /** Caches to export (`type=registry,...,mode=max` keeps every stage's layers). */
  readonly cacheTo?: readonly CacheSpec[];
  /** Outputs (`type=registry`, `type=docker`, `type=local,dest=out`). Default: buildx's. */
  readonly output?: readonly string[];
  /** Build secrets (`id=pip_conf,src=pip.conf`) for steps with secret mounts. */
  readonly secrets?: readonly string[];
  /** SSH agent sockets or keys (`default`); by default the ids the target's `sshMount`s use. */
  readonly ssh?: readonly string[];
}

/**
 * Per-target bake settings, keyed by target (stage) name. The key `'*'` holds defaults for every
 * target; a target's own fields replace them (`args` and `labels` are merged key by key). In the
 * `'*'` entry, `{target}` in any string is replaced by the target's name:
 *
 * @example
 * images: {
 *   '*': { cacheFrom: [{ type: 'registry', ref: 'registry.example.com/app:cache-{target}' }] },
 *   prod: { tags: ['registry.example.com/app:latest'], platforms: ['linux/amd64', 'linux/arm64'] },
 * }
 */
export type ImagesConfig = Readonly<Record<string, ImageSettings>>;
