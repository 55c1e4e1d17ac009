import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DockerfileParseError,
  dumpAst,
  envFromRecord,
  parseDockerfile,
  processWord,
  processWords,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

const shared = new URL('../../../../../shared/corpus/', import.meta.url).pathname;

function parseAll(dir: string): { ok: number; failed: { file: string; error: string }[]; instructions: number } {
  const failed: { file: string; error: string }[] = [];
  let ok = 0;
  let instructions = 0;
  for (const name of readdirSync(dir).sort()) {
    try {
      const ast = parseDockerfile(readFileSync(join(dir, name)), { file: name });
      dumpAst(ast);
      instructions += ast.instructions.length;
      ok++;
    } catch (error) {
      if (!(error instanceof DockerfileParseError)) throw error;
      failed.push({ file: name, error: error.message });
    }
  }
  return { ok, failed, instructions };
}

describe.skipIf(!existsSync(join(shared, 'official')))('real-world Dockerfiles', () => {
  it('parses all 14 official-image Dockerfiles', () => {
    const result = parseAll(join(shared, 'official'));
    console.log(`official: ${result.ok} parsed, ${result.failed.length} rejected, ${result.instructions} instructions`);
    expect(result.failed).toEqual([]);
    expect(result.ok).toBe(14);
  });

  it('parses all 209 docker-library gold Dockerfiles, placeholders included', () => {
    // `%%VERSION%%`-style placeholders sit in image names and values, where BuildKit's parser
    // accepts any text: it only fails later, when the builder resolves the image or the stage.
    const result = parseAll(join(shared, 'docker-library-gold'));
    console.log(
      `docker-library-gold: ${result.ok} parsed, ${result.failed.length} rejected, ${result.instructions} instructions`,
    );
    expect(result.failed).toEqual([]);
    expect(result.ok).toBe(209);
  });
});

// BuildKit's shell word tests (frontend/dockerfile/shell): `PLATFORM | input | expected`.
describe.skipIf(!existsSync(join(shared, 'buildkit-parser', 'shell')))('BuildKit shell word cases', () => {
  it('envVarTest: every Unix and all-platform case', () => {
    const env = envFromRecord({ PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '' });
    const lines = readFileSync(join(shared, 'buildkit-parser', 'shell', 'envVarTest'), 'utf8').split('\n');
    let checked = 0;
    for (const [index, raw] of lines.entries()) {
      if (raw.startsWith('#') || raw.trim() === '') continue;
      const [platform, source, expected] = raw
        .trim()
        .split('|')
        .map((part) => part.trim()) as [string, string, string];
      if (platform === 'W') continue;
      const where = `envVarTest line ${index + 1}: ${source}`;
      if (expected === 'error') {
        expect(() => processWord(source, env), where).toThrow();
      } else {
        expect(processWord(source, env), where).toBe(expected);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('wordsTest: word splitting after substitution', () => {
    const lines = readFileSync(join(shared, 'buildkit-parser', 'shell', 'wordsTest'), 'utf8').split('\n');
    const env: Record<string, string> = {};
    let checked = 0;
    for (const [index, line] of lines.entries()) {
      if (line.startsWith('#') || line === '') continue;
      if (line.startsWith('ENV ')) {
        const assignment = line.slice(3).replace(/^ +/, '');
        const eq = assignment.indexOf('=');
        env[eq < 0 ? assignment : assignment.slice(0, eq)] = eq < 0 ? '' : assignment.slice(eq + 1);
        continue;
      }
      const [input, output] = line.split('|') as [string, string];
      const expected = output.replace(/^ +/, '').split(',');
      let words: string[];
      try {
        words = processWords(input.trim(), envFromRecord(env));
      } catch {
        words = ['error'];
      }
      expect(words, `wordsTest line ${index + 1}: ${input}`).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
