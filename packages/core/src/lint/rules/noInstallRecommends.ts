import { allRuns, at, defineRule } from '../ruleHelpers.js';
import { basename, subcommand } from '../shellScript.js';
import { isAptInstall } from './aptGetYes.js';

/**
 * DL3015: recommended packages are not needed to run and can double an image. No --fix: dropping
 * them changes what is installed, and something may rely on one.
 */
export const noInstallRecommends = defineRule({
  id: 'DL3015',
  description: 'apt-get install should use --no-install-recommends.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allRuns(build).flatMap((entry) => {
      const missing = entry.commands.filter((command) => {
        if (!isAptInstall(command)) return false;
        const { options, args } = subcommand(command.words);
        const all = [...options, ...args];
        return (
          !all.includes('--no-install-recommends') && !all.some((o) => /^APT::Install-Recommends=(false|0)$/i.test(o))
        );
      });
      const [first] = missing;
      if (first === undefined) return [];
      return [
        {
          ...at(entry),
          message: `${basename(first.words[0] ?? 'apt-get')} install without --no-install-recommends also installs packages nothing needs`,
          hint: "add --no-install-recommends, or use aptInstall(['pkg']), which does",
        },
      ];
    }),
});
