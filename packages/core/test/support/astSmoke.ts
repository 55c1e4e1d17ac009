/**
 * What a third-party parser (dockerfile-ast, the parser behind the VS Code Docker language server)
 * sees in a Dockerfile: a normalized list of instructions for golden tests, so a test can assert
 * instruction by instruction that what we emitted is what another tool reads.
 *
 *   assertParsesAs(dockerfile, [
 *     'FROM node:20 AS build',
 *     'WORKDIR /app',
 *     'RUN --mount=type=cache,target=/root/.npm npm ci',
 *   ]);
 *
 * dockerfile-ast is NOT BuildKit. Where they disagree (each seen with dockerfile-ast 0.7.1; BuildKit
 * behaviour from its parser source, modelled in buildkitWords.ts), trust BuildKit and use
 * buildkitWords.ts to decode values; use this helper for instruction boundaries, keywords, flags and
 * argument tokens of ordinary text:
 * - A lone CR ends a line for dockerfile-ast; BuildKit splits lines only at LF (`RUN a\rRUN b` is
 *   two instructions here, one RUN with text `a\rRUN b` in BuildKit).
 * - A line ending in an escaped escape (`RUN echo a\\`) continues onto the next line here; BuildKit's
 *   continuation regex needs a non-escape character before the final `\`, so it does not.
 * - `getJSONStrings()` drops whitespace inside JSON strings (`["a b"]` reads as `ab`); BuildKit
 *   decodes real JSON. The JSON texts are therefore not reported here; compare argument tokens.
 * - `RUN ["a"] && b`: dockerfile-ast reports JSON strings `["a"]` (as Engine 20.10 does), current
 *   BuildKit treats the line as shell form because the whole rest is not JSON.
 * - Argument tokens and flags are split at whitespace even inside quotes (`WORKDIR "/a b"` gives
 *   the tokens `"/a` and `b"`; `--chown="a b"` gives the flag `--chown="a`); BuildKit's flag reader
 *   and parseWords honour quotes.
 * - Non-ASCII flag values are read as written (`--chown=ü`); BuildKit reads flags byte by byte and
 *   gets `Ã¼`.
 * - ENV/LABEL properties: a quoted key containing `=` (`LABEL "a=b"=c`) is one name without a value
 *   here; BuildKit splits at the first `=` (key `"a`, value `b"=c`) and then fails on the quote.
 * - Heredocs: an unquoted `<< WORD` with a space (e.g. `$((1 << 2))`) is not a heredoc here;
 *   current BuildKit reads it as one and swallows the following lines. Heredoc bodies appear as
 *   argument tokens of the RUN/COPY here.
 * - Heredocs inside JSON: a whitespace-separated token starting with `<<` opens a heredoc here even
 *   inside a JSON string (`RUN ["sh", "-c", "cat <<x"]` swallows the next line); BuildKit never
 *   looks for heredocs in the JSON form. (The emitter writes `<` as `\u003c` in such elements.)
 * - ONBUILD: the trigger's flags are not flags of the ONBUILD instruction; they are reported on the
 *   trigger (see `trigger`).
 */
import { DockerfileParser, type Instruction, type Onbuild } from 'dockerfile-ast';
import { expect } from 'vitest';

export interface AstInstruction {
  /** Upper-case keyword (`run` in the text reads as `RUN`). */
  readonly keyword: string;
  /** Flags as `--name=value` or `--name`, in order. */
  readonly flags: readonly string[];
  /** Argument tokens as written (quotes and escapes kept), split at whitespace; flags excluded. */
  readonly args: readonly string[];
  /** 1-based line the instruction starts on. */
  readonly line: number;
  /** For ONBUILD: the wrapped instruction. */
  readonly trigger?: AstInstruction;
}

function normalize(instruction: Instruction): AstInstruction {
  const withFlags = instruction as Instruction & { getFlags?: () => { toString(): string }[] };
  const flags = withFlags.getFlags ? withFlags.getFlags().map((flag) => flag.toString()) : [];
  const base = {
    keyword: instruction.getKeyword().toUpperCase(),
    flags,
    args: instruction.getArguments().map((argument) => argument.getValue()),
    line: instruction.getRange().start.line + 1,
  };
  if (base.keyword === 'ONBUILD') {
    const trigger = (instruction as Onbuild).getTriggerInstruction();
    if (trigger) return { ...base, trigger: normalize(trigger) };
  }
  return base;
}

/** The instructions dockerfile-ast finds in `text`, in order (comments and directives excluded). */
export function instructionsOf(text: string): AstInstruction[] {
  return DockerfileParser.parse(text).getInstructions().map(normalize);
}

/** `KEYWORD flags... args...` joined by single spaces: the shorthand `assertParsesAs` compares. */
export function instructionLine(instruction: AstInstruction): string {
  return [instruction.keyword, ...instruction.flags, ...instruction.args].join(' ');
}

/** How many instructions dockerfile-ast sees. */
export function countInstructions(text: string): number {
  return DockerfileParser.parse(text).getInstructions().length;
}

/** The `# key=value` parser directives dockerfile-ast recognises at the top of `text`. */
export function directivesOf(text: string): { name: string; value: string }[] {
  return DockerfileParser.parse(text)
    .getDirectives()
    .map((directive) => ({ name: directive.getName(), value: directive.getValue() }));
}

/**
 * Asserts that dockerfile-ast reads exactly these instructions. Each expectation is either the
 * shorthand line (`'COPY --from=build /app/dist ./dist'`, compared with `instructionLine`) or a
 * partial AstInstruction (only the given fields are compared).
 */
export function assertParsesAs(text: string, expected: readonly (string | Partial<AstInstruction>)[]): void {
  const actual = instructionsOf(text);
  const shown = actual.map(instructionLine);
  expect(actual.length, `dockerfile-ast instructions:\n${shown.join('\n')}`).toBe(expected.length);
  expected.forEach((want, index) => {
    const got = actual[index] as AstInstruction;
    if (typeof want === 'string') {
      expect(instructionLine(got), `instruction ${index + 1}`).toBe(want);
    } else {
      expect(got, `instruction ${index + 1}`).toMatchObject(want);
    }
  });
}
