import type { GraphQLResolveInfo } from 'graphql';
import { statement } from '../db/cypher-files';
import type { Statement } from '../db/neo4j';
import { CypherBuilder, mergeSets, projectNode, selectionOf, subSelection } from './compile';

/**
 * Escapes Lucene's query syntax, so search text is only ever words to find: its special characters
 * get a backslash, and its operator words (AND, OR, NOT, which Lucene reads only in capitals) are
 * lower-cased. The cjk analyzer lower-cases every word anyway, so `Titanium AND Steel` finds what
 * `titanium and steel` finds.
 */
export function escapeLucene(text: string): string {
  return text
    .replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`)
    .replace(/\b(AND|OR|NOT)\b/g, (word) => word.toLowerCase());
}

/** The search statement: the index's best hits, ties broken by id, each projected with its selection. */
export function searchStatement(
  info: GraphQLResolveInfo,
  words: string,
  first: number,
): Statement<{ score: number; node: object }> {
  const { set, fragments } = selectionOf(info);
  const b = new CypherBuilder();
  const nodeSet = mergeSets(subSelection(set, 'SearchHit', ['node'], fragments));
  const projection = projectNode(b, 'node', 'Node', nodeSet, fragments);
  return statement(
    'read/search',
    [
      `CALL db.index.fulltext.queryNodes('name_search', ${b.param(escapeLucene(words))}, {limit: ${b.param(first)}}) ` +
        // Sorted before projecting: after it, `node.id` would be the projection's key, an alias's value.
        `YIELD node, score WITH node, score ORDER BY score DESC, node.id RETURN score, ${projection} AS node`,
    ],
    b.params,
  );
}
