import type { CallSite } from '../ir/origin.js';

/** The call sites of the `defineFragment` fragments whose `build` is running, outermost first. */
const running: (CallSite | undefined)[] = [];

/** Runs a fragment's `build`, so what it creates knows the line that called the fragment. */
export function whileBuilding<T>(callSite: CallSite | undefined, build: () => T): T {
  running.push(callSite);
  try {
    return build();
  } finally {
    running.pop();
  }
}

/**
 * Where a value made at `own` is reported: at the line that called the outermost fragment being
 * built when `own` is in another file (a library's source, which the consumer cannot edit), else
 * at `own`. Steps get this from their fragment node; a stage a fragment creates has none.
 */
export function reportedCallSite(own: CallSite | undefined): CallSite | undefined {
  const outer = running[0];
  return outer !== undefined && own !== undefined && own.file !== outer.file ? outer : own;
}
