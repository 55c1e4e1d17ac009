// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in plain strings is Dockerfile syntax under test
/**
 * Issue 2 acceptance: hand-picked adversarial values, each with the exact text the emitter prints
 * (then decoded by the BuildKit model in both dialects and counted by dockerfile-ast) or the error
 * it throws.
 *
 * Checked by hand on a real Docker Engine 20.10.24 (built-in BuildKit, `FROM scratch`, image config
 * and exported files inspected): `LABEL "a=b"=c` fails with "unexpected end of statement while
 * looking for matching double-quote"; `ENV F=x G="$F"` gives G=""; `ENTRYPOINT ["a"] && b` stores
 * Entrypoint ["a"]; `CMD echo hi<U+0085>` stores "echo hi"; `COPY ["<U+FEFF>bom.txt", "/x/"]` copies
 * `bom.txt` while the escaped `["\\<U+FEFF>bom.txt", ...]` copies the BOM-named file; the ENV values
 * and `it's.txt`/`a$b.txt`/`a,b.txt` COPY paths below come back exactly.
 */
import { describe, expect, it } from 'vitest';
import { emitStep } from '../../src/emit/emitStep.js';
import { EmitValueError } from '../../src/emit/escape.js';
import {
  bindMount,
  cacheMount,
  cmd,
  copy,
  entrypoint,
  env,
  expand,
  healthcheck,
  label,
  onbuild,
  run,
  type Step,
  secretMount,
  sh,
  user,
  volume,
  workdir,
} from '../../src/index.js';
import { countInstructions } from '../support/astSmoke.js';
import { DIALECTS, decodeKeyValues, onlyInstruction, parseDockerfile, processWord } from '../support/buildkitWords.js';
import { decodeForCompare, expectedOf } from '../support/decodeStep.js';

const BUILTIN = { syntax: 'builtin' } as const;

interface TextCase {
  readonly name: string;
  readonly step: () => Step;
  readonly text: string;
  /** For expand() values: the pairs BuildKit decodes with DECODE_ENV (PATH=/usr/bin). */
  readonly pairs?: readonly (readonly [string, string])[];
}

const printed: TextCase[] = [
  { name: 'RUN with a backslash inside', step: () => run('printf "a\\\\b"'), text: 'RUN printf "a\\\\b"' },
  { name: 'RUN ending in an escaped quote', step: () => run('echo \\"'), text: 'RUN echo \\"' },
  {
    name: 'RUN text that is not JSON but starts with [',
    step: () => run('[ -f /etc/os-release ] && cat /etc/os-release'),
    text: 'RUN [ -f /etc/os-release ] && cat /etc/os-release',
  },
  {
    name: 'RUN shift without a space before the operand',
    step: () => run('echo $((1<<2))'),
    text: 'RUN echo $((1<<2))',
  },
  { name: 'RUN here-string <<<', step: () => run('cat <<<hi'), text: 'RUN cat <<<hi' },
  {
    name: 'sh() lays commands out on continuation lines',
    step: () => run(sh('apt-get update', '# not a comment', 'echo done')),
    text: 'RUN apt-get update \\\n    && # not a comment \\\n    && echo done',
  },
  {
    name: 'exec form keeps commas inside arguments',
    step: () => run(['sh', '-c', 'echo a,b']),
    text: 'RUN ["sh", "-c", "echo a,b"]',
  },
  {
    name: 'exec form keeps $HOME and quotes literal',
    step: () => cmd(['echo', '$HOME', "it's", '"q"']),
    text: 'CMD ["echo", "$HOME", "it\'s", "\\"q\\""]',
  },
  {
    name: 'exec form hides << from editors that look for heredocs in JSON',
    step: () => run(['sh', '-c', 'cat <<x']),
    text: 'RUN ["sh", "-c", "cat \\u003c\\u003cx"]',
  },
  { name: 'ENV literal $ is escaped', step: () => env('A', '$HOME'), text: 'ENV A="\\$HOME"' },
  {
    name: 'ENV expand() keeps $',
    step: () => env('P', expand('/venv/bin:$PATH')),
    text: 'ENV P="/venv/bin:$PATH"',
    pairs: [['P', '/venv/bin:/usr/bin']],
  },
  { name: 'ENV A=x B=$A with a literal $A', step: () => env({ A: 'x', B: '$A' }), text: 'ENV A=x B="\\$A"' },
  {
    name: 'ENV refers to its own old value',
    step: () => env({ A: 'x', PATH: expand('/x/bin:$PATH') }),
    text: 'ENV A=x PATH="/x/bin:$PATH"',
    pairs: [
      ['A', 'x'],
      ['PATH', '/x/bin:/usr/bin'],
    ],
  },
  { name: 'ENV value with # and spaces', step: () => env('A', '#x y'), text: 'ENV A="#x y"' },
  { name: 'ENV value with quotes and backslashes', step: () => env('A', `a"b'c\\`), text: `ENV A="a\\"b'c\\\\"` },
  { name: 'ENV value starting with --', step: () => env('A', '--x'), text: 'ENV A="--x"' },
  { name: 'ENV empty value', step: () => env('A', ''), text: 'ENV A=""' },
  { name: 'ENV non-ASCII value', step: () => env('GREETING', '안녕 😀'), text: 'ENV GREETING="안녕 😀"' },
  { name: 'LABEL key with a space and a dot', step: () => label('org.x y', 'v'), text: 'LABEL "org.x y"=v' },
  { name: 'WORKDIR with a space', step: () => workdir('/my app'), text: 'WORKDIR "/my app"' },
  { name: 'WORKDIR starting with --', step: () => workdir('--x'), text: 'WORKDIR "--x"' },
  { name: 'USER with a quoted group', step: () => user('app', 'my group'), text: 'USER "app:my group"' },
  { name: "COPY it's.txt", step: () => copy("it's.txt", '/app/'), text: 'COPY ["it\\\\\'s.txt", "/app/"]' },
  { name: 'COPY a$b.txt', step: () => copy('a$b.txt', '/app/'), text: 'COPY ["a\\\\$b.txt", "/app/"]' },
  { name: 'COPY a path starting with --', step: () => copy('--x', '/app/'), text: 'COPY ["--x", "/app/"]' },
  { name: 'COPY a path starting with [', step: () => copy('[a].txt', '/app/'), text: 'COPY ["[a].txt", "/app/"]' },
  { name: 'COPY a heredoc-looking path', step: () => copy('<<x', '/app/'), text: 'COPY ["\\\\<\\\\<x", "/app/"]' },
  {
    name: 'COPY a path starting with U+FEFF',
    step: () => copy('\uFEFFa', '/app/'),
    text: 'COPY ["\\\\\uFEFFa", "/app/"]',
  },
  { name: 'VOLUME with a space', step: () => volume('/data dir'), text: 'VOLUME ["/data dir"]' },
  {
    name: '--mount values are plain CSV fields',
    step: () => run('make', { mounts: [cacheMount('/root/.cache', { id: 'go-build', sharing: 'locked', uid: 1000 })] }),
    text: 'RUN --mount=type=cache,id=go-build,target=/root/.cache,sharing=locked,uid=1000 make',
  },
  {
    name: 'ONBUILD RUN with a mount',
    step: () => onbuild(run('make', { mounts: [secretMount('npmrc', { target: '/root/.npmrc' })] })),
    text: 'ONBUILD RUN --mount=type=secret,id=npmrc,target=/root/.npmrc make',
  },
  {
    name: 'HEALTHCHECK shell form',
    step: () => healthcheck('curl -f http://localhost/ || exit 1', { interval: '30s' }),
    text: 'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1',
  },
];

describe('adversarial values: exact text, decoded back by BuildKit and counted by dockerfile-ast', () => {
  it.each(printed.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const step = c.step();
    const text = emitStep(step, BUILTIN);
    expect(text).toBe(c.text);
    for (const dialect of DIALECTS) {
      if (c.pairs) expect(decodeForCompare(text, dialect)).toEqual({ kind: 'env', pairs: c.pairs });
      else expect(decodeForCompare(text, dialect)).toEqual(expectedOf(step));
    }
    expect(countInstructions(`FROM scratch\n${text}\nUSER nobody\n`)).toBe(3);
  });
});

interface ErrorCase {
  readonly name: string;
  readonly step: () => Step;
  readonly error: RegExp;
}

const refused: ErrorCase[] = [
  { name: 'trailing backslash in RUN', step: () => run('echo a \\'), error: /ends with a backslash/ },
  {
    name: 'trailing backslash in a sh() line',
    step: () => run(sh('echo a\\', 'echo b')),
    error: /ends with a backslash/,
  },
  { name: 'backslash + newline in RUN', step: () => run('echo a \\\nRUN evil'), error: /newline/ },
  { name: 'backslash + newline in ENV', step: () => env('A', 'x\\\nRUN evil'), error: /newline/ },
  { name: 'CR in ENV', step: () => env('A', 'x\rRUN evil'), error: /carriage return/ },
  { name: 'NUL in LABEL', step: () => label('k', 'a\0b'), error: /NUL/ },
  { name: 'lone surrogate in WORKDIR', step: () => workdir('/a\uD800'), error: /surrogate/ },
  { name: 'NUL in exec form', step: () => run(['a\0b']), error: /NUL/ },
  { name: 'JSON-looking RUN text', step: () => run('["echo", "hi"]'), error: /JSON array/ },
  {
    name: 'RUN text with a JSON array prefix (Engine 20.10 runs the prefix)',
    step: () => run('["echo","a"] && echo b'),
    error: /JSON array/,
  },
  { name: 'empty JSON array prefix', step: () => run('[] x'), error: /JSON array/ },
  {
    name: 'JSON-looking RUN text after mount flags',
    step: () => run('["echo","hi"]', { mounts: [cacheMount('/c')] }),
    error: /JSON array/,
  },
  { name: 'JSON-looking CMD text', step: () => cmd('["a"] b'), error: /JSON array/ },
  { name: 'RUN text starting with --', step: () => run('--privileged true'), error: /starts with "--"/ },
  {
    name: 'RUN text starting with -- after mount flags',
    step: () => run('--network=host true', { mounts: [cacheMount('/c')] }),
    error: /starts with "--"/,
  },
  { name: 'RUN text ending in U+0085 (Go trims it)', step: () => run('echo hi\u0085'), error: /whitespace/ },
  { name: 'RUN heredoc opener with a space', step: () => run('echo $((1 << 2))'), error: /heredoc/ },
  { name: 'RUN heredoc opener', step: () => run('cat <<EOF'), error: /heredoc/ },
  { name: 'RUN escaped heredoc opener (an editor still sees one)', step: () => run('cat \\<<EOF'), error: /heredoc/ },
  { name: 'RUN heredoc opener in a later sh() line', step: () => run(sh('true', 'cat 2<<x')), error: /heredoc/ },
  {
    name: 'ENV A=x B=$A with expand(): B would get the old A',
    step: () => env({ A: 'x', B: expand('$A/bin') }),
    error: /same ENV instruction/,
  },
  { name: 'ENV ${A} form too', step: () => env({ A: 'x', B: expand('${A:-y}') }), error: /same ENV instruction/ },
  { name: 'LABEL key with =', step: () => label('a=b', 'c'), error: /contains "="/ },
  { name: '--mount target with a comma', step: () => run('make', { mounts: [cacheMount('/a,b')] }), error: /comma/ },
  {
    name: '--mount source with a comma',
    step: () => run('make', { mounts: [bindMount('/src', { source: 'a,b' })] }),
    error: /comma/,
  },
  {
    name: '--mount id with a space',
    step: () => run('make', { mounts: [cacheMount('/c', { id: 'a b' })] }),
    error: /whitespace/,
  },
  { name: 'non-ASCII --chown', step: () => copy('a', '/b/', { chown: 'jürgen' }), error: /non-ASCII/ },
  { name: 'non-ASCII --mount target', step: () => run('make', { mounts: [cacheMount('/caché')] }), error: /non-ASCII/ },
  { name: 'non-ASCII --from', step: () => copy('a', '/b/', { from: 'bäse' }), error: /non-ASCII/ },
  {
    name: 'empty COPY path in the IR',
    step: () => ({ ...copy('a', '/b/'), sources: [''] }) as Step,
    error: /empty path/,
  },
];

describe('adversarial values: refused with a clear error', () => {
  it.each(refused.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const step = c.step();
    expect(() => emitStep(step, BUILTIN)).toThrow(EmitValueError);
    expect(() => emitStep(step, BUILTIN)).toThrow(c.error);
  });
});

describe('why those values are refused: what BuildKit would do with the naive text', () => {
  it('a trailing backslash swallows the next instruction', () => {
    expect(parseDockerfile('RUN echo a \\\nUSER root\n').instructions).toHaveLength(1);
  });

  it('ENV A=x B=$A: B gets the value A had before the line', () => {
    expect(decodeKeyValues(onlyInstruction('ENV A=x B="$A/bin"'), { A: 'old' })).toEqual([
      ['A', 'x'],
      ['B', 'old/bin'],
    ]);
  });

  it('LABEL "a=b"=c is split at the first =', () => {
    expect(() => decodeKeyValues(onlyInstruction('LABEL "a=b"=c'))).toThrow(/double-quote/);
  });

  it('a JSON array after mount flags is exec form', () => {
    const instruction = onlyInstruction('RUN --mount=type=cache,target=/c ["echo","hi"]');
    expect(instruction.args).toEqual({ kind: 'maybeJson', json: true, values: ['echo', 'hi'] });
  });

  it('$ in a --mount field is expanded by the builder (flag values are builder-expanded by design)', () => {
    const text = emitStep(run('make', { mounts: [cacheMount('/cache/$X')] }), BUILTIN);
    expect(text).toBe('RUN --mount=type=cache,target=/cache/$X make');
    expect(processWord('/cache/$X', { X: 'v' })).toBe('/cache/v');
  });

  it('entrypoint exec form and shell form', () => {
    expect(emitStep(entrypoint(['tini', '--']), BUILTIN)).toBe('ENTRYPOINT ["tini", "--"]');
    expect(emitStep(entrypoint('exec node server.js'), BUILTIN)).toBe('ENTRYPOINT exec node server.js');
  });
});
