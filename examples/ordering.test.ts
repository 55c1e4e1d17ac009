/**
 * Issue 3's promise, checked on the examples: each writes the source COPY before (or with) its
 * dependency install, and the compiled Dockerfile installs first, then copies the source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** A stage's instructions, preceded by those of the stages it is built FROM (shared stages included). */
function stageLines(example: string, stage: string): string[] {
  const text = readFileSync(new URL(`./${example}/Dockerfile`, import.meta.url), 'utf8');
  const from = new RegExp(`^FROM (\\S+) AS ${stage.replace(/[.-]/g, '\\$&')}$`, 'm').exec(text);
  expect(from, `stage ${stage} in ${example}`).not.toBeNull();
  const start = (from?.index ?? 0) + (from?.[0].length ?? 0) + 1;
  const end = text.indexOf('\n\n', start);
  const own = text
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((line) => line !== '');
  const parent = from?.[1] as string;
  return new RegExp(` AS ${parent.replace(/[.-]/g, '\\$&')}$`, 'm').test(text)
    ? [...stageLines(example, parent), ...own]
    : own;
}

function indexOfLine(lines: string[], pattern: RegExp): number {
  const index = lines.findIndex((line) => pattern.test(line));
  expect(index, `a line matching ${pattern}`).toBeGreaterThan(-1);
  return index;
}

const cases = [
  {
    name: 'pip',
    example: 'dev-prod-shared-app',
    stage: 'dev',
    manifest: /^COPY requirements-dev\.txt/,
    install: /pip install -r requirements-dev\.txt/,
  },
  {
    name: 'npm',
    example: 'node-service',
    stage: 'dev',
    manifest: /^COPY package\.json package-lock\.json/,
    install: /npm ci/,
  },
  {
    name: 'pnpm',
    example: 'pnpm-web',
    stage: 'prod',
    manifest: /^COPY (package\.json )?pnpm-lock\.yaml/,
    install: /pnpm fetch/,
  },
  { name: 'Go', example: 'go-cli', stage: 'builder', manifest: /^COPY go\.mod/, install: /go mod download/ },
  {
    name: 'Cargo',
    example: 'rust-cli',
    stage: 'builder',
    manifest: /^COPY Cargo\.toml Cargo\.lock/,
    install: /cargo fetch/,
  },
];

describe.each(cases)('$name ($example)', ({ example, stage, manifest, install }) => {
  it('written source-first, compiles to manifest COPY and install before the source COPY', () => {
    const config = readFileSync(new URL(`./${example}/docker.config.ts`, import.meta.url), 'utf8');
    const installCall = /(pipInstall|npmCi|pnpmInstall|goModDownload|cargoFetch)\(|\bdeps\b/;
    expect(config.slice(config.indexOf('copyApp(')).search(installCall)).toBeGreaterThan(0);
    const lines = stageLines(example, stage);
    const source = indexOfLine(lines, /^COPY \. \.$/);
    expect(indexOfLine(lines, manifest)).toBeLessThan(source);
    expect(indexOfLine(lines, install)).toBeLessThan(source);
  });
});

describe('lean runtimes (dependencies and source in separate layers)', () => {
  it.each([
    ['python-gated', 'prod', /^COPY --from=builder \/opt\/venv/, /^COPY app\.py/],
    ['node-service', 'prod', /^COPY --from=deps \/app\/node_modules/, /^COPY src src\//],
  ])('%s copies dependencies before the source', (example, stage, deps, source) => {
    const lines = stageLines(example, stage);
    expect(indexOfLine(lines, deps)).toBeLessThan(indexOfLine(lines, source));
  });
});

it('the gate example makes prod reference the test stage as its last instruction', () => {
  const lines = stageLines('python-gated', 'prod');
  expect(lines[lines.length - 1]).toBe('COPY --from=test /tmp/.dsl-gate-test /.dsl-gate/test');
  expect(stageLines('python-gated', 'test').at(-1)).toBe('RUN touch /tmp/.dsl-gate-test');
});
