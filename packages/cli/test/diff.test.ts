import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { lineDiff } from '../src/diff.js';

const dir = mkdtempSync(join(tmpdir(), 'dsl-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What GNU patch makes of `before` with the diff applied: the diff must be a real unified diff. */
function patched(before: string, after: string): string {
  const file = join(dir, 'Dockerfile');
  writeFileSync(file, before);
  const diff = `${lineDiff(before, after, 'Dockerfile', 'Dockerfile')}\n`;
  execFileSync('patch', ['--quiet', '--force', file], { input: diff });
  return readFileSync(file, 'utf8');
}

describe('lineDiff', () => {
  it('writes hunks with three lines of context, removals before additions', () => {
    const before = ['FROM a', 'WORKDIR /app', 'COPY x .', 'RUN one', 'RUN two', 'EXPOSE 80', 'CMD x', ''].join('\n');
    const after = before.replace('EXPOSE 80', 'EXPOSE 8080');
    expect(lineDiff(before, after, 'Dockerfile (on disk)', 'Dockerfile (from config)')).toBe(
      [
        '--- Dockerfile (on disk)',
        '+++ Dockerfile (from config)',
        '@@ -3,5 +3,5 @@',
        ' COPY x .',
        ' RUN one',
        ' RUN two',
        '-EXPOSE 80',
        '+EXPOSE 8080',
        ' CMD x',
      ].join('\n'),
    );
  });

  it('keeps changes far apart in separate hunks', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `RUN step ${index}`);
    const after = lines.map((line, index) => (index === 2 || index === 25 ? `${line} changed` : line));
    const diff = lineDiff(`${lines.join('\n')}\n`, `${after.join('\n')}\n`, 'a', 'b');
    expect(diff.split('\n').filter((line) => line.startsWith('@@'))).toEqual(['@@ -1,6 +1,6 @@', '@@ -23,7 +23,7 @@']);
  });

  it('says when a last line has no line break', () => {
    const diff = lineDiff('FROM a\nCMD x', 'FROM a\nCMD x\n', 'a', 'b');
    expect(diff).toContain('-CMD x\n\\ No newline at end of file\n+CMD x');
    expect(patched('FROM a\nCMD x', 'FROM a\nCMD x\n')).toBe('FROM a\nCMD x\n');
  });

  it('is applied by patch to give the new text', () => {
    const line = fc.constantFrom('FROM a', 'RUN x', 'RUN y', 'COPY . .', '', 'CMD z');
    const text = fc
      .tuple(fc.array(line, { maxLength: 25 }), fc.boolean())
      .map(([lines, finalBreak]) => lines.join('\n') + (finalBreak && lines.length > 0 ? '\n' : ''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        if (before === after) expect(lineDiff(before, after, 'a', 'b')).toBe('--- a\n+++ b');
        else expect(patched(before, after)).toBe(after);
      }),
      { numRuns: 60 },
    );
  });

  it('diffs a one-line change in a 200,000-line file without a table of every line pair', () => {
    const lines = Array.from({ length: 200_000 }, (_, index) => `RUN step ${index}`);
    const after = [...lines];
    after[150_000] = 'RUN changed';
    const diff = lineDiff(`${lines.join('\n')}\n`, `${after.join('\n')}\n`, 'a', 'b');
    expect(diff.split('\n').slice(2)).toEqual([
      '@@ -149998,7 +149998,7 @@',
      ...lines.slice(149_997, 150_000).map((line) => ` ${line}`),
      '-RUN step 150000',
      '+RUN changed',
      ...lines.slice(150_001, 150_004).map((line) => ` ${line}`),
    ]);
  });

  it('shows a changed middle too large to align as removed, then added, which patch still applies', () => {
    const before = `${Array.from({ length: 2_500 }, (_, index) => `RUN old ${index}`).join('\n')}\n`;
    const after = `${Array.from({ length: 2_500 }, (_, index) => `RUN new ${index}`).join('\n')}\n`;
    const body = lineDiff(before, after, 'a', 'b').split('\n').slice(3);
    expect(body.slice(0, 2_500).every((line) => line.startsWith('-'))).toBe(true);
    expect(body.slice(2_500).every((line) => line.startsWith('+'))).toBe(true);
    expect(patched(before, after)).toBe(after);
  });
});
