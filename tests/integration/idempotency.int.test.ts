import { testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const EDITOR = 'editor-key-0123456789abcdef';
const OTHER_EDITOR = 'editor-key-fedcba9876543210';
const SOURCE = 'source:004-pingdingshan-red-service';
const TEAM = 'team:pingdingshan-htz.red-collar-service-team';

/** Idempotency-Key on the real database: a retried mutation applies once and answers as the first did. */
describe('idempotency keys (real database)', () => {
  let server: TestServer;
  const db = testGateway();

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR},editor:${OTHER_EDITOR}` });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  async function send(
    query: string,
    key: string | undefined,
    apiKey = EDITOR,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLBody> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${apiKey}`,
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLBody;
  }
  const code = (body: GraphQLBody): unknown => body.errors?.[0]?.extensions?.code ?? 'OK';
  const raise = (id: string): string =>
    `mutation { raiseDemand(input: { id: "${id}", name: "需求", category: "FINANCING", enterprise: "ent:pingdingshan-htz.weiye", source: "${SOURCE}" }) { id state foundAt } }`;
  const assign = (id: string): string =>
    `mutation { advanceDemand(id: "${id}", to: ASSIGNED, assignee: "${TEAM}") { id state assignedAt updatedAt } }`;
  const one = async (cypher: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    (await db.read({ name: 'test/one', cypher, params }))[0]?.n;
  const keys = (): Promise<unknown> => one('MATCH (k:IdempotencyKey) RETURN count(k) AS n');

  it('answers a retry with the first answer and does not apply it again', async () => {
    const first = await send(raise('demand:idem-1'), 'key-raise-1');
    expect(code(first)).toBe('OK');
    // Without a key the same call is refused (the id exists); with the key it is the first call's answer.
    expect(code(await send(raise('demand:idem-1'), undefined))).toBe('CONFLICT');
    expect(await send(raise('demand:idem-1'), 'key-raise-1')).toEqual(first);

    const step = await send(assign('demand:idem-1'), 'key-assign-1');
    expect(code(step)).toBe('OK');
    const retry = await send(assign('demand:idem-1'), 'key-assign-1');
    expect(retry).toEqual(step);
    expect(await one("MATCH (:Demand {id: 'demand:idem-1'})-[r:ASSIGNED_TO]->() RETURN count(r) AS n")).toBe(
      1,
    );
  });

  it('applies once when 20 identical calls with one key arrive at once, and all get the same answer', async () => {
    await send(raise('demand:idem-20'), undefined);
    const bodies = await Promise.all(
      Array.from({ length: 20 }, () => send(assign('demand:idem-20'), 'key-20')),
    );
    expect(bodies.map(code)).toEqual(Array.from({ length: 20 }, () => 'OK'));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(
      await one(
        "MATCH (d:Demand {id: 'demand:idem-20'}) RETURN [d.state, d.assignedAt = datetime($at), COUNT { (d)-[:ASSIGNED_TO]->() }] AS n",
        { at: (bodies[0]?.data?.advanceDemand as { assignedAt: string }).assignedAt },
      ),
    ).toEqual(['ASSIGNED', true, 1]);
    // Without a key, the same 20 calls are one CONFLICT each: the demand has moved on.
    const unkeyed = await Promise.all(
      Array.from({ length: 20 }, () => send(assign('demand:idem-20'), undefined)),
    );
    expect(unkeyed.map(code)).toEqual(Array.from({ length: 20 }, () => 'CONFLICT'));
  });

  it('refuses the same key with a different request, whatever differs', async () => {
    await send(raise('demand:idem-reuse'), 'key-reuse');
    for (const other of [
      raise('demand:idem-reuse-2'),
      'mutation { raiseDemand(input: { id: "demand:idem-reuse", name: "需求", category: "FINANCING", enterprise: "ent:pingdingshan-htz.weiye", source: "source:004-pingdingshan-red-service" }) { id } }',
    ]) {
      const body = await send(other, 'key-reuse');
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    }
    expect(await one("MATCH (d:Demand {id: 'demand:idem-reuse-2'}) RETURN count(d) AS n")).toBe(0);
  });

  it('scopes a key to its caller and to each mutation field of the request', async () => {
    const mine = await send(raise('demand:idem-scope-a'), 'key-shared');
    const theirs = await send(raise('demand:idem-scope-b'), 'key-shared', OTHER_EDITOR);
    expect([code(mine), code(theirs)]).toEqual(['OK', 'OK']);
    const both = `mutation { a: raiseDemand(input: { id: "demand:idem-two-a", name: "需求", category: "FINANCING", enterprise: "ent:pingdingshan-htz.weiye", source: "${SOURCE}" }) { id }
      b: raiseDemand(input: { id: "demand:idem-two-b", name: "需求", category: "FINANCING", enterprise: "ent:pingdingshan-htz.weiye", source: "${SOURCE}" }) { id } }`;
    const first = await send(both, 'key-two');
    expect(first).toEqual({ data: { a: { id: 'demand:idem-two-a' }, b: { id: 'demand:idem-two-b' } } });
    expect(await send(both, 'key-two')).toEqual(first);
  });

  it('keeps the answer of a committed call, error included, and none of a call refused before its write or rolled back', async () => {
    // The conditional write ran and committed, finding no demand: a retry of that attempt answers the same.
    expect(code(await send(assign('demand:idem-missing'), 'key-missing'))).toBe('NOT_FOUND');
    await send(raise('demand:idem-missing'), undefined);
    expect(code(await send(assign('demand:idem-missing'), 'key-missing'))).toBe('NOT_FOUND');
    expect(code(await send(assign('demand:idem-missing'), 'key-missing-2'))).toBe('OK');

    const before = await keys();
    // Refused before any statement: a malformed id.
    expect(code(await send(assign('demand:Bad Id'), 'key-refused'))).toBe('BAD_USER_INPUT');
    // A second committee for a governed chain breaks an invariant: the transaction rolls back whole.
    const governed = (await one('MATCH (c:IndustryChain)<-[:GOVERNS]-() RETURN c.id AS n LIMIT 1')) as string;
    const link = `mutation { link(input: { type: GOVERNS, from: "org:pingdingshan-htz.general-committee", to: "${governed}", source: "${SOURCE}" }) { type } }`;
    expect(code(await send(link, 'key-rollback'))).toBe('CONFLICT');
    expect(await keys()).toBe(before);
    // So its retry runs again (and is refused again, by the invariant rather than by a record).
    expect(code(await send(link, 'key-rollback'))).toBe('CONFLICT');
    expect(await keys()).toBe(before);
  });

  it('forgets a key once it has expired', async () => {
    await send(raise('demand:idem-expire'), 'key-expire');
    await db.write({
      name: 'test/expire',
      cypher: "MATCH (k:IdempotencyKey) SET k.expiresAt = datetime() - duration('PT1S')",
    });
    const again = await send(raise('demand:idem-expire-2'), 'key-expire');
    expect(code(again)).toBe('OK');
  });

  it('refuses a malformed key', async () => {
    for (const bad of ['', 'with space', 'x'.repeat(201)]) {
      expect(code(await send(raise('demand:idem-bad'), bad))).toBe('BAD_USER_INPUT');
    }
    expect(await one("MATCH (d:Demand {id: 'demand:idem-bad'}) RETURN count(d) AS n")).toBe(0);
  });
});
