import type { Neo4jGateway } from '../../src/db/neo4j';
import { COUNTERS, type Counts } from '../../src/aggregates/tally';

/** A tally as compared: its key and counters. */
export type Tallies = Map<string, Counts>;

const zero = (): Counts => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts;

/**
 * Every aggregate counted afresh, the naive way: one plain aggregation per kind of tally, written apart
 * from the service's facts and rows (src/aggregates), with the older variable-length syntax, so a
 * mistake in one is not repeated in the other.
 */
export async function countedTallies(gateway: Neo4jGateway): Promise<Tallies> {
  const out: Tallies = new Map();
  const put = (key: string, counts: Partial<Counts>): void => {
    const held = out.get(key) ?? zero();
    for (const [k, v] of Object.entries(counts)) held[k as keyof Counts] += Number(v);
    out.set(key, held);
  };
  const read = async (name: string, cypher: string): Promise<Record<string, unknown>[]> =>
    gateway.read<Record<string, unknown>>({ name: `test/oracle/${name}`, cypher });
  for (const r of await read(
    'zone-segment-firms',
    `MATCH (e:Enterprise)-[:LOCATED_IN]->(:Park)-[:PART_OF*0..1]->(z:Park), (e)-[:OPERATES_IN]->(s:ChainSegment)
     WITH DISTINCT z, s, e
     RETURN 'zs:' + z.id + '|' + s.id AS key, count(e) AS firms,
       sum(CASE WHEN size([(e)-[:CHAIN_MASTER_OF]->(c:IndustryChain) | c]) > 0 THEN 1 ELSE 0 END) AS masters,
       sum(CASE WHEN e.specialized = true THEN 1 ELSE 0 END) AS specialized,
       sum(CASE WHEN e.highTech = true THEN 1 ELSE 0 END) AS highTech,
       sum(CASE WHEN size([(o:PartyOrganization)-[:BELONGS_TO]->(e) | o]) > 0 THEN 1 ELSE 0 END) AS withOrg`,
  ))
    put(String(r.key), r);
  for (const r of await read(
    'zone-segment-projects',
    `MATCH (p:Project)-[:LOCATED_IN]->(:Park)-[:PART_OF*0..1]->(z:Park), (p)-[:FILLS]->(s:ChainSegment)
     WITH DISTINCT z, s, p
     RETURN 'zs:' + z.id + '|' + s.id AS key, count(p) AS projects,
       sum(CASE WHEN p.status = 'SIGNED' THEN 1 ELSE 0 END) AS signed,
       sum(CASE WHEN p.status = 'BUILDING' THEN 1 ELSE 0 END) AS building,
       sum(CASE WHEN p.status = 'PRODUCING' THEN 1 ELSE 0 END) AS producing`,
  ))
    put(String(r.key), r);
  for (const r of await read(
    'zones',
    `MATCH (e:Enterprise)-[:LOCATED_IN]->(:Park)-[:PART_OF*0..1]->(z:Park)
     WITH DISTINCT z, e
     WITH z, e,
       size([(o:PartyOrganization)-[:BELONGS_TO]->(e) | o]) > 0 AS hasOrg,
       size([(o:PartyOrganization)-[:BELONGS_TO]->(e) WHERE size([(o)-[:MEMBER_OF]->(j:PartyOrganization)-[:GOVERNS]->(c:IndustryChain)<-[:HAS_CHAIN]-(z) | j]) > 0 | o]) > 0 AS inCommittee
     RETURN 'z:' + z.id AS key, count(e) AS firms,
       sum(CASE WHEN hasOrg THEN 1 ELSE 0 END) AS withOrg,
       sum(CASE WHEN e.highTech = true THEN 1 ELSE 0 END) AS highTech,
       sum(CASE WHEN size([(e)-[:IN_CHAIN|CHAIN_MASTER_OF]->(c:IndustryChain) | c]) > 0 THEN 1 ELSE 0 END) AS onChains,
       sum(CASE WHEN inCommittee THEN 1 ELSE 0 END) AS inCommittee`,
  ))
    put(String(r.key), r);
  for (const r of await read(
    'zone-orgs',
    `MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e:Enterprise)-[:LOCATED_IN]->(:Park)-[:PART_OF*0..1]->(z:Park)
     RETURN 'z:' + z.id AS key, count(DISTINCT o) AS orgs`,
  ))
    put(String(r.key), r);
  for (const r of await read(
    'chains',
    `MATCH (e:Enterprise)-[:IN_CHAIN|CHAIN_MASTER_OF]->(c:IndustryChain)
     WITH DISTINCT c, e
     WITH c, e,
       size([(o:PartyOrganization)-[:BELONGS_TO]->(e) | o]) > 0 AS hasOrg,
       size([(o:PartyOrganization)-[:BELONGS_TO]->(e) WHERE size([(o)-[:MEMBER_OF]->(j:PartyOrganization)-[:GOVERNS]->(c) | j]) > 0 | o]) > 0 AS inCommittee
     RETURN 'c:' + c.id AS key, count(e) AS firms,
       sum(CASE WHEN hasOrg THEN 1 ELSE 0 END) AS withOrg,
       sum(CASE WHEN e.highTech = true THEN 1 ELSE 0 END) AS highTech,
       sum(CASE WHEN inCommittee THEN 1 ELSE 0 END) AS inCommittee`,
  ))
    put(String(r.key), r);
  for (const r of await read(
    'chain-orgs',
    `MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e:Enterprise)-[:IN_CHAIN|CHAIN_MASTER_OF]->(c:IndustryChain)
     RETURN 'c:' + c.id AS key, count(DISTINCT o) AS orgs`,
  ))
    put(String(r.key), r);
  return out;
}

/**
 * Every tally as the service answers it: the stored tally plus its pending deltas (`pending: false`, the
 * stored tallies alone). With the deltas, a key that sums to nothing is left out, as a count leaves it
 * (a tally of one firm and that firm's removal, pending); without them, a stored tally that counts
 * nothing is kept, for the comparison to find.
 */
export async function storedTallies(gateway: Neo4jGateway, pending = true): Promise<Tallies> {
  const rows = await gateway.read<{ key: string; counts: Record<string, unknown> }>({
    name: 'test/oracle/stored',
    cypher: `CALL () { MATCH (t:Tally) RETURN t${pending ? ' UNION ALL MATCH (t:TallyDelta) RETURN t' : ''} }
      RETURN t.key AS key, {${COUNTERS.map((c) => `${c}: sum(t.${c})`).join(', ')}} AS counts`,
  });
  const out: Tallies = new Map();
  for (const r of rows) {
    const counts = Object.fromEntries(COUNTERS.map((c) => [c, Number(r.counts[c] ?? 0)])) as Counts;
    if (!pending || COUNTERS.some((c) => counts[c] !== 0)) out.set(r.key, counts);
  }
  return out;
}

/** How many deltas are pending, not yet folded. */
export async function pendingDeltas(gateway: Neo4jGateway): Promise<number> {
  const [row] = await gateway.read<{ n: number }>({
    name: 'test/oracle/pending',
    cypher: 'MATCH (d:TallyDelta) RETURN count(d) AS n',
  });
  return Number(row?.n ?? 0);
}

/** The keys on which two sets of tallies disagree, each with both sides: empty when they agree. */
export function differences(
  stored: Tallies,
  counted: Tallies,
): { key: string; stored?: Counts; counted?: Counts }[] {
  const out: { key: string; stored?: Counts; counted?: Counts }[] = [];
  for (const key of new Set([...stored.keys(), ...counted.keys()])) {
    const s = stored.get(key);
    const c = counted.get(key);
    if (!s || !c || COUNTERS.some((k) => s[k] !== c[k])) out.push({ key, stored: s, counted: c });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
