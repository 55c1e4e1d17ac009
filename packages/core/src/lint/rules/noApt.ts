import { allRuns, at, defineRule, writtenAt } from '../ruleHelpers.js';
import { basename } from '../shellScript.js';

/** Subcommands apt and apt-get share with the same meaning: only these are rewritten by --fix. */
const SAME_IN_APT_GET = new Set(['install', 'update', 'upgrade', 'remove', 'purge', 'autoremove']);

/** DL3027: apt's output and prompts are for people and change between releases; apt-get is stable. */
export const noApt = defineRule({
  id: 'DL3027',
  description: 'Use apt-get (or aptInstall()), not apt, in a RUN.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allRuns(build).flatMap((entry) => {
      const uses = entry.commands.filter((command) => basename(command.words[0] ?? '') === 'apt');
      if (uses.length === 0) return [];
      const fixable =
        writtenAt(entry.step, 'run') && uses.every((command) => SAME_IN_APT_GET.has(command.words[1] ?? ''));
      return [
        {
          ...at(entry),
          message: `RUN uses apt ${uses[0]?.words[1] ?? ''}: apt has no stable command-line interface for scripts`,
          hint: "use apt-get (apt-cache for search/show), or the aptInstall(['pkg']) fragment",
          ...(fixable
            ? {
                fix: {
                  kind: 'replaceInStrings' as const,
                  description: 'apt <command> -> apt-get <command>',
                  pattern: `(^|[\\s;&|(])apt(?=\\s+(?:${[...SAME_IN_APT_GET].join('|')})\\b)`,
                  flags: 'g',
                  replacement: '$1apt-get',
                },
              }
            : {}),
        },
      ];
    }),
});
