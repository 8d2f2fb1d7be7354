// The lock that serialises the invariant checks of concurrent writes (see cypher/queries/seed/lockInvariants.cypher):
// a uniqueness constraint makes a second transaction creating the same lock node wait for the first to end.
CREATE CONSTRAINT write_lock_name IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.name IS UNIQUE;
