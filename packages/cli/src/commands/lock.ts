import { relative } from 'node:path';
import { compile, type ImageLock, LOCK_FILE_VERSION, type LockedImage, serializeImageLock } from '@dockerdsl/core';
import { parseCommandArgs, usageFailure } from '../args.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { RegistryClient, RegistryError } from '../imageRegistry.js';
import { loadConfig } from '../loadConfig.js';
import { lockableImages, lockPathFor, readLock } from '../lockFile.js';
import { green, printInfo, yellow } from '../output.js';
import { readOutputFile, writeOutputFile } from '../outputFile.js';
import { passContext } from '../passContext.js';
import { writeStdout } from '../stdio.js';

export const usage = `Usage: dsl lock [DIR] [options]

Resolve every image the config uses (FROM, COPY --from, mount from) to its manifest digest with
the registry HTTP API v2 and write dsl.lock next to the config. "dsl build" then emits
FROM name:tag@sha256:... for locked images; "dsl build --frozen-lock" fails when one is missing.
Images already in dsl.lock keep their digest (no network) unless --update is given.

Options:
  --config PATH              config file to use instead of DIR/docker.config.ts
  --update                   resolve every image again, even those already locked
  --insecure-registry HOST   talk plain HTTP to registry HOST[:PORT] (repeatable; test registries)
  -h, --help                 show this help

Exit codes: 0 ok, 1 config error or an image could not be resolved (nothing written), 2 usage error.`;

const options = {
  config: { type: 'string' },
  update: { type: 'boolean' },
  'insecure-registry': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** At most this many registry requests in flight. */
const CONCURRENCY = 4;

export async function lock(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('lock', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageFailure('lock', `dsl lock takes one directory, got ${positionals.length}`);
  const cwd = process.cwd();
  const configPath = findConfig(positionals[0], values.config);
  const config = await loadConfig(configPath);
  const { build } = compile(config, { context: passContext(configPath) });
  const { lockable, unlockable } = lockableImages(build);
  for (const image of unlockable) {
    printInfo(
      `${yellow('warning')}: image "${image}" is built from a variable and cannot be locked; it is emitted as written`,
    );
  }

  const path = lockPathFor(configPath);
  const shown = relative(cwd, path) || path;
  const existing = values.update ? undefined : readLock(configPath, { cwd });
  const client = new RegistryClient({ insecureRegistries: values['insecure-registry'] ?? [] });
  const images: Record<string, LockedImage> = {};
  const failures: string[] = [];
  let resolvedCount = 0;
  const queue = [...lockable];
  const worker = async () => {
    for (let image = queue.shift(); image !== undefined; image = queue.shift()) {
      const kept = existing && Object.hasOwn(existing.images, image) ? existing.images[image] : undefined;
      if (kept) {
        images[image] = kept;
        continue;
      }
      try {
        const { digest, mediaType, resolved } = await client.resolve(image);
        images[image] = { digest, mediaType, resolved };
        resolvedCount++;
      } catch (error) {
        if (!(error instanceof RegistryError)) throw error;
        failures.push(`error: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  if (failures.length > 0) {
    throw new ReportedFailure(
      `${failures.join('\n')}\ndsl lock: ${failures.length} image(s) could not be resolved; ${shown} was not changed`,
      EXIT.failure,
    );
  }

  const next: ImageLock = { lockfileVersion: LOCK_FILE_VERSION, images };
  const text = serializeImageLock(next);
  const before = readOutputFile(path);
  if (before === text) {
    printInfo(`${shown} is up to date (${lockable.length} image${lockable.length === 1 ? '' : 's'})`);
    return EXIT.ok;
  }
  writeOutputFile(path, text);
  printInfo(
    `${green('wrote')} ${shown}: ${lockable.length} image${lockable.length === 1 ? '' : 's'}, ${resolvedCount} resolved from registries`,
  );
  return EXIT.ok;
}
