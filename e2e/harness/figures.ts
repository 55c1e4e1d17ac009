import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { REPO_ROOT } from './paths.js';

/** One side of a rebuild comparison after a one-file source edit. */
export interface RebuildFigure {
  /** Steps BuildKit really ran (not CACHED; FROM excluded). */
  readonly rebuiltSteps: number;
  /** Wall time of the rebuild, seconds. */
  readonly seconds: number;
  /** Bytes of the final image's layers the previous image did not have: what a deploy pushes. */
  readonly newLayerBytes: number;
}

/** One entry of e2e/results/cache-figures.json (read by bench/run.ts). */
export interface CacheFigure {
  readonly example: string;
  readonly compiled: RebuildFigure;
  readonly naive: RebuildFigure;
}

export const CACHE_FIGURES_FILE = `${REPO_ROOT}e2e/results/cache-figures.json`;

/**
 * Writes the figures, keeping entries of examples this run did not measure (a filtered run, `-t`,
 * updates its own examples only). Sorted by example.
 */
export function writeCacheFigures(figures: readonly CacheFigure[], file = CACHE_FIGURES_FILE): void {
  const previous: CacheFigure[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CacheFigure[]) : [];
  const measured = new Set(figures.map((figure) => figure.example));
  const all = [...previous.filter((figure) => !measured.has(figure.example)), ...figures].sort((a, b) =>
    a.example.localeCompare(b.example),
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

/** `1234 B`, `12.3 KiB`, `4.5 MiB`: for the printed lines (the JSON keeps exact bytes). */
export function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
