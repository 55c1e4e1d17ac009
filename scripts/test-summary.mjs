#!/usr/bin/env node
// Prints one plain line `NAME: N passed, M failed` from a vitest JSON report
// (`--reporter=json --outputFile.json=FILE`), for CI's test-count reader, which does not
// understand vitest's own closing lines. A test file that failed before running any test (an
// import error, a top-level throw such as the e2e engine check on CI) counts as one failure.
//   node scripts/test-summary.mjs e2e e2e-report.json
import { existsSync, readFileSync } from 'node:fs';

const [name, file] = process.argv.slice(2);
if (name === undefined || file === undefined) {
  console.error('usage: node scripts/test-summary.mjs NAME REPORT.json');
  process.exit(2);
}
if (!existsSync(file)) {
  console.log(`${name}: 0 passed, 0 failed (no report at ${file}: the suite did not run)`);
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const files = report.testResults ?? [];
const brokenFiles = files.filter(
  (result) => result.status === 'failed' && (result.assertionResults ?? []).length === 0,
);
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + brokenFiles.length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
for (const broken of brokenFiles)
  console.log(`${name}: test file failed to run: ${broken.name}: ${broken.message ?? ''}`);
if (skipped > 0) console.log(`${name}: ${skipped} skipped`);
console.log(`${name}: ${passed} passed, ${failed} failed`);
