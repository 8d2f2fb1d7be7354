/**
 * The initial load of an empty local database with Neo4j's offline importer: the bulk import's pass 1
 * (bulk-check.ts, the same validator and invariants), then the records written as the importer's CSV
 * (initial-csv.ts), `neo4j-admin database import full` with the database stopped
 * (db/provision/offline.ts), the restart, and the schema (cypher/schema) with its indexes online. The
 * graph is the one the online bulk import would write. It needs the files of the database, so only the
 * local path qualifies; it refuses a database that holds anything unless told to replace it.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config';
import { AppError } from '../errors';
import { statement } from '../db/cypher-files';
import type { Neo4jGateway } from '../db/neo4j';
import { connectWhenReady, importOffline, provision, type Provisioned } from '../db/provision';
import { applySchema } from '../db/schema';
import type { Actor } from '../history/change';
import { sequenceNow } from '../history/sequencer';
import { recordOnly } from './pipeline';
import { recountAll } from '../aggregates/keep';
import { fromRoot } from '../paths';
import { createProgress } from '../progress';
import { ARRAY_DELIMITER } from './admin-csv';
import { validateAll } from './bulk-check';
import { writeAdminCsv } from './initial-csv';
import { expandInputs } from './records';

export interface InitialOptions {
  /** Replace whatever the database holds; without it a database with any node is refused. */
  overwrite?: boolean;
  /** Where the CSV set is written (and removed after a successful import). */
  csvDir?: string;
  /** A stream for progress and the step lines, e.g. process.stdout. */
  progress?: NodeJS.WritableStream;
  /** Who imports, for the change log. */
  actor?: Actor;
}

export interface InitialReport {
  files: string[];
  nodes: number;
  relationships: number;
  /** Rows of the CSV set: nodes, relationships, and the CITES edges derived from `sources`. */
  rows: number;
  validateMs: number;
  csvMs: number;
  adminMs: number;
  restartMs: number;
  schemaMs: number;
  totalMs: number;
  /** CSV rows per second over the whole load, validation included. */
  rowsPerSecond: number;
}

/** The one line every non-local path gets. */
export const NEEDS_LOCAL =
  'import --initial needs the local Neo4j (NEO4J_PROVISION=local, no NEO4J_URI): neo4j-admin writes the ' +
  "database's files, which a docker or NEO4J_URI database does not expose; import without --initial there";

const nodeCount = statement<{ nodes: number }>('import/initial/count', [
  'MATCH (n) RETURN count(n) AS nodes',
]);

async function open(config: Config): Promise<{ provisioned: Provisioned; gateway: Neo4jGateway }> {
  const provisioned = await provision(config);
  if (provisioned.path !== 'local') throw new AppError('BAD_USER_INPUT', NEEDS_LOCAL);
  return { provisioned, gateway: await connectWhenReady(provisioned, config) };
}

/** Validates the files and loads them into the empty (or, with `overwrite`, replaced) local database. */
export async function initialImport(
  config: Config,
  paths: string[],
  options: InitialOptions = {},
): Promise<InitialReport> {
  if (config.provision === 'external' || config.provision === 'docker')
    throw new AppError('BAD_USER_INPUT', NEEDS_LOCAL);
  const out = options.progress;
  const say = (line: string): void =>
    void out?.write(`${new Date().toISOString()} import --initial: ${line}\n`);
  const started = Date.now();
  const files = expandInputs(paths);
  let { gateway } = await open(config);
  let valid;
  try {
    const [row] = await gateway.read(nodeCount);
    const held = Number(row?.nodes ?? 0);
    if (held > 0 && !options.overwrite)
      throw new AppError(
        'BAD_USER_INPUT',
        `the database holds ${held} nodes; import --initial replaces a database whole, so it takes an empty one ` +
          '(add --overwrite to delete everything in it first, or import without --initial to add to it)',
      );
    // Replacing the database: ids and invariants are judged against the input alone, as if it were empty.
    valid = await validateAll(held > 0 ? undefined : gateway, files);
  } finally {
    await gateway.close();
  }
  const validateMs = Date.now() - started;
  say(`${valid.nodes} nodes and ${valid.relationships} relationships are valid (${seconds(validateMs)})`);

  const csvStarted = Date.now();
  const dir = options.csvDir ?? fromRoot('.data', `admin-import-${config.managed.profile}`);
  const progress = out ? createProgress('writing CSV', valid.nodes + valid.relationships, out) : undefined;
  const set = await writeAdminCsv(valid, dir, progress);
  progress?.done();
  const csvMs = Date.now() - csvStarted;
  say(`wrote ${set.rows} rows in ${set.nodes.length + set.relationships.length} files (${seconds(csvMs)})`);

  const adminStarted = Date.now();
  let adminMs = 0;
  let restartMs = 0;
  try {
    await importOffline(config.managed, config.database, { ...set, arrayDelimiter: ARRAY_DELIMITER });
  } finally {
    // Whatever happened, the database is started again (a failed import leaves it empty, not stopped).
    adminMs = Date.now() - adminStarted;
    say(`neo4j-admin ${seconds(adminMs)}; starting Neo4j`);
    ({ gateway } = await open(config));
    restartMs = Date.now() - adminStarted - adminMs;
  }
  try {
    const schemaStarted = Date.now();
    await applySchema(gateway);
    await gateway.write(
      statement('import/initial/await-indexes', ['CALL db.awaitIndexes($seconds)'], { seconds: 1800 }),
      { timeoutMs: 1_800_000 },
    );
    const schemaMs = Date.now() - schemaStarted;
    // neo4j-admin writes the graph alone: the aggregates are counted in one pass over it.
    const tallyStarted = Date.now();
    if (config.aggregates) {
      const tallies = await recountAll(gateway);
      say(
        `aggregates: ${tallies.rows} tallies of ${tallies.owners} zones and chains (${seconds(Date.now() - tallyStarted)})`,
      );
    }
    // The whole graph is new: one change, filed under no zone or chain, tells the feed's followers to copy it afresh.
    const change = { op: 'IMPORT' as const, files: valid.files.map((f) => f.file) };
    const counts = { nodes: valid.nodes, relationships: valid.relationships };
    const actor = options.actor ?? { role: 'cli', name: null };
    await recordOnly(gateway, config, 'history/initial-import', actor, { ...change, counts });
    await sequenceNow(gateway);
    rmSync(path.resolve(dir), { recursive: true, force: true });
    const totalMs = Date.now() - started;
    say(`restart ${seconds(restartMs)}, schema and indexes ${seconds(schemaMs)}; ${seconds(totalMs)} in all`);
    return {
      files: valid.files.map((f) => f.file),
      nodes: valid.nodes,
      relationships: valid.relationships,
      rows: set.rows,
      validateMs,
      csvMs,
      adminMs,
      restartMs,
      schemaMs,
      totalMs,
      rowsPerSecond: Math.round(set.rows / Math.max(0.001, totalMs / 1000)),
    };
  } finally {
    await gateway.close();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
