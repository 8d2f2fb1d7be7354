/**
 * Undoing changes, to see the graph as it stood at a time: inside a rehearsal (a write transaction the
 * gateway always rolls back), the changes after that time are undone newest first from what the log
 * kept of them, and the question is then asked of what is left. Nothing of it ever commits, so the
 * past is computed by the same statements as the present.
 *
 * A change can be undone only when the log kept its before and after: an IMPORT or a SEED keeps only
 * counts, so a past across one of them is HISTORY_UNAVAILABLE, as is a past older than the retention.
 */
import type { Neo4jGateway, Statement, TransactionRunner } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import { AppError } from '../errors';
import { NODE_LABELS } from '../model/registry';
import { RELATIONSHIP_TYPES } from '../model/relationships';
import type { ChangeRecord, RelationshipRef } from './change';
import { RETURN_CHANGE, toChangeRecord, type ChangeRow } from './feed';

/** The most changes one as-of answer undoes; further back costs more than an answer should. */
export const UNDO_MAX = 5_000;

/** Where an as-of rebuild starts: the log's head and horizon, the change at the time, the scope's ends. */
export type HorizonRow = {
  head: number;
  pruned: number;
  expired: boolean;
  at: number;
  zones: string[];
  ids: string[];
};

/**
 * The log's state and what a chain's answer depends on: its zone (also one it had when deleted) and
 * its chain type. Changes are filed under the zones and chains they touch (record.ts); a firm's link
 * to a segment is filed under its zone but under a chain only when the firm is IN_CHAIN, while the
 * chain map counts every firm of the zone, so the zone is part of the scope.
 */
export function horizonStatement(chainId: string, at: string): Statement<HorizonRow> {
  return statement(
    'history/horizon',
    [
      "OPTIONAL MATCH (k:ChangeLog {id: 'changes'})",
      'OPTIONAL MATCH (c:IndustryChain {id: $chain})',
      // The last change at `at` is the one before the first after it: a range on the time index that
      // walks only the changes an answer undoes anyway (times follow numbers, record.ts).
      'WITH k, c, COLLECT { MATCH (x:Change) WHERE x.at > datetime($at) RETURN min(x.seq) }[0] AS next',
      'WITH k, c, coalesce(next - 1, k.seq, 0) AS at',
      'RETURN coalesce(k.seq, 0) AS head, coalesce(k.pruned, 0) AS pruned, at,',
      // Retention removes the oldest first, so the past is whole after the newest change it removed.
      // Without that time (a log pruned before it was kept), only a time after a kept change is safe.
      '  CASE WHEN k.prunedAt IS NOT NULL THEN datetime($at) < k.prunedAt',
      '    ELSE coalesce(k.pruned, 0) > 0 AND at <= k.pruned END AS expired,',
      '  CASE WHEN c IS NULL',
      // A chain deleted since: the zones its delete was filed under (a scan, for an unknown chain only).
      "    THEN COLLECT { MATCH (x:Change {entityId: $chain, op: 'DELETE'}) UNWIND x.zones AS z RETURN DISTINCT z }",
      '    ELSE COLLECT { MATCH (z:Park)-[:HAS_CHAIN]->(c) RETURN z.id } END AS zones,',
      '  [$chain] + COLLECT { MATCH (c)-[:OF_TYPE]->(t:ChainType) RETURN t.id } AS ids',
    ],
    { chain: chainId, at },
  );
}

/** What a chain's past depends on: changes filed under the chain or its zones, or naming these ids. */
export type UndoScope = { chain: string; zones: string[]; ids: string[] };

/**
 * The changes after `from` up to `head` that touch the scope, one more than the cap: newest first to
 * undo them, oldest first to list them.
 */
export function scopeChangesStatement(
  from: number,
  head: number,
  scope: UndoScope,
  order: 'newest' | 'oldest' = 'newest',
): Statement<ChangeRow> {
  return statement(
    order === 'newest' ? 'history/toUndo' : 'history/scopeChanges',
    [
      `MATCH (c:Change) WHERE c.seq > $from AND c.seq <= $head AND ${IN_SCOPE}`,
      `WITH c ORDER BY c.seq ${order === 'newest' ? 'DESC' : 'ASC'} LIMIT $limit ${RETURN_CHANGE}`,
    ],
    { from, head, limit: UNDO_MAX + 1, ...scope },
  );
}

/** Whether change `c` touches the scope. */
const IN_SCOPE =
  '($chain IN c.chains OR any(z IN c.zones WHERE z IN $zones) OR c.entityId IN $ids OR c.fromId IN $ids OR c.toId IN $ids)';

/**
 * The scope's changes that committed but wait for their number (history/sequencer.ts), newest first,
 * each with its node's element id: they are newer than every numbered one, and undone first.
 */
export function pendingScopeStatement(scope: UndoScope): Statement<ChangeRow & { ref: string }> {
  return statement(
    'history/toUndoPending',
    [
      `MATCH (c:Unsequenced) WHERE ${IN_SCOPE}`,
      `WITH c ORDER BY c.ts DESC, elementId(c) DESC LIMIT $limit ${RETURN_CHANGE}, elementId(c) AS ref`,
    ],
    { limit: UNDO_MAX + 1, ...scope },
  );
}

/**
 * How many changes of the scope landed after a rewind from `head` that had seen the pending changes
 * `known`: numbered after `head`, or still pending, and not among those it undid.
 */
export function landedStatement(
  head: number,
  scope: UndoScope,
  known: string[],
): Statement<{ landed: number }> {
  return statement(
    'history/landed',
    [
      'CALL () {',
      `  MATCH (c:Change) WHERE c.seq > $head AND ${IN_SCOPE} AND NOT elementId(c) IN $known RETURN c`,
      '  UNION',
      `  MATCH (c:Unsequenced) WHERE ${IN_SCOPE} AND NOT elementId(c) IN $known RETURN c`,
      '}',
      'RETURN count(c) AS landed',
    ],
    { head, known, ...scope },
  );
}

/** A label or relationship type from the log, checked against the model before it enters Cypher. */
function known<T extends string>(kind: string, name: string | null, names: readonly T[], seq: number): T {
  const found = names.find((n) => n === name);
  if (found === undefined)
    throw new AppError('HISTORY_UNAVAILABLE', `change ${seq} names an unknown ${kind} ${String(name)}`, {
      seq,
    });
  return found;
}

/** Stored times that JSON turned into text, to be turned back (createdAt, updatedAt, a demand's stamps). */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})(\[[^\]]+\])?$/;
const temporalKeys = (props: Record<string, unknown>): string[] =>
  Object.entries(props)
    .filter(([k, v]) => k.endsWith('At') && typeof v === 'string' && ISO_DATETIME.test(v))
    .map(([k]) => k);

/** Sets `v`'s properties to `$props` exactly, with its times as datetimes again. */
const RESTORE = (v: string): string =>
  `SET ${v} = $props FOREACH (k IN $temporal | SET ${v}[k] = datetime(${v}[k]))`;

const restoreParams = (props: Record<string, unknown>): Record<string, unknown> => ({
  props,
  temporal: temporalKeys(props),
});

/** A node's CITES edges follow its `sources`, as every write keeps them. */
const CITES_FOLLOW_SOURCES =
  'WITH x OPTIONAL MATCH (x)-[r:CITES]->(s:Source) WHERE NOT s.id IN coalesce(x.sources, []) DELETE r';

function relMatch(rel: RelationshipRef, seq: number): { a: string; z: string; type: string } {
  const from = known('label', rel.fromLabel, NODE_LABELS, seq);
  const to = known('label', rel.toLabel, NODE_LABELS, seq);
  const type = known('relationship type', rel.type, RELATIONSHIP_TYPES, seq);
  return { a: `(a:\`${from}\` {id: $from})`, z: `(z:\`${to}\` {id: $to})`, type };
}

/** Recreates a deleted node and the relationships it took with it, one UNWIND per type and direction. */
function recreateStatement(change: ChangeRecord, label: string): Statement {
  const groups = new Map<string, { out: boolean; other: string; type: string; rows: object[] }>();
  for (const r of change.removed) {
    const out = r.from === change.id && r.fromLabel === label;
    const other = known('label', out ? r.toLabel : r.fromLabel, NODE_LABELS, change.seq);
    const type = known('relationship type', r.type, RELATIONSHIP_TYPES, change.seq);
    const key = `${out ? '>' : '<'}${type}:${other}`;
    const group = groups.get(key) ?? { out, other, type, rows: [] };
    const props = r.props ?? {};
    group.rows.push({ id: out ? r.to : r.from, props, temporal: temporalKeys(props) });
    groups.set(key, group);
  }
  const params: Record<string, unknown> = { ...restoreParams(change.before ?? {}) };
  const calls = [...groups.values()].map((g, i) => {
    params[`g${i}`] = g.rows;
    const edge = g.out ? `(x)-[e:\`${g.type}\`]->(o)` : `(o)-[e:\`${g.type}\`]->(x)`;
    return [
      `WITH x CALL (x) { UNWIND $g${i} AS r MATCH (o:\`${g.other}\` {id: r.id})`,
      `  CREATE ${edge} SET e = r.props FOREACH (k IN r.temporal | SET e[k] = datetime(e[k])) }`,
    ].join('\n');
  });
  return statement(
    'history/undo/delete',
    [`CREATE (x:\`${label}\`)`, RESTORE('x'), ...calls, 'RETURN count(*) AS done'],
    params,
  );
}

/** The statement that undoes one change, or HISTORY_UNAVAILABLE for one the log cannot undo. */
export function undoStatement(change: ChangeRecord): Statement {
  const { seq } = change;
  switch (change.op) {
    case 'CREATE': {
      const label = known('label', change.label, NODE_LABELS, seq);
      return statement('history/undo/create', [`MATCH (x:\`${label}\` {id: $id}) DETACH DELETE x`], {
        id: change.id,
      });
    }
    case 'UPDATE':
    case 'DEMAND_STEP': {
      const label = known('label', change.label, NODE_LABELS, seq);
      return statement(
        'history/undo/update',
        [`MATCH (x:\`${label}\` {id: $id})`, RESTORE('x'), CITES_FOLLOW_SOURCES],
        { id: change.id, ...restoreParams(change.before ?? {}) },
      );
    }
    case 'DELETE':
      return recreateStatement(change, known('label', change.label, NODE_LABELS, seq));
    case 'LINK':
    case 'UNLINK': {
      if (!change.relationship) break;
      const { a, z, type } = relMatch(change.relationship, seq);
      const ends = { from: change.relationship.from, to: change.relationship.to };
      // A LINK that made the relationship is undone by removing it; one that set its properties by
      // setting them back; an UNLINK by making it again with the properties it had.
      if (change.op === 'LINK' && change.before === null)
        return statement('history/undo/link', [`MATCH ${a}-[r:\`${type}\`]->${z} DELETE r`], ends);
      const write =
        change.op === 'LINK'
          ? `MATCH ${a}-[r:\`${type}\`]->${z}`
          : `MATCH ${a}, ${z} CREATE (a)-[r:\`${type}\`]->(z)`;
      return statement(`history/undo/${change.op.toLowerCase()}`, [write, RESTORE('r')], {
        ...ends,
        ...restoreParams(change.before ?? {}),
      });
    }
    case 'IMPORT':
    case 'SEED':
      break;
  }
  throw new AppError(
    'HISTORY_UNAVAILABLE',
    `change ${seq} (${change.op} at ${change.at}) keeps no before and after to undo: ` +
      'the graph before it cannot be rebuilt; ask for a time after it',
    { seq, op: change.op, at: change.at },
  );
}

/**
 * Inside a rehearsal `tx`, undoes every change of the chain's scope committed after `at`, so what `tx`
 * reads next is the chain as it stood then. Returns the head it rewound from, so the caller can tell
 * whether a change landed while it read.
 */
export async function rewind(
  tx: TransactionRunner,
  chainId: string,
  at: string,
): Promise<{ head: number; undone: number; scope: UndoScope; pending: string[] }> {
  const [h] = await tx.run(horizonStatement(chainId, at));
  const horizon = h ?? { head: 0, pruned: 0, expired: false, at: 0, zones: [], ids: [chainId] };
  if (horizon.expired)
    throw new AppError(
      'HISTORY_UNAVAILABLE',
      `changes up to ${horizon.pruned} were removed by retention (CHANGE_RETENTION_DAYS); ${at} is before what is kept`,
      { pruned: horizon.pruned },
    );
  const scope = { chain: chainId, zones: horizon.zones, ids: horizon.ids };
  const pending = await tx.run(pendingScopeStatement(scope));
  const rows = [...pending, ...(await tx.run(scopeChangesStatement(horizon.at, horizon.head, scope)))];
  if (rows.length > UNDO_MAX)
    throw new AppError(
      'HISTORY_UNAVAILABLE',
      `more than ${UNDO_MAX} changes of this chain's scope were written after ${at}; ask for a later time`,
      { limit: UNDO_MAX },
    );
  const changes = rows.map(toChangeRecord);
  // Every change is checked before any is undone, so an unavailable past fails at once.
  const statements = changes.map(undoStatement);
  for (const s of statements) await tx.run(s);
  return { head: horizon.head, undone: changes.length, scope, pending: pending.map((p) => p.ref) };
}

/** How often an as-of read is tried again when a change of its scope landed while it read. */
const ATTEMPTS = 3;

/**
 * Answers `read` as the chain stood at `at`, in a rehearsal that is rolled back. Neo4j reads at READ
 * COMMITTED, so a change committing while the rehearsal runs could be seen by `read` without having
 * been undone; the head is read again afterwards, and when a change of the scope landed in between,
 * the answer is thrown away and computed again (CONFLICT after three tries).
 */
export async function readAsOf<T>(
  gateway: Neo4jGateway,
  chainId: string,
  at: string,
  read: (tx: TransactionRunner) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await gateway.rehearse('history/asOf', async (tx) => {
      const { head, scope, pending } = await rewind(tx, chainId, at);
      const answer = await read(tx);
      const [landed] = await tx.run(landedStatement(head, scope, pending));
      return { answer, stale: (landed?.landed ?? 0) > 0 };
    });
    if (!outcome.stale) return outcome.answer;
    if (attempt >= ATTEMPTS)
      throw new AppError(
        'CONFLICT',
        `changes to ${chainId} kept landing while its past was read (${ATTEMPTS} tries); try again`,
      );
  }
}

/** The changes of a chain's scope after `from` up to `to` (the head when null), oldest first. */
export async function changesBetween(
  gateway: Neo4jGateway,
  chainId: string,
  from: string,
  to: string | null,
): Promise<ChangeRecord[]> {
  const [start] = await gateway.read(horizonStatement(chainId, from));
  const [end] = to === null ? [start] : await gateway.read(horizonStatement(chainId, to));
  if (!start || !end) return [];
  if (start.expired)
    throw new AppError(
      'HISTORY_UNAVAILABLE',
      `${from} is before what retention (CHANGE_RETENTION_DAYS) kept`,
    );
  const last = to === null ? end.head : end.at;
  const scope = { chain: chainId, zones: start.zones, ids: start.ids };
  const rows = await gateway.read(scopeChangesStatement(start.at, last, scope, 'oldest'));
  return rows.slice(0, UNDO_MAX).map(toChangeRecord);
}
