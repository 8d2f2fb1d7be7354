/**
 * The GraphQL types the traversals answer with: a step reached (ChainStep), a talent-chain link, a
 * shortest path and its links, and the two directions a traversal can take.
 */
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeInterface } from './types';

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
