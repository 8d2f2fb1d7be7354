// The aggregates (src/aggregates): a tally is found by its key, and a recount finds an owner's tallies
// by its zone or chain; the one state node is found by its id.
CREATE CONSTRAINT tally_key IF NOT EXISTS FOR (n:Tally) REQUIRE n.key IS UNIQUE;
CREATE INDEX tally_zone IF NOT EXISTS FOR (n:Tally) ON (n.zone);
CREATE INDEX tally_chain IF NOT EXISTS FOR (n:Tally) ON (n.chain);
CREATE CONSTRAINT aggregate_state_id IF NOT EXISTS FOR (n:AggregateState) REQUIRE n.id IS UNIQUE;
