import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LINT_RULES, ruleSeverity } from '../../src/index.js';

const doc = readFileSync(new URL('../../../../docs/lint.md', import.meta.url), 'utf8');

describe('docs/lint.md', () => {
  for (const rule of LINT_RULES) {
    it(`documents ${rule.id} ${rule.name} with a bad and a good example and its default`, () => {
      const heading = new RegExp(`^### ${rule.id} ${rule.name}( \\(opt-in\\))?$`, 'm');
      expect(doc).toMatch(heading);
      const section = doc.slice(doc.search(heading)).split(/\n### |\n## /)[0] as string;
      expect(section).toMatch(/\nBad:\n\n```ts\n[^`]+```/);
      expect(section).toMatch(/\nGood:[^\n]*\n\n```ts\n[^`]+```/);
      const row = new RegExp(`^\\| ${rule.id} +\\| ${rule.name} +\\| ([^|]+?) *\\|`, 'm').exec(doc);
      const severity = ruleSeverity(rule, undefined);
      expect(row?.[1]?.startsWith(rule.optIn ? 'off (opt-in)' : severity)).toBe(true);
      expect(Boolean(rule.optIn)).toBe(heading.exec(doc)?.[1] !== undefined);
    });
  }

  it('lists no rule that does not exist, and says MAINTAINER cannot be emitted', () => {
    const headings = [...doc.matchAll(/^### (\S+) (\S+)/gm)].map((match) => match[1]);
    expect(headings.sort()).toEqual(LINT_RULES.map((rule) => rule.id).sort());
    expect(doc).toMatch(/MAINTAINER.*there is no factory for it/s);
  });
});
