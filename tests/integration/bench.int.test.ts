/**
 * The benchmark's correctness, not its speed: on a small generated data set, every shape answers the
 * same in (a) this service, (b) @neo4j/graphql 7 and (c) the hand-written Cypher; and the counting
 * Bolt proxy sees exactly one RUN for one of our root fields. (b) needs APOC in the test Neo4j; when
 * the server has none, its comparisons are skipped and the test says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql, type GraphQLSchema } from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { Neo4jGateway } from '../../src/db/neo4j';
import { applySchema } from '../../src/db/schema';
import { importScaleSet, importSmallSet, readParams } from '../../bench/data';
import { neo4jGraphqlSchema } from '../../bench/neo4j-graphql/server';
import { startBoltProxy, type BoltProxy } from '../../bench/proxy';
import { SHAPES, type Params } from '../../bench/shapes';
import { resetDatabase, testConnection, testGateway } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

jest.setTimeout(180_000);

let gateway: Neo4jGateway;
let server: TestServer;
let driver: Driver;
let neoSchema: GraphQLSchema | undefined;
let params: Params[];

beforeAll(async () => {
  gateway = testGateway(30_000);
  await applySchema(gateway);
  server = await startTestServer(gateway, { MAX_COST: '10000000' });
  const c = testConnection();
  driver = neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), {
    logging: { level: 'error', logger: () => undefined },
  });
  const [apoc] = await gateway.read({
    name: 'test/apoc',
    cypher: "SHOW PROCEDURES YIELD name WHERE name STARTS WITH 'apoc.' RETURN count(*) AS n",
  });
  if (Number(apoc?.n) > 0) neoSchema = await neo4jGraphqlSchema(driver);
  else process.stderr.write('bench test: the test Neo4j has no APOC, so (b) @neo4j/graphql is skipped\n');
});

afterAll(async () => {
  await server?.close();
  await driver?.close();
});

async function ours(query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { body } = await server.graphql(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data ?? {};
}

async function viaLibrary(
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await graphql({
    schema: neoSchema as GraphQLSchema,
    source: query,
    variableValues: variables,
    contextValue: { sessionConfig: { database: testConnection().database } },
  });
  expect(result.errors).toBeUndefined();
  return result.data ?? {};
}

async function viaCypher(text: string, p: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const session = driver.session({ database: testConnection().database, defaultAccessMode: 'READ' });
  try {
    const result = await session.executeRead((tx) => tx.run(text, p));
    return result.records.map((r) => r.toObject() as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

/** Empties the test database and loads one of the two generators' sets at a tiny scale. */
async function load(set: 'small' | 'scale'): Promise<void> {
  await resetDatabase(gateway);
  if (set === 'small') await importSmallSet(gateway, { enterprises: 400, seed: 7 });
  else {
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
    try {
      await importScaleSet(gateway, { enterprises: 400, seed: 7, zones: 4, outDir });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }
  params = await readParams(gateway, 7, 12);
}

describe.each(['small', 'scale'] as const)("on the %s generator's set", (set) => {
  beforeAll(() => load(set));

  it.each(SHAPES.map((s) => [s.name, s] as const))(
    '%s answers the same in (a) this service, (b) @neo4j/graphql and (c) raw Cypher',
    async (_name, shape) => {
      const answers: unknown[] = [];
      for (const p of params) {
        const a = shape.canonical.ours(await ours(shape.ours.query, shape.ours.variables(p)));
        const c = shape.canonical.cypher(await viaCypher(shape.cypher.text, shape.cypher.params(p)));
        expect({ params: p, answer: a }).toEqual({ params: p, answer: c });
        if (neoSchema && typeof shape.neo4jGraphql !== 'string') {
          const b = shape.canonical.neo4jGraphql(
            await viaLibrary(shape.neo4jGraphql.query, shape.neo4jGraphql.variables(p)),
          );
          expect({ params: p, answer: a }).toEqual({ params: p, answer: b });
        }
        answers.push(a);
      }
      // The comparison means something only when the answers are not all empty.
      expect(JSON.stringify(answers)).toMatch(/(ent|seg|org):|合成企业/);
    },
  );
});

describe('the counting Bolt proxy', () => {
  let proxy: BoltProxy;
  let proxied: TestServer;

  beforeAll(async () => {
    const c = testConnection();
    const target = new URL(c.uri.replace(/^[a-z+]+:/, 'http:'));
    proxy = await startBoltProxy({ host: target.hostname, port: Number(target.port) });
    const throughProxy = Neo4jGateway.connect(
      { ...c, uri: `bolt://127.0.0.1:${proxy.port}` },
      { txTimeoutMs: 30_000 },
    );
    proxied = await startTestServer(throughProxy, { MAX_COST: '10000000' });
  });

  afterAll(async () => {
    await proxied?.close();
    await proxy?.close();
  });

  it('counts exactly one RUN for one root field of this service', async () => {
    const shape = SHAPES.find((s) => s.name === 'snapshot') ?? SHAPES[0];
    const p = params[0];
    expect((await proxied.graphql(shape.ours.query, shape.ours.variables(p))).body.errors).toBeUndefined();
    const before = proxy.runs();
    const { body } = await proxied.graphql(shape.ours.query, shape.ours.variables(p));
    expect(body.errors).toBeUndefined();
    expect(proxy.runs() - before).toBe(1);
    // PULL (0x3f) went through too, and was not counted; reads are auto-commit, so there is no BEGIN.
    expect(Object.keys(proxy.signatures())).toEqual(expect.arrayContaining(['0x10', '0x3f']));
    expect(Object.keys(proxy.signatures())).not.toContain('0x11');
  });

  it('counts two RUNs for two root fields', async () => {
    const p = params[1];
    const before = proxy.runs();
    const { body } = await proxied.graphql(
      'query($a: ID!, $b: ID!) { a: enterprise(id: $a) { id } b: park(id: $b) { id } }',
      { a: p.enterprise, b: p.zone },
    );
    expect(body.errors).toBeUndefined();
    expect(proxy.runs() - before).toBe(2);
  });
});
