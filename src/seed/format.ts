import {
  ID_PATTERN,
  isNodeLabel,
  isRelationshipType,
  type NodeLabel,
  type RelationshipType,
} from '../model/registry';

/**
 * A seed file: nodes grouped by label and relationships grouped by type, each a flat record of
 * properties. Relationships name their ends by id; the ends may be in any file of the set.
 *
 *   { "nodes": { "Park": [{ "id": "park:baiyin-htz", "name": "白银高新区" }] },
 *     "relationships": { "PART_OF": [{ "from": "park:yindong", "to": "park:baiyin-htz" }] } }
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

/** A validated data set, ready to write: every relationship's ends are known nodes with known labels. */
export interface SeedSet {
  nodes: Map<NodeLabel, NodeRecord[]>;
  relationships: { type: RelationshipType; from: NodeLabel; to: NodeLabel; rows: RelationshipRecord[] }[];
}

const PROPERTY_NAME = /^[a-z][A-Za-z0-9]*$/;

function isPrimitive(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function checkProperties(
  record: Record<string, unknown>,
  reserved: readonly string[],
  report: (field: string, message: string) => void,
): void {
  for (const [key, value] of Object.entries(record)) {
    if (reserved.includes(key)) continue;
    if (!PROPERTY_NAME.test(key)) report(key, 'property names are lowerCamelCase ASCII');
    else if (Array.isArray(value)) {
      const kinds = new Set(value.map((v) => typeof v));
      if (!value.every(isPrimitive) || kinds.size > 1)
        report(key, 'a list must hold values of one primitive type');
    } else if (!isPrimitive(value)) {
      report(
        key,
        `must be a string, number, boolean or a list of them, not ${value === null ? 'null' : typeof value}`,
      );
    }
  }
}

/**
 * Validates a whole set of parsed files before anything is written: known labels and types, well-formed
 * unique ids, plain property values, and no relationship whose end is not a node of the set.
 */
export function validateSeed(files: { file: string; content: unknown }[]): SeedSet {
  const problems: SeedProblem[] = [];
  const labelOf = new Map<string, NodeLabel>();
  const nodes = new Map<NodeLabel, NodeRecord[]>();
  const pending: { file: string; type: RelationshipType; index: number; row: RelationshipRecord }[] = [];

  for (const { file, content } of files) {
    const report = (record: string, field: string, message: string): void => {
      problems.push({ file, record, field, message });
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
    for (const key of Object.keys(extra)) report('(file)', key, 'unknown top-level key');

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
        const where = `nodes.${label}[${index}]`;
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          report(where, '(record)', 'must be an object');
          return;
        }
        const record = row as Record<string, unknown>;
        const id = record.id;
        if (typeof id !== 'string' || id === '') {
          report(where, 'id', 'is required');
          return;
        }
        if (!ID_PATTERN.test(id)) report(`${where} ${id}`, 'id', `must match ${ID_PATTERN.source}`);
        if (labelOf.has(id)) report(`${where} ${id}`, 'id', 'is used by another node');
        labelOf.set(id, label);
        checkProperties(record, ['id'], (field, message) => report(`${where} ${id}`, field, message));
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
      if (!Array.isArray(rows)) {
        report(`relationships.${type}`, '(list)', 'must be a list of records');
        continue;
      }
      rows.forEach((row: unknown, index) => {
        const where = `relationships.${type}[${index}]`;
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          report(where, '(record)', 'must be an object');
          return;
        }
        const record = row as Record<string, unknown>;
        let complete = true;
        for (const end of ['from', 'to'] as const) {
          if (typeof record[end] !== 'string' || record[end] === '') {
            report(where, end, 'is required');
            complete = false;
          }
        }
        checkProperties(record, ['from', 'to'], (field, message) => report(where, field, message));
        if (complete) pending.push({ file, type, index, row: record as RelationshipRecord });
      });
    }
  }

  const groups = new Map<string, SeedSet['relationships'][number]>();
  for (const { file, type, index, row } of pending) {
    const from = labelOf.get(row.from);
    const to = labelOf.get(row.to);
    const where = `relationships.${type}[${index}] ${row.from}->${row.to}`;
    if (!from) problems.push({ file, record: where, field: 'from', message: `no node has id ${row.from}` });
    if (!to) problems.push({ file, record: where, field: 'to', message: `no node has id ${row.to}` });
    if (!from || !to) continue;
    const key = `${type}|${from}|${to}`;
    const group = groups.get(key) ?? { type, from, to, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }

  if (problems.length > 0) throw new SeedValidationError(problems);
  return { nodes, relationships: [...groups.values()] };
}
