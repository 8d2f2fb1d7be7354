/**
 * A dense segment flow, generated: a few hundred ChainSegment nodes and a few thousand FEEDS edges that
 * form one DAG, the shape that made the whole-graph cycle check enumerate paths past two minutes (346
 * segments, 2,843 edges on the data set of issue 24). Deterministic for a seed, so a failure repeats.
 */
import { random } from '../../tools/synthetic/generate';

export const DAG_SOURCE = 'source:dense-dag';

export interface FlowEdge {
  from: string;
  to: string;
}

export interface DenseDag {
  /** Segment ids in the DAG's topological order: every edge runs from an earlier to a later one. */
  order: string[];
  feeds: FlowEdge[];
}

/**
 * Edges join segments at most `span` apart in a shuffled topological order, so paths are long (a
 * segment early in the order reaches nearly every later one) and ids say nothing of the order.
 */
export function denseDag(
  options: { segments?: number; edges?: number; span?: number; seed?: number; prefix?: string } = {},
): DenseDag {
  const { segments = 346, edges = 2843, span = 40, seed = 24, prefix = 'seg' } = options;
  const rnd = random(seed);
  const order = Array.from({ length: segments }, (_, i) => `${prefix}:dag.${String(i).padStart(4, '0')}`);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] ?? '', order[i] ?? ''];
  }
  const feeds: FlowEdge[] = [];
  const seen = new Set<string>();
  while (feeds.length < edges) {
    const i = Math.floor(rnd() * (segments - 1));
    const j = Math.min(segments - 1, i + 1 + Math.floor(rnd() * span));
    const from = order[i] ?? '';
    const to = order[j] ?? '';
    if (seen.has(`${from}>${to}`)) continue;
    seen.add(`${from}>${to}`);
    feeds.push({ from, to });
  }
  return { order, feeds };
}

/**
 * Edges that close cycles in the DAG: `pairs` reversed copies of distinct edges that share no segment
 * (mutual pairs, each a cycle of its own, so at least that many cycles must be reported), and `long`
 * edges from the end of a walk of several steps back to its start.
 */
export function backEdges(
  dag: DenseDag,
  options: { pairs: number; long: number; seed?: number },
): FlowEdge[] {
  const rnd = random(options.seed ?? 7);
  const out: FlowEdge[] = [];
  const used = new Set<string>();
  for (const { from, to } of dag.feeds) {
    if (out.length >= options.pairs) break;
    if (used.has(from) || used.has(to) || rnd() < 0.5) continue;
    used.add(from).add(to);
    out.push({ from: to, to: from });
  }
  const next = new Map<string, string[]>();
  for (const { from, to } of dag.feeds) next.set(from, [...(next.get(from) ?? []), to]);
  const taken = new Set(dag.feeds.map((e) => `${e.from}>${e.to}`));
  for (const e of out) taken.add(`${e.from}>${e.to}`);
  let attempts = 0;
  while (out.length < options.pairs + options.long && attempts < 10_000) {
    attempts += 1;
    const start = dag.order[Math.floor(rnd() * (dag.order.length / 2))] ?? '';
    let at = start;
    for (let step = 0; step < 6; step += 1) {
      const choices = next.get(at) ?? [];
      if (choices.length === 0) break;
      at = choices[Math.floor(rnd() * choices.length)] ?? at;
    }
    if (at === start || taken.has(`${at}>${start}`)) continue;
    taken.add(`${at}>${start}`);
    out.push({ from: at, to: start });
  }
  return out;
}

/**
 * The set as one document of the seed format: a source, the nodes and their flow, as segments that FEED
 * each other or as Party organisations that REPORT_TO each other (the other acyclic relationship).
 */
export function dagDocument(
  dag: DenseDag,
  extra: readonly FlowEdge[] = [],
  type: 'FEEDS' | 'REPORTS_TO' = 'FEEDS',
): Record<string, unknown> {
  const cite = { sources: [DAG_SOURCE] };
  const node = (id: string, i: number): Record<string, unknown> =>
    type === 'FEEDS'
      ? { id, name: `环节${i}`, stage: 'MIDSTREAM', order: i + 1, ...cite }
      : { id, name: `党组织${i}`, kind: 'BRANCH', ...cite };
  return {
    nodes: {
      Source: [
        { id: DAG_SOURCE, name: '稠密环节流', file: 'dense-dag.txt', author: '测试', kind: 'ARTICLE' },
      ],
      [type === 'FEEDS' ? 'ChainSegment' : 'PartyOrganization']: dag.order.map(node),
    },
    relationships: { [type]: [...dag.feeds, ...extra].map((e) => ({ ...e, ...cite })) },
  };
}

/** Whether edges are acyclic, by peeling nodes with no incoming edge (Kahn): no search, no path. */
export function naiveAcyclic(edges: readonly FlowEdge[]): boolean {
  const key = (e: FlowEdge): string => `${e.from}>${e.to}`;
  const distinct = [...new Map(edges.map((e) => [key(e), e])).values()];
  const nodes = new Set(distinct.flatMap((e) => [e.from, e.to]));
  let left = distinct;
  for (;;) {
    const targets = new Set(left.map((e) => e.to));
    const sources = [...nodes].filter((n) => !targets.has(n));
    if (sources.length === 0) return left.length === 0;
    for (const n of sources) nodes.delete(n);
    left = left.filter((e) => nodes.has(e.from));
  }
}
