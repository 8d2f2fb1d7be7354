/**
 * What breaks if one enterprise stops: the segments of its zone it alone covers, the segments
 * downstream of those that lose their local input, and the customers that lose their only supplier
 * in their own zone. One statement.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Field, ObjectType } from 'type-graphql';
import { AppError } from '../errors';
import type { Context } from '../read/context';
import { requireId } from '../read/args';
import { selectionOf } from '../read/compile';
import { entityType } from '../read/types';
import { ChainStep, DEPTH_DEFAULT } from '../read/traversal-types';
import { blastRadiusStatement } from './statements/blast-radius';

@ObjectType({ description: 'What one enterprise stopping would take away from its zone.' })
export class BlastRadius {
  @Field(() => [entityType('ChainSegment')], {
    description: 'Segments it works in where it is the only enterprise of its zone: they become MISSING.',
  })
  orphanedSegments!: object[];

  @Field(() => [ChainStep], {
    description: `Segments downstream (FEEDS, up to ${DEPTH_DEFAULT} hops) of the orphaned ones, which lose their local input.`,
  })
  downstreamSegments!: object[];

  @Field(() => [entityType('Enterprise')], {
    description: 'Enterprises it supplies that have no other supplier in their own zone.',
  })
  orphanedCustomers!: object[];
}

/** What the zone of an enterprise loses if it stops. */
export async function blastRadius(
  ctx: Context,
  info: GraphQLResolveInfo,
  enterpriseId: string,
): Promise<BlastRadius> {
  requireId('enterpriseId', enterpriseId, ['Enterprise']);
  const [row] = await ctx.gateway.read(blastRadiusStatement(selectionOf(info), enterpriseId));
  if (!row?.found) throw new AppError('NOT_FOUND', `no Enterprise has id ${enterpriseId}`);
  return row;
}
