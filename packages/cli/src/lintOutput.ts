import { relative } from 'node:path';
import type { LintFinding } from '@dockerdsl/core';
import { printInfo, red, yellow } from './output.js';
import { writeStderr } from './stdio.js';

/** One finding as `dsl lint --json` prints it. `file` is relative to the current directory. */
export interface LintFindingJson {
  readonly rule: string;
  readonly name: string;
  readonly severity: 'warn' | 'error';
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly stage: string | null;
  readonly step: number | null;
  readonly fragment: string | null;
  readonly hint: string | null;
  /** What `--fix` would change, when it can. */
  readonly fix: string | null;
}

export function findingJson(finding: LintFinding, cwd: string): LintFindingJson {
  const site = finding.callSite;
  return {
    rule: finding.rule,
    name: finding.name,
    severity: finding.severity,
    message: finding.message,
    file: site ? relative(cwd, site.file) || site.file : null,
    line: site?.line ?? null,
    column: site?.column ?? null,
    stage: finding.stage ?? null,
    step: finding.step ?? null,
    fragment: finding.fragment ?? null,
    hint: finding.hint ?? null,
    fix: finding.fix?.description ?? null,
  };
}

/** `file:line:col: warning: message [DL3007 no-latest-tag]`, then context and hint lines. */
export function formatFinding(finding: LintFinding, cwd: string, color = true): string {
  const site = finding.callSite;
  const where = site ? `${relative(cwd, site.file) || site.file}:${site.line}:${site.column}: ` : '';
  const label = finding.severity === 'error' ? 'error' : 'warning';
  const context = [
    finding.stage !== undefined ? `stage "${finding.stage}"` : undefined,
    finding.step !== undefined ? `step ${finding.step}` : undefined,
    finding.fragment !== undefined ? `fragment ${finding.fragment}()` : undefined,
  ].filter(Boolean);
  const lines = [
    `${where}${color ? (label === 'error' ? red(label) : yellow(label)) : label}: ${finding.message} [${finding.rule} ${finding.name}]`,
  ];
  if (context.length > 0) lines.push(`  in ${context.join(', ')}`);
  if (finding.hint) lines.push(`  hint: ${finding.hint}`);
  if (finding.fix) lines.push(`  fix: ${finding.fix.description} (dsl lint --fix)`);
  return lines.join('\n');
}

export function summarize(findings: readonly LintFinding[]): string {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  const warnings = findings.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`;
}

/** Whether the findings fail the run: any error, or with `strict` any warning. */
export function lintFails(findings: readonly LintFinding[], strict: boolean): boolean {
  return findings.some((finding) => finding.severity === 'error' || strict);
}

/**
 * What `dsl build` does with lint findings: prints them to stderr and returns the reason to fail
 * (an error, or with `--strict` any warning), or undefined.
 */
export function reportBuildLint(findings: readonly LintFinding[], cwd: string, strict: boolean): string | undefined {
  for (const finding of findings) writeStderr(`${formatFinding(finding, cwd)}\n`);
  if (!lintFails(findings, strict)) return undefined;
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  return `dsl build: ${summarize(findings)}${errors === 0 ? ' and --strict' : ''}: nothing written\n  hint: fix them, or set their severity in lint.rules of the config (see "dsl lint")`;
}

/** Images `dsl build` emits unpinned because dsl.lock lacks them: a warning each. */
export function reportUnpinned(images: readonly string[]): void {
  for (const image of images) {
    printInfo(`${yellow('warning')}: image "${image}" is not in dsl.lock and is emitted unpinned: run "dsl lock"`);
  }
}
