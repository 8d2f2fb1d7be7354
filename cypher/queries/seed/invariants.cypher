// The model's invariants over the whole database, checked inside every writing transaction (the seed,
// the small import, every mutation) that adds a relationship of an invariant's type, after its writes,
// so data already in the graph counts too: one
// governing committee per chain, and no cycle in segment flow (FEEDS) or in the Party hierarchy
// (REPORTS_TO). Each column is named by one entry of INVARIANTS (src/import/invariants.ts), which holds
// the same rule's check over an input's rows.
CALL () {
  MATCH (c:IndustryChain)<-[:GOVERNS]-(g:PartyOrganization)
  WITH c, count(g) AS governors
  WHERE governors > 1
  RETURN collect(c.id) AS doublyGoverned
}
CALL () {
  MATCH (s:ChainSegment)
  WHERE EXISTS { (s)-[:FEEDS]->+(s) }
  RETURN collect(s.id) AS feedCycles
}
CALL () {
  MATCH (o:PartyOrganization)
  WHERE EXISTS { (o)-[:REPORTS_TO]->+(o) }
  RETURN collect(o.id) AS reportCycles
}
RETURN doublyGoverned, feedCycles, reportCycles
