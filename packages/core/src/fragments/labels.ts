import * as z from 'zod/mini';
import { defineFragment } from '../api/defineFragment.js';
import { label } from '../api/steps.js';
import { isExpandText, type Text } from '../ir/text.js';
import { lazy } from '../schema/lazy.js';
import { options } from './shared.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters on purpose
const CONTROL = /[\u0000-\u001f\u007f]/;
const value = lazy(() =>
  z.union([
    z
      .string()
      .check(z.refine((text) => !CONTROL.test(text), 'a label value cannot contain a newline or control character')),
    z
      .object({ kind: z.literal('expand'), text: z.string() })
      .check(
        z.refine((text) => !CONTROL.test(text.text), 'a label value cannot contain a newline or control character'),
      ),
  ]),
);
const labelKey = lazy(() =>
  z
    .string()
    .check(
      z.regex(
        /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/[A-Za-z0-9._-]+)?$|^[A-Za-z0-9._-]+$/,
        'a label key such as com.example.team',
      ),
    ),
);

/** Friendly option names for the OCI image annotations, in the order they are emitted. */
export const OCI_LABELS = {
  title: 'org.opencontainers.image.title',
  description: 'org.opencontainers.image.description',
  version: 'org.opencontainers.image.version',
  revision: 'org.opencontainers.image.revision',
  created: 'org.opencontainers.image.created',
  authors: 'org.opencontainers.image.authors',
  vendor: 'org.opencontainers.image.vendor',
  licenses: 'org.opencontainers.image.licenses',
  url: 'org.opencontainers.image.url',
  source: 'org.opencontainers.image.source',
  documentation: 'org.opencontainers.image.documentation',
  refName: 'org.opencontainers.image.ref.name',
  baseName: 'org.opencontainers.image.base.name',
  baseDigest: 'org.opencontainers.image.base.digest',
} as const;

type OciKey = keyof typeof OCI_LABELS;

const ociShape = lazy(
  () =>
    Object.fromEntries(Object.keys(OCI_LABELS).map((key) => [key, z.optional(value())])) as Record<
      OciKey,
      z.ZodMiniOptional<ReturnType<typeof value>>
    >,
);

/**
 * OCI image labels (`org.opencontainers.image.*`) from friendly names: `title`, `description`,
 * `version`, `revision`, `created`, `authors`, `vendor`, `licenses`, `url`, `source`,
 * `documentation`, `refName`, `baseName`, `baseDigest`; other keys go in `extra`. One LABEL step
 * in the `metadata` phase. With plain strings it is independent, so the compiler may move it to
 * the end; a value from `expand('$GIT_SHA')` depends on an ARG, so the step keeps its place after
 * it.
 *
 * A `created` timestamp that changes on every build invalidates this layer every time: pass it from
 * an ARG with `expand()` if you need it.
 *
 * @example
 * labels({ title: 'api', version: '1.4.2', source: 'https://github.com/acme/api', licenses: 'MIT' })
 */
export const labels = defineFragment({
  name: 'labels',
  description: 'OCI image labels (org.opencontainers.image.*) from friendly option names.',
  options: () =>
    options({
      ...ociShape(),
      /** Other labels, by full key; emitted after the OCI ones, sorted by key. */
      extra: z.optional(z.record(labelKey(), value())),
    }).check(
      z.superRefine((opts, ctx) => {
        const keys = Object.keys(OCI_LABELS).filter((key) => opts[key as OciKey] !== undefined);
        if (keys.length === 0 && Object.keys(opts.extra ?? {}).length === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'no labels given' });
        }
      }),
    ),
  example: "labels({ title: 'api', version: '1.4.2', source: 'https://github.com/acme/api' })",
  build: (opts) => {
    const pairs: [string, Text][] = [];
    for (const [key, full] of Object.entries(OCI_LABELS)) {
      const text = opts[key as OciKey];
      if (text !== undefined) pairs.push([full, text as Text]);
    }
    const extra: Record<string, Text> = opts.extra ?? {};
    for (const key of Object.keys(extra).sort()) pairs.push([key, extra[key] as Text]);
    const step = label(Object.fromEntries(pairs));
    return pairs.some(([, text]) => isExpandText(text)) ? { ...step, independent: false } : step;
  },
});
