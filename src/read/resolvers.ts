/**
 * The read API's root fields: `node(id)`, for every label a look-up by id and a paged list, and
 * `search`. Each resolver compiles its whole selection into one Cypher statement and sends it once;
 * nested fields are then read from the returned maps (see the field resolver in server/app.ts).
 */
import 'reflect-metadata';
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
import { statement } from '../db/cypher-files';
import { searchStatement } from './search-statement';
import type { Context } from './context';
import { ID_PREFIX, NODE_LABELS, type NodeLabel } from '../model/registry';
import { requireId, requireRange } from './args';
import { namedClass, prototypeOf, type Class } from './classes';
import { CypherBuilder, isSelected, mergeSets, projectNode, selectionOf, subSelection } from './compile';
import { FILTER_TYPES, listMatch } from './filters';
import { cutPage, pageWindow, type PageArgs } from './paging';
import { CONNECTION_TYPES, entityType, NodeInterface } from './types';

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;
export const SEARCH_MAX = 50;

export enum NodeOrder {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  ID_ASC = 'ID_ASC',
  ID_DESC = 'ID_DESC',
}
registerEnumType(NodeOrder, {
  name: 'NodeOrder',
  description: 'Sort order of a list: by name or by id, ties broken by id.',
  valuesConfig: {
    NAME_ASC: { description: 'By the Chinese name, A to Z (by code point), then by id.' },
    NAME_DESC: { description: 'By the Chinese name, Z to A, then by id descending.' },
    ID_ASC: { description: 'By id, ascending.' },
    ID_DESC: { description: 'By id, descending.' },
  },
});

@ObjectType({ description: 'A full-text search hit: the node and how well it matched.' })
export class SearchHit {
  @Field(() => Float, { description: 'Lucene relevance score; higher is better.' })
  score!: number;

  @Field(() => NodeInterface, { description: 'The matching node.' })
  node!: object;
}

/** Lower-case first letter: Park → park, IndustryChain → industryChain. */
const fieldName = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** Plural list field: parks, industryChains, chainTypes, indicators, ... */
export const listFieldName = (label: string): string => {
  const base = fieldName(label);
  if (base.endsWith('y')) return `${base.slice(0, -1)}ies`;
  if (base.endsWith('s')) return `${base}es`;
  return `${base}s`;
};

/** Fetches one node by id with its whole selection, or null. */
async function fetchNode(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: NodeLabel | 'Node',
  id: string,
): Promise<object | null> {
  const actual = requireId('id', id);
  if (label !== 'Node' && actual !== label) return null;
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const projection = projectNode(b, 'n', label === 'Node' ? 'Node' : label, set, fragments);
  const [row] = await ctx.gateway.read(
    statement<{ node: object }>(
      `read/${label}/byId`,
      [`MATCH (n:${actual} {id: ${b.param(id)}}) RETURN ${projection} AS node`],
      b.params,
    ),
  );
  return row?.node ?? null;
}

const SORT_KEYS: Record<NodeOrder, { key: (v: string) => string; desc: boolean }> = {
  NAME_ASC: { key: (v) => `coalesce(${v}.name, '')`, desc: false },
  NAME_DESC: { key: (v) => `coalesce(${v}.name, '')`, desc: true },
  ID_ASC: { key: (v) => `${v}.id`, desc: false },
  ID_DESC: { key: (v) => `${v}.id`, desc: true },
};

/** The one row of a page's statement: the page, and the total and the check beyond it when asked. */
interface PageRow {
  page: { sortKey: unknown; id: string; node: object }[];
  total?: number;
  beyond?: boolean;
}

interface ListArgs extends PageArgs {
  filter?: object | null | undefined;
  orderBy: NodeOrder;
}

/**
 * One page of a label's nodes in one statement: filter, keyset pagination between the cursors (read
 * backwards for a `last` page), the projection of the page only, and the total count and the spec's
 * "more beyond the cursor" check only when the client asked for them.
 */
async function fetchPage(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: NodeLabel,
  args: ListArgs,
): Promise<object> {
  const { set, fragments } = selectionOf(info);
  const connection = `${label}Connection`;
  const b = new CypherBuilder();
  const sort = SORT_KEYS[args.orderBy];
  const key = sort.key('n');
  const window = pageWindow(
    b,
    args,
    { key, id: 'n.id', desc: sort.desc, order: args.orderBy },
    { pageDefault: PAGE_DEFAULT, pageMax: PAGE_MAX },
  );
  const found = listMatch(b, 'n', label, args.filter ?? undefined);
  const base = found.conditions;
  const nodeSet = mergeSets([
    ...subSelection(set, connection, ['nodes'], fragments),
    ...subSelection(set, connection, ['edges', 'node'], fragments),
  ]);
  const projection = projectNode(b, 'n', label, nodeSet, fragments);
  const where = (list: string[]): string => (list.length > 0 ? ` WHERE ${list.join(' AND ')}` : '');
  const dir = sort.desc !== window.reversed ? ' DESC' : '';
  const wantTotal = isSelected(set, connection, 'totalCount', fragments);
  const pageInfo = mergeSets(subSelection(set, connection, ['pageInfo'], fragments));
  const beyondAsked = window.reversed ? 'hasNextPage' : 'hasPreviousPage';
  const beyond =
    window.beyond !== undefined && isSelected(pageInfo, 'PageInfo', beyondAsked, fragments)
      ? window.beyond
      : undefined;
  const limit = b.param(window.limit);
  // An anchored pattern may reach a node twice (a zone and its park both lead to a firm of the park).
  const match = (list: string[]): string =>
    found.anchored
      ? `MATCH ${found.pattern}\nWITH DISTINCT n${where(list)}`
      : `MATCH ${found.pattern}${where(list)}`;
  const lines = [
    match([...base, ...window.conditions]),
    `WITH n ORDER BY ${key}${dir}, n.id${dir} LIMIT ${limit}`,
    `WITH collect({sortKey: ${key}, id: n.id, node: ${projection}}) AS page`,
    wantTotal ? `CALL () { ${match(base).replace('\n', ' ')} RETURN count(n) AS total }` : '',
    beyond
      ? `CALL () { ${match([...base, beyond]).replace('\n', ' ')} WITH n LIMIT 1 RETURN count(n) > 0 AS beyond }`
      : '',
    `RETURN page${wantTotal ? ', total' : ''}${beyond ? ', beyond' : ''}`,
  ].filter(Boolean);
  const [row] = await ctx.gateway.read(statement<PageRow>(`read/${label}/list`, lines, b.params));
  const rows = row?.page ?? [];
  return {
    ...cutPage(window, rows, args.orderBy, row?.beyond === true),
    ...(wantTotal ? { totalCount: row?.total } : {}),
  };
}

@Resolver()
export class NodeResolver {
  @Query(() => NodeInterface, {
    nullable: true,
    description: 'Any node by its global id; null when no node has it.',
  })
  node(
    @Arg('id', () => ID, { description: 'A global id such as park:baiyin-htz.' }) id: string,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object | null> {
    return fetchNode(ctx, info, 'Node', id);
  }

  @Query(() => [SearchHit], {
    description:
      'Full-text search over the names of every label, Chinese (any two or more consecutive characters) and English (whole words), best first.',
  })
  async search(
    @Arg('text', { description: 'Words or part of a Chinese name, 1 to 100 characters.' }) text: string,
    @Arg('first', () => Int, { defaultValue: 10, description: `How many hits, 1 to ${SEARCH_MAX}.` })
    first: number,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<object[]> {
    requireRange('first', first, 1, SEARCH_MAX);
    const words = text.trim();
    if (words.length === 0 || words.length > 100)
      throw new AppError('BAD_USER_INPUT', 'text must be 1 to 100 characters');
    const rows = await ctx.gateway.read(searchStatement(info, words, first));
    return rows.map((row) => ({ score: row.score, node: row.node }));
  }
}

/**
 * Builds the look-up and list resolvers of one label. The methods are assigned and decorated here, not
 * declared in a class factory, because type-graphql lists the arguments of a declared method in the
 * order its parameter decorators run (last first): a factory would reverse every list's arguments in
 * introspection. design:paramtypes is set because an assigned method has no emitted metadata.
 */
function entityResolver(label: NodeLabel): Class {
  const name = `${label}Resolver`;
  const cls = namedClass(name);
  const proto = prototypeOf(cls) as Record<string, unknown>;
  const one = fieldName(label);
  const many = listFieldName(label);

  proto[one] = (id: string, ctx: Context, info: GraphQLResolveInfo) => fetchNode(ctx, info, label, id);
  Reflect.defineMetadata('design:paramtypes', [String, Object, Object], proto, one);
  Query(() => entityType(label), {
    nullable: true,
    description: `A ${label} by id; null when there is none.`,
  })(proto, one, Object.getOwnPropertyDescriptor(proto, one) as PropertyDescriptor);
  Arg('id', () => ID, { description: `A ${label} id, ${ID_PREFIX[label]}:slug.` })(proto, one, 0);
  Ctx()(proto, one, 1);
  Info()(proto, one, 2);

  proto[many] = (
    filter: object | null | undefined,
    orderBy: NodeOrder,
    first: number | null | undefined,
    after: string | null | undefined,
    last: number | null | undefined,
    before: string | null | undefined,
    ctx: Context,
    info: GraphQLResolveInfo,
  ) => fetchPage(ctx, info, label, { filter, orderBy, first, after, last, before });
  Reflect.defineMetadata(
    'design:paramtypes',
    [Object, String, Number, String, Number, String, Object, Object],
    proto,
    many,
  );
  Query(() => CONNECTION_TYPES.get(label), {
    description: `${label} nodes, filtered and sorted, a page at a time (Relay cursor pagination, forward with first/after, backward with last/before).`,
  })(proto, many, Object.getOwnPropertyDescriptor(proto, many) as PropertyDescriptor);
  Arg('filter', () => FILTER_TYPES.get(label), {
    nullable: true,
    description: 'Conditions the nodes must meet; all of them.',
  })(proto, many, 0);
  Arg('orderBy', () => NodeOrder, {
    defaultValue: NodeOrder.NAME_ASC,
    description: 'The order of the list; cursors belong to one order.',
  })(proto, many, 1);
  Arg('first', () => Int, {
    nullable: true,
    description: `Page size from the start (after \`after\`), 1 to ${PAGE_MAX}; ${PAGE_DEFAULT} when neither first nor last is given.`,
  })(proto, many, 2);
  Arg('after', () => String, {
    nullable: true,
    description:
      'Only nodes after this cursor (the endCursor of the previous page); null for the first page.',
  })(proto, many, 3);
  Arg('last', () => Int, {
    nullable: true,
    description: `Page size from the end (before \`before\`), 1 to ${PAGE_MAX}; with first, the last of those first.`,
  })(proto, many, 4);
  Arg('before', () => String, {
    nullable: true,
    description: 'Only nodes before this cursor (the startCursor of the next page); null for the last page.',
  })(proto, many, 5);
  Ctx()(proto, many, 6);
  Info()(proto, many, 7);

  Resolver()(cls);
  return cls;
}

export const ENTITY_RESOLVERS = NODE_LABELS.map(entityResolver);
