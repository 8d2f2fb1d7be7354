import { testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const EDITOR = 'editor-key-0123456789abcdef';
const SOURCE = 'source:004-pingdingshan-red-service';
const TEAM = 'team:pingdingshan-htz.red-collar-service-team';
const N = 50;

/**
 * Concurrent identical writes on the real database: of N at once exactly one wins and the others get
 * CONFLICT, and no invariant breaks when two writers race for it.
 */
describe('concurrent state changes (real database)', () => {
  let server: TestServer;
  const db = testGateway();

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR}` });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  async function send(query: string, headers: Record<string, string> = {}): Promise<GraphQLBody> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR}`, ...headers },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLBody;
  }
  const codes = (bodies: GraphQLBody[]): Record<string, number> => {
    const count: Record<string, number> = {};
    for (const body of bodies) {
      const code = (body.errors?.[0]?.extensions?.code as string | undefined) ?? 'OK';
      count[code] = (count[code] ?? 0) + 1;
    }
    return count;
  };
  const all = (query: string, n = N): Promise<GraphQLBody[]> =>
    Promise.all(Array.from({ length: n }, () => send(query)));
  const raise = (id: string): string =>
    `mutation { raiseDemand(input: { id: "${id}", name: "需求 ${id}", category: "FINANCING", enterprise: "ent:pingdingshan-htz.weiye", source: "${SOURCE}" }) { id state } }`;
  const count = async (cypher: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    (await db.read({ name: 'test/count', cypher, params }))[0]?.n;

  it(`raises a demand once when ${N} identical calls arrive at once`, async () => {
    expect(codes(await all(raise('demand:race-raise')))).toEqual({ OK: 1, CONFLICT: N - 1 });
    expect(await count("MATCH (d:Demand {id: 'demand:race-raise'}) RETURN count(d) AS n")).toBe(1);
  });

  it(`moves a demand one step once, with one ASSIGNED_TO, when ${N} identical advances arrive at once`, async () => {
    await send(raise('demand:race-advance'));
    const bodies = await all(
      `mutation { advanceDemand(id: "demand:race-advance", to: ASSIGNED, assignee: "${TEAM}") { id state assignedTo { id } } }`,
    );
    expect(codes(bodies)).toEqual({ OK: 1, CONFLICT: N - 1 });
    expect(bodies.find((b) => !b.errors)?.data?.advanceDemand).toEqual({
      id: 'demand:race-advance',
      state: 'ASSIGNED',
      assignedTo: [{ id: TEAM }],
    });
    expect(
      await count("MATCH (:Demand {id: 'demand:race-advance'})-[r:ASSIGNED_TO]->() RETURN count(r) AS n"),
    ).toBe(1);
    // Every later step too: the lock is taken whatever the state.
    const next = await all('mutation { advanceDemand(id: "demand:race-advance", to: RECTIFYING) { state } }');
    expect(codes(next)).toEqual({ OK: 1, CONFLICT: N - 1 });
  });

  it('refuses a step with an unknown demand or assignee as NOT_FOUND, and an assignee off the ASSIGNED step', async () => {
    const unknown = await send('mutation { advanceDemand(id: "demand:nobody", to: RECTIFYING) { state } }');
    expect(codes([unknown])).toEqual({ NOT_FOUND: 1 });
    await send(raise('demand:race-assignee'));
    const noTeam = await send(
      'mutation { advanceDemand(id: "demand:race-assignee", to: ASSIGNED, assignee: "team:nobody") { state } }',
    );
    expect(codes([noTeam])).toEqual({ NOT_FOUND: 1 });
    const offStep = await send(
      `mutation { advanceDemand(id: "demand:race-assignee", to: RECTIFYING, assignee: "${TEAM}") { state } }`,
    );
    expect(codes([offStep])).toEqual({ BAD_USER_INPUT: 1 });
    expect(await count("MATCH (d:Demand {id: 'demand:race-assignee'}) RETURN d.state AS n")).toBe('FOUND');
  });

  /** Creates throw-away Party organisations and a chain for the invariant races. */
  async function organisations(prefix: string, n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `org:${prefix}-${i}`);
    await db.write({
      name: 'test/orgs',
      cypher:
        "MATCH (s:Source {id: $source}) UNWIND $ids AS id CREATE (o:PartyOrganization {id: id, name: id, kind: 'JOINT_COMMITTEE', sources: [$source]})-[:CITES]->(s)",
      params: { ids, source: SOURCE },
    });
    return ids;
  }
  const link = (type: string, from: string, to: string): string =>
    `mutation { link(input: { type: ${type}, from: "${from}", to: "${to}", source: "${SOURCE}" }) { type } }`;

  it(`lets one of ${N} different committees govern a new chain when all link at once`, async () => {
    await db.write({
      name: 'test/chain',
      cypher:
        "MATCH (s:Source {id: $source}) CREATE (c:IndustryChain {id: 'chain:race', name: '竞争链', sources: [$source]})-[:CITES]->(s)",
      params: { source: SOURCE },
    });
    const orgs = await organisations('race-governs', N);
    const bodies = await Promise.all(orgs.map((org) => send(link('GOVERNS', org, 'chain:race'))));
    expect(codes(bodies)).toEqual({ OK: 1, CONFLICT: N - 1 });
    expect(
      await count("MATCH (:IndustryChain {id: 'chain:race'})<-[r:GOVERNS]-() RETURN count(r) AS n"),
    ).toBe(1);
  });

  it('never lets two concurrent REPORTS_TO links close a cycle', async () => {
    // Ten rings of four: b → c and d → a exist; a → b and c → d, sent at once, would close a → b → c → d → a.
    // The two links share no node, so only a lock over the invariant check serialises them.
    const rings = 10;
    const orgs = await organisations('race-ring', rings * 4);
    const ring = (r: number): string[] => orgs.slice(r * 4, r * 4 + 4);
    await db.write({
      name: 'test/ring',
      cypher:
        'UNWIND $pairs AS pair MATCH (x:PartyOrganization {id: pair[0]}), (y:PartyOrganization {id: pair[1]}) CREATE (x)-[:REPORTS_TO]->(y)',
      params: {
        pairs: Array.from({ length: rings }, (_, r) => {
          const [a, b, c, d] = ring(r) as [string, string, string, string];
          return [
            [b, c],
            [d, a],
          ];
        }).flat(),
      },
    });
    // Two-node rings too: x → y and y → x at once.
    const pairs = await organisations('race-pair', 20);
    const bodies = await Promise.all([
      ...Array.from({ length: rings }, (_, r) => {
        const [a, b, c, d] = ring(r) as [string, string, string, string];
        return [send(link('REPORTS_TO', a, b)), send(link('REPORTS_TO', c, d))];
      }).flat(),
      ...Array.from({ length: 10 }, (_, i) => {
        const [x, y] = [pairs[2 * i], pairs[2 * i + 1]] as [string, string];
        return [send(link('REPORTS_TO', x, y)), send(link('REPORTS_TO', y, x))];
      }).flat(),
    ]);
    expect(codes(bodies)).toEqual({ OK: rings + 10, CONFLICT: rings + 10 });
    expect(
      await count(
        "MATCH (o:PartyOrganization) WHERE o.id STARTS WITH 'org:race-' AND EXISTS { (o)-[:REPORTS_TO]->+(o) } RETURN count(o) AS n",
      ),
    ).toBe(0);
  });

  it('answers links racing a delete of their end with a client code, never an internal error', async () => {
    const [target, ...others] = await organisations('race-delete', 21);
    const bodies = await Promise.all([
      ...others.map((org) => send(link('REPORTS_TO', org, target))),
      send(`mutation { deletePartyOrganization(id: "${String(target)}", source: "${SOURCE}") }`),
    ]);
    const seen = codes(bodies);
    for (const code of Object.keys(seen)) expect(['OK', 'NOT_FOUND', 'CONFLICT']).toContain(code);
    expect(await count(`MATCH (o:PartyOrganization {id: $id}) RETURN count(o) AS n`, { id: target })).toBe(0);
  });
});
