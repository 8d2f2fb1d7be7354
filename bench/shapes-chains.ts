/**
 * Shapes 4 to 6 and the map: the chain analyses and a traversal (a snapshot, upstream to depth 3, the
 * gaps, and the counted part of the map page's ChainMap).
 */
import { obj, list, ids, num, IN_ZONE_B, type Obj, type Shape } from './shape';

// ---------------------------------------------------------------------------------------------------
// 4. A chain snapshot: every segment of the chain's type in flow order with the zone's enterprises in it,
// the first 500 by name in each (the service caps every nested list at 500; (b) and (c) are told the same).
// (b) has no notion of "the chain's zone" inside one filter: the client passes the zone id it read before.

/**
 * The chain, its zone, and the zone's firms per segment (`held`), in one pass from the zone and its parks;
 * then every segment of the chain's type with the zone's firms in it (`local`), in flow order.
 */
const ZONE_SEGMENTS = `MATCH (c:IndustryChain {id: $id})
OPTIONAL MATCH (z:Park)-[:HAS_CHAIN]->(c)
CALL (z) {
  OPTIONAL MATCH (z)<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(e:Enterprise)-[:OPERATES_IN]->(s:ChainSegment)
  WITH s, collect(DISTINCT e) AS firms WHERE s IS NOT NULL
  RETURN collect({s: s, firms: firms}) AS held
}
OPTIONAL MATCH (c)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(s:ChainSegment)
WITH c, z, held, s, coalesce(head([x IN held WHERE x.s = s | x.firms]), []) AS local ORDER BY s.order`;

/** The zone's SIGNED or BUILDING projects that fill segment `s`: what makes a segment FILLING. */
const ACTIVE_PROJECTS = `COUNT { MATCH (p:Project)-[:FILLS]->(s) WHERE p.status IN ['SIGNED', 'BUILDING']
    AND EXISTS { (p)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(z) } }`;

/** The status rule of chainGaps (src/analysis/gaps.ts `classify`) on `n` local firms and `active` projects. */
const STATUS = (n: string): string => `CASE WHEN ${n} >= 2 THEN 'COVERED' WHEN active > 0 THEN 'FILLING'
       WHEN ${n} = 1 THEN 'WEAK' ELSE 'MISSING' END`;

/** The segments (a list of maps with a `status`) counted by status, as chainSnapshot's totals. */
const STATUS_TOTALS = `size([s IN segments WHERE s.status = 'COVERED']) AS covered, size([s IN segments WHERE s.status = 'WEAK']) AS weak,
  size([s IN segments WHERE s.status = 'FILLING']) AS filling, size([s IN segments WHERE s.status = 'MISSING']) AS missing`;

/** Per segment of the chain's type: the zone's enterprises and projects, and what the status needs. */
const SEGMENT_COUNTS = (extra: string): string => `${ZONE_SEGMENTS}
WITH c, s, local, ${ACTIVE_PROJECTS} AS active
WITH c, s, local, active, ${STATUS('size(local)')} AS status
${extra}`;

export const snapshot: Shape = {
  name: 'snapshot',
  title: 'chain snapshot',
  growth: true,
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
RETURN c { .id, .name } AS chain, segments, ${STATUS_TOTALS}`),
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
  growth: true,
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

// ---------------------------------------------------------------------------------------------------
// 6b. The map: what the map page asks (web/src/operations.ts CHAIN_MAP) reduced to its counted part,
// per segment the status, gap type, firm count and score, and the totals by status. (c) counts it live;
// the score's definitions are classify()'s (src/analysis/gaps.ts), rounded to 3 decimals the same way.

/** Math.round(x * 1000) / 1000, as classify rounds: Cypher's round() also takes a half upwards. */
const round3 = (x: string): string => `round(${x} * 1000) / 1000`;

export const map: Shape = {
  name: 'map',
  title: 'chain map (counted part)',
  growth: true,
  ours: {
    query: `query Map($id: ID!) {
  chainSnapshot(chainId: $id) {
    covered weak filling missing
    segments { segment { id } status gapType enterpriseCount score { total localScale linkage innovation } }
  }
}`,
    variables: (p) => ({ id: p.chain }),
  },
  neo4jGraphql:
    'n/a: every figure is a count of counts or computed from them. Per segment the client would fetch ' +
    'the local firms and the chain-masters among them (two connection totalCounts under "of the zone"), ' +
    "the outcomes, and each FEEDS neighbour's own local count, then compute the status, gap type, four " +
    "score parts and totals itself: the bench would time the client's arithmetic over a nested fan-out, " +
    'not a question the library answers.',
  cypher: {
    text: `${ZONE_SEGMENTS}
WITH c, s, local, held, ${ACTIVE_PROJECTS} AS active,
  COLLECT { MATCH (s)-[:FEEDS]-(n:ChainSegment) RETURN DISTINCT n } AS neighbours
WITH c, s, active, size(local) AS n,
  size([e IN local WHERE EXISTS { (e)-[:CHAIN_MASTER_OF]->(:IndustryChain) }]) AS masters,
  COUNT { (:Outcome)-[:APPLIES_TO]->(s) } AS outcomes,
  size(neighbours) AS neighbourCount, size([x IN neighbours WHERE any(h IN held WHERE h.s = x)]) AS coveredNeighbours
WITH c, s, n, outcomes, ${STATUS('n')} AS status,
  CASE WHEN (n + masters) / 3.0 < 1 THEN (n + masters) / 3.0 ELSE 1.0 END AS localScale,
  CASE WHEN neighbourCount = 0 THEN 0.0 ELSE toFloat(coveredNeighbours) / neighbourCount END AS linkage,
  CASE WHEN outcomes / 2.0 < 1 THEN outcomes / 2.0 ELSE 1.0 END AS innovation
WITH s, n, status, localScale, linkage, innovation,
  100 * (0.5 * localScale + 0.3 * linkage + 0.2 * innovation) AS total,
  CASE WHEN status = 'COVERED' THEN null WHEN status = 'WEAK' THEN 'SUPPLY'
    WHEN s.stage = 'UPSTREAM' THEN 'UPSTREAM' WHEN s.stage = 'DOWNSTREAM' THEN 'DOWNSTREAM'
    WHEN outcomes = 0 THEN 'TECHNOLOGY' ELSE 'SUPPLY' END AS gapType
  ORDER BY s.order
WITH collect(CASE WHEN s IS NOT NULL THEN { segment: { id: s.id }, status: status, gapType: gapType,
  enterpriseCount: n, score: { total: ${round3('total')}, localScale: ${round3('localScale')},
    linkage: ${round3('linkage')}, innovation: ${round3('innovation')} } } END) AS segments
RETURN segments, ${STATUS_TOTALS}`,
    params: (p) => ({ id: p.chain }),
  },
  canonical: {
    ours: (d) => canonicalMap(obj(d.chainSnapshot)),
    neo4jGraphql: () => null,
    cypher: (rows) => canonicalMap(obj(rows[0])),
  },
};

/** The map as compared: the totals, then per segment in flow order its figures, numbers as numbers. */
function canonicalMap(m: Obj): unknown {
  const score = (x: Obj): Obj => ({
    total: num(x.total),
    localScale: num(x.localScale),
    linkage: num(x.linkage),
    innovation: num(x.innovation),
  });
  return {
    covered: num(m.covered),
    weak: num(m.weak),
    filling: num(m.filling),
    missing: num(m.missing),
    segments: list(m.segments).map((g) => ({
      id: obj(g.segment).id,
      status: g.status,
      gapType: g.gapType ?? null,
      enterpriseCount: num(g.enterpriseCount),
      score: score(obj(g.score)),
    })),
  };
}
