/**
 * The MERGE statements every write path uses to write validated records (the seed, the small import,
 * the bulk import): MERGE on the key, so a second write of the same record changes nothing. Labels and
 * types are spliced in only after validation checked them against the model's fixed lists; every value
 * travels as a parameter.
 */
import type { Statement } from './neo4j';
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

/** One batch of nodes of a label, properties set, and CITES derived from `sources`. */
export function mergeNodes(name: string, label: NodeLabel, records: Record<string, unknown>[]): Statement {
  const cites =
    label === 'Source'
      ? ''
      : ` WITH n, row UNWIND row.sources AS sourceId MATCH (s:Source {id: sourceId}) ${CITE('n', 's')}`;
  return statement(name, [`UNWIND $rows AS row MERGE (n:${label} {id: row.id}) SET n += row.props${cites}`], {
    rows: records.map((r) => ({
      id: r.id,
      sources: Array.isArray(r.sources) ? r.sources : [],
      props: withoutKeys(r, ['id']),
    })),
  });
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
