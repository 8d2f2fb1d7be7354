/**
 * Who could fill a gap: enterprises in other zones that work in the segment, ranked by the evidence
 * for them; projects of other zones that fill it (project-candidates.ts); and institutions with
 * research outcomes in it. The score and its parts are computed in
 * the one statement; the ranking's quality is measured by `npm run eval:candidates` (see tools/eval).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AppError } from '../errors';
import type { Context } from '../read/context';
import { requireId, requireRange } from '../read/args';
import { selectionOf } from '../read/compile';
import { entityType, NodeInterface } from '../read/types';
import { fillCandidatesStatement, WEIGHTS } from './statements/candidates';
import { PROJECT_RANKING, ProjectCandidate } from './project-candidates';

export const CANDIDATES_MAX = 50;

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

  @Field({
    description:
      'It is a 专精特新 enterprise. False also when its flag is unknown (null): for the score, unknown earns no bonus.',
  })
  specialized!: boolean;

  @Field({
    description:
      'It is a certified high-tech enterprise. False also when its flag is unknown (null): for the score, unknown earns no bonus.',
  })
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
  @Field(() => entityType('Enterprise'), { description: 'The candidate.' })
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

  @Field(() => [entityType('Outcome')], {
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

  @Field(() => [ProjectCandidate], {
    description:
      'Projects of other zones, SIGNED, BUILDING or PRODUCING, that fill or strengthen the segment (FILLS), ' +
      `with their zone and investors; at most \`first\`. Order: ${PROJECT_RANKING}`,
  })
  projects!: ProjectCandidate[];

  @Field(() => [InstitutionCandidate], { description: 'Developers of outcomes that apply to the segment.' })
  institutions!: InstitutionCandidate[];
}

/** Ranks candidates, enterprises and projects of other zones, to fill a segment of a chain. */
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
  const [row] = await ctx.gateway.read(fillCandidatesStatement(selectionOf(info), chainId, segmentId, first));
  if (!row?.chainFound) throw new AppError('NOT_FOUND', `no IndustryChain has id ${chainId}`);
  if (!row.segmentFound) throw new AppError('NOT_FOUND', `no ChainSegment has id ${segmentId}`);
  if (!row.inType)
    throw new AppError('BAD_USER_INPUT', `${segmentId} is not a segment of the type of ${chainId}`);
  return { enterprises: row.enterprises, projects: row.projects, institutions: row.institutions };
}
