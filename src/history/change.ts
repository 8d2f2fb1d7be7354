/**
 * The change log's vocabulary: what a write path hands to `recordChange`, and what the feed reads back.
 * A change is one node, (:Change), written in the same transaction as the write it describes.
 */

/** What a change did. A large import is one IMPORT (or SEED) change with its counts, not one per row. */
export type ChangeOp = 'CREATE' | 'UPDATE' | 'DELETE' | 'LINK' | 'UNLINK' | 'IMPORT' | 'SEED' | 'DEMAND_STEP';
export const CHANGE_OPS: readonly ChangeOp[] = [
  'CREATE',
  'UPDATE',
  'DELETE',
  'LINK',
  'UNLINK',
  'IMPORT',
  'SEED',
  'DEMAND_STEP',
];

/** A relationship by its type and its ends' labels and ids, with its properties where they matter. */
export interface RelationshipRef {
  type: string;
  fromLabel: string;
  from: string;
  toLabel: string;
  to: string;
  /** Its properties: before an UNLINK or a DELETE removed it, so a past state can be rebuilt. */
  props?: Record<string, unknown> | null;
}

/** Who wrote: the key's role and its configured name, never the key. */
export interface Actor {
  role: string;
  name: string | null;
}

/** A node a change touches, whose zones and chains the change is filed under. */
export interface ScopeNode {
  label: string;
  id: string;
}

/** What a write path records about one change. */
export interface ChangeInput {
  op: ChangeOp;
  /** The node changed (CREATE, UPDATE, DELETE, DEMAND_STEP). */
  label?: string | null;
  id?: string | null;
  /** The relationship changed (LINK, UNLINK). */
  relationship?: RelationshipRef | null;
  /** Properties before and after: null before a CREATE or a new LINK, null after a DELETE or an UNLINK. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** The relationships a DELETE removed with its node. */
  removed?: RelationshipRef[];
  /** The source the write cited. */
  source?: string | null;
  /** An import's counts (nodes and relationships written, by label or type) and its files. */
  counts?: Record<string, number> | null;
  files?: string[];
  /**
   * The nodes whose zones and chains file the change; by default the node changed or the relationship's
   * ends. A DELETE names the other ends of what it removed, since the node itself is gone.
   */
  scope?: ScopeNode[];
  /** Zones and chains known directly (an import's), added to those found from `scope`. */
  zones?: string[];
  /** Parks (or zones) whose zones file the change: an import's LOCATED_IN ends, without a node each. */
  parks?: string[];
  chains?: string[];
}

/** One change as the feed reads it back. */
export interface ChangeRecord {
  /** Its place in the log: commit order, gapless, never reused. */
  seq: number;
  /** When it committed (ISO 8601); never earlier than the change before it. */
  at: string;
  actor: Actor;
  op: ChangeOp;
  label: string | null;
  id: string | null;
  relationship: RelationshipRef | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  removed: RelationshipRef[];
  source: string | null;
  counts: Record<string, number> | null;
  files: string[];
  zones: string[];
  chains: string[];
}

/** What the feed filters on; each given list must match (any of its values), and all given lists must. */
export interface ChangeFilter {
  labels?: string[] | null;
  ids?: string[] | null;
  zones?: string[] | null;
  chains?: string[] | null;
  ops?: ChangeOp[] | null;
}
