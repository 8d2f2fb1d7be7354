import { AppError } from '../../src/errors';
import { Neo4jGateway, type Statement } from '../../src/db/neo4j';
import { applySchema } from '../../src/db/schema';
import { graphCounts, resetDatabase, testConnection, testGateway } from '../support/db';

describe('Neo4j gateway (real database)', () => {
  const gateway = testGateway();
  beforeAll(async () => {
    await applySchema(gateway);
    await resetDatabase(gateway);
  });
  afterAll(() => gateway.close());

  it('returns plain numbers and ISO strings instead of driver Integers and temporals', async () => {
    const [row] = await gateway.read({
      name: 'test/values',
      cypher:
        "RETURN 42 AS n, 9007199254740993 AS big, date('2025-06-01') AS d, [1, 2] AS list, {a: 1} AS map",
    });
    expect(row).toEqual({ n: 42, big: '9007199254740993', d: '2025-06-01', list: [1, 2], map: { a: 1 } });
  });

  it('passes values as parameters, so a quote or backtick in them is data, not Cypher', async () => {
    const name = "x'}) DETACH DELETE n //`$";
    const [row] = await gateway.read({
      name: 'test/param',
      cypher: 'RETURN $name AS name',
      params: { name },
    });
    expect(row?.name).toBe(name);
  });

  it('tells each listener which statements it sent and in which mode', async () => {
    const seen: string[] = [];
    const off = gateway.onStatement((s: Statement, mode) => seen.push(`${mode} ${s.name}`));
    await gateway.read({ name: 'test/one', cypher: 'RETURN 1' });
    await gateway.write({ name: 'test/two', cypher: 'RETURN 2' });
    off();
    await gateway.read({ name: 'test/three', cypher: 'RETURN 3' });
    expect(seen).toEqual(['READ test/one', 'WRITE test/two']);
  });

  it('ends a statement that runs past the transaction timeout with a TIMEOUT error', async () => {
    const impatient = Neo4jGateway.connect(testConnection(), { txTimeoutMs: 300 });
    try {
      const slow = impatient.read({
        name: 'test/slow',
        cypher: 'UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n',
      });
      await expect(slow).rejects.toBeInstanceOf(AppError);
      await expect(slow).rejects.toMatchObject({ code: 'TIMEOUT' });
    } finally {
      await impatient.close();
    }
  });

  it('maps a uniqueness violation to CONFLICT and rolls the whole transaction back', async () => {
    await gateway.write({ name: 'test/park', cypher: "CREATE (:Park {id: 'park:dup'})" });
    const before = await graphCounts(gateway);
    const attempt = gateway.writeAll('test/duplicate', async (tx) => {
      await tx.run({ name: 'test/other', cypher: "CREATE (:Park {id: 'park:other'})" });
      await tx.run({ name: 'test/dup', cypher: "CREATE (:Park {id: 'park:dup'})" });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await graphCounts(gateway)).toEqual(before);
  });

  it('says why a connection fails: unreachable, or wrong credentials', async () => {
    const nowhere = Neo4jGateway.connect(
      { ...testConnection(), uri: 'bolt://127.0.0.1:1' },
      { txTimeoutMs: 1000 },
    );
    await expect(nowhere.verify()).rejects.toMatchObject({ kind: 'unreachable' });
    await nowhere.close();
    const wrong = Neo4jGateway.connect(
      { ...testConnection(), password: 'not-the-password' },
      { txTimeoutMs: 1000 },
    );
    await expect(wrong.verify()).rejects.toMatchObject({ kind: 'auth' });
    await wrong.close();
  });
});
