/**
 * The config file this process loaded last (a command works on one config). The top-level error
 * report names it for errors that carry no call site, e.g. a misspelled key of the exported config,
 * whether the command was given the file, its directory, or nothing.
 */
let loaded: string | undefined;

export function noteLoadedConfig(path: string): void {
  loaded = path;
}

export function loadedConfigPath(): string | undefined {
  return loaded;
}
