// The model's invariants, checked inside every writing transaction (the seed, the small import, every
// mutation) that adds a relationship of an invariant's type, after its writes, over what those added
// relationships can break ($added: maps of type, from and to): the database kept every rule before the
// write, so a new violation must involve an added relationship. Its cost follows what the write touches,
// not the size of the graph. Each column is named by one entry of INVARIANTS (src/import/invariants.ts),
// which holds the same rule's check over an input's rows.
//
// One governing committee per chain: the chains the added GOVERNS name.
CALL () {
  UNWIND $added AS e
  WITH e
  WHERE e.type = 'GOVERNS'
  WITH DISTINCT e.to AS chain
  MATCH (c:IndustryChain {id: chain})<-[:GOVERNS]-(g:PartyOrganization)
  WITH c, g ORDER BY g.id
  WITH c, collect(g.id) AS governors
  WHERE size(governors) > 1
  RETURN collect({chain: c.id, governors: governors}) AS doublyGoverned
}
// No cycle in segment flow or in the Party hierarchy: an added a -> b lies on a cycle exactly when b
// reaches a. SHORTEST 1 is a breadth-first search that stops at a, where the quantified pattern of
// `EXISTS { (s)-[:FEEDS]->+(s) }` enumerated paths (past 120 s on a DAG of 346 segments and 2,843
// edges; this takes under a second for all of them). The path found names the cycle.
CALL () {
  UNWIND $added AS e
  WITH e
  WHERE e.type = 'FEEDS'
  MATCH (a:ChainSegment {id: e.from}), (b:ChainSegment {id: e.to})
  MATCH p = SHORTEST 1 (b)-[:FEEDS]->+(a)
  RETURN collect({from: a.id, to: b.id, cycle: [a.id] + [n IN nodes(p) | n.id]}) AS feedCycles
}
CALL () {
  UNWIND $added AS e
  WITH e
  WHERE e.type = 'REPORTS_TO'
  MATCH (a:PartyOrganization {id: e.from}), (b:PartyOrganization {id: e.to})
  MATCH p = SHORTEST 1 (b)-[:REPORTS_TO]->+(a)
  RETURN collect({from: a.id, to: b.id, cycle: [a.id] + [n IN nodes(p) | n.id]}) AS reportCycles
}
RETURN doublyGoverned, feedCycles, reportCycles
