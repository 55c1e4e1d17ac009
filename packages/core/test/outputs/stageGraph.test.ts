/**
 * `dsl graph`: the stage graph model, its Mermaid and DOT renderings, golden files for every
 * example, and docs/graphs.md kept in step with them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bindMount,
  type Config,
  cacheMount,
  compile,
  copy,
  defineConfig,
  gate,
  renderDot,
  renderMermaid,
  run,
  stage,
  stageGraph,
} from '@dockerdsl/core';
import { describe, expect, it } from 'vitest';
import { exampleNames, loadExample } from '../support/examples.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const examples = exampleNames;

const graphOf = (config: Config) => stageGraph(compile(config, { checkSecrets: false }).build);

describe('the graph model', () => {
  const builder = stage('builder', { from: 'golang:1.22-bookworm' }, [run('go build -o /out/app .')]);
  const tools = stage('tools', { from: 'debian:bookworm-slim' }, [run('true')]);
  const test = stage('test', { from: builder }, [run('go test ./...')]);
  const dev = stage('dev', { from: builder }, [run('true')]);
  const prod = stage('prod', { from: 'scratch' }, [
    copy('/out/app', '/app', { from: builder }),
    copy('/out/app', '/app2', { from: builder }),
    copy('/bin/busybox', '/bin/sh', { from: 'busybox:1.36' }),
    run('ls', { mounts: [bindMount('/t', { from: tools }), cacheMount('/c', { from: tools })] }),
    gate(test),
  ]);
  const graph = graphOf(defineConfig({ targets: [dev, prod] }));

  it('has every stage once, images before their first use, and marks targets', () => {
    expect(graph.nodes.map((node) => [node.id, node.kind, node.name, node.target, node.defaultTarget])).toEqual([
      ['img0', 'image', 'golang:1.22-bookworm', false, false],
      ['s_builder', 'stage', 'builder', false, false],
      ['s_dev', 'stage', 'dev', true, false],
      ['img1', 'image', 'debian:bookworm-slim', false, false],
      ['s_tools', 'stage', 'tools', false, false],
      ['s_test', 'stage', 'test', false, false],
      ['img2', 'image', 'scratch', false, false],
      ['img3', 'image', 'busybox:1.36', false, false],
      ['s_prod', 'stage', 'prod', true, true],
    ]);
  });

  it('has one edge per (from, to, kind): FROM, COPY --from (stages and images), mounts, gates', () => {
    expect(graph.edges).toEqual([
      { from: 'img0', to: 's_builder', kind: 'from' },
      { from: 's_builder', to: 's_dev', kind: 'from' },
      { from: 'img1', to: 's_tools', kind: 'from' },
      { from: 's_builder', to: 's_test', kind: 'from' },
      { from: 'img2', to: 's_prod', kind: 'from' },
      { from: 's_builder', to: 's_prod', kind: 'copy' },
      { from: 'img3', to: 's_prod', kind: 'copy' },
      { from: 's_tools', to: 's_prod', kind: 'mount' },
      { from: 's_test', to: 's_prod', kind: 'gate' },
    ]);
  });

  it('renders Mermaid with the default target as a subroutine node and gates dotted', () => {
    const text = renderMermaid(graph);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('  s_prod[["prod<br/>default target"]]:::defaultTarget\n');
    expect(text).toContain('  s_dev(["dev<br/>target"]):::target\n');
    expect(text).toContain('  s_test -.->|"gate"| s_prod\n');
    expect(text).toContain('  s_builder ==>|"COPY --from"| s_prod\n');
  });

  it('renders DOT that Graphviz accepts (when dot is installed)', () => {
    const text = renderDot(graph, 'example');
    expect(text).toContain('  s_test -> s_prod [label="gate", style=dashed];');
    const dot = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
    if (dot.error) return; // Graphviz is optional on this machine.
    expect(dot.stderr).toBe('');
    expect(dot.status).toBe(0);
    expect(dot.stdout).toContain('<svg');
  });

  it('escapes labels for both syntaxes', () => {
    const odd = {
      nodes: [{ id: 'img0', kind: 'image' as const, name: 'a"b<c>&d', target: false, defaultTarget: false }],
      edges: [],
    };
    expect(renderMermaid(odd)).toContain('img0("a#quot;b#lt;c#gt;#amp;d"):::image');
    expect(renderDot(odd)).toContain('img0 [label="a\\"b<c>&d"');
  });

  it('gives stages whose names differ only in . and - distinct ids', () => {
    const a = stage('a.b', { from: 'busybox:1.36' }, [run('true')]);
    const b = stage('a-b', { from: a }, [run('true')]);
    expect(graphOf(defineConfig({ targets: [b] })).nodes.map((node) => node.id)).toEqual(['img0', 's_a_b', 's_a_b_']);
  });
});

describe.each(examples)('example %s', (name) => {
  it('matches its golden Mermaid and DOT graphs', async () => {
    const graph = graphOf(await loadExample(name));
    const dir = fileURLToPath(new URL('./__golden__/graph/', import.meta.url));
    await matchGolden(renderMermaid(graph), join(dir, `${name}.mmd`));
    await matchGolden(renderDot(graph, `examples/${name}`), join(dir, `${name}.dot`));
  });
});

/** docs/graphs.md: hand-written text up to this marker, then one generated section per example. */
const MARKER = '<!-- Generated below by packages/core/test/outputs/stageGraph.test.ts (vitest -u updates it). -->';

/**
 * A golden file: compared strictly (vitest -u rewrites it), but created when missing, so an example
 * another engineer adds gets its golden on the first run instead of failing every build first.
 */
async function matchGolden(actual: string, file: string): Promise<void> {
  if (!existsSync(file)) writeFileSync(file, actual);
  await expect(actual).toMatchFileSnapshot(file);
}

it('docs/graphs.md shows the Mermaid graph of every example', async () => {
  const path = join(repo, 'docs/graphs.md');
  const docs = readFileSync(path, 'utf8');
  const at = docs.indexOf(MARKER);
  expect(at, `docs/graphs.md must contain the line ${MARKER}`).toBeGreaterThan(-1);
  const sections = new Map<string, string>();
  for (const name of examples) {
    const mermaid = renderMermaid(graphOf(await loadExample(name)));
    sections.set(
      name,
      `## \`examples/${name}\`\n\n\`dsl graph examples/${name}\`:\n\n\`\`\`mermaid\n${mermaid}\`\`\`\n`,
    );
  }
  const expected = `${docs.slice(0, at + MARKER.length)}\n\n${[...sections.values()].join('\n')}`;
  if (docs === expected) return;
  // Sections only missing (a new example): add them. A section that shows another graph fails.
  const stale = [...sections].filter(
    ([name, text]) => docs.includes(`## \`examples/${name}\``) && !docs.includes(text),
  );
  if (stale.length === 0) {
    writeFileSync(path, expected);
    return;
  }
  await expect(
    expected,
    `stale graphs in docs/graphs.md: ${stale.map(([name]) => name).join(', ')}`,
  ).toMatchFileSnapshot(path);
});

it('finds the examples', () => {
  expect(examples).toEqual(expect.arrayContaining(['go-cli', 'multi-stage-python', 'node-service']));
});
