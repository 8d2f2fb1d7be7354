/**
 * Every cycle a depth-first search closes among edges, for the model's acyclic relationships (FEEDS,
 * REPORTS_TO) before anything is written: for each back edge (one to a node still on the search's
 * path), the cycle it closes, that path from the edge's head down to its tail and then the edge. An
 * iterative search, so deep chains cannot overflow, in time linear in the edges plus the length of the
 * cycles returned.
 *
 * What a refused input is told rests on two properties, which the unit tests check against a naive
 * reference:
 * - each cycle is listed once: a cycle holds its own back edge and otherwise only edges of the search's
 *   tree, so no two are the same (repeated edges are merged first, or a repeat would list it twice);
 * - removing the back edges, the last edge of each cycle, leaves the edges acyclic: every other edge (of
 *   the tree, forward or across) runs from a node the search finishes later to one it finished earlier.
 *   So the list is empty exactly when there is no cycle, and every cycle is broken by a listed edge.
 *
 * The listed edges are a set whose removal suffices, not the smallest one (finding that is NP-hard): on
 * a dense flow a few wrong edges join most segments into one strongly connected part, and the search
 * then closes many cycles on correct edges (80 back edges added to the test's DAG of 2,843 FEEDS list
 * 944 cycles, each running through at least one of the 80; neither a sources-first nor a greedy
 * feedback-arc order did better). The in-transaction check, against a database already acyclic, names
 * exactly the added edges that close a cycle.
 */
export function listCycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  const merged = new Set<string>();
  for (const { from, to } of edges) {
    const key = `${from}\n${to}`;
    if (merged.has(key)) continue;
    merged.add(key);
    const children = next.get(from);
    if (children) children.push(to);
    else next.set(from, [to]);
  }
  const done = new Set<string>();
  // The nodes on the search's path, with their index on it, so a cycle is cut from it without a scan.
  const onPath = new Map<string, number>();
  const path: { node: string; children: readonly string[]; index: number }[] = [];
  const cycles: string[][] = [];
  const enter = (node: string): void => {
    onPath.set(node, path.length);
    path.push({ node, children: next.get(node) ?? [], index: 0 });
  };
  for (const start of next.keys()) {
    if (done.has(start)) continue;
    enter(start);
    while (path.length > 0) {
      const top = path[path.length - 1];
      if (top === undefined) break;
      const child = top.children[top.index];
      top.index += 1;
      if (child === undefined) {
        path.pop();
        onPath.delete(top.node);
        done.add(top.node);
        continue;
      }
      const at = onPath.get(child);
      if (at !== undefined) cycles.push([...path.slice(at).map((p) => p.node), child]);
      else if (!done.has(child)) enter(child);
    }
  }
  return cycles;
}
