import {
  checkNodeId,
  checkNodeProperties,
  checkRelationshipRecord,
  normaliseRecord,
  type Report,
} from '../model/properties';
import {
  isNodeLabel,
  isRelationshipType,
  RELATIONSHIP_SPECS,
  type NodeLabel,
  type RelationshipType,
} from '../model/registry';
import { findCycle } from './graph-checks';

/**
 * A seed file: nodes grouped by label and relationships grouped by type, each a flat record of
 * properties. Relationships name their ends by id; the ends may be in any file of the set. Every node
 * but a Source, and every relationship, lists the ids of the Sources it comes from in `sources`.
 *
 *   { "nodes": { "Park": [{ "id": "park:baiyin-htz", "name": "白银高新区", "kind": "ZONE", "sources": [...] }] },
 *     "relationships": { "PART_OF": [{ "from": "park:yindong", "to": "park:baiyin-htz", "sources": [...] }] } }
 */
export interface SeedFile {
  nodes?: Partial<Record<NodeLabel, NodeRecord[]>>;
  relationships?: Partial<Record<RelationshipType, RelationshipRecord[]>>;
}

export type PropertyValue = string | number | boolean | string[] | number[] | boolean[];
export type NodeRecord = { id: string } & Record<string, PropertyValue>;
export type RelationshipRecord = { from: string; to: string } & Record<string, PropertyValue>;

/** One problem in one record of one file: enough to find and fix it without reading code. */
export interface SeedProblem {
  file: string;
  record: string;
  field: string;
  message: string;
}

export class SeedValidationError extends Error {
  constructor(readonly problems: SeedProblem[]) {
    const shown = problems
      .slice(0, 20)
      .map((p) => `${p.file} ${p.record} ${p.field}: ${p.message}`)
      .join('\n  ');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    super(`The seed data is invalid; nothing was written.\n  ${shown}${more}`);
    this.name = 'SeedValidationError';
  }
}

/** A parsed file to validate; a CSV file brings the line of each record and the problems of its form. */
export interface SeedInput {
  file: string;
  content: unknown;
  /** The line each record of a group starts on, by its index in the group. */
  lines?: ReadonlyMap<string, readonly number[]>;
  problems?: readonly Omit<SeedProblem, 'file'>[];
}

/** A validated data set, ready to write: every relationship's ends are known nodes with known labels. */
export interface SeedSet {
  nodes: Map<NodeLabel, NodeRecord[]>;
  relationships: { type: RelationshipType; from: NodeLabel; to: NodeLabel; rows: RelationshipRecord[] }[];
  /** Where each relationship row came from, so a check made in the database can name the file and record. */
  origins?: Map<RelationshipRecord, { file: string; record: string }>;
}

/**
 * Validates a whole set of parsed files before anything is written: known labels and types, required
 * properties, enumerated values, well-formed unique ids, sources that exist, relationships between the
 * labels the model allows, and the model's invariants (one governing committee per chain; no cycle in
 * FEEDS or REPORTS_TO).
 */
export function validateSeed(
  files: SeedInput[],
  /** Nodes already in the database that the set may refer to (an import adding to existing data). */
  existing: ReadonlyMap<string, NodeLabel> = new Map(),
): SeedSet {
  const problems: SeedProblem[] = [];
  const labelOf = new Map<string, NodeLabel>();
  const nodes = new Map<NodeLabel, NodeRecord[]>();
  const pending: { file: string; type: RelationshipType; where: string; row: RelationshipRecord }[] = [];
  const citing: { file: string; where: string; sources: unknown }[] = [];

  for (const { file, content, lines, problems: found = [] } of files) {
    const report = (record: string, field: string, message: string): void => {
      problems.push({ file, record, field, message });
    };
    for (const p of found) report(p.record, p.field, p.message);
    const located = (base: string, group: string, index: number): string => {
      const line = lines?.get(group)?.[index];
      return line === undefined ? `${base}.${group}[${index}]` : `line ${line}`;
    };
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
      report('(file)', '(root)', 'must be a JSON object with "nodes" and/or "relationships"');
      continue;
    }
    const {
      nodes: nodeGroups = {},
      relationships: relGroups = {},
      ...extra
    } = content as Record<string, unknown>;
    for (const key of Object.keys(extra))
      if (key !== '$comment') report('(file)', key, 'unknown top-level key');

    for (const [label, rows] of Object.entries(nodeGroups as Record<string, unknown>)) {
      if (!isNodeLabel(label)) {
        report(`nodes.${label}`, '(label)', 'unknown label');
        continue;
      }
      if (!Array.isArray(rows)) {
        report(`nodes.${label}`, '(list)', 'must be a list of records');
        continue;
      }
      rows.forEach((row: unknown, index) => {
        const where = located('nodes', label, index);
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          report(where, '(record)', 'must be an object');
          return;
        }
        const record = normaliseRecord('node', label, row as Record<string, unknown>);
        const id = record.id;
        if (typeof id !== 'string' || id === '') {
          report(where, 'id', 'is required');
          return;
        }
        const at = `${where} ${id}`;
        const onField: Report = (field, message) => report(at, field, message);
        checkNodeId(label, id, onField);
        if (labelOf.has(id)) report(at, 'id', 'is used by another node');
        labelOf.set(id, label);
        checkNodeProperties(label, record, onField);
        if (label !== 'Source') citing.push({ file, where: at, sources: record.sources });
        const list = nodes.get(label) ?? [];
        list.push(record as NodeRecord);
        nodes.set(label, list);
      });
    }

    for (const [type, rows] of Object.entries(relGroups as Record<string, unknown>)) {
      if (!isRelationshipType(type)) {
        report(`relationships.${type}`, '(type)', 'unknown relationship type');
        continue;
      }
      if (type === 'CITES') {
        report(`relationships.${type}`, '(type)', 'is written by the loader from each node\'s "sources"');
        continue;
      }
      if (!Array.isArray(rows)) {
        report(`relationships.${type}`, '(list)', 'must be a list of records');
        continue;
      }
      rows.forEach((row: unknown, index) => {
        const where = located('relationships', type, index);
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          report(where, '(record)', 'must be an object');
          return;
        }
        const record = normaliseRecord('relationship', type, row as Record<string, unknown>);
        const onField: Report = (field, message) => report(where, field, message);
        const complete = checkRelationshipRecord(type, record, onField);
        citing.push({
          file,
          where: `${where} ${String(record.from)}->${String(record.to)}`,
          sources: record.sources,
        });
        if (complete) pending.push({ file, type, where, row: record as RelationshipRecord });
      });
    }
  }

  for (const { file, where, sources } of citing) {
    // A missing or malformed list was reported with the record's other required properties.
    if (!Array.isArray(sources)) continue;
    for (const source of sources) {
      if ((labelOf.get(String(source)) ?? existing.get(String(source))) !== 'Source') {
        problems.push({
          file,
          record: where,
          field: 'sources',
          message: `no Source has id ${String(source)}`,
        });
      }
    }
  }

  const groups = new Map<string, SeedSet['relationships'][number]>();
  const origins: NonNullable<SeedSet['origins']> = new Map();
  for (const { file, type, where: at, row } of pending) {
    const from = labelOf.get(row.from) ?? existing.get(row.from);
    const to = labelOf.get(row.to) ?? existing.get(row.to);
    const where = `${at} ${row.from}->${row.to}`;
    if (!from) problems.push({ file, record: where, field: 'from', message: `no node has id ${row.from}` });
    if (!to) problems.push({ file, record: where, field: 'to', message: `no node has id ${row.to}` });
    if (!from || !to) continue;
    const spec = RELATIONSHIP_SPECS[type];
    if (!spec.from.includes(from) || !spec.to.includes(to)) {
      problems.push({
        file,
        record: where,
        field: '(labels)',
        message: `${type} joins ${spec.from.join('|')} to ${spec.to.join('|')}, not ${from} to ${to}`,
      });
      continue;
    }
    origins.set(row, { file, record: where });
    const key = `${type}|${from}|${to}`;
    const group = groups.get(key) ?? { type, from, to, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }

  const relationships = [...groups.values()];
  problems.push(...checkInvariants(relationships));
  if (problems.length > 0) throw new SeedValidationError(problems);
  return { nodes, relationships, origins };
}

/** The model's invariants over the set as a whole. */
function checkInvariants(relationships: SeedSet['relationships']): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const rowsOf = (type: RelationshipType): RelationshipRecord[] =>
    relationships.filter((g) => g.type === type).flatMap((g) => g.rows);

  const governors = new Map<string, Set<string>>();
  for (const row of rowsOf('GOVERNS')) {
    const set = governors.get(row.to) ?? new Set<string>();
    set.add(row.from);
    governors.set(row.to, set);
  }
  for (const [chain, committees] of governors) {
    if (committees.size > 1) {
      problems.push({
        file: '(set)',
        record: chain,
        field: 'GOVERNS',
        message: `one chain, one Party committee: governed by ${[...committees].join(', ')}`,
      });
    }
  }
  for (const type of ['FEEDS', 'REPORTS_TO'] as const) {
    const cycle = findCycle(rowsOf(type));
    if (cycle)
      problems.push({ file: '(set)', record: cycle.join(' -> '), field: type, message: 'forms a cycle' });
  }
  return problems;
}
