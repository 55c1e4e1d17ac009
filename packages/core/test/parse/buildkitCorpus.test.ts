import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParseError, dumpAst, parseDockerfile } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

const corpus = new URL('../../../../../shared/corpus/buildkit-parser/', import.meta.url).pathname;
const hasCorpus = existsSync(corpus);

function cases(dir: string): string[] {
  const path = join(corpus, dir);
  return existsSync(path) ? readdirSync(path).sort() : [];
}

describe.skipIf(!hasCorpus)('BuildKit parser cases (testfiles)', () => {
  const names = cases('testfiles');
  it('has the 33 cases', () => {
    expect(names).toHaveLength(33);
  });
  it.each(names)('%s', (name) => {
    const dockerfile = readFileSync(join(corpus, 'testfiles', name, 'Dockerfile'));
    const result = readFileSync(join(corpus, 'testfiles', name, 'result'), 'utf8');
    expect(`${dumpAst(parseDockerfile(dockerfile))}\n`).toBe(result);
  });
});

describe.skipIf(!hasCorpus)('BuildKit parser negative cases (testfiles-negative)', () => {
  const expected: Record<string, { reason: string | RegExp; line: number }> = {
    empty_dockerfile: { reason: 'file with no instructions', line: 0 },
    env_no_value: { reason: 'ENV must have two arguments', line: 3 },
    only_comments: { reason: 'file with no instructions', line: 3 },
    'shykes-nested-json': {
      reason: 'when using JSON array syntax, arrays must be comprised of strings only',
      line: 1,
    },
  };
  const names = cases('testfiles-negative');
  it('has the 4 cases', () => {
    expect(names).toEqual(Object.keys(expected).sort());
  });
  it.each(names)('%s is rejected', (name) => {
    const dockerfile = readFileSync(join(corpus, 'testfiles-negative', name, 'Dockerfile'));
    const want = expected[name]!;
    let error: unknown;
    try {
      parseDockerfile(dockerfile, { file: `${name}/Dockerfile` });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DockerfileParseError);
    const parseError = error as DockerfileParseError;
    expect(parseError.reason).toMatch(want.reason);
    expect(parseError.line).toBe(want.line);
    // No line to point at in an empty file: no `:0`.
    expect(parseError.message).toBe(`${name}/Dockerfile${want.line > 0 ? `:${want.line}` : ''}: ${parseError.reason}`);
  });
});

describe.skipIf(!hasCorpus)('BuildKit testfile-line', () => {
  it('reports the same start and end lines as BuildKit (TestParseIncludesLineNumbers)', () => {
    const ast = parseDockerfile(readFileSync(join(corpus, 'testfile-line', 'Dockerfile')));
    expect(ast.startLine).toBe(5);
    expect(ast.endLine).toBe(31);
    expect(ast.instructions.map((i) => [i.startLine, i.endLine])).toEqual([
      [5, 5],
      [11, 12],
      [17, 31],
    ]);
    // `# ESCAPE=\` on line 1 is a directive (case-insensitive), not a comment.
    expect(ast.directives).toEqual([{ name: 'escape', value: '\\', line: 1 }]);
  });
});
