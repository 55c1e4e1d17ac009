import { allRuns, at, defineRule } from '../ruleHelpers.js';

/** DL3003: `cd` in a RUN lasts for that RUN only; WORKDIR states the directory for what follows. */
export const cdInsteadOfWorkdir = defineRule({
  id: 'DL3003',
  description: 'Use workdir() instead of cd in a RUN.',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allRuns(build).flatMap((entry) => {
      const cd = entry.commands.find((command) => command.words[0] === 'cd');
      if (!cd) return [];
      return [
        {
          ...at(entry),
          message: `RUN uses "cd ${cd.words[1] ?? ''}": the directory change is lost after this RUN and hides where commands run`,
          hint: `put workdir('${cd.words[1] ?? '/path'}') before the step (WORKDIR also creates the directory)`,
        },
      ];
    }),
});
