/**
 * The write of a validated set in one transaction, shared by the seed and the small import: every node
 * and relationship merged in batches (db/merge.ts), then the model's invariants checked in the same
 * transaction (invariants.ts), so a set that would break one, with what the database holds, is rolled
 * back whole.
 */
import { mergeNodes, mergeRelationships } from '../db/merge';
import type { Neo4jGateway, TransactionRunner } from '../db/neo4j';
import type { NodeLabel } from '../model/registry';
import { SeedValidationError, type SeedProblem, type SeedSet } from './format';
import { INVARIANTS, invariantViolations, mayBreakInvariants } from './invariants';
import type { Actor, ChangeInput } from '../history/change';
import { changesCommitted } from '../history/notify';
import { recordChange } from '../history/record';
import { keepTallies, recountAll, TouchedSet } from '../aggregates/keep';

/** Rows per UNWIND statement: large enough to amortise round trips, small enough to keep tx state modest. */
const BATCH_SIZE = 1000;

export interface LoadReport {
  files: string[];
  nodes: number;
  relationships: number;
  statements: number;
}

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_SIZE) out.push(rows.slice(i, i + BATCH_SIZE));
  return out;
}

/** Sources first: every other node's CITES edges are merged onto them in the same statement. */
function labelsInWriteOrder(set: SeedSet): NodeLabel[] {
  return [...set.nodes.keys()].sort((x, y) => Number(y === 'Source') - Number(x === 'Source'));
}

/**
 * Writes a validated set, batch by batch, then checks the invariants in the same transaction when the
 * set adds relationships an invariant is about.
 */
async function writeSet(tx: TransactionRunner, set: SeedSet): Promise<number> {
  let statements = 0;
  for (const label of labelsInWriteOrder(set)) {
    for (const batch of batches(set.nodes.get(label) ?? [])) {
      await tx.run(mergeNodes(`seed/nodes/${label}`, label, batch));
      statements += 1;
    }
  }
  for (const { type, from, to, rows } of set.relationships) {
    for (const batch of batches(rows)) {
      await tx.run(mergeRelationships(`seed/relationships/${type}`, type, from, to, batch));
      statements += 1;
    }
  }
  if (!mayBreakInvariants(set.relationships.map((group) => group.type))) return statements;
  const added = set.relationships.flatMap(({ type, rows }) =>
    rows.map(({ from, to }) => ({ type, from, to })),
  );
  const problems = await invariantViolations(tx, added);
  // Throwing inside the transaction function rolls back everything this load wrote.
  if (problems.length > 0) throw new SeedValidationError(problems);
  return statements + 1;
}

/**
 * A problem the database's invariant check found, named by the input row that caused it where the set
 * has one: its file and record, rather than only the id of the chain, segment or organisation.
 */
function locate(set: SeedSet, problem: SeedProblem): SeedProblem {
  if (problem.file !== '(database)') return problem;
  const invariant = INVARIANTS.find((i) => i.type === problem.field);
  for (const group of set.relationships) {
    if (group.type !== problem.field) continue;
    for (const row of group.rows) {
      const origin = invariant?.involves(row, problem.record) ? set.origins?.get(row) : undefined;
      if (origin)
        return {
          file: origin.file,
          record: origin.record,
          field: problem.field,
          message: `${problem.message} (${problem.record}, with what the database holds)`,
        };
    }
  }
  return problem;
}

/** What a load is recorded as: one change for the whole set, with its counts, never one per row. */
export interface LoadRecord {
  op: 'IMPORT' | 'SEED';
  actor: Actor;
}

/**
 * The change log's entry of a whole load: nodes counted by label and relationships by type, and the
 * zones and chains it touches as the rows name them (chains and zones written, IN_CHAIN ends, the
 * zones of LOCATED_IN ends), found without a look-up per row so a large load stays fast.
 */
export function loadChange(
  op: LoadRecord['op'],
  files: string[],
  counts: Record<string, number>,
  touched: { parks: Iterable<string>; chains: Iterable<string> },
): ChangeInput {
  return { op, files, counts, parks: [...new Set(touched.parks)], chains: [...new Set(touched.chains)] };
}

/** What a validated set touches, for `loadChange`. */
function setChange(op: LoadRecord['op'], files: string[], set: SeedSet): ChangeInput {
  const counts: Record<string, number> = {};
  const parks: string[] = [];
  const chains: string[] = [];
  for (const [label, rows] of set.nodes) {
    counts[label] = rows.length;
    if (label === 'Park') parks.push(...rows.map((r) => String(r.id)));
    if (label === 'IndustryChain') chains.push(...rows.map((r) => String(r.id)));
  }
  for (const { type, rows } of set.relationships) {
    counts[type] = (counts[type] ?? 0) + rows.length;
    if (type === 'LOCATED_IN') parks.push(...rows.map((r) => String(r.to)));
    if (type === 'IN_CHAIN') chains.push(...rows.map((r) => String(r.to)));
  }
  return loadChange(op, files, counts, { parks, chains });
}

/** The nodes a set writes that the aggregates depend on. */
function touchedBySet(set: SeedSet): TouchedSet {
  const touched = new TouchedSet();
  for (const [label, rows] of set.nodes) for (const row of rows) touched.node(label, String(row.id), row);
  for (const { type, from, to, rows } of set.relationships)
    for (const row of rows)
      touched.relationship(type, { label: from, id: String(row.from) }, { label: to, id: String(row.to) });
  return touched;
}

/** Thrown out of a dry run's transaction once every write and check has passed, to roll it back. */
class DryRunRollback extends Error {
  constructor(readonly statements: number) {
    super('dry run: rolled back');
  }
}

/**
 * Writes a set that has been validated, in one transaction, and reports what it held. A dry run makes
 * the very same writes and checks, the database's own included, and then rolls them back: its verdict
 * is the real run's by construction.
 */
export async function writeValidated(
  gateway: Neo4jGateway,
  files: string[],
  set: SeedSet,
  options: { dryRun?: boolean; timeoutMs?: number; record?: LoadRecord } = {},
): Promise<LoadReport> {
  const record = options.record;
  const touched = touchedBySet(set);
  const statements = await gateway
    .writeAll(
      options.dryRun ? 'seed/dry-run' : 'seed',
      async (tx) => {
        const sent = touched.overflow
          ? await writeSet(tx, set)
          : await keepTallies(tx, [...touched.refs.values()], () => writeSet(tx, set), { creates: true });
        if (options.dryRun) throw new DryRunRollback(sent);
        if (!record) return sent;
        const seq = await recordChange(tx, setChange(record.op, files, set), record.actor);
        return seq === null ? sent : sent + 1;
      },
      options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
    )
    .catch((error: unknown) => {
      if (error instanceof DryRunRollback) return error.statements;
      if (error instanceof SeedValidationError)
        throw new SeedValidationError(error.problems.map((p) => locate(set, p)));
      throw error;
    });
  // A set too large to follow subject by subject is recounted whole once it has committed.
  if (touched.overflow && !options.dryRun) await recountAll(gateway);
  if (record && !options.dryRun) changesCommitted();
  let nodes = 0;
  for (const rows of set.nodes.values()) nodes += rows.length;
  const relationships = set.relationships.reduce((sum, group) => sum + group.rows.length, 0);
  return { files, nodes, relationships, statements };
}
