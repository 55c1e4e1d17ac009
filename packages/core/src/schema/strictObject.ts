import * as z from 'zod/mini';
import { closestName } from './closestName.js';

/**
 * An object schema for what users write (options, the config): an unknown key is an error, not
 * silently ignored, and the message suggests the key it was probably meant to be. `what` names the
 * keys in the message ("option", "config key"). IR schemas stay open instead: IR from a newer core
 * may carry fields this one does not know.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, what = 'option') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known, what) : undefined),
  });
}

export function unknownKeysMessage(keys: readonly string[], known: readonly string[], what: string): string {
  const named = keys.map((key) => {
    const meant = closestName(key, known);
    return meant === undefined ? `"${key}"` : `"${key}" (did you mean "${meant}"?)`;
  });
  return `unknown ${what}${keys.length > 1 ? 's' : ''} ${named.join(', ')}; ${what}s: ${known.join(', ')}`;
}
