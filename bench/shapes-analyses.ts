/** Shapes 7 to 9: the planner's analyses (Party coverage of a chain, zones side by side, fill candidates). */
import { obj, list, num, type Obj, type Shape } from './shape';

// ---------------------------------------------------------------------------------------------------
// 7. Party coverage of a chain: its enterprises (members and chain-master), how many have a Party
// organisation, how many of those belong to the chain's joint committee.

export const partyCoverage: Shape = {
  name: 'partyCoverage',
  title: 'Party coverage of a chain',
  ours: {
    query: `query Coverage($id: ID!) {
  partyCoverage(id: $id) {
    subject { id } enterprises withPartyOrganization jointCommittees inJointCommittee
    figures { metric value basis }
  }
}`,
    variables: (p) => ({ id: p.chain }),
  },
  neo4jGraphql:
    'n/a: "in the joint committee" is an enterprise whose Party organisation is MEMBER_OF a committee that ' +
    'GOVERNS this same chain; the generated filters cannot refer back to the chain the count starts from ' +
    'except by its id, and "enterprises of the chain" is IN_CHAIN or CHAIN_MASTER_OF counted once, which ' +
    'two connection totalCounts cannot give without double counting a chain-master that is also a member.',
  cypher: {
    text: `MATCH (x:IndustryChain {id: $id})
WITH x, COLLECT { MATCH (e:Enterprise)-[:IN_CHAIN|CHAIN_MASTER_OF]->(x) RETURN DISTINCT e } AS firms,
  COLLECT { MATCH (j:PartyOrganization)-[:GOVERNS]->(x) RETURN j } AS committees
RETURN x.id AS id, size(firms) AS enterprises,
  size([e IN firms WHERE EXISTS { (:PartyOrganization)-[:BELONGS_TO]->(e) }]) AS withOrg,
  size(committees) AS jointCommittees,
  size([e IN firms WHERE EXISTS { (o:PartyOrganization)-[:BELONGS_TO]->(e)
    WHERE EXISTS { (o)-[:MEMBER_OF]->(j) WHERE j IN committees } }]) AS inCommittee,
  // What the counted figures are made of, and the reported ones beside them, as (a) computes them.
  COUNT { MATCH (o:PartyOrganization)-[:BELONGS_TO]->(e:Enterprise) WHERE e IN firms RETURN DISTINCT o } AS orgs,
  size([e IN firms WHERE e.highTech]) AS highTech,
  size([e IN firms WHERE EXISTS { (e)-[:IN_CHAIN|CHAIN_MASTER_OF]->() }]) AS onChains,
  COLLECT { MATCH (i:Indicator)-[:MEASURES]->(x) WITH i ORDER BY i.metric, i.id
    RETURN {metric: i.metric, value: i.value, unit: i.unit} } AS reported`,
    params: (p) => ({ id: p.chain }),
  },
  canonical: {
    ours: (d) => {
      const c = obj(d.partyCoverage);
      return [
        obj(c.subject).id,
        num(c.enterprises),
        num(c.withPartyOrganization),
        num(c.jointCommittees),
        num(c.inJointCommittee),
      ];
    },
    neo4jGraphql: () => null,
    cypher: (rows) => {
      const r = rows[0] ?? {};
      return [r.id, num(r.enterprises), num(r.withOrg), num(r.jointCommittees), num(r.inCommittee)];
    },
  },
};

// ---------------------------------------------------------------------------------------------------
// 8. Three zones side by side: chains, segments of their types and how many are covered (two or more
// enterprises of the zone), weak (one) or gaps (none), committees, institutions, enterprises, figures.

export const compareParks: Shape = {
  name: 'compareParks',
  title: 'three zones side by side',
  ours: {
    query: `query Compare($ids: [ID!]!) {
  compareParks(ids: $ids) {
    park { id } chains segments covered weak gaps committees institutions enterprises indicators { id }
  }
}`,
    variables: (p) => ({ ids: p.zones }),
  },
  neo4jGraphql:
    'n/a: covered, weak and gaps count segments by how many enterprises of the zone work in each (a count ' +
    'of counts, per segment of every chain of the zone); the generated API can count one filtered ' +
    'connection, not group and count the groups, so the client would fetch every segment with its firms.',
  cypher: {
    text: `UNWIND range(0, size($ids) - 1) AS position
MATCH (z:Park {id: $ids[position]})
CALL (z) {
  OPTIONAL MATCH (z)-[:HAS_CHAIN]->(:IndustryChain)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(s:ChainSegment)
  WITH s, COUNT { MATCH (e:Enterprise)-[:OPERATES_IN]->(s)
    WHERE EXISTS { (e)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(z) } } AS local
  RETURN count(s) AS segments, count(CASE WHEN local >= 2 THEN 1 END) AS covered,
    count(CASE WHEN local = 1 THEN 1 END) AS weak, count(CASE WHEN s IS NOT NULL AND local = 0 THEN 1 END) AS gaps
}
RETURN z.id AS id, COUNT { (z)-[:HAS_CHAIN]->(:IndustryChain) } AS chains, segments, covered, weak, gaps,
  COUNT { MATCH (z)-[:HAS_CHAIN]->(:IndustryChain)<-[:GOVERNS]-(j:PartyOrganization) RETURN DISTINCT j } AS committees,
  COUNT { MATCH (i:Institution) WHERE EXISTS { (i)-[:LOCATED_IN|PARTNERS_WITH|TRAINS_FOR]->(:Park)-[:PART_OF]->{0,1}(z) }
    OR EXISTS { (i)-[:PARTNERS_WITH|TRAINS_FOR]->(:IndustryChain)<-[:HAS_CHAIN]-(z) } RETURN DISTINCT i } AS institutions,
  COUNT { MATCH (z)<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(e:Enterprise) RETURN DISTINCT e } AS enterprises,
  COLLECT { MATCH (i:Indicator)-[:MEASURES]->(z) WITH i ORDER BY i.metric, i.id RETURN i.id } AS indicators
ORDER BY position`,
    params: (p) => ({ ids: p.zones }),
  },
  canonical: {
    ours: (d) =>
      list(d.compareParks).map((z) =>
        comparison({ ...z, id: obj(z.park).id, indicators: list(z.indicators).map((i) => i.id) }),
      ),
    neo4jGraphql: () => null,
    cypher: (rows) => rows.map(comparison),
  },
};

const COMPARED = [
  'chains',
  'segments',
  'covered',
  'weak',
  'gaps',
  'committees',
  'institutions',
  'enterprises',
];

function comparison(z: Obj): unknown[] {
  return [z.id, ...COMPARED.map((k) => num(z[k])), z.indicators];
}

// ---------------------------------------------------------------------------------------------------
// 9. Fill candidates for a segment of a chain (first: 10, written into (c)'s LIMITs: a JS number
// parameter reaches Neo4j as a float, which LIMIT refuses): the first 10 enterprises of other zones by score, the
// projects of other zones that fill it, the developers of outcomes that apply to it.
// The score's weights are those the schema states for CandidateEvidence (4, 2, 3, 1.5, 1, 2, 1). This
// file may not import the service's statement builders: they load type-graphql, which the floor (d),
// importing SHAPES, must not pay for.

/** The ranked enterprises of other zones: candidates start from the segment, never from all firms. */
const RANKING = `MATCH (c:IndustryChain {id: $chain})
MATCH (z:Park)-[:HAS_CHAIN]->(c)
MATCH (s:ChainSegment {id: $segment})
CALL (c, z, s) {
  WITH c, z, s, COLLECT { MATCH (z)<-[:PART_OF]-{0,1}(:Park)<-[:LOCATED_IN]-(f:Enterprise)
    WHERE (f)-[:IN_CHAIN|CHAIN_MASTER_OF]->(c)
      OR EXISTS { (f)-[:OPERATES_IN]->(:ChainSegment)<-[:HAS_SEGMENT]-(:ChainType)<-[:OF_TYPE]-(c) }
    RETURN DISTINCT f } AS firms
  WITH c, z, s, firms, COLLECT { UNWIND firms AS f MATCH (f)-[:!CITES&!MEASURES]-(n)
    WHERE NOT n:Source AND NOT n:Indicator RETURN DISTINCT n } AS near
  CALL (s) {
    MATCH (e:Enterprise)-[:OPERATES_IN]->(s) RETURN e
    UNION MATCH (s)-[:FEEDS]->(:ChainSegment)<-[:OPERATES_IN]-(:Enterprise)<-[:SUPPLIES]-(e:Enterprise) RETURN e
    UNION MATCH (s)<-[:FEEDS]-(:ChainSegment)<-[:OPERATES_IN]-(:Enterprise)-[:SUPPLIES]->(e:Enterprise) RETURN e
  }
  WITH c, z, s, e, firms, near WHERE NOT EXISTS { (e)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(z) }
  WITH c, z, e, firms, near, EXISTS { (e)-[:OPERATES_IN]->(s) } AS covers,
    COUNT { (e)-[:SUPPLIES]->(:Enterprise)-[:OPERATES_IN]->(:ChainSegment)<-[:FEEDS]-(s) } +
    COUNT { (e)<-[:SUPPLIES]-(:Enterprise)-[:OPERATES_IN]->(:ChainSegment)-[:FEEDS]->(s) } AS supplyLinks
  WITH e, covers, supplyLinks,
    COLLECT { MATCH (e)-[:!CITES&!MEASURES]-(n) WHERE n IN near RETURN DISTINCT n } AS common,
    COUNT { MATCH (e)-[:PARTNERS_WITH|TRAINS_FOR|TRANSFERS_TO|DEVELOPED]-(i) WHERE (i:Institution OR i:Outcome)
      AND EXISTS { (i)-[:PARTNERS_WITH|TRAINS_FOR|TRANSFERS_TO|DEVELOPED]-(o) WHERE o = c OR o = z OR o IN firms }
      RETURN DISTINCT i } AS partners
  WITH e, 4 * toInteger(covers) + 2 * log(1.0 + supplyLinks)
    + 3 * toInteger(EXISTS { (e)-[:CHAIN_MASTER_OF]->() }) + 1.5 * toInteger(coalesce(e.specialized, false))
    + toInteger(coalesce(e.highTech, false)) + partners
    + 2 * reduce(acc = 0.0, n IN common | acc + 1.0 / log(toFloat(COUNT { (n)-[:!CITES&!MEASURES]-() }) + 1.0)) AS score
  ORDER BY score DESC, e.id LIMIT 10
  RETURN collect({id: e.id, score: score}) AS enterprises
}`;

export const fillCandidates: Shape = {
  name: 'fillCandidates',
  title: 'fill candidates for a segment',
  ours: {
    query: `query Candidates($chain: ID!, $segment: ID!) {
  fillCandidates(chainId: $chain, segmentId: $segment, first: 10) {
    enterprises { enterprise { id } score }
    projects { project { id } }
    institutions { developer { id } }
  }
}`,
    variables: (p) => ({ chain: p.chain, segment: p.segment }),
  },
  neo4jGraphql:
    'n/a: the rank is a weighted score (log of supply links, Adamic-Adar over neighbours shared with the ' +
    "chain's firms, shared partner institutions) computed per candidate; the generated API can filter and " +
    'sort by stored properties only, so the client would fetch every candidate with its neighbourhood.',
  cypher: {
    text: `${RANKING}
OPTIONAL CALL (z, s) {
  MATCH (p:Project)-[f:FILLS]->(s) WHERE p.status IN ['PRODUCING', 'BUILDING', 'SIGNED']
    AND NOT EXISTS { (p)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(z) }
  WITH p, CASE p.status WHEN 'PRODUCING' THEN 0 WHEN 'BUILDING' THEN 1 ELSE 2 END AS rank,
    coalesce(f.basis = 'INFERRED', false) AS inferred
  ORDER BY rank, inferred, p.id LIMIT 10
  RETURN collect(p.id) AS projects
}
OPTIONAL CALL (s) {
  MATCH (d)-[:DEVELOPED]->(o:Outcome)-[:APPLIES_TO]->(s)
  WITH d, count(o) AS outcomes ORDER BY outcomes DESC, d.id
  RETURN collect(d.id) AS institutions
}
RETURN coalesce(enterprises, []) AS enterprises, coalesce(projects, []) AS projects,
  coalesce(institutions, []) AS institutions`,
    params: (p) => ({ chain: p.chain, segment: p.segment }),
  },
  canonical: {
    ours: (d) => {
      const f = obj(d.fillCandidates);
      return candidates(
        list(f.enterprises).map((c) => ({ id: obj(c.enterprise).id, score: c.score })),
        list(f.projects).map((p) => obj(p.project).id),
        list(f.institutions).map((i) => obj(i.developer).id),
      );
    },
    neo4jGraphql: () => null,
    cypher: (rows) => {
      const r = rows[0] ?? {};
      return candidates(
        list(r.enterprises),
        Array.isArray(r.projects) ? (r.projects as unknown[]) : [],
        Array.isArray(r.institutions) ? (r.institutions as unknown[]) : [],
      );
    },
  },
};

/** The ranked ids with their scores to six decimals (a float's last digits may differ in transit). */
function candidates(enterprises: Obj[], projects: unknown[], institutions: unknown[]): unknown {
  return {
    enterprises: enterprises.map((c) => `${String(c.id)}=${num(c.score).toFixed(6)}`),
    projects,
    institutions,
  };
}
