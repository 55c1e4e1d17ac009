import { externalBaseImages } from './baseImages.js';
import { DOCKER, dockerEnv } from './docker.js';
import { exec } from './exec.js';

/**
 * The fixture base images scripts/engine.sh always creates (nothing can be pulled here). Keep in
 * step with FIXTURES in scripts/engine.sh.
 */
export const FIXTURE_IMAGES: readonly string[] = [
  'busybox:1.36',
  'debian:bookworm-slim',
  'python:3.12',
  'python:3.12-slim',
  'node:20',
  'node:20-slim',
  'golang:1.22-bookworm',
];

/** Fixtures too slow to build on every machine, with the command that adds them. */
export const OPTIONAL_FIXTURE_IMAGES: Readonly<Record<string, string>> = {
  'rust:1-bookworm': 'DSL_E2E_RUST=1 bash scripts/engine.sh',
};

/**
 * Why a Dockerfile's FROM images cannot be used here, one line per image; empty when all can.
 * Checked before building so the failure says "not a fixture", not a registry DNS error.
 */
export async function unavailableBaseImages(dockerfile: string): Promise<string[]> {
  const problems: string[] = [];
  for (const image of externalBaseImages(dockerfile)) {
    if (FIXTURE_IMAGES.includes(image)) continue;
    const howTo = OPTIONAL_FIXTURE_IMAGES[image];
    if (howTo === undefined) {
      problems.push(`FROM ${image}: not a fixture image, and nothing can be pulled here (see docs/e2e.md)`);
    } else if ((await exec(DOCKER, ['image', 'inspect', image], { env: dockerEnv() })).code !== 0) {
      problems.push(`FROM ${image}: optional fixture not built on this machine; run: ${howTo}`);
    }
  }
  return problems;
}
