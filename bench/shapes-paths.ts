/** Shapes 10 and 11: full-text search over every label, and a shortest path between two enterprises. */
import { obj, list, num, type Shape } from './shape';

// ---------------------------------------------------------------------------------------------------
// 10. Search: an enterprise's name in the full-text index over the names of every label, the best 10,
// ties broken by id. The texts are synthetic enterprise names, which hold none of Lucene's special
// characters or operator words, so the service's escaping (escapeLucene) leaves them as they are and
// (c) sends the index the same query unescaped.

export const search: Shape = {
  name: 'search',
  title: 'full-text search, 10 hits',
  ours: {
    query: `query Search($text: String!) {
  search(text: $text, first: 10) { score node { id name } }
}`,
    variables: (p) => ({ text: p.text }),
  },
  neo4jGraphql:
    "n/a: the service's index spans the names of every label and ranks hits of all of them together; the " +
    "library's @fulltext gives one query per type over that type's own index, so one ranking across " +
    'labels is a client-side merge of a query per label, with scores from different indexes.',
  cypher: {
    text: `CALL db.index.fulltext.queryNodes('name_search', $text, {limit: $first}) YIELD node, score
WITH node, score ORDER BY score DESC, node.id
RETURN collect({id: node.id, name: node.name, score: score}) AS hits`,
    params: (p) => ({ text: p.text, first: 10 }),
  },
  canonical: {
    ours: (d) => list(d.search).map((h) => String(obj(h.node).id)),
    neo4jGraphql: () => null,
    cypher: (rows) => list(rows[0]?.hits).map((h) => String(h.id)),
  },
};

// ---------------------------------------------------------------------------------------------------
// 11. A shortest path of at most 6 hops between two enterprises over every relationship but CITES and
// MEASURES (sharing a source or a figure is no link). Which of several shortest paths comes back is the
// planner's choice, so the canonical form is the length (null for none) and the two ends.

export const shortestPath: Shape = {
  name: 'shortestPath',
  title: 'shortest path, at most 6 hops',
  ours: {
    query: `query Path($from: ID!, $to: ID!) {
  shortestPath(from: $from, to: $to, maxDepth: 6) { length nodes { id } links { type from to } }
}`,
    variables: (p) => ({ from: p.enterprise, to: p.other }),
  },
  neo4jGraphql:
    'n/a: the generated API follows named relationships one level per selection; it has no path of ' +
    'variable length over any relationship type and no shortest path.',
  cypher: {
    text: `MATCH (a:Enterprise {id: $from}), (z:Enterprise {id: $to})
OPTIONAL CALL (a, z) { MATCH p = ANY SHORTEST (a)-[:!CITES&!MEASURES]-{0,6}(z) RETURN p }
RETURN CASE WHEN p IS NULL THEN null ELSE {length: length(p), nodes: [x IN nodes(p) | x.id],
  links: [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id}]} END AS path`,
    params: (p) => ({ from: p.enterprise, to: p.other }),
  },
  canonical: {
    ours: (d) => pathForm(d.shortestPath),
    neo4jGraphql: () => null,
    cypher: (rows) => pathForm(rows[0]?.path),
  },
};

function pathForm(path: unknown): unknown {
  if (path === null || path === undefined) return null;
  const p = obj(path);
  const nodes = (Array.isArray(p.nodes) ? (p.nodes as unknown[]) : []).map((n) =>
    typeof n === 'string' ? n : String(obj(n).id),
  );
  return { length: num(p.length), from: nodes[0], to: nodes[nodes.length - 1] };
}
