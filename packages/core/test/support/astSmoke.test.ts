/**
 * The astSmoke helper on emitted text, and proof of each disagreement between dockerfile-ast and
 * BuildKit that astSmoke.ts documents (so the comment there stays true when the package updates).
 */
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { emitDockerfile } from '../../src/emit/emitDockerfile.js';
import { cacheMount, cmd, copy, env, label, onbuild, run, sh, user, workdir } from '../../src/index.js';
import type { ResolvedBuild } from '../../src/ir/resolved.js';
import { assertParsesAs, countInstructions, directivesOf, instructionsOf } from './astSmoke.js';
import {
  decodeCommand,
  decodeKeyValues,
  extractBuilderFlags,
  onlyInstruction,
  parseDockerfile,
} from './buildkitWords.js';

const build: ResolvedBuild = {
  syntax: '1.4',
  args: [],
  stages: [
    {
      name: 'build',
      from: { image: 'node:20' },
      origin: { fragment: 'stage' },
      steps: [
        workdir('/app'),
        copy(['package.json', 'pnpm-lock.yaml'], './'),
        run('pnpm install --frozen-lockfile', { mounts: [cacheMount('/pnpm/store', { id: 'pnpm' })] }),
        run(sh('pnpm build', 'pnpm prune --prod')),
        env({ NODE_ENV: 'production', GREETING: 'hello world' }),
        label('org.opencontainers.image.title', 'my app'),
        onbuild(run('echo "child build"')),
        user('node'),
        cmd(['node', 'dist/server.js']),
      ],
    },
  ],
  targets: ['build'],
  defaultTarget: 'build',
};

describe('astSmoke on emitted text', () => {
  const text = emitDockerfile(build);

  it('reads the directive and instruction by instruction what we emitted', () => {
    expect(directivesOf(text)).toEqual([{ name: 'syntax', value: 'docker/dockerfile:1.4' }]);
    assertParsesAs(text, [
      'FROM node:20 AS build',
      'WORKDIR /app',
      'COPY package.json pnpm-lock.yaml ./',
      'RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile',
      'RUN pnpm build && pnpm prune --prod',
      { keyword: 'ENV', args: ['NODE_ENV=production', 'GREETING="hello', 'world"'] },
      'LABEL org.opencontainers.image.title="my app"',
      { keyword: 'ONBUILD', trigger: { keyword: 'RUN', flags: [], args: ['echo', '"child', 'build"'], line: 14 } },
      'USER node',
      'CMD ["node", "dist/server.js"]',
    ]);
  });

  it('agrees with the BuildKit model on instruction boundaries and keywords here', () => {
    const ours = parseDockerfile(text).instructions.map((i) => [i.keyword, i.startLine]);
    const theirs = instructionsOf(text).map((i) => [i.keyword, i.line]);
    expect(theirs).toEqual(ours);
  });

  it('assertParsesAs fails on a different instruction', () => {
    expect(() => assertParsesAs('FROM a\nRUN b\n', ['FROM a', 'RUN c'])).toThrow();
    expect(() => assertParsesAs('FROM a\nRUN b\n', ['FROM a'])).toThrow();
  });
});

describe('where dockerfile-ast disagrees with BuildKit (documented in astSmoke.ts)', () => {
  it('a lone CR ends a line for dockerfile-ast only', () => {
    expect(countInstructions('RUN a\rRUN b\n')).toBe(2);
    expect(parseDockerfile('RUN a\rRUN b\n').instructions).toHaveLength(1);
  });

  it('an escaped escape at the end of a line continues it for dockerfile-ast only', () => {
    expect(countInstructions('RUN echo a\\\\\nRUN b\n')).toBe(1);
    expect(parseDockerfile('RUN echo a\\\\\nRUN b\n').instructions).toHaveLength(2);
  });

  it('getJSONStrings drops whitespace inside JSON strings', () => {
    const [copyInstruction] = (
      astInstructions('COPY ["a b", "/d"]\n') as { getJSONStrings(): { getJSONValue(): string }[] }[]
    ).slice(0, 1);
    expect(copyInstruction?.getJSONStrings().map((s) => s.getJSONValue())).toEqual(['ab', '/d']);
  });

  it('RUN ["a"] && b: JSON strings for dockerfile-ast, shell form for current BuildKit', () => {
    const [runInstruction] = astInstructions('RUN ["a"] && b\n') as {
      getJSONStrings(): { getJSONValue(): string }[];
    }[];
    expect(runInstruction?.getJSONStrings().map((s) => s.getJSONValue())).toEqual(['a']);
    expect(decodeCommand(onlyInstruction('RUN ["a"] && b', 'current'))).toEqual({ form: 'shell', text: '["a"] && b' });
  });

  it('tokens and flags are split at whitespace inside quotes', () => {
    expect(instructionsOf('WORKDIR "/a b"\n')[0]?.args).toEqual(['"/a', 'b"']);
    expect(instructionsOf('COPY --chown="a b" x y\n')[0]?.flags).toEqual(['--chown="a']);
    expect(extractBuilderFlags('--chown="a b" x y').flags).toEqual(['--chown=a b']);
  });

  it('non-ASCII flag values are read as written by dockerfile-ast, byte-wise by BuildKit', () => {
    expect(instructionsOf('COPY --chown=ü a b\n')[0]?.flags).toEqual(['--chown=ü']);
    expect(onlyInstruction('COPY --chown=ü a b').flags).toEqual(['--chown=Ã¼']);
  });

  it('a quoted LABEL key with = is one key for dockerfile-ast, split at the first = by BuildKit', () => {
    expect(() => decodeKeyValues(onlyInstruction('LABEL "a=b"=c'))).toThrow();
    const [labelInstruction] = astInstructions('LABEL "a=b"=c\n') as {
      getProperties(): { getName(): string; getValue(): string | null }[];
    }[];
    expect(labelInstruction?.getProperties().map((p) => [p.getName(), p.getValue()])).toEqual([['"a=b"=c', null]]);
  });

  it('an unquoted << WORD with a space is a heredoc for current BuildKit only', () => {
    expect(countInstructions('RUN echo $((1 << 2))\nRUN next\n')).toBe(2);
    expect(() => parseDockerfile('RUN echo $((1 << 2))\nRUN next\n')).toThrow(/heredoc/);
  });

  it('a << token inside a JSON string opens a heredoc for dockerfile-ast only', () => {
    expect(countInstructions('RUN ["sh", "-c", "cat <<x"]\nRUN next\n')).toBe(1);
    expect(parseDockerfile('RUN ["sh", "-c", "cat <<x"]\nRUN next\n').instructions).toHaveLength(2);
    expect(countInstructions('RUN ["sh", "-c", "cat \\u003c\\u003cx"]\nRUN next\n')).toBe(2);
  });

  it('ONBUILD flags belong to the trigger', () => {
    const [instruction] = instructionsOf('ONBUILD RUN --mount=type=tmpfs,target=/t make\n');
    expect(instruction?.flags).toEqual([]);
    expect(instruction?.trigger?.flags).toEqual(['--mount=type=tmpfs,target=/t']);
  });

  it('emitted values stay clear of all of these', () => {
    const text = emitDockerfile({
      ...build,
      syntax: 'builtin',
      stages: [{ ...build.stages[0]!, steps: [env('A', 'a b'), copy('a b', '/d/'), user('u', 'g h')] }],
    });
    expect(countInstructions(text)).toBe(parseDockerfile(text).instructions.length);
  });
});

/** dockerfile-ast's own instruction objects, for the JSON/property accessors astSmoke does not expose. */
function astInstructions(text: string): unknown[] {
  return DockerfileParser.parse(text).getInstructions();
}
