/**
 * The write path: upserts and deletes by key, and links and unlinks of the relationships users
 * maintain. Each runs in one transaction; each records who wrote, when, and the source it cites; and
 * each checks the model's invariants inside that transaction, so a write that would break one is
 * rolled back whole (CONFLICT) rather than half-written.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { TransactionRunner } from '../db/neo4j';
import { AppError } from '../errors';
import { requireId } from '../read/args';
import { CypherBuilder, projectNode, selectionOf, mergeSets, subSelection } from '../read/compile';
import type { Context } from '../read/context';
import { RELATIONSHIP_SPECS, type NodeLabel, type RelationshipType } from '../model/registry';
import { invariantViolations } from '../import/invariants';
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

/**
 * The source a write cites, matched in the write's own statement: a look-up in a statement of its own
 * before the write would be a read-then-write, and the source could go between the two.
 */
const SOURCE_MATCH = 'OPTIONAL MATCH (s:Source {id: $source})';

function requireSourceFound(row: Record<string, unknown> | undefined, source: string): void {
  if (!row?.source)
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
  requireId('source', source, ['Source']);
  const node = await ctx.gateway.writeAll(`write/upsert/${label}`, async (tx) => {
    const [row] = await tx.run({
      name: `write/upsert/${label}`,
      cypher: [
        SOURCE_MATCH,
        'OPTIONAL CALL (s) {',
        `  WITH s WHERE s IS NOT NULL MERGE (x:${label} {id: $id})`,
        '  ON CREATE SET x.createdAt = datetime(), x.createdBy = $by',
        `  SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by, x.sources = ${SOURCES}`,
        '  MERGE (x)-[:CITES]->(s)',
        '  RETURN x',
        '}',
        `RETURN s IS NOT NULL AS source, CASE WHEN x IS NULL THEN null ELSE ${projection} END AS node`,
      ].join('\n'),
      params: { ...b.params, id, props: properties(input), source, by: writer(ctx) },
    });
    requireSourceFound(row, source);
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
  requireId('source', source, ['Source']);
  const deleted = await ctx.gateway.writeAll(`write/delete/${label}`, async (tx) => {
    const [row] = await tx.run({
      name: `write/delete/${label}`,
      cypher: [
        SOURCE_MATCH,
        `OPTIONAL MATCH (x:${label} {id: $id}) WHERE s IS NOT NULL`,
        'WITH s, x, x IS NOT NULL AS found DETACH DELETE x',
        'RETURN s IS NOT NULL AS source, found',
      ].join('\n'),
      params: { id, source },
    });
    requireSourceFound(row, source);
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

/** The ends of a link and its source, matched in the link's own statement; which of them is missing. */
function requireLinkEnds(
  row: Record<string, unknown> | undefined,
  args: Pick<LinkArgs, 'from' | 'to' | 'source'>,
  fromLabel: NodeLabel,
  toLabel: NodeLabel,
): void {
  requireSourceFound(row, args.source);
  if (!row?.a) throw new AppError('NOT_FOUND', `no ${fromLabel} has id ${args.from}`);
  if (!row.z) throw new AppError('NOT_FOUND', `no ${toLabel} has id ${args.to}`);
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
  requireId('source', args.source, ['Source']);
  const result = await ctx.gateway.writeAll(`write/link/${args.type}`, async (tx) => {
    const [row] = await tx.run({
      name: `write/link/${args.type}`,
      cypher: [
        SOURCE_MATCH,
        `OPTIONAL MATCH (a:${fromLabel} {id: $from}) OPTIONAL MATCH (z:${toLabel} {id: $to})`,
        'OPTIONAL CALL (s, a, z) {',
        '  WITH s, a, z WHERE s IS NOT NULL AND a IS NOT NULL AND z IS NOT NULL',
        `  MERGE (a)-[x:${args.type}]->(z)`,
        '  ON CREATE SET x.createdAt = datetime(), x.createdBy = $by',
        `  SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by, x.sources = ${SOURCES}`,
        '  RETURN x',
        '}',
        'RETURN s IS NOT NULL AS source, a IS NOT NULL AS a, z IS NOT NULL AS z,',
        `  CASE WHEN x IS NULL THEN null ELSE ${from} END AS from, CASE WHEN x IS NULL THEN null ELSE ${to} END AS to`,
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
    requireLinkEnds(row, args, fromLabel, toLabel);
    await checkInvariants(tx);
    return { type: args.type, from: row?.from, to: row?.to };
  });
  log(`write: link ${args.from} -${args.type}-> ${args.to} by ${writer(ctx)} citing ${args.source}`);
  return result;
}

/** Removes a maintained relationship; false when there was none. */
export async function unlink(ctx: Context, args: Omit<LinkArgs, 'properties'>): Promise<boolean> {
  const [fromLabel, toLabel] = linkLabels(args);
  requireId('source', args.source, ['Source']);
  const removed = await ctx.gateway.writeAll(`write/unlink/${args.type}`, async (tx) => {
    const [row] = await tx.run({
      name: `write/unlink/${args.type}`,
      cypher: [
        SOURCE_MATCH,
        `OPTIONAL MATCH (:${fromLabel} {id: $from})-[x:${args.type}]->(:${toLabel} {id: $to}) WHERE s IS NOT NULL`,
        'WITH s, x, x IS NOT NULL AS found DELETE x',
        'RETURN s IS NOT NULL AS source, found',
      ].join('\n'),
      params: { from: args.from, to: args.to, source: args.source },
    });
    requireSourceFound(row, args.source);
    return row?.found === true;
  });
  log(
    `write: unlink ${args.from} -${args.type}-> ${args.to} (${removed ? 'removed' : 'not found'}) by ${writer(ctx)} citing ${args.source}`,
  );
  return removed;
}
