/**
 * The write path: upserts and deletes by key, and links and unlinks of the relationships users
 * maintain. Each runs in one transaction; each records who wrote, when, and the source it cites; and
 * each checks the model's invariants inside that transaction, so a write that would break one is
 * rolled back whole (CONFLICT) rather than half-written.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Row } from '../db/neo4j';
import { AppError } from '../errors';
import { requireId } from '../read/args';
import { selectionOf } from '../read/compile';
import type { Context } from '../read/context';
import { RELATIONSHIP_SPECS, type NodeLabel, type RelationshipType } from '../model/registry';
import { log } from '../log';
import type { Actor, RelationshipRef } from '../history/change';
import { nodeTouched, relationshipTouched } from '../aggregates/keep';
import { runNodeWrite, runWrite } from '../import/pipeline';
import {
  deleteStatement,
  linkStatement,
  type LinkEnds,
  unlinkStatement,
  upsertStatement,
} from './write-statements';

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
const writer = (ctx: Pick<Context, 'caller'>): string => ctx.caller ?? 'anonymous';

/** Who wrote, for the change log: the key's role and name (a request's context, or POST /import's caller). */
export const actorOf = (ctx: Pick<Context, 'caller' | 'callerName'>): Actor => ({
  role: writer(ctx),
  name: ctx.callerName ?? null,
});

/** The source a write cites is matched in the write's own statement (see write-statements.ts). */
function sourceRefusal(row: { source: boolean } | undefined, source: string): AppError | undefined {
  return row?.source
    ? undefined
    : new AppError('NOT_FOUND', `no Source has id ${source}: every write must cite a known source`);
}

/** Properties to set: the input without its id, empty values left out. */
function properties(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => k !== 'id' && v !== undefined && v !== null),
  );
}

/** Creates or updates a node by its id, citing a source; returns it with the selected fields. */
export async function upsertNode(
  ctx: Context,
  info: GraphQLResolveInfo,
  label: NodeLabel,
  input: Record<string, unknown>,
  source: string,
): Promise<Row | null> {
  const id = String(input.id);
  const props = properties(input);
  requireId('source', source, ['Source']);
  const selection = selectionOf(info);
  const write = { id, props, source, by: writer(ctx) };
  const row = await runNodeWrite(ctx.gateway, ctx.writes, {
    label,
    actor: actorOf(ctx),
    source,
    counted: nodeTouched(label, id, props).length > 0,
    statement: (stages) => upsertStatement(selection, label, write, stages),
  });
  const refusal = sourceRefusal(row, source);
  if (refusal) throw refusal;
  const node = row?.node ?? null;
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
  const deleted = await runWrite(ctx.gateway, ctx.writes, {
    name: `write/delete/${label}`,
    actor: actorOf(ctx),
    touched: nodeTouched(label, id),
    write: async (tx) => {
      const [row] = await tx.run(deleteStatement(label, id, source));
      const refusal = sourceRefusal(row, source);
      if (refusal || row?.found !== true) return { value: false, refusal };
      const removed: RelationshipRef[] = (row.removed ?? []).map((r) => ({
        type: r.type,
        fromLabel: r.out ? label : r.label,
        from: r.out ? id : r.id,
        toLabel: r.out ? r.label : label,
        to: r.out ? r.id : id,
        props: r.props,
      }));
      // The node is gone: the change is filed under the zones and chains of what it was tied to.
      const scope = (row.removed ?? [])
        .filter((r) => r.label !== 'ChainSegment')
        .map((r) => ({ label: r.label, id: r.id }));
      const chains = (row.removed ?? []).filter((r) => r.type === 'IN_CHAIN' && r.out).map((r) => r.id);
      return {
        value: true,
        change: { op: 'DELETE', label, id, before: row.before, removed, source, scope, chains },
      };
    },
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

/** A link's ends with the labels its ids were checked against. */
const ends = (args: Omit<LinkArgs, 'properties'>, fromLabel: NodeLabel, toLabel: NodeLabel): LinkEnds => ({
  type: args.type,
  from: { label: fromLabel, id: args.from },
  to: { label: toLabel, id: args.to },
  source: args.source,
});

/** What a link or unlink touches, as the aggregates see it. */
const touchedBy = (args: Pick<LinkArgs, 'type' | 'from' | 'to'>, fromLabel: NodeLabel, toLabel: NodeLabel) =>
  relationshipTouched(args.type, { label: fromLabel, id: args.from }, { label: toLabel, id: args.to });

/** A link as the change log names it. */
const relationshipRef = (
  args: Pick<LinkArgs, 'type' | 'from' | 'to'>,
  fromLabel: NodeLabel,
  toLabel: NodeLabel,
): RelationshipRef => ({ type: args.type, fromLabel, from: args.from, toLabel, to: args.to });

/** The ends of a link and its source, matched in the link's own statement; which of them is missing. */
function linkRefusal(
  row: { source: boolean; a: boolean; z: boolean } | undefined,
  args: Pick<LinkArgs, 'from' | 'to' | 'source'>,
  fromLabel: NodeLabel,
  toLabel: NodeLabel,
): AppError | undefined {
  return (
    sourceRefusal(row, args.source) ??
    (!row?.a
      ? new AppError('NOT_FOUND', `no ${fromLabel} has id ${args.from}`)
      : !row.z
        ? new AppError('NOT_FOUND', `no ${toLabel} has id ${args.to}`)
        : undefined)
  );
}

/** Creates or updates a maintained relationship; refuses, whole, one that breaks an invariant. */
export async function link(
  ctx: Context,
  info: GraphQLResolveInfo,
  args: LinkArgs,
): Promise<{ type: RelationshipType; from: Row | null; to: Row | null }> {
  const [fromLabel, toLabel] = linkLabels(args);
  const statement = linkStatement(selectionOf(info), ends(args, fromLabel, toLabel), {
    props: properties(args.properties),
    by: writer(ctx),
  });
  requireId('source', args.source, ['Source']);
  const result = await runWrite(ctx.gateway, ctx.writes, {
    name: `write/link/${args.type}`,
    actor: actorOf(ctx),
    touched: touchedBy(args, fromLabel, toLabel),
    adds: [{ type: args.type, from: args.from, to: args.to }],
    write: async (tx) => {
      const [row] = await tx.run(statement);
      const relationship = relationshipRef(args, fromLabel, toLabel);
      return {
        value: { type: args.type, from: row?.from ?? null, to: row?.to ?? null },
        refusal: linkRefusal(row, args, fromLabel, toLabel),
        change: { op: 'LINK', relationship, before: row?.before, after: row?.after, source: args.source },
      };
    },
  });
  log(`write: link ${args.from} -${args.type}-> ${args.to} by ${writer(ctx)} citing ${args.source}`);
  return result;
}

/** Removes a maintained relationship; false when there was none. */
export async function unlink(ctx: Context, args: Omit<LinkArgs, 'properties'>): Promise<boolean> {
  const [fromLabel, toLabel] = linkLabels(args);
  requireId('source', args.source, ['Source']);
  const removed = await runWrite(ctx.gateway, ctx.writes, {
    name: `write/unlink/${args.type}`,
    actor: actorOf(ctx),
    touched: touchedBy(args, fromLabel, toLabel),
    write: async (tx) => {
      const [row] = await tx.run(unlinkStatement(ends(args, fromLabel, toLabel)));
      const refusal = sourceRefusal(row, args.source);
      if (refusal || row?.found !== true) return { value: false, refusal };
      const relationship = relationshipRef(args, fromLabel, toLabel);
      return { value: true, change: { op: 'UNLINK', relationship, before: row.before, source: args.source } };
    },
  });
  log(
    `write: unlink ${args.from} -${args.type}-> ${args.to} (${removed ? 'removed' : 'not found'}) by ${writer(ctx)} citing ${args.source}`,
  );
  return removed;
}
