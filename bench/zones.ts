/**
 * The zones the map bench (bench/map.ts) and the growth runs of `npm run bench` measure: the zone of
 * median size and the largest zone, each on its chain with the most enterprises.
 */
import type { Neo4jGateway } from '../src/db/neo4j';

export interface ZoneTarget {
  label: string;
  zone: string;
  /** Enterprises located in the zone or one of its parks. */
  zoneEnterprises: number;
  chain: string;
  /** Enterprises IN_CHAIN of that chain. */
  chainEnterprises: number;
}

/**
 * The zones by their enterprises (located in the zone or one of its parks), each with its chain that has
 * the most enterprises; the median and the largest of those that have a chain.
 */
export async function pickZones(gateway: Neo4jGateway): Promise<{ median: ZoneTarget; largest: ZoneTarget }> {
  const rows = await gateway.read({
    name: 'bench/map-targets',
    cypher: `MATCH (z:Park {kind: 'ZONE'})-[:HAS_CHAIN]->(:IndustryChain)
WITH DISTINCT z
CALL (z) { MATCH (e:Enterprise)-[:LOCATED_IN]->(p:Park) WHERE p = z OR (p)-[:PART_OF]->(z)
  RETURN count(DISTINCT e) AS enterprises }
CALL (z) { MATCH (z)-[:HAS_CHAIN]->(c:IndustryChain)
  RETURN c.id AS chain, COUNT { (:Enterprise)-[:IN_CHAIN]->(c) } AS inChain ORDER BY inChain DESC, chain LIMIT 1 }
RETURN z.id AS zone, enterprises, chain, inChain ORDER BY enterprises, zone`,
  });
  const targets = rows.map((r) => ({
    zone: String(r.zone),
    zoneEnterprises: Number(r.enterprises),
    chain: String(r.chain),
    chainEnterprises: Number(r.inChain),
  }));
  const at = Math.floor((targets.length - 1) / 2);
  const median = targets[at];
  const largest = targets[targets.length - 1];
  if (!median || !largest) throw new Error('the data set has no zone with a chain');
  return {
    median: { label: `median zone (${at + 1} of ${targets.length})`, ...median },
    largest: { label: 'largest zone', ...largest },
  };
}
