/**
 * The planner's chain map: for each segment of a chain's type, who of the zone covers it, which
 * projects fill it, a score and a gap type. The definitions below are the ones the schema describes;
 * everything counted is counted in Cypher, in the one statement that also projects the answer.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AppError } from '../errors';
import type { Context } from '../read/context';
import { requireId } from '../read/args';
import { NESTED_LIST_LIMIT as NESTED_MAX, selectionOf, type Selection } from '../read/compile';
import { readAsOf } from '../history/undo';
import { entityType } from '../read/types';
import { chainExistsStatement, chainSnapshotStatement, type SegmentRow } from './statements/chain-snapshot';

export enum SegmentStatus {
  MISSING = 'MISSING',
  WEAK = 'WEAK',
  FILLING = 'FILLING',
  COVERED = 'COVERED',
}
registerEnumType(SegmentStatus, {
  name: 'SegmentStatus',
  description:
    'COVERED: two or more enterprises of the zone work in the segment. FILLING: fewer than two, and a SIGNED or ' +
    'BUILDING project of the zone FILLS it. WEAK: exactly one enterprise of the zone (a single point of failure). ' +
    'MISSING: none. "Of the zone" means located in the zone or in a park of it.',
  valuesConfig: {
    MISSING: { description: 'No enterprise of the zone works in the segment, and no project fills it.' },
    WEAK: { description: 'Exactly one enterprise of the zone works in it: a single point of failure.' },
    FILLING: { description: 'Fewer than two, and a SIGNED or BUILDING project of the zone fills it.' },
    COVERED: { description: 'Two or more enterprises of the zone work in it.' },
  },
});

export enum GapType {
  SUPPLY = 'SUPPLY',
  TECHNOLOGY = 'TECHNOLOGY',
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
}
registerEnumType(GapType, {
  name: 'GapType',
  description:
    'Set for every segment that is not COVERED. WEAK: SUPPLY (one local supplier is a supply risk). MISSING or ' +
    "FILLING: UPSTREAM or DOWNSTREAM by the segment's stage; a missing midstream segment is TECHNOLOGY when no " +
    'research outcome applies to it, SUPPLY otherwise.',
  valuesConfig: {
    SUPPLY: {
      description: 'Too few local suppliers: a WEAK segment, or a missing one research already serves.',
    },
    TECHNOLOGY: { description: 'A missing midstream segment no research outcome applies to.' },
    UPSTREAM: { description: 'A missing or filling upstream segment.' },
    DOWNSTREAM: { description: 'A missing or filling downstream segment.' },
  },
});

@ObjectType({
  description:
    'A segment score from 0 to 100: 100 × (0.5 × localScale + 0.3 × linkage + 0.2 × innovation). Each part is from 0 to 1.',
})
export class SegmentScore {
  @Field(() => Float, { description: 'The weighted total, 0 to 100.' })
  total!: number;

  @Field(() => Float, {
    description:
      'min(1, (local enterprises + local chain-masters among them) / 3): how much of the segment the zone holds.',
  })
  localScale!: number;

  @Field(() => Float, {
    description:
      'The share of the directly up- and downstream segments (FEEDS) that have a local enterprise.',
  })
  linkage!: number;

  @Field(() => Float, { description: 'min(1, research outcomes that apply to the segment / 2).' })
  innovation!: number;
}

@ObjectType({ description: 'One segment of a chain map, as a zone covers it.' })
export class SegmentGap {
  @Field(() => entityType('ChainSegment'), { description: 'The segment.' })
  segment!: object;

  @Field(() => SegmentStatus, { description: 'See SegmentStatus for the definitions.' })
  status!: SegmentStatus;

  @Field(() => GapType, { nullable: true, description: 'See GapType; null for a COVERED segment.' })
  gapType?: GapType | null;

  @Field(() => [entityType('Enterprise')], {
    description: `Enterprises of the zone that work in this segment, by name; at most ${NESTED_MAX} (enterpriseCount has them all).`,
  })
  enterprises!: object[];

  @Field(() => Int, { description: 'How many enterprises of the zone work in this segment.' })
  enterpriseCount!: number;

  @Field(() => [entityType('Project')], {
    description: 'Projects of the zone that fill or strengthen this segment, whatever their status.',
  })
  projects!: object[];

  @Field(() => SegmentScore, { description: 'The segment score and its parts.' })
  score!: SegmentScore;
}

@ObjectType({ description: 'Everything a chain map needs, in one response.' })
export class ChainSnapshot {
  @Field(() => entityType('IndustryChain'), {
    description:
      'The chain: select its committee, chain-masters, leaders, partners, projects and indicators here.',
  })
  chain!: object;

  @Field(() => [SegmentGap], {
    description: 'The segments in flow order (upstream first), with their status.',
  })
  segments!: SegmentGap[];

  @Field(() => Int, { description: 'Segments that are MISSING.' })
  missing!: number;

  @Field(() => Int, { description: 'Segments that are WEAK.' })
  weak!: number;

  @Field(() => Int, { description: 'Segments that are FILLING.' })
  filling!: number;

  @Field(() => Int, { description: 'Segments that are COVERED.' })
  covered!: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The status, gap type and score of a segment from its counts, by the definitions in the schema. */
export function classify(
  row: Omit<SegmentRow, 'segment' | 'enterprises' | 'projects'>,
): Omit<SegmentGap, 'segment' | 'enterprises' | 'enterpriseCount' | 'projects'> {
  const status =
    row.local >= 2
      ? SegmentStatus.COVERED
      : row.activeProjects > 0
        ? SegmentStatus.FILLING
        : row.local === 1
          ? SegmentStatus.WEAK
          : SegmentStatus.MISSING;
  let gapType: GapType | null = null;
  if (status === SegmentStatus.WEAK) gapType = GapType.SUPPLY;
  else if (status !== SegmentStatus.COVERED) {
    if (row.stage === 'UPSTREAM') gapType = GapType.UPSTREAM;
    else if (row.stage === 'DOWNSTREAM') gapType = GapType.DOWNSTREAM;
    else gapType = row.outcomes === 0 ? GapType.TECHNOLOGY : GapType.SUPPLY;
  }
  const localScale = Math.min(1, (row.local + row.localMasters) / 3);
  const linkage = row.neighbours === 0 ? 0 : row.coveredNeighbours / row.neighbours;
  const innovation = Math.min(1, row.outcomes / 2);
  const total = 100 * (0.5 * localScale + 0.3 * linkage + 0.2 * innovation);
  return {
    status,
    gapType,
    score: {
      total: round(total),
      localScale: round(localScale),
      linkage: round(linkage),
      innovation: round(innovation),
    },
  };
}

/** A time to answer as of: a past or present one, as ISO text; a future one is refused. */
export function requirePast(name: string, at: Date, now = Date.now()): string {
  if (Number.isNaN(at.getTime())) throw new AppError('BAD_USER_INPUT', `${name} is not a date and time`);
  if (at.getTime() > now)
    throw new AppError('BAD_USER_INPUT', `${name} (${at.toISOString()}) is in the future; the past only`);
  return at.toISOString();
}

/**
 * The chain map of a chain, classified and counted by status: as it stands, or as it stood at `asOf`
 * (null when the chain did not exist then). The present reads the per-segment tallies (aggregates/);
 * `counted` counts the graph instead, as the past always is: the same statement run after the changes
 * since `asOf` were undone, in a transaction that is rolled back (history/undo.ts).
 */
export async function chainSnapshotAt(
  ctx: Context,
  selection: Selection,
  chainId: string,
  options: { gapsOnly?: boolean; asOf?: string | null; counted?: boolean } = {},
): Promise<ChainSnapshot | null> {
  requireId('chainId', chainId, ['IndustryChain']);
  const asOf = options.asOf ?? null;
  // The past is rebuilt by undoing changes, which the tallies do not follow: it is counted.
  const tallied = asOf === null && options.counted !== true && ctx.writes.aggregates;
  const query = chainSnapshotStatement(selection, chainId, options.gapsOnly === true, tallied);
  const [row] =
    asOf === null
      ? await ctx.gateway.read(query)
      : await readAsOf(ctx.gateway, chainId, asOf, (tx) => tx.run(query));
  if (!row?.found) {
    if (asOf !== null && (await chainExists(ctx, chainId))) return null;
    throw new AppError('NOT_FOUND', `no IndustryChain has id ${chainId}`);
  }
  const segments = row.segments.map((s) => ({
    segment: s.segment,
    enterprises: s.enterprises,
    enterpriseCount: s.local,
    projects: s.projects,
    ...classify(s),
  }));
  const count = (status: SegmentStatus): number => segments.filter((s) => s.status === status).length;
  return {
    chain: row.chain,
    segments,
    missing: count(SegmentStatus.MISSING),
    weak: count(SegmentStatus.WEAK),
    filling: count(SegmentStatus.FILLING),
    covered: count(SegmentStatus.COVERED),
  };
}

async function chainExists(ctx: Context, chainId: string): Promise<boolean> {
  const [row] = await ctx.gateway.read(chainExistsStatement(chainId));
  return row?.found === true;
}

/** The chain map of a chain for a resolver: its selection, as it stands or as of a time. */
export async function chainSnapshot(
  ctx: Context,
  info: GraphQLResolveInfo,
  chainId: string,
  gapsOnly = false,
  asOf?: Date | null,
): Promise<ChainSnapshot | null> {
  const at = asOf === undefined || asOf === null ? null : requirePast('asOf', asOf);
  return chainSnapshotAt(ctx, selectionOf(info), chainId, { gapsOnly, asOf: at });
}
