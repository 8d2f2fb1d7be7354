import { Neo4jGateway } from '../../src/db/neo4j';
import { connectWhenReady, provision, type Provisioned } from '../../src/db/provision';
import { stopLocal } from '../../src/db/provision/local';
import { applySchema } from '../../src/db/schema';
import { startTestServer, type TestServer } from '../support/server';
import { testConfig } from '../support/test-config';

/**
 * The API under faults of its database, on a Neo4j of this suite's own (never the shared test instance,
 * which other suites use): frozen (SIGSTOP), resumed, killed (SIGKILL) and started again, with bounded
 * concurrent load on loopback. Every request must end within the bound with SERVICE_UNAVAILABLE or
 * TIMEOUT and a status a load balancer reads, and the API recovers without a restart.
 */
const FAULT_PORT = process.env.FAULT_NEO4J_LOCAL_PORT ?? '17707';
const EDITOR = 'editor-key-0123456789abcdef';
const SOURCE = 'source:003-baiyin-party-chain';
const TX_TIMEOUT_MS = 4000;
/** The gateway's client-side deadline is the transaction limit plus 2 s; the rest is HTTP and scheduling. */
const BOUND_MS = TX_TIMEOUT_MS + 2000 + 2500;
const WORKERS = 6;

interface Outcome {
  ms: number;
  status: number;
  code: string;
  retryAfter: string | null;
  id?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const config = testConfig({
  NEO4J_PROFILE: 'fault',
  NEO4J_LOCAL_PORT: FAULT_PORT,
  NEO4J_PROVISION: 'local',
  NEO4J_PLUGINS: '',
  NEO4J_HEAP: '384m',
  NEO4J_PAGECACHE: '64m',
});

(process.env.TEST_NEO4J_URI ? describe.skip : describe)('bounded under database faults (own Neo4j)', () => {
  let provisioned: Provisioned;
  let server: TestServer;
  let pid: number;
  let writes = 0;

  async function startDatabase(): Promise<void> {
    provisioned = await provision(config);
    pid = provisioned.local?.pid ?? 0;
    const setup = await connectWhenReady(provisioned, config);
    await applySchema(setup);
    await setup.close();
  }

  beforeAll(async () => {
    await startDatabase();
    const setup = Neo4jGateway.connect(provisioned.connection, { txTimeoutMs: 30_000 });
    await setup.write({ name: 'test/reset', cypher: 'MATCH (n) DETACH DELETE n' });
    // A few nodes are enough to read and write; the whole seed is slow to load on a cold server.
    await setup.write({
      name: 'test/fault-data',
      cypher:
        "CREATE (s:Source {id: $source, name: '来源', file: 'x.md', author: 'test', kind: 'ARTICLE'}) WITH s UNWIND range(1, 5) AS i CREATE (:IndustryChain {id: 'chain:fault-' + i, name: '产业链' + i, sources: [$source]})-[:CITES]->(s)",
      params: { source: SOURCE },
    });
    await setup.close();
    const gateway = Neo4jGateway.connect(provisioned.connection, {
      txTimeoutMs: TX_TIMEOUT_MS,
      maxPoolSize: 10,
      acquisitionTimeoutMs: 1000,
      connectionTimeoutMs: 2000,
      maxRetryTimeMs: 1000,
    });
    server = await startTestServer(gateway, { API_KEYS: `editor:${EDITOR}` });
  }, 240_000);

  afterAll(async () => {
    if (pid) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    await server?.close();
    await stopLocal(config.managed, 20_000);
  }, 60_000);

  /** One request, timed; a write (upsert of a new enterprise) every third request. */
  async function request(n: number): Promise<Outcome> {
    const write = n % 3 === 0;
    const id = `ent:fault.w${(writes += 1)}`;
    const query = write
      ? `mutation { upsertEnterprise(input: { id: "${id}", name: "故障测试" }, source: "${SOURCE}") { id } }`
      : '{ industryChains(first: 5) { nodes { id name } } }';
    const started = Date.now();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        authorization: `Bearer ${EDITOR}`,
      },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return {
      ms: Date.now() - started,
      status: response.status,
      code: body.errors?.[0]?.extensions?.code ?? 'OK',
      retryAfter: response.headers.get('retry-after'),
      ...(write ? { id } : {}),
    };
  }

  /**
   * WORKERS concurrent clients, each sending one request after another, for `ms`; `during` runs beside
   * them and may move the end (to count from the moment it injected its fault).
   */
  async function load(
    ms: number,
    during?: (outcomes: Outcome[]) => Promise<number | void>,
  ): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let until = Date.now() + ms;
    let n = 0;
    const worker = async (): Promise<void> => {
      while (Date.now() < until) outcomes.push(await request((n += 1)));
    };
    const beside = async (): Promise<void> => {
      const end = await during?.(outcomes);
      if (typeof end === 'number') until = end;
    };
    await Promise.all([...Array.from({ length: WORKERS }, worker), beside()]);
    return outcomes;
  }

  const summary = (outcomes: Outcome[]): Record<string, number> => {
    const count: Record<string, number> = {};
    for (const o of outcomes) count[`${o.status} ${o.code}`] = (count[`${o.status} ${o.code}`] ?? 0) + 1;
    return count;
  };
  const slowest = (outcomes: Outcome[]): number => Math.max(...outcomes.map((o) => o.ms));

  /** Polls until a read answers again; returns how long that took. */
  async function recovery(limitMs: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      const outcome = await request(1);
      if (outcome.code === 'OK') return Date.now() - started;
      await sleep(100);
    }
    throw new Error(`no answer within ${limitMs} ms`);
  }

  it('answers normally under load first', async () => {
    // A cold server (on a busy machine) plans each statement once, slowly; warm it before judging.
    for (let ok = 0, tries = 0; ok < 6 && tries < 60; tries += 1) {
      ok = (await request(tries)).code === 'OK' ? ok + 1 : 0;
    }
    const outcomes = await load(1500);
    expect(summary(outcomes)).toEqual({ '200 OK': outcomes.length });
  });

  it('ends every request within the bound while Neo4j is frozen, and recovers when it resumes', async () => {
    process.kill(pid, 'SIGSTOP');
    const frozen = await load(3 * BOUND_MS, async () => {
      // Liveness does not depend on the database.
      const started = Date.now();
      const health = await fetch(`${server.url}/health`);
      expect({ status: health.status, fast: Date.now() - started < 1000 }).toEqual({
        status: 200,
        fast: true,
      });
    });
    process.kill(pid, 'SIGCONT');
    const recovered = await recovery(30_000);
    const counts = summary(frozen);
    process.stdout.write(
      `\nfault bounds: Neo4j frozen: ${frozen.length} requests, slowest ${slowest(frozen)} ms (bound ${BOUND_MS} ms), ${JSON.stringify(counts)}; answering again ${recovered} ms after SIGCONT\n`,
    );
    expect(slowest(frozen)).toBeLessThan(BOUND_MS);
    for (const key of Object.keys(counts)) expect(['503 SERVICE_UNAVAILABLE', '504 TIMEOUT']).toContain(key);
    expect(frozen.every((o) => o.retryAfter !== null)).toBe(true);
    const after = await load(1500);
    expect(summary(after)).toEqual({ '200 OK': after.length });
  }, 120_000);

  it('ends every request within the bound when Neo4j is killed under write load, loses no acknowledged write, and recovers once it is back', async () => {
    const killed = await load(60_000, async (outcomes) => {
      // Kill only once some writes were acknowledged, so that losing none of them means something.
      const started = Date.now();
      while (outcomes.filter((o) => o.id && o.code === 'OK').length < 3 && Date.now() - started < 30_000)
        await sleep(50);
      process.kill(pid, 'SIGKILL');
      return Date.now() + 2 * BOUND_MS;
    });
    const acknowledged = killed.filter((o) => o.id && o.code === 'OK').map((o) => o.id as string);
    const failed = killed.filter((o) => o.code !== 'OK');
    const restart = Date.now();
    await startDatabase();
    const back = Date.now();
    const recovered = await recovery(30_000);
    process.stdout.write(
      `\nfault bounds: Neo4j killed: ${killed.length} requests (${acknowledged.length} acknowledged writes), slowest failed ${failed.length ? slowest(failed) : 0} ms (bound ${BOUND_MS} ms), ${JSON.stringify(summary(killed))}; restart took ${back - restart} ms, API answering ${recovered} ms after Neo4j was back\n`,
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    expect(failed.length).toBeGreaterThan(0);
    expect(slowest(killed)).toBeLessThan(BOUND_MS);
    for (const o of failed)
      expect(['503 SERVICE_UNAVAILABLE', '504 TIMEOUT']).toContain(`${o.status} ${o.code}`);
    const check = Neo4jGateway.connect(provisioned.connection, { txTimeoutMs: 10_000 });
    try {
      const [row] = await check.read({
        name: 'test/acknowledged',
        cypher: 'UNWIND $ids AS id OPTIONAL MATCH (e:Enterprise {id: id}) RETURN count(e) AS found',
        params: { ids: acknowledged },
      });
      expect(row?.found).toBe(acknowledged.length);
    } finally {
      await check.close();
    }
  }, 240_000);
});
