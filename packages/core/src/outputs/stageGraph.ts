import type { Mount } from '../ir/mounts.js';
import type { ResolvedBuild } from '../ir/resolved.js';
import { isStage } from '../ir/stage.js';
import type { Step } from '../ir/steps.js';

export type GraphEdgeKind = 'from' | 'copy' | 'mount' | 'gate';

export interface GraphNode {
  /** A stable identifier, safe in Mermaid and DOT: `s_<name>` for stages, `img<n>` for images. */
  readonly id: string;
  readonly kind: 'stage' | 'image';
  /** The stage name, or the image reference. */
  readonly name: string;
  readonly target: boolean;
  readonly defaultTarget: boolean;
}

/** `from` is built before (and feeds) `to`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
}

export interface StageGraph {
  /** Images in order of first use, each before the first stage using it; stages in emission order. */
  readonly nodes: readonly GraphNode[];
  /** Unique (from, to, kind), in the order the Dockerfile mentions them. */
  readonly edges: readonly GraphEdge[];
}

/**
 * The stage graph of a compiled build: FROM parents, `COPY --from`, `RUN --mount=...,from=` and
 * `gate()` edges, from stages and from images, with the targets and the default target marked.
 */
export function stageGraph(build: ResolvedBuild): StageGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const stageIds = new Map<string, string>();
  const imageIds = new Map<string, string>();
  const used = new Set<string>();
  for (const stage of build.stages) {
    let id = `s_${stage.name.replace(/[^a-z0-9_]/g, '_')}`;
    while (used.has(id)) id = `${id}_`;
    used.add(id);
    stageIds.set(stage.name, id);
  }
  const imageNode = (image: string): string => {
    const known = imageIds.get(image);
    if (known !== undefined) return known;
    const id = `img${imageIds.size}`;
    imageIds.set(image, id);
    nodes.push({ id, kind: 'image', name: image, target: false, defaultTarget: false });
    return id;
  };
  const seen = new Set<string>();
  const edge = (from: string, to: string, kind: GraphEdgeKind): void => {
    const key = `${from}\n${to}\n${kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind });
  };
  const refId = (ref: unknown): string | undefined => {
    if (isStage(ref)) return stageIds.get(ref.name) ?? imageNode(ref.name);
    if (typeof ref === 'string') return stageIds.get(ref) ?? imageNode(ref);
    return undefined;
  };

  const pending: GraphEdge[] = [];
  for (const stage of build.stages) {
    const id = stageIds.get(stage.name) as string;
    const parent = 'stage' in stage.from ? (stageIds.get(stage.from.stage) ?? imageNode(stage.from.stage)) : undefined;
    const image = 'image' in stage.from ? imageNode(stage.from.image) : undefined;
    const stepRefs: GraphEdge[] = [];
    for (const step of stage.steps) {
      for (const [ref, kind] of stepReferences(step)) {
        const from = refId(ref);
        if (from !== undefined) stepRefs.push({ from, to: id, kind });
      }
    }
    nodes.push({
      id,
      kind: 'stage',
      name: stage.name,
      target: build.targets.includes(stage.name),
      defaultTarget: build.defaultTarget === stage.name,
    });
    pending.push({ from: (parent ?? image) as string, to: id, kind: 'from' }, ...stepRefs);
  }
  for (const { from, to, kind } of pending) edge(from, to, kind);
  return { nodes, edges };
}

function stepReferences(step: Step): [unknown, GraphEdgeKind][] {
  switch (step.kind) {
    case 'copy':
      return step.from === undefined ? [] : [[step.from, step.gate ? 'gate' : 'copy']];
    case 'run':
      return step.mounts.flatMap((mount: Mount): [unknown, GraphEdgeKind][] =>
        'from' in mount && mount.from !== undefined ? [[mount.from, 'mount']] : [],
      );
    default:
      return [];
  }
}

const EDGE_LABELS: Record<GraphEdgeKind, string> = {
  from: 'FROM',
  copy: 'COPY --from',
  mount: 'RUN --mount from',
  gate: 'gate',
};

function nodeLabel(node: GraphNode): string {
  if (node.defaultTarget) return `${node.name}\ndefault target`;
  if (node.target) return `${node.name}\ntarget`;
  return node.name;
}

/** Mermaid flowchart text (a ```mermaid block renders it on GitHub and in most doc sites). */
export function renderMermaid(graph: StageGraph): string {
  const text = (value: string) =>
    `"${value.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, '<br/>')}"`;
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const label = text(nodeLabel(node));
    if (node.kind === 'image') lines.push(`  ${node.id}(${label}):::image`);
    else if (node.defaultTarget) lines.push(`  ${node.id}[[${label}]]:::defaultTarget`);
    else if (node.target) lines.push(`  ${node.id}([${label}]):::target`);
    else lines.push(`  ${node.id}[${label}]`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.kind === 'gate' ? '-.->' : edge.kind === 'from' ? '-->' : '==>';
    lines.push(`  ${edge.from} ${arrow}|${text(EDGE_LABELS[edge.kind])}| ${edge.to}`);
  }
  lines.push(
    '  classDef image fill:#f4f4f4,stroke:#999,color:#555',
    '  classDef target stroke-width:2px',
    '  classDef defaultTarget stroke-width:3px,fill:#e3f2e1',
  );
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT text (`dot -Tsvg`). */
export function renderDot(graph: StageGraph, name = 'dsl'): string {
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const lines = [
    `digraph ${quote(name)} {`,
    '  rankdir=LR;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of graph.nodes) {
    const attributes = [`label=${quote(nodeLabel(node))}`];
    if (node.kind === 'image')
      attributes.push('shape=ellipse', 'style=filled', 'fillcolor="#f4f4f4"', 'color="#999999"');
    else if (node.defaultTarget) attributes.push('style="rounded,filled,bold"', 'fillcolor="#e3f2e1"', 'peripheries=2');
    else if (node.target) attributes.push('style="rounded,bold"');
    lines.push(`  ${node.id} [${attributes.join(', ')}];`);
  }
  for (const edge of graph.edges) {
    const attributes = [`label=${quote(EDGE_LABELS[edge.kind])}`];
    if (edge.kind === 'gate') attributes.push('style=dashed');
    else if (edge.kind !== 'from') attributes.push('style=bold');
    lines.push(`  ${edge.from} -> ${edge.to} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
