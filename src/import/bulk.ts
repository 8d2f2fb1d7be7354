/**
 * Import at scale: millions of records from CSV (or JSON) files, streamed twice. Pass 1 validates every
 * record with the seed format's rules, resolves every relationship end in the input or, by batched
 * look-ups, in the database, and checks the invariants over both; nothing is written if anything is
 * wrong. Pass 2 writes in committed batches of `UNWIND $rows ... MERGE`, nodes first (Sources first of
 * all, since every node's CITES edges point at them), reading the next batch while one runs. Unlike
 * the one-transaction import, a failure during pass 2 (the database stopped) leaves the batches before
 * it written; every write is a MERGE, so running the same import again completes it and changes nothing
 * else.
 */
import { mergeNodes, mergeRelationships } from '../db/merge';
import type { Neo4jGateway, Statement } from '../db/neo4j';
import { labelOfId, type NodeLabel } from '../model/registry';
import { createProgress, type Progress } from '../progress';
import { validateAll, type Validated } from './bulk-check';
import { expandInputs, readRecords } from './records';
import type { Actor } from '../history/change';
import { loadChange } from './write-set';
import { TouchedSet } from '../aggregates/keep';
import { runBatches, SERVED_WRITES, type WriteSettings } from './pipeline';

export interface BulkOptions {
  dryRun?: boolean;
  batchSize?: number;
  /** true: progress on stdout (a bar on a terminal, log lines otherwise); or a stream of your choice. */
  progress?: boolean | NodeJS.WritableStream;
  /** Who imports, for the change log's one entry of the whole import. */
  actor?: Actor;
  /** What the write keeps besides itself: the running service's settings, the served ones by default. */
  settings?: WriteSettings;
}

export interface BulkReport {
  files: string[];
  nodes: number;
  relationships: number;
  validateMs: number;
  writeMs: number;
  rowsPerSecond: number;
  batches: number;
  written: boolean;
}

/** Rows per committed batch: measured best among 5k–20k on a 2-core machine (see README). */
const BULK_BATCH_SIZE = 10_000;
/** A batch is one transaction; on a busy machine a large one may take longer than an API request may. */
const BATCH_TIMEOUT_MS = 300_000;

/** Validates and (unless a dry run) writes the files and folders given; see the module comment. */
export async function bulkImport(
  gateway: Neo4jGateway,
  paths: string[],
  options: BulkOptions = {},
): Promise<BulkReport> {
  const out = options.progress === true ? process.stdout : options.progress || undefined;
  const started = Date.now();
  const valid = await validateAll(gateway, expandInputs(paths));
  const validateMs = Date.now() - started;
  out?.write(
    `${new Date().toISOString()} bulk import: ${valid.nodes} nodes and ${valid.relationships} relationships are valid (${(validateMs / 1000).toFixed(1)} s)\n`,
  );
  const report: BulkReport = {
    files: valid.files.map((f) => f.file),
    nodes: valid.nodes,
    relationships: valid.relationships,
    validateMs,
    writeMs: 0,
    rowsPerSecond: 0,
    batches: 0,
    written: false,
  };
  if (options.dryRun) return report;
  const writeStarted = Date.now();
  const total = valid.nodes + valid.relationships;
  const progress = out ? createProgress('bulk import', total, out) : undefined;
  const touched = {
    parks: new Set<string>(),
    chains: new Set<string>(),
    counts: {},
    tallies: new TouchedSet(),
  };
  const batches = await runBatches(gateway, options.settings ?? SERVED_WRITES, {
    name: 'bulk',
    actor: options.actor ?? { role: 'cli', name: null },
    touched: touched.tallies,
    write: () => writeAll(gateway, valid, options.batchSize ?? BULK_BATCH_SIZE, progress, touched),
    change: () => loadChange('IMPORT', report.files, touched.counts, touched),
  });
  progress?.done();
  const writeMs = Date.now() - writeStarted;
  return {
    ...report,
    writeMs,
    batches,
    rowsPerSecond: Math.round(total / Math.max(0.001, writeMs / 1000)),
    written: true,
  };
}

/** Pass 2: committed batches, at most one in flight while the next one is read and built. */
async function writeAll(
  gateway: Neo4jGateway,
  valid: Validated,
  batchSize: number,
  progress: Progress | undefined,
  touched: {
    parks: Set<string>;
    chains: Set<string>;
    counts: Record<string, number>;
    tallies: TouchedSet;
  },
): Promise<number> {
  let inflight: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  let batches = 0;
  let rowsDone = 0;
  const submit = async (statement: Statement, rows: number): Promise<void> => {
    await inflight;
    if (failure !== undefined) throw failure;
    batches += 1;
    inflight = gateway.write(statement, { timeoutMs: BATCH_TIMEOUT_MS }).then(
      () => {
        rowsDone += rows;
        const group = statement.name.split('/')[2] ?? '';
        touched.counts[group] = (touched.counts[group] ?? 0) + rows;
        progress?.tick(rows);
      },
      (error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
      },
    );
  };
  const buffers = new Map<string, Record<string, unknown>[]>();
  const flush = async (key: string): Promise<void> => {
    const rows = buffers.get(key);
    if (!rows || rows.length === 0) return;
    buffers.set(key, []);
    await submit(statementFor(key, rows), rows.length);
  };
  const add = async (key: string, row: Record<string, unknown>): Promise<void> => {
    let rows = buffers.get(key);
    if (!rows) buffers.set(key, (rows = []));
    rows.push(row);
    if (rows.length >= batchSize) await flush(key);
  };

  try {
    for (const source of valid.sources) await add('node|Source', source);
    await flush('node|Source');
    for (const kind of ['node', 'relationship'] as const) {
      for (const { file, kinds } of valid.files) {
        if (!kinds.includes(kind)) continue;
        for await (const { group, record } of readRecords(file, kind)) {
          if (kind === 'node') {
            if (group === 'Park') touched.parks.add(String(record.id));
            if (group === 'IndustryChain') touched.chains.add(String(record.id));
            touched.tallies.node(group, String(record.id), record);
            if (group !== 'Source') await add(`node|${group}`, record);
          } else {
            if (group === 'LOCATED_IN') touched.parks.add(String(record.to));
            if (group === 'IN_CHAIN') touched.chains.add(String(record.to));
            const from = labelOfId(String(record.from)) ?? '';
            const to = labelOfId(String(record.to)) ?? '';
            touched.tallies.relationship(
              group,
              { label: from, id: String(record.from) },
              { label: to, id: String(record.to) },
            );
            await add(`rel|${group}|${from}|${to}`, record);
          }
        }
      }
      // Every node is committed before the first relationship batch looks its ends up.
      for (const key of [...buffers.keys()]) await flush(key);
    }
    await inflight;
    if (failure !== undefined) throw failure;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const stopped = new Error(
      `bulk import stopped after ${rowsDone} rows in committed batches: ${message}. ` +
        'Those rows stay written; running the same import again is safe (every write is a MERGE) and completes it.',
    );
    Object.defineProperty(stopped, 'cause', { value: error, enumerable: false });
    throw stopped;
  }
  return batches;
}

/** The statement of a batch: the MERGE statements of every write path (db/merge.ts), so all write alike. */
function statementFor(key: string, rows: Record<string, unknown>[]): Statement {
  const [kind, group = '', from = '', to = ''] = key.split('|');
  return kind === 'node'
    ? mergeNodes(`bulk/nodes/${group}`, group as NodeLabel, rows)
    : mergeRelationships(`bulk/relationships/${group}`, group, from, to, rows);
}
