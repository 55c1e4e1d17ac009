import { dirname, relative } from 'node:path';
import { compile, LINT_RULES, type LintFinding, lintBuild, observeStages, ruleSeverity } from '@dockerdsl/core';
import { parseCommandArgs, usageFailure } from '../args.js';
import { EXIT } from '../exitCodes.js';
import { findConfig } from '../findConfig.js';
import { findingJson, formatFinding, lintFails, summarize } from '../lintOutput.js';
import { loadConfig } from '../loadConfig.js';
import { green, printInfo } from '../output.js';
import { passContext } from '../passContext.js';
import { writeStdout } from '../stdio.js';
import { checkTargetOption } from '../targetOption.js';

export const usage = `Usage: dsl lint [DIR] [options]

Check DIR/docker.config.ts (default: the current directory) against the lint rules (docs/lint.md):
hadolint's DLxxxx rules, BuildKit's SecretsUsedInArgOrEnv and dsl's own DSLxxx rules. Problems are
reported at the config line that made the step. Severities: lint.rules in the config.

Options:
  --config PATH   config file to use instead of DIR/docker.config.ts
  --target NAME   lint only what target NAME builds
  --json          print the problems as a JSON array (rule, name, severity, message, file, line,
                  column, stage, step, fragment, hint, fix) on stdout
  --fix           rewrite the config where a rule knows the exact fix (apt -> apt-get, -y,
                  add() -> copy()); other problems are reported as usual
  --strict        fail (exit 1) on warnings too
  --list          list the rules with their ids, names and severities, and exit
                  (with --json: an array of {rule, name, severity, optIn, description})
  -h, --help      show this help

Exit codes: 0 no errors (warnings allowed unless --strict), 1 lint errors (or warnings with
--strict) or a config that does not load or compile, 2 usage error.`;

const options = {
  config: { type: 'string' },
  target: { type: 'string' },
  json: { type: 'boolean' },
  fix: { type: 'boolean' },
  strict: { type: 'boolean' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function lint(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', argv, options);
  if (values.help) {
    writeStdout(`${usage}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageFailure('lint', `dsl lint takes one directory, got ${positionals.length}`);
  // --list lints nothing, so a --fix given with it would be skipped without a word.
  if (values.list && values.fix)
    throw usageFailure('lint', '--list lists the rules and lints nothing: it cannot be combined with --fix');
  const cwd = process.cwd();
  if (values.list && positionals.length === 0 && values.config === undefined) {
    writeStdout(listRules(undefined, values.json === true));
    return EXIT.ok;
  }
  const configPath = findConfig(positionals[0], values.config);
  const observer = observeStages();
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(configPath, values.target !== undefined ? { target: values.target } : {});
  } finally {
    observer.stop();
  }
  checkTargetOption(config, values.target, configPath, cwd);
  if (values.list) {
    writeStdout(listRules(config.lint, values.json === true));
    return EXIT.ok;
  }
  // Secret-like names are compile errors for `dsl build`; here they are findings like the others.
  const { build } = compile(config, {
    context: passContext(configPath),
    ...(values.target !== undefined ? { target: values.target } : {}),
    checkSecrets: false,
  });
  let findings: LintFinding[] = lintBuild({ config, build, seenStages: observer.stages });

  if (values.fix && findings.some((finding) => finding.fix)) {
    const { applyFixes } = await import('../lintFix.js');
    // The build context: where dsl build writes the Dockerfile, beside the config.
    const result = applyFixes(findings, dirname(configPath));
    for (const file of result.files) {
      const count = result.fixed.filter((finding) => finding.callSite?.file === file).length;
      printInfo(`${green('fixed')} ${count} problem${count === 1 ? '' : 's'} in ${relative(cwd, file) || file}`);
    }
    for (const { finding, reason } of result.notFixed) {
      printInfo(`not fixed: ${finding.rule} at ${finding.callSite?.line}:${finding.callSite?.column}: ${reason}`);
    }
    const fixed = new Set(result.fixed);
    findings = findings.filter((finding) => !fixed.has(finding));
  }

  const strict = values.strict === true;
  if (values.json) {
    writeStdout(
      `${JSON.stringify(
        findings.map((finding) => findingJson(finding, cwd)),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const finding of findings) writeStdout(`${formatFinding(finding, cwd, false)}\n`);
    printInfo(findings.length === 0 ? `${green('ok')}: no problems` : summarize(findings));
  }
  return lintFails(findings, strict) ? EXIT.failure : EXIT.ok;
}

function listRules(settings: Parameters<typeof ruleSeverity>[1], json: boolean): string {
  if (json) {
    const rules = LINT_RULES.map((rule) => ({
      rule: rule.id,
      name: rule.name,
      severity: ruleSeverity(rule, settings),
      optIn: rule.optIn === true,
      description: rule.description,
    }));
    return `${JSON.stringify(rules, null, 2)}\n`;
  }
  const rows = LINT_RULES.map((rule) => [
    rule.id,
    rule.name,
    ruleSeverity(rule, settings) + (rule.optIn ? ' (opt-in)' : ''),
    rule.description,
  ]);
  const width = (i: number) => Math.max(...rows.map((row) => (row[i] as string).length));
  return `${rows.map((row) => `${row[0]?.padEnd(width(0))}  ${row[1]?.padEnd(width(1))}  ${row[2]?.padEnd(width(2))}  ${row[3]}`).join('\n')}\n`;
}
