import type { Neo4jGateway } from '../db/neo4j';
import { NODE_LABELS, labelOfId, type NodeLabel } from '../model/registry';
import { statement } from '../db/cypher-files';

/** Ids per look-up statement: a bulk import may ask about hundreds of thousands at once. */
export const LOOKUP_CHUNK = 10_000;

/** Which of these ids the database holds, with their labels (indexed look-ups per label). */
export async function existingIds(
  gateway: Neo4jGateway,
  ids: Iterable<string>,
): Promise<Map<string, NodeLabel>> {
  const byLabel = new Map<NodeLabel, string[]>();
  for (const id of ids) {
    const label = labelOfId(id);
    if (!label) continue;
    const list = byLabel.get(label);
    if (list) list.push(id);
    else byLabel.set(label, [id]);
  }
  const found = new Map<string, NodeLabel>();
  for (const label of NODE_LABELS) {
    const list = byLabel.get(label) ?? [];
    for (let i = 0; i < list.length; i += LOOKUP_CHUNK) {
      const rows = await gateway.read(
        statement<{ id: string }>(
          `import/existing/${label}`,
          [`MATCH (n:${label}) WHERE n.id IN $ids RETURN n.id AS id`],
          { ids: list.slice(i, i + LOOKUP_CHUNK) },
        ),
      );
      for (const row of rows) found.set(String(row.id), label);
    }
  }
  return found;
}
