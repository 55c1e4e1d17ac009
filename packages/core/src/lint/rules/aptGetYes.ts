import { allRuns, at, defineRule, writtenAt } from '../ruleHelpers.js';
import { basename, type SimpleCommand, subcommand } from '../shellScript.js';

/** `-y`, `--yes`, `--assume-yes`, `-qq` (implies -y) or a short-flag cluster with y (`-yq`). */
function assumesYes(options: readonly string[]): boolean {
  return options.some(
    (option) =>
      option === '--yes' ||
      option === '--assume-yes' ||
      option === '-qq' ||
      option === '-q=2' ||
      /^-[a-zA-Z]*y[a-zA-Z]*$/.test(option),
  );
}

export function isAptInstall(command: SimpleCommand): boolean {
  const program = basename(command.words[0] ?? '');
  return (program === 'apt-get' || program === 'apt') && subcommand(command.words).name === 'install';
}

/**
 * DL3014: without `-y`, apt-get asks before installing extra packages and, with no terminal,
 * aborts the build. Adding `-y` is what --fix does: it cannot change a build that worked.
 */
export const aptGetYes = defineRule({
  id: 'DL3014',
  description: 'apt-get install needs -y: without a terminal it aborts when it would ask.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allRuns(build).flatMap((entry) => {
      const installs = entry.commands.filter(isAptInstall);
      const missing = installs.filter((command) => !assumesYes(subcommand(command.words).options));
      if (missing.length === 0) return [];
      const fixable = writtenAt(entry.step, 'run') && missing.length === installs.length;
      return [
        {
          ...at(entry),
          message: `${basename(missing[0]?.words[0] ?? 'apt-get')} install without -y: the build aborts as soon as apt wants to ask`,
          hint: "add -y, or use the aptInstall(['pkg']) fragment",
          ...(fixable
            ? {
                fix: {
                  kind: 'replaceInStrings' as const,
                  description: 'apt-get install -> apt-get install -y',
                  pattern: '\\b(apt-get|apt)(\\s+)install\\b',
                  flags: 'g',
                  replacement: '$1$2install -y',
                },
              }
            : {}),
        },
      ];
    }),
});
