// The aggregates (src/aggregates): a tally is found by its key, and a recount finds an owner's tallies
// by its zone or chain; the one state node is found by its id.
CREATE CONSTRAINT tally_key IF NOT EXISTS FOR (n:Tally) REQUIRE n.key IS UNIQUE;
CREATE INDEX tally_zone IF NOT EXISTS FOR (n:Tally) ON (n.zone);
CREATE INDEX tally_chain IF NOT EXISTS FOR (n:Tally) ON (n.chain);
CREATE CONSTRAINT aggregate_state_id IF NOT EXISTS FOR (n:AggregateState) REQUIRE n.id IS UNIQUE;
// A write's pending delta is read beside its tally by key, and deleted by a recount of its zone or chain.
CREATE INDEX tally_delta_key IF NOT EXISTS FOR (n:TallyDelta) ON (n.key);
CREATE INDEX tally_delta_zone IF NOT EXISTS FOR (n:TallyDelta) ON (n.zone);
CREATE INDEX tally_delta_chain IF NOT EXISTS FOR (n:TallyDelta) ON (n.chain);
// One gate of an owner's stripes is MERGEd by every write that changes its tallies: unique, so two
// writers creating it at once end with one node and both lock the same one.
CREATE CONSTRAINT tally_gate_owner_n IF NOT EXISTS FOR (n:TallyGate) REQUIRE (n.owner, n.n) IS UNIQUE;
