import { readCypherFolder } from './cypher-files';
import type { Neo4jGateway } from './neo4j';

/**
 * Applies cypher/schema (constraints and indexes). Every statement there uses IF NOT EXISTS, so this is
 * safe at every start; each runs in its own transaction because Neo4j will not mix schema and data.
 */
export async function applySchema(gateway: Neo4jGateway): Promise<number> {
  const statements = readCypherFolder('schema');
  for (const statement of statements) await gateway.schema(statement);
  return statements.length;
}
