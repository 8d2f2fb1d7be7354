/**
 * The bench's HTTP floor (d), run as the bench runs it (its own process, from dist/), against the test
 * Neo4j: every shape answers over HTTP what (c) answers in process, so a ratio against (d) compares the
 * same work; and what is not a shape's request is refused rather than guessed at.
 */
import neo4j, { type Driver } from 'neo4j-driver';
import { importSmallSet, readParams } from '../../bench/data';
import { startApi, type ApiChild } from '../../bench/children';
import { graphqlClient, type GraphQLClient } from '../../bench/load';
import { SHAPES, type Params } from '../../bench/shapes';
import type { Neo4jGateway } from '../../src/db/neo4j';
import { applySchema } from '../../src/db/schema';
import { resetDatabase, testConnection, testGateway } from '../support/db';

jest.setTimeout(120_000);

let gateway: Neo4jGateway;
let driver: Driver;
let floor: ApiChild;
let client: GraphQLClient;
let params: Params[];

beforeAll(async () => {
  gateway = testGateway(30_000);
  await applySchema(gateway);
  await resetDatabase(gateway);
  await importSmallSet(gateway, { enterprises: 300, seed: 11 });
  params = await readParams(gateway, 11, 6);
  const c = testConnection();
  driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), {
    logging: { level: 'error', logger: () => undefined },
  });
  floor = await startApi('floor', c, { timeoutMs: 30_000 });
  client = graphqlClient(floor.url, 2);
});

afterAll(async () => {
  client?.close();
  await floor?.stop();
  await driver?.close();
  await gateway?.close();
});

async function viaCypher(text: string, p: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const session = driver.session({ database: testConnection().database, defaultAccessMode: 'READ' });
  try {
    return (await session.run(text, p)).records.map((r) => r.toObject() as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

it.each(SHAPES.filter((s) => s.cypher.mode !== 'WRITE').map((s) => [s.name, s] as const))(
  '%s: (d) answers over HTTP what (c) answers in process',
  async (_name, shape) => {
    const answers: unknown[] = [];
    for (const p of params) {
      const answer = await client.post(shape.name, { ...p });
      expect(answer.errors).toBeUndefined();
      const rows = (answer.data?.rows ?? []) as Record<string, unknown>[];
      const d = shape.canonical.cypher(rows);
      const c = shape.canonical.cypher(await viaCypher(shape.cypher.text, shape.cypher.params(p)));
      expect({ params: p, answer: d }).toEqual({ params: p, answer: c });
      answers.push(d);
    }
    expect(JSON.stringify(answers)).toMatch(/(ent|seg|org|park|chain):|合成企业/);
  },
);

it('refuses a request that names no shape, and answers the readiness probe', async () => {
  const unknown = await client.post('{ enterprise(id: "x") { id } }', {});
  expect(unknown.errors?.[0]?.message).toMatch(/unknown shape/);
  expect(unknown.data).toBeUndefined();
  expect((await client.post('{ __typename }', {})).data).toEqual({ __typename: 'Query' });
});

it('answers a statement that fails with an error, not a hang or a crash', async () => {
  // A shape's parameters missing: the statement fails in Neo4j and the floor says so with a 500.
  const broken = await client.post('entity', {});
  expect(broken.errors?.[0]?.message).toMatch(/HTTP 500|Expected parameter|\$id|null/i);
  expect((await client.post('{ __typename }', {})).data).toEqual({ __typename: 'Query' });
});
