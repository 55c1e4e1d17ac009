/**
 * The syntax tree of a Dockerfile, as BuildKit's parser (frontend/dockerfile/parser) builds it, with
 * source lines on every instruction and the comments kept on the side for importers.
 */

/** A parser directive from the top of the file: `# syntax=...`, `# escape=...`, `# check=...`. */
export interface ParserDirective {
  readonly name: 'syntax' | 'escape' | 'check';
  readonly value: string;
  /** 1-based line. */
  readonly line: number;
}

/** A heredoc attached to RUN, COPY or ADD (or to ONBUILD wrapping one of them). */
export interface Heredoc {
  /** The delimiter word with quotes removed, e.g. `EOF` for `<<'EOF'`. */
  readonly name: string;
  /** `3` for `3<<EOF`, else 0. */
  readonly fileDescriptor: number;
  /** False when any part of the delimiter was quoted: the content is not expanded. */
  readonly expand: boolean;
  /** `<<-EOF`: leading tabs are stripped from the content lines (and the terminator may be indented). */
  readonly chomp: boolean;
  /** The raw body, each line with its newline, without the terminator line; tabs not yet stripped. */
  readonly content: string;
}

export interface Instruction {
  /** The instruction word as written, e.g. `from` or `RUN`. */
  readonly keyword: string;
  /** The instruction word lower-cased (`run`); unknown words are kept and have args `[""]`. */
  readonly name: string;
  /** Builder flags before the arguments, as written once quotes are removed, e.g. `--from=build`. */
  readonly flags: readonly string[];
  /**
   * The arguments as BuildKit's parser splits them (its `Node.Next` chain):
   * - exec form (json): the decoded JSON strings;
   * - RUN/CMD/ENTRYPOINT/SHELL shell form, USER, WORKDIR, MAINTAINER, STOPSIGNAL: one string;
   * - FROM, EXPOSE, and ADD/COPY/VOLUME shell form: whitespace-separated words (quotes kept);
   * - ENV, LABEL: triples `[key, value, sep]` where sep is `=` or `""` for the legacy `ENV key value`;
   *   values keep their quotes and escapes (the builder removes them later);
   * - ARG: words `name` or `name=value`, quotes kept;
   * - HEALTHCHECK: `[type, ...command]`, e.g. `["CMD", "curl -f x"]` or `["NONE"]`;
   * - ONBUILD: empty, see `trigger`.
   */
  readonly args: readonly string[];
  /** True when the arguments were a valid JSON string array (exec form). */
  readonly json: boolean;
  /** ONBUILD's instruction. */
  readonly trigger?: Instruction;
  readonly heredocs: readonly Heredoc[];
  /** The logical line (continuations joined, comment lines dropped) as the parser saw it. */
  readonly original: string;
  /** 1-based first line of the instruction. */
  readonly startLine: number;
  /** 1-based last line, including continuation lines and heredoc bodies. */
  readonly endLine: number;
  /** BuildKit's `PrevComment`: the comment block right before the instruction, `#` removed. */
  readonly comments: readonly string[];
}

/** A comment line, kept so an importer can carry it over. Directives are not comments. */
export interface DockerfileComment {
  /** 1-based line. */
  readonly line: number;
  /** The text after `#`, trimmed. */
  readonly text: string;
  /** The whole line without its newline. */
  readonly raw: string;
  /** A comment line inside a continued instruction (BuildKit drops it from the instruction). */
  readonly inContinuation: boolean;
}

export interface ParseWarning {
  /** 1-based line the warning is about. */
  readonly line: number;
  readonly message: string;
  readonly url?: string;
}

export interface DockerfileAst {
  readonly directives: readonly ParserDirective[];
  /** The escape character in force: `\` unless `# escape=\`` was given. */
  readonly escapeToken: '\\' | '`';
  readonly instructions: readonly Instruction[];
  readonly comments: readonly DockerfileComment[];
  readonly warnings: readonly ParseWarning[];
  /** First line of the first instruction (BuildKit's root StartLine). */
  readonly startLine: number;
  /** Last line of the last instruction. */
  readonly endLine: number;
}
