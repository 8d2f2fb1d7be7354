import {
  buildSchema,
  GraphQLInterfaceType,
  GraphQLObjectType,
  printSchema,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { Neo4jGateway, Row } from '../../../src/db/neo4j';
import { AppError } from '../../../src/errors';
import { requireId, requireRange } from '../../../src/read/args';
import { decodeCursor, encodeCursor } from '../../../src/read/cursor';
import { listFieldName, PAGE_MAX, SEARCH_MAX } from '../../../src/read/resolvers';
import { escapeLucene } from '../../../src/read/search-statement';
import { COMMON_SCALARS, ENTITIES, type RelationSpec } from '../../../src/model/spec';
import { LABEL_FILTERS } from '../../../src/read/filters';
import { NODE_LABELS, NODE_SPECS, type NodeLabel } from '../../../src/model/registry';

/**
 * The reference executor of the differential oracle: the real schema's SDL, answered the naive way.
 * Every field has its own resolver and every resolver its own small Cypher statement (N+1 on purpose);
 * filtering, sorting and paging happen in plain TypeScript over all nodes of a label. Nothing here
 * comes from the compiler, so the two can only agree when the compiled one-statement path is right.
 * Input rules (id form, ranges, cursors) are the real ones, imported, so both refuse the same inputs.
 */

/** A node as the reference passes it between resolvers: its label and all its properties. */
interface RefNode {
  __ref: true;
  label: NodeLabel;
  props: Record<string, unknown>;
}

type Context = { gateway: Neo4jGateway };
type Resolver = GraphQLFieldResolver<unknown, Context>;

const isNodeLabel = (l: unknown): l is NodeLabel => (NODE_LABELS as readonly string[]).includes(String(l));

/**
 * The reference's statements run a few at a time. graphql-js resolves list items in parallel, so the
 * N+1 fan-out of one big operation can be hundreds of reads at once; on a loaded machine they would
 * wait longer for a pooled connection than the gateway allows and fail as SERVICE_UNAVAILABLE, which is
 * the reference's own limit, not an answer. Waiting in this queue has no timeout.
 */
const PARALLEL_READS = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function read(ctx: Context, cypher: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  if (running < PARALLEL_READS) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await ctx.gateway.read({ name: 'oracle/reference', cypher, params });
  } finally {
    // The slot passes straight to the next in line, so no new caller can slip past the bound.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function toNode(row: Row): RefNode {
  const label = (row.labels as string[]).find(isNodeLabel);
  if (!label) throw new Error(`reference: a node without a known label: ${JSON.stringify(row)}`);
  return { __ref: true, label, props: row.props as Record<string, unknown> };
}

/** Code-unit order with nulls last, as Neo4j sorts strings and numbers. */
function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

async function relationNodes(ctx: Context, node: RefNode, spec: RelationSpec): Promise<Row[]> {
  if (spec.viaZone) {
    // The zone, the plain way: the park it is located in when that is a zone, or that park's zone.
    const zones = await read(
      ctx,
      `MATCH (n:${node.label} {id: $id})-[:LOCATED_IN]->(p:Park) MATCH (m:Park {kind: 'ZONE'}) WHERE m = p OR (p)-[:PART_OF]->(m) RETURN DISTINCT properties(m) AS props, labels(m) AS labels`,
      { id: node.props.id },
    );
    return zones
      .sort(
        (x, y) =>
          compare((x.props as Row).name, (y.props as Row).name) ||
          compare((x.props as Row).id, (y.props as Row).id),
      )
      .slice(0, 1);
  }
  const target = spec.target === 'Node' ? '' : `:${spec.target}`;
  const arrow =
    spec.direction === 'OUT'
      ? `-[r:${spec.type}]->`
      : spec.direction === 'IN'
        ? `<-[r:${spec.type}]-`
        : `-[r:${spec.type}]-`;
  const rows = await read(
    ctx,
    `MATCH (n:${node.label} {id: $id})${arrow}(m${target}) RETURN properties(m) AS props, labels(m) AS labels, properties(r) AS rel`,
    { id: node.props.id },
  );
  const sortKey = (row: Row): unknown =>
    spec.type === 'HAS_SEGMENT' ? (row.props as Row).order : (row.props as Row).name;
  return rows
    .sort((x, y) => compare(sortKey(x), sortKey(y)) || compare((x.props as Row).id, (y.props as Row).id))
    .slice(0, spec.many ? 500 : 1);
}

function entityResolvers(label: NodeLabel): Record<string, Resolver> {
  const spec = ENTITIES[label];
  const resolvers: Record<string, Resolver> = {
    id: (n) => (n as RefNode).props.id,
    sources: async (n, _args, ctx) => {
      const node = n as RefNode;
      const rows = await read(
        ctx,
        `MATCH (n:${node.label} {id: $id})-[:CITES]->(s:Source) RETURN properties(s) AS props, labels(s) AS labels`,
        { id: node.props.id },
      );
      return rows.map(toNode).sort((x, y) => compare(x.props.id, y.props.id));
    },
  };
  for (const [name, scalar] of Object.entries({ ...COMMON_SCALARS, ...spec.scalars })) {
    resolvers[name] = (n) => (n as RefNode).props[scalar.property ?? name] ?? null;
  }
  for (const [name, relation] of Object.entries(spec.relations)) {
    resolvers[name] = async (n, _args, ctx) => {
      const rows = await relationNodes(ctx, n as RefNode, relation);
      const values = rows.map((row) =>
        relation.edge ? { ...(row.rel as Row), node: toNode(row) } : toNode(row),
      );
      return relation.many ? values : (values[0] ?? null);
    };
  }
  for (const [name, named] of Object.entries(spec.named)) {
    resolvers[name] = async (n, _args, ctx) =>
      (await relationNodes(ctx, n as RefNode, named.relation)).length > 0;
  }
  return resolvers;
}

async function lookUp(ctx: Context, label: NodeLabel | 'Node', id: string): Promise<RefNode | null> {
  const actual = requireId('id', id);
  if (label !== 'Node' && actual !== label) return null;
  const rows = await read(
    ctx,
    `MATCH (n:${actual} {id: $id}) RETURN properties(n) AS props, labels(n) AS labels`,
    { id },
  );
  return rows[0] ? toNode(rows[0]) : null;
}

/** The ids of the nodes that have a relationship of one of the types to the node with the given id. */
async function linkedIds(
  ctx: Context,
  label: NodeLabel,
  pattern: string,
  id: unknown,
): Promise<Set<unknown>> {
  const rows = await read(ctx, `MATCH ${pattern.replace('$L', label)} RETURN DISTINCT n.id AS id`, { x: id });
  return new Set(rows.map((r) => r.id));
}

/** Each filter of filters.ts, decided the plain way: a property test, or the ids a small pattern finds. */
async function keep(
  ctx: Context,
  label: NodeLabel,
  filter: Record<string, unknown>,
): Promise<(n: RefNode) => boolean> {
  const tests: ((n: RefNode) => boolean)[] = [];
  const patterns: Record<string, string> = {
    zone: '(n:$L)-[:PART_OF|HAS_CHAIN]-(:Park {id: $x})',
    park: '(n:$L)-[:LOCATED_IN]->(p:Park) WHERE p.id = $x OR EXISTS { (p)-[:PART_OF]->(:Park {id: $x}) }',
    chain: '(n:$L)-[:IN_CHAIN|CHAIN_MASTER_OF]->(:IndustryChain {id: $x})',
    segment: '(n:$L)-[:OPERATES_IN|FILLS]->(:ChainSegment {id: $x})',
    chainType: '(n:$L)-[:OF_TYPE|HAS_SEGMENT]-(:ChainType {id: $x})',
    subject: '(n:$L)-[:MEASURES]->({id: $x})',
  };
  for (const [field, value] of Object.entries(filter)) {
    if (value === null || value === undefined || !LABEL_FILTERS[label].includes(field)) continue;
    const allowed = NODE_SPECS[label].enums?.[field];
    if (['kind', 'stage', 'status'].includes(field) && allowed && !allowed.includes(value as string))
      throw new AppError('BAD_USER_INPUT', `filter.${field} must be one of ${allowed.join(', ')}`);
    const pattern = patterns[field];
    if (pattern) {
      const ids = await linkedIds(ctx, label, pattern, value);
      tests.push((n) => ids.has(n.props.id));
    } else if (field === 'ids') {
      tests.push((n) => (value as unknown[]).includes(n.props.id));
    } else if (field === 'nameContains') {
      const part = (value as string).toLowerCase();
      tests.push((n) =>
        [n.props.name, n.props.nameEn, n.props.shortName].some(
          (x) => typeof x === 'string' && x.toLowerCase().includes(part),
        ),
      );
    } else if (field === 'highTech' || field === 'specialized') {
      tests.push((n) => n.props[field] === value);
    } else {
      tests.push((n) => n.props[field] === value);
    }
  }
  return (n) => tests.every((t) => t(n));
}

const SORTS: Record<string, { key: (n: RefNode) => unknown; desc: boolean }> = {
  NAME_ASC: { key: (n) => n.props.name ?? '', desc: false },
  NAME_DESC: { key: (n) => n.props.name ?? '', desc: true },
  ID_ASC: { key: (n) => n.props.id, desc: false },
  ID_DESC: { key: (n) => n.props.id, desc: true },
};

interface ListArgs {
  filter?: Record<string, unknown> | null;
  orderBy?: string | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * A root list the Relay connection spec's way, literally: the whole filtered, sorted list, then
 * ApplyCursorsToEdges, then `first` from the head and `last` from the tail of what is left, and
 * HasPreviousPage / HasNextPage as the spec's algorithms say. Two choices are the service's, as its
 * README documents them: cursors are keyset positions (a cursor removes every node at or before its
 * position, also when its own node is filtered out or gone, where the spec's cursor identity would
 * remove nothing), and neither `first` nor `last` means `first: 20`. Where the spec lets a server
 * report "elements exist prior to after" (or "following before"), this service does, counting the
 * cursor's own position: a node of the filtered list at or before `after` (at or after `before`).
 */
async function list(ctx: Context, label: NodeLabel, args: ListArgs): Promise<object> {
  const orderBy = args.orderBy ?? 'NAME_ASC';
  const first = given(args.first)
    ? requireRange('first', args.first, 1, PAGE_MAX)
    : given(args.last)
      ? undefined
      : 20;
  const last = given(args.last) ? requireRange('last', args.last, 1, PAGE_MAX) : undefined;
  const sort = SORTS[orderBy];
  if (!sort) throw new Error(`reference: unknown order ${orderBy}`);
  const afterAt = given(args.after) ? decodeCursor(args.after, orderBy, 'after') : undefined;
  const beforeAt = given(args.before) ? decodeCursor(args.before, orderBy, 'before') : undefined;
  const all = (await read(ctx, `MATCH (n:${label}) RETURN properties(n) AS props, labels(n) AS labels`)).map(
    toNode,
  );
  const test = await keep(ctx, label, args.filter ?? {});
  const sign = sort.desc ? -1 : 1;
  /** Where a node lies against a cursor's position in the list's order: < 0 before, 0 at, > 0 after. */
  const against = (n: RefNode, [key, id]: [unknown, string]): number =>
    sign * (compare(sort.key(n), key) || compare(n.props.id, id));
  const matching = all
    .filter(test)
    .sort((x, y) => sign * (compare(sort.key(x), sort.key(y)) || compare(x.props.id, y.props.id)));
  // ApplyCursorsToEdges.
  let edges = matching;
  if (afterAt) edges = edges.filter((n) => against(n, afterAt) > 0);
  if (beforeAt) edges = edges.filter((n) => against(n, beforeAt) < 0);
  const between = edges.length;
  // EdgesToReturn.
  if (first !== undefined && edges.length > first) edges = edges.slice(0, first);
  if (last !== undefined && edges.length > last) edges = edges.slice(edges.length - last);
  // HasPreviousPage and HasNextPage.
  const hasPreviousPage =
    last !== undefined
      ? between > last
      : afterAt !== undefined && matching.some((n) => against(n, afterAt) <= 0);
  const hasNextPage =
    first !== undefined
      ? between > first
      : beforeAt !== undefined && matching.some((n) => against(n, beforeAt) >= 0);
  const page = edges.map((node) => ({
    cursor: encodeCursor(orderBy, sort.key(node), node.props.id as string),
    node,
  }));
  return {
    edges: page,
    nodes: edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: page[0]?.cursor ?? null,
      endCursor: page.at(-1)?.cursor ?? null,
    },
    totalCount: matching.length,
  };
}

async function search(ctx: Context, text: string, first: number | null | undefined): Promise<object[]> {
  const limit = first ?? 10;
  requireRange('first', limit, 1, SEARCH_MAX);
  const words = text.trim();
  if (words.length === 0 || words.length > 100)
    throw new AppError('BAD_USER_INPUT', 'text must be 1 to 100 characters');
  const rows = await read(
    ctx,
    `CALL db.index.fulltext.queryNodes('name_search', $q, {limit: $limit}) YIELD node, score
     RETURN score, properties(node) AS props, labels(node) AS labels`,
    { q: escapeLucene(words), limit },
  );
  return rows
    .map((row) => ({ score: row.score as number, node: toNode(row) }))
    .sort((x, y) => y.score - x.score || compare(x.node.props.id, y.node.props.id));
}

/** The root fields and the types' fields the reference answers; the generator asks for nothing else. */
export interface Reference {
  schema: GraphQLSchema;
  /** True when the reference resolves this field of this type. */
  covers(typeName: string, fieldName: string): boolean;
}

/** Builds the reference executor from the real schema's SDL. */
export function buildReference(real: GraphQLSchema): Reference {
  const schema = buildSchema(printSchema(real));
  const covered = new Map<string, Set<string>>();
  const attach = (typeName: string, resolvers: Record<string, Resolver>): void => {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) return;
    const fields = type.getFields();
    const names = covered.get(typeName) ?? new Set<string>();
    for (const [name, resolve] of Object.entries(resolvers)) {
      const field = fields[name];
      if (!field) continue;
      field.resolve = resolve;
      names.add(name);
    }
    covered.set(typeName, names);
  };
  const byName = (names: string[]): Record<string, Resolver> =>
    Object.fromEntries(names.map((n) => [n, (source: unknown) => (source as Row)[n] ?? null]));

  const query: Record<string, Resolver> = {
    node: (_s, args: { id: string }, ctx) => lookUp(ctx, 'Node', args.id),
    search: (_s, args: { text: string; first?: number | null }, ctx) => search(ctx, args.text, args.first),
  };
  for (const label of NODE_LABELS) {
    query[label.charAt(0).toLowerCase() + label.slice(1)] = (_s, args: { id: string }, ctx) =>
      lookUp(ctx, label, args.id);
    query[listFieldName(label)] = (_s, args: ListArgs, ctx) => list(ctx, label, args);
    attach(label, entityResolvers(label));
    attach(`${label}Connection`, byName(['edges', 'nodes', 'pageInfo', 'totalCount']));
    attach(`${label}Edge`, byName(['cursor', 'node']));
    for (const [name, relation] of Object.entries(ENTITIES[label].relations)) {
      if (!relation.edge) continue;
      const type = (schema.getType(label) as GraphQLObjectType).getFields()[name]?.type.toString();
      const linkType = type?.replace(/[[\]!]/g, '');
      if (linkType)
        attach(
          linkType,
          byName(['node', 'basis', 'note', 'sources', 'product', 'programme', 'count', 'unit', 'mode']),
        );
    }
  }
  attach('Query', query);
  attach('PageInfo', byName(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']));
  attach('SearchHit', byName(['score', 'node']));
  const node = schema.getType('Node');
  if (node instanceof GraphQLInterfaceType) node.resolveType = (value) => (value as RefNode).label;
  return {
    schema,
    covers: (typeName, fieldName) => covered.get(typeName)?.has(fieldName) ?? false,
  };
}
