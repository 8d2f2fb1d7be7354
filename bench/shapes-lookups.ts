/** Shapes 1 to 3: look-ups and lists (an entity by id, a filtered list, a nested zone). */
import { obj, list, ids, num, IN_ZONE_B, type Obj, type Shape } from './shape';

// ---------------------------------------------------------------------------------------------------
// 1. An entity by id: an enterprise with its name, flags, parks and segments.

export const entity: Shape = {
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

export const filteredList: Shape = {
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

export const nested: Shape = {
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
