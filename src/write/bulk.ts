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
import path from 'node:path';
import type { Neo4jGateway, Statement } from '../db/neo4j';
import {
  isNodeLabel,
  isRelationshipType,
  labelOfId,
  RELATIONSHIP_SPECS,
  type NodeLabel,
} from '../model/registry';
import {
  checkNodeId,
  checkNodeProperties,
  checkRelationshipRecord,
  SeedValidationError,
  type SeedProblem,
} from '../seed/format';
import { findCycle } from '../seed/graph-checks';
import { createProgress, type Progress } from '../progress';
import { expandInputs, kindsOf, readRecords, type InputRecord } from './records';

export interface BulkOptions {
  dryRun?: boolean;
  batchSize?: number;
  /** true: progress on stdout (a bar on a terminal, log lines otherwise); or a stream of your choice. */
  progress?: boolean | NodeJS.WritableStream;
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
export const BULK_BATCH_SIZE = 10_000;
/** A batch is one transaction; on a busy machine a large one may take longer than an API request may. */
const BATCH_TIMEOUT_MS = 300_000;
const LOOKUP_CHUNK = 10_000;
/** Problems listed; past this only counted, so a wholly wrong file cannot exhaust memory. */
const MAX_PROBLEMS = 1000;
const ACYCLIC = ['FEEDS', 'REPORTS_TO'] as const;

type Kind = InputRecord['kind'];
interface Location {
  file: string;
  record: string;
  field: string;
}
interface Edge {
  from: string;
  to: string;
}

interface Validated {
  files: { file: string; kinds: Kind[] }[];
  sources: Record<string, unknown>[];
  nodes: number;
  relationships: number;
}

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
  const batches = await writeAll(gateway, valid, options.batchSize ?? BULK_BATCH_SIZE, progress);
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

/** Pass 1: every record, every reference and every invariant; throws SeedValidationError. */
async function validateAll(gateway: Neo4jGateway, files: string[]): Promise<Validated> {
  const problems: SeedProblem[] = [];
  let unlisted = 0;
  const problem = (file: string, record: string, field: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, record, field, message });
    else unlisted += 1;
  };
  const labelOf = new Map<string, NodeLabel>();
  const sources: Record<string, unknown>[] = [];
  // Ids referred to but not (yet) defined in the input, with where: looked up in the database at the end.
  const unresolved = new Map<string, Location[]>();
  const defer = (id: string, at: Location): void => {
    const list = unresolved.get(id) ?? [];
    if (list.length < 3) list.push(at);
    unresolved.set(id, list);
  };
  const governors = new Map<string, { governor: string } & Location>();
  const acyclic = { FEEDS: [] as (Edge & Location)[], REPORTS_TO: [] as (Edge & Location)[] };
  let nodes = 0;
  let relationships = 0;

  const plan: Validated['files'] = [];
  for (const file of files) {
    const kinds = await kindsOf(file);
    if (kinds === 'bad-header')
      problem(path.basename(file), 'line 1', '(header)', 'a CSV file starts with a label or a type column');
    else plan.push({ file, kinds });
  }

  const checkSources = (file: string, record: string, value: unknown): void => {
    if (!Array.isArray(value)) return; // reported with the record's required properties
    for (const source of value as unknown[]) {
      const id = String(source);
      const label = labelOf.get(id);
      if (label === 'Source') continue;
      if (label === undefined && labelOfId(id) === 'Source') defer(id, { file, record, field: 'sources' });
      else problem(file, record, 'sources', `no Source has id ${id}`);
    }
  };

  // Nodes before relationships, so nearly every end is known by the time its relationship is read.
  for (const kind of ['node', 'relationship'] as const) {
    for (const { file: full, kinds } of plan) {
      if (!kinds.includes(kind)) continue;
      const file = path.basename(full);
      for await (const { group, record, where } of readRecords(full, kind)) {
        if (kind === 'node') {
          if (!isNodeLabel(group)) {
            problem(file, where, '(label)', `unknown label ${group}`);
            continue;
          }
          const id = record.id;
          if (typeof id !== 'string' || id === '') {
            problem(file, where, 'id', 'is required');
            continue;
          }
          const at = `${where} ${id}`;
          const report = (field: string, message: string): void => problem(file, at, field, message);
          checkNodeId(group, id, report);
          if (labelOf.has(id)) report('id', 'is used by another node');
          labelOf.set(id, group);
          checkNodeProperties(group, record, report);
          if (group === 'Source') sources.push(record);
          else checkSources(file, at, record.sources);
          nodes += 1;
          continue;
        }
        if (!isRelationshipType(group) || group === 'CITES') {
          problem(
            file,
            where,
            '(type)',
            group === 'CITES'
              ? 'is written by the loader from each node\'s "sources"'
              : `unknown relationship type ${group}`,
          );
          continue;
        }
        const from = String(record.from);
        const to = String(record.to);
        const at = `${where} ${from}->${to}`;
        const report = (field: string, message: string): void => problem(file, at, field, message);
        relationships += 1;
        const complete = checkRelationshipRecord(group, record, report);
        checkSources(file, at, record.sources);
        if (!complete) continue;
        const spec = RELATIONSHIP_SPECS[group];
        const fromLabel = labelOf.get(from) ?? labelOfId(from);
        const toLabel = labelOf.get(to) ?? labelOfId(to);
        if (!fromLabel) report('from', `no node has id ${from}`);
        else if (!labelOf.has(from)) defer(from, { file, record: at, field: 'from' });
        if (!toLabel) report('to', `no node has id ${to}`);
        else if (!labelOf.has(to)) defer(to, { file, record: at, field: 'to' });
        if (fromLabel && toLabel && (!spec.from.includes(fromLabel) || !spec.to.includes(toLabel)))
          report(
            '(labels)',
            `${group} joins ${spec.from.join('|')} to ${spec.to.join('|')}, not ${fromLabel} to ${toLabel}`,
          );
        if (group === 'GOVERNS') {
          const before = governors.get(to);
          if (before && before.governor !== from)
            report(
              'GOVERNS',
              `one chain, one Party committee: ${to} is governed by ${before.governor} (${before.file} ${before.record})`,
            );
          else if (!before) governors.set(to, { governor: from, file, record: at, field: 'GOVERNS' });
        }
        if (group === 'FEEDS' || group === 'REPORTS_TO')
          acyclic[group].push({ from, to, file, record: at, field: group });
      }
    }
  }

  await resolveInDatabase(gateway, unresolved, labelOf, problem);
  await checkGoverningInDatabase(gateway, governors, problem);
  for (const type of ACYCLIC) await checkAcyclic(gateway, type, acyclic[type], problem);

  if (unlisted > 0)
    problems.push({
      file: '(input)',
      record: '(more)',
      field: '(problems)',
      message: `${unlisted} more problems not listed`,
    });
  if (problems.length > 0) throw new SeedValidationError(problems);
  return { files: plan, sources, nodes, relationships };
}

type ProblemSink = (file: string, record: string, field: string, message: string) => void;

/** Ids the input refers to but does not define: each must be in the database, by its label's index. */
async function resolveInDatabase(
  gateway: Neo4jGateway,
  unresolved: Map<string, Location[]>,
  defined: Map<string, NodeLabel>,
  problem: ProblemSink,
): Promise<void> {
  const byLabel = new Map<NodeLabel, string[]>();
  for (const id of unresolved.keys()) {
    if (defined.has(id)) continue; // defined in a file read after the reference
    const label = labelOfId(id);
    if (label) byLabel.set(label, [...(byLabel.get(label) ?? []), id]);
  }
  for (const [label, ids] of byLabel) {
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const rows = await gateway.read({
        name: `bulk/existing/${label}`,
        cypher: `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id`,
        params: { ids: chunk },
      });
      const found = new Set(rows.map((r) => String(r.id)));
      for (const id of chunk) {
        if (found.has(id)) continue;
        for (const at of unresolved.get(id) ?? [])
          problem(
            at.file,
            at.record,
            at.field,
            `no ${at.field === 'sources' ? 'Source' : 'node'} has id ${id}`,
          );
      }
    }
  }
}

/** One chain, one governing committee: the input's governor must be the database's, if it has one. */
async function checkGoverningInDatabase(
  gateway: Neo4jGateway,
  governors: Map<string, { governor: string } & Location>,
  problem: ProblemSink,
): Promise<void> {
  const chains = [...governors.keys()];
  for (let i = 0; i < chains.length; i += LOOKUP_CHUNK) {
    const rows = await gateway.read({
      name: 'bulk/governors',
      cypher:
        'UNWIND $ids AS id MATCH (c:IndustryChain {id: id})<-[:GOVERNS]-(g:PartyOrganization) RETURN c.id AS chain, collect(g.id) AS governors',
      params: { ids: chains.slice(i, i + LOOKUP_CHUNK) },
    });
    for (const row of rows) {
      const mine = governors.get(String(row.chain));
      const others = (row.governors as string[]).filter((g) => g !== mine?.governor);
      if (mine && others.length > 0)
        problem(
          mine.file,
          mine.record,
          'GOVERNS',
          `one chain, one Party committee: the database has ${others.join(', ')} governing ${String(row.chain)}`,
        );
    }
  }
}

/** FEEDS and REPORTS_TO stay acyclic over the input and the database together. */
async function checkAcyclic(
  gateway: Neo4jGateway,
  type: (typeof ACYCLIC)[number],
  edges: (Edge & Location)[],
  problem: ProblemSink,
): Promise<void> {
  if (edges.length === 0) return;
  const label = type === 'FEEDS' ? 'ChainSegment' : 'PartyOrganization';
  const stored = await gateway.read({
    name: `bulk/acyclic/${type}`,
    cypher: `MATCH (a:${label})-[:${type}]->(b:${label}) RETURN a.id AS from, b.id AS to`,
  });
  const all: Edge[] = [...edges, ...stored.map((r) => ({ from: String(r.from), to: String(r.to) }))];
  const cycle = findCycle(all);
  if (!cycle) return;
  const on = new Set(cycle.slice(1).map((to, i) => `${cycle[i] ?? ''}>${to}`));
  const mine = edges.find((e) => on.has(`${e.from}>${e.to}`));
  problem(
    mine?.file ?? '(set)',
    mine?.record ?? cycle.join(' -> '),
    type,
    `forms a cycle: ${cycle.join(' -> ')}`,
  );
}

/** Pass 2: committed batches, at most one in flight while the next one is read and built. */
async function writeAll(
  gateway: Neo4jGateway,
  valid: Validated,
  batchSize: number,
  progress: Progress | undefined,
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
    for (const source of valid.sources) await add('node|Source', nodeRow(source));
    await flush('node|Source');
    for (const kind of ['node', 'relationship'] as const) {
      for (const { file, kinds } of valid.files) {
        if (!kinds.includes(kind)) continue;
        for await (const { group, record } of readRecords(file, kind)) {
          if (kind === 'node') {
            if (group !== 'Source') await add(`node|${group}`, nodeRow(record));
          } else {
            const from = labelOfId(String(record.from)) ?? '';
            const to = labelOfId(String(record.to)) ?? '';
            await add(`rel|${group}|${from}|${to}`, relationshipRow(record));
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

function nodeRow(record: Record<string, unknown>): Record<string, unknown> {
  const { id, ...rest } = record;
  return { id, sources: Array.isArray(record.sources) ? record.sources : [], props: { ...rest } };
}

function relationshipRow(record: Record<string, unknown>): Record<string, unknown> {
  const { from, to, ...props } = record;
  return { from, to, props };
}

/**
 * The statement of a batch, exactly as the seed loader writes: MERGE on the key, properties set, and
 * CITES derived from `sources`. Labels and types come from validated records (the model's fixed lists).
 */
function statementFor(key: string, rows: Record<string, unknown>[]): Statement {
  const [kind, group, from, to] = key.split('|');
  if (kind === 'node') {
    const cites =
      group === 'Source'
        ? ''
        : ' WITH n, row UNWIND row.sources AS sourceId MATCH (s:Source {id: sourceId}) MERGE (n)-[:CITES]->(s)';
    return {
      name: `bulk/nodes/${group ?? ''}`,
      cypher: `UNWIND $rows AS row MERGE (n:${group ?? ''} {id: row.id}) SET n += row.props${cites}`,
      params: { rows },
    };
  }
  return {
    name: `bulk/relationships/${group ?? ''}`,
    cypher:
      `UNWIND $rows AS row MATCH (a:${from ?? ''} {id: row.from}) MATCH (b:${to ?? ''} {id: row.to}) ` +
      `MERGE (a)-[r:${group ?? ''}]->(b) SET r += row.props`,
    params: { rows },
  };
}
