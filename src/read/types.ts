/**
 * The GraphQL object types of the read API, built with type-graphql from the declarations in spec.ts:
 * one object type per label implementing Node, a link type per relationship that carries properties,
 * and a Relay connection per label. Building them from the declarations keeps the schema, the compiler
 * and the model in one place; the objects they describe are the plain maps the compiler's Cypher returns.
 */
import { Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { NODE_LABELS, type NodeLabel } from '../model/registry';
import { namedClass, prototypeOf, type Class } from './classes';
import { modelEnum } from './enums';
import { TYPE_KEY } from './compile';
import {
  COMMON_SCALARS,
  EDGES,
  ENTITIES,
  type EdgeName,
  type RelationSpec,
  type ScalarKind,
} from '../model/spec';

@InterfaceType('Node', {
  description: 'Anything in the graph, with a global id: fetch any of them with Query.node(id).',
  resolveType: (value: Record<string, unknown>) => value[TYPE_KEY] as string,
})
export abstract class NodeInterface {
  @Field(() => ID, { description: 'A global, stable id of the form prefix:slug, e.g. park:baiyin-htz.' })
  id!: string;

  @Field({ description: 'The name, in Chinese, as the source writes it.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'An English name, where one helps.' })
  nameEn?: string;
}

@ObjectType({
  description:
    'Relay page information (the Relay cursor connections spec): the cursors at both ends of the page and whether more nodes lie beyond each end.',
})
export class PageInfo {
  @Field({
    description:
      'True when nodes follow this page. Always exact when paging forward (first); when paging backward (last) it says whether any node lies at or after `before`.',
  })
  hasNextPage!: boolean;

  @Field({
    description:
      'True when nodes precede this page. Always exact when paging backward (last); when paging forward (first) it says whether any node lies at or before `after` (false without `after`).',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the first node of the page, to pass as `before`; null for an empty page.',
  })
  startCursor?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last node of the page, to pass as `after`; null for an empty page.',
  })
  endCursor?: string | null;
}

const scalarType = (kind: ScalarKind): (() => unknown) =>
  ({
    String: () => String,
    Int: () => Int,
    Float: () => Float,
    Boolean: () => Boolean,
    StringList: () => [String],
  })[kind];

export const ENTITY_TYPES = new Map<NodeLabel, Class>();
const EDGE_TYPES = new Map<string, Class>();

const targetType =
  (target: RelationSpec['target']): (() => unknown) =>
  () =>
    target === 'Node' ? NodeInterface : ENTITY_TYPES.get(target);

function edgeType(edge: EdgeName, target: RelationSpec['target']): Class {
  // One link class per edge name and target, since the `node` field's type depends on the target.
  const name =
    target === 'Enterprise' && edge === 'SupplyLink'
      ? edge
      : `${edge}${target === 'Node' ? '' : `To${target}`}`;
  const existing = EDGE_TYPES.get(name);
  if (existing) return existing;
  const cls = namedClass(name);
  Field(targetType(target) as () => Class, { description: 'The node at the other end.' })(
    prototypeOf(cls),
    'node',
  );
  for (const [field, description] of Object.entries(EDGES[edge].fields)) {
    const kind = field === 'count' ? Float : String;
    Field(() => kind, { nullable: true, description })(prototypeOf(cls), field);
  }
  Field(() => String, {
    nullable: true,
    description: 'INFERRED when the link is read from context, not stated.',
  })(prototypeOf(cls), 'basis');
  Field(() => String, { nullable: true, description: 'How the link was read from its source.' })(
    prototypeOf(cls),
    'note',
  );
  Field(() => [String], { description: 'Ids of the Sources that state this link.' })(
    prototypeOf(cls),
    'sources',
  );
  ObjectType(name, { description: EDGES[edge].description, simpleResolvers: true })(cls);
  EDGE_TYPES.set(name, cls);
  return cls;
}

for (const label of NODE_LABELS) {
  const spec = ENTITIES[label];
  const cls = namedClass(label, NodeInterface);
  for (const [name, scalar] of Object.entries({ ...COMMON_SCALARS, ...spec.scalars })) {
    if (name === 'name' || name === 'nameEn') continue;
    const values = modelEnum(label, scalar.property ?? name);
    Field((values ? () => values : scalarType(scalar.kind)) as () => typeof String, {
      nullable: true,
      description: scalar.description,
    })(prototypeOf(cls), name);
  }
  Field(() => [ENTITY_TYPES.get('Source') as Class], { description: 'The sources that state this.' })(
    prototypeOf(cls),
    'sources',
  );
  for (const [name, relation] of Object.entries(spec.relations)) {
    // Link classes are made now, not in the thunk: type-graphql must see every class before it builds.
    const link = relation.edge ? edgeType(relation.edge, relation.target) : undefined;
    const type = link ? () => link : targetType(relation.target);
    Field(relation.many ? () => [type()] : (type as () => Class), {
      nullable: !relation.many,
      description: relation.description,
    })(prototypeOf(cls), name);
  }
  // Simple resolvers: the objects are the compiler's maps, keyed by alias, which the schema's field
  // resolver (server/app.ts) reads; type-graphql's own would read the field name and miss every alias.
  ObjectType(label, { implements: NodeInterface, description: spec.description, simpleResolvers: true })(cls);
  ENTITY_TYPES.set(label, cls);
}

export const CONNECTION_TYPES = new Map<NodeLabel, Class>();

for (const label of NODE_LABELS) {
  const node = ENTITY_TYPES.get(label) as Class;
  const edge = namedClass(`${label}Edge`);
  Field(() => String, {
    description: 'Pass as `after` to continue after this node, or as `before` to go back from it.',
  })(prototypeOf(edge), 'cursor');
  Field(() => node, { description: `The ${label}.` })(prototypeOf(edge), 'node');
  ObjectType(`${label}Edge`, { description: `A ${label} in a page.` })(edge);

  const connection = namedClass(`${label}Connection`);
  Field(() => [edge], { description: 'The page, with a cursor per node.' })(prototypeOf(connection), 'edges');
  Field(() => [node], { description: 'The page, without cursors.' })(prototypeOf(connection), 'nodes');
  Field(() => PageInfo, { description: 'Whether more pages follow.' })(prototypeOf(connection), 'pageInfo');
  Field(() => Int, { description: 'All matches of the filter; counted only when asked for.' })(
    prototypeOf(connection),
    'totalCount',
  );
  ObjectType(`${label}Connection`, { description: `A page of ${label} nodes.` })(connection);
  CONNECTION_TYPES.set(label, connection);
}
