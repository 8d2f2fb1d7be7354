/**
 * Finds a directed cycle among edges, or returns undefined. Used for the model's acyclic relationships
 * (FEEDS, REPORTS_TO) before anything is written; an iterative DFS so deep chains cannot overflow.
 */
export function findCycle(edges: readonly { from: string; to: string }[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: { node: string; children: string[] }[] = [
      { node: start, children: [...(next.get(start) ?? [])] },
    ];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const child = top.children.pop();
      if (child === undefined) {
        state.set(top.node, 'done');
        stack.pop();
        path.pop();
        continue;
      }
      if (state.get(child) === 'open') return [...path.slice(path.indexOf(child)), child];
      if (state.get(child) === 'done') continue;
      state.set(child, 'open');
      path.push(child);
      stack.push({ node: child, children: [...(next.get(child) ?? [])] });
    }
  }
  return undefined;
}
