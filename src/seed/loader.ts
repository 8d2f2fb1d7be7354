import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineStatement } from '../db/cypher-files';
import type { Neo4jGateway, Statement, TransactionRunner } from '../db/neo4j';
import { fromRoot } from '../paths';
import type { NodeLabel } from '../model/registry';
import { SeedValidationError, validateSeed, type SeedProblem, type SeedSet } from '../import/format';

export const SEED_DIR = fromRoot('seed', 'data');

const nodeCount = defineStatement('seed/nodeCount');
const invariants = defineStatement('seed/invariants');
const lockInvariants = defineStatement('seed/lockInvariants');

/** Rows per UNWIND statement: large enough to amortise round trips, small enough to keep tx state modest. */
export const BATCH_SIZE = 1000;

export interface LoadReport {
  files: string[];
  nodes: number;
  relationships: number;
  statements: number;
}

/** Reads every *.json file of a folder; a file that is not valid JSON is reported like any other problem. */
export function readSeedFiles(dir: string = SEED_DIR): { file: string; content: unknown }[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const parsed: { file: string; content: unknown }[] = [];
  const problems: SeedProblem[] = [];
  for (const file of files) {
    try {
      parsed.push({ file, content: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown });
    } catch (error) {
      problems.push({ file, record: '(file)', field: '(json)', message: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
  return parsed;
}

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_SIZE) out.push(rows.slice(i, i + BATCH_SIZE));
  return out;
}

/** A record's properties to SET: not its keys, and not its nulls, which mean "not given" (SET would remove them). */
function withoutKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!keys.includes(k) && v !== null) props[k] = v;
  return props;
}

/**
 * One batch of nodes of a label: MERGE on the key, so a second write changes nothing, properties set,
 * and CITES derived from `sources`. Every write path (seed, import, bulk import) uses this statement.
 * The label is spliced in only after validation checked it against the model's fixed list; every value
 * travels as a parameter.
 */
export function mergeNodes(name: string, label: NodeLabel, records: Record<string, unknown>[]): Statement {
  const cites =
    label === 'Source'
      ? ''
      : ' WITH n, row UNWIND row.sources AS sourceId MATCH (s:Source {id: sourceId}) MERGE (n)-[:CITES]->(s)';
  return {
    name,
    cypher: `UNWIND $rows AS row MERGE (n:${label} {id: row.id}) SET n += row.props${cites}`,
    params: {
      rows: records.map((r) => ({
        id: r.id,
        sources: Array.isArray(r.sources) ? r.sources : [],
        props: withoutKeys(r, ['id']),
      })),
    },
  };
}

/** One batch of relationships of a type between two labels, merged like mergeNodes' nodes. */
export function mergeRelationships(
  name: string,
  type: string,
  from: string,
  to: string,
  records: Record<string, unknown>[],
): Statement {
  return {
    name,
    cypher:
      `UNWIND $rows AS row MATCH (a:${from} {id: row.from}) MATCH (b:${to} {id: row.to}) ` +
      `MERGE (a)-[r:${type}]->(b) SET r += row.props`,
    params: { rows: records.map((r) => ({ from: r.from, to: r.to, props: withoutKeys(r, ['from', 'to']) })) },
  };
}

/** Sources first: every other node's CITES edges are merged onto them in the same statement. */
function labelsInWriteOrder(set: SeedSet): NodeLabel[] {
  return [...set.nodes.keys()].sort((x, y) => Number(y === 'Source') - Number(x === 'Source'));
}

/** Writes a validated set, batch by batch, then checks the invariants in the same transaction. */
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
  const problems = await invariantViolations(tx);
  // Throwing inside the transaction function rolls back everything this load wrote.
  if (problems.length > 0) throw new SeedValidationError(problems);
  return statements + 1;
}

/**
 * The model's invariants over the whole database, checked inside a writing transaction after its writes:
 * the seed loader, the import and every mutation call this, so all write paths enforce the same rules.
 * It first takes the invariants' lock, so concurrent writers are checked one after the other, each
 * seeing what the one before it committed.
 */
export async function invariantViolations(tx: TransactionRunner): Promise<SeedProblem[]> {
  await tx.run(lockInvariants());
  const [row] = await tx.run(invariants());
  return invariantProblems(row ?? {});
}

/** Turns the invariant query's answer into problems, naming the records that break each rule. */
export function invariantProblems(row: Record<string, unknown>): SeedProblem[] {
  const list = (key: string): string[] => (Array.isArray(row[key]) ? (row[key] as string[]) : []);
  return [
    ...list('doublyGoverned').map((id) => ({
      file: '(database)',
      record: id,
      field: 'GOVERNS',
      message: 'one chain, one Party committee: this chain would have two governing committees',
    })),
    ...list('feedCycles').map((id) => ({
      file: '(database)',
      record: id,
      field: 'FEEDS',
      message: 'lies on a cycle',
    })),
    ...list('reportCycles').map((id) => ({
      file: '(database)',
      record: id,
      field: 'REPORTS_TO',
      message: 'lies on a cycle',
    })),
  ];
}

/**
 * Validates every file of the folder, then writes the whole set in one transaction: a bad file leaves
 * the database exactly as it was.
 */
export async function loadSeed(gateway: Neo4jGateway, dir: string = SEED_DIR): Promise<LoadReport> {
  return loadFiles(gateway, readSeedFiles(dir));
}

/**
 * The transaction limit of loading a whole data set (at start, `npm run seed`, generated sets): it is no
 * client's request, and on a database just started the first load spends most of its time compiling some
 * seventy statements on a cold JVM (15 s was passed that way under load, at NEO4J_TX_TIMEOUT_MS's default).
 */
export const LOAD_TX_TIMEOUT_MS = 120_000;

/** Validates and writes already-parsed files (generated data, imports) exactly as loadSeed does. */
export async function loadFiles(
  gateway: Neo4jGateway,
  files: { file: string; content: unknown }[],
): Promise<LoadReport> {
  return writeValidated(
    gateway,
    files.map((f) => f.file),
    validateSeed(files),
    { timeoutMs: LOAD_TX_TIMEOUT_MS },
  );
}

/**
 * A problem the database's invariant check found, named by the input row that caused it where the set
 * has one: its file and record, rather than only the id of the chain, segment or organisation.
 */
function locate(set: SeedSet, problem: SeedProblem): SeedProblem {
  if (problem.file !== '(database)') return problem;
  for (const group of set.relationships) {
    if (group.type !== problem.field) continue;
    for (const row of group.rows) {
      const touches =
        group.type === 'GOVERNS'
          ? row.to === problem.record
          : row.from === problem.record || row.to === problem.record;
      const origin = touches ? set.origins?.get(row) : undefined;
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
  options: { dryRun?: boolean; timeoutMs?: number } = {},
): Promise<LoadReport> {
  const statements = await gateway
    .writeAll(
      options.dryRun ? 'seed/dry-run' : 'seed',
      async (tx) => {
        const sent = await writeSet(tx, set);
        if (options.dryRun) throw new DryRunRollback(sent);
        return sent;
      },
      options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
    )
    .catch((error: unknown) => {
      if (error instanceof DryRunRollback) return error.statements;
      if (error instanceof SeedValidationError)
        throw new SeedValidationError(error.problems.map((p) => locate(set, p)));
      throw error;
    });
  let nodes = 0;
  for (const rows of set.nodes.values()) nodes += rows.length;
  const relationships = set.relationships.reduce((sum, group) => sum + group.rows.length, 0);
  return { files, nodes, relationships, statements };
}

/** True when the database holds no node at all (Neo4j answers this from its count store). */
export async function isDatabaseEmpty(gateway: Neo4jGateway): Promise<boolean> {
  const [row] = await gateway.read(nodeCount());
  return row?.nodes === 0;
}
