import { graphql } from 'graphql';
import type { Neo4jGateway, Statement } from '../../src/db/neo4j';
import { createSchema } from '../../src/server/schema';

/**
 * TCK-style: run an operation against a gateway that only records what it is given, and snapshot the
 * Cypher and parameters the compiler built. The integration tests run the same shapes on Neo4j.
 */
async function cypherOf(source: string): Promise<Statement[]> {
  const recorded: Statement[] = [];
  const gateway = {
    connection: { uri: 'bolt://recorder', user: 'neo4j', database: 'neo4j' },
    read: (statement: Statement) => {
      recorded.push(statement);
      return Promise.resolve([]);
    },
  } as unknown as Neo4jGateway;
  const result = await graphql({ schema: await createSchema(), source, contextValue: { gateway } });
  expect(
    result.errors?.filter((e) => !/Cannot return null|NOT_FOUND|no \w+ has id/.test(e.message)) ?? [],
  ).toEqual([]);
  return recorded;
}

describe('Cypher built by the compiler', () => {
  it('a filtered, counted list with nested relationships: one statement, values as parameters', async () => {
    const statements = await cypherOf(`{
      industryChains(filter: { zone: "park:kunming-htz", nameContains: "医" }, first: 5) {
        totalCount
        nodes { name committee { name } chainMasters { name } }
      }
    }`);
    expect(statements).toHaveLength(1);
    expect(statements[0]?.cypher).not.toContain('kunming');
    expect(statements).toMatchSnapshot();
  });

  it('no count subquery when totalCount is not selected', async () => {
    const [statement] = await cypherOf('{ parks(first: 3) { nodes { name } } }');
    expect(statement?.cypher).not.toContain('count(');
  });

  it('a node by id with fragments on two types and aliases', async () => {
    expect(
      await cypherOf(`{
        node(id: "ent:baiyin-htz.dongfang-tiye") {
          id
          ... on Enterprise { firm: name masterOf { name } }
          ... on Park { kind }
        }
      }`),
    ).toMatchSnapshot();
  });

  it('an upstream traversal with its depth written in, and everything else a parameter', async () => {
    const [statement] = await cypherOf(
      '{ supplyChain(id: "ent:baiyin-htz.dongfang-tiye", depth: 4) { distance node { name } } }',
    );
    expect(statement?.cypher).toContain('{1,4}');
    expect(statement?.params).toMatchObject({ start: 'ent:baiyin-htz.dongfang-tiye' });
    expect(statement).toMatchSnapshot();
  });

  it('the zone filter: an anchor to start from and a predicate, "of the zone" written once', async () => {
    const statements = await cypherOf(`{
      a: enterprises(filter: { park: "park:baiyin-htz" }, first: 3) { nodes { id } }
      b: enterprises(filter: { park: "park:baiyin-htz", chain: "chain:baiyin-htz.lithium-battery" }, first: 3) { nodes { id } }
    }`);
    expect(statements).toHaveLength(2);
    expect(statements).toMatchSnapshot();
  });

  it('search escapes Lucene syntax in the text', async () => {
    const [statement] = await cypherOf('{ search(text: "钛业 AND name:*") { node { id } } }');
    // AND is a word to find, not Lucene's operator: lower-cased, as the analyzer lower-cases every word.
    expect(Object.values(statement?.params ?? {})).toContain('钛业 and name\\:\\*');
  });
});
