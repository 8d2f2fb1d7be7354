import { normaliseRecord } from '../model/properties';
import { isNodeLabel, isRelationshipType, type NodeLabel, type RelationshipType } from '../model/registry';
import { INVARIANTS, type LocatedEdge } from './invariants';
import { CITES_FROM_SOURCES, RecordValidator, type ProblemSink } from './validator';

/**
 * The seed format, in which the curated data, generated sets and JSON imports come: nodes grouped by
 * label and relationships grouped by type, each a flat record of properties. Relationships name their
 * ends by id; the ends may be in any file of the set. Every node but a Source, and every relationship,
 * lists the ids of the Sources it comes from in `sources`.
 *
 *   { "nodes": { "Park": [{ "id": "park:baiyin-htz", "name": "白银高新区", "kind": "ZONE", "sources": [...] }] },
 *     "relationships": { "PART_OF": [{ "from": "park:yindong", "to": "park:baiyin-htz", "sources": [...] }] } }
 */
/** What the seed format says of a document of the wrong shape; the streaming reader (records.ts) says the same. */
export const SHAPE = {
  document: 'must be a JSON object with "nodes" and/or "relationships"',
  topLevelKey: 'unknown top-level key',
  list: 'must be a list of records',
  record: 'must be an object',
} as const;

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
  /** `total` counts the problems found, listed or not (the bulk import lists at most 1000). */
  constructor(
    readonly problems: SeedProblem[],
    readonly total = problems.length,
  ) {
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
  const problem: ProblemSink = (file, record, field, message) => {
    problems.push({ file, record, field, message });
  };
  const records = new RecordValidator(problem);
  const nodes = new Map<NodeLabel, NodeRecord[]>();
  const pending: { file: string; type: RelationshipType; where: string; row: RelationshipRecord }[] = [];
  const citing: { file: string; where: string; sources: unknown }[] = [];

  for (const { file, content, lines, problems: found = [] } of files) {
    const report = (record: string, field: string, message: string): void =>
      problem(file, record, field, message);
    for (const p of found) report(p.record, p.field, p.message);
    const located = (base: string, group: string, index: number): string => {
      const line = lines?.get(group)?.[index];
      return line === undefined ? `${base}.${group}[${index}]` : `line ${line}`;
    };
    if (typeof content !== 'object' || content === null || Array.isArray(content)) {
      report('(file)', '(root)', SHAPE.document);
      continue;
    }
    const {
      nodes: nodeGroups = {},
      relationships: relGroups = {},
      ...extra
    } = content as Record<string, unknown>;
    for (const key of Object.keys(extra)) if (key !== '$comment') report('(file)', key, SHAPE.topLevelKey);

    for (const [label, rows] of Object.entries(nodeGroups as Record<string, unknown>)) {
      if (!isNodeLabel(label)) {
        report(`nodes.${label}`, '(label)', 'unknown label');
        continue;
      }
      if (!Array.isArray(rows)) {
        report(`nodes.${label}`, '(list)', SHAPE.list);
        continue;
      }
      rows.forEach((row: unknown, index) => {
        const where = located('nodes', label, index);
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          report(where, '(record)', SHAPE.record);
          return;
        }
        const record = normaliseRecord('node', label, row as Record<string, unknown>);
        const at = records.node(file, where, label, record);
        if (at === undefined) return;
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
        report(`relationships.${type}`, '(type)', CITES_FROM_SOURCES);
        continue;
      }
      if (!Array.isArray(rows)) {
        report(`relationships.${type}`, '(list)', SHAPE.list);
        continue;
      }
      rows.forEach((row: unknown, index) => {
        const where = located('relationships', type, index);
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          report(where, '(record)', SHAPE.record);
          return;
        }
        const record = normaliseRecord('relationship', type, row as Record<string, unknown>);
        const complete = records.relationship(file, where, type, record);
        citing.push({
          file,
          where: `${where} ${String(record.from)}->${String(record.to)}`,
          sources: record.sources,
        });
        if (complete) pending.push({ file, type, where, row: record as RelationshipRecord });
      });
    }
  }

  const elsewhere = (id: string): NodeLabel | undefined => existing.get(id);
  for (const { file, where, sources } of citing) records.citations(file, where, sources, elsewhere);

  const groups = new Map<string, SeedSet['relationships'][number]>();
  const origins: NonNullable<SeedSet['origins']> = new Map();
  for (const { file, type, where: at, row } of pending) {
    const where = `${at} ${row.from}->${row.to}`;
    const ends = records.ends(file, where, type, row, elsewhere);
    if (!ends) continue;
    const [from, to] = ends;
    origins.set(row, { file, record: where });
    const key = `${type}|${from}|${to}`;
    const group = groups.get(key) ?? { type, from, to, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }

  const relationships = [...groups.values()];
  for (const invariant of INVARIANTS) {
    const edges: LocatedEdge[] = relationships
      .filter((g) => g.type === invariant.type)
      .flatMap((g) => g.rows)
      .map((row) => ({ from: row.from, to: row.to, ...(origins.get(row) ?? { file: '(set)', record: '' }) }));
    problems.push(...invariant.check(edges, []));
  }
  if (problems.length > 0) throw new SeedValidationError(problems);
  return { nodes, relationships, origins };
}
