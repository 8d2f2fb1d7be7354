/**
 * Pass 1 of the bulk import (bulk.ts): every record of every file, streamed, checked with the seed
 * format's rules; every relationship end found in the input or, by batched look-ups, in the database;
 * and the invariants (one governing committee per chain, FEEDS and REPORTS_TO acyclic) over both.
 * Nothing is written: it returns what pass 2 needs, or throws SeedValidationError.
 */
import path from 'node:path';
import type { Neo4jGateway } from '../db/neo4j';
import {
  isNodeLabel,
  isRelationshipType,
  labelOfId,
  RELATIONSHIP_SPECS,
  type NodeLabel,
} from '../model/registry';
import { checkNodeId, checkNodeProperties, checkRelationshipRecord } from '../model/properties';
import { SeedValidationError, type SeedProblem } from './format';
import { findCycle } from './graph-checks';
import { existingIds } from './import';
import { kindsOf, readRecords, type InputRecord } from './records';

/** Chains per look-up of their stored governing committees. */
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

export interface Validated {
  files: { file: string; kinds: Kind[] }[];
  sources: Record<string, unknown>[];
  nodes: number;
  relationships: number;
}

/** Pass 1: every record, every reference and every invariant; throws SeedValidationError. */
export async function validateAll(gateway: Neo4jGateway, files: string[]): Promise<Validated> {
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
      for await (const { group, record, where, problems: found, fileProblem } of readRecords(full, kind)) {
        for (const { field, message } of found ?? []) problem(file, where, field, message);
        if (fileProblem) continue;
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

/** Ids the input refers to but does not define: each must be in the database. */
async function resolveInDatabase(
  gateway: Neo4jGateway,
  unresolved: Map<string, Location[]>,
  defined: Map<string, NodeLabel>,
  problem: ProblemSink,
): Promise<void> {
  // An id defined in a file read after the reference needs no look-up.
  const wanted = [...unresolved.keys()].filter((id) => !defined.has(id));
  const found = await existingIds(gateway, wanted);
  for (const id of wanted) {
    if (found.has(id)) continue;
    for (const at of unresolved.get(id) ?? [])
      problem(at.file, at.record, at.field, `no ${at.field === 'sources' ? 'Source' : 'node'} has id ${id}`);
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
