import type { Neo4jGateway } from '../db/neo4j';

/** What every resolver gets: the gateway to Neo4j. Per-request state (auth, counters) joins it later. */
export interface Context {
  gateway: Neo4jGateway;
}
