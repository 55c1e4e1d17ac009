/**
 * Instruction sequences that are clearly one of the built-in fragments' patterns, and only those:
 * every word of the RUN must be accounted for (no unknown flag, no extra command), the manifests
 * must have been copied by the COPY just before, and the fragment must produce the same
 * instructions or better ones (cache mounts, sorted packages). Anything else stays a raw step.
 */
import type { CopyStep, RunStep, Step } from '@dockerdsl/core';
import { arr, bool, call, type Expr, obj, type Prop, str } from './code.js';
import { type PlainCommand, plainCommands } from './shellScan.js';

/** What the importer knows about the stage at the step being looked at. */
export interface StageFacts {
  /** The WORKDIR in effect when it is a literal absolute path set in this Dockerfile. */
  readonly workdir?: string;
  /** False once a USER other than root is set in the stage or a parent: caches under /root then miss. */
  readonly root: boolean;
  /** False for PowerShell, cmd or an unknown SHELL. */
  readonly posix: boolean;
  /** Whether a later RUN in this stage, or any RUN of a stage built FROM it, uses the tool raw. */
  readonly laterRawUse: (tool: Tool) => boolean;
}

export type Tool = 'apt' | 'apk' | 'go';

export interface Recognised {
  readonly fragment: string;
  readonly expr: Expr;
  /** How many steps (from the one looked at) the fragment replaces. */
  readonly consumed: number;
  /** What was recognised and what the fragment does differently, for a comment in the config. */
  readonly note: string;
}

/** Tool uses that make a cache mount in an earlier fragment unsafe (see StageFacts.laterRawUse). */
export const TOOL_USE: Readonly<Record<Tool, RegExp>> = {
  apt: /\bapt(-get)?\b[^;&|]*\binstall\b|\bdpkg\b/,
  apk: /\bapk\b[^;&|]*\badd\b/,
  go: /\bgo\s+(build|test|install|run|vet|generate|get|mod|list|work)\b/,
};

/** The command text of a shell-form RUN without mounts or network, or undefined. */
export function plainRunText(step: Step | undefined): string | undefined {
  if (step?.kind !== 'run') return undefined;
  const run = step as RunStep;
  if (run.command.form !== 'shell' || run.mounts.length > 0 || run.network !== undefined) return undefined;
  return run.command.commands.join(' && ');
}

/**
 * The simple commands of a RUN: `a && b`, or `set -e; a; b` (with `set -e`, `;` stops at the first
 * failure like `&&`). The `set` command itself is dropped.
 */
function commandsOf(step: Step | undefined): PlainCommand[] | undefined {
  const text = plainRunText(step);
  if (text === undefined) return undefined;
  const parsed = plainCommands(text);
  if (!parsed) return undefined;
  const [first, ...rest] = parsed.commands;
  if (first && first.assignments.length === 0 && first.words[0] === 'set') {
    const flags = first.words.slice(1);
    const errexit =
      flags.length > 0 && flags.every((flag) => /^-[a-z]+$/.test(flag)) && flags.some((f) => f.includes('e'));
    if (!errexit || rest.length === 0) return undefined;
    return rest;
  }
  return parsed.separators.every((separator) => separator === '&&') ? parsed.commands : undefined;
}

const is = (command: PlainCommand | undefined, ...words: string[]): boolean =>
  command !== undefined && command.assignments.length === 0 && command.words.join(' ') === words.join(' ');

// --- system packages ------------------------------------------------------------------------------

const APT_INSTALL_FLAGS = new Set(['-y', '--yes', '--assume-yes', '-q', '-qq', '--quiet', '--no-install-recommends']);
const APT_UPDATE_FLAGS = new Set(['-q', '-qq', '--quiet', '-y']);

function aptInstall(commands: PlainCommand[]): string[] | undefined {
  let index = 0;
  const update = commands[index];
  if (
    update?.words[0] !== 'apt-get' ||
    update.words
      .slice(1)
      .filter((w) => !APT_UPDATE_FLAGS.has(w))
      .join(' ') !== 'update' ||
    update.assignments.some((a) => a !== 'DEBIAN_FRONTEND=noninteractive')
  ) {
    return undefined;
  }
  index++;
  const install = commands[index];
  if (install?.words[0] !== 'apt-get') return undefined;
  if (install.assignments.some((a) => a !== 'DEBIAN_FRONTEND=noninteractive')) return undefined;
  const words = install.words.slice(1);
  if (words.filter((w) => w === 'install').length !== 1) return undefined;
  const flags = words.filter((w) => w.startsWith('-'));
  const packages = words.filter((w) => !w.startsWith('-') && w !== 'install');
  if (flags.some((flag) => !APT_INSTALL_FLAGS.has(flag))) return undefined;
  if (!flags.some((f) => f === '-y' || f === '--yes' || f === '--assume-yes')) return undefined;
  // Without it apt installs recommended packages too: the fragment would install fewer.
  if (!flags.includes('--no-install-recommends')) return undefined;
  if (packages.length === 0) return undefined;
  index++;
  for (const cleanup of commands.slice(index)) {
    const ok =
      is(cleanup, 'rm', '-rf', '/var/lib/apt/lists/*') ||
      is(cleanup, 'rm', '-fr', '/var/lib/apt/lists/*') ||
      is(cleanup, 'apt-get', 'clean') ||
      is(cleanup, 'apt-get', 'dist-clean');
    if (!ok) return undefined;
  }
  return packages;
}

const APK_FLAGS = new Set(['--no-cache', '--update', '-U', '--update-cache']);

function apkAdd(commands: PlainCommand[]): string[] | undefined {
  let rest = commands;
  if (is(rest[0], 'apk', 'update')) rest = rest.slice(1);
  const add = rest[0];
  if (!add || add.assignments.length > 0 || add.words[0] !== 'apk' || add.words[1] !== 'add') return undefined;
  const words = add.words.slice(2);
  if (words.some((w) => w.startsWith('-') && !APK_FLAGS.has(w))) return undefined;
  const packages = words.filter((w) => !w.startsWith('-'));
  if (packages.length === 0) return undefined;
  for (const cleanup of rest.slice(1)) {
    if (!is(cleanup, 'rm', '-rf', '/var/cache/apk/*')) return undefined;
  }
  return packages;
}

function packageList(packages: readonly string[]): Expr {
  return arr(packages.map(str));
}

function systemPackages(step: Step, facts: StageFacts): Recognised | undefined {
  const commands = commandsOf(step);
  if (!commands || !facts.posix) return undefined;
  const apt = aptInstall(commands);
  if (apt) {
    const mounts = !facts.laterRawUse('apt');
    return {
      fragment: 'aptInstall',
      expr: mounts
        ? call('aptInstall', packageList(apt))
        : call('aptInstall', packageList(apt), obj([{ key: 'cacheMounts', value: bool(false) }])),
      consumed: 1,
      note: mounts
        ? `apt-get update and install recognised as aptInstall (sorted packages; apt's caches in cache mounts instead of deleting the lists)`
        : `apt-get update and install recognised as aptInstall (no cache mounts: a later RUN installs with apt itself)`,
    };
  }
  const apk = apkAdd(commands);
  if (apk) {
    const mounts = !facts.laterRawUse('apk');
    return {
      fragment: 'apkAdd',
      expr: mounts
        ? call('apkAdd', packageList(apk))
        : call('apkAdd', packageList(apk), obj([{ key: 'cacheMounts', value: bool(false) }])),
      consumed: 1,
      note: mounts
        ? `apk add recognised as apkAdd (sorted packages; apk's cache in a cache mount, linked from /etc/apk/cache)`
        : `apk add recognised as apkAdd (--no-cache: a later RUN installs with apk itself)`,
    };
  }
  return undefined;
}

// --- manifests copied, then installed -------------------------------------------------------------

/** The files a plain COPY copies into the WORKDIR keeping their relative paths, or undefined. */
function copiedManifests(step: Step | undefined, facts: StageFacts): string[] | undefined {
  if (step?.kind !== 'copy') return undefined;
  const copy = step as CopyStep;
  if (
    copy.from !== undefined ||
    copy.chown !== undefined ||
    copy.chmod !== undefined ||
    copy.link ||
    copy.exclude ||
    copy.parents ||
    copy.gate
  ) {
    return undefined;
  }
  const sources = [...copy.sources];
  if (sources.some((source) => !/^[A-Za-z0-9_@%+=:,.-]+$/.test(source) || source.startsWith('.'))) {
    // Root-level plain names only (the fragments copy `name` to `./name`); `package*.json` is handled apart.
    if (!(sources.length === 1 && sources[0] === 'package*.json')) return undefined;
  }
  const dest = copy.dest;
  const inWorkdir = (path: string) => {
    if (path === '.' || path === './') return true;
    if (facts.workdir === undefined) return false;
    const dir = facts.workdir.replace(/\/+$/, '');
    return path === `${dir}/` || (path === dir && false);
  };
  if (inWorkdir(dest)) return sources;
  // `COPY requirements.txt requirements.txt` or `COPY requirements.txt /app/requirements.txt`.
  if (sources.length === 1) {
    const source = sources[0] as string;
    if (dest === source || dest === `./${source}`) return sources;
    if (facts.workdir !== undefined && dest === `${facts.workdir.replace(/\/+$/, '')}/${source}`) return sources;
  }
  return undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

function pipInstall(copyStep: Step | undefined, runStep: Step, facts: StageFacts): Recognised | undefined {
  const commands = commandsOf(runStep);
  if (commands?.length !== 1 || !facts.root || !facts.posix) return undefined;
  const [pip] = commands as [PlainCommand];
  const program = pip.words[0] ?? '';
  if (
    pip.assignments.length > 0 ||
    !/^(pip3?|\/[A-Za-z0-9_./-]*\/pip3?)$/.test(program) ||
    pip.words[1] !== 'install'
  ) {
    return undefined;
  }
  const requirements: string[] = [];
  const packages: string[] = [];
  let constraints: string | undefined;
  let indexUrl: string | undefined;
  let noCacheDir = false;
  const words = pip.words.slice(2);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const value = (): string | undefined => {
      const eq = word.indexOf('=');
      if (word.startsWith('--') && eq > 0) return word.slice(eq + 1);
      i++;
      return words[i];
    };
    const name = word.startsWith('--') && word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    if (name === '--no-cache-dir') noCacheDir = true;
    else if (name === '-r' || name === '--requirement') {
      const file = value();
      if (file === undefined) return undefined;
      requirements.push(file);
    } else if (name === '-c' || name === '--constraint') {
      const file = value();
      if (file === undefined || constraints !== undefined) return undefined;
      constraints = file;
    } else if (name === '-i' || name === '--index-url') {
      const url = value();
      if (url === undefined || indexUrl !== undefined) return undefined;
      indexUrl = url;
    } else if (word.startsWith('-')) return undefined;
    else packages.push(word);
  }
  const files = [...requirements, ...(constraints !== undefined ? [constraints] : [])];
  if (files.length > 0) {
    const copied = copiedManifests(copyStep, facts);
    if (!copied || !sameSet(copied, files)) return undefined;
  } else if (packages.length === 0) {
    return undefined;
  }
  const props: Prop[] = [];
  if (requirements.length > 0) {
    props.push({
      key: 'requirements',
      value: requirements.length === 1 ? str(requirements[0] as string) : arr(requirements.map(str)),
    });
  }
  if (constraints !== undefined) props.push({ key: 'constraints', value: str(constraints) });
  if (indexUrl !== undefined) props.push({ key: 'indexUrl', value: str(indexUrl) });
  if (program !== 'pip') props.push({ key: 'pip', value: str(program) });
  const options = (extra: Prop[]) => obj([...extra, ...props]);
  const expr =
    requirements.length === 0 && props.length === 0
      ? call('pipInstall', arr(packages.map(str)))
      : requirements.length === 0
        ? call('pipInstall', arr(packages.map(str)), obj(props))
        : call('pipInstall', options(packages.length > 0 ? [{ key: 'packages', value: arr(packages.map(str)) }] : []));
  const what = files.length > 0 ? 'COPY of the requirements and pip install' : 'pip install';
  return {
    fragment: 'pipInstall',
    expr,
    consumed: files.length > 0 ? 2 : 1,
    note: `${what} recognised as pipInstall (pip's cache in a cache mount${noCacheDir ? ' instead of --no-cache-dir' : ''})`,
  };
}

const NPM_FLAGS: Readonly<Record<string, 'omitDev' | 'ignoreScripts' | 'implied'>> = {
  '--omit=dev': 'omitDev',
  '--only=production': 'omitDev',
  '--only=prod': 'omitDev',
  '--production': 'omitDev',
  '--ignore-scripts': 'ignoreScripts',
  '--no-audit': 'implied',
  '--no-fund': 'implied',
};

function npmCi(copyStep: Step | undefined, runStep: Step, facts: StageFacts): Recognised | undefined {
  const commands = commandsOf(runStep);
  if (!commands || !facts.root || !facts.posix) return undefined;
  const [install, ...rest] = commands;
  if (!install || install.assignments.length > 0 || install.words[0] !== 'npm' || install.words[1] !== 'ci')
    return undefined;
  const flags = install.words.slice(2);
  if (flags.some((flag) => !Object.hasOwn(NPM_FLAGS, flag))) return undefined;
  if (!rest.every((command) => is(command, 'npm', 'cache', 'clean', '--force'))) return undefined;
  const copied = copiedManifests(copyStep, facts);
  if (!copied || !(sameSet(copied, ['package.json', 'package-lock.json']) || sameSet(copied, ['package*.json']))) {
    return undefined;
  }
  const props: Prop[] = [];
  if (flags.some((flag) => NPM_FLAGS[flag] === 'omitDev')) props.push({ key: 'omitDev', value: bool(true) });
  if (flags.some((flag) => NPM_FLAGS[flag] === 'ignoreScripts'))
    props.push({ key: 'ignoreScripts', value: bool(true) });
  return {
    fragment: 'npmCi',
    expr: props.length > 0 ? call('npmCi', obj(props)) : call('npmCi'),
    consumed: 2,
    note: `COPY of package.json and package-lock.json and npm ci recognised as npmCi (npm's cache in a cache mount)`,
  };
}

function yarnInstall(copyStep: Step | undefined, runStep: Step, facts: StageFacts): Recognised | undefined {
  const commands = commandsOf(runStep);
  if (!commands || !facts.root || !facts.posix) return undefined;
  const [install, ...rest] = commands;
  if (!install || install.assignments.length > 0 || install.words[0] !== 'yarn') return undefined;
  const words = install.words.slice(1);
  const flags = words[0] === 'install' ? words.slice(1) : words;
  if (!flags.includes('--frozen-lockfile') || flags.some((f) => f !== '--frozen-lockfile' && f !== '--production')) {
    return undefined;
  }
  if (!rest.every((command) => is(command, 'yarn', 'cache', 'clean'))) return undefined;
  const copied = copiedManifests(copyStep, facts);
  if (!copied || !sameSet(copied, ['package.json', 'yarn.lock'])) return undefined;
  const omitDev = flags.includes('--production');
  return {
    fragment: 'yarnInstall',
    expr: omitDev ? call('yarnInstall', obj([{ key: 'omitDev', value: bool(true) }])) : call('yarnInstall'),
    consumed: 2,
    note: `COPY of package.json and yarn.lock and yarn install --frozen-lockfile recognised as yarnInstall (Yarn's cache in a cache mount)`,
  };
}

function goModDownload(copyStep: Step | undefined, runStep: Step, facts: StageFacts): Recognised | undefined {
  const commands = commandsOf(runStep);
  if (commands?.length !== 1 || !is(commands[0], 'go', 'mod', 'download') || !facts.posix) return undefined;
  const copied = copiedManifests(copyStep, facts);
  if (!copied) return undefined;
  const manifests = sameSet(copied, ['go.mod', 'go.sum']) ? undefined : sameSet(copied, ['go.mod']) ? ['go.mod'] : null;
  if (manifests === null) return undefined;
  const mount = !facts.laterRawUse('go');
  const props: Prop[] = [];
  if (manifests) props.push({ key: 'manifests', value: arr(manifests.map(str)) });
  if (!mount) props.push({ key: 'cacheMount', value: bool(false) });
  return {
    fragment: 'goModDownload',
    expr: props.length > 0 ? call('goModDownload', obj(props)) : call('goModDownload'),
    consumed: 2,
    note: mount
      ? `COPY of go.mod and go.sum and go mod download recognised as goModDownload (module cache in a cache mount)`
      : `COPY of go.mod and go.sum and go mod download recognised as goModDownload (modules kept in the image: a later RUN uses go)`,
  };
}

/**
 * A fragment for the steps starting at `steps[0]` (instructions only, no comments), or undefined.
 */
export function recognise(steps: readonly Step[], facts: StageFacts): Recognised | undefined {
  const [first, second] = steps;
  if (!first) return undefined;
  if (first.kind === 'run') {
    return systemPackages(first, facts) ?? pipInstall(undefined, first, facts);
  }
  if (first.kind === 'copy' && second?.kind === 'run') {
    return (
      pipInstall(first, second, facts) ??
      npmCi(first, second, facts) ??
      yarnInstall(first, second, facts) ??
      goModDownload(first, second, facts)
    );
  }
  return undefined;
}
