/** Zod schemas of the config's `dockerignore` and `images` options (ir/outputs.ts). */
import * as z from 'zod';
import { lazy } from './lazy.js';

/** Neither a newline (it would start another line) nor NUL; .dockerignore has no escape for them. */
const ignoreLine = lazy(() =>
  z
    .string()
    .min(1, 'empty pattern')
    .refine((value) => !/[\r\n\0]/.test(value), 'a pattern cannot contain a newline'),
);

export const dockerignoreSchema = lazy(() =>
  z.union([
    z.literal(true),
    z.strictObject({ extra: z.array(ignoreLine()).optional(), exclude: z.array(ignoreLine()).optional() }),
  ]),
);

/**
 * One CSV field value of a cache or secret spec: buildx splits on commas and reads quotes, and
 * bake reads `${` in JSON strings as interpolation (escaped when written, so `$` itself is fine).
 */
const csvValue = lazy(() =>
  z
    .string()
    .min(1)
    .regex(/^[^,"'\s]+$/, 'no commas, quotes or whitespace (buildx reads these values as CSV)'),
);

const cacheObject = lazy(() =>
  z
    .object({ type: z.enum(['registry', 'local', 'inline', 'gha', 's3', 'azblob']) })
    .catchall(z.union([csvValue(), z.number(), z.boolean()]))
    .superRefine((value, ctx) => {
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
);

export const cacheSpecSchema = lazy(() =>
  z.union([
    z
      .string()
      .regex(/^[^\r\n"]+$/, 'no quotes or newlines')
      .refine((value) => /(^|,)type=/.test(value) || !value.includes('='), 'expected type=...,key=value or an image'),
    cacheObject(),
  ]),
);

const noNewline = lazy(() =>
  z
    .string()
    .min(1)
    .refine((value) => !/[\r\n\0]/.test(value), 'no newlines'),
);

const imageSettingsSchema = lazy(() =>
  z.strictObject({
    tags: z
      .array(noNewline().regex(/^[^\s"'\\]+$/, 'an image name without whitespace, quotes or backslash'))
      .optional(),
    platforms: z
      .array(z.string().regex(/^[a-z0-9_$]+(\/[a-zA-Z0-9_.$]+){1,2}$/, 'a platform like linux/arm64'))
      .optional(),
    args: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an ARG name'), z.string()).optional(),
    labels: z
      .record(
        noNewline(),
        z.string().refine((value) => !/[\r\n]/.test(value), 'no newlines'),
      )
      .optional(),
    cacheFrom: z.array(cacheSpecSchema()).optional(),
    cacheTo: z.array(cacheSpecSchema()).optional(),
    output: z.array(noNewline()).optional(),
    secrets: z.array(noNewline()).optional(),
    ssh: z.array(noNewline()).optional(),
  }),
);

export const imagesSchema = lazy(() => z.record(z.string(), imageSettingsSchema()));
