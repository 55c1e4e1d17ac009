import { rawText } from '../../ir/text.js';
import { at, atStage, defaultStage, defineRule, isRootUser, lastUser, stageChain } from '../ruleHelpers.js';

/** DL3002: the default target, the image people run, should not run as root. */
export const finalUserRoot = defineRule({
  id: 'DL3002',
  description:
    'The default target must not run as root: its last USER (inherited stages included) is root, or none is set.',
  defaultSeverity: 'warn',
  check: ({ build }) => {
    const target = defaultStage(build);
    if (!target) return [];
    const chain = stageChain(build, target.name);
    const last = lastUser(chain);
    const hint = "switch to an unprivileged user after the steps that need root: nonRootUser(), or user('10001:10001')";
    if (last) {
      const name = rawText(last.step.user);
      return isRootUser(name)
        ? [
            {
              ...at(last),
              message: `the last USER of target "${target.name}" is ${name}: the container runs as root`,
              hint,
            },
          ]
        : [];
    }
    const root = chain[0];
    const image = root && 'image' in root.from ? root.from.image : '';
    if (/nonroot|rootless/i.test(image)) return [];
    return [
      {
        ...atStage(target),
        message: `target "${target.name}" never sets USER: the container runs as the base image's user, root for most images`,
        hint,
      },
    ];
  },
});
