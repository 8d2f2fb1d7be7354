/** The statements of push that are not webhooks': whether the node a subscription follows exists. */
import type { Statement } from '../db/neo4j';
import { statement } from '../db/cypher-files';
import type { NodeLabel } from '../model/registry';

/** Whether a node of `label` has the id; the label comes from the model, never from the client. */
export function nodeExistsStatement(label: NodeLabel, id: string): Statement<{ exists: boolean }> {
  return statement(
    'changes/nodeExists',
    [`OPTIONAL MATCH (n:\`${label}\` {id: $id})`, 'RETURN n IS NOT NULL AS exists'],
    {
      id,
    },
  );
}
