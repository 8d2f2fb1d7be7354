import fc from 'fast-check';
import { listCycles } from '../../src/import/graph-checks';
import { naiveAcyclic } from '../support/dense-dag';

type Edge = { from: string; to: string };
const key = (e: Edge): string => `${e.from}>${e.to}`;
const edgesOf = (...pairs: [string, string][]): Edge[] => pairs.map(([from, to]) => ({ from, to }));

/**
 * The back edges of a depth-first search in the order listCycles searches (nodes by their first edge,
 * children in edge order, repeated edges once), written as the textbook's recursion.
 */
function naiveBackEdges(edges: readonly Edge[]): string[] {
  const next = new Map<string, string[]>();
  for (const e of new Map(edges.map((x) => [key(x), x])).values())
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const back: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    for (const child of next.get(node) ?? []) {
      if (state.get(child) === 'open') back.push(key({ from: node, to: child }));
      else if (!state.has(child)) visit(child);
    }
    state.set(node, 'done');
  };
  for (const node of next.keys()) if (!state.has(node)) visit(node);
  return back;
}

/** A cycle's last edge: the back edge that closed it. */
const closing = (cycle: readonly string[]): string =>
  key({ from: cycle[cycle.length - 2] ?? '', to: cycle[cycle.length - 1] ?? '' });

/** A cycle as the same text whichever node it is written from. */
function canonical(cycle: readonly string[]): string {
  const ring = cycle.slice(0, -1);
  const rotations = ring.map((_, i) => [...ring.slice(i), ...ring.slice(0, i)].join(' '));
  return rotations.sort()[0] ?? '';
}

/** Small graphs over few nodes, so cycles, self-loops and repeated edges are common. */
const graphs = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 30 }))
  .chain(([nodes, count]) =>
    fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: nodes - 1 }).map((n) => `n${n}`),
        to: fc.integer({ min: 0, max: nodes - 1 }).map((n) => `n${n}`),
      }),
      { maxLength: count },
    ),
  );

describe('listCycles', () => {
  it('lists the cycle of a ring, a self-loop and a mutual pair', () => {
    expect(listCycles(edgesOf(['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']))).toEqual([
      ['a', 'b', 'c', 'a'],
    ]);
    expect(listCycles(edgesOf(['a', 'a']))).toEqual([['a', 'a']]);
    expect(listCycles(edgesOf(['a', 'b'], ['b', 'a'], ['a', 'b']))).toEqual([['a', 'b', 'a']]);
  });

  it('lists nothing for a diamond, which has two paths but no cycle', () => {
    expect(listCycles(edgesOf(['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']))).toEqual([]);
  });

  it('lists every cycle of two rings through one node, not only the first', () => {
    expect(listCycles(edgesOf(['a', 'b'], ['b', 'a'], ['a', 'c'], ['c', 'd'], ['d', 'a']))).toEqual([
      ['a', 'b', 'a'],
      ['a', 'c', 'd', 'a'],
    ]);
  });

  it('follows a chain of 100,000 edges without overflowing and finds the edge that closes it', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}` }));
    const cycles = listCycles([...chain, { from: 'n100000', to: 'n0' }]);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(100_002);
  });

  describe('against a naive reference (fast-check)', () => {
    const params = { seed: 24, numRuns: 1000 };

    it('lists a cycle exactly when the edges have one', () => {
      fc.assert(
        fc.property(graphs, (edges) => {
          expect(listCycles(edges).length === 0).toBe(naiveAcyclic(edges));
        }),
        params,
      );
    });

    it('lists only real cycles, each a closed walk that repeats no node', () => {
      fc.assert(
        fc.property(graphs, (edges) => {
          const present = new Set(edges.map(key));
          for (const cycle of listCycles(edges)) {
            expect(cycle[0]).toBe(cycle[cycle.length - 1]);
            expect(new Set(cycle.slice(0, -1)).size).toBe(cycle.length - 1);
            for (let i = 0; i + 1 < cycle.length; i += 1)
              expect(present.has(key({ from: cycle[i] ?? '', to: cycle[i + 1] ?? '' }))).toBe(true);
          }
        }),
        params,
      );
    });

    it('lists each cycle once, one per back edge of the search', () => {
      fc.assert(
        fc.property(graphs, (edges) => {
          const cycles = listCycles(edges);
          expect(new Set(cycles.map(canonical)).size).toBe(cycles.length);
          expect(cycles.map(closing)).toEqual(naiveBackEdges(edges));
        }),
        params,
      );
    });

    it('leaves the edges acyclic once the edge closing each listed cycle is removed', () => {
      fc.assert(
        fc.property(graphs, (edges) => {
          const removed = new Set(listCycles(edges).map(closing));
          expect(naiveAcyclic(edges.filter((e) => !removed.has(key(e))))).toBe(true);
        }),
        params,
      );
    });
  });
});
