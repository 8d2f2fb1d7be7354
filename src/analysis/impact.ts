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
import { CypherBuilder, mergeSets, projectNode, selectionOf, subSelection } from '../read/compile';
import { ENTITY_TYPES } from '../read/types';
import { ChainStep, DEPTH_DEFAULT } from '../read/traversal-types';
import { inZone } from './gaps';

@ObjectType({ description: 'What one enterprise stopping would take away from its zone.' })
export class BlastRadius {
  @Field(() => [ENTITY_TYPES.get('ChainSegment') as new () => object], {
    description: 'Segments it works in where it is the only enterprise of its zone: they become MISSING.',
  })
  orphanedSegments!: object[];

  @Field(() => [ChainStep], {
    description: `Segments downstream (FEEDS, up to ${DEPTH_DEFAULT} hops) of the orphaned ones, which lose their local input.`,
  })
  downstreamSegments!: object[];

  @Field(() => [ENTITY_TYPES.get('Enterprise') as new () => object], {
    description: 'Enterprises it supplies that have no other supplier in their own zone.',
  })
  orphanedCustomers!: object[];
}

export async function blastRadius(
  ctx: Context,
  info: GraphQLResolveInfo,
  enterpriseId: string,
): Promise<BlastRadius> {
  requireId('enterpriseId', enterpriseId, ['Enterprise']);
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const sub = (...path: string[]): ReturnType<typeof mergeSets> =>
    mergeSets(subSelection(set, 'BlastRadius', path, fragments));
  const orphan = projectNode(b, 's', 'ChainSegment', sub('orphanedSegments'), fragments);
  const downstream = projectNode(
    b,
    'd',
    'Node',
    mergeSets(subSelection(sub('downstreamSegments'), 'ChainStep', ['node'], fragments)),
    fragments,
  );
  const customer = projectNode(b, 'cu', 'Enterprise', sub('orphanedCustomers'), fragments);
  const [row] = await ctx.gateway.read({
    name: 'analysis/blastRadius',
    cypher: [
      'OPTIONAL MATCH (x:Enterprise {id: $id})',
      "OPTIONAL MATCH (x)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(z:Park {kind: 'ZONE'})",
      'WITH x, collect(DISTINCT z) AS zones',
      'WITH x, zones, COLLECT {',
      '  MATCH (x)-[:OPERATES_IN]->(s:ChainSegment)',
      '  WHERE NOT EXISTS { MATCH (o:Enterprise)-[:OPERATES_IN]->(s) WHERE o <> x AND any(z IN zones WHERE ' +
        inZone('o', 'z') +
        ') }',
      '  RETURN DISTINCT s',
      '} AS orphans',
      'WITH x, zones, orphans, COLLECT {',
      `  UNWIND orphans AS o0 MATCH p = (o0)-[:FEEDS]->{1,${DEPTH_DEFAULT}}(d:ChainSegment) WHERE NOT d IN orphans`,
      '  WITH d, min(length(p)) AS distance ORDER BY distance, d.id',
      `  RETURN {node: ${downstream}, distance: distance, via: 'FEEDS'}`,
      '} AS downstream',
      'RETURN x IS NOT NULL AS found,',
      `  [s IN orphans | ${orphan}] AS orphanedSegments, downstream AS downstreamSegments,`,
      '  COLLECT {',
      '    MATCH (x)-[:SUPPLIES]->(cu:Enterprise)',
      "    OPTIONAL MATCH (cu)-[:LOCATED_IN]->(:Park)-[:PART_OF]->{0,1}(cz:Park {kind: 'ZONE'})",
      '    WITH cu, collect(cz) AS czs',
      `    WHERE NOT EXISTS { MATCH (other:Enterprise)-[:SUPPLIES]->(cu) WHERE other <> x AND any(cz IN czs WHERE ${inZone('other', 'cz')}) }`,
      `    RETURN ${customer}`,
      '  } AS orphanedCustomers',
    ].join('\n'),
    params: { ...b.params, id: enterpriseId },
  });
  if (!row?.found) throw new AppError('NOT_FOUND', `no Enterprise has id ${enterpriseId}`);
  return row as unknown as BlastRadius;
}
