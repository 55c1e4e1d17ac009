// Where V8 puts new objects: in the young generation, or (an allocation site pretenured) straight
// in the old one. Plain JavaScript, so a plain `node` and a config bundle can both import it.
import { setFlagsFromString } from 'node:v8';

let calls = 0;

/**
 * Makes `count` small objects at one site, keeps them (as a config keeps its parts) and makes
 * garbage between them; returns how many were born old. Under V8's defaults the site is soon
 * pretenured: most are.
 */
export function objectsBornOld(count = 300_000) {
  // V8's test hooks (%InYoungGeneration) parse only with this flag. It is off again before the
  // probe returns: V8 refuses a code cache made under other flags than the reader's, and a `dsl`
  // process writes its caches at exit.
  setFlagsFromString('--allow-natives-syntax');
  try {
    // A source of its own each call: V8 caches a Function's compiled source, with its allocation
    // sites, which remember their decision.
    const probe = new Function(
      'count',
      `// probe ${++calls}
      const kept = [];
      let bornOld = 0;
      for (let index = 0; index < count; index++) {
        const part = { index, list: [index] };
        if (!%InYoungGeneration(part)) bornOld++;
        kept.push(part);
        for (let garbage = 0; garbage < 20; garbage++) part.last = { garbage };
      }
      return bornOld;`,
    );
    return probe(count);
  } finally {
    setFlagsFromString('--no-allow-natives-syntax');
  }
}

/**
 * objectsBornOld under V8's defaults, tried up to three times: when V8 starts pretenuring depends
 * on how its young generation has grown, and once in a while a first try in a new process sees
 * none. A test asserting that none are born old calls this first in the same process, so its 0 is
 * not blindness.
 */
export function objectsBornOldByDefault() {
  let bornOld = 0;
  for (let attempt = 0; attempt < 3 && bornOld <= 1_000; attempt++) bornOld = objectsBornOld();
  return bornOld;
}
