import type { Neo4jGateway } from '../db/neo4j';
import type { Role, WriteSettings } from '../config/config';

/** Who is calling: the role of the API key presented, or anonymous. */
export type Caller = Role | 'anonymous';

/** What every resolver gets: the gateway to Neo4j and who is calling (a role, or anonymous). */
export interface Context {
  gateway: Neo4jGateway;
  /** What writes keep besides themselves, and so what the analyses may read: the service's settings. */
  writes: WriteSettings;
  caller?: Caller;
  /** The key's name (API_KEYS role@name:key), for the change log; never the key. */
  callerName?: string;
  /** The request's Idempotency-Key header, when it has one (see src/mutations/idempotency.ts). */
  idempotencyKey?: string;
  /** Who the key belongs to: a digest of the caller's API key, never the key. */
  callerScope?: string;
}
