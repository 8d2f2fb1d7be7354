// The lock that serialises the invariant checks of concurrent writes (see cypher/queries/seed/lockInvariants.cypher):
// a uniqueness constraint makes a second transaction creating the same lock node wait for the first to end.
CREATE CONSTRAINT write_lock_name IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.name IS UNIQUE;
// Idempotency keys of mutations (src/mutations/idempotency.ts): one record per caller, key and field, claimed
// under this constraint so that of concurrent duplicates one applies; expired records are purged by date.
CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.key IS UNIQUE;
CREATE INDEX idempotency_key_expiry IF NOT EXISTS FOR (n:IdempotencyKey) ON (n.expiresAt);
