import { describe, expect, it } from 'vitest';
import {
  add,
  aptInstall,
  type Config,
  cacheMount,
  cmd,
  compile,
  copy,
  defineConfig,
  env,
  expose,
  fetchFile,
  gate,
  healthcheck,
  LINT_RULE_IDS,
  LINT_RULES,
  type LintFinding,
  type LintRuleCode,
  lintBuild,
  observeStages,
  pipInstall,
  pythonVenv,
  run,
  secretMount,
  sh,
  shell,
  sshMount,
  stage,
  user,
  uvSync,
  workdir,
  yarnInstall,
} from '../../src/index.js';

const thisFile = new URL(import.meta.url).pathname;
const base = 'debian:bookworm-slim';

/** Lints a config made by `make`, with every rule on (opt-in ones too), recording stages made. */
function lint(make: () => Config): LintFinding[] {
  const observer = observeStages();
  let config: Config;
  try {
    config = make();
  } finally {
    observer.stop();
  }
  const rules = Object.fromEntries(
    Object.keys(LINT_RULE_IDS).map((id) => [id, id === 'SecretsUsedInArgOrEnv' ? 'error' : 'warn']),
  );
  const withRules: Config = { ...config, lint: { ...config.lint, rules: { ...rules, ...config.lint?.rules } } };
  const { build } = compile(withRules, { checkSecrets: false });
  return lintBuild({ config: withRules, build, seenStages: observer.stages });
}

/** A one-stage config that ends as a non-root user (so DL3002 stays quiet unless tested). */
function one(items: Parameters<typeof stage>[2], from = base): Config {
  return defineConfig({ targets: [stage('app', { from }, [...(items ?? []), user('app')])] });
}

interface RuleCase {
  readonly bad: () => Config;
  readonly good: () => Config;
  readonly message: RegExp;
  /** The fix the finding offers, if any. */
  readonly fix?: string;
}

const cases: Record<LintRuleCode, RuleCase> = {
  SecretsUsedInArgOrEnv: {
    bad: () => one([env('GITHUB_TOKEN', 'x')]),
    good: () =>
      one([
        run('cat /run/secrets/github_token', { mounts: [secretMount('github_token')] }),
        env('TOKEN_FILE', '/run/secrets/t'),
      ]),
    message: /ENV "GITHUB_TOKEN" looks like a secret/,
  },
  DL3002: {
    bad: () => defineConfig({ targets: [stage('app', { from: base }, [user('app'), run('make'), user('root')])] }),
    good: () =>
      defineConfig({ targets: [stage('app', { from: base }, [user('root'), run('make'), user('10001:10001')])] }),
    message: /last USER of target "app" is root/,
  },
  DL3006: {
    bad: () => one([], 'debian'),
    good: () => one([], 'debian:bookworm-slim'),
    message: /base image "debian" has no tag/,
  },
  DL3007: {
    bad: () => one([copy('/bin/tool', '/bin/tool', { from: 'tools:latest' })]),
    good: () => one([copy('/bin/tool', '/bin/tool', { from: 'tools:1.2.3' })]),
    message: /COPY --from image "tools:latest" uses the latest tag/,
  },
  DSL001: {
    bad: () => {
      const app = stage('app', { from: base }, [user('app')]);
      stage('test', { from: app }, [run('make test')]);
      return defineConfig({ targets: [app] });
    },
    good: () => {
      const built = stage('built', { from: base }, [run('make')]);
      const test = stage('test', { from: built }, [run('make test')]);
      return defineConfig({ targets: [stage('app', { from: built }, [gate(test), user('app')])] });
    },
    message: /stage "test" looks like a test or scan stage, but no target reaches it/,
  },
  DL3020: {
    bad: () => one([add('app.py', '/app/app.py')]),
    good: () => one([copy('app.py', '/app/app.py'), add('vendor.tar.gz', '/opt/'), add('https://example.com/x', '/x')]),
    message: /ADD of local "app.py": use COPY/,
    fix: 'add(...) -> copy(...)',
  },
  DL3059: {
    bad: () => one([run('make deps'), run('make build')]),
    good: () => one([run(sh('make deps', 'make build')), workdir('/src'), run('make check')]),
    message: /RUN right after another RUN/,
  },
  DL3003: {
    bad: () => one([run('cd /src && make')]),
    good: () => one([workdir('/src'), run('make')]),
    message: /RUN uses "cd \/src"/,
  },
  DL3027: {
    bad: () => one([run('apt update && apt install -y --no-install-recommends curl')]),
    good: () => one([run('apt-get update && apt-get install -y --no-install-recommends curl=8.5.0-2')]),
    message: /RUN uses apt update/,
    fix: 'apt <command> -> apt-get <command>',
  },
  DL3014: {
    bad: () => one([run('apt-get update && apt-get install --no-install-recommends curl=8.5.0-2')]),
    good: () => one([run('apt-get update && apt-get -qq install --no-install-recommends curl=8.5.0-2')]),
    message: /apt-get install without -y/,
    fix: 'apt-get install -> apt-get install -y',
  },
  DL3015: {
    bad: () => one([run('apt-get update && apt-get install -y curl=8.5.0-2')]),
    good: () => one([aptInstall(['curl=8.5.0-2'])]),
    message: /^apt-get install without --no-install-recommends/,
  },
  DL4006: {
    bad: () => one([run('curl -fsSL https://example.com/install.sh | sh')]),
    good: () =>
      one([
        shell(['/bin/bash', '-o', 'pipefail', '-c']),
        run('curl -fsSL https://example.com/install.sh | sh'),
        run('set -eo pipefail && wget -qO- https://example.com/x | tar -x'),
        fetchFile({ url: 'https://example.com/tool', sha256: 'a'.repeat(64), dest: '/usr/local/bin/tool' }),
      ]),
    message: /RUN with a pipe but without pipefail/,
  },
  DL3004: {
    bad: () => one([run('sudo make install')]),
    good: () => one([user('root'), run('make install')]),
    message: /RUN uses sudo/,
  },
  DL3008: {
    bad: () => one([aptInstall(['curl'])]),
    good: () => one([aptInstall(['curl=8.5.0-2+deb12u1'])]),
    message: /apt-get install without pinned versions: curl/,
  },
  DL3018: {
    bad: () => one([run('apk add --no-cache -t .build-deps gcc')], 'alpine:3.20'),
    good: () => one([run("apk add --no-cache -t .build-deps 'gcc=13.2.1_git20240309-r0' musl-dev~1.2")], 'alpine:3.20'),
    message: /apk add without pinned versions: gcc/,
  },
  DL3013: {
    bad: () => one([run('python3 -m pip install --no-cache-dir flask -r requirements.txt')], 'python:3.12'),
    good: () => one([run('pip install --no-cache-dir flask==3.0.3 -r requirements.txt .')], 'python:3.12'),
    message: /pip install without pinned versions: flask/,
  },
  DL3016: {
    bad: () => one([run('npm install -g @scope/tool typescript@5.9.3')], 'node:20'),
    good: () => one([run('npm install -g @scope/tool@1.0.0 typescript@5.9.3 && npm install')], 'node:20'),
    message: /npm install without pinned versions: @scope\/tool$/,
  },
  DSL002: {
    bad: () => one([expose(8080), cmd(['./server'])]),
    good: () => one([expose(8080), healthcheck(['./server', '--check']), cmd(['./server'])]),
    message: /exposes a port but has no HEALTHCHECK/,
  },
  DSL003: {
    bad: () => one([user('10001:10001'), aptInstall(['curl'])]),
    good: () => one([aptInstall(['curl']), user('10001:10001'), run('id -u')]),
    message: /^RUN apt-get runs as user 10001:10001 .*: it needs root and fails$/,
  },
  DSL006: {
    bad: () => one([pipInstall(['flask==3.0.3']), pythonVenv()], 'python:3.12'),
    good: () =>
      one(
        [pythonVenv(), pipInstall(['flask==3.0.3']), run('/opt/venv/bin/pip install gunicorn==22.0.0')],
        'python:3.12',
      ),
    message: /^pip installs into the system Python: the virtual environment \/opt\/venv is activated after it/,
  },
  DSL007: {
    bad: () => one([healthcheck(['curl', '-f', 'http://127.0.0.1:8080/health'])], 'node:20-slim'),
    good: () => one([aptInstall(['curl']), healthcheck(['curl', '-f', 'http://127.0.0.1:8080/health'])]),
    message:
      /^HEALTHCHECK runs curl, which node:20-slim does not have: every check fails \("executable file not found"\)/,
  },
  DSL005: {
    bad: () => one([copy(['package.json', '.npmrc'], './')]),
    good: () => one([copy('package.json', './'), copy('/root/.npmrc', '/x', { from: 'node:20' })]),
    message: /^COPY \.npmrc puts a file that usually holds a credential in a layer/,
  },
  DSL004: {
    bad: () => {
      stage('builder', { from: 'golang:1.22-bookworm' }, [run('go build -o /out/app .')]);
      return one([copy('/out/app', '/app', { from: 'builder' })]);
    },
    good: () => {
      const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [run('go build -o /out/app .')]);
      return one([copy('/out/app', '/app', { from: builder }), copy('/etc/x', '/x', { from: 'other:1.0' })]);
    },
    message: /^COPY --from image "builder" is the name of a stage this target does not build: BuildKit pulls/,
  },
};

describe('lint rules: one failing and one passing config each', () => {
  it('covers every rule', () => {
    expect(Object.keys(cases).sort()).toEqual(LINT_RULES.map((rule) => rule.id).sort());
    expect(LINT_RULES.map((rule) => rule.name)).toEqual(
      LINT_RULES.map((rule) => LINT_RULE_IDS[rule.id as LintRuleCode]),
    );
  });

  for (const rule of LINT_RULES) {
    const testCase = cases[rule.id as LintRuleCode];
    it(`${rule.id} ${rule.name}: reports the bad config at its call site`, () => {
      const findings = lint(testCase.bad).filter((finding) => finding.rule === rule.id);
      expect(findings.map((finding) => finding.message)).toEqual([expect.stringMatching(testCase.message)]);
      const [finding] = findings as [LintFinding];
      expect(finding.name).toBe(rule.name);
      expect(finding.callSite?.file).toBe(thisFile);
      expect(finding.callSite?.line).toBeGreaterThan(0);
      expect(finding.hint).toBeTruthy();
      expect(finding.fix?.description).toBe(testCase.fix);
    });
    it(`${rule.id} ${rule.name}: is quiet on the good config`, () => {
      expect(lint(testCase.good).filter((finding) => finding.rule === rule.id)).toEqual([]);
    });
  }
});

describe('lint settings', () => {
  const config = () => one([run('cd /src && make')], 'debian:latest');

  it('reports warnings by default, opt-in rules off, and honours severities by id or name', () => {
    const observer = observeStages();
    const plain = config();
    observer.stop();
    const { build } = compile(plain);
    expect(lintBuild({ config: plain, build }).map((f) => [f.rule, f.severity])).toEqual([
      ['DL3007', 'warn'],
      ['DL3003', 'warn'],
    ]);
    const tuned: Config = { ...plain, lint: { rules: { DL3007: 'error', 'cd-instead-of-workdir': 'off' } } };
    expect(lintBuild({ config: tuned, build }).map((f) => [f.rule, f.severity])).toEqual([['DL3007', 'error']]);
  });

  it('rejects unknown rules and a lowered secrets rule at compile time, with the path', () => {
    expect(() => compile({ ...config(), lint: { rules: { DL9999: 'off' } as never } })).toThrow(
      /invalid config at lint\.rules\.DL9999: unknown lint rule "DL9999"/,
    );
    expect(() => compile({ ...config(), lint: { rules: { SecretsUsedInArgOrEnv: 'warn' } } })).toThrow(
      /SecretsUsedInArgOrEnv is always an error; list names that hold no secret in lint\.allowSecretNames/,
    );
    expect(() => compile({ ...config(), lint: { rules: { DL3007: 'loud' as never } } })).toThrow(/lint\.rules\.DL3007/);
  });

  it('sorts findings by call site', () => {
    const findings = lint(() => one([run('sudo make'), run('cd /x && make')], 'debian'));
    const lines = findings.map((finding) => finding.callSite?.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('DSL007 healthcheck-tool-missing', () => {
  // Found by a review: httpHealthcheck() (curl by default) on node:20-slim stayed "unhealthy" with
  // exec: "curl": executable file not found in $PATH.
  it('judges the images known to lack the program, and names the tool the image has', () => {
    const check = (from: string, program: string) =>
      lint(() => one([healthcheck([program, 'http://127.0.0.1/'])], from))
        .filter((finding) => finding.rule === 'DSL007')
        .map((finding) => finding.hint);
    expect(check('python:3.12-slim', 'curl')).toEqual([expect.stringContaining("tool: 'python'")]);
    expect(check('gcr.io/distroless/static-debian12:nonroot', 'wget')).toHaveLength(1);
    expect(check('debian:bookworm', 'wget')).toHaveLength(1);
    expect(check('alpine:3.20', 'curl')).toEqual([expect.stringContaining("tool: 'wget'")]);
    // BusyBox's wget is there; the full images ship curl; an unknown image gets the benefit.
    expect(check('alpine:3.20', 'wget')).toEqual([]);
    expect(check('busybox:1.36', 'wget')).toEqual([]);
    expect(check('node:20', 'curl')).toEqual([]);
    expect(check('ghcr.io/acme/base:1', 'curl')).toEqual([]);
  });

  it('follows the stage chain to the image, and an install anywhere in it', () => {
    const findings = lint(() => {
      const base = stage('base', { from: 'debian:bookworm-slim' }, [aptInstall(['wget'])]);
      const app = stage('app', { from: base }, [healthcheck(['wget', '-q', 'http://127.0.0.1/']), user('app')]);
      const bare = stage('bare', { from: stage('plain', { from: 'node:20-slim' }, []) }, [
        healthcheck(['curl', 'http://127.0.0.1/']),
        user('app'),
      ]);
      return defineConfig({ targets: [app, bare] });
    }).filter((finding) => finding.rule === 'DSL007');
    expect(findings.map((finding) => [finding.stage, finding.message])).toEqual([
      ['bare', expect.stringMatching(/^HEALTHCHECK runs curl, which node:20-slim does not have/)],
    ]);
  });
});

describe('DSL006 install-before-venv', () => {
  // Found by a review: `pip install uv` before uvSync({ environment }) was reported, with a hint naming pythonVenv().
  it('leaves tool installs alone and names the fragment that activates the environment', () => {
    const findings = lint(() =>
      one(
        [
          run('pip install uv==0.5.11 && python -m pip install --upgrade pip setuptools'),
          run('pip install -r requirements.txt'),
          uvSync({ environment: '/opt/venv' }),
        ],
        'python:3.12',
      ),
    ).filter((finding) => finding.rule === 'DSL006');
    expect(findings.map((finding) => [finding.step, finding.message, finding.hint])).toEqual([
      [
        2,
        'pip installs into the system Python: the virtual environment /opt/venv is activated after it (ENV VIRTUAL_ENV of uvSync() in stage "app", step 3)',
        'write uvSync() before the install: dsl keeps a step written before an ENV before it, so the install order is yours',
      ],
    ]);
  });
});

describe('DSL005 credential-file-copied', () => {
  // Found by a review: yarnInstall({ version: 'berry' }) copies .yarnrc.yml, which yarn needs on disk.
  it("does not report Yarn Berry's .yarnrc.yml", () => {
    const findings = lint(() => one([yarnInstall({ version: 'berry' })], 'node:20')).filter(
      (finding) => finding.rule === 'DSL005',
    );
    expect(findings).toEqual([]);
  });
});

describe('DSL004 stage-name-as-image', () => {
  it('is the one finding for a stage name used as an image: DL3006 (untagged) does not repeat it', () => {
    const findings = lint(() => {
      stage('builder', { from: 'golang:1.22-bookworm' }, [run('go build -o /out/app .')]);
      return one([copy('/out/app', '/app', { from: 'builder' }), copy('/x', '/x', { from: 'tools' })]);
    }).filter((finding) => finding.rule === 'DSL004' || finding.rule === 'DL3006');
    expect(findings.map((finding) => [finding.rule, finding.step])).toEqual([
      ['DSL004', 1],
      ['DL3006', 2],
    ]);
  });
});

describe('DL3020 copy-not-add', () => {
  // Found by a review: --fix renamed add('pkgs/*') to copy(), and an archive it matched was no longer unpacked.
  it('offers no rename for a pattern or a variable source, which may match an archive', () => {
    const findings = lint(() => one([add('pkgs/*', '/opt/'), add('$BUNDLE', '/opt/'), add('app.py', '/app/')])).filter(
      (finding) => finding.rule === 'DL3020',
    );
    expect(findings.map((finding) => finding.fix?.description)).toEqual([
      undefined,
      undefined,
      'add(...) -> copy(...)',
    ]);
  });
});

describe('DL3015 no-install-recommends', () => {
  it('names the program the RUN calls', () => {
    const findings = lint(() => one([run('apt install -y curl')])).filter((finding) => finding.rule === 'DL3015');
    expect(findings.map((finding) => finding.message)).toEqual([
      'apt install without --no-install-recommends also installs packages nothing needs',
    ]);
  });
});

describe('DSL003 root-step-as-user', () => {
  // Found by a review: pip as uid 10001 never used the mount at /root/.cache/pip.
  it('reports a cache mount under /root after an unprivileged USER, not one elsewhere or as root', () => {
    const findings = lint(() =>
      defineConfig({
        targets: [
          stage('app', { from: 'python:3.12' }, [
            run('pip install -r r.txt', { mounts: [cacheMount('/root/.cache/pip')] }),
            user('10001'),
            run('pip install -r r.txt', { mounts: [cacheMount('/root/.cache/pip')] }),
            run('npm ci', { mounts: [cacheMount('/home/app/.npm', { uid: 10001 })] }),
          ]),
        ],
      }),
    ).filter((finding) => finding.rule === 'DSL003');
    expect(findings.map((finding) => [finding.step, finding.message])).toEqual([
      [
        3,
        "RUN with the cache mount /root/.cache/pip runs as user 10001: /root is root's alone, so the cache is never used and downloads go into the layer",
      ],
    ]);
  });

  // Found by a review: `USER node` then a secret mount (an .npmrc with a token) fails to read it.
  it('reports a secret or SSH mount BuildKit gives root after a named USER, not one dsl or the user gave an owner', () => {
    const findings = lint(() =>
      defineConfig({
        syntax: '1.10',
        targets: [
          stage('app', { from: 'node:20' }, [
            run('cat /run/secrets/npmrc', { mounts: [secretMount('npmrc')] }),
            user('node'),
            run('npm ci', { mounts: [secretMount('npmrc', { target: '/home/node/.npmrc' })] }),
            run('npm ci', { mounts: [secretMount('npmrc', { target: '/home/node/.npmrc', uid: 1000 })] }),
            run('npm ci', { mounts: [secretMount('npmrc', { target: '/home/node/.npmrc', mode: '0444' })] }),
            run('npm ci', { mounts: [secretMount('token', { env: 'NPM_TOKEN' })] }),
            run('git clone git@github.com:org/lib.git', { mounts: [sshMount()] }),
            user('10001'),
            run('cat /run/secrets/npmrc', { mounts: [secretMount('npmrc')] }),
          ]),
        ],
      }),
    ).filter((finding) => finding.rule === 'DSL003');
    expect(findings.map((finding) => [finding.step, finding.message])).toEqual([
      [
        3,
        'RUN with the secret npmrc mounted runs as user node: BuildKit mounts it readable by root only, so the command gets "Permission denied"',
      ],
      [
        7,
        'RUN with the SSH agent mounted runs as user node: BuildKit mounts it readable by root only, so the command gets "Permission denied"',
      ],
    ]);
    expect(findings[0]?.hint).toMatch(/^give the mount the user's numeric id \(uid: 1000\)/);
  });

  // Found by a review: after USER node, npm ci with a cache mount at /home/node/.npm failed with
  // EACCES (BuildKit creates the directory root's); after a numeric USER the compiler owns it.
  it('reports a cache mount without an owner after a named USER, not after a numeric one or with a uid', () => {
    const findings = lint(() =>
      defineConfig({
        targets: [
          stage('app', { from: 'node:20-slim' }, [
            user('node'),
            run('npm ci', { mounts: [cacheMount('/home/node/.npm')] }),
            run('npm ci', { mounts: [cacheMount('/home/node/.npm', { uid: 1000, gid: 1000 })] }),
            user('10001:10001'),
            run('npm ci', { mounts: [cacheMount('/home/app/.npm')] }),
          ]),
        ],
      }),
    ).filter((finding) => finding.rule === 'DSL003');
    expect(findings.map((finding) => [finding.step, finding.message])).toEqual([
      [
        2,
        'RUN with the cache mount /home/node/.npm runs as user node: BuildKit creates the cache directory owned by root, so the RUN cannot write to it',
      ],
    ]);
    expect(findings[0]?.hint).toContain("cacheMount('/home/node/.npm', { uid: 1000, gid: 1000 })");
  });

  it('follows the user a stage inherits from the stage it is built on, and root switched back', () => {
    const findings = lint(() => {
      const base = stage('base', { from: 'debian:bookworm-slim' }, [user('app')]);
      const child = stage('child', { from: base }, [run('useradd other')]);
      const back = stage('back', { from: base }, [user('root'), run('apk add curl'), user('app')]);
      return defineConfig({ targets: [child, back] });
    }).filter((finding) => finding.rule === 'DSL003');
    expect(findings.map((finding) => [finding.stage, finding.message])).toEqual([
      ['child', expect.stringMatching(/^RUN useradd runs as user app /)],
    ]);
  });
});
