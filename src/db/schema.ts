import { readCypherFolder, statement } from './cypher-files';
import type { Neo4jGateway } from './neo4j';

/** The name a `CREATE CONSTRAINT|INDEX name IF NOT EXISTS` statement gives its constraint or index. */
export function schemaObjectName(cypher: string): string | undefined {
  return /CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)\s+IF\s+NOT\s+EXISTS/i.exec(cypher)?.[1];
}

/**
 * Applies cypher/schema (constraints and indexes). Every statement there uses IF NOT EXISTS, so this is
 * safe at every start; each runs in its own transaction because Neo4j will not mix schema and data.
 * Names the database already has are skipped after one look-up: running the 23 statements anyway took
 * about half a second of every start, most of the cold start budget.
 */
export async function applySchema(gateway: Neo4jGateway): Promise<number> {
  const statements = readCypherFolder('schema');
  const existing = new Set<string>();
  // SHOW commands cannot be combined with UNION, hence two reads.
  for (const kind of ['INDEXES', 'CONSTRAINTS']) {
    const rows = await gateway.read(
      statement<{ name: string }>(`schema/existing/${kind.toLowerCase()}`, [
        `SHOW ${kind} YIELD name RETURN name`,
      ]),
    );
    for (const row of rows) existing.add(row.name);
  }
  for (const file of statements) {
    const name = schemaObjectName(file.cypher);
    if (name === undefined || !existing.has(name)) await gateway.schema(file);
  }
  return statements.length;
}
