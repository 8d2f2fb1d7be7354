/**
 * The MERGE statements that write validated records (the seed, the small import, the bulk import; the
 * mutations have their own, in mutations/write-statements.ts): MERGE on the key, so a second write of the same record changes nothing. Labels and
 * types are spliced in only after validation checked them against the model's fixed lists; every value
 * travels as a parameter.
 */
import type { Stage, Statement } from './statement';
import type { NodeLabel } from '../model/registry';
import { statement } from './cypher-files';

/** A record's properties to SET: not its keys, and not its nulls, which mean "not given" (SET would remove them). */
function withoutKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (!keys.includes(k) && v !== null) props[k] = v;
  return props;
}

/**
 * The CITES edge from `x` to source `s`, created only when missing. Not a MERGE: a MERGE that may create
 * a relationship takes the write locks of both its ends, so every write citing one Source would queue on
 * that Source node. `x` is locked already (the SET before this), so two writes of the same node cannot
 * both find the edge missing; the source itself is never locked.
 */
export const CITE = (x: string, s: string): string =>
  `FOREACH (_ IN CASE WHEN EXISTS { (${x})-[:CITES]->(${s}) } THEN [] ELSE [1] END | CREATE (${x})-[:CITES]->(${s}))`;

/**
 * Node records as the MERGE statements take them: the key, and the rest to SET, whose `sources` the
 * CITES edges follow (sent once: 1,000 rows' lists sent twice were a measurable part of an import).
 */
const rowsOf = (records: Record<string, unknown>[]): Record<string, unknown>[] =>
  records.map((r) => ({ id: r.id, props: withoutKeys(r, ['id']) }));

/** The CITES edges of node `n` of row `row`, one per source it cites. */
const citesOfRow = (): string =>
  `CALL (n, row) { UNWIND coalesce(row.props.sources, []) AS sourceId MATCH (s:Source {id: sourceId}) ${CITE('n', 's')} }`;

/** One batch of nodes of a label, properties set, and CITES derived from `sources`; how many it created. */
export function mergeNodes(
  name: string,
  label: NodeLabel,
  records: Record<string, unknown>[],
): Statement<{ created: number }> {
  const cites = label === 'Source' ? '' : citesOfRow();
  return statement(
    name,
    [
      `UNWIND $rows AS row MERGE (n:${label} {id: row.id}) ON CREATE SET n.__created = true`,
      'SET n += row.props',
      'WITH n, row, n.__created IS NOT NULL AS created REMOVE n.__created',
      'WITH n, row, created',
      cites,
      'RETURN count(CASE WHEN created THEN 1 END) AS created',
    ],
    { rows: rowsOf(records) },
  );
}

/**
 * One batch of nodes of a label some of whose properties the aggregates count (`counted`), with the
 * delta of those properties (`stage`, aggregates/statements.ts `propertyDeltaStage`) in the same
 * statement, over `written`. Each node is locked before its counted properties are read, as the upsert
 * does: a concurrent write of the same node waits, and the delta starts from what that one committed.
 */
export function mergeCountedNodes(
  name: string,
  label: NodeLabel,
  records: Record<string, unknown>[],
  counted: string[],
  stage: Stage,
): Statement<{ created: number }> {
  const flags = `n {${counted.map((p) => `.${p}`).join(', ')}}`;
  return statement(
    name,
    [
      'UNWIND $rows AS row',
      // A node found is locked (ON MATCH SET) before its properties are read; one created is the write's.
      `MERGE (n:${label} {id: row.id}) ON CREATE SET n.__created = true ON MATCH SET n.__lock = true`,
      `WITH row, n, CASE WHEN n.__created THEN null ELSE ${flags} END AS before`,
      'REMOVE n.__created, n.__lock',
      'SET n += row.props',
      'WITH row, n, before',
      citesOfRow(),
      `WITH collect({x: n, before: before, after: ${flags}}) AS written`,
      ...stage.lines,
      'RETURN size([w IN written WHERE w.before IS NULL]) AS created',
    ],
    { ...stage.params, rows: rowsOf(records) },
  );
}

/** One batch of relationships of a type between two labels, merged like mergeNodes' nodes. */
export function mergeRelationships(
  name: string,
  type: string,
  from: string,
  to: string,
  records: Record<string, unknown>[],
): Statement {
  return statement(
    name,
    [
      `UNWIND $rows AS row MATCH (a:${from} {id: row.from}) MATCH (b:${to} {id: row.to}) ` +
        `MERGE (a)-[r:${type}]->(b) SET r += row.props`,
    ],
    { rows: records.map((r) => ({ from: r.from, to: r.to, props: withoutKeys(r, ['from', 'to']) })) },
  );
}
