import { describe, expect, it } from 'vitest';
import {
  cmd,
  compile,
  copy,
  defineConfig,
  defineFragment,
  expose,
  gate,
  run,
  stage,
  user,
  variants,
} from '../../src/index.js';
import { z } from '../../src/zod.js';

describe('gate', () => {
  const base = stage('base', { from: 'python:3.12' }, [run('pip install flask')]);
  const test = stage('test', { from: base }, [run('pip install pytest'), run('pytest')]);
  const prod = stage('prod', { from: base }, [copy('app.py', '/app/'), cmd(['python', '/app/app.py']), gate(test)]);

  it('makes prod reference the test stage, which writes its marker after its last step', () => {
    const { dockerfile } = compile(defineConfig({ targets: [prod] }));
    expect(dockerfile).toContain(
      'FROM base AS test\nRUN pip install pytest\nRUN pytest\nRUN touch /tmp/.dsl-gate-test\n',
    );
    expect(dockerfile.endsWith('COPY --from=test /tmp/.dsl-gate-test /.dsl-gate/test\n')).toBe(true);
  });

  // Found by a review: the marker was written with `mkdir -p /.dsl-gate`, which only root may do, so
  // a gated stage ending as an unprivileged user could never let prod build (e2e: python-gated).
  it("writes the marker where the stage's last user may write: /tmp, not /", () => {
    const unprivileged = stage('test', { from: base }, [run('pytest'), user('10001:10001')]);
    const gated = stage('prod', { from: base }, [gate(unprivileged)]);
    const { dockerfile } = compile(defineConfig({ targets: [gated] }));
    expect(dockerfile).toContain('USER 10001:10001\nRUN touch /tmp/.dsl-gate-test\n');
    expect(dockerfile).not.toMatch(/mkdir|RUN touch \/\.dsl-gate/);
  });

  // Found by a review: it compiled, and the build failed at the marker's RUN in a shell-less image.
  it('refuses to gate a stage built on scratch, directly or through its parents, and says what to gate', () => {
    const binary = stage('binary', { from: 'scratch' }, [copy('app', '/app')]);
    const checked = stage('checked', { from: binary }, []);
    for (const gatedStage of [binary, checked]) {
      const gated = stage('prod', { from: base }, [gate(gatedStage)]);
      expect(() => compile(defineConfig({ targets: [gated] }))).toThrow(
        new RegExp(`gate\\(${gatedStage.name}\\): stage "${gatedStage.name}" is built on scratch`),
      );
    }
  });

  // Found by a review: the gate's COPY was ordered as written among the metadata steps (before
  // EXPOSE and CMD), and with orderForCache off it stayed first, so a test rerun rebuilt every layer.
  it("copies the marker as the stage's last instruction wherever gate() is written, a variant's part included", () => {
    const last = 'COPY --from=test /tmp/.dsl-gate-test /.dsl-gate/test\n';
    const written = stage('prod', { from: base }, [
      gate(test),
      copy('app.py', '/app/'),
      run('python -m compileall /app'),
      expose(80),
      cmd(['python', '/app/app.py']),
    ]);
    for (const optimize of [{}, { orderForCache: false }]) {
      const { dockerfile } = compile(defineConfig({ targets: [written], optimize }));
      expect(dockerfile.endsWith(`CMD ["python", "/app/app.py"]\n${last}`)).toBe(true);
    }
    const { gated } = variants(base, { gated: [gate(test)] }, (part) => [part, copy('app.py', '/app/'), expose(80)]);
    const { dockerfile } = compile(defineConfig({ targets: [gated] }));
    expect(dockerfile.endsWith(`EXPOSE 80\n${last}`)).toBe(true);
  });

  // Found by a review: two fragments that both gate the tests, or a gate a parent stage already
  // has, copied the same marker again (one more layer, the same line twice in the Dockerfile).
  it("copies each gated stage's marker once per stage, not again in a stage whose parent has it", () => {
    const lint = stage('lint', { from: base }, [run('ruff check .')]);
    const line = (from: string) => `COPY --from=${from} /tmp/.dsl-gate-${from} /.dsl-gate/${from}\n`;
    const checked = stage('checked', { from: base }, [gate(test), copy('app.py', '/app/'), gate(test)]);
    const release = stage('release', { from: checked }, [gate(test), gate(lint), cmd(['python', '/app/app.py'])]);
    const { dockerfile } = compile(defineConfig({ targets: [release] }));
    expect(dockerfile.split(line('test')).length - 1).toBe(1);
    expect(dockerfile).toContain(`FROM base AS checked\nCOPY app.py /app/\n${line('test')}`);
    expect(dockerfile.endsWith(`FROM checked AS release\nCMD ["python", "/app/app.py"]\n${line('lint')}`)).toBe(true);
  });

  it('keeps the test stage in a --target prod build', () => {
    const { build } = compile(defineConfig({ targets: [prod] }), { target: 'prod' });
    expect(build.stages.map((s) => s.name)).toEqual(['base', 'test', 'prod']);
  });
});

describe('variants', () => {
  it('writes the shared tail once and places it after each variant’s own installs', () => {
    const base = stage('base', { from: 'python:3.12' });
    const { dev, prod } = variants(base, { dev: [run('pip install pytest', { phase: 'deps' })], prod: [] }, (deps) => [
      copy('.', '/app', { phase: 'source' }),
      deps,
      cmd(['python', 'app.py']),
    ]);
    const { dockerfile } = compile(defineConfig({ targets: [dev, prod], defaultTarget: prod }));
    expect(dockerfile).toContain('FROM base AS dev\nRUN pip install pytest\nCOPY . /app\nCMD ["python", "app.py"]');
    expect(dockerfile.endsWith('FROM base AS prod\nCOPY . /app\nCMD ["python", "app.py"]\n')).toBe(true);
  });

  // Found by a review: a fragment that makes a builder stage (as docs/fragments.md recommends),
  // used in the template, made it once per variant: "two different stages are named".
  const service = defineFragment({
    name: 'service',
    description: 'A venv builder stage and the copy of its venv.',
    package: '@acme/test',
    options: z.strictObject({ name: z.string() }),
    build: ({ name }) => {
      const venv = stage(`${name}-venv`, { from: 'python:3.12' }, [run('python -m venv /venv')]);
      return [copy('/venv', '/venv', { from: venv, phase: 'deps' }), cmd(['python', 'app.py'])];
    },
  });

  it('emits a stage a fragment makes in the template once, whichever variants use it', () => {
    const { dev, prod } = variants('python:3.12', { dev: [run('pip install pytest')], prod: [] }, (deps) => [
      service({ name: 'api' }),
      deps,
    ]);
    const { dockerfile } = compile(defineConfig({ targets: [dev, prod], optimize: { hoistSharedPrefix: false } }));
    expect(dockerfile.match(/AS api-venv/g)).toHaveLength(1);
    expect(dockerfile).toContain('FROM python:3.12 AS dev\nCOPY --from=api-venv /venv /venv\n');
    expect(dockerfile).toContain('FROM python:3.12 AS prod\nCOPY --from=api-venv /venv /venv\n');
  });

  it('still refuses two different stages with one name, and an equal copy of a target listed again', () => {
    const { dev, prod } = variants('python:3.12', { dev: [], prod: [] }, (_deps, name) => [
      service({ name: 'api' }),
      copy('/venv', '/venv', { from: stage('api-venv', { from: 'python:3.12' }, [run(`echo ${name}`)]) }),
    ]);
    expect(() => compile(defineConfig({ targets: [dev, prod] }))).toThrow('two different stages are named "api-venv"');
    const again = variants('alpine:3.20', { app: [] }, () => [cmd(['app'])]).app;
    const copyOfIt = variants('alpine:3.20', { app: [] }, () => [cmd(['app'])]).app;
    expect(() => compile(defineConfig({ targets: [again, copyOfIt] }))).toThrow('target "app" is listed twice');
  });
});
