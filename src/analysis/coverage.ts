/**
 * Party-organisation coverage of a chain or a zone, counted in the graph, beside the figures the
 * articles report about the same subject, each labelled REPORTED or COUNTED; and zones side by side.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AppError } from '../errors';
import type { Context } from '../read/context';
import { requireId } from '../read/args';
import { selectionOf } from '../read/compile';
import { entityType, NodeInterface } from '../read/types';
import { compareParksStatement, partyCoverageStatement } from './statements/coverage';

export enum FigureBasis {
  REPORTED = 'REPORTED',
  COUNTED = 'COUNTED',
}
registerEnumType(FigureBasis, {
  name: 'FigureBasis',
  description: 'REPORTED: a figure an article gives (an Indicator). COUNTED: what the graph itself holds.',
  valuesConfig: {
    REPORTED: { description: 'A figure an article gives, read from an Indicator.' },
    COUNTED: { description: 'Counted in the graph by this service.' },
  },
});

@ObjectType({ description: 'A figure about a subject, reported by an article or counted in the graph.' })
export class Figure {
  @Field({ description: 'The metric key; reported and counted figures of the same meaning share it.' })
  metric!: string;

  @Field({ description: 'What the figure is.' })
  name!: string;

  @Field(() => Float, { description: 'The value, in the unit.' })
  value!: number;

  @Field({ description: 'The unit.' })
  unit!: string;

  @Field(() => FigureBasis, { description: 'Whether an article reports it or the graph counts it.' })
  basis!: FigureBasis;

  @Field(() => String, { nullable: true, description: 'For a reported figure, the date it refers to.' })
  date?: string | null;

  @Field(() => entityType('Indicator'), {
    nullable: true,
    description: 'For a reported figure, the indicator with its quote and source.',
  })
  indicator?: object | null;
}

@ObjectType({
  description:
    'Party-organisation coverage, as counted in the graph. For a chain, its enterprises are those on it (IN_CHAIN or ' +
    'chain-master); for a zone, those located in it or its parks.',
})
export class PartyCoverage {
  @Field(() => NodeInterface, { description: 'The chain or zone.' })
  subject!: object;

  @Field(() => Int, { description: 'Enterprises counted.' })
  enterprises!: number;

  @Field(() => Int, { description: 'Of those, the ones with a Party organisation (BELONGS_TO).' })
  withPartyOrganization!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'withPartyOrganization / enterprises; null when there are none.',
  })
  partyOrganizationShare?: number | null;

  @Field(() => Int, { description: "Joint committees governing the chain, or the zone's chains." })
  jointCommittees!: number;

  @Field(() => Int, {
    description: 'Enterprises whose Party organisation is a member (MEMBER_OF) of such a committee.',
  })
  inJointCommittee!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'inJointCommittee / enterprises; null when there are none.',
  })
  jointCommitteeShare?: number | null;

  @Field(() => [Figure], {
    description:
      'Reported figures about the subject beside the counted ones, by metric. The counted high_tech_enterprises ' +
      'counts the firms whose flag is true; a firm whose flag is unknown (null) is counted neither way.',
  })
  figures!: Figure[];
}

/** Party-organisation coverage of a chain or a zone, counted, beside the figures reported about it. */
export async function partyCoverage(
  ctx: Context,
  info: GraphQLResolveInfo,
  id: string,
): Promise<PartyCoverage> {
  const isChain = requireId('id', id, ['IndustryChain', 'Park']) === 'IndustryChain';
  const [row] = await ctx.gateway.read(
    partyCoverageStatement(selectionOf(info), id, isChain, ctx.writes.aggregates),
  );
  if (!row?.found) throw new AppError('NOT_FOUND', `no ${isChain ? 'IndustryChain' : 'Park'} has id ${id}`);
  const enterprises = row.enterprises;
  const share = (n: number): number | null =>
    enterprises === 0 ? null : Math.round((n / enterprises) * 10000) / 10000;
  const counted = (metric: string, name: string, value: number, unit: string): Figure => ({
    metric,
    name,
    value,
    unit,
    basis: FigureBasis.COUNTED,
    date: null,
    indicator: null,
  });
  const figures: Figure[] = [
    counted(
      isChain ? 'chain_enterprises' : 'enterprises',
      '图中企业数 (enterprises in the graph)',
      enterprises,
      '家',
    ),
    counted(
      'enterprise_party_organizations',
      '图中企业党组织 (enterprise Party organisations in the graph)',
      row.orgs,
      '个',
    ),
    counted('joint_committees', '图中联合党委 (joint committees in the graph)', row.jointCommittees, '个'),
    counted(
      'high_tech_enterprises',
      '图中高新技术企业 (high-tech enterprises in the graph)',
      row.highTech,
      '家',
    ),
    ...(isChain
      ? []
      : [
          counted('chain_enterprises', "图中链上企业 (enterprises on the zone's chains)", row.onChains, '家'),
        ]),
    ...row.reported.map((r) => ({ ...r, basis: FigureBasis.REPORTED })),
  ].sort((a, b) => a.metric.localeCompare(b.metric) || a.basis.localeCompare(b.basis));
  return {
    subject: row.subject,
    enterprises,
    withPartyOrganization: row.withOrg,
    partyOrganizationShare: share(row.withOrg),
    jointCommittees: row.jointCommittees,
    inJointCommittee: row.inCommittee,
    jointCommitteeShare: share(row.inCommittee),
    figures,
  };
}

@ObjectType({ description: 'One zone in a side-by-side comparison; every number is counted in the graph.' })
export class ParkComparison {
  @Field(() => NodeInterface, { description: 'The zone or park.' })
  park!: object;

  @Field(() => Int, { description: 'Industry chains it organises.' })
  chains!: number;

  @Field(() => Int, { description: "Segments of those chains' types, summed over the chains." })
  segments!: number;

  @Field(() => Int, { description: 'Of those, segments with two or more local enterprises (COVERED).' })
  covered!: number;

  @Field(() => Int, { description: 'Segments with exactly one local enterprise (WEAK).' })
  weak!: number;

  @Field(() => Int, { description: 'Segments with none (MISSING or FILLING).' })
  gaps!: number;

  @Field(() => Int, { description: 'Joint committees governing its chains.' })
  committees!: number;

  @Field(() => Int, { description: 'Institutions located in it or co-building with it or its chains.' })
  institutions!: number;

  @Field(() => Int, { description: 'Enterprises located in it or its parks.' })
  enterprises!: number;

  @Field(() => [entityType('Indicator')], {
    description: 'The figures the articles report about it.',
  })
  indicators!: object[];
}

export const COMPARE_MAX = 10;

/** Zones side by side, in the order given, in one statement. */
export async function compareParks(
  ctx: Context,
  info: GraphQLResolveInfo,
  ids: string[],
): Promise<ParkComparison[]> {
  if (ids.length < 1 || ids.length > COMPARE_MAX) {
    throw new AppError('BAD_USER_INPUT', `ids must hold 1 to ${COMPARE_MAX} zone or park ids`, {
      limit: COMPARE_MAX,
    });
  }
  for (const id of ids) requireId('ids', id, ['Park']);
  const rows = await ctx.gateway.read(compareParksStatement(selectionOf(info), ids, ctx.writes.aggregates));
  const missing = rows.find((r) => !r.found);
  if (missing) throw new AppError('NOT_FOUND', `no Park has id ${String(missing.id)}`);
  return rows;
}
