/**
 * Keeps docs/fragments-reference.md, the fragments' `example` metadata and the golden files in
 * step: every built-in fragment has a section whose options table lists exactly its options, whose
 * example renders to the section's Dockerfile, which is the fragment's golden file.
 */
import { readFileSync } from 'node:fs';
import * as core from '@dockerdsl/core';
import { BUILT_IN_FRAGMENTS, goBuild, renderFragment, stage } from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';

const docs = readFileSync(new URL('../../../../docs/fragments-reference.md', import.meta.url), 'utf8');
const goldenText = (name: string) => readFileSync(new URL(`./__golden__/${name}.Dockerfile`, import.meta.url), 'utf8');

/** Names in scope for examples: everything the core exports, plus the `builder` stage they mention. */
const scope: Record<string, unknown> = {
  ...core,
  builder: stage('builder', { from: 'golang:1.22-bookworm' }, [goBuild()]),
};

function evaluate(code: string): core.Fragment {
  const body = `return (${code.trim().replace(/;$/, '')});`;
  return new Function(...Object.keys(scope), body)(...Object.values(scope)) as core.Fragment;
}

function section(name: string): string {
  const start = docs.indexOf(`\n## \`${name}\`\n`);
  if (start < 0) throw new Error(`docs/fragments-reference.md has no section "## \`${name}\`"`);
  const end = docs.indexOf('\n## ', start + 1);
  return docs.slice(start, end < 0 ? undefined : end);
}

function block(text: string, language: string): string {
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match) throw new Error(`no \`\`\`${language} block`);
  return match[1] as string;
}

function baseImage(text: string): string {
  return /`from: '([^']+)'`/.exec(text)?.[1] ?? 'debian:bookworm-slim';
}

const names = BUILT_IN_FRAGMENTS.map((fragment) => fragment.fragment.name);

it('has at least 20 built-in fragments, each exported under its own name', () => {
  expect(names.length).toBeGreaterThanOrEqual(20);
  expect(new Set(names).size).toBe(names.length);
  for (const fragment of BUILT_IN_FRAGMENTS) {
    expect((core as Record<string, unknown>)[fragment.fragment.name]).toBe(fragment);
  }
});

it('documents exactly the built-in fragments, in the same order', () => {
  const documented = [...docs.matchAll(/^## `(\w+)`$/gm)].map((match) => match[1]);
  expect(documented).toEqual(names);
});

describe.each(BUILT_IN_FRAGMENTS.map((fragment) => [fragment.fragment.name, fragment.fragment] as const))(
  '%s',
  (name, info) => {
    const text = section(name);

    it('has a description and an example', () => {
      expect(info.description.length).toBeGreaterThan(20);
      expect(info.example).toBeDefined();
    });

    it('lists exactly its options in the docs table', () => {
      const rows = [...text.matchAll(/^\| `(\w+)`/gm)].map((match) => match[1]);
      expect(rows.sort()).toEqual(Object.keys(info.options.shape).sort());
    });

    it("renders the docs example to the section's Dockerfile, which is the golden file", () => {
      const dockerfile = block(text, 'dockerfile');
      expect(dockerfile).toBe(goldenText(name));
      expect(renderFragment(evaluate(block(text, 'ts')), { from: baseImage(text) })).toBe(dockerfile);
    });

    it('renders its `example` metadata to the golden file too', () => {
      expect(renderFragment(evaluate(info.example as string), { from: baseImage(text) })).toBe(goldenText(name));
    });
  },
);
