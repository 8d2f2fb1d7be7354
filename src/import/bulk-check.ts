/**
 * Pass 1 of the bulk import (bulk.ts): every record of every file, streamed, checked by the one record
 * validator (validator.ts); every relationship end found in the input or, by batched look-ups, in the
 * database; and the model's invariants (invariants.ts) over both. Nothing is written: it returns what
 * pass 2 needs, or throws SeedValidationError.
 */
import path from 'node:path';
import type { Neo4jGateway } from '../db/neo4j';
import { isNodeLabel, isRelationshipType, labelOfId, type NodeLabel } from '../model/registry';
import { SeedValidationError, type SeedProblem } from './format';
import { INVARIANTS, type LocatedEdge } from './invariants';
import { existingIds } from './lookups';
import { kindsOf, readRecords, type InputRecord } from './records';
import { CITES_FROM_SOURCES, RecordValidator, type Elsewhere, type ProblemSink } from './validator';

/** Problems listed; past this only counted, so a wholly wrong file cannot exhaust memory. */
const MAX_PROBLEMS = 1000;

type Kind = InputRecord['kind'];
interface Location {
  file: string;
  record: string;
  field: string;
}

export interface Validated {
  files: { file: string; kinds: Kind[] }[];
  sources: Record<string, unknown>[];
  nodes: number;
  relationships: number;
}

/**
 * Pass 1: every record, every reference and every invariant; throws SeedValidationError. Without a
 * gateway the input is judged alone, as for a database about to be replaced by it.
 */
export async function validateAll(gateway: Neo4jGateway | undefined, files: string[]): Promise<Validated> {
  const problems: SeedProblem[] = [];
  let unlisted = 0;
  const problem = (file: string, record: string, field: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ file, record, field, message });
    else unlisted += 1;
  };
  const records = new RecordValidator(problem);
  const sources: Record<string, unknown>[] = [];
  // Ids referred to but not (yet) defined in the input, with where: looked up in the database at the end.
  const unresolved = new Map<string, Location[]>();
  /** An id the input has not defined (yet): judged by its prefix now, looked up in the database at the end. */
  const deferring =
    (file: string, record: string): Elsewhere =>
    (id, field) => {
      const label = labelOfId(id);
      if (label === undefined || (field === 'sources' && label !== 'Source')) return undefined;
      const list = unresolved.get(id) ?? [];
      if (list.length < 3) list.push({ file, record, field });
      unresolved.set(id, list);
      return label;
    };
  const edges = new Map<string, LocatedEdge[]>(INVARIANTS.map((i) => [i.type, []]));
  let nodes = 0;
  let relationships = 0;

  const plan: Validated['files'] = [];
  for (const file of files) {
    const kinds = await kindsOf(file);
    if (kinds === 'bad-header')
      problem(path.basename(file), 'line 1', '(header)', 'a CSV file starts with a label or a type column');
    else plan.push({ file, kinds });
  }

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
          const at = records.node(file, where, group, record);
          if (at === undefined) continue;
          if (group === 'Source') sources.push(record);
          else records.citations(file, at, record.sources, deferring(file, at));
          nodes += 1;
          continue;
        }
        if (!isRelationshipType(group) || group === 'CITES') {
          problem(
            file,
            where,
            '(type)',
            group === 'CITES' ? CITES_FROM_SOURCES : `unknown relationship type ${group}`,
          );
          continue;
        }
        const row = { from: String(record.from), to: String(record.to) };
        const at = `${where} ${row.from}->${row.to}`;
        relationships += 1;
        const complete = records.relationship(file, at, group, record);
        records.citations(file, at, record.sources, deferring(file, at));
        if (!complete) continue;
        records.ends(file, at, group, row, deferring(file, at));
        edges.get(group)?.push({ ...row, file, record: at });
      }
    }
  }

  await resolveInDatabase(gateway, unresolved, records.labelOf, problem);
  for (const invariant of INVARIANTS) {
    const mine = edges.get(invariant.type) ?? [];
    const stored = gateway ? await invariant.stored(gateway, mine) : [];
    for (const p of invariant.check(mine, stored)) problem(p.file, p.record, p.field, p.message);
  }

  const total = problems.length + unlisted;
  if (unlisted > 0)
    problems.push({
      file: '(input)',
      record: '(more)',
      field: '(problems)',
      message: `${unlisted} more problems not listed`,
    });
  if (problems.length > 0) throw new SeedValidationError(problems, total);
  return { files: plan, sources, nodes, relationships };
}

/** Ids the input refers to but does not define: each must be in the database. */
async function resolveInDatabase(
  gateway: Neo4jGateway | undefined,
  unresolved: Map<string, Location[]>,
  defined: Map<string, NodeLabel>,
  problem: ProblemSink,
): Promise<void> {
  // An id defined in a file read after the reference needs no look-up.
  const wanted = [...unresolved.keys()].filter((id) => !defined.has(id));
  const found = gateway ? await existingIds(gateway, wanted) : new Map<string, NodeLabel>();
  for (const id of wanted) {
    if (found.has(id)) continue;
    for (const at of unresolved.get(id) ?? [])
      problem(at.file, at.record, at.field, `no ${at.field === 'sources' ? 'Source' : 'node'} has id ${id}`);
  }
}
