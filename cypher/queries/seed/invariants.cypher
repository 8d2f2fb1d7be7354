// The model's invariants over the whole database, checked inside the seed's own transaction after its
// writes, so data already in the graph counts too: one governing committee per chain, and no cycle in
// segment flow (FEEDS) or in the Party hierarchy (REPORTS_TO).
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
