/**
 * The statements of the write path: upsert and delete by key, link and unlink. Each matches the
 * source it cites in its own statement (a look-up in a statement of its own before the write would be
 * a read-then-write, and the source could go between the two) and reports what it did not find.
 */
import type { Row, Statement } from '../db/neo4j';
import type { Stage } from '../db/statement';
import { statement } from '../db/cypher-files';
import { CITE } from '../db/merge';
import type { NodeLabel, RelationshipType } from '../model/registry';
import { CypherBuilder, projectSelected, selectionUnder, type Selection } from '../read/compile';

const SOURCE_MATCH = 'OPTIONAL MATCH (s:Source {id: $source})';

/** The record's sources with the cited one added once. */
const SOURCES =
  'CASE WHEN $source IN coalesce(x.sources, []) THEN x.sources ELSE coalesce(x.sources, []) + $source END';

/** Whether the source exists and the node written, projected (null when nothing was written). */
export type UpsertRow = {
  source: boolean;
  node: Row | null;
};

/** A node's properties as a value, taken before the write changes them; null for no node. */
const propsOf = (v: string): string => `CASE WHEN ${v} IS NULL THEN null ELSE properties(${v}) END`;

/**
 * Creates or updates a node by its id with `props`, citing `source`; the node projected. The node is
 * locked before its properties are read as `before`: a concurrent write of the same node then waits,
 * and what this one records and counts starts from what that one committed (a node being created by
 * two writers at once is created by one; the other waits on the key and finds it). The `stages`
 * (the change log's record, the aggregates' delta) run over `x`, `before` and `after` in the same
 * statement, so that a write with everything it keeps is one round trip (issue 24).
 */
export function upsertStatement(
  selection: Selection,
  label: NodeLabel,
  write: { id: string; props: Record<string, unknown>; source: string; by: string },
  stages: Stage[] = [],
): Statement<UpsertRow> {
  const b = new CypherBuilder();
  const projection = projectSelected(b, 'x', label, selection);
  const params: Record<string, unknown> = { ...b.params, ...write };
  for (const stage of stages)
    for (const [k, v] of Object.entries(stage.params)) {
      if (k in params) throw new Error(`upsert: parameter ${k} given twice`);
      params[k] = v;
    }
  return statement(
    `write/upsert/${label}`,
    [
      SOURCE_MATCH,
      'OPTIONAL CALL (s) {',
      `  WITH s WHERE s IS NOT NULL MERGE (x:${label} {id: $id})`,
      '  ON CREATE SET x.createdAt = datetime(), x.createdBy = $by, x.__created = true',
      '  SET x.__lock = true REMOVE x.__lock',
      '  WITH s, x, CASE WHEN x.__created THEN null ELSE properties(x) END AS before',
      '  REMOVE x.__created',
      `  SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by, x.sources = ${SOURCES}`,
      `  ${CITE('x', 's')}`,
      '  RETURN x, before',
      '}',
      `WITH s, x, before, ${propsOf('x')} AS after`,
      ...stages.flatMap((stage) => stage.lines),
      `RETURN s IS NOT NULL AS source, CASE WHEN x IS NULL THEN null ELSE ${projection} END AS node`,
    ],
    params,
  );
}

/** Whether the source exists, and whether there was something to delete or unlink, with its properties. */
export type RemoveRow = { source: boolean; found: boolean; before: Row | null };

/** A relationship of a deleted node, as the change log keeps it to rebuild the past. */
export type RemovedRow = { type: string; out: boolean; label: string; id: string; props: Row };

/** A delete's row: also every relationship that went with the node. */
export type DeleteRow = RemoveRow & { removed: RemovedRow[] };

/** Deletes a node and its relationships, if the cited source exists. */
export function deleteStatement(label: NodeLabel, id: string, source: string): Statement<DeleteRow> {
  return statement(
    `write/delete/${label}`,
    [
      SOURCE_MATCH,
      `OPTIONAL MATCH (x:${label} {id: $id}) WHERE s IS NOT NULL`,
      `WITH s, x, x IS NOT NULL AS found, ${propsOf('x')} AS before,`,
      '  CASE WHEN x IS NULL THEN [] ELSE [(x)-[r]-(o) |',
      '    {type: type(r), out: startNode(r) = x, label: labels(o)[0], id: o.id, props: properties(r)}] END AS removed',
      'DETACH DELETE x',
      'RETURN s IS NOT NULL AS source, found, before, removed',
    ],
    { id, source },
  );
}

/** A relationship between two nodes by id, with its labels checked against the model beforehand. */
export interface LinkEnds {
  type: RelationshipType;
  from: { label: NodeLabel; id: string };
  to: { label: NodeLabel; id: string };
  source: string;
}

/**
 * Whether the source and each end exist, the two ends projected (null when nothing was written), and
 * the relationship's properties before (null when it is new) and after.
 */
export type LinkRow = {
  source: boolean;
  a: boolean;
  z: boolean;
  from: Row | null;
  to: Row | null;
  before: Row | null;
  after: Row | null;
};

/** Creates or updates a relationship with `props`, citing the source; both ends projected. */
export function linkStatement(
  selection: Selection,
  link: LinkEnds,
  write: { props: Record<string, unknown>; by: string },
): Statement<LinkRow> {
  const b = new CypherBuilder();
  const from = projectSelected(b, 'a', link.from.label, selectionUnder(selection, 'LinkResult', ['from']));
  const to = projectSelected(b, 'z', link.to.label, selectionUnder(selection, 'LinkResult', ['to']));
  return statement(
    `write/link/${link.type}`,
    [
      SOURCE_MATCH,
      `OPTIONAL MATCH (a:${link.from.label} {id: $from}) OPTIONAL MATCH (z:${link.to.label} {id: $to})`,
      `OPTIONAL MATCH (a)-[prior:${link.type}]->(z)`,
      `WITH s, a, z, ${propsOf('prior')} AS before`,
      'OPTIONAL CALL (s, a, z) {',
      '  WITH s, a, z WHERE s IS NOT NULL AND a IS NOT NULL AND z IS NOT NULL',
      `  MERGE (a)-[x:${link.type}]->(z)`,
      '  ON CREATE SET x.createdAt = datetime(), x.createdBy = $by',
      `  SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by, x.sources = ${SOURCES}`,
      '  RETURN x',
      '}',
      'RETURN s IS NOT NULL AS source, a IS NOT NULL AS a, z IS NOT NULL AS z,',
      `  CASE WHEN x IS NULL THEN null ELSE ${from} END AS from, CASE WHEN x IS NULL THEN null ELSE ${to} END AS to,`,
      `  before, ${propsOf('x')} AS after`,
    ],
    {
      ...b.params,
      from: link.from.id,
      to: link.to.id,
      props: write.props,
      source: link.source,
      by: write.by,
    },
  );
}

/** Removes the relationship, if the cited source exists. */
export function unlinkStatement(link: LinkEnds): Statement<RemoveRow> {
  return statement(
    `write/unlink/${link.type}`,
    [
      SOURCE_MATCH,
      `OPTIONAL MATCH (:${link.from.label} {id: $from})-[x:${link.type}]->(:${link.to.label} {id: $to}) WHERE s IS NOT NULL`,
      `WITH s, x, x IS NOT NULL AS found, ${propsOf('x')} AS before DELETE x`,
      'RETURN s IS NOT NULL AS source, found, before',
    ],
    { from: link.from.id, to: link.to.id, source: link.source },
  );
}
