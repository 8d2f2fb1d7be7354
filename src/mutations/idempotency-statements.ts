/**
 * The statements behind Idempotency-Key: look a key's record up, claim a key in the mutation's own
 * write transaction, store the transcript of its answer there, and purge expired records.
 */
import type { Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';

/** A key's stored call: what the request was (its fingerprint) and the rows its statements returned. */
export type StoredCall = { fingerprint: string; transcript: string };

/** The unexpired record of a key. */
export const lookupStatement = (id: string): Statement<StoredCall> =>
  statement(
    'idempotency/lookup',
    [
      'MATCH (k:IdempotencyKey {key: $id}) WHERE k.expiresAt > datetime() RETURN k.fingerprint AS fingerprint, k.transcript AS transcript',
    ],
    { id },
  );

/** Deletes up to 1000 expired records, so one purge stays a small transaction. */
export const purgeStatement = (): Statement =>
  statement('idempotency/purge', [
    'MATCH (k:IdempotencyKey) WHERE k.expiresAt <= datetime() WITH k LIMIT 1000 DELETE k',
  ]);

/**
 * Claims a key: replaces an expired record and creates the key's, under its uniqueness constraint,
 * so a concurrent duplicate waits for this transaction and then fails.
 */
export const claimStatement = (id: string, fingerprint: string, ttlSeconds: number): Statement =>
  statement(
    'idempotency/claim',
    [
      'OPTIONAL MATCH (old:IdempotencyKey {key: $id}) WHERE old.expiresAt <= datetime() DELETE old',
      'WITH count(*) AS replaced',
      'CREATE (:IdempotencyKey {key: $id, fingerprint: $fingerprint, createdAt: datetime(),',
      '  expiresAt: datetime() + duration({seconds: $ttl})})',
    ],
    { id, fingerprint, ttl: ttlSeconds },
  );

/** Stores the transcript of the call on the key's record. */
export const storeStatement = (id: string, transcript: string): Statement =>
  statement('idempotency/store', ['MATCH (k:IdempotencyKey {key: $id}) SET k.transcript = $transcript'], {
    id,
    transcript,
  });
