import type { Stage } from '../ir/stage.js';
import type { Fragment } from './fragment.js';
import { stage } from './stage.js';

/**
 * Several stages from one template that differ in one place: typically dev and prod with different
 * dependencies in the middle and the same app COPY and CMD after them.
 *
 * @example
 * const { dev, prod } = variants(base, { dev: [pipInstall(['pytest'])], prod: [] }, (deps) => [
 *   deps,
 *   copyApp(),
 *   cmd(['python', 'app.py']),
 * ]);
 */
export function variants<const Names extends string>(
  from: string | Stage,
  parts: Readonly<Record<Names, Fragment>>,
  template: (part: Fragment, name: Names) => Fragment,
): Readonly<Record<Names, Stage>> {
  const stages = {} as Record<Names, Stage>;
  for (const name of Object.keys(parts) as Names[]) {
    stages[name] = stage(name, { from }, [template(parts[name], name)]);
  }
  return Object.freeze(stages);
}
