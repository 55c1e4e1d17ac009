import * as z from 'zod/mini';
import { DslError } from '../errors.js';
import { lazy } from '../schema/lazy.js';

/** The file `dsl lock` writes next to the config. */
export const LOCK_FILE_NAME = 'dsl.lock';
export const LOCK_FILE_VERSION = 1;

export interface LockedImage {
  /** The manifest digest the tag resolved to: an index (multi-platform) or a single manifest. */
  readonly digest: string;
  /** The media type the registry returned for that digest. */
  readonly mediaType: string;
  /** Fully qualified name that was resolved, e.g. `docker.io/library/node:20`. */
  readonly resolved: string;
}

/** `dsl.lock`: image references as written in the config, pinned to digests. No timestamps. */
export interface ImageLock {
  readonly lockfileVersion: typeof LOCK_FILE_VERSION;
  readonly images: Readonly<Record<string, LockedImage>>;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

const lockSchema = lazy(() =>
  z.strictObject({
    lockfileVersion: z.literal(LOCK_FILE_VERSION),
    images: z.record(
      z.string().check(z.minLength(1)),
      z.strictObject({
        digest: z.string().check(z.regex(DIGEST, 'expected sha256:<64 hex digits>')),
        mediaType: z.string().check(z.minLength(1)),
        resolved: z.string().check(z.minLength(1)),
      }),
    ),
  }),
);

/** Parses and checks a lock file's text; errors name the file and the bad field. */
export function parseImageLock(text: string, file: string): ImageLock {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DslError(
      `${file} is not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`,
      {},
      'regenerate it with "dsl lock --update"',
    );
  }
  const result = lockSchema().safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = (issue?.path ?? []).map(String).join('.');
    throw new DslError(
      `${file} is not a dsl lock file${path ? ` (at ${path})` : ''}: ${issue?.message ?? 'invalid'}`,
      {},
      'regenerate it with "dsl lock --update"',
    );
  }
  return result.data as ImageLock;
}

/** The lock file's text: keys sorted, fields in a fixed order, two-space indent, final newline. */
export function serializeImageLock(lock: ImageLock): string {
  const images: Record<string, LockedImage> = {};
  for (const key of Object.keys(lock.images).sort()) {
    const entry = lock.images[key] as LockedImage;
    images[key] = { digest: entry.digest, mediaType: entry.mediaType, resolved: entry.resolved };
  }
  return `${JSON.stringify({ lockfileVersion: LOCK_FILE_VERSION, images }, null, 2)}\n`;
}
