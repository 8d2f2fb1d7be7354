import type { Neo4jConnection } from '../../src/config/config';
import { Neo4jGateway, type Row } from '../../src/db/neo4j';
import { headStatement } from '../../src/history/sequencer';

/** The test database's connection, as global setup provisioned it. */
export function testConnection(): Neo4jConnection {
  const uri = process.env.TEST_DB_URI;
  if (!uri)
    throw new Error('TEST_DB_URI is not set: run the tests through jest, whose global setup starts Neo4j');
  return {
    uri,
    user: process.env.TEST_DB_USER ?? 'neo4j',
    password: process.env.TEST_DB_PASSWORD ?? '',
    database: process.env.TEST_DB_DATABASE ?? 'neo4j',
  };
}

export function testGateway(txTimeoutMs = 10_000): Neo4jGateway {
  return Neo4jGateway.connect(testConnection(), { txTimeoutMs });
}

/** Empties the test database. Only ever pointed at the test connection, never at a user's data. */
export async function resetDatabase(gateway: Neo4jGateway): Promise<void> {
  if (gateway.connection.uri !== testConnection().uri)
    throw new Error('refusing to reset a non-test database');
  await gateway.write({ name: 'test/reset', cypher: 'MATCH (n) DETACH DELETE n' });
}

/**
 * Node and relationship counts of the graph, to show a rejected write changed nothing; the change log's
 * own nodes are not the graph and are counted by `changeCount`, nor are the aggregates' tallies.
 */
export async function graphCounts(gateway: Neo4jGateway): Promise<Row> {
  const [row] = await gateway.read({
    name: 'test/counts',
    cypher:
      'CALL () { MATCH (n) WHERE NOT n:Change AND NOT n:ChangeLog AND NOT n:ChangeGate AND NOT n:Lease AND NOT n:Webhook AND NOT n:Tally AND NOT n:TallyDelta AND NOT n:TallyGate AND NOT n:AggregateState RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
  });
  return row ?? {};
}

/** How many changes the log holds. */
export async function changeCount(gateway: Neo4jGateway): Promise<number> {
  const [row] = await gateway.read({ name: 'test/changes', cypher: 'MATCH (c:Change) RETURN count(c) AS n' });
  return Number(row?.n ?? 0);
}

/**
 * Waits until every committed change has its number: the feed lists a change once the sequencer (run
 * by a test server) numbered it, a few milliseconds after its write. Fails after `ms`.
 */
export async function settled(gateway: Neo4jGateway, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const [state] = await gateway.read(headStatement);
    if (!state?.pending) return;
    if (Date.now() > until) throw new Error(`changes still wait for their numbers after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
