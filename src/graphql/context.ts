import type { Neo4jGateway } from '../db/neo4j';
import type { Caller } from '../server/auth';

/** What every resolver gets: the gateway to Neo4j and who is calling (a role, or anonymous). */
export interface Context {
  gateway: Neo4jGateway;
  caller?: Caller;
}
