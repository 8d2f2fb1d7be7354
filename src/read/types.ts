/**
 * The GraphQL object types of the read API, built with type-graphql from the declarations in spec.ts:
 * one object type per label implementing Node, a link type per relationship that carries properties,
 * and a Relay connection per label. Building them from the declarations keeps the schema, the compiler
 * and the model in one place; the objects they describe are the plain maps the compiler's Cypher returns.
 */
import { Field, Float, ID, Int, InterfaceType, ObjectType } from 'type-graphql';
import { NODE_LABELS, type NodeLabel } from '../model/registry';
import { ClassesByLabel, namedClass, prototypeOf, scalarType, type Class, type TypeThunk } from './classes';
import { modelEnum } from './enums';
import { TYPE_KEY } from './compile';
import { COMMON_SCALARS, EDGES, ENTITIES, type EdgeName, type RelationSpec } from '../model/spec';

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

const OBJECT_TYPES = new ClassesByLabel<NodeLabel>('object type');

/** The object type of a label, to name as a field's or a query's type: `() => entityType('Park')`. */
export const entityType = (label: NodeLabel): Class => OBJECT_TYPES.get(label);

/** The same classes as a map: its keys are the labels a traversal may start or end at. */
export const ENTITY_TYPES: ReadonlyMap<NodeLabel, Class> = OBJECT_TYPES.map;
const EDGE_TYPES = new Map<string, Class>();

const targetType =
  (target: RelationSpec['target']): TypeThunk =>
  () =>
    target === 'Node' ? NodeInterface : entityType(target);

/** The link object of an edge towards a target; one class per edge name and target, since `node`'s type depends on it. */
function edgeType(edge: EdgeName, target: RelationSpec['target']): Class {
  const name =
    target === 'Enterprise' && edge === 'SupplyLink'
      ? edge
      : `${edge}${target === 'Node' ? '' : `To${target}`}`;
  const existing = EDGE_TYPES.get(name);
  if (existing) return existing;

  // The relationship's own properties come from the edge's declaration, between the other end and the
  // fields every link has, so the class is built from this list.
  const fields: [string, TypeThunk, { nullable?: boolean; description: string }][] = [
    ['node', targetType(target), { description: 'The node at the other end.' }],
    ...Object.entries(EDGES[edge].fields).map(
      ([field, description]): [string, TypeThunk, { nullable: boolean; description: string }] => [
        field,
        () => (field === 'count' ? Float : String),
        { nullable: true, description },
      ],
    ),
    [
      'basis',
      () => String,
      { nullable: true, description: 'INFERRED when the link is read from context, not stated.' },
    ],
    ['note', () => String, { nullable: true, description: 'How the link was read from its source.' }],
    ['sources', () => [String], { description: 'Ids of the Sources that state this link.' }],
  ];
  const Link = namedClass(name);
  for (const [field, type, options] of fields) Field(type, options)(prototypeOf(Link), field);
  ObjectType(name, { description: EDGES[edge].description, simpleResolvers: true })(Link);
  EDGE_TYPES.set(name, Link);
  return Link;
}

for (const label of NODE_LABELS) {
  const spec = ENTITIES[label];
  const cls = namedClass(label, NodeInterface);
  const proto = prototypeOf(cls);
  for (const [name, scalar] of Object.entries({ ...COMMON_SCALARS, ...spec.scalars })) {
    if (name === 'name' || name === 'nameEn') continue;
    const values = modelEnum(label, scalar.property ?? name);
    Field(values ? () => values : scalarType(scalar.kind), {
      nullable: true,
      description: scalar.description,
    })(proto, name);
  }
  Field(() => [entityType('Source')], { description: 'The sources that state this.' })(proto, 'sources');
  for (const [name, relation] of Object.entries(spec.relations)) {
    // Link classes are made now, not in the thunk: type-graphql must see every class before it builds.
    const link = relation.edge ? edgeType(relation.edge, relation.target) : undefined;
    const type: TypeThunk = link ? () => link : targetType(relation.target);
    Field(relation.many ? () => [type()] : type, {
      nullable: !relation.many,
      description: relation.description,
    })(proto, name);
  }
  for (const [name, named] of Object.entries(spec.named)) {
    Field(() => Boolean, { description: named.description })(proto, name);
  }
  // Simple resolvers: the objects are the compiler's maps, keyed by alias, which the schema's field
  // resolver (server/schema.ts) reads; type-graphql's own would read the field name and miss every alias.
  ObjectType(label, { implements: NodeInterface, description: spec.description, simpleResolvers: true })(cls);
  OBJECT_TYPES.set(label, cls);
}

/** A label's Relay connection and its edge type: the same shape for every label, so a class factory. */
function connectionOf(label: NodeLabel): Class {
  const node = entityType(label);

  @ObjectType(`${label}Edge`, { description: `A ${label} in a page.` })
  class Edge {
    @Field(() => String, {
      description: 'Pass as `after` to continue after this node, or as `before` to go back from it.',
    })
    cursor!: string;

    @Field(() => node, { description: `The ${label}.` })
    node!: object;
  }

  @ObjectType(`${label}Connection`, { description: `A page of ${label} nodes.` })
  class Connection {
    @Field(() => [Edge], { description: 'The page, with a cursor per node.' })
    edges!: Edge[];

    @Field(() => [node], { description: 'The page, without cursors.' })
    nodes!: object[];

    @Field(() => PageInfo, { description: 'Whether more pages follow.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All matches of the filter; counted only when asked for.' })
    totalCount!: number;
  }
  return Connection;
}

export const CONNECTION_TYPES = new ClassesByLabel<NodeLabel>('connection type');
for (const label of NODE_LABELS) CONNECTION_TYPES.set(label, connectionOf(label));
