/**
 * The one validator of records, shared by every path that writes them: the seed and the small import
 * (format.ts, over parsed documents) and the bulk import (bulk-check.ts, over streamed records) hand it
 * each record in turn, so it keeps no more than the label of each id it has seen. The rules of each
 * property are model/properties.ts'; the model's invariants, invariants.ts'.
 */
import { checkNodeId, checkNodeProperties, checkRelationshipRecord, type Report } from '../model/properties';
import { RELATIONSHIP_SPECS, type NodeLabel, type RelationshipType } from '../model/registry';
import type { Edge } from './invariants';

/** Where each problem goes: the record is named as the caller located it (a line, or a path in a document). */
export type ProblemSink = (file: string, record: string, field: string, message: string) => void;

/** Why an input may not hold CITES rows. */
export const CITES_FROM_SOURCES = 'is written by the loader from each node\'s "sources"';

/**
 * Resolves an id the input does not define: its label if it may be found elsewhere (the database, or a
 * look-up the caller defers), undefined if not.
 */
export type Elsewhere = (id: string, field: 'from' | 'to' | 'sources') => NodeLabel | undefined;

export class RecordValidator {
  /** The label of every node id the input has defined so far. */
  readonly labelOf = new Map<string, NodeLabel>();

  constructor(private readonly problem: ProblemSink) {}

  /** Checks a node record of a known label; returns how its problems name it, or undefined without an id. */
  node(file: string, where: string, label: NodeLabel, record: Record<string, unknown>): string | undefined {
    const id = record.id;
    if (typeof id !== 'string' || id === '') {
      this.problem(file, where, 'id', 'is required');
      return undefined;
    }
    const at = `${where} ${id}`;
    const report: Report = (field, message) => this.problem(file, at, field, message);
    checkNodeId(label, id, report);
    if (this.labelOf.has(id)) report('id', 'is used by another node');
    this.labelOf.set(id, label);
    checkNodeProperties(label, record, report);
    return at;
  }

  /** Checks a relationship record's properties; true when both its ends are given, to be resolved. */
  relationship(file: string, at: string, type: RelationshipType, record: Record<string, unknown>): boolean {
    return checkRelationshipRecord(type, record, (field, message) => this.problem(file, at, field, message));
  }

  /** Every id a record lists in `sources` must be a Source, of the input or found elsewhere. */
  citations(file: string, at: string, sources: unknown, elsewhere: Elsewhere): void {
    // A missing or malformed list was reported with the record's other required properties.
    if (!Array.isArray(sources)) return;
    for (const source of sources as unknown[]) {
      const id = String(source);
      const label = this.labelOf.get(id) ?? elsewhere(id, 'sources');
      if (label !== 'Source') this.problem(file, at, 'sources', `no Source has id ${id}`);
    }
  }

  /** A relationship's ends: known nodes, of the labels its type joins; their labels, or undefined. */
  ends(
    file: string,
    at: string,
    type: RelationshipType,
    row: Edge,
    elsewhere: Elsewhere,
  ): [NodeLabel, NodeLabel] | undefined {
    const from = this.labelOf.get(row.from) ?? elsewhere(row.from, 'from');
    const to = this.labelOf.get(row.to) ?? elsewhere(row.to, 'to');
    if (!from) this.problem(file, at, 'from', `no node has id ${row.from}`);
    if (!to) this.problem(file, at, 'to', `no node has id ${row.to}`);
    if (!from || !to) return undefined;
    const spec = RELATIONSHIP_SPECS[type];
    if (!spec.from.includes(from) || !spec.to.includes(to)) {
      this.problem(
        file,
        at,
        '(labels)',
        `${type} joins ${spec.from.join('|')} to ${spec.to.join('|')}, not ${from} to ${to}`,
      );
      return undefined;
    }
    return [from, to];
  }
}
