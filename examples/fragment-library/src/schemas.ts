import { z } from '@dockerdsl/core/zod';

/** This package's name, given to every fragment so errors and `dsl fragments` name it. */
export const PACKAGE = '@acme/docker-fragments';

/** A service name: used for the image title and to name the builder stage (`<name>-venv`). */
export const serviceName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,40}$/, 'a service name such as billing-api (lower case, digits, -)');

/** An ACME team slug, written to the `com.acme.team` label. */
export const team = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a team slug such as payments');

/** A TCP port. */
export const port = z.number().int().min(1).max(65535);

/** An HTTP path for the health check. */
export const healthPath = z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, 'an absolute URL path such as /healthz');

/** A path in the build context, relative, without `..`: `.`, `src`, `app/main.py`. */
export const relativePath = z
  .string()
  .regex(/^(\.|(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9_][A-Za-z0-9_./-]*)$/, 'a relative path such as src or . (no ..)');

/** A version label value. */
export const version = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a version such as 1.4.2');

/** The shared options of every service preset. */
export const serviceOptions = {
  /** The service name: image title, and the prefix of the builder stage's name. */
  name: serviceName,
  /** The owning team (`com.acme.team` label). */
  team,
  /** The port the service listens on: EXPOSEd and probed by the health check. */
  port,
  /** The health endpoint. */
  healthPath: healthPath.default('/healthz'),
  /** The image version label (`org.opencontainers.image.version`). */
  version: version.optional(),
  /** The source repository URL (`org.opencontainers.image.source`). */
  source: z.url({ protocol: /^https$/ }).optional(),
};
