/**
 * The write path: upserts and deletes by key, and links and unlinks of the relationships users
 * maintain. Each runs in one transaction; each records who wrote, when, and the source it cites; and
 * each checks the model's invariants inside that transaction, so a write that would break one is
 * rolled back whole (CONFLICT) rather than half-written.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { TransactionRunner } from '../db/neo4j';
import { AppError } from '../errors';
import { requireId } from '../graph/args';
import { CypherBuilder, projectNode, selectionOf, mergeSets, subSelection } from '../graph/compile';
import type { Context } from '../graphql/context';
import { RELATIONSHIP_SPECS, type NodeLabel, type RelationshipType } from '../model/registry';
import { invariantViolations } from '../seed/loader';
import { log } from '../log';

/** The relationships users maintain through the API; the rest come with the curated data. */
export const MAINTAINED: readonly RelationshipType[] = [
  'OPERATES_IN',
  'SUPPLIES',
  'IN_CHAIN',
  'LOCATED_IN',
  'CHAIN_MASTER_OF',
  'MEMBER_OF',
  'BELONGS_TO',
  'REPORTS_TO',
  'GOVERNS',
  'LEADS',
  'PARTNERS_WITH',
  'PAIRED_WITH',
  'TRAINS_FOR',
  'DEVELOPED',
  'TRANSFERS_TO',
  'APPLIES_TO',
  'INVESTS_IN',
  'FILLS',
];

/** Who wrote: the caller's role (keys themselves are never stored). */
const writer = (ctx: Context): string => ctx.caller ?? 'anonymous';

async function requireSource(tx: TransactionRunner, source: string): Promise<void> {
  requireId('source', source, ['Source']);
  const rows = await tx.run({
    name: 'write/source',
    cypher: 'MATCH (s:Source {id: $source}) RETURN s.id AS id',
    params: { source },
  });
  if (rows.length === 0)
    throw new AppError('NOT_FOUND', `no Source has id ${source}: every write must cite a known source`);
}

async function checkInvariants(tx: TransactionRunner): Promise<void> {
  const problems = await invariantViolations(tx);
  if (problems.length > 0) {
    throw new AppError('CONFLICT', problems.map((p) => `${p.record} ${p.field}: ${p.message}`).join('; '));
  }
}

/** Properties to set: the input without its id, empty values left out. */
function properties(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => k !== 'id' && v !== undefined && v !== null),
  );
}

const SOURCES =
  'CASE WHEN $source IN coalesce(x.sources, []) THEN x.sources ELSE coalesce(x.sources, []) + $source END';

/** Creates or updates a node by its id, citing a source; returns it with the selected fields. */
export async function upsertNode(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: NodeLabel,
  input: Record<string, unknown>,
  source: string,
): Promise<object> {
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const projection = projectNode(b, 'x', label, set, fragments);
  const id = String(input.id);
  const node = await ctx.gateway.writeAll(`write/upsert/${label}`, async (tx) => {
    await requireSource(tx, source);
    const [row] = await tx.run({
      name: `write/upsert/${label}`,
      cypher: [
        `MATCH (s:Source {id: $source}) MERGE (x:${label} {id: $id})`,
        'ON CREATE SET x.createdAt = datetime(), x.createdBy = $by',
        `SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by, x.sources = ${SOURCES}`,
        'MERGE (x)-[:CITES]->(s)',
        `RETURN ${projection} AS node`,
      ].join('\n'),
      params: { ...b.params, id, props: properties(input), source, by: writer(ctx) },
    });
    await checkInvariants(tx);
    return row?.node as object;
  });
  log(`write: upsert ${id} by ${writer(ctx)} citing ${source}`);
  return node;
}

/** Deletes a node and its relationships; false when there was none. */
export async function deleteNode(
  ctx: Context,
  label: NodeLabel,
  id: string,
  source: string,
): Promise<boolean> {
  requireId('id', id, [label]);
  const deleted = await ctx.gateway.writeAll(`write/delete/${label}`, async (tx) => {
    await requireSource(tx, source);
    const [row] = await tx.run({
      name: `write/delete/${label}`,
      cypher: `OPTIONAL MATCH (x:${label} {id: $id}) WITH x, x IS NOT NULL AS found DETACH DELETE x RETURN found`,
      params: { id },
    });
    return row?.found === true;
  });
  // A deleted node keeps nothing to hold its record, so the record is the log line.
  log(`write: delete ${id} (${deleted ? 'deleted' : 'not found'}) by ${writer(ctx)} citing ${source}`);
  return deleted;
}

export interface LinkArgs {
  type: RelationshipType;
  from: string;
  to: string;
  source: string;
  properties: Record<string, unknown>;
}

/** Checks a link's ends against the model, from their ids alone, before anything is read or written. */
function linkLabels(args: Pick<LinkArgs, 'type' | 'from' | 'to'>): [NodeLabel, NodeLabel] {
  if (!MAINTAINED.includes(args.type))
    throw new AppError('BAD_USER_INPUT', `${args.type} is not maintained through the API`);
  const spec = RELATIONSHIP_SPECS[args.type];
  const from = requireId('from', args.from, spec.from);
  const to = requireId('to', args.to, spec.to);
  return [from, to];
}

async function requireEnds(
  tx: TransactionRunner,
  fromLabel: NodeLabel,
  from: string,
  toLabel: NodeLabel,
  to: string,
): Promise<void> {
  const [row] = await tx.run({
    name: 'write/ends',
    cypher: `OPTIONAL MATCH (a:${fromLabel} {id: $from}) OPTIONAL MATCH (z:${toLabel} {id: $to}) RETURN a IS NOT NULL AS a, z IS NOT NULL AS z`,
    params: { from, to },
  });
  if (!row?.a) throw new AppError('NOT_FOUND', `no ${fromLabel} has id ${from}`);
  if (!row.z) throw new AppError('NOT_FOUND', `no ${toLabel} has id ${to}`);
}

/** Creates or updates a maintained relationship; refuses, whole, one that breaks an invariant. */
export async function link(ctx: Context, info: GraphQLResolveInfo, args: LinkArgs): Promise<object> {
  const [fromLabel, toLabel] = linkLabels(args);
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const from = projectNode(
    b,
    'a',
    fromLabel,
    mergeSets(subSelection(set, 'LinkResult', ['from'], fragments)),
    fragments,
  );
  const to = projectNode(
    b,
    'z',
    toLabel,
    mergeSets(subSelection(set, 'LinkResult', ['to'], fragments)),
    fragments,
  );
  const result = await ctx.gateway.writeAll(`write/link/${args.type}`, async (tx) => {
    await requireSource(tx, args.source);
    await requireEnds(tx, fromLabel, args.from, toLabel, args.to);
    const [row] = await tx.run({
      name: `write/link/${args.type}`,
      cypher: [
        `MATCH (a:${fromLabel} {id: $from}), (z:${toLabel} {id: $to})`,
        `MERGE (a)-[x:${args.type}]->(z)`,
        'ON CREATE SET x.createdAt = datetime(), x.createdBy = $by',
        `SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by, x.sources = ${SOURCES}`,
        `RETURN ${from} AS from, ${to} AS to`,
      ].join('\n'),
      params: {
        ...b.params,
        from: args.from,
        to: args.to,
        props: properties(args.properties),
        source: args.source,
        by: writer(ctx),
      },
    });
    await checkInvariants(tx);
    return { type: args.type, from: row?.from, to: row?.to };
  });
  log(`write: link ${args.from} -${args.type}-> ${args.to} by ${writer(ctx)} citing ${args.source}`);
  return result;
}

/** Removes a maintained relationship; false when there was none. */
export async function unlink(ctx: Context, args: Omit<LinkArgs, 'properties'>): Promise<boolean> {
  const [fromLabel, toLabel] = linkLabels(args);
  const removed = await ctx.gateway.writeAll(`write/unlink/${args.type}`, async (tx) => {
    await requireSource(tx, args.source);
    const [row] = await tx.run({
      name: `write/unlink/${args.type}`,
      cypher: `OPTIONAL MATCH (:${fromLabel} {id: $from})-[x:${args.type}]->(:${toLabel} {id: $to}) WITH x, x IS NOT NULL AS found DELETE x RETURN found`,
      params: { from: args.from, to: args.to },
    });
    return row?.found === true;
  });
  log(
    `write: unlink ${args.from} -${args.type}-> ${args.to} (${removed ? 'removed' : 'not found'}) by ${writer(ctx)} citing ${args.source}`,
  );
  return removed;
}
