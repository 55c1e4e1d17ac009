import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseCommandArgs, usageFailure } from '../args.js';
import { compileConfigFile } from '../compileConfigFile.js';
import { EXIT, ReportedFailure } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { writeStdout } from '../stdio.js';

export const usage = `Usage: dsl image [CONTEXT] [options] [-- extra docker build args]

Compile CONTEXT/docker.config.ts and build it with BuildKit: the Dockerfile is piped to
"docker build -f - CONTEXT", the builder's progress is streamed, and its exit code returned.

Options:
  --config PATH     config file (default: CONTEXT/docker.config.ts)
  --target NAME     target to build (default: the config's default target)
  -t, --tag TAG     image tag (repeatable)
  --platform P      target platform, e.g. linux/amd64
  -h, --help        show this help

Environment: DSL_DOCKER is the docker client to run (default: docker); DOCKER_BUILDKIT=1 is set.
Exit codes: docker build's own code; 1 config error; 2 usage error; 3 no engine reachable.`;

const options = {
  config: { type: 'string' },
  target: { type: 'string' },
  tag: { type: 'string', short: 't', multiple: true },
  platform: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const EXIT_NO_ENGINE = 3;

export async function image(argv: readonly string[]): Promise<number> {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const extra = separator === -1 ? [] : argv.slice(separator + 1);
  const { values, positionals } = parseCommandArgs('image', own, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageFailure('image', 'dsl image takes one build context directory');
  const context = resolve(positionals[0] ?? '.');
  const configPath = findConfig(positionals[0], values.config);
  // The same Dockerfile `dsl build` would write: lock-pinned images, lint reported.
  const { dockerfile, build } = await compileConfigFile(configPath, {
    cwd: process.cwd(),
    ...(values.target !== undefined ? { target: values.target } : {}),
  });

  const docker = process.env['DSL_DOCKER'] || 'docker';
  const env = { ...process.env, DOCKER_BUILDKIT: '1' };
  const probe = spawnSync(docker, ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr || probe.stdout).trim().split('\n').pop();
    throw new ReportedFailure(
      `no Docker engine reachable through "${docker}": ${why}\n  hint: start the Docker daemon (or set DOCKER_HOST), or point DSL_DOCKER at a working client; "dsl build" writes the Dockerfile without an engine`,
      EXIT_NO_ENGINE,
    );
  }
  const args = [
    'build',
    '-f',
    '-',
    '--target',
    values.target ?? build.defaultTarget,
    ...(values.tag ?? []).flatMap((tag) => ['-t', tag]),
    ...(values.platform !== undefined ? ['--platform', values.platform] : []),
    ...extra,
    context,
  ];
  return await new Promise<number>((done, fail) => {
    const child = spawn(docker, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 128 + 15 : EXIT.failure)));
    child.stdin.end(dockerfile);
  });
}
