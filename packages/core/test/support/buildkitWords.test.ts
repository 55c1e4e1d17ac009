// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${VAR}` in plain strings is Dockerfile syntax under test
/**
 * Proves the test-side BuildKit model (buildkitWords.ts) against BuildKit's own test tables
 * (shared/corpus/buildkit-parser: shell/envVarTest, shell/wordsTest, testfiles, testfiles-negative),
 * read the way BuildKit's lex_test.go and parser_test.go read them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BuildkitError,
  DIALECTS,
  decodeArgs,
  decodeCommand,
  decodeKeyValues,
  decodePaths,
  dumpAst,
  extractBuilderFlags,
  onlyInstruction,
  parseDockerfile,
  parseMountFields,
  processWord,
  processWords,
} from './buildkitWords.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/buildkit-parser/', import.meta.url));

function corpusFile(path: string): string {
  const file = `${CORPUS}${path}`;
  if (!existsSync(file)) {
    throw new Error(`BuildKit corpus file missing: ${file} (shared/ must sit beside the repository)`);
  }
  return readFileSync(file, 'utf8');
}

// lex_test.go TestShellParser4EnvVars: PWD, SHELL, KOREAN and NULL (set, empty) are defined.
const ENV_VAR_TEST_ENV = { PWD: '/home', SHELL: 'bash', KOREAN: '한국어', NULL: '' };

interface EnvVarCase {
  readonly line: number;
  readonly platform: string;
  readonly source: string;
  readonly expected: string;
}

function envVarCases(): EnvVarCase[] {
  const cases: EnvVarCase[] = [];
  corpusFile('shell/envVarTest')
    .split('\n')
    .forEach((raw, index) => {
      if (raw.startsWith('#')) return;
      const line = raw.trim();
      if (line === '') return;
      const parts = line.split('|');
      if (parts.length !== 3) throw new Error(`envVarTest line ${index + 1}: expected 3 fields`);
      const [platform, source, expected] = parts.map((part) => part.trim()) as [string, string, string];
      cases.push({ line: index + 1, platform, source, expected });
    });
  return cases;
}

describe('envVarTest (BuildKit shell/envVarTest, 230 cases)', () => {
  const cases = envVarCases();

  it('has the 230 cases the format describes: A (all), U (Unix), W (Windows)', () => {
    expect(cases).toHaveLength(230);
    expect(cases.filter((c) => c.platform === 'A')).toHaveLength(226);
    expect(cases.filter((c) => c.platform === 'U')).toHaveLength(2);
    expect(cases.filter((c) => c.platform === 'W')).toHaveLength(2);
  });

  // W cases run only on Windows in BuildKit (there `$pwd` finds `PWD`: env keys are case-insensitive).
  // The builder we model runs Linux containers, so they are skipped exactly as lex_test.go skips them
  // on Linux; U and A cases run.
  const runnable = cases.filter((c) => c.platform !== 'W');
  for (const dialect of DIALECTS) {
    it.each(runnable.map((c) => [c.line, c.source, c.expected] as const))(
      `${dialect}: line %i: %s -> %s`,
      (_line, source, expected) => {
        if (expected === 'error') {
          expect(() => processWord(source, ENV_VAR_TEST_ENV, { dialect })).toThrow(BuildkitError);
        } else {
          expect(processWord(source, ENV_VAR_TEST_ENV, { dialect })).toBe(expected);
        }
      },
    );
  }

  it.each(cases.filter((c) => c.platform === 'W').map((c) => [c.line, c.source] as const))(
    'skips Windows-only line %i (%s): $pwd resolves case-insensitively only on Windows',
    (_line, source) => {
      // On Linux the same input is covered by its U twin; here just show the Linux reading.
      expect(processWord(source, ENV_VAR_TEST_ENV)).not.toContain('/home');
    },
  );
});

describe('wordsTest (BuildKit shell/wordsTest, ProcessWords)', () => {
  // lex_test.go loops over two modes but reuses one already-read file, so only the normal mode
  // (no raw quotes, unset variables expand to "") ever runs there; that is the mode checked here.
  it('matches every line', () => {
    const env: Record<string, string> = {};
    let checked = 0;
    corpusFile('shell/wordsTest')
      .split('\n')
      .forEach((line, index) => {
        if (line.startsWith('#') || line === '') return;
        if (line.startsWith('ENV ')) {
          const assignment = line.slice(3).replace(/^ +/, '');
          const eq = assignment.indexOf('=');
          env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
          return;
        }
        const parts = line.split('|');
        expect(parts, `line ${index + 1}`).toHaveLength(2);
        const source = (parts[0] as string).trim();
        const expected = (parts[1] as string).replace(/^ +/, '').split(',');
        let result: string[];
        try {
          result = processWords(source, env);
        } catch {
          result = ['error'];
        }
        expect(result, `line ${index + 1}: ${source}`).toEqual(expected);
        checked++;
      });
    expect(checked).toBe(24);
  });
});

describe('parser testfiles (BuildKit parser/testfiles: Dockerfile -> result AST dump)', () => {
  const dirs = readdirSync(`${CORPUS}testfiles`).sort();

  it('has the 33 cases', () => {
    expect(dirs).toHaveLength(33);
  });

  it.each(dirs)('%s', (dir) => {
    const parsed = parseDockerfile(corpusFile(`testfiles/${dir}/Dockerfile`), { dialect: 'current' });
    expect(`${dumpAst(parsed)}\n`).toBe(corpusFile(`testfiles/${dir}/result`));
  });

  it.each(readdirSync(`${CORPUS}testfiles-negative`).sort())('negative case %s fails to parse', (dir) => {
    expect(() => parseDockerfile(corpusFile(`testfiles-negative/${dir}/Dockerfile`))).toThrow(BuildkitError);
  });
});

describe('dialect differences and Go details the emitter depends on', () => {
  it('Engine 20.10 takes the first JSON value of RUN and ignores the rest; current BuildKit falls back to shell form', () => {
    expect(decodeCommand(onlyInstruction('RUN ["echo","a"] && echo b', 'engine-20.10'))).toEqual({
      form: 'exec',
      argv: ['echo', 'a'],
    });
    expect(decodeCommand(onlyInstruction('RUN ["echo","a"] && echo b', 'current'))).toEqual({
      form: 'shell',
      text: '["echo","a"] && echo b',
    });
  });

  it('a JSON array with a non-string element is an error, not shell form', () => {
    for (const dialect of DIALECTS) {
      expect(() => parseDockerfile('CMD ["a", 1]', { dialect })).toThrow(/strings only/);
    }
  });

  it('${X-y} without a colon is an error in Engine 20.10 and a default in current BuildKit', () => {
    expect(() => processWord('${X-y}', {}, { dialect: 'engine-20.10' })).toThrow(/missing ':'/);
    expect(processWord('${X-y}', {}, { dialect: 'current' })).toBe('y');
    expect(processWord('${X-y}', { X: '' }, { dialect: 'current' })).toBe('');
    expect(processWord('${X:-y}', { X: '' }, { dialect: 'current' })).toBe('y');
    expect(processWord('${X+y}', { X: '' }, { dialect: 'current' })).toBe('y');
    expect(processWord('${X:+y}', { X: '' }, { dialect: 'current' })).toBe('');
  });

  it('a word whose first character is U+FEFF loses it (Go text/scanner skips a leading BOM)', () => {
    expect(processWord('\uFEFFa')).toBe('a');
    expect(processWord('\\\uFEFFa')).toBe('\uFEFFa');
    expect(processWord('a\uFEFF')).toBe('a\uFEFF');
  });

  it('ENV A=x B=$A expands $A with the environment from before the line', () => {
    const env = onlyInstruction('ENV A=x B=$A');
    expect(decodeKeyValues(env, {})).toEqual([
      ['A', 'x'],
      ['B', ''],
    ]);
    expect(decodeKeyValues(env, { A: 'old' })).toEqual([
      ['A', 'x'],
      ['B', 'old'],
    ]);
  });

  it('line continuation: joined with no separator, comment lines dropped even inside quotes', () => {
    const parsed = parseDockerfile('ENV A="x \\\n# not a comment?\ny"\nRUN echo a\\\\\nRUN b\n');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['ENV', 'RUN', 'RUN']);
    expect(decodeKeyValues(parsed.instructions[0]!)).toEqual([['A', 'x y']]);
    // `\\` at the end of a line is not a continuation (the regex needs a non-escape before it).
    expect(decodeCommand(parsed.instructions[1]!)).toEqual({ form: 'shell', text: 'echo a\\\\' });
  });

  it('a trailing escape continues the line into the next instruction', () => {
    const parsed = parseDockerfile('RUN echo a\\\nRUN echo b\n');
    expect(parsed.instructions).toHaveLength(1);
    expect(decodeCommand(parsed.instructions[0]!)).toEqual({ form: 'shell', text: 'echo aRUN echo b' });
  });

  it('COPY/ADD/VOLUME JSON elements are words again: quotes and $ are processed', () => {
    expect(() => decodePaths(onlyInstruction(`COPY ["it's.txt", "/d/"]`))).toThrow(BuildkitError);
    expect(decodePaths(onlyInstruction('COPY ["a$b.txt", "/d/"]'))).toEqual(['a.txt', '/d/']);
    expect(decodePaths(onlyInstruction('COPY ["a\\\\$b.txt", "/d/"]'))).toEqual(['a$b.txt', '/d/']);
  });

  it('flags are read byte-wise: non-ASCII is mangled, quotes and escapes are removed', () => {
    expect(extractBuilderFlags('--chown=ü a b').flags).toEqual(['--chown=Ã¼']);
    expect(extractBuilderFlags(`--a="x y" --b=c\\ d rest`)).toEqual({ rest: 'rest', flags: ['--a=x y', '--b=c d'] });
    expect(extractBuilderFlags('-- --x').rest).toBe(' --x');
    expect(parseMountFields('type=cache,target=/a,b')).toEqual([
      ['type', 'cache'],
      ['target', '/a'],
      ['b', undefined],
    ]);
  });

  it('ARG splits name and default at the first =', () => {
    expect(decodeArgs(onlyInstruction('ARG A="x y" B C=$A'), { A: '1' })).toEqual([
      ['A', 'x y'],
      ['B', undefined],
      ['C', '1'],
    ]);
  });

  it('current BuildKit reads an unquoted <<WORD in RUN as a heredoc, Engine 20.10 does not', () => {
    const text = 'RUN echo $((1 << 2))\nRUN echo next\n';
    expect(parseDockerfile(text, { dialect: 'engine-20.10' }).instructions).toHaveLength(2);
    expect(() => parseDockerfile(text, { dialect: 'current' })).toThrow(/unterminated heredoc/);
    expect(parseDockerfile('RUN echo "<<x"\nRUN b\n', { dialect: 'current' }).instructions).toHaveLength(2);
  });
});
