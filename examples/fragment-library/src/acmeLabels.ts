import { defineFragment, labels } from '@dockerdsl/core';
import { z } from '@dockerdsl/core/zod';
import { PACKAGE, serviceName, team, version } from './schemas.js';

/**
 * ACME's image labels for images that do not use a service preset: the OCI title, vendor
 * `ACME Corp`, version and source, and the owning team as `com.acme.team`. One LABEL step in the
 * `metadata` phase.
 *
 * @example
 * acmeLabels({ title: 'nightly-report', team: 'data', version: '2024.06.1' })
 */
export const acmeLabels = defineFragment({
  name: 'acmeLabels',
  description: 'ACME OCI labels: title, vendor, version, source and the com.acme.team label.',
  package: PACKAGE,
  options: z.strictObject({
    /** The image title (`org.opencontainers.image.title`). */
    title: serviceName,
    /** The owning team (`com.acme.team`). */
    team,
    /** `org.opencontainers.image.version`. */
    version: version.optional(),
    /** `org.opencontainers.image.source`: the repository URL. */
    source: z.url({ protocol: /^https$/ }).optional(),
  }),
  example: "acmeLabels({ title: 'nightly-report', team: 'data' })",
  build: ({ title, team: owner, version: imageVersion, source }) =>
    labels({
      title,
      vendor: 'ACME Corp',
      ...(imageVersion !== undefined ? { version: imageVersion } : {}),
      ...(source !== undefined ? { source } : {}),
      extra: { 'com.acme.team': owner },
    }),
});
