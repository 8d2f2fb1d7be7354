/** Shapes 4 to 6: the chain analyses and a traversal (a snapshot, upstream to depth 3, the gaps). */
import { obj, list, ids, num, IN_ZONE_B, type Obj, type Shape } from './shape';

// ---------------------------------------------------------------------------------------------------
// 4. A chain snapshot: every segment of the chain's type in flow order with the zone's enterprises in it,
// the first 500 by name in each (the service caps every nested list at 500; (b) and (c) are told the same).
// (b) has no notion of "the chain's zone" inside one filter: the client passes the zone id it read before.

/** Per segment of the chain's type: the zone's enterprises and projects, and what the status needs. */
const SEGMENT_COUNTS = (extra: string): string => `MATCH (c:IndustryChain {id: $id})
OPTIONAL MATCH (z:Park)-[:HAS_CHAIN]->(c)
// The zone's firms per segment, in one pass from the zone and its parks.
CALL (z) {
  OPTIONAL MATCH (z)<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(e:Enterprise)-[:OPERATES_IN]->(s:ChainSegment)
  WITH s, collect(DISTINCT e) AS firms WHERE s IS NOT NULL
  RETURN collect({s: s, firms: firms}) AS held
}
OPTIONAL MATCH (c)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(s:ChainSegment)
WITH c, z, s, coalesce(head([x IN held WHERE x.s = s | x.firms]), []) AS local ORDER BY s.order
WITH c, s, local,
  COUNT { MATCH (p:Project)-[:FILLS]->(s) WHERE p.status IN ['SIGNED', 'BUILDING']
    AND EXISTS { (p)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(z) } } AS active
WITH c, s, local, active,
  CASE WHEN size(local) >= 2 THEN 'COVERED' WHEN active > 0 THEN 'FILLING'
       WHEN size(local) = 1 THEN 'WEAK' ELSE 'MISSING' END AS status
${extra}`;

export const snapshot: Shape = {
  name: 'snapshot',
  title: 'chain snapshot',
  ours: {
    query: `query Snapshot($id: ID!) {
  chainSnapshot(chainId: $id) {
    chain { id name } covered weak filling missing
    segments { segment { id name } status enterprises { id name } }
  }
}`,
    variables: (p) => ({ id: p.chain }),
  },
  neo4jGraphql: {
    query: `query Snapshot($id: ID!, $zone: ID!) {
  industryChains(where: { id: { eq: $id } }) {
    id name
    chainType {
      segments(sort: [{ order: ASC }]) {
        id name enterprises(where: ${IN_ZONE_B}, sort: [{ name: ASC }, { id: ASC }], limit: 500) { id name }
      }
    }
  }
}`,
    variables: (p) => ({ id: p.chain, zone: p.chainZone }),
  },
  cypher: {
    text: SEGMENT_COUNTS(`WITH c, collect(CASE WHEN s IS NOT NULL THEN
  s { .id, .name, status: status,
    enterprises: COLLECT { UNWIND local AS e WITH e ORDER BY e.name, e.id LIMIT 500 RETURN e { .id, .name } } } END) AS segments
RETURN c { .id, .name } AS chain, segments,
  size([s IN segments WHERE s.status = 'COVERED']) AS covered, size([s IN segments WHERE s.status = 'WEAK']) AS weak,
  size([s IN segments WHERE s.status = 'FILLING']) AS filling, size([s IN segments WHERE s.status = 'MISSING']) AS missing`),
    params: (p) => ({ id: p.chain }),
  },
  canonical: {
    ours: (d) => {
      const s = obj(d.chainSnapshot);
      return {
        chain: obj(s.chain).id,
        segments: list(s.segments).map((g) => ({ id: obj(g.segment).id, enterprises: ids(g.enterprises) })),
      };
    },
    neo4jGraphql: (d) => {
      const c = obj(list(d.industryChains)[0]);
      return {
        chain: c.id,
        segments: list(obj(list(c.chainType)[0]).segments).map((s) => ({
          id: s.id,
          enterprises: ids(s.enterprises),
        })),
      };
    },
    cypher: (rows) => ({
      chain: obj(rows[0]?.chain).id,
      segments: list(rows[0]?.segments).map((s) => ({ id: s.id, enterprises: ids(s.enterprises) })),
    }),
  },
};

// ---------------------------------------------------------------------------------------------------
// 5. Upstream to depth 3 from an enterprise: its segments' upstream segments (FEEDS) and its suppliers'
// suppliers (SUPPLIES), each with its shortest distance.

export const upstream: Shape = {
  name: 'upstream',
  title: 'upstream, depth 3',
  ours: {
    query: `query Upstream($id: ID!) {
  supplyChain(id: $id, direction: UPSTREAM, depth: 3) { distance via node { id } }
}`,
    variables: (p) => ({ id: p.enterprise }),
  },
  neo4jGraphql:
    'n/a: the generated API follows a fixed number of named hops per selection level; it has no ' +
    'variable-length path (1..3 hops) and no shortest distance. Nesting suppliers { suppliers { suppliers } } ' +
    'returns trees with repeats, not the set of nodes with their distances, and grows with the fan-in.',
  cypher: {
    text: `MATCH (x:Enterprise {id: $id})
CALL (x) {
  MATCH (x)-[:OPERATES_IN]->(s0:ChainSegment)
  MATCH p = ANY SHORTEST (s0)<-[:FEEDS]-{1,3}(node:ChainSegment)
  RETURN node, length(p) AS distance, 'FEEDS' AS via
  UNION ALL
  MATCH p = ANY SHORTEST (x)<-[:SUPPLIES]-{1,3}(node:Enterprise) WHERE node <> x
  RETURN node, length(p) AS distance, 'SUPPLIES' AS via
}
WITH node, min(distance) AS distance, head(collect(via)) AS via ORDER BY distance, node.id
RETURN collect({ id: node.id, distance: distance, via: via }) AS steps`,
    params: (p) => ({ id: p.enterprise }),
  },
  canonical: {
    ours: (d) => canonicalSteps(list(d.supplyChain).map((s) => ({ ...s, id: obj(s.node).id }))),
    neo4jGraphql: () => null,
    cypher: (rows) => canonicalSteps(list(rows[0]?.steps)),
  },
};

function canonicalSteps(steps: Obj[]): string[] {
  return steps.map((s) => `${String(s.id)}@${num(s.distance)}`).sort();
}

// ---------------------------------------------------------------------------------------------------
// 6. Chain gaps: each segment's status. (b) can count with connection totalCount under filters, given the
// chain's zone id from the client; the client then applies the status rule, as (a) does in its resolver.

export const gaps: Shape = {
  name: 'gaps',
  title: 'chain gaps (statuses)',
  ours: {
    query: `query Gaps($id: ID!) {
  chainGaps(chainId: $id) { segment { id } status }
}`,
    variables: (p) => ({ id: p.chain }),
  },
  neo4jGraphql: {
    query: `query Gaps($id: ID!, $zone: ID!) {
  industryChains(where: { id: { eq: $id } }) {
    chainType {
      segments(sort: [{ order: ASC }]) {
        id
        local: enterprisesConnection(where: { node: ${IN_ZONE_B} }) { totalCount }
        active: projectsConnection(where: { node: { status: { in: ["SIGNED", "BUILDING"] }, AND: [${IN_ZONE_B}] } }) { totalCount }
      }
    }
  }
}`,
    variables: (p) => ({ id: p.chain, zone: p.chainZone }),
  },
  cypher: {
    text: SEGMENT_COUNTS(
      'RETURN collect(CASE WHEN s IS NOT NULL THEN { id: s.id, status: status } END) AS segments',
    ),
    params: (p) => ({ id: p.chain }),
  },
  canonical: {
    ours: (d) => list(d.chainGaps).map((g) => ({ id: obj(g.segment).id, status: g.status })),
    neo4jGraphql: (d) =>
      list(obj(list(obj(list(d.industryChains)[0]).chainType)[0]).segments).map((s) => ({
        id: s.id,
        status: statusOf(num(obj(s.local).totalCount), num(obj(s.active).totalCount)),
      })),
    cypher: (rows) => list(rows[0]?.segments).map((s) => ({ id: s.id, status: s.status })),
  },
};

/** The status rule of chainGaps (src/analysis/gaps.ts), applied by a (b) client to the counts. */
function statusOf(local: number, activeProjects: number): string {
  if (local >= 2) return 'COVERED';
  if (activeProjects > 0) return 'FILLING';
  return local === 1 ? 'WEAK' : 'MISSING';
}
