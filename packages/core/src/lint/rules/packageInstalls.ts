import { basename, operands, type SimpleCommand, subcommand } from '../shellScript.js';

export type PackageManager = 'apt' | 'apk' | 'pip' | 'npm';

export interface PackageInstall {
  readonly manager: PackageManager;
  /** Package operands as written (`curl`, `curl=8.5.0-2`, `flask==3.0.0`, `left-pad@1.3.0`). */
  readonly packages: readonly string[];
}

const APT_VALUE_OPTIONS = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release']);
const APK_VALUE_OPTIONS = new Set([
  '-t',
  '--virtual',
  '-X',
  '--repository',
  '-p',
  '--root',
  '--arch',
  '--cache-dir',
  '--keys-dir',
  '--repositories-file',
]);
const PIP_VALUE_OPTIONS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--src',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--trusted-host',
  '--cache-dir',
  '--progress-bar',
  '--upgrade-strategy',
  '--no-binary',
  '--only-binary',
  '--report',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--global-option',
  '--config-settings',
  '-C',
]);
const NPM_VALUE_OPTIONS = new Set([
  '--prefix',
  '--registry',
  '--cache',
  '-w',
  '--workspace',
  '--omit',
  '--include',
  '--tag',
]);

/** What a simple command installs, if it is an apt-get/apt, apk, pip or npm install. */
export function packageInstall(command: SimpleCommand): PackageInstall | undefined {
  let words = command.words;
  const program = basename(words[0] ?? '');
  if (/^python(\d(\.\d+)?)?$/.test(program) && words[1] === '-m' && /^pip\d?(\.\d+)?$/.test(words[2] ?? '')) {
    words = words.slice(2);
  }
  const name = basename(words[0] ?? '');
  const usable = (list: string[]) => list.filter((word) => !word.includes('$'));
  if (name === 'apt-get' || name === 'apt') {
    const sub = subcommand(words, APT_VALUE_OPTIONS);
    if (sub.name !== 'install') return undefined;
    return { manager: 'apt', packages: usable(operands(sub.args, APT_VALUE_OPTIONS)) };
  }
  if (name === 'apk') {
    const sub = subcommand(words, APK_VALUE_OPTIONS);
    if (sub.name !== 'add') return undefined;
    return { manager: 'apk', packages: usable(operands(sub.args, APK_VALUE_OPTIONS)) };
  }
  if (/^pip\d?(\.\d+)?$/.test(name)) {
    const sub = subcommand(words, PIP_VALUE_OPTIONS);
    if (sub.name !== 'install') return undefined;
    return { manager: 'pip', packages: usable(operands(sub.args, PIP_VALUE_OPTIONS)) };
  }
  if (name === 'npm') {
    const sub = subcommand(words, NPM_VALUE_OPTIONS);
    if (sub.name !== 'install' && sub.name !== 'i' && sub.name !== 'add') return undefined;
    return { manager: 'npm', packages: usable(operands(sub.args, NPM_VALUE_OPTIONS)) };
  }
  return undefined;
}

const LOCAL_OR_URL = /^(\.{1,2}(\/|$)|\/|[a-z][a-z0-9+.-]*:\/\/|git[+@:]|file:)|\.(deb|whl|tar\.gz|tgz|zip|apk)$/i;

/** Whether an operand names a version (or a file or URL, which is as fixed as its content). */
export function isPinned(manager: PackageManager, operand: string): boolean {
  if (LOCAL_OR_URL.test(operand)) return true;
  switch (manager) {
    case 'apt':
      return operand.includes('=');
    case 'apk':
      return /[=<>~]/.test(operand);
    case 'pip':
      return /[=<>~!@]/.test(operand);
    case 'npm':
      return operand.lastIndexOf('@') > 0;
    default:
      return false;
  }
}
