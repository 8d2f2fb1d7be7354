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
import neo4j, { type Driver, type Session } from 'neo4j-driver';
import { Neo4jGateway } from '../../src/db/neo4j';
import { applySchema } from '../../src/db/schema';
import { importScaleSet, importSmallSet, readParams } from '../../bench/data';
import { neo4jGraphqlSchema } from '../../bench/neo4j-graphql/server';
import { startBoltProxy, type BoltProxy } from '../../bench/proxy';
import { SHAPES, type Params, type Shape } from '../../bench/shapes';
import { BENCH_EDITOR_KEY, list, num, obj } from '../../bench/shape';
import { pickZones } from '../../bench/zones';
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
  server = await startTestServer(gateway, {
    MAX_COST: '10000000',
    API_KEYS: `editor:${BENCH_EDITOR_KEY}`,
  });
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

/** (a) over HTTP, with the shape's headers (the writes' editor key). */
async function ours(shape: Shape, p: Params): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...shape.ours.headers },
    body: JSON.stringify({ query: shape.ours.query, variables: shape.ours.variables(p) }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
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

async function viaCypher(shape: Shape, p: Params): Promise<Record<string, unknown>[]> {
  const mode = shape.cypher.mode ?? 'READ';
  const session = driver.session({ database: testConnection().database, defaultAccessMode: mode });
  try {
    const run = (tx: {
      run: (text: string, params: Record<string, unknown>) => ReturnType<Session['run']>;
    }) => tx.run(shape.cypher.text, shape.cypher.params(p));
    const result = await (mode === 'WRITE' ? session.executeWrite(run) : session.executeRead(run));
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
      // A write of 1,000 rows a dozen times says no more than three times.
      for (const p of shape.cypher.mode === 'WRITE' ? params.slice(0, 3) : params) {
        const a = shape.canonical.ours(await ours(shape, p));
        const c = shape.canonical.cypher(await viaCypher(shape, p));
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
      expect(JSON.stringify(answers)).toMatch(
        shape.cypher.mode === 'WRITE' ? /ent:bench-|1000/ : /(ent|seg|org|park|chain):|合成企业/,
      );
    },
  );

  it('the map shapes agree on the chains of the median and the largest zone, which the growth runs use', async () => {
    const zones = await pickZones(gateway);
    expect(zones.largest.zoneEnterprises).toBeGreaterThan(zones.median.zoneEnterprises);
    for (const shape of SHAPES.filter((s) => s.growth === true)) {
      for (const z of [zones.median, zones.largest]) {
        const p = { ...params[0], chain: z.chain, chainZone: z.zone };
        const a = shape.canonical.ours(await ours(shape, p));
        expect({ shape: shape.name, chain: z.chain, answer: a }).toEqual({
          shape: shape.name,
          chain: z.chain,
          answer: shape.canonical.cypher(await viaCypher(shape, p)),
        });
      }
    }
  });

  it("the map's comparison covers every figure it counts", async () => {
    const map = SHAPES.find((s) => s.name === 'map') as Shape;
    const segments: Record<string, unknown>[] = [];
    for (const p of params)
      segments.push(...list(obj(map.canonical.cypher(await viaCypher(map, p))).segments));
    const score = (key: string): number[] => segments.map((s) => num(obj(s.score)[key]));
    // Not all one value: statuses and gap types of more than one kind, and score parts strictly between
    // 0 and 1 somewhere, so the agreement above is about the counts and the rounding, not about zeros.
    expect(new Set(segments.map((s) => s.status)).size).toBeGreaterThan(1);
    expect(new Set(segments.map((s) => s.gapType)).size).toBeGreaterThan(1);
    for (const key of ['localScale', 'linkage']) expect(score(key).some((x) => x > 0 && x < 1)).toBe(true);
    // The small generator writes no research outcomes; the national-scale one does.
    if (set === 'scale') expect(score('innovation').some((x) => x > 0)).toBe(true);
    expect(score('total').some((x) => !Number.isInteger(x))).toBe(true);
  });

  it("the writes change no read shape's answer and none of the parameters", async () => {
    const reads = SHAPES.filter((s) => s.cypher.mode !== 'WRITE');
    const answersOf = async (): Promise<unknown[]> => {
      const out: unknown[] = [];
      for (const shape of reads)
        for (const p of params) out.push(shape.canonical.cypher(await viaCypher(shape, p)));
      return out;
    };
    const before = await answersOf();
    const after = params.slice(3, 6);
    for (const shape of SHAPES.filter((s) => s.cypher.mode === 'WRITE'))
      for (const p of after) await ours(shape, p);
    expect(await answersOf()).toEqual(before);
    expect(await readParams(gateway, 7, 12)).toEqual(params);
  });
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
    // Without the background jobs: the sequencer reads the log's head every 50 ms and renews its lease,
    // and the proxy would count those RUNs as the request's.
    proxied = await startTestServer(throughProxy, { MAX_COST: '10000000' }, { background: false });
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
