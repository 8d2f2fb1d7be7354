/**
 * The six query shapes, each written three ways side by side: (a) this service's GraphQL, (b) the same
 * question in @neo4j/graphql 7's generated API (or why it cannot be asked), and (c) hand-written Cypher
 * for the raw driver. Each shape also says how to reduce an answer of each system to one canonical
 * form, so the integration test can check the three agree before anyone compares their speed.
 */

/** The parameters of one request; every shape takes what it needs from it. */
export interface Params {
  /** An enterprise id (shapes 1 and 5). */
  enterprise: string;
  /** A zone id (shapes 2 and 3). */
  zone: string;
  /** An industry chain id (shapes 4 and 6) and the zone that organises it (what (b) has to be told). */
  chain: string;
  chainZone: string;
}

interface GraphQLRequest {
  query: string;
  variables: (p: Params) => Record<string, unknown>;
}

export interface Shape {
  name: string;
  title: string;
  ours: GraphQLRequest;
  /** A string instead of a request: why @neo4j/graphql cannot express the shape. */
  neo4jGraphql: GraphQLRequest | string;
  cypher: { text: string; params: (p: Params) => Record<string, unknown> };
  /** Canonical answers, comparable with `toEqual`: from (a)'s data, (b)'s data and (c)'s rows. */
  canonical: {
    ours: (data: Record<string, unknown>) => unknown;
    neo4jGraphql: (data: Record<string, unknown>) => unknown;
    cypher: (rows: Record<string, unknown>[]) => unknown;
  };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const ids = (v: unknown): string[] =>
  list(v)
    .map((x) => String(x.id))
    .sort();
const num = (v: unknown): number =>
  typeof v === 'object' && v !== null && 'toNumber' in v
    ? (v as { toNumber(): number }).toNumber()
    : Number(v);

/** "Of the zone": located in the zone or in a park of it, as (b) has to spell it out. */
const IN_ZONE_B =
  '{ parks: { some: { OR: [{ id: { eq: $zone } }, { zone: { some: { id: { eq: $zone } } } }] } } }';

// ---------------------------------------------------------------------------------------------------
// 1. An entity by id: an enterprise with its name, flags, parks and segments.

const entity: Shape = {
  name: 'entity',
  title: 'enterprise by id',
  ours: {
    query: `query Entity($id: ID!) {
  enterprise(id: $id) { id name highTech specialized parks { id name } segments { id name } }
}`,
    variables: (p) => ({ id: p.enterprise }),
  },
  neo4jGraphql: {
    query: `query Entity($id: ID!) {
  enterprises(where: { id: { eq: $id } }) { id name highTech specialized parks { id name } segments { id name } }
}`,
    variables: (p) => ({ id: p.enterprise }),
  },
  cypher: {
    text: `MATCH (e:Enterprise {id: $id})
RETURN e { .id, .name, .highTech, .specialized,
  parks: [(e)-[:LOCATED_IN]->(p:Park) | p { .id, .name }],
  segments: [(e)-[:OPERATES_IN]->(s:ChainSegment) | s { .id, .name }] } AS enterprise`,
    params: (p) => ({ id: p.enterprise }),
  },
  canonical: {
    ours: (d) => canonicalEnterprise(d.enterprise),
    neo4jGraphql: (d) => canonicalEnterprise(list(d.enterprises)[0]),
    cypher: (rows) => canonicalEnterprise(rows[0]?.enterprise),
  },
};

function canonicalEnterprise(v: unknown): unknown {
  if (!v) return null;
  const e = obj(v);
  return {
    id: e.id,
    name: e.name,
    highTech: e.highTech === true,
    specialized: e.specialized === true,
    parks: ids(e.parks),
    segments: ids(e.segments),
  };
}

// ---------------------------------------------------------------------------------------------------
// 2. A filtered list: the high-tech enterprises of a zone (or its parks), first 20 by name, with the total.

const filteredList: Shape = {
  name: 'list',
  title: 'filtered list + totalCount',
  ours: {
    query: `query List($zone: ID!) {
  enterprises(filter: { park: $zone, highTech: true }, first: 20, orderBy: NAME_ASC) { totalCount nodes { id name } }
}`,
    variables: (p) => ({ zone: p.zone }),
  },
  neo4jGraphql: {
    query: `query List($zone: ID!) {
  enterprisesConnection(first: 20, sort: [{ name: ASC }], where: { highTech: { eq: true }, AND: [${IN_ZONE_B}] }) {
    totalCount edges { node { id name } }
  }
}`,
    variables: (p) => ({ zone: p.zone }),
  },
  cypher: {
    text: `MATCH (z:Park {id: $zone})
CALL (z) {
  MATCH (z)<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(e:Enterprise) WHERE e.highTech = true
  RETURN count(DISTINCT e) AS totalCount
}
CALL (z) {
  MATCH (z)<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(e:Enterprise) WHERE e.highTech = true
  WITH DISTINCT e ORDER BY e.name, e.id LIMIT 20
  RETURN collect(e { .id, .name }) AS nodes
}
RETURN totalCount, nodes`,
    params: (p) => ({ zone: p.zone }),
  },
  canonical: {
    ours: (d) => {
      const c = obj(d.enterprises);
      return { totalCount: num(c.totalCount), names: list(c.nodes).map((n) => n.name) };
    },
    neo4jGraphql: (d) => {
      const c = obj(d.enterprisesConnection);
      return { totalCount: num(c.totalCount), names: list(c.edges).map((e) => obj(e.node).name) };
    },
    cypher: (rows) => ({
      totalCount: num(rows[0]?.totalCount ?? 0),
      names: list(rows[0]?.nodes).map((n) => n.name),
    }),
  },
};

// ---------------------------------------------------------------------------------------------------
// 3. Nested three deep: a zone, its chains, each chain's joint committee and chain-masters.

const nested: Shape = {
  name: 'nested',
  title: 'zone > chains > committee, masters',
  ours: {
    query: `query Nested($id: ID!) {
  park(id: $id) { id name chains { id name committee { id name } chainMasters { id name } } }
}`,
    variables: (p) => ({ id: p.zone }),
  },
  neo4jGraphql: {
    query: `query Nested($id: ID!) {
  parks(where: { id: { eq: $id } }) { id name chains { id name committee { id name } chainMasters { id name } } }
}`,
    variables: (p) => ({ id: p.zone }),
  },
  cypher: {
    text: `MATCH (z:Park {id: $id})
RETURN z { .id, .name, chains: [(z)-[:HAS_CHAIN]->(c:IndustryChain) | c { .id, .name,
  committee: [(o:PartyOrganization)-[:GOVERNS]->(c) | o { .id, .name }],
  chainMasters: [(m:Enterprise)-[:CHAIN_MASTER_OF]->(c) | m { .id, .name }] }] } AS park`,
    params: (p) => ({ id: p.zone }),
  },
  canonical: {
    ours: (d) => canonicalZone(d.park, (c) => (c.committee ? [obj(c.committee)] : [])),
    neo4jGraphql: (d) => canonicalZone(list(d.parks)[0], (c) => list(c.committee)),
    cypher: (rows) => canonicalZone(rows[0]?.park, (c) => list(c.committee)),
  },
};

function canonicalZone(v: unknown, committee: (chain: Obj) => Obj[]): unknown {
  if (!v) return null;
  const z = obj(v);
  return {
    id: z.id,
    chains: list(z.chains)
      .map((c) => ({ id: c.id, committee: ids(committee(c)), chainMasters: ids(c.chainMasters) }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id))),
  };
}

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

const snapshot: Shape = {
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

const upstream: Shape = {
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

const gaps: Shape = {
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

export const SHAPES: readonly Shape[] = [entity, filteredList, nested, snapshot, upstream, gaps];

/** The shapes named in a comma-separated list, in the order of SHAPES; all of them for undefined. */
export function selectShapes(names: string | undefined): Shape[] {
  if (!names) return [...SHAPES];
  const wanted = names.split(',').map((n) => n.trim());
  const unknown = wanted.filter((n) => !SHAPES.some((s) => s.name === n));
  if (unknown.length > 0)
    throw new Error(`unknown shape ${unknown.join(', ')}; use ${SHAPES.map((s) => s.name).join(', ')}`);
  return SHAPES.filter((s) => wanted.includes(s.name));
}
