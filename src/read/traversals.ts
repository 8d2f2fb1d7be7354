/**
 * The chain traversals the Neo4j GraphQL Library cannot express: the supply chain up- or downstream,
 * the Party chain up or down, the talent and innovation chains around a node, and the shortest path
 * between two nodes. Each is one statement (traversal-statements.ts); depths are bounded (default 3,
 * at most 6). The resolvers check the arguments, send the statement and hand its rows on.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { AppError } from '../errors';
import type { Row } from '../db/neo4j';
import type { Context } from './context';
import type { NodeLabel } from '../model/registry';
import { requireId, requireRange } from './args';
import { selectionOf } from './compile';
import { ENTITY_TYPES, entityType } from './types';
import {
  ChainStep,
  DEPTH_DEFAULT,
  DEPTH_MAX,
  FlowDirection,
  GraphPath,
  HierarchyDirection,
  TalentStep,
} from './traversal-types';
import {
  innovationChainStatement,
  partyChainStatement,
  shortestPathStatement,
  supplyChainStatement,
  talentChainStatement,
} from './traversal-statements';

const notFound = (label: NodeLabel, id: string): AppError =>
  new AppError('NOT_FOUND', `no ${label} has id ${id}`);

/** The row of a traversal whose start exists; NOT_FOUND when it does not. */
function found<R extends { found: boolean }>(row: R | undefined, label: NodeLabel, id: string): R {
  if (!row?.found) throw notFound(label, id);
  return row;
}

@Resolver()
export class TraversalResolver {
  @Query(() => [ChainStep], {
    nullable: true,
    description:
      'The supply chain of an enterprise or a chain segment: segments up- or downstream through FEEDS (from the ' +
      "enterprise's own segments), and enterprises through SUPPLIES, each with its shortest distance. " +
      `Depth defaults to ${DEPTH_DEFAULT}, at most ${DEPTH_MAX}.`,
  })
  async supplyChain(
    @Arg('id', () => ID, { description: 'An Enterprise or ChainSegment id.' }) id: string,
    @Arg('direction', () => FlowDirection, {
      defaultValue: FlowDirection.UPSTREAM,
      description:
        'UPSTREAM to the suppliers and earlier segments, DOWNSTREAM to the customers and later ones.',
    })
    direction: FlowDirection,
    @Arg('depth', () => Int, {
      defaultValue: DEPTH_DEFAULT,
      description: `How many hops at most, 1 to ${DEPTH_MAX}.`,
    })
    depth: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChainStep[]> {
    const label = requireId('id', id, ['Enterprise', 'ChainSegment']);
    const d = requireRange('depth', depth, 1, DEPTH_MAX);
    const up = direction === FlowDirection.UPSTREAM;
    const [row] = await ctx.gateway.read(supplyChainStatement(selectionOf(info), label, id, up, d));
    return found(row, label, id).steps;
  }

  @Query(() => [ChainStep], {
    nullable: true,
    description:
      'The Party chain: from a branch (or an enterprise, through its branches) UP through REPORTS_TO and MEMBER_OF to ' +
      'the joint committee and the zone working committee, or DOWN the reverse, with distances. ' +
      `Depth defaults to ${DEPTH_DEFAULT}, at most ${DEPTH_MAX}.`,
  })
  async partyChain(
    @Arg('id', () => ID, { description: 'A PartyOrganization or Enterprise id.' }) id: string,
    @Arg('direction', () => HierarchyDirection, {
      defaultValue: HierarchyDirection.UP,
      description: 'UP to the committees above, DOWN to the organisations below.',
    })
    direction: HierarchyDirection,
    @Arg('depth', () => Int, {
      defaultValue: DEPTH_DEFAULT,
      description: `How many hops at most, 1 to ${DEPTH_MAX}.`,
    })
    depth: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChainStep[]> {
    const label = requireId('id', id, ['PartyOrganization', 'Enterprise']);
    const d = requireRange('depth', depth, 1, DEPTH_MAX);
    const up = direction === HierarchyDirection.UP;
    const [row] = await ctx.gateway.read(partyChainStatement(selectionOf(info), label, id, up, d));
    return found(row, label, id).steps;
  }

  @Query(() => [TalentStep], {
    nullable: true,
    description:
      'The talent chain around a node: for an institution or platform, whom it and its units train or place people for; ' +
      'for an enterprise, chain or zone, who trains for it, for the chains it is on, or for the zone it is in.',
  })
  async talentChain(
    @Arg('id', () => ID, { description: 'The id of the node to start from.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<TalentStep[]> {
    const label = requireId('id', id, ['Institution', 'Platform', 'Enterprise', 'IndustryChain', 'Park']);
    const [row] = await ctx.gateway.read(talentChainStatement(selectionOf(info), label, id));
    return found(row, label, id).steps;
  }

  @Query(() => [entityType('Outcome')], {
    nullable: true,
    description:
      'The innovation chain around a node: outcomes an institution (or its units) developed, outcomes transferred to ' +
      'an enterprise, or outcomes serving a segment or the segments of a chain. Select developers, transferredTo and ' +
      'appliesTo on each outcome for the whole chain.',
  })
  async innovationChain(
    @Arg('id', () => ID, { description: 'The id of the node to start from.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Row[]> {
    const label = requireId('id', id, [
      'Institution',
      'Platform',
      'Enterprise',
      'ChainSegment',
      'IndustryChain',
    ]);
    const [row] = await ctx.gateway.read(innovationChainStatement(selectionOf(info), label, id));
    return found(row, label, id).outcomes;
  }

  @Query(() => GraphPath, {
    nullable: true,
    description:
      'A shortest path between two nodes, ignoring CITES and MEASURES (sharing an article or a figure is no link); ' +
      `null when none is within maxDepth (default ${DEPTH_MAX}, at most ${DEPTH_MAX}).`,
  })
  async shortestPath(
    @Arg('from', () => ID, { description: 'The id of the node the path starts at.' }) from: string,
    @Arg('to', () => ID, { description: 'The id of the node the path ends at.' }) to: string,
    @Arg('maxDepth', () => Int, {
      defaultValue: DEPTH_MAX,
      description: `The longest path to look for, 1 to ${DEPTH_MAX} hops.`,
    })
    maxDepth: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<GraphPath | null> {
    const labels = [...ENTITY_TYPES.keys()];
    const start = { label: requireId('from', from, labels), id: from };
    const end = { label: requireId('to', to, labels), id: to };
    const d = requireRange('maxDepth', maxDepth, 1, DEPTH_MAX);
    const [row] = await ctx.gateway.read(shortestPathStatement(selectionOf(info), start, end, d));
    if (!row?.fromFound) throw notFound(start.label, from);
    if (!row.toFound) throw notFound(end.label, to);
    return row.path;
  }
}
