/**
 * The statements that rank candidates to fill a segment: the ranking itself (shared with the
 * evaluation, tools/eval, so both rank the same way) and, around it, the developers of outcomes.
 */
import type { Statement } from '../../db/neo4j';
import { statement } from '../../db/cypher-files';
import { fromZone, inZone, ON_CHAIN, PROXIMITY, segmentChains, chainSegments } from '../../db/fragments';
import { CypherBuilder, projectSelected, selectionUnder, type Selection } from '../../read/compile';
import type { EnterpriseCandidate, InstitutionCandidate } from '../candidates';
import type { ProjectCandidate } from '../project-candidates';
import { projectCandidatesCypher } from './project-candidates';

/** Weights of the candidate score; the schema's description of CandidateEvidence states them. */
export const WEIGHTS = {
  coversSegment: 4,
  supplyEvidence: 2,
  chainMaster: 3,
  specialized: 1.5,
  highTech: 1,
  adamicAdar: 2,
  sharedPartner: 1,
} as const;

/** The candidate-ranking statement, shared with the evaluation so both rank the same way. */
export function candidateCypher(enterprise: string, partner: string): string {
  return [
    'OPTIONAL MATCH (c:IndustryChain {id: $chain})',
    'OPTIONAL MATCH (z:Park)-[:HAS_CHAIN]->(c)',
    'OPTIONAL MATCH (s:ChainSegment {id: $segment})',
    `WITH c, z, s, EXISTS { ${chainSegments('c', 's')} } AS inType`,
    'OPTIONAL CALL (c, z, s) {',
    // The chain's firms, gathered from the zone rather than by testing every enterprise.
    `  WITH c, z, s, COLLECT { MATCH ${fromZone('z', 'f:Enterprise')} WHERE (f)-[:${ON_CHAIN}]->(c) OR EXISTS { (f)-[:OPERATES_IN]->${segmentChains(':ChainSegment', 'c')} } RETURN DISTINCT f } AS firms`,
    // What they touch, once per query: a candidate's neighbour is shared when it is one of these. Testing
    // each neighbour's own links against the firms instead cost a scan of the firms for every member of a
    // large node (another zone, a segment) for every candidate, minutes per query at 100k enterprises.
    `  WITH c, z, s, firms, COLLECT { UNWIND firms AS f MATCH (f)-[:${PROXIMITY}]-(n) WHERE NOT n:Source AND NOT n:Indicator RETURN DISTINCT n } AS near`,
    // Candidates start from the segment, never from all enterprises: known members, and firms whose supply
    // links point to it (they supply its downstream firms, or buy from its upstream ones).
    '  CALL (s) {',
    '    MATCH (e:Enterprise)-[:OPERATES_IN]->(s) RETURN e',
    '    UNION MATCH (s)-[:FEEDS]->(:ChainSegment)<-[:OPERATES_IN]-(:Enterprise)<-[:SUPPLIES]-(e:Enterprise) RETURN e',
    '    UNION MATCH (s)<-[:FEEDS]-(:ChainSegment)<-[:OPERATES_IN]-(:Enterprise)-[:SUPPLIES]->(e:Enterprise) RETURN e',
    '  }',
    // Every firm of the chain lies in its zone, so this also leaves them out.
    `  WITH c, z, s, e, firms, near WHERE NOT ${inZone('e', 'z')}`,
    '  WITH c, z, s, e, firms, near, EXISTS { (e)-[:OPERATES_IN]->(s) } AS coversSegment',
    // The evaluation ranks only firms not yet known to be in the segment: the ones a hidden link could be.
    '  WHERE NOT ($predictedOnly AND coversSegment)',
    '  WITH c, z, e, firms, near, coversSegment,',
    '    COUNT { (e)-[:SUPPLIES]->(:Enterprise)-[:OPERATES_IN]->(:ChainSegment)<-[:FEEDS]-(s) } +',
    '    COUNT { (e)<-[:SUPPLIES]-(:Enterprise)-[:OPERATES_IN]->(:ChainSegment)-[:FEEDS]->(s) } AS supplyLinks',
    '  WITH c, z, e, firms, near, coversSegment, supplyLinks,',
    `    COLLECT { MATCH (e)-[:${PROXIMITY}]-(n) WHERE n IN near RETURN DISTINCT n } AS common,`,
    `    COLLECT { MATCH (e)-[:PARTNERS_WITH|TRAINS_FOR|TRANSFERS_TO|DEVELOPED]-(i) WHERE (i:Institution OR i:Outcome) AND EXISTS { (i)-[:PARTNERS_WITH|TRAINS_FOR|TRANSFERS_TO|DEVELOPED]-(o) WHERE o = c OR o = z OR o IN firms } RETURN DISTINCT i } AS partners`,
    '  WITH e, common, partners, coversSegment, supplyLinks,',
    '    EXISTS { (e)-[:CHAIN_MASTER_OF]->() } AS chainMaster, coalesce(e.specialized, false) AS specialized, coalesce(e.highTech, false) AS highTech,',
    `    reduce(acc = 0.0, n IN common | acc + 1.0 / log(toFloat(COUNT { (n)-[:${PROXIMITY}]-() }) + 1.0)) AS adamicAdar`,
    '  WITH e, common, partners, coversSegment, supplyLinks, chainMaster, specialized, highTech, adamicAdar,',
    `    ${WEIGHTS.coversSegment} * toInteger(coversSegment) + ${WEIGHTS.supplyEvidence} * log(1.0 + supplyLinks) + ` +
      `${WEIGHTS.chainMaster} * toInteger(chainMaster) + ${WEIGHTS.specialized} * toInteger(specialized) + ` +
      `${WEIGHTS.highTech} * toInteger(highTech) + ${WEIGHTS.adamicAdar} * adamicAdar + ${WEIGHTS.sharedPartner} * size(partners) AS score`,
    '  ORDER BY score DESC, e.id LIMIT $first',
    `  RETURN collect({enterprise: ${enterprise}, score: score, evidence: {coversSegment: coversSegment, supplyLinks: supplyLinks, chainMaster: chainMaster, specialized: specialized, highTech: highTech, commonNeighbours: size(common), adamicAdar: adamicAdar, sharedPartners: [i IN partners | ${partner}]}}) AS enterprises`,
    '}',
  ].join('\n');
}

/** Whether chain and segment exist and belong together, the ranked firms and the outcome developers. */
export type CandidatesRow = {
  chainFound: boolean;
  segmentFound: boolean;
  inType: boolean;
  enterprises: EnterpriseCandidate[];
  projects: ProjectCandidate[];
  institutions: InstitutionCandidate[];
};

/**
 * The best `first` firms and projects of other zones for the segment, and who developed outcomes that
 * apply to it.
 */
export function fillCandidatesStatement(
  selection: Selection,
  chainId: string,
  segmentId: string,
  first: number,
): Statement<CandidatesRow> {
  const b = new CypherBuilder();
  const under = (...path: string[]): Selection => selectionUnder(selection, 'FillCandidates', path);
  const enterprise = projectSelected(b, 'e', 'Enterprise', under('enterprises', 'enterprise'));
  const partner = projectSelected(
    b,
    'i',
    'Node',
    selectionUnder(under('enterprises', 'evidence'), 'CandidateEvidence', ['sharedPartners']),
  );
  const projects = projectCandidatesCypher(b, {
    project: under('projects', 'project'),
    zone: under('projects', 'zone'),
    investors: under('projects', 'investors'),
    sources: under('projects', 'evidence', 'sources'),
  });
  const developer = projectSelected(b, 'd', 'Node', under('institutions', 'developer'));
  const outcome = projectSelected(b, 'o', 'Outcome', under('institutions', 'outcomes'));
  return statement(
    'analysis/fillCandidates',
    [
      candidateCypher(enterprise, partner),
      ...projects,
      'WITH c, s, inType, enterprises, projects',
      'OPTIONAL CALL (s) {',
      '  MATCH (d)-[:DEVELOPED]->(o:Outcome)-[:APPLIES_TO]->(s)',
      '  WITH d, o ORDER BY o.name, o.id',
      `  WITH d, collect(${outcome}) AS outcomes ORDER BY size(outcomes) DESC, d.id`,
      `  RETURN collect({developer: ${developer}, outcomes: outcomes}) AS institutions`,
      '}',
      'RETURN c IS NOT NULL AS chainFound, s IS NOT NULL AS segmentFound, inType, coalesce(enterprises, []) AS enterprises,',
      '  coalesce(projects, []) AS projects, coalesce(institutions, []) AS institutions',
    ],
    { ...b.params, chain: chainId, segment: segmentId, first, predictedOnly: false },
  );
}
