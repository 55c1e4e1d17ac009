// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR}
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareDockerfiles, ImportFailed, ImportRejected, importDockerfileToConfig } from '../src/import/index.js';
import { plainCommands, scanShell } from '../src/import/shellScan.js';
import { repoRoot } from './runCli.js';

function convert(lines: readonly string[], options: { raw?: boolean } = {}) {
  const source = `${lines.join('\n')}\n`;
  const { code, model } = importDockerfileToConfig(source, { file: 'Dockerfile', fragments: options.raw !== true });
  return { source, code, model };
}

/** The code between the import line and the default export, i.e. the stages. */
function stages(code: string): string {
  const end = code.includes('\n// --raw') ? code.indexOf('\n// --raw') : code.indexOf('\nexport default');
  return code.slice(code.indexOf('\nconst ') + 1, end);
}

describe('stages, targets and arguments', () => {
  const { code, model, source } = convert(
    [
      'ARG GO_VERSION=1.22',
      '# the base for the test stage',
      'ARG BASE=alpine:3.20',
      'FROM golang:${GO_VERSION} AS Build-Env',
      'WORKDIR /src',
      'RUN go build -o /out/app .',
      'FROM ${BASE} AS test',
      'RUN echo test',
      'FROM build-env AS copy',
      'FROM gcr.io/distroless/static',
      'COPY --from=build-env /out/app /app',
      'COPY --from=0 /src/go.mod /go.mod',
      'ENTRYPOINT ["/app"]',
    ],
    { raw: true },
  );

  it('binds stages to camelCase variables and references them as values', () => {
    expect(
      stages(code),
    ).toBe(`const buildEnv = stage('build-env', { from: 'golang:\${GO_VERSION}' }, [workdir('/src'), run('go build -o /out/app .')]);

const test = stage('test', { from: '\${BASE}' }, [run('echo test')]);

const copyStage = stage('copy', { from: buildEnv }, []);

// dsl import: the Dockerfile does not name this stage (stage 3); it is called "final" here.
const final = stage('final', { from: 'gcr.io/distroless/static' }, [
  copy('/out/app', '/app', { from: buildEnv }),
  copy('/src/go.mod', '/go.mod', { from: buildEnv }),
  entrypoint(['/app']),
]);
`);
    expect(model.stageNames).toEqual(['build-env', 'test', 'copy', 'final']);
  });

  it('lists global ARGs, every stage nothing builds on as a target, and the last stage as the default', () => {
    expect(code.slice(code.indexOf('export default'))).toBe(`export default defineConfig({
  args: [
    arg('GO_VERSION', '1.22'),
    // the base for the test stage
    arg('BASE', 'alpine:3.20'),
  ],
  targets: [test, copyStage, final],
  defaultTarget: final,
  optimize: { orderForCache: false, mergeRuns: false, hoistSharedPrefix: false },
});
`);
    expect(model.config.targets.map((t) => t.name)).toEqual(['test', 'copy', 'final']);
    expect(model.config.defaultTarget?.name).toBe('final');
  });

  it('imports only the names it uses, and compiles to the same Dockerfile', () => {
    expect(code).toContain(
      "import { arg, copy, defineConfig, entrypoint, run, stage, workdir } from '@dockerdsl/core';",
    );
    expect(compareDockerfiles(source, model.dockerfile, model.stageNames)).toEqual([]);
    expect(model.warnings).toEqual([]);
  });
});

describe('RUN layout', () => {
  it('keeps one line as one string, a && chain as sh(), other continued lines as one string per line', () => {
    const { code, model, source } = convert(
      [
        'FROM debian:12',
        'RUN apt-get update && apt-get install -y curl',
        'RUN apt-get update \\',
        '    && apt-get install -y \\',
        '        curl \\',
        '        git',
        'RUN set -eux; \\',
        '\techo one; \\',
        '\t\\',
        '# a comment inside',
        '\tfor x in a b; do \\',
        '\t\techo "$x"; \\',
        '\tdone',
      ],
      { raw: true },
    );
    expect(stages(code)).toBe(`const final = stage('final', { from: 'debian:12' }, [
  run('apt-get update && apt-get install -y curl'),
  run(sh('apt-get update', 'apt-get install -y curl git')),
  run(
    [
      'set -eux;',
      'echo one;',

      // a comment inside
      'for x in a b; do',
      '  echo "$x";',
      'done',
    ].join(' '),
  ),
]);
`);
    expect(compareDockerfiles(source, model.dockerfile, model.stageNames)).toEqual([]);
  });

  it('joins lines exactly where a break falls inside quotes, after an escape, or between two characters', () => {
    const long = 'x'.repeat(90);
    const { code, model } = convert(
      [
        'FROM debian:12',
        'RUN echo "a \\',
        `   b ${long}" && echo c`,
        `RUN ab\\`,
        `c ${long}`,
        'RUN echo "short \\',
        ' one"',
      ],
      { raw: true },
    );
    const flat = code.replace(/\n\s*/g, ' ');
    expect(flat).toContain(`run( [ 'echo "a ', '   b ${long}" && echo c', ].join(''), ),`);
    expect(flat).toContain(`run(['ab', 'c ${long}'].join('')),`);
    // Short enough for one line: one string, exactly as the builder joins it.
    expect(code).toContain(`run('echo "short  one"'),`);
    expect(model.dockerfile).toContain(`RUN echo "a    b ${long}" && echo c\nRUN abc ${long}\n`);
  });

  it('writes heredoc scripts as template literals, escaped', () => {
    const { code, model } = convert(['FROM debian:12', 'RUN <<EOF', 'echo ${X} `date` \\n', 'EOF']);
    expect(code).toContain('run(\n    heredoc(`echo \\${X} \\`date\\` \\\\n\n`),\n  ),');
    expect(model.dockerfile).toContain('echo ${X} `date` \\n\n');
    expect(model.config.syntax).toBe('1.4');
  });

  it('scans shell text: separators only outside quotes and substitutions, && at top level', () => {
    const text = `a "b c" $(d e) 'f g' \\ h && (i && j)`;
    const scan = scanShell(text);
    expect(scan.balanced).toBe(true);
    expect(scan.separatorAt[text.indexOf(' "b')]).toBe(true);
    expect(scan.separatorAt[text.indexOf(' c"')]).toBe(false);
    expect(scan.separatorAt[text.indexOf(' e)')]).toBe(true);
    expect(scan.separatorAt[text.indexOf(' g')]).toBe(false);
    expect(scan.separatorAt[text.indexOf(' h')]).toBe(false);
    expect(scan.andOperators).toEqual([text.indexOf('&&')]);
    expect(scanShell(`echo "unterminated`).balanced).toBe(false);
    expect(plainCommands('set -eux; apt-get update; apt-get install -y curl ;')?.commands.map((c) => c.words)).toEqual([
      ['set', '-eux'],
      ['apt-get', 'update'],
      ['apt-get', 'install', '-y', 'curl'],
    ]);
    expect(plainCommands('echo "$x"')).toBeUndefined();
    expect(plainCommands('a | b')).toBeUndefined();
  });
});

describe('fragments', () => {
  it('recognises apt-get, pip, npm ci, yarn and go mod download only where the pattern is clear', () => {
    const { code, model } = convert([
      'FROM python:3.12-slim AS py',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY requirements.txt /app/',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'RUN pip install --upgrade pip',
      'FROM node:22 AS web',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'COPY package.json yarn.lock ./',
      'RUN yarn install --frozen-lockfile --production',
      'FROM golang:1.22 AS go',
      'COPY go.mod go.sum ./',
      'RUN go mod download',
      'COPY . .',
      'RUN go build -o /app .',
    ]);
    expect(stages(code)).toBe(`const py = stage('py', { from: 'python:3.12-slim' }, [
  // dsl import: line 2: apt-get update and install recognised as aptInstall (sorted packages; apt's
  // caches in cache mounts instead of deleting the lists)
  aptInstall(['curl', 'ca-certificates']),
  workdir('/app'),
  // dsl import: lines 4-5: COPY of the requirements and pip install recognised as pipInstall (pip's
  // cache in a cache mount instead of --no-cache-dir)
  pipInstall({ requirements: 'requirements.txt' }),
  run('pip install --upgrade pip'),
]);

const web = stage('web', { from: 'node:22' }, [
  // dsl import: lines 8-9: COPY of package.json and package-lock.json and npm ci recognised as npmCi
  // (npm's cache in a cache mount)
  npmCi({ omitDev: true }),
  // dsl import: lines 10-11: COPY of package.json and yarn.lock and yarn install --frozen-lockfile
  // recognised as yarnInstall (Yarn's cache in a cache mount)
  yarnInstall({ omitDev: true }),
]);

const go = stage('go', { from: 'golang:1.22' }, [
  // dsl import: lines 13-14: COPY of go.mod and go.sum and go mod download recognised as goModDownload
  // (modules kept in the image: a later RUN uses go)
  goModDownload({ cacheMount: false }),
  copy('.', '.'),
  run('go build -o /app .'),
]);
`);
    expect(model.notes.map((n) => n.line)).toEqual([2, 4, 8, 10, 13]);
    // Every stage and target is kept.
    expect(model.config.targets.map((t) => t.name)).toEqual(['py', 'web', 'go']);
    expect(model.dockerfile).toContain(
      'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    );
  });

  it('leaves alone what is not clearly the pattern', () => {
    const { code, model } = convert([
      'FROM debian:12',
      // No --no-install-recommends: the fragment would install fewer packages.
      'RUN apt-get update && apt-get install -y curl',
      // Something else in the same RUN.
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && curl -fsSL x | sh',
      'RUN apk add --no-cache --virtual .deps gcc',
      // requirements.txt not copied just before.
      'RUN pip install -r requirements.txt',
      'USER app',
      // Not root: pip's cache mount under /root would not be used.
      'RUN pip install flask',
      'COPY package.json package-lock.json ./',
      'RUN npm install',
    ]);
    expect(code).not.toMatch(/aptInstall|apkAdd|pipInstall|npmCi/);
    expect(model.notes).toEqual([]);
  });

  it('keeps cache mounts out when a later RUN uses the same tool itself', () => {
    const { code } = convert([
      'FROM alpine:3.20 AS base',
      'RUN apk add --no-cache bash',
      'FROM base AS child',
      'RUN apk add --virtual .deps gcc',
    ]);
    expect(code).toContain("apkAdd(['bash'], { cacheMounts: false }),");
  });

  it('recognises nothing with --raw', () => {
    const { code } = convert(
      ['FROM debian:12', 'RUN apt-get update && apt-get install -y --no-install-recommends curl'],
      {
        raw: true,
      },
    );
    expect(code).toContain("run('apt-get update && apt-get install -y --no-install-recommends curl'),");
  });
});

describe('comments, warnings and rewrites', () => {
  const { code, model, source } = convert(
    [
      '# Build stage',
      'FROM debian:12',
      '',
      '# install',
      'RUN apt-get update',
      'COPY --frm=x a /b',
      'MAINTAINER someone',
      'ENV A=x B=$A',
      'LABEL a=1 a=2',
      'CMD ["one"]',
      'CMD ["two"]',
      'ENV DATA=/var/data',
      'VOLUME $DATA',
      'ENV API_TOKEN=abc',
      'ENTRYPOINT []',
      '# trailing',
    ],
    { raw: true },
  );

  it('keeps comments as TS comments, and blank lines between steps', () => {
    expect(code).toContain(`// Build stage
const final = stage('final', { from: 'debian:12' }, [
  // install
  run('apt-get update'),
`);
    expect(code).toContain(`  entrypoint([]),
  // trailing
]);`);
  });

  it('warns, with the line, about what cannot be represented, and leaves a TODO there', () => {
    expect(model.warnings.map((w) => [w.line, w.message])).toEqual([
      [6, 'unknown flag: --frm (BuildKit rejects it); dropped'],
      [
        7,
        'MAINTAINER (deprecated) sets the image author, which the IR has no step for; use a label such as org.opencontainers.image.authors="someone"',
      ],
      [
        14,
        'ENV API_TOKEN looks like a secret: it is listed in lint.allowSecretNames (dsl refuses such names otherwise); make sure it holds no secret, or pass it with a secret mount',
      ],
    ]);
    expect(code).toContain(`  // TODO(dsl import): line 6: unknown flag: --frm (BuildKit rejects it); dropped
  copy('a', '/b'),
  // TODO(dsl import): line 7: MAINTAINER (deprecated) sets the image author, which the IR has no step
  // for; use a label such as org.opencontainers.image.authors="someone"
`);
    expect(code).toContain("lint: { allowSecretNames: ['API_TOKEN'] },");
    expect(code.split('\n')[0]).toBe('// Generated by "dsl import" from Dockerfile. Look for TODO(dsl import).');
  });

  it('rewrites what dsl writes differently into the same thing, and says so', () => {
    expect(
      code,
    ).toContain(`  // dsl import: line 8: ENV pairs reordered: a value that uses another variable of the same ENV gets its
  // earlier value, so it is written first
  env({ B: expand('$A'), A: 'x' }),
  // dsl import: line 9: LABEL sets a key twice: only its last value is written
  label('a', '2'),
  // dsl import: line 10: CMD ["one"] is left out: the CMD at line 11 replaces it
  cmd(['two']),
`);
    expect(
      code,
    ).toContain(`  // dsl import: line 13: $DATA is written as /var/data, the value an earlier ENV gives it (paths are
  // literal in the config)
  volume('/var/data'),
`);
    // Equivalent for the builder (the dropped flag aside, which BuildKit rejects anyway).
    const differences = compareDockerfiles(source, model.dockerfile, model.stageNames);
    expect(differences.map((d) => d.line)).toEqual([6]);
  });
});

describe('invalid Dockerfiles', () => {
  /** The rejection's message, or undefined when the Dockerfile imports. */
  const attempt = (source: string) => {
    try {
      importDockerfileToConfig(source);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ImportRejected);
      return (error as ImportRejected).message;
    }
  };

  it('are rejected with the line and the reason, and nothing is generated', () => {
    expect(attempt('FROM a\nENV PATH\n')).toBe('Dockerfile:2: ENV must have two arguments');
    expect(attempt('FROM %%BASE_IMAGE%%\nRUN x\n')).toBe(
      'Dockerfile:1: FROM "%%BASE_IMAGE%%" holds a template placeholder (%%BASE_IMAGE%%): render the template first',
    );
    expect(attempt('FROM debian:12\nFROM Foo/Bar:1\n')).toBe(
      'Dockerfile:2: FROM "Foo/Bar:1": repository names must be lowercase',
    );
    expect(attempt('# just a comment\n')).toMatch(/^Dockerfile:\d+: file with no instructions$/);
  });

  it('with an instruction before the first FROM, or no FROM, are rejected at each such instruction; global ARGs before FROM still import', () => {
    expect(attempt('CMD ["a"]\n')).toBe(
      'Dockerfile:1: CMD before the first FROM: only ARG may come before FROM; add a FROM line above it to start a stage',
    );
    expect(attempt("ARG V=1\n# comment\ncmd ['echo','x']\nRUN echo \\\n  hi\n")?.split('\n')).toEqual([
      'Dockerfile:3: CMD before the first FROM: only ARG may come before FROM; add a FROM line above it to start a stage',
      'Dockerfile:4: RUN before the first FROM: only ARG may come before FROM; add a FROM line above it to start a stage',
    ]);
    expect(attempt('ARG A=1\nARG B\n')).toBe(
      'Dockerfile:2: no FROM: global ARGs alone build nothing; add a FROM line after them to start a stage',
    );
    expect(attempt('ARG BASE=alpine:3.20\nFROM ${BASE}\nCMD ["a"]\n')).toBeUndefined();
    // BuildKit refuses an instruction before the first FROM even when a FROM follows.
    expect(attempt('LABEL a=b\nARG V=1\nFROM alpine:3.20\nCMD ["a"]\n')).toBe(
      'Dockerfile:1: LABEL before the first FROM: only ARG may come before FROM; add a FROM line above it to start a stage',
    );
  });
});

describe('compareDockerfiles', () => {
  const same = (a: string, b: string, names = ['app']) => compareDockerfiles(a, b, names);

  it('ignores instruction case, continuation layout, flag and mount field order, ENV/LABEL form and quoting', () => {
    expect(
      same(
        'from alpine:3.20 as app\nenv PATH /x:$PATH\nlabel "a"="b c"\nrun --mount=target=/c,type=cache apk add \\\n    curl\n',
        'FROM alpine:3.20 AS app\nENV PATH="/x:$PATH"\nLABEL a="b c"\nRUN --mount=type=cache,target=/c,sharing=shared apk add curl\n',
      ),
    ).toEqual([]);
  });

  it('finds what the builder would read differently', () => {
    const base = 'FROM alpine:3.20 AS app\n';
    expect(same(`${base}ENV A=1\n`, `${base}ENV A=2\n`)).toHaveLength(1);
    expect(same(`${base}ENV A="$B"\n`, `${base}ENV A="\\$B"\n`)).toHaveLength(1);
    expect(same(`${base}COPY a b\n`, `${base}COPY a c\n`)).toHaveLength(1);
    expect(same(`${base}COPY --chown=1 a b\n`, `${base}COPY a b\n`)).toHaveLength(1);
    expect(same(`${base}RUN a\n`, `${base}RUN ["a"]\n`)).toHaveLength(1);
    expect(
      same(`${base}RUN --mount=type=cache,target=/c a\n`, `${base}RUN --mount=type=cache,target=/d a\n`),
    ).toHaveLength(1);
    expect(same(`${base}RUN a\nRUN b\n`, `${base}RUN a\n`)).toHaveLength(1);
    expect(same('FROM alpine:3.20 AS app\n', 'FROM alpine:3.21 AS app\n')).toHaveLength(1);
    expect(same('FROM alpine:3.20 AS app\n', 'FROM alpine:3.20 AS other\n')).not.toEqual([]);
  });
});

describe('RUN with a heredoc inside a command', () => {
  it('imports as the script BuildKit runs (the line, then each body and its delimiter), with no warning', () => {
    const { code, model } = convert([
      'FROM alpine:3.20',
      'RUN cat <<EOF > /etc/app.conf',
      'home=$HOME',
      'EOF',
      'RUN <<EOT bash',
      'cat <<EOF',
      'nested',
      'EOF',
      'EOT',
    ]);
    expect(model.warnings).toEqual([]);
    expect(code).toContain('heredoc(`cat <<EOF > /etc/app.conf');
    expect(model.dockerfile).toContain("RUN <<'EOF_1'\ncat <<EOF > /etc/app.conf\nhome=$HOME\nEOF\nEOF_1\n");
    expect(model.dockerfile).toContain("RUN <<'EOF_1'\n<<EOT bash\ncat <<EOF\nnested\nEOF\nEOT\nEOF_1\n");
  });

  it('compares heredoc RUNs by that script, not by delimiter names', () => {
    const base = 'FROM alpine:3.20 AS app\n';
    const same = (a: string, b: string) => compareDockerfiles(`${base}${a}`, `${base}${b}`, ['app']);
    expect(same('RUN <<A\necho EOF\nA\n', "RUN <<'B'\necho EOF\nB\n")).toEqual([]);
    expect(same('RUN cat <<A > f\nx\nA\n', "RUN <<'B'\ncat <<A > f\nx\nA\nB\n")).toEqual([]);
    expect(same('RUN cat <<A > f\nx\nA\n', "RUN <<'B'\ncat <<A > g\nx\nA\nB\n")).toHaveLength(1);
  });
});

describe('ARG with several names', () => {
  it('imports without a warning: one arg() per name declares the same', () => {
    const { model } = convert(['ARG A B=1', 'FROM alpine:3.20', 'ARG C="x y" D', 'RUN echo $C $D']);
    expect(model.dockerfile).toContain('ARG A\nARG B=1\n');
    expect(model.dockerfile).toContain('ARG C="x y"\nARG D\n');
    expect(model.warnings).toEqual([]);
  });
});

describe('relative --mount targets (docker init writes target=package.json)', () => {
  it('import without a warning: the compiler joins them to the WORKDIR, as BuildKit does', () => {
    const { model } = convert([
      'FROM node:20-alpine',
      'WORKDIR /usr/src/app',
      'RUN --mount=type=bind,source=package.json,target=package.json \\',
      '    --mount=type=cache,target=/root/.npm \\',
      '    npm ci --omit=dev',
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'WORKDIR cmd',
      'RUN --mount=type=bind,target=. go build -o /bin/server .',
    ]);
    expect(model.dockerfile).toContain('--mount=type=bind,source=package.json,target=/usr/src/app/package.json');
    expect(model.dockerfile).toContain('--mount=type=bind,target=/src/cmd go build');
    expect(model.warnings).toEqual([]);
  });

  it('compare by the directory they resolve to, and stay relative where the WORKDIR is unknown', () => {
    const base = 'FROM alpine:3.20 AS app\n';
    const run = (target: string) => `RUN --mount=type=bind,target=${target} make\n`;
    expect(
      compareDockerfiles(`${base}WORKDIR /src\n${run('go.mod')}`, `${base}WORKDIR /src\n${run('/src/go.mod')}`, [
        'app',
      ]),
    ).toEqual([]);
    expect(
      compareDockerfiles(`${base}WORKDIR /src\n${run('go.mod')}`, `${base}WORKDIR /src\n${run('/go.mod')}`, ['app']),
    ).toHaveLength(1);
    expect(compareDockerfiles(`${base}${run('go.mod')}`, `${base}${run('/go.mod')}`, ['app'])).toHaveLength(1);
    expect(
      compareDockerfiles(`${base}WORKDIR $D\n${run('go.mod')}`, `${base}WORKDIR $D\n${run('go.mod')}`, ['app']),
    ).toEqual([]);
  });
});

describe('docs/migrating.md', () => {
  it('shows the config dsl import gives for its example Dockerfile', () => {
    const doc = readFileSync(join(repoRoot, 'docs/migrating.md'), 'utf8');
    const example = doc.slice(doc.indexOf('## An example'));
    const dockerfile = /```dockerfile\n([\s\S]*?)```/.exec(example)?.[1] as string;
    const config = /```ts\n([\s\S]*?)```/.exec(example)?.[1] as string;
    const { code, model } = importDockerfileToConfig(dockerfile, { file: 'Dockerfile' });
    expect(code).toBe(config);
    for (const note of model.notes) {
      const printed = `note: Dockerfile:${note.line}: ${note.message.replace(/ \(.*\)$/, '')}`;
      expect(example).toContain(printed);
    }
  });
});

describe('configs dsl refuses', () => {
  it('fail with the reason when the config would not compile, instead of writing it', () => {
    expect(() => importDockerfileToConfig('FROM alpine AS a\nCOPY --from=later /x /y\nFROM alpine AS later\n')).toThrow(
      ImportFailed,
    );
  });
});
