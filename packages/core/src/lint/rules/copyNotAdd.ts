import { allSteps, at, defineRule, writtenAt } from '../ruleHelpers.js';

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;
/** ADD unpacks local tar archives (plain, gzip, bzip2, xz): for those ADD is the right tool. */
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst)|gz|bz2|xz)$/i;
const MAY_NAME_ARCHIVE = /[*?[$]/;

/**
 * DL3020: ADD of local files does what COPY does, plus surprises (archives unpacked). The fix
 * renames `add(` to `copy(`: same arguments, same options (chown, chmod, link), so the same layer.
 */
export const copyNotAdd = defineRule({
  id: 'DL3020',
  description: 'Use copy() rather than add() for local files and directories (add() is for URLs and archives).',
  defaultSeverity: 'warn',
  check: ({ build }) =>
    allSteps(build).flatMap((entry) => {
      const { step } = entry;
      if (step.kind !== 'add') return [];
      if (step.sources.some((source) => REMOTE.test(source) || ARCHIVE.test(source))) return [];
      // A pattern or a variable may match an archive, which ADD unpacks and COPY would not: the
      // finding stands (ADD is still the wrong tool for plain files) but a rename could change the
      // build, so none is offered.
      const fixable =
        writtenAt(step, 'add') &&
        step.checksum === undefined &&
        !step.sources.some((source) => MAY_NAME_ARCHIVE.test(source));
      return [
        {
          ...at(entry),
          message: `ADD of local ${step.sources.length === 1 ? `"${step.sources[0]}"` : 'files'}: use COPY, which only copies (ADD also unpacks archives and fetches URLs)`,
          hint: 'replace add(...) with copy(...): it takes the same sources, destination and options',
          ...(fixable
            ? { fix: { kind: 'renameCall' as const, description: 'add(...) -> copy(...)', from: 'add', to: 'copy' } }
            : {}),
        },
      ];
    }),
});
