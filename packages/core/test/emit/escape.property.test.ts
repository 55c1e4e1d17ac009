// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in plain strings is Dockerfile syntax under test
/**
 * Issue 2 acceptance: for arbitrary strings, every emitter entry point either throws a clear error
 * or prints text that BuildKit (modelled in test/support/buildkitWords.ts, both Engine 20.10's
 * built-in frontend and current BuildKit) decodes back to exactly the original value, and the text
 * never holds an extra instruction (counted by our BuildKit model and by dockerfile-ast).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitDockerfile } from '../../src/emit/emitDockerfile.js';
import { emitStep } from '../../src/emit/emitStep.js';
import {
  checkNoHeredocOpener,
  checkRunCommand,
  checkShellCommand,
  EmitValueError,
  encodeExecArray,
  encodeExpandedWord,
  encodePathList,
} from '../../src/emit/escape.js';
import {
  add,
  arg,
  cacheMount,
  cmd,
  comment,
  copy,
  DslError,
  entrypoint,
  env,
  expand,
  healthcheck,
  heredoc,
  isDslError,
  label,
  onbuild,
  run,
  type Step,
  sh,
  shell,
  user,
  volume,
  workdir,
} from '../../src/index.js';
import type { ResolvedBuild } from '../../src/ir/resolved.js';
import { countInstructions } from '../support/astSmoke.js';
import {
  DIALECTS,
  decodeCommand,
  decodePaths,
  onlyInstruction,
  parseDockerfile,
  parseWords,
  processWord,
} from '../support/buildkitWords.js';
import { DECODE_ENV, decodeForCompare, expectedOf } from '../support/decodeStep.js';

const RUNS = { numRuns: 400 };
const BUILTIN = { syntax: 'builtin' } as const;

// ---------------------------------------------------------------------------------------------
// Arbitrary strings, biased towards what breaks Dockerfiles

const NASTY_CHARS = [
  '\\',
  '"',
  "'",
  '$',
  '{',
  '}',
  ' ',
  ' ',
  '\t',
  '#',
  '\n',
  '\r',
  '\0',
  '[',
  ']',
  '-',
  '=',
  ':',
  ',',
  '<',
  '`',
  '&',
  ';',
  '|',
  '(',
  ')',
  '*',
  '?',
  '~',
  '%',
  '@',
  '/',
  '.',
  'a',
  'Z',
  '0',
  '9',
  '_',
  'é',
  '한',
  '😀',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '\u0085',
  '\u00A0',
  '\u2028',
  '\u2029',
  '\v',
  '\f',
  '\u001B',
];
const NASTY_PIECES = [
  '--',
  '$A',
  '${A}',
  '${A:-x}',
  '${X:+y}',
  '$HOME',
  '$1',
  '\\\n',
  '\\ ',
  ' \\',
  '<<EOF',
  '<< 2',
  '<<-x',
  '<<<y',
  '["a"]',
  '["a", "b"]',
  '[]',
  '[1]',
  'EOF',
  'RUN x',
  '\nRUN x',
  '\\$',
  '\\"',
  "'\\''",
  '\\\\',
  "it's.txt",
  'a$b.txt',
  '# c',
  '\r\n',
  'ONBUILD',
  '&&',
];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_CHARS) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 4 }) },
);

/** Any string, with quotes, `$`, backslashes, spaces, `#`, newlines, CR, NUL and lone surrogates. */
const nasty = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 10 }).map((parts) => parts.join('')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('--', '[', '["', '-', '#', ' ', '\uFEFF', '<<', '2<<'), fc.array(piece, { maxLength: 6 }))
      .map(([prefix, parts]) => prefix + parts.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);
const nastyNonEmpty = nasty.filter((value) => value !== '');
const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Newline, CR, NUL and unpaired surrogates cannot be written into a one-line value. */
function unrepresentable(value: string): boolean {
  return /[\n\r\0]/.test(value) || LONE_SURROGATE.test(value);
}

/** Runs `emit`; a thrown error must be ours (EmitValueError, or DslError from a factory) and say why. */
function attempt<T>(emit: () => T): { ok: true; value: T } | { ok: false; error: Error } {
  try {
    return { ok: true, value: emit() };
  } catch (error) {
    if (!(error instanceof EmitValueError) && !isDslError(error)) throw error;
    expect((error as Error).message.length).toBeGreaterThan(10);
    return { ok: false, error: error as Error };
  }
}

/** The one emitted step decodes, in both BuildKit dialects, to what the step means. */
function expectRoundTrip(step: Step, text: string): void {
  for (const dialect of DIALECTS) {
    expect(decodeForCompare(text, dialect), `${dialect} decoding of:\n${text}`).toEqual(expectedOf(step));
  }
  expect(countInstructions(`FROM scratch\n${text}\n`), `dockerfile-ast reading of:\n${text}`).toBe(2);
}

function emitted(step: () => Step): { step: Step; result: ReturnType<typeof attempt<string>> } | undefined {
  const made = attempt(step);
  if (!made.ok) return undefined; // the factory refused the value, with a message
  return { step: made.value, result: attempt(() => emitStep(made.value, BUILTIN)) };
}

// ---------------------------------------------------------------------------------------------

describe('encodeExpandedWord (ENV/LABEL/ARG values, WORKDIR, USER)', () => {
  it('throws exactly for newline, CR, NUL and lone surrogates; otherwise processWord gives the value back', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        const result = attempt(() => encodeExpandedWord(value, 'value'));
        expect(result.ok).toBe(!unrepresentable(value));
        if (!result.ok) return;
        // One word for the parser, whatever instruction it sits in.
        expect(parseWords(result.value)).toEqual([result.value]);
        for (const dialect of DIALECTS) {
          expect(processWord(result.value, DECODE_ENV, { dialect })).toBe(value);
          expect(processWord(result.value, {}, { dialect })).toBe(value);
        }
      }),
      RUNS,
    );
  });

  it('expand(): variables are substituted, everything else is literal', () => {
    const literal = fc
      .array(
        fc.constantFrom('a', '/', ' ', '\\', '"', "'", '{', '}', ':', '-', '#', 'é', '😀', '`', '[', '=', ',', '\t'),
        { maxLength: 4 },
      )
      .map((chars) => chars.join(''));
    const fallback = fc.array(fc.constantFrom('a', '/', ' ', '\\', '"', ':', '-', '#', '='), { maxLength: 3 });
    const reference = fc.oneof(
      fc.constantFrom('A', 'B', 'HOME', 'UNSET').map((name) => ({ text: `\${${name}}`, name, fallback: undefined })),
      fc
        .tuple(fc.constantFrom('A', 'UNSET'), fallback)
        .map(([name, chars]) => ({ text: `\${${name}:-${chars.join('')}}`, name, fallback: chars.join('') })),
    );
    const segments = fc.array(fc.oneof(literal, reference), { maxLength: 6 });
    fc.assert(
      fc.property(segments, (parts) => {
        const text = parts.map((part) => (typeof part === 'string' ? part : part.text)).join('');
        const want = parts
          .map((part) => {
            if (typeof part === 'string') return part;
            const value = (DECODE_ENV as Record<string, string>)[part.name];
            return value !== undefined && value !== '' ? value : (part.fallback ?? '');
          })
          .join('');
        const word = encodeExpandedWord(expand(text), 'value');
        for (const dialect of DIALECTS) expect(processWord(word, DECODE_ENV, { dialect })).toBe(want);
      }),
      RUNS,
    );
  });

  for (const [name, make] of [
    ['ENV', (k: string, v: string) => env(k, v)],
    ['ENV (two pairs)', (k: string, v: string) => env({ [k]: v, [`${k}_2`]: `${v}$${k}` })],
    ['ARG', (k: string, v: string) => arg(k, v)],
  ] as const) {
    it(`${name}: throws or round-trips`, () => {
      fc.assert(
        fc.property(envName, nasty, (key, value) => {
          const made = emitted(() => make(key, value));
          if (!made) return;
          expect(made.result.ok).toBe(!unrepresentable(value));
          if (made.result.ok) expectRoundTrip(made.step, made.result.value);
        }),
        RUNS,
      );
    });
  }

  it('LABEL: keys and values throw or round-trip', () => {
    fc.assert(
      fc.property(nasty, nasty, (key, value) => {
        const made = emitted(() => label(key, value));
        if (!made) return;
        const expectedOk = key !== '' && !key.includes('=') && !unrepresentable(key) && !unrepresentable(value);
        expect(made.result.ok, made.result.ok ? made.result.value : made.result.error.message).toBe(expectedOk);
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });

  it('WORKDIR: throws or round-trips', () => {
    fc.assert(
      fc.property(nasty, (path) => {
        const made = emitted(() => workdir(path));
        if (!made) return;
        expect(made.result.ok).toBe(!unrepresentable(path));
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });

  it('USER (with and without group): throws or round-trips', () => {
    fc.assert(
      fc.property(nasty, fc.option(nasty, { nil: undefined }), (name, group) => {
        const made = emitted(() => user(name, group));
        if (!made) return;
        expect(made.result.ok).toBe(!unrepresentable(name) && !(group !== undefined && unrepresentable(group)));
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });
});

describe('encodePathList (COPY, ADD, VOLUME)', () => {
  const paths = fc.array(nasty, { minLength: 1, maxLength: 4 });

  it('throws exactly for empty or unrepresentable paths; otherwise every path decodes back', () => {
    fc.assert(
      fc.property(paths, (list) => {
        const result = attempt(() => encodePathList(list, 'COPY path'));
        expect(result.ok).toBe(list.every((path) => path !== '' && !unrepresentable(path)));
        if (!result.ok) return;
        for (const dialect of DIALECTS) {
          expect(decodePaths(onlyInstruction(`COPY ${result.value}`, dialect), DECODE_ENV, dialect)).toEqual(list);
          expect(decodePaths(onlyInstruction(`VOLUME ${result.value}`, dialect), DECODE_ENV, dialect)).toEqual(list);
        }
      }),
      RUNS,
    );
  });

  it('COPY and ADD with flags, and VOLUME: throw or round-trip', () => {
    fc.assert(
      fc.property(paths, nastyNonEmpty, fc.constantFrom('copy', 'add', 'volume'), (sources, dest, kind) => {
        const made = emitted(() =>
          kind === 'copy'
            ? copy(sources, dest, { chown: '1000:1000', from: 'build' })
            : kind === 'add'
              ? add(sources, dest, { chmod: '0755' })
              : volume(...sources, dest),
        );
        if (!made) return;
        const all = [...sources, dest];
        expect(made.result.ok).toBe(all.every((path) => path !== '' && !unrepresentable(path)));
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });
});

describe('encodeExecArray (RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK CMD in exec form)', () => {
  const argv = fc.array(nasty, { maxLength: 4 });

  it('throws exactly for an empty list, NUL or lone surrogates; otherwise the JSON decodes to argv', () => {
    fc.assert(
      fc.property(argv, (list) => {
        const result = attempt(() => encodeExecArray(list, 'RUN'));
        const ok = list.length > 0 && list.every((value) => !value.includes('\0') && !LONE_SURROGATE.test(value));
        expect(result.ok).toBe(ok);
        if (!result.ok) return;
        expect(result.value).not.toContain('\n');
        for (const dialect of DIALECTS) {
          expect(decodeCommand(onlyInstruction(`RUN ${result.value}`, dialect))).toEqual({ form: 'exec', argv: list });
        }
      }),
      RUNS,
    );
  });

  it('RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and ONBUILD RUN in exec form: throw or round-trip', () => {
    const kinds = fc.constantFrom('run', 'run+mount', 'cmd', 'entrypoint', 'shell', 'healthcheck', 'onbuild');
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 1, maxLength: 4 }), kinds, (list, kind) => {
        const made = emitted(() => {
          switch (kind) {
            case 'run':
              return run(list);
            case 'run+mount':
              return run(list, { mounts: [cacheMount('/root/.cache', { id: 'c', sharing: 'locked' })] });
            case 'cmd':
              return cmd(list);
            case 'entrypoint':
              return entrypoint(list);
            case 'shell':
              return shell(list);
            case 'healthcheck':
              return healthcheck(list, { interval: '30s', retries: 3 });
            default:
              return onbuild(run(list));
          }
        });
        if (!made) return;
        expect(made.result.ok).toBe(list.every((value) => !value.includes('\0') && !LONE_SURROGATE.test(value)));
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });
});

/** Shell text the emitter has no reason to refuse (see checkShellCommand). */
function plainShellText(text: string): boolean {
  return (
    text !== '' &&
    !unrepresentable(text) &&
    text === text.trim() &&
    !/^\u0085|\u0085$/.test(text) &&
    !text.endsWith('\\') &&
    !text.startsWith('--') &&
    !text.startsWith('[') &&
    !/(^|[\s\u0085])[\d\\]*<\\*</.test(text)
  );
}

describe('checkShellCommand (RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD in shell form)', () => {
  it('returns the text unchanged or throws; returned text is read back as that shell text', () => {
    fc.assert(
      fc.property(nasty, fc.boolean(), (text, isFirst) => {
        const result = attempt(() => checkShellCommand(text, 'RUN command 1', isFirst));
        // RUN also refuses heredoc openers (checkNoHeredocOpener); CMD/ENTRYPOINT do not need to.
        const runResult = attempt(() => checkNoHeredocOpener(checkShellCommand(text, 'RUN command 1', isFirst), 'RUN'));
        if (plainShellText(text)) expect(runResult.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value).toBe(text);
        if (!isFirst) return;
        const lines = [`CMD ${text}`, `ENTRYPOINT ${text}`];
        if (runResult.ok) lines.push(`RUN ${text}`, `ONBUILD RUN ${text}`, `RUN --mount=type=tmpfs,target=/t ${text}`);
        for (const dialect of DIALECTS) {
          for (const line of lines) {
            const parsed = parseDockerfile(`${line}\nUSER next\n`, { dialect });
            expect(
              parsed.instructions.map((i) => i.keyword),
              line,
            ).toEqual([line.split(' ')[0], 'USER']);
            const first = parsed.instructions[0]!;
            const decoded = first.args.kind === 'sub' ? first.args.child! : first;
            expect(decodeCommand(decoded)).toEqual({ form: 'shell', text });
          }
        }
      }),
      RUNS,
    );
  });

  it('RUN (with or without mounts), sh(...), CMD, ENTRYPOINT, HEALTHCHECK, ONBUILD: throw or round-trip', () => {
    const kinds = fc.constantFrom('run', 'run+mount', 'sh', 'cmd', 'entrypoint', 'healthcheck', 'onbuild');
    fc.assert(
      fc.property(fc.array(nastyNonEmpty, { minLength: 1, maxLength: 3 }), kinds, (texts, kind) => {
        const first = texts[0] as string;
        const made = emitted(() => {
          switch (kind) {
            case 'run':
              return run(first);
            case 'run+mount':
              return run(first, { mounts: [cacheMount('/var/cache/apt', { sharing: 'locked' })] });
            case 'sh':
              return run(sh(...texts));
            case 'cmd':
              return cmd(first);
            case 'entrypoint':
              return entrypoint(first);
            case 'healthcheck':
              return healthcheck(first, { timeout: '3s' });
            default:
              return onbuild(run(first));
          }
        });
        if (!made) return;
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });
});

describe('checkRunCommand (a shell-form RUN command line)', () => {
  it('is checkShellCommand then checkNoHeredocOpener: same text returned, same error thrown', () => {
    const plainish = fc
      .array(fc.constantFrom('a', 'Z', '0', ' ', '-', '[', ']', '<', '\\', '&', '$', '"', '\n', '\u0085', '\uD800'), {
        maxLength: 8,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(nasty, plainish), fc.integer({ min: 1, max: 3 }), (text, number) => {
        const what = `RUN command ${number}`;
        const composed = attempt(() => checkNoHeredocOpener(checkShellCommand(text, what, number === 1), what));
        const combined = attempt(() => checkRunCommand(text, number));
        expect(combined.ok).toBe(composed.ok);
        if (composed.ok && combined.ok) expect(combined.value).toBe(composed.value);
        if (!composed.ok && !combined.ok) expect(combined.error.message).toBe(composed.error.message);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('RUN heredoc (syntax 1.4+, read by current BuildKit)', () => {
  it('throws or the heredoc body is the script, and the next instruction survives', () => {
    fc.assert(
      fc.property(nastyNonEmpty, fc.boolean(), (script, withMount) => {
        const made = attempt(() =>
          run(heredoc(script), withMount ? { mounts: [cacheMount('/root/.cache')] } : undefined),
        );
        if (!made.ok) return;
        const result = attempt(() => emitStep(made.value, { syntax: '1.4' }));
        expect(result.ok).toBe(!/[\r\0]/.test(script) && !LONE_SURROGATE.test(script));
        if (!result.ok) return;
        const parsed = parseDockerfile(`${result.value}\nUSER next\n`, { dialect: 'current' });
        expect(parsed.instructions.map((i) => i.keyword)).toEqual(['RUN', 'USER']);
        expect(decodeForCompare(result.value, 'current')).toEqual(expectedOf(made.value));
        expect(countInstructions(`FROM scratch\n${result.value}\nUSER next\n`), result.value).toBe(3);
      }),
      RUNS,
    );
  });
});

describe('RUN --mount fields', () => {
  it('throw or come back as the same CSV fields', () => {
    fc.assert(
      fc.property(nasty, fc.option(nasty, { nil: undefined }), (target, id) => {
        const made = emitted(() => run('make', { mounts: [cacheMount(target, id === undefined ? {} : { id })] }));
        if (!made) return;
        if (made.result.ok) expectRoundTrip(made.step, made.result.value);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------

const stepArbitrary: fc.Arbitrary<() => Step> = fc.oneof(
  fc.tuple(envName, nasty).map(
    ([k, v]) =>
      () =>
        env(k, v),
  ),
  fc.tuple(nasty, nasty).map(
    ([k, v]) =>
      () =>
        label(k, v),
  ),
  fc.tuple(envName, nasty).map(
    ([k, v]) =>
      () =>
        arg(k, v),
  ),
  nasty.map((v) => () => workdir(v)),
  fc.tuple(nasty, nasty).map(
    ([u, g]) =>
      () =>
        user(u, g),
  ),
  fc.tuple(fc.array(nasty, { minLength: 1, maxLength: 2 }), nasty).map(
    ([s, d]) =>
      () =>
        copy(s, d),
  ),
  fc.array(nasty, { minLength: 1, maxLength: 2 }).map((p) => () => volume(...p)),
  nasty.map((t) => () => run(t)),
  fc.array(nasty, { minLength: 1, maxLength: 3 }).map((t) => () => run(sh(...t))),
  fc.array(nasty, { minLength: 1, maxLength: 3 }).map((argv) => () => run(argv)),
  nasty.map((t) => () => cmd(t)),
  fc.array(nasty, { minLength: 1, maxLength: 2 }).map((argv) => () => entrypoint(argv)),
  nasty.map((t) => () => comment(t)),
  nasty.map((t) => () => onbuild(env('X', t))),
);

function buildOf(steps: readonly Step[]): ResolvedBuild {
  return {
    syntax: 'builtin',
    args: [],
    stages: [{ name: 'app', from: { image: 'debian:bookworm' }, steps, origin: { fragment: 'stage' } }],
    targets: ['app'],
    defaultTarget: 'app',
  };
}

describe('emitDockerfile: whole files', () => {
  it('never holds an extra or missing instruction, and every step decodes to its value', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 8 }), (makers) => {
        const steps = makers.flatMap((make) => {
          const made = attempt(make);
          if (!made.ok) return [];
          const alone = attempt(() => emitStep(made.value, BUILTIN));
          return alone.ok ? [made.value] : [];
        });
        const result = attempt(() => emitDockerfile(buildOf(steps)));
        // Each step emits on its own, so the whole file must too.
        expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
        if (!result.ok) return;
        const text = result.value;
        const instructionSteps = steps.filter((step) => step.kind !== 'comment');
        for (const dialect of DIALECTS) {
          const parsed = parseDockerfile(text, { dialect });
          expect(parsed.directives).toEqual([]);
          expect(parsed.instructions.map((i) => i.keyword)).toEqual([
            'FROM',
            ...instructionSteps.map((step) => step.kind.toUpperCase()),
          ]);
          instructionSteps.forEach((step, index) => {
            const instruction = parsed.instructions[index + 1]!;
            const lines = text
              .split('\n')
              .slice(instruction.startLine - 1, instruction.endLine)
              .join('\n');
            expect(decodeForCompare(lines, dialect), lines).toEqual(expectedOf(step));
          });
        }
        expect(countInstructions(text), text).toBe(1 + instructionSteps.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a failing step is reported as a DslError naming the stage and step', () => {
    const step = env('A', 'x\ny');
    expect(() => emitDockerfile(buildOf([run('true'), step]))).toThrow(DslError);
    try {
      emitDockerfile(buildOf([run('true'), step]));
    } catch (error) {
      expect(isDslError(error) && error.location).toMatchObject({ stage: 'app', step: 2, fragment: 'env' });
      expect((error as Error).message).toMatch(/newline/);
    }
  });
});
