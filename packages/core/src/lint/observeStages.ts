import type { Stage } from '../ir/stage.js';

// On globalThis under a registered symbol, so a config that resolves another copy of the core
// still reports its stages to the CLI's copy.
const KEY = Symbol.for('@dockerdsl/core.stageObservers');
type Observer = (stage: Stage) => void;

function observers(): Set<Observer> {
  const holder = globalThis as { [KEY]?: Set<Observer> };
  holder[KEY] ??= new Set();
  return holder[KEY];
}

/** Called by `stage()` for every stage it makes. */
export function reportStageCreated(stage: Stage): void {
  const set = (globalThis as { [KEY]?: Set<Observer> })[KEY];
  if (set) for (const observer of set) observer(stage);
}

/**
 * Records every stage value made until `stop()`, e.g. while a config loads. Lint uses it to find a
 * test stage that the config declares but no target reaches (the compiler prunes such stages).
 */
export function observeStages(): { readonly stages: readonly Stage[]; stop(): void } {
  const stages: Stage[] = [];
  const observer: Observer = (stage) => {
    stages.push(stage);
  };
  observers().add(observer);
  return {
    stages,
    stop: () => {
      observers().delete(observer);
    },
  };
}
