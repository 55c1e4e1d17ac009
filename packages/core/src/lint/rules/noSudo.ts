import { allRuns, at, defineRule } from '../ruleHelpers.js';
import { basename, runScript, simpleCommands } from '../shellScript.js';

/** DL3004: build steps run as the stage's USER; sudo adds a setuid binary and TTY/PAM surprises. */
export const noSudo = defineRule({
  id: 'DL3004',
  description: 'Do not use sudo in a RUN: switch users with user() around the steps that need root.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allRuns(build).flatMap((entry) => {
      const script = runScript(entry.step);
      if (script === undefined || !simpleCommands(script).some((c) => basename(c.words[0] ?? '') === 'sudo')) return [];
      return [
        {
          ...at(entry),
          message: 'RUN uses sudo: it has unpredictable TTY and signal behaviour and needs sudo installed',
          hint: "run the step as root: user('root') before it and user('<app user>') after, or move it before the USER switch",
        },
      ];
    }),
});
