/** Zod schemas of the config's `dockerignore` and `images` options (ir/outputs.ts). */
import * as z from 'zod/mini';
import { lazy } from './lazy.js';
import { strictObject } from './strictObject.js';

/** Neither a newline (it would start another line) nor NUL; .dockerignore has no escape for them. */
const ignoreLine = lazy(() =>
  z.string().check(
    z.minLength(1, 'empty pattern'),
    z.refine((value) => !/[\r\n\0]/.test(value), 'a pattern cannot contain a newline'),
  ),
);

export const dockerignoreSchema = lazy(() =>
  z.union([
    z.literal(true),
    strictObject({ extra: z.optional(z.array(ignoreLine())), exclude: z.optional(z.array(ignoreLine())) }),
  ]),
);

/**
 * One CSV field value of a cache or secret spec: buildx splits on commas and reads quotes, and
 * bake reads `${` in JSON strings as interpolation (escaped when written, so `$` itself is fine).
 */
const csvValue = lazy(() =>
  z
    .string()
    .check(
      z.minLength(1),
      z.regex(/^[^,"'\s]+$/, 'no commas, quotes or whitespace (buildx reads these values as CSV)'),
    ),
);

const cacheObject = lazy(() =>
  z
    .catchall(
      z.object({ type: z.enum(['registry', 'local', 'inline', 'gha', 's3', 'azblob']) }),
      z.union([csvValue(), z.number(), z.boolean()]),
    )
    .check(
      z.superRefine((value, ctx) => {
        for (const key of Object.keys(value)) {
          if (!/^[a-z][a-z0-9_-]*$/.test(key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: 'cache attributes are lower-case words like ref, mode',
            });
          }
        }
      }),
    ),
);

export const cacheSpecSchema = lazy(() =>
  z.union([
    z.string().check(
      z.regex(/^[^\r\n"]+$/, 'no quotes or newlines'),
      z.refine((value) => /(^|,)type=/.test(value) || !value.includes('='), 'expected type=...,key=value or an image'),
    ),
    cacheObject(),
  ]),
);

const noNewline = lazy(() =>
  z.string().check(
    z.minLength(1),
    z.refine((value) => !/[\r\n\0]/.test(value), 'no newlines'),
  ),
);

const imageSettingsSchema = lazy(() =>
  strictObject({
    tags: z.optional(
      z.array(noNewline().check(z.regex(/^[^\s"'\\]+$/, 'an image name without whitespace, quotes or backslash'))),
    ),
    platforms: z.optional(
      z.array(z.string().check(z.regex(/^[a-z0-9_$]+(\/[a-zA-Z0-9_.$]+){1,2}$/, 'a platform like linux/arm64'))),
    ),
    args: z.optional(z.record(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an ARG name')), z.string())),
    labels: z.optional(
      z.record(noNewline(), z.string().check(z.refine((value) => !/[\r\n]/.test(value), 'no newlines'))),
    ),
    cacheFrom: z.optional(z.array(cacheSpecSchema())),
    cacheTo: z.optional(z.array(cacheSpecSchema())),
    output: z.optional(z.array(noNewline())),
    secrets: z.optional(z.array(noNewline())),
    ssh: z.optional(z.array(noNewline())),
  }),
);

export const imagesSchema = lazy(() => z.record(z.string(), imageSettingsSchema()));
