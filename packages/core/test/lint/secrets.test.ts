import { describe, expect, it } from 'vitest';
import {
  arg,
  compile,
  DslError,
  defineConfig,
  env,
  isSecretLikeName,
  onbuild,
  secretRun,
  stage,
} from '../../src/index.js';

describe('isSecretLikeName (BuildKit SecretsUsedInArgOrEnv words)', () => {
  it.each([
    'API_KEY',
    'apikey',
    'GITHUB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'DB_PASSWORD',
    'PASSWD',
    'NPM_AUTH',
    'GOOGLE_CREDENTIALS',
    'apiKey',
    'authToken',
    'GPG_KEY',
  ])('%s is secret-like', (name) => {
    expect(isSecretLikeName(name)).toBe(true);
  });
  it.each([
    'PATH',
    'AUTHOR',
    'KEYCLOAK_URL',
    'TOKEN_FILE',
    'PUBLIC_KEY',
    'SECRET_VERSION',
    'MONKEY',
    'NODE_ENV',
    'TOKENIZER',
    'PASSWORDLESS',
  ])('%s is not', (name) => {
    expect(isSecretLikeName(name)).toBe(false);
  });
});

function compileError(make: () => Parameters<typeof compile>[0]): DslError {
  try {
    compile(make());
  } catch (error) {
    if (error instanceof DslError) return error;
    throw error;
  }
  throw new Error('expected a DslError');
}

describe('compile rejects secret-like ENV/ARG names', () => {
  it('as an error at the config line, naming stage, step and fragment, with a secretMount hint', () => {
    const error = compileError(() =>
      defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [env('MODE', 'x'), env('API_TOKEN', 'abc')])] }),
    );
    expect(error.message).toBe(
      'ENV "API_TOKEN" looks like a secret: ENV values are stored in the image and its history, readable by anyone who can pull it',
    );
    expect(error.location).toMatchObject({ stage: 'prod', step: 2, fragment: 'env' });
    expect(error.location.callSite?.file).toBe(new URL(import.meta.url).pathname);
    expect(error.hint).toMatch(/secretRun\('\.\.\.', \{ secrets: \['api_token'\] \}\)/);
    expect(error.hint).toMatch(/secretMount\('api_token'\)/);
    expect(error.hint).toMatch(/lint\.allowSecretNames/);
  });

  it('checks global ARGs, stage ARGs and ONBUILD', () => {
    expect(
      compileError(() => defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' })], args: [arg('NPM_TOKEN')] }))
        .location.stage,
    ).toBe('(global ARG)');
    expect(
      compileError(() => defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [arg('DB_PASSWORD', '')])] }))
        .message,
    ).toMatch(/^ARG "DB_PASSWORD" looks like a secret/);
    expect(
      compileError(() =>
        defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [onbuild(env('SECRET', 'x'))])] }),
      ).message,
    ).toMatch(/^ENV "SECRET"/);
  });

  it('accepts names listed in lint.allowSecretNames, and secrets passed by mounts', () => {
    const config = defineConfig({
      targets: [
        stage('prod', { from: 'python:3.12' }, [
          env('GPG_KEY', '7169605F62C751356D054A26A821E680E5FA6305'),
          secretRun('pip install -r requirements.txt', { secrets: ['pip_conf'] }),
        ]),
      ],
      lint: { allowSecretNames: ['GPG_KEY'] },
    });
    expect(compile(config).dockerfile).toContain('--mount=type=secret,id=pip_conf,required=true');
  });

  it('can be left to the caller with checkSecrets: false', () => {
    const config = defineConfig({ targets: [stage('prod', { from: 'alpine:3.20' }, [env('API_KEY', 'x')])] });
    expect(compile(config, { checkSecrets: false }).dockerfile).toContain('ENV API_KEY=x');
  });

  it('rejects an allowSecretNames entry that is not a variable name', () => {
    const config = defineConfig({
      targets: [stage('prod', { from: 'alpine:3.20' })],
      lint: { allowSecretNames: ['not a name'] },
    });
    expect(() => compile(config)).toThrow(/lint\.allowSecretNames\[0\]: expected an ENV\/ARG name/);
  });
});
