import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';
import { testGateway } from '../support/db';

const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const SOURCE = 'source:004-pingdingshan-red-service';
const TEAM = 'team:pingdingshan-htz.red-collar-service-team';

/** The closed-loop demand list on the real database. */
describe('demand loop (real database, curated data)', () => {
  let server: TestServer;
  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR},reader:${READER}` });
  });
  afterAll(() => server.close());

  async function send(query: string, key = EDITOR): Promise<GraphQLBody> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as GraphQLBody;
  }
  const raise = (id: string, category = 'FINANCING'): string =>
    `mutation { raiseDemand(input: { id: "${id}", name: "需求 ${id}", category: "${category}", enterprise: "ent:pingdingshan-htz.weiye", source: "${SOURCE}" }) { id state foundAt } }`;
  const advance = (id: string, to: string, assignee?: string): string =>
    `mutation { advanceDemand(id: "${id}", to: ${to}${assignee ? `, assignee: "${assignee}"` : ''}) { state } }`;
  const code = (body: GraphQLBody): unknown => body.errors?.[0]?.extensions?.code;

  it('moves a demand through 发现 → 交办 → 整改 → 销号 → 复核, stamping each step', async () => {
    expect((await send(raise('demand:loop-1'))).data?.raiseDemand).toMatchObject({ state: 'FOUND' });
    expect((await send(advance('demand:loop-1', 'ASSIGNED', TEAM))).data?.advanceDemand).toEqual({
      state: 'ASSIGNED',
    });
    expect((await send(advance('demand:loop-1', 'RECTIFYING'))).data?.advanceDemand).toEqual({
      state: 'RECTIFYING',
    });
    expect((await send(advance('demand:loop-1', 'CLOSED'))).data?.advanceDemand).toEqual({ state: 'CLOSED' });
    expect((await send(advance('demand:loop-1', 'REVIEWED'))).data?.advanceDemand).toEqual({
      state: 'REVIEWED',
    });
    const body = await send(
      '{ demand(id: "demand:loop-1") { foundAt assignedAt rectifyingAt closedAt reviewedAt assignedTo { id } raisedBy { id } } }',
    );
    const demand = body.data?.demand as Record<string, unknown>;
    for (const stamp of ['foundAt', 'assignedAt', 'rectifyingAt', 'closedAt', 'reviewedAt'])
      expect(demand[stamp]).toMatch(/^\d{4}-/);
    expect(demand).toMatchObject({
      assignedTo: [{ id: TEAM }],
      raisedBy: { id: 'ent:pingdingshan-htz.weiye' },
    });
  });

  it('refuses a step out of order with CONFLICT and leaves the state as it was', async () => {
    await send(raise('demand:loop-2'));
    const body = await send(advance('demand:loop-2', 'CLOSED'));
    expect(code(body)).toBe('CONFLICT');
    expect(body.errors?.[0]?.message).toContain('FOUND → ASSIGNED');
    expect((await send('{ demand(id: "demand:loop-2") { state } }')).data?.demand).toEqual({
      state: 'FOUND',
    });
    expect(code(await send(advance('demand:loop-2', 'ASSIGNED')))).toBe('BAD_USER_INPUT');
  });

  it('refuses a duplicate id, an unknown category, and a reader key', async () => {
    expect(code(await send(raise('demand:loop-1')))).toBe('CONFLICT');
    expect(code(await send(raise('demand:loop-3', 'BRIBES')))).toBe('BAD_USER_INPUT');
    expect(code(await send(raise('demand:loop-3'), READER))).toBe('FORBIDDEN');
  });

  it('lists open demands and counts closure rate and response times', async () => {
    const body = await send(`{
      openDemands(of: "park:pingdingshan-htz") { id state }
      zone: demandStats(of: "park:pingdingshan-htz") { total open closed closureRate }
      team: demandStats(of: "${TEAM}") { total closed closureRate meanResponseHours meanClosingHours }
    }`);
    expect(body.data?.openDemands).toEqual([{ id: 'demand:loop-2', state: 'FOUND' }]);
    expect(body.data?.zone).toEqual({ total: 2, open: 1, closed: 1, closureRate: 0.5 });
    const team = body.data?.team as Record<string, number>;
    expect(team).toMatchObject({ total: 1, closed: 1, closureRate: 1 });
    expect(team.meanResponseHours).toBeGreaterThanOrEqual(0);
    expect(team.meanClosingHours).toBeGreaterThanOrEqual(team.meanResponseHours ?? 0);
  });

  it('answers openDemands and demandStats for every kind of id they take', async () => {
    // One demand per kind of assignee, raised by an enterprise of the nylon-66 chain.
    const assignees: Record<string, string> = {
      PioneerTeam: TEAM,
      Platform: 'platform:pingdingshan-htz.finance-lounge',
      PartyOrganization: 'org:pingdingshan-htz.general-committee',
      GovernmentBody: 'gov:suizhou-htz.admin-committee',
    };
    for (const [kind, assignee] of Object.entries(assignees)) {
      const id = `demand:kind-${kind.toLowerCase()}`;
      const raised = await send(
        `mutation { raiseDemand(input: { id: "${id}", name: "需求", category: "FINANCING", enterprise: "ent:pingdingshan-htz.shenma-nylon-chemical", source: "${SOURCE}" }) { id } }`,
      );
      expect(raised.errors).toBeUndefined();
      expect((await send(advance(id, 'ASSIGNED', assignee))).errors).toBeUndefined();
    }
    const kinds: [string, string, number][] = [
      ['park:pingdingshan-htz', 'Park', 6],
      ['chain:pingdingshan-htz.nylon66', 'IndustryChain', 4],
      ...Object.entries(assignees).map(([kind, id]): [string, string, number] => [
        id,
        kind,
        kind === 'PioneerTeam' ? 2 : 1,
      ]),
    ];
    for (const [of, kind, total] of kinds) {
      const body = await send(
        `{ open: openDemands(of: "${of}") { id state } stats: demandStats(of: "${of}") { total open closed } }`,
      );
      expect({ kind, errors: body.errors }).toEqual({ kind, errors: undefined });
      const open = (body.data?.open as { state: string }[]) ?? [];
      expect({ kind, stats: body.data?.stats }).toEqual({
        kind,
        stats: { total, open: open.length, closed: total - open.length },
      });
      expect(open.every((d) => d.state !== 'CLOSED' && d.state !== 'REVIEWED')).toBe(true);
    }
    const wrongKind = await send('{ openDemands(of: "ent:pingdingshan-htz.weiye") { id } }');
    expect(code(wrongKind)).toBe('BAD_USER_INPUT');
  });
});
