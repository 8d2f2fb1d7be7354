/**
 * The chain traversals the Neo4j GraphQL Library cannot express: the supply chain up- or downstream,
 * the Party chain up or down, the talent and innovation chains around a node, and the shortest path
 * between two nodes. Each is one statement; depths are bounded (default 3, at most 6) and, being
 * checked integers, are the only values written into the Cypher rather than passed as parameters
 * (Cypher cannot take a quantifier bound as a parameter).
 */
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Ctx,
  Field,
  Float,
  ID,
  Info,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { AppError } from '../errors';
import type { Context } from './context';
import type { NodeLabel } from '../model/registry';
import { requireId, requireRange } from './args';
import { CypherBuilder, mergeSets, projectNode, selectionOf, subSelection } from './compile';
import { ENTITY_TYPES, NodeInterface } from './types';

export const DEPTH_DEFAULT = 3;
export const DEPTH_MAX = 6;

export enum FlowDirection {
  UPSTREAM = 'UPSTREAM',
  DOWNSTREAM = 'DOWNSTREAM',
}
registerEnumType(FlowDirection, {
  name: 'FlowDirection',
  description: 'Which way along the supply chain.',
  valuesConfig: {
    UPSTREAM: {
      description: 'Towards the suppliers and the earlier segments (FEEDS and SUPPLIES backwards).',
    },
    DOWNSTREAM: { description: 'Towards the customers and the later segments.' },
  },
});

export enum HierarchyDirection {
  UP = 'UP',
  DOWN = 'DOWN',
}
registerEnumType(HierarchyDirection, {
  name: 'HierarchyDirection',
  description: 'UP: towards the zone working committee; DOWN: towards the branches.',
  valuesConfig: {
    UP: { description: 'Towards the zone working committee (REPORTS_TO, GOVERNS, BELONGS_TO upwards).' },
    DOWN: { description: 'Towards the branches and the enterprises they belong to.' },
  },
});

@ObjectType({ description: 'A node reached by a traversal, with its distance from the start.' })
export class ChainStep {
  @Field(() => NodeInterface, { description: 'The node reached.' })
  node!: object;

  @Field(() => Int, { description: 'Hops from the start along the traversal (shortest).' })
  distance!: number;

  @Field({ description: 'The relationship type followed to reach it: FEEDS, SUPPLIES, REPORTS_TO, ...' })
  via!: string;
}

@ObjectType({ description: 'A talent-chain link: who trains or places people for whom.' })
export class TalentStep {
  @Field(() => NodeInterface, { description: 'The institution or platform that trains.' })
  from!: object;

  @Field(() => NodeInterface, { description: 'The enterprise, chain or zone it trains for.' })
  to!: object;

  @Field(() => String, { nullable: true, description: 'The programme.' })
  programme?: string;

  @Field(() => Float, { nullable: true, description: 'How many people, where the source gives a number.' })
  count?: number;

  @Field(() => String, { nullable: true, description: 'The unit of the count.' })
  unit?: string;

  @Field(() => [String], { description: 'Ids of the Sources that state this link.' })
  sources!: string[];
}

@ObjectType({ description: 'A relationship on a path.' })
export class PathLink {
  @Field({ description: 'The relationship type.' })
  type!: string;

  @Field(() => ID, { description: 'The id of the node it starts at.' })
  from!: string;

  @Field(() => ID, { description: 'The id of the node it ends at.' })
  to!: string;

  @Field(() => String, { nullable: true, description: 'INFERRED when read from context, not stated.' })
  basis?: string;

  @Field(() => [String], { description: 'Ids of the Sources that state this relationship.' })
  sources!: string[];
}

@ObjectType({ description: 'A shortest path between two nodes.' })
export class GraphPath {
  @Field(() => Int, { description: 'Number of relationships.' })
  length!: number;

  @Field(() => [NodeInterface], { description: 'The nodes, from the start to the end.' })
  nodes!: object[];

  @Field(() => [PathLink], { description: 'The relationships, in order.' })
  links!: PathLink[];
}

const notFound = (label: NodeLabel, id: string): AppError =>
  new AppError('NOT_FOUND', `no ${label} has id ${id}`);

/**
 * Runs a traversal in one statement: the start node is matched optionally, so an unknown id is told
 * apart from an empty result without a second query; `body` reads `x` (the start) and returns rows of
 * node, distance and via; each node keeps its shortest distance.
 */
async function steps(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: NodeLabel,
  id: string,
  name: string,
  body: string,
): Promise<object[]> {
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const projection = projectNode(
    b,
    'node',
    'Node',
    mergeSets(subSelection(set, 'ChainStep', ['node'], fragments)),
    fragments,
  );
  const [row] = await ctx.gateway.read({
    name,
    cypher: [
      `OPTIONAL MATCH (x:${label} {id: $start})`,
      `OPTIONAL CALL (x) { ${body} }`,
      'WITH x, node, min(distance) AS distance, head(collect(via)) AS via ORDER BY distance, node.id',
      `WITH x, collect(CASE WHEN node IS NOT NULL THEN {node: ${projection}, distance: distance, via: via} END) AS steps`,
      'RETURN x IS NOT NULL AS found, steps',
    ].join('\n'),
    params: { ...b.params, start: id },
  });
  if (!row?.found) throw notFound(label, id);
  return row.steps as object[];
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
  ): Promise<object[]> {
    const label = requireId('id', id, ['Enterprise', 'ChainSegment']);
    const d = requireRange('depth', depth, 1, DEPTH_MAX);
    const up = direction === FlowDirection.UPSTREAM;
    const feeds = up ? '<-[:FEEDS]-' : '-[:FEEDS]->';
    const supplies = up ? '<-[:SUPPLIES]-' : '-[:SUPPLIES]->';
    const segments = `MATCH p = ANY SHORTEST (s0)${feeds}{1,${d}}(node:ChainSegment) RETURN node, length(p) AS distance, 'FEEDS' AS via`;
    const body =
      label === 'ChainSegment'
        ? `WITH x AS s0 ${segments}`
        : `MATCH (x)-[:OPERATES_IN]->(s0:ChainSegment) ${segments} UNION ALL ` +
          `MATCH p = ANY SHORTEST (x)${supplies}{1,${d}}(node:Enterprise) WHERE node <> x RETURN node, length(p) AS distance, 'SUPPLIES' AS via`;
    return steps(ctx, info, label, id, `traverse/supplyChain/${label}`, body);
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
  ): Promise<object[]> {
    const label = requireId('id', id, ['PartyOrganization', 'Enterprise']);
    const d = requireRange('depth', depth, 1, DEPTH_MAX);
    const hop =
      direction === HierarchyDirection.UP ? '-[:REPORTS_TO|MEMBER_OF]->' : '<-[:REPORTS_TO|MEMBER_OF]-';
    const climb = `MATCH p = ANY SHORTEST (o0)${hop}{1,${d}}(node:PartyOrganization) WHERE node <> o0 RETURN node, length(p) AS distance, 'REPORTS_TO|MEMBER_OF' AS via`;
    const body =
      label === 'PartyOrganization'
        ? `WITH x AS o0 ${climb}`
        : `MATCH (node:PartyOrganization)-[:BELONGS_TO]->(x) RETURN node, 0 AS distance, 'BELONGS_TO' AS via UNION ALL ` +
          `MATCH (o0:PartyOrganization)-[:BELONGS_TO]->(x) ${climb}`;
    return steps(ctx, info, label, id, `traverse/partyChain/${label}`, body);
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
  ): Promise<object[]> {
    const label = requireId('id', id, ['Institution', 'Platform', 'Enterprise', 'IndustryChain', 'Park']);
    const { set, fragments } = selectionOf(info);
    const b = new CypherBuilder();
    const from = projectNode(
      b,
      'src',
      'Node',
      mergeSets(subSelection(set, 'TalentStep', ['from'], fragments)),
      fragments,
    );
    const to = projectNode(
      b,
      'dst',
      'Node',
      mergeSets(subSelection(set, 'TalentStep', ['to'], fragments)),
      fragments,
    );
    const trains = label === 'Institution' || label === 'Platform';
    const link = trains
      ? 'MATCH (src)-[:PART_OF]->{0,2}(x) MATCH (src)-[t:TRAINS_FOR]->(dst)'
      : 'MATCH (src)-[t:TRAINS_FOR]->(dst) WHERE dst = x OR EXISTS { (x)-[:IN_CHAIN|LOCATED_IN|HAS_CHAIN]-(dst) } OR EXISTS { (x)-[:PART_OF]->(dst) }';
    const [row] = await ctx.gateway.read({
      name: `traverse/talentChain/${label}`,
      cypher: [
        `OPTIONAL MATCH (x:${label} {id: $start})`,
        `OPTIONAL CALL (x) { ${link} RETURN DISTINCT src, t, dst }`,
        'WITH x, src, t, dst ORDER BY src.id, dst.id',
        `WITH x, collect(CASE WHEN t IS NOT NULL THEN {from: ${from}, to: ${to}, programme: t.programme, count: t.count, unit: t.unit, sources: coalesce(t.sources, [])} END) AS steps`,
        'RETURN x IS NOT NULL AS found, steps',
      ].join('\n'),
      params: { ...b.params, start: id },
    });
    if (!row?.found) throw notFound(label, id);
    return row.steps as object[];
  }

  @Query(() => [ENTITY_TYPES.get('Outcome') as new () => object], {
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
  ): Promise<object[]> {
    const label = requireId('id', id, [
      'Institution',
      'Platform',
      'Enterprise',
      'ChainSegment',
      'IndustryChain',
    ]);
    const { set, fragments } = selectionOf(info);
    const b = new CypherBuilder();
    const developedUnder = 'MATCH (dev)-[:PART_OF]->{0,2}(x) MATCH (dev)-[:DEVELOPED]->(o:Outcome)';
    const reach: Record<string, string> = {
      Institution: developedUnder,
      Platform: developedUnder,
      Enterprise:
        'MATCH (o:Outcome) WHERE EXISTS { (o)-[:TRANSFERS_TO]->(x) } OR EXISTS { (x)-[:DEVELOPED]->(o) }',
      ChainSegment: 'MATCH (o:Outcome)-[:APPLIES_TO]->(x)',
      IndustryChain:
        'MATCH (o:Outcome) WHERE EXISTS { (o)-[:APPLIES_TO]->(x) } OR ' +
        'EXISTS { (x)-[:OF_TYPE]->(:ChainType)-[:HAS_SEGMENT]->(:ChainSegment)<-[:APPLIES_TO]-(o) }',
    };
    const projection = projectNode(b, 'o', 'Outcome', set, fragments);
    const [row] = await ctx.gateway.read({
      name: `traverse/innovationChain/${label}`,
      cypher: [
        `OPTIONAL MATCH (x:${label} {id: $start})`,
        `OPTIONAL CALL (x) { ${reach[label] ?? ''} RETURN DISTINCT o }`,
        'WITH x, o ORDER BY o.name, o.id',
        `WITH x, collect(CASE WHEN o IS NOT NULL THEN ${projection} END) AS outcomes`,
        'RETURN x IS NOT NULL AS found, outcomes',
      ].join('\n'),
      params: { ...b.params, start: id },
    });
    if (!row?.found) throw notFound(label, id);
    return row.outcomes as object[];
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
  ): Promise<object | null> {
    const labels = [...ENTITY_TYPES.keys()];
    const fromLabel = requireId('from', from, labels);
    const toLabel = requireId('to', to, labels);
    const d = requireRange('maxDepth', maxDepth, 1, DEPTH_MAX);
    const { set, fragments } = selectionOf(info);
    const b = new CypherBuilder();
    const projection = projectNode(
      b,
      'x',
      'Node',
      mergeSets(subSelection(set, 'GraphPath', ['nodes'], fragments)),
      fragments,
    );
    const [row] = await ctx.gateway.read({
      name: 'traverse/shortestPath',
      cypher: [
        `OPTIONAL MATCH (a:${fromLabel} {id: $from})`,
        `OPTIONAL MATCH (z:${toLabel} {id: $to})`,
        `OPTIONAL CALL (a, z) { MATCH p = ANY SHORTEST (a)-[:!CITES&!MEASURES]-{0,${d}}(z) RETURN p }`,
        'RETURN a IS NOT NULL AS fromFound, z IS NOT NULL AS toFound, CASE WHEN p IS NULL THEN null ELSE {',
        `  length: length(p), nodes: [x IN nodes(p) | ${projection}],`,
        '  links: [r IN relationships(p) | {type: type(r), from: startNode(r).id, to: endNode(r).id, basis: r.basis, sources: coalesce(r.sources, [])}]',
        '} END AS path',
      ].join('\n'),
      params: { ...b.params, from, to },
    });
    if (!row?.fromFound) throw notFound(fromLabel, from);
    if (!row.toFound) throw notFound(toLabel, to);
    return (row.path as object | null) ?? null;
  }
}
