// The change log (src/history): each change's number is unique and the feed walks it in order; the
// as-of reads and retention find changes by time; the one counter node is found by its id.
CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE;
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
CREATE CONSTRAINT change_log_id IF NOT EXISTS FOR (n:ChangeLog) REQUIRE n.id IS UNIQUE;
// The change gates a writer holds from its record to its commit and the sequencer takes all of before it
// reads what to number (src/history/record.ts, sequencer.ts); each found by its number.
CREATE CONSTRAINT change_gate_n IF NOT EXISTS FOR (n:ChangeGate) REQUIRE n.n IS UNIQUE;
// Leases of the jobs that run in one process of several (src/db/lease.ts), each found by its name.
CREATE CONSTRAINT lease_name IF NOT EXISTS FOR (n:Lease) REQUIRE n.name IS UNIQUE;
