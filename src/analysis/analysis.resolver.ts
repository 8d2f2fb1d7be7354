import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../read/context';
import { CANDIDATES_MAX, FillCandidates, fillCandidates } from './candidates';
import { COMPARE_MAX, compareParks, ParkComparison, PartyCoverage, partyCoverage } from './coverage';
import { chainSnapshot, ChainSnapshot, SegmentGap } from './gaps';
import { chainDiff, ChainDiff } from './diff';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { BlastRadius, blastRadius } from './impact';

/** The planner's questions: what a chain map looks like, where its gaps are. */
@Resolver()
export class AnalysisResolver {
  @Query(() => ChainSnapshot, {
    nullable: true,
    description:
      'Everything a chain map needs in one response: the chain (committee, chain-masters, leaders, partners, projects) ' +
      'and every segment of its type in flow order with its status, local enterprises, projects and score.',
  })
  chainSnapshot(
    @Arg('chainId', () => ID, { description: 'An IndustryChain id, e.g. chain:baiyin-htz.lithium-battery.' })
    chainId: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('asOf', () => GraphQLDateTimeISO, {
      nullable: true,
      description:
        'Answer as the chain stood at this time (not in the future): the changes logged since are undone in a ' +
        'transaction that is rolled back. Null when the chain did not exist then; HISTORY_UNAVAILABLE when an import ' +
        'or the seed since, or the retention (CHANGE_RETENTION_DAYS), hides that time. Now by default.',
    })
    asOf?: Date | null,
  ): Promise<ChainSnapshot | null> {
    return chainSnapshot(ctx, info, chainId, false, asOf);
  }

  @Query(() => ChainDiff, {
    description:
      "What changed on a chain's map between two times: segments whose status moved (gaps closed or opened), " +
      'enterprises of the zone that entered or left a segment, projects whose status moved, each with the changes ' +
      'of the log that did it. Both maps are chainSnapshot as of each time, so the same limits apply.',
  })
  chainDiff(
    @Arg('chainId', () => ID, { description: 'An IndustryChain id.' }) chainId: string,
    @Arg('from', () => GraphQLDateTimeISO, { description: 'The earlier time, not in the future.' })
    from: Date,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('to', () => GraphQLDateTimeISO, {
      nullable: true,
      description: 'The later time, not before `from`; now by default.',
    })
    to?: Date | null,
  ): Promise<ChainDiff> {
    return chainDiff(ctx, info, chainId, from, to);
  }

  @Query(() => [SegmentGap], {
    nullable: true,
    description:
      'The missing and weak links of a chain: every segment of its type with its status (MISSING, WEAK, FILLING, ' +
      'COVERED), the enterprises of the zone covering it, the projects filling it, a score and the gap type.',
  })
  async chainGaps(
    @Arg('chainId', () => ID, { description: 'An IndustryChain id.' }) chainId: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SegmentGap[] | null> {
    return (await chainSnapshot(ctx, info, chainId, true))?.segments ?? null;
  }

  @Query(() => FillCandidates, {
    nullable: true,
    description:
      'Who could fill a segment of a chain: enterprises in other zones that work in it, ranked with the evidence for ' +
      'each (see CandidateEvidence); SIGNED, BUILDING or PRODUCING projects of other zones that fill it, with their zone, ' +
      'investors and evidence (see ProjectCandidate); and institutions with outcomes in it. ' +
      `first: default 10, at most ${CANDIDATES_MAX}.`,
  })
  fillCandidates(
    @Arg('chainId', () => ID, { description: 'The IndustryChain whose segment is to be filled.' })
    chainId: string,
    @Arg('segmentId', () => ID, { description: "A segment of the chain's type." }) segmentId: string,
    @Arg('first', () => Int, {
      defaultValue: 10,
      description: `How many enterprise candidates, and how many project candidates, 1 to ${CANDIDATES_MAX}.`,
    })
    first: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<FillCandidates> {
    return fillCandidates(ctx, info, chainId, segmentId, first);
  }

  @Query(() => BlastRadius, {
    nullable: true,
    description:
      'What its zone loses if this enterprise stops: the segments it alone covers, the segments downstream of them, ' +
      'and the customers left without another supplier in their own zone.',
  })
  blastRadius(
    @Arg('enterpriseId', () => ID, { description: 'The Enterprise that would stop.' }) enterpriseId: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<BlastRadius> {
    return blastRadius(ctx, info, enterpriseId);
  }

  @Query(() => PartyCoverage, {
    nullable: true,
    description:
      'Party-organisation coverage of a chain or a zone as the graph counts it, with the figures the articles report ' +
      'about it beside the counted ones, each labelled REPORTED or COUNTED.',
  })
  partyCoverage(
    @Arg('id', () => ID, { description: 'An IndustryChain or Park id.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<PartyCoverage> {
    return partyCoverage(ctx, info, id);
  }

  @Query(() => [ParkComparison], {
    nullable: true,
    description: `Zones side by side: chains, segments covered, gaps, committees, institutions and reported figures (1 to ${COMPARE_MAX} ids).`,
  })
  compareParks(
    @Arg('ids', () => [ID], { description: `The zones' Park ids, 1 to ${COMPARE_MAX}.` }) ids: string[],
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ParkComparison[]> {
    return compareParks(ctx, info, ids);
  }
}
