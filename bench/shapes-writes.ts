/**
 * Shapes 12 and 13: the writes, an upsert of one enterprise and an import of 1,000 rows. Both write only
 * enterprises of their own (ids under WRITTEN_ID_PREFIX, a name no search text shares, no location, no
 * segment, linked only by CITES, which no traversal follows), so the read shapes answer the same before
 * and after, and readParams never picks them. Both are idempotent: request i and request i + 1000 write
 * the same thing again, so a run can be repeated on the same database.
 */
import { BENCH_EDITOR_KEY, WRITTEN_ID_PREFIX, obj, num, type Params, type Shape } from './shape';

/** The name of every written enterprise: no bigram of it is in a synthetic name or the search texts. */
const WRITTEN_NAME = '基准压测写入';

/** This service's writes need an editor key; the bench's child is started with this one (children.ts). */
const AS_EDITOR = { authorization: `Bearer ${BENCH_EDITOR_KEY}` };

// ---------------------------------------------------------------------------------------------------
// 12. Upsert one enterprise by id, citing a source.
//
// (c) does not run the model's invariant check that the service runs in the same transaction (a lock
// and a statement over the chains, committees and FEEDS, src/import/invariants.ts): that is the
// service's rule set, not a statement to write again by hand; (c) is the write alone.

const upsertId = (p: Params): string => `${WRITTEN_ID_PREFIX}w-${p.index}`;

/**
 * The upsert's variables for an enterprise id of the caller's: the bench's feed and takeover phases give
 * every write its own id, so that each change in the feed names the one write it stands for.
 */
export const upsertVariables = (id: string, p: Params): Record<string, unknown> => ({
  input: { id, name: WRITTEN_NAME, highTech: p.index % 2 === 0 },
  source: p.source,
});

export const upsertEnterprise: Shape = {
  name: 'upsertEnterprise',
  title: 'upsert one enterprise (write)',
  ours: {
    query: `mutation Upsert($input: EnterpriseInput!, $source: ID!) {
  upsertEnterprise(input: $input, source: $source) { id name highTech }
}`,
    variables: (p) => upsertVariables(upsertId(p), p),
    headers: AS_EDITOR,
  },
  neo4jGraphql:
    'n/a: the generated API has create and update mutations but no upsert of a node by its key, ' +
    "so a repeatable write is a read and then one of two requests, and it cannot keep the record's sources list and CITES edge " +
    'in step or record who wrote when without custom resolvers.',
  cypher: {
    text: `MATCH (s:Source {id: $source})
MERGE (x:Enterprise {id: $id})
ON CREATE SET x.createdAt = datetime(), x.createdBy = $by
SET x += $props, x.updatedAt = datetime(), x.updatedBy = $by,
  x.sources = CASE WHEN $source IN coalesce(x.sources, []) THEN x.sources ELSE coalesce(x.sources, []) + $source END
MERGE (x)-[:CITES]->(s)
RETURN x.id AS id, x.name AS name, x.highTech AS highTech`,
    params: (p) => ({
      id: upsertId(p),
      props: { name: WRITTEN_NAME, highTech: p.index % 2 === 0 },
      source: p.source,
      by: 'bench',
    }),
    mode: 'WRITE',
  },
  canonical: {
    ours: (d) => {
      const x = obj(d.upsertEnterprise);
      return [x.id, x.name, x.highTech];
    },
    neo4jGraphql: () => null,
    cypher: (rows) => [rows[0]?.id, rows[0]?.name, rows[0]?.highTech],
  },
};

// ---------------------------------------------------------------------------------------------------
// 13. Import 1,000 enterprise rows in the CSV form. Request i writes range i mod RANGES, so the requests
// in flight at once (at most the concurrency, 8 by default) never write the same nodes.
//
// (c) is the write alone, as the importer's own statement writes a batch: the validation pass before it
// (parsing the CSV, checking every record against the model, looking up the sources it cites) and the
// invariant check after it are the service's importer, not something to write again by hand.

export const IMPORT_ROWS = 1000;
const RANGES = 16;

const importRows = (p: Params): { id: string; highTech: boolean }[] =>
  Array.from({ length: IMPORT_ROWS }, (_, k) => ({
    id: `${WRITTEN_ID_PREFIX}i-${p.index % RANGES}-${k}`,
    highTech: k % 2 === 0,
  }));

/** The CSV of a range, built once per range and source: the load generator should not pay for it per request. */
const csvCache = new Map<string, string>();
function importCsv(p: Params): string {
  const key = `${p.index % RANGES} ${p.source}`;
  let csv = csvCache.get(key);
  if (csv === undefined) {
    csv = [
      'label,id,name,highTech,sources[]',
      ...importRows(p).map((r) => `Enterprise,${r.id},${WRITTEN_NAME},${String(r.highTech)},${p.source}`),
    ].join('\n');
    csvCache.set(key, csv);
  }
  return csv;
}

export const importData: Shape = {
  name: 'importData',
  title: `import ${IMPORT_ROWS} rows (write)`,
  ours: {
    query: `mutation Import($content: String!) {
  importData(format: CSV, content: $content) { nodes relationships written }
}`,
    variables: (p) => ({ content: importCsv(p) }),
    headers: AS_EDITOR,
  },
  neo4jGraphql:
    'n/a: createEnterprises(input: [...]) creates, so a second import of the same rows fails on the id ' +
    'constraint instead of changing nothing, and it neither validates the rows against the model first ' +
    'nor links each to the source it cites.',
  cypher: {
    text: `UNWIND $rows AS row
MERGE (n:Enterprise {id: row.id}) SET n += row.props
WITH n, row UNWIND row.sources AS sourceId MATCH (s:Source {id: sourceId}) MERGE (n)-[:CITES]->(s)
RETURN count(DISTINCT n) AS nodes`,
    params: (p) => ({
      rows: importRows(p).map((r) => ({
        id: r.id,
        sources: [p.source],
        props: { name: WRITTEN_NAME, highTech: r.highTech, sources: [p.source] },
      })),
    }),
    mode: 'WRITE',
  },
  canonical: {
    ours: (d) => num(obj(d.importData).nodes),
    neo4jGraphql: () => null,
    cypher: (rows) => num(rows[0]?.nodes),
  },
};
