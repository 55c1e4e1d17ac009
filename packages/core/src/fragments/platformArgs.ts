/**
 * The ARGs BuildKit fills in from `--platform` and the builder's own platform. A download whose
 * result is the same on every platform (go mod download, cargo fetch) declares it ignores them
 * (`ignoresVariables`), so a cross-compiling fragment's `ARG TARGETOS` written before it does not
 * enter its cache key: the download is cached once, not once per platform.
 */
export const PLATFORM_ARGS: readonly string[] = Object.freeze([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
]);
