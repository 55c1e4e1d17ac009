import {
  chompHeredocContent,
  DockerfileParseError,
  dumpAst,
  type Heredoc,
  parseDockerfile,
  parseHeredoc,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

function dump(text: string): string {
  return dumpAst(parseDockerfile(text));
}

function parseError(text: string): DockerfileParseError {
  try {
    parseDockerfile(text);
  } catch (error) {
    if (error instanceof DockerfileParseError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

const heredoc = (name: string, content: string, extra: Partial<Heredoc> = {}): Heredoc => ({
  name,
  fileDescriptor: 0,
  expand: true,
  chomp: false,
  content,
  ...extra,
});

describe('heredocs', () => {
  // The cases of BuildKit's TestParseExtractsHeredoc.
  const text = `
FROM alpine:3.6

ENV NAME=me

RUN ls

USER <<INVALID
INVALID

RUN <<EMPTY
EMPTY

RUN 3<<EMPTY2
EMPTY2

RUN "<<NOHEREDOC"

RUN <<INDENT
\tfoo
\tbar
INDENT

RUN <<-UNINDENT
\tbaz
\tquux
UNINDENT

RUN <<-UNINDENT2
\tbaz
\tquux
\tUNINDENT2

RUN <<-'NOEXPAND'
\tdon't expand $NAME
NOEXPAND

RUN <<COMMENT
# internal comment
echo hello world
COMMENT

RUN --mount=type=cache,target=/foo <<MOUNT
echo hello
MOUNT

COPY <<FILE1 <<FILE2 /dest
content 1
FILE1
content 2
FILE2

COPY <<X <<Y /dest
Y
X
X
Y

RUN <<COMPLEX python3
print('hello world')
COMPLEX

RUN <<eo'f'
echo foo
eof

RUN <<eo\\'f
echo foo
eo'f

RUN <<'e'o\\'f
echo foo
eo'f

RUN <<'one two'
echo bar
one two

RUN <<$EOF
$EOF

RUN <<  EOF  > foo
EOF
`;
  const ast = parseDockerfile(text);

  it('attaches heredoc bodies to RUN/COPY/ADD only', () => {
    expect(ast.instructions.map((i) => i.heredocs)).toEqual([
      [], // FROM
      [], // ENV
      [], // RUN ls
      [], // USER <<INVALID: USER takes no heredoc
      [], // INVALID (an unknown instruction)
      [heredoc('EMPTY', '')],
      [heredoc('EMPTY2', '', { fileDescriptor: 3 })],
      [], // RUN "<<NOHEREDOC"
      [heredoc('INDENT', '\tfoo\n\tbar\n')],
      [heredoc('UNINDENT', '\tbaz\n\tquux\n', { chomp: true })],
      [heredoc('UNINDENT2', '\tbaz\n\tquux\n', { chomp: true })],
      [heredoc('NOEXPAND', "\tdon't expand $NAME\n", { chomp: true, expand: false })],
      [heredoc('COMMENT', '# internal comment\necho hello world\n')],
      [heredoc('MOUNT', 'echo hello\n')],
      [heredoc('FILE1', 'content 1\n'), heredoc('FILE2', 'content 2\n')],
      [heredoc('X', 'Y\n'), heredoc('Y', 'X\n')],
      [heredoc('COMPLEX', "print('hello world')\n")],
      [heredoc('eof', 'echo foo\n', { expand: false })],
      [heredoc("eo'f", 'echo foo\n')],
      [heredoc("eo'f", 'echo foo\n', { expand: false })],
      [heredoc('one two', 'echo bar\n', { expand: false })],
      [heredoc('$EOF', '')],
      [heredoc('EOF', '')],
    ]);
  });

  it('counts heredoc bodies in the instruction lines', () => {
    const empty = ast.instructions.find((i) => i.original === 'RUN <<EMPTY')!;
    expect([empty.startLine, empty.endLine]).toEqual([11, 12]);
    const copy = ast.instructions.find((i) => i.original === 'COPY <<FILE1 <<FILE2 /dest')!;
    expect(copy.endLine - copy.startLine).toBe(4);
    expect(copy.args).toEqual(['<<FILE1', '<<FILE2', '/dest']);
  });

  it('ignores heredoc-looking text in exec form', () => {
    const json = parseDockerfile('FROM a\nRUN ["<<EOF"]\nRUN ["<<\'EOF\'"]\n');
    expect(json.instructions.map((i) => i.heredocs)).toEqual([[], [], []]);
  });

  it('rejects an unterminated heredoc with its lines', () => {
    const error = parseError('FROM a\nRUN <<EOF\necho\n');
    expect(error.reason).toBe('unterminated heredoc');
    expect([error.line, error.endLine]).toEqual([2, 3]);
  });

  it('reads heredoc words like BuildKit (ParseHeredoc)', () => {
    for (const word of [
      '<<EOF',
      "<<'EOF'",
      '<<"EOF"',
      '<<-EOF',
      "<<-'EOF'",
      '<<-"EOF"',
      '<<EO"F"',
      '<< EOF',
      '<<- EOF',
    ]) {
      expect(parseHeredoc(word)?.name, word).toBe('EOF');
    }
    for (const word of ['', 'EOF', '<<', '<<-', '<EOF', '<<<EOF', '<<EOF sh']) {
      expect(parseHeredoc(word), word).toBeUndefined();
    }
    for (const word of ["<<'EOF", '<<"EOF', "<<EOF'", '<<EOF"']) {
      expect(() => parseHeredoc(word), word).toThrow(/unexpected end of statement/);
    }
  });

  it('chomps leading tabs', () => {
    expect(chompHeredocContent('\thello\n\t\tworld\n  x\n')).toBe('hello\nworld\n  x\n');
  });

  it('attaches heredocs of an ONBUILD trigger to the ONBUILD instruction', () => {
    const onbuildAst = parseDockerfile('FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n');
    const onbuild = onbuildAst.instructions[1]!;
    expect(onbuild.trigger?.name).toBe('run');
    expect(onbuild.heredocs).toEqual([heredoc('EOF', 'echo hi\n')]);
    expect(dumpAst(onbuildAst)).toBe('(from "a")\n(onbuild (run "<<EOF"))');
  });
});

describe('continuation lines', () => {
  it('joins with no separator and drops comment and empty lines, with a warning', () => {
    // BuildKit's TestParseWarnsOnEmptyContinutationLine.
    const ast = parseDockerfile(`
FROM alpine:3.6

RUN valid \\
    continuation

RUN something \\

    following \\

    more

RUN another \\

    thing

RUN non-indented \\
# this is a comment
   after-comment

RUN indented \\
    # this is an indented comment
    comment
\t`);
    expect(ast.instructions.map((i) => i.args[0])).toEqual([
      'alpine:3.6',
      'valid     continuation',
      'something     following     more',
      'another     thing',
      'non-indented    after-comment',
      'indented     comment',
    ]);
    expect(ast.warnings).toEqual([
      expect.objectContaining({
        line: 11,
        message: 'Empty continuation line found in: RUN something     following     more',
      }),
      expect.objectContaining({ line: 15, message: 'Empty continuation line found in: RUN another     thing' }),
    ]);
    expect(ast.comments).toEqual([
      { line: 18, text: 'this is a comment', raw: '# this is a comment', inContinuation: true },
      { line: 22, text: 'this is an indented comment', raw: '    # this is an indented comment', inContinuation: true },
    ]);
  });

  it('does not continue after an escaped escape character', () => {
    expect(dump('FROM a\nRUN echo a\\\\\nRUN b\n')).toBe('(from "a")\n(run "echo a\\\\\\\\")\n(run "b")');
  });

  it('honours the backtick escape', () => {
    expect(dump('# escape=`\nFROM a\nRUN echo `\n  b\\\nRUN c\n')).toBe('(from "a")\n(run "echo   b\\\\")\n(run "c")');
  });

  it('treats CR before LF as part of the newline', () => {
    expect(dump('FROM a\r\nRUN b \\\r\n c\r\n')).toBe('(from "a")\n(run "b  c")');
  });

  it('ends an instruction continued at the end of the file', () => {
    expect(parseDockerfile('FROM a\nRUN b \\').instructions[1]).toMatchObject({
      args: ['b'],
      startLine: 2,
      endLine: 2,
    });
  });
});

describe('directives and comments', () => {
  it('reads directives only at the very top', () => {
    const ast = parseDockerfile('# syntax=docker/dockerfile:1.7\n#check = skip=all\n# escape=`\nFROM a\n# escape=\\\n');
    expect(ast.directives).toEqual([
      { name: 'syntax', value: 'docker/dockerfile:1.7', line: 1 },
      { name: 'check', value: 'skip=all', line: 2 },
      { name: 'escape', value: '`', line: 3 },
    ]);
    expect(ast.escapeToken).toBe('`');
    expect(ast.comments).toEqual([{ line: 5, text: 'escape=\\', raw: '# escape=\\', inContinuation: false }]);
  });

  it('rejects a repeated directive', () => {
    const error = parseError('# escape=`\n# escape=\\\nFROM a\n');
    expect(error.reason).toBe('only one escape parser directive can be used');
    expect(error.line).toBe(2);
  });

  it('rejects an invalid escape character', () => {
    expect(parseError('# escape=x\nFROM a\n').reason).toBe("invalid escape token 'x' does not match ` or \\");
  });

  it('ignores directives after a comment, a blank line or an unknown directive', () => {
    for (const text of ['# hello\n# escape=`\nFROM a\n', '\n# escape=`\nFROM a\n', '# foo=bar\n# escape=`\nFROM a\n']) {
      const ast = parseDockerfile(text);
      expect(ast.directives.filter((d) => d.name === 'escape')).toEqual([]);
      expect(ast.escapeToken).toBe('\\');
    }
  });

  it('strips a byte-order mark', () => {
    const ast = parseDockerfile(
      new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('# escape=`\nFROM a\n')]),
    );
    expect(ast.escapeToken).toBe('`');
  });

  it('keeps comments with their lines, and the block before each instruction', () => {
    const ast = parseDockerfile('# syntax=x\n# first\n\n# about FROM\nFROM a\n#\n# reset above\n  # indented\nRUN b\n');
    expect(ast.comments.map((c) => [c.line, c.text])).toEqual([
      [2, 'first'],
      [4, 'about FROM'],
      [6, ''],
      [7, 'reset above'],
      [8, 'indented'],
    ]);
    expect(ast.instructions[0]!.comments).toEqual(['first', 'about FROM']);
    // BuildKit drops the line's first character, not the `#`, for an indented comment.
    expect(ast.instructions[1]!.comments).toEqual(['reset above', '# indented']);
  });

  it('rejects a file without instructions', () => {
    expect(parseError('# only\n\n').reason).toBe('file with no instructions');
    expect(parseError('').reason).toBe('file with no instructions');
    // Found by a review: an empty file was reported at `Dockerfile:0`, a line no editor shows.
    expect(parseError('').message).toBe('Dockerfile: file with no instructions');
    expect(parseError('# only\n\n').message).toBe('Dockerfile:2: file with no instructions');
  });

  it('rejects a line longer than BuildKit reads (TestParseReturnsScannerErrors)', () => {
    const error = parseError(`\n\t\tFROM image\n\t\tLABEL test=${'a'.repeat(65536)}\n`);
    expect(error.reason).toBe('dockerfile line greater than max allowed size of 65535');
  });
});

describe('instructions', () => {
  it('keeps the keyword casing and lower-cases the name', () => {
    const ast = parseDockerfile('from a AS b\nRun x\n');
    expect(ast.instructions.map((i) => [i.keyword, i.name])).toEqual([
      ['from', 'from'],
      ['Run', 'run'],
    ]);
    expect(ast.instructions[0]!.args).toEqual(['a', 'AS', 'b']);
  });

  it('splits flags off the start, with quotes removed and -- ending them', () => {
    const ast = parseDockerfile(
      'FROM a\nCOPY --from=b --chown="a b" -- --x /y\nRUN --mount=type=cache,target=/c echo --no\n',
    );
    expect(ast.instructions[1]).toMatchObject({ flags: ['--from=b', '--chown=a b'], args: ['--x', '/y'] });
    expect(ast.instructions[2]).toMatchObject({ flags: ['--mount=type=cache,target=/c'], args: ['echo --no'] });
  });

  it('reads flags byte by byte like BuildKit (non-ASCII is mangled)', () => {
    expect(parseDockerfile('FROM a\nCOPY --chown=ü a b\n').instructions[1]!.flags).toEqual(['--chown=Ã¼']);
  });

  it('decides JSON versus shell form like BuildKit', () => {
    expect(dump(`FROM a\nCMD ["a", "b"]\nCMD ['a']\nCMD ["a",]\nCMD ["a"] x\nENTRYPOINT []\nRUN [1e999]`)).toBe(
      [
        '(from "a")',
        '(cmd "a" "b")',
        '(cmd "[\'a\']")',
        '(cmd "[\\"a\\",]")',
        '(cmd "[\\"a\\"] x")',
        '(entrypoint)',
        '(run "[1e999]")',
      ].join('\n'),
    );
    expect(parseError('FROM a\nRUN ["a", 1]').reason).toBe(
      'when using JSON array syntax, arrays must be comprised of strings only',
    );
  });

  it('parses ENV and LABEL pairs, legacy form included', () => {
    const ast = parseDockerfile('FROM a\nENV A=1 B="x y" C=\nENV D hello world\nLABEL "k"=v\n');
    expect(ast.instructions.map((i) => i.args).slice(1)).toEqual([
      ['A', '1', '=', 'B', '"x y"', '=', 'C', '', '='],
      ['D', 'hello world', ''],
      ['"k"', 'v', '='],
    ]);
    expect(parseError('FROM a\nENV A=1 B\n').reason).toBe(
      'Syntax error - can\'t find = in "B". Must be of the form: name=value',
    );
    expect(parseError('FROM a\nLABEL x\n').reason).toBe('LABEL must have two arguments');
  });

  it('parses HEALTHCHECK types and ONBUILD triggers', () => {
    const ast = parseDockerfile(
      'FROM a\nHEALTHCHECK --interval=5s CMD ["curl", "x"]\nHEALTHCHECK NONE\nONBUILD --x COPY --from=b c d\n',
    );
    expect(ast.instructions[1]).toMatchObject({ flags: ['--interval=5s'], args: ['CMD', 'curl', 'x'], json: true });
    expect(ast.instructions[2]).toMatchObject({ args: ['NONE'], json: false });
    const onbuild = ast.instructions[3]!;
    expect(onbuild).toMatchObject({ flags: ['--x'], args: [] });
    expect(onbuild.trigger).toMatchObject({ name: 'copy', flags: ['--from=b'], args: ['c', 'd'], startLine: 4 });
    expect(dumpAst(ast).split('\n')[3]).toBe('(onbuild ["--x"] (copy ["--from=b"] "c" "d"))');
  });

  it('keeps unknown instructions with an empty argument, as BuildKit', () => {
    expect(dump('FROM a\nFOO bar baz\n')).toBe('(from "a")\n(foo "")');
  });

  it('dumps strings with Go quoting', () => {
    expect(dump('FROM a\nLABEL a="\u00a0\u0085\u{1F600}é"\n')).toBe(
      '(from "a")\n(label "a" "\\"\\u00a0\\u0085😀é\\"" "=")',
    );
  });

  it('carries invalid UTF-8 bytes through and dumps them as \\x', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('FROM a\nRUN x'), 0xff, 0x0a]);
    expect(dumpAst(parseDockerfile(bytes))).toBe('(from "a")\n(run "x\\xff")');
  });
});
