/**
 * Who could fill a gap: enterprises in other zones that work in the segment, ranked by the evidence
 * for them, and institutions with research outcomes in it. The score and its parts are computed in
 * the one statement; the ranking's quality is measured by `npm run eval:candidates` (see tools/eval).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AppError } from '../errors';
import type { Context } from '../read/context';
import { requireId, requireRange } from '../read/args';
import { CypherBuilder, mergeSets, projectNode, selectionOf, subSelection } from '../read/compile';
import { ENTITY_TYPES, NodeInterface } from '../read/types';
import { inZone } from './gaps';

export const CANDIDATES_MAX = 50;

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

@ObjectType({
  description:
    `Why a candidate ranks where it does. score = ${WEIGHTS.coversSegment} × coversSegment + ` +
    `${WEIGHTS.supplyEvidence} × ln(1 + supplyLinks) + ${WEIGHTS.chainMaster} × chainMaster + ` +
    `${WEIGHTS.specialized} × specialized + ${WEIGHTS.highTech} × highTech + ${WEIGHTS.adamicAdar} × adamicAdar + ` +
    `${WEIGHTS.sharedPartner} × (shared partner institutions), booleans counting 1.`,
})
export class CandidateEvidence {
  @Field({
    description:
      'A source says it works in the segment (OPERATES_IN); false for a candidate found by its supply links only.',
  })
  coversSegment!: boolean;

  @Field(() => Int, {
    description:
      'Supply links that point to the segment: it supplies firms of the segments this one feeds, or buys from firms of ' +
      'the segments that feed it.',
  })
  supplyLinks!: number;

  @Field({ description: 'It is chain-master (链主) of some chain.' })
  chainMaster!: boolean;

  @Field({ description: 'It is a 专精特新 enterprise.' })
  specialized!: boolean;

  @Field({ description: 'It is a certified high-tech enterprise.' })
  highTech!: boolean;

  @Field(() => Int, {
    description:
      "Nodes it shares with the chain's enterprises and chain-master (sources and figures do not count).",
  })
  commonNeighbours!: number;

  @Field(() => Float, {
    description: 'Adamic-Adar over those shared nodes: the sum of 1 / ln(1 + degree) of each.',
  })
  adamicAdar!: number;

  @Field(() => [NodeInterface], {
    description: 'Institutions that work with both it and the chain, its zone or its enterprises.',
  })
  sharedPartners!: object[];
}

@ObjectType({ description: 'An enterprise elsewhere that could fill the segment.' })
export class EnterpriseCandidate {
  @Field(() => ENTITY_TYPES.get('Enterprise') as new () => object, { description: 'The candidate.' })
  enterprise!: object;

  @Field(() => Float, { description: 'The rank score; see CandidateEvidence for the formula.' })
  score!: number;

  @Field(() => CandidateEvidence, { description: 'Every part of the score, as counted.' })
  evidence!: CandidateEvidence;
}

@ObjectType({ description: 'An institution (or other developer) with research outcomes in the segment.' })
export class InstitutionCandidate {
  @Field(() => NodeInterface, { description: 'Who developed the outcomes.' })
  developer!: object;

  @Field(() => [ENTITY_TYPES.get('Outcome') as new () => object], {
    description: 'Its outcomes that apply to the segment.',
  })
  outcomes!: object[];
}

@ObjectType({ description: 'Candidates to fill one segment of one chain.' })
export class FillCandidates {
  @Field(() => [EnterpriseCandidate], {
    description: 'Enterprises of other zones working in the segment, best first.',
  })
  enterprises!: EnterpriseCandidate[];

  @Field(() => [InstitutionCandidate], { description: 'Developers of outcomes that apply to the segment.' })
  institutions!: InstitutionCandidate[];
}

/** The relationships that count as graph proximity: everything but provenance and figures. */
export const PROXIMITY = '!CITES&!MEASURES';

/** The candidate-ranking statement, shared with the evaluation so both rank the same way. */
export function candidateCypher(enterprise: string, partner: string): string {
  return [
    'OPTIONAL MATCH (c:IndustryChain {id: $chain})',
    'OPTIONAL MATCH (z:Park)-[:HAS_CHAIN]->(c)',
    'OPTIONAL MATCH (s:ChainSegment {id: $segment})',
    'WITH c, z, s, EXISTS { (c)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(s) } AS inType',
    'OPTIONAL CALL (c, z, s) {',
    `  WITH c, z, s, COLLECT { MATCH (f:Enterprise) WHERE ((f)-[:IN_CHAIN|CHAIN_MASTER_OF]->(c) OR EXISTS { (f)-[:OPERATES_IN]->(:ChainSegment)<-[:HAS_SEGMENT]-(:ChainType)<-[:OF_TYPE]-(c) }) AND ${inZone('f', 'z')} RETURN f } AS firms`,
    // Candidates start from the segment, never from all enterprises: known members, and firms whose supply
    // links point to it (they supply its downstream firms, or buy from its upstream ones).
    '  CALL (s) {',
    '    MATCH (e:Enterprise)-[:OPERATES_IN]->(s) RETURN e',
    '    UNION MATCH (s)-[:FEEDS]->(:ChainSegment)<-[:OPERATES_IN]-(:Enterprise)<-[:SUPPLIES]-(e:Enterprise) RETURN e',
    '    UNION MATCH (s)<-[:FEEDS]-(:ChainSegment)<-[:OPERATES_IN]-(:Enterprise)-[:SUPPLIES]->(e:Enterprise) RETURN e',
    '  }',
    `  WITH c, z, s, e, firms WHERE NOT ${inZone('e', 'z')} AND NOT e IN firms`,
    '  WITH c, z, s, e, firms, EXISTS { (e)-[:OPERATES_IN]->(s) } AS coversSegment',
    // The evaluation ranks only firms not yet known to be in the segment: the ones a hidden link could be.
    '  WHERE NOT ($predictedOnly AND coversSegment)',
    '  WITH c, z, e, firms, coversSegment,',
    '    COUNT { (e)-[:SUPPLIES]->(:Enterprise)-[:OPERATES_IN]->(:ChainSegment)<-[:FEEDS]-(s) } +',
    '    COUNT { (e)<-[:SUPPLIES]-(:Enterprise)-[:OPERATES_IN]->(:ChainSegment)-[:FEEDS]->(s) } AS supplyLinks',
    '  WITH c, z, e, firms, coversSegment, supplyLinks,',
    `    COLLECT { MATCH (e)-[:${PROXIMITY}]-(n) WHERE NOT n:Source AND NOT n:Indicator AND EXISTS { (n)-[:${PROXIMITY}]-(f) WHERE f IN firms } RETURN DISTINCT n } AS common,`,
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

/** Ranks candidates to fill a segment of a chain. */
export async function fillCandidates(
  ctx: Context,
  info: GraphQLResolveInfo,
  chainId: string,
  segmentId: string,
  first: number,
): Promise<FillCandidates> {
  requireId('chainId', chainId, ['IndustryChain']);
  requireId('segmentId', segmentId, ['ChainSegment']);
  requireRange('first', first, 1, CANDIDATES_MAX);
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const sub = (...path: string[]): ReturnType<typeof mergeSets> =>
    mergeSets(subSelection(set, 'FillCandidates', path, fragments));
  const enterprise = projectNode(b, 'e', 'Enterprise', sub('enterprises', 'enterprise'), fragments);
  const partner = projectNode(
    b,
    'i',
    'Node',
    mergeSets(
      subSelection(sub('enterprises', 'evidence'), 'CandidateEvidence', ['sharedPartners'], fragments),
    ),
    fragments,
  );
  const developer = projectNode(b, 'd', 'Node', sub('institutions', 'developer'), fragments);
  const outcome = projectNode(b, 'o', 'Outcome', sub('institutions', 'outcomes'), fragments);
  const [row] = await ctx.gateway.read({
    name: 'analysis/fillCandidates',
    cypher: [
      candidateCypher(enterprise, partner),
      'WITH c, s, inType, enterprises',
      'OPTIONAL CALL (s) {',
      '  MATCH (d)-[:DEVELOPED]->(o:Outcome)-[:APPLIES_TO]->(s)',
      '  WITH d, o ORDER BY o.name, o.id',
      `  WITH d, collect(${outcome}) AS outcomes ORDER BY size(outcomes) DESC, d.id`,
      `  RETURN collect({developer: ${developer}, outcomes: outcomes}) AS institutions`,
      '}',
      'RETURN c IS NOT NULL AS chainFound, s IS NOT NULL AS segmentFound, inType, coalesce(enterprises, []) AS enterprises, coalesce(institutions, []) AS institutions',
    ].join('\n'),
    params: { ...b.params, chain: chainId, segment: segmentId, first, predictedOnly: false },
  });
  if (!row?.chainFound) throw new AppError('NOT_FOUND', `no IndustryChain has id ${chainId}`);
  if (!row.segmentFound) throw new AppError('NOT_FOUND', `no ChainSegment has id ${segmentId}`);
  if (!row.inType)
    throw new AppError('BAD_USER_INPUT', `${segmentId} is not a segment of the type of ${chainId}`);
  return {
    enterprises: row.enterprises as EnterpriseCandidate[],
    institutions: row.institutions as InstitutionCandidate[],
  };
}
