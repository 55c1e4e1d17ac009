// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR}
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Config,
  compile,
  expand,
  type ImportedDockerfile,
  importDockerfile,
  type Stage,
  type Step,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

function steps(imported: ImportedDockerfile, stage = -1): Step[] {
  return imported.stages.at(stage)!.steps.map((s) => s.step);
}

/** The steps without origins, and stage references by name, for comparisons. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v) => {
      if (key === 'origin' || key === 'trace') return undefined;
      if (v && typeof v === 'object' && (v as { kind?: unknown }).kind === 'stage') return `stage:${(v as Stage).name}`;
      return v;
    }),
  );
}

function warnings(imported: ImportedDockerfile): [number, string][] {
  return imported.warnings.map((w) => [w.line, w.message]);
}

describe('stages', () => {
  const imported = importDockerfile(
    [
      'ARG BASE=python:3.12',
      'ARG PLATFORM',
      'FROM --platform=$PLATFORM ${BASE} AS Build',
      'RUN make',
      'FROM build AS test',
      'FROM "alpine:3.20"',
      'COPY --from=build /out /out',
      'COPY --from=0 /a /b',
      'COPY --from=nginx:1 /etc/nginx /etc/nginx',
    ].join('\n'),
    { file: 'app/Dockerfile' },
  );

  it('keeps global ARGs before the first FROM', () => {
    expect(plain(imported.globalArgs.map((s) => s.step))).toEqual([
      { kind: 'arg', name: 'BASE', default: 'python:3.12' },
      { kind: 'arg', name: 'PLATFORM' },
    ]);
  });

  it('names stages (lower-cased) and resolves FROM and COPY --from to earlier stages', () => {
    expect(imported.stages.map((s) => [s.name, s.named, s.from, s.platform])).toEqual([
      ['build', true, { kind: 'image', image: '${BASE}' }, '$PLATFORM'],
      ['test', true, { kind: 'stage', name: 'build', index: 0 }, undefined],
      ['stage-2', false, { kind: 'image', image: 'alpine:3.20' }, undefined],
    ]);
    const [build, test, last] = imported.stages;
    expect(test!.stage.from).toBe(build!.stage);
    expect(build!.stage).toMatchObject({ kind: 'stage', name: 'build', from: '${BASE}', platform: '$PLATFORM' });
    const copies = steps(imported) as Extract<Step, { kind: 'copy' }>[];
    expect(copies[0]!.from).toBe(build!.stage);
    expect(copies[1]!.from).toBe(build!.stage);
    expect(copies[2]!.from).toBe('nginx:1');
    expect(last!.stage.items).toEqual(copies);
  });

  it('records lines, original text and an origin pointing at the Dockerfile', () => {
    const copy = imported.stages[2]!.steps[0]!;
    expect(copy).toMatchObject({ startLine: 7, endLine: 7, original: 'COPY --from=build /out /out' });
    expect(copy.step.origin).toEqual({ fragment: 'import', callSite: { file: 'app/Dockerfile', line: 7, column: 1 } });
    expect(Object.isFrozen(copy.step)).toBe(true);
    expect(imported.warnings).toEqual([]);
  });
});

describe('values are decoded as the builder reads them', () => {
  const imported = importDockerfile(
    [
      'FROM a',
      'ENV A=1 B="x y" C=\'$lit\' D=$HOME/bin E="${HOME}" F=a\\ b',
      'ENV LEGACY hello "world"',
      'LABEL "org.key"="v 1" other=$A',
      'WORKDIR "/app dir"',
      'USER app:app',
      'ARG V="1.0"',
      'EXPOSE 80/tcp $PORT',
      'STOPSIGNAL SIGTERM',
      // JSON elements are shell words again: a quote in a path is escaped for the shell too.
      'COPY ["src dir/", "a\\\\\\"b", "/dest/"]',
      'COPY --chown=app:app --chmod=755 --link --exclude=*.md a "b" /x/',
      'ADD --checksum=sha256:abc https://example.com/f /f',
      'VOLUME ["/data", "/logs"]',
      'VOLUME /a /b',
    ].join('\n'),
  );
  const [env, legacy, label, workdir, user, arg, exposeStep, stop, copyJson, copy, add, volumeJson, volume] =
    steps(imported);

  it('ENV and LABEL: quotes and escapes removed, variables kept for the builder', () => {
    expect(env).toMatchObject({
      kind: 'env',
      vars: [
        ['A', '1'],
        ['B', 'x y'],
        ['C', '$lit'],
        ['D', expand('$HOME/bin')],
        ['E', expand('${HOME}')],
        ['F', 'a b'],
      ],
    });
    expect(legacy).toMatchObject({ kind: 'env', vars: [['LEGACY', 'hello world']] });
    expect(label).toMatchObject({
      kind: 'label',
      labels: [
        ['org.key', 'v 1'],
        ['other', expand('$A')],
      ],
    });
  });

  it('single-valued instructions', () => {
    expect(plain([workdir, user, arg, exposeStep, stop])).toEqual([
      { kind: 'workdir', path: '/app dir' },
      { kind: 'user', user: 'app:app' },
      { kind: 'arg', name: 'V', default: '1.0' },
      { kind: 'expose', ports: ['80/tcp', '$PORT'] },
      { kind: 'stopsignal', signal: 'SIGTERM' },
    ]);
  });

  it('COPY, ADD and VOLUME paths, from JSON or words, with flags', () => {
    expect(plain([copyJson, copy, add, volumeJson, volume])).toEqual([
      { kind: 'copy', sources: ['src dir/', 'a"b'], dest: '/dest/' },
      { kind: 'copy', sources: ['a', 'b'], dest: '/x/', chown: 'app:app', chmod: '755', link: true, exclude: ['*.md'] },
      { kind: 'add', sources: ['https://example.com/f'], dest: '/f', checksum: 'sha256:abc' },
      { kind: 'volume', paths: ['/data', '/logs'] },
      { kind: 'volume', paths: ['/a', '/b'] },
    ]);
    expect(imported.warnings).toEqual([]);
  });

  it('honours the backtick escape character', () => {
    const windows = importDockerfile('# escape=`\nFROM a\nENV P=C:\\dir Q=a` b\nRUN dir `\n  C:\\\n');
    expect(plain(steps(windows))).toEqual([
      {
        kind: 'env',
        vars: [
          ['P', 'C:\\dir'],
          ['Q', 'a b'],
        ],
      },
      { kind: 'run', command: { form: 'shell', commands: ['dir   C:\\'] }, mounts: [] },
    ]);
  });
});

describe('RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD', () => {
  const imported = importDockerfile(
    [
      'FROM a AS deps',
      'FROM a',
      'RUN apt-get update && apt-get install -y curl',
      'RUN ["/bin/sh", "-c", "echo hi"]',
      'RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked,id=pip --mount=type=secret,id=token,target=/run/t,required=true pip install x',
      'RUN --mount=type=bind,from=deps,source=/out,target=/in --mount=type=tmpfs,target=/tmp,size=64m --mount=type=ssh --network=none make',
      'RUN <<EOF',
      'set -e',
      'echo "$HOME"',
      'EOF',
      'RUN <<-EOF',
      '\techo tabbed',
      '\tEOF',
      'CMD ["python", "-m", "app"]',
      'ENTRYPOINT exec app',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1',
      'HEALTHCHECK NONE',
      'ONBUILD COPY . /app',
    ].join('\n'),
  );

  it('converts each to its IR step', () => {
    expect(plain(steps(imported))).toEqual([
      { kind: 'run', command: { form: 'shell', commands: ['apt-get update && apt-get install -y curl'] }, mounts: [] },
      { kind: 'run', command: { form: 'exec', argv: ['/bin/sh', '-c', 'echo hi'] }, mounts: [] },
      {
        kind: 'run',
        command: { form: 'shell', commands: ['pip install x'] },
        mounts: [
          { type: 'cache', target: '/root/.cache/pip', id: 'pip', sharing: 'locked' },
          { type: 'secret', id: 'token', target: '/run/t', required: true },
        ],
      },
      {
        kind: 'run',
        command: { form: 'shell', commands: ['make'] },
        mounts: [
          { type: 'bind', target: '/in', source: '/out', from: 'stage:deps' },
          { type: 'tmpfs', target: '/tmp', size: 64 * 1024 * 1024 },
          { type: 'ssh' },
        ],
        network: 'none',
      },
      { kind: 'run', command: { form: 'heredoc', script: 'set -e\necho "$HOME"\n' }, mounts: [] },
      { kind: 'run', command: { form: 'heredoc', script: 'echo tabbed\n' }, mounts: [] },
      { kind: 'cmd', command: { form: 'exec', argv: ['python', '-m', 'app'] } },
      { kind: 'entrypoint', command: { form: 'shell', commands: ['exec app'] } },
      { kind: 'shell', argv: ['/bin/bash', '-o', 'pipefail', '-c'] },
      {
        kind: 'healthcheck',
        check: {
          command: { form: 'shell', commands: ['curl -f http://localhost/ || exit 1'] },
          interval: '30s',
          timeout: '3s',
          retries: 3,
        },
      },
      { kind: 'healthcheck' },
      { kind: 'onbuild', step: { kind: 'copy', sources: ['.'], dest: '/app' } },
    ]);
    expect(imported.warnings).toEqual([]);
  });

  it('spans heredoc bodies in the step lines', () => {
    const heredocStep = imported.stages[1]!.steps[4]!;
    expect([heredocStep.startLine, heredocStep.endLine]).toEqual([7, 10]);
  });
});

describe('what the IR cannot hold becomes a warning with its line', () => {
  const imported = importDockerfile(
    [
      'LABEL early=1',
      'FROM a',
      'MAINTAINER me <me@example.com>',
      'FOO bar',
      'COPY --frm=x a /b',
      'COPY <<EOF /etc/conf',
      'key=value',
      'EOF',
      'RUN <<EOF python3',
      'print(1)',
      'EOF',
      'CMD []',
      'VOLUME $DATA',
      'RUN --security=insecure --mount=type=cache,target=/c,bogus=1 id',
      "ENV A='$x'$y",
      'SHELL /bin/bash -c',
      'HEALTHCHECK --interval=1m30s CMD true',
      'ONBUILD ONBUILD RUN x',
      "COPY 'a b' /c",
    ].join('\n'),
  );

  it('reports each problem at its instruction, and keeps what can be kept', () => {
    expect(warnings(imported)).toEqual([
      [1, 'LABEL before the first FROM is not allowed (no build stage in current context)'],
      [
        3,
        'MAINTAINER (deprecated) sets the image author, which the IR has no step for; use a label such as org.opencontainers.image.authors="me <me@example.com>"',
      ],
      [4, 'unknown instruction: FOO'],
      [5, 'unknown flag: --frm (BuildKit rejects it); dropped'],
      [6, 'COPY with inline heredoc file(s) <<EOF cannot be represented: the IR copies paths only; step skipped'],
      [13, 'VOLUME path "$DATA" uses $DATA, which the builder expands but the IR keeps as literal text'],
      [14, "unexpected key 'bogus' in --mount=type=cache,target=/c,bogus=1"],
      [14, 'RUN --security=insecure has no IR field; dropped'],
      [15, 'ENV A value "\'$x\'$y" mixes a literal "$" with variables; the IR expands every "$" in it'],
      [16, 'SHELL requires the arguments to be in JSON form'],
      [17, 'HEALTHCHECK --interval=1m30s is not a simple duration like 30s'],
      [18, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"],
      // Shell-form COPY splits at whitespace before removing quotes: BuildKit fails on `'a`.
      [
        19,
        'COPY source: failed to process "\'a": unexpected end of statement while looking for matching single-quote (BuildKit fails on it); kept as written',
      ],
      [
        19,
        'COPY source: failed to process "b\'": unexpected end of statement while looking for matching single-quote (BuildKit fails on it); kept as written',
      ],
    ]);
    expect(imported.warnings[1]).toMatchObject({ endLine: 3, original: 'MAINTAINER me <me@example.com>' });
    // `CMD []` (line 12) is valid: it clears the inherited command.
    expect(steps(imported).map((s) => s.kind)).toEqual([
      'copy',
      'run',
      'cmd',
      'volume',
      'run',
      'env',
      'healthcheck',
      'copy',
    ]);
    // `RUN <<EOF python3` runs the line and the body as one shell script, as BuildKit does.
    expect(plain(steps(imported)[1])).toMatchObject({
      kind: 'run',
      command: { form: 'heredoc', script: '<<EOF python3\nprint(1)\nEOF\n' },
    });
    expect(plain(steps(imported)[2])).toEqual({ kind: 'cmd', command: { form: 'exec', argv: [] } });
  });

  it('still fails where the parser itself fails', () => {
    expect(() => importDockerfile('FROM a\nENV PATH\n')).toThrow('Dockerfile:2: ENV must have two arguments');
  });
});

describe('comments', () => {
  it('become comment steps in place, one per block, with their lines', () => {
    const imported = importDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        '# Build stage',
        'FROM a',
        '# install',
        '# deps',
        '',
        '# more',
        'RUN a \\',
        '# inside',
        '  b',
        '# trailing',
      ].join('\n'),
    );
    expect(imported.syntax).toBe('docker/dockerfile:1');
    expect(
      imported.stages[0]!.steps.map((s) => [s.startLine, s.endLine, s.step.kind, 'text' in s.step ? s.step.text : '']),
    ).toEqual([
      [2, 2, 'comment', 'Build stage'],
      [4, 5, 'comment', 'install\ndeps'],
      [7, 7, 'comment', 'more'],
      [9, 9, 'comment', 'inside'],
      [8, 10, 'run', ''],
      [11, 11, 'comment', 'trailing'],
    ]);
    expect(imported.stages[0]!.comments).toEqual(['Build stage']);
    expect(importDockerfile('# x\nFROM a\n', { comments: false }).stages[0]!.steps).toEqual([]);
  });
});

const shared = new URL('../../../../../shared/corpus/', import.meta.url).pathname;

describe.skipIf(!existsSync(join(shared, 'official')))('real-world Dockerfiles', () => {
  const files = ['official', 'docker-library-gold'].flatMap((dir) =>
    readdirSync(join(shared, dir)).map((name) => join(shared, dir, name)),
  );

  it('import, and survive a round trip through our compiler unchanged', () => {
    let steps = 0;
    let warned = 0;
    for (const file of files) {
      const first = importDockerfile(readFileSync(file), { file, comments: false });
      steps += first.stages.reduce((n, stage) => n + stage.steps.length, 0);
      warned += first.warnings.length;
      const config: Config = {
        targets: [first.stages.at(-1)!.stage],
        stages: first.stages.slice(0, -1).map((stage) => stage.stage),
        args: first.globalArgs.map((s) => s.step).filter((step) => step.kind === 'arg'),
        syntax: '1.20',
        optimize: { orderForCache: false, mergeRuns: false, hoistSharedPrefix: false },
      };
      // Official images set names like GPG_KEY (a public key id), which compile() rejects as secret-like.
      const again = importDockerfile(compile(config, { checkSecrets: false }).dockerfile, { comments: false });
      expect(plain(again.stages.map((stage) => stage.steps.map((s) => s.step))), file).toEqual(
        plain(first.stages.map((stage) => stage.steps.map((s) => s.step))),
      );
    }
    console.log(`imported ${files.length} Dockerfiles: ${steps} steps, ${warned} warnings; all round-trip`);
    expect(files).toHaveLength(223);
  });
});
