/**
 * The write of a validated set in one transaction, shared by the seed and the small import: every node
 * and relationship merged in batches (db/merge.ts), through the write pipeline (pipeline.ts), which
 * keeps the aggregates, checks the invariants the set's new edges could break (a set that would break
 * one, with what the database holds, is rolled back whole) and records the load as one change.
 */
import { mergeCountedNodes, mergeNodes, mergeRelationships } from '../db/merge';
import { countedProperties, propertyDeltaStage } from '../aggregates/statements';
import type { Neo4jGateway, TransactionRunner } from '../db/neo4j';
import type { NodeLabel } from '../model/registry';
import { SeedValidationError, type SeedProblem, type SeedSet } from './format';
import { INVARIANTS, type AddedEdge } from './invariants';
import type { Actor, ChangeInput } from '../history/change';
import { TouchedSet } from '../aggregates/keep';
import { runWrite, SERVED_WRITES, type WriteSettings } from './pipeline';

/** Rows per UNWIND statement: large enough to amortise round trips, small enough to keep tx state modest. */
const BATCH_SIZE = 1000;

export interface LoadReport {
  files: string[];
  nodes: number;
  /** Of the nodes, how many did not exist before: counted by the write itself. */
  created: number;
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
 * Writes a validated set, batch by batch; the statements sent. With `deltas`, the nodes of a label with
 * counted properties carry their aggregates' delta in their own statements (see `writeValidated`).
 */
async function writeSet(
  tx: TransactionRunner,
  set: SeedSet,
  deltas: boolean,
): Promise<{ statements: number; created: number }> {
  let statements = 0;
  let created = 0;
  for (const label of labelsInWriteOrder(set)) {
    const counted = countedProperties(label);
    const stage = deltas ? propertyDeltaStage(label) : undefined;
    for (const batch of batches(set.nodes.get(label) ?? [])) {
      const [row] = await tx.run(
        stage === undefined
          ? mergeNodes(`seed/nodes/${label}`, label, batch)
          : mergeCountedNodes(`seed/nodes/${label}/counted`, label, batch, counted, stage),
      );
      created += row?.created ?? 0;
      statements += 1;
    }
  }
  for (const { type, from, to, rows } of set.relationships) {
    for (const batch of batches(rows)) {
      await tx.run(mergeRelationships(`seed/relationships/${type}`, type, from, to, batch));
      statements += 1;
    }
  }
  return { statements, created };
}

/** The set's relationships that an invariant is about: what the in-transaction check starts from. */
function addedEdges(set: SeedSet): AddedEdge[] {
  const types = new Set<string>(INVARIANTS.map((i) => i.type));
  return set.relationships
    .filter((group) => types.has(group.type))
    .flatMap(({ type, rows }) => rows.map((r) => ({ type, from: String(r.from), to: String(r.to) })));
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

/**
 * Writes a set that has been validated, in one transaction, and reports what it held. A dry run makes
 * the very same writes and checks, the database's own included, and then rolls them back: its verdict
 * is the real run's by construction.
 */
export async function writeValidated(
  gateway: Neo4jGateway,
  files: string[],
  set: SeedSet,
  options: { dryRun?: boolean; timeoutMs?: number; record?: LoadRecord; settings?: WriteSettings } = {},
): Promise<LoadReport> {
  const record = options.record;
  const settings = options.settings ?? SERVED_WRITES;
  // A set of nodes alone changes no relationship, so its aggregates' delta is its counted properties'
  // (aggregates/statements.ts `propertyDeltaStage`), written with the nodes: no facts read before and
  // after (which cost 300 of an import's 570 ms per 1,000 firms, measured on the bench's set).
  const deltas = settings.aggregates && set.relationships.every((group) => group.rows.length === 0);
  const written = await runWrite(gateway, settings, {
    name: options.dryRun ? 'seed/dry-run' : 'seed',
    actor: record?.actor ?? { role: 'seed', name: null },
    touched: deltas ? [] : touchedBySet(set),
    creates: true,
    adds: addedEdges(set),
    refuse: (problems) => new SeedValidationError(problems.map((p) => locate(set, p))),
    dryRun: options.dryRun,
    timeoutMs: options.timeoutMs,
    write: async (tx) => ({
      value: await writeSet(tx, set, deltas),
      change: record ? setChange(record.op, files, set) : null,
    }),
  });
  let nodes = 0;
  for (const rows of set.nodes.values()) nodes += rows.length;
  const relationships = set.relationships.reduce((sum, group) => sum + group.rows.length, 0);
  return { files, nodes, created: written.created, relationships, statements: written.statements };
}
