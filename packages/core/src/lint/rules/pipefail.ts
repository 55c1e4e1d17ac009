import type { ShellStep } from '../../ir/steps.js';
import { allRuns, at, defineRule, stageChain } from '../ruleHelpers.js';
import { basename } from '../shellScript.js';

const QUIET_FEEDERS = new Set(['echo', 'printf']);
const SET_PIPEFAIL = /\bset\s+(?:-[a-zA-Z]+\s+)*-[a-zA-Z]*o\s+pipefail\b/;

/**
 * DL4006: `a | b` succeeds when `a` fails, unless the shell runs with pipefail. No --fix: Debian's
 * /bin/sh (dash) rejects `set -o pipefail`, so the right form depends on the image's shell. Unlike
 * hadolint, a pipe fed only by `echo`/`printf` (`echo "$sum  file" | sha256sum -c -`) is fine.
 */
export const pipefail = defineRule({
  id: 'DL4006',
  description: 'A RUN with a pipe must run with pipefail (SHELL with -o pipefail, or set -o pipefail).',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allRuns(build).flatMap((entry) => {
      // A command that feeds a pipe and can fail: `echo`/`printf` into a pipe cannot hide a failure.
      const feeders = entry.commands.filter(
        (command) => command.pipedOut && !QUIET_FEEDERS.has(basename(command.words[0] ?? '')),
      );
      if (entry.step.command.form === 'exec' || feeders.length === 0) return [];
      const script =
        entry.step.command.form === 'shell' ? entry.step.command.commands.join('\n') : entry.step.command.script;
      if (SET_PIPEFAIL.test(script)) return [];
      // The SHELL in force: the last one before this step, in this stage or its parents.
      let shell: ShellStep | undefined;
      for (const stage of stageChain(build, entry.stage.name)) {
        const limit = stage === entry.stage ? entry.index - 1 : stage.steps.length;
        for (const step of stage.steps.slice(0, limit)) if (step.kind === 'shell') shell = step;
      }
      if (shell && (shell.argv.includes('pipefail') || !/(^|\/)(ba|z|k|a|da)?sh$/.test(shell.argv[0] ?? ''))) return [];
      return [
        {
          ...at(entry),
          message: 'RUN with a pipe but without pipefail: the step succeeds even when a command before the | fails',
          hint: "put shell(['/bin/bash', '-o', 'pipefail', '-c']) before it (Debian/Ubuntu images), or start the command with set -o pipefail && (Alpine/BusyBox; Debian's dash does not support it)",
        },
      ];
    }),
});
