import { changeCount, graphCounts, testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type GraphQLBody, type TestServer } from '../support/server';

const EDITOR = 'editor-key-0123456789abcdef';
const READER = 'reader-key-0123456789abcdef';
const SOURCE = 'source:003-baiyin-party-chain';

/** The write path on the real database: roles, validation, invariants, audit, and nothing half-written. */
describe('writes (real database, curated data)', () => {
  let server: TestServer;
  const counter = testGateway();

  beforeAll(async () => {
    await loadCuratedData();
    server = await startTestServer(testGateway(), { API_KEYS: `editor:${EDITOR},reader:${READER}` });
  });
  afterAll(async () => {
    await server.close();
    await counter.close();
  });

  async function send(
    query: string,
    key?: string,
    variables?: Record<string, unknown>,
  ): Promise<{ status: number; body: GraphQLBody }> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as GraphQLBody };
  }

  /** Sends a write that must be refused with `code`, and checks the graph did not change. */
  async function refused(
    query: string,
    code: string,
    key: string | null = EDITOR,
    variables?: Record<string, unknown>,
  ): Promise<string> {
    const before = await graphCounts(counter);
    const changes = await changeCount(counter);
    const { status, body } = await send(query, key ?? undefined, variables);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await graphCounts(counter)).toEqual(before);
    expect(await changeCount(counter)).toBe(changes);
    return body.errors?.[0]?.message ?? '';
  }

  const upsert = (id: string, name: string, extra = ''): string =>
    `mutation { upsertEnterprise(input: { id: "${id}", name: ${JSON.stringify(name)}${extra} }, source: "${SOURCE}") { id name highTech updatedBy updatedAt sources { id } } }`;

  it('lets an editor create and then update an enterprise by id, recording who, when and the source', async () => {
    const before = await graphCounts(counter);
    const created = await send(upsert('ent:writes.alpha', '阿尔法公司', ', highTech: true'), EDITOR);
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.upsertEnterprise).toMatchObject({
      id: 'ent:writes.alpha',
      highTech: true,
      updatedBy: 'editor',
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
      sources: [{ id: SOURCE }],
    });
    // One node and its CITES edge.
    expect(await graphCounts(counter)).toEqual({
      nodes: Number(before.nodes) + 1,
      relationships: Number(before.relationships) + 1,
    });
    const updated = await send(upsert('ent:writes.alpha', '阿尔法有限公司'), EDITOR);
    expect(updated.body.data?.upsertEnterprise).toMatchObject({ name: '阿尔法有限公司', highTech: true });
    expect(await graphCounts(counter)).toEqual({
      nodes: Number(before.nodes) + 1,
      relationships: Number(before.relationships) + 1,
    });
  });

  it('stores quotes, backticks and Cypher in values as data', async () => {
    const name = "x'}) DETACH DELETE n //`$p";
    const { body } = await send(upsert('ent:writes.beta', name), EDITOR);
    expect((body.data?.upsertEnterprise as { name: string }).name).toBe(name);
  });

  it('refuses writes without a key, and with a reader key', async () => {
    await refused(upsert('ent:writes.gamma', '伽马'), 'UNAUTHENTICATED', null);
    expect(await refused(upsert('ent:writes.gamma', '伽马'), 'FORBIDDEN', READER)).toContain('reader');
    await refused(upsert('ent:writes.gamma', '伽马'), 'UNAUTHENTICATED', 'not-a-key-0123456789abcdef');
  });

  it.each([
    ['an id of another label', upsert('park:writes.delta', '德尔塔'), 'must start with ent:'],
    ['a name longer than 200 characters', upsert('ent:writes.delta', '长'.repeat(201)), 'name'],
    [
      'an unknown Park kind',
      `mutation { upsertPark(input: { id: "park:writes.p", name: "园", kind: "CITY" }, source: "${SOURCE}") { id } }`,
      'kind must be one of ZONE, PARK',
    ],
    [
      'an Indicator date that is not a date',
      `mutation { upsertIndicator(input: { id: "ind:writes.i", name: "数", metric: "m", value: 1, unit: "个", date: "last year" }, source: "${SOURCE}") { id } }`,
      'date must be YYYY',
    ],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, query, phrase) => {
    expect(await refused(query, 'BAD_USER_INPUT')).toContain(phrase);
  });

  it('refuses injection attempts in ids and oversized lists, never reaching the database', async () => {
    const injected = `mutation { link(input: { type: SUPPLIES, from: "ent:x}) DETACH DELETE n //", to: "ent:baiyin-htz.dongfang-tiye", source: "${SOURCE}" }) { type } }`;
    expect(await refused(injected, 'BAD_USER_INPUT')).toContain('prefix:slug');
    const backtick = `mutation { deleteEnterprise(id: "ent:\`x\`", source: "${SOURCE}") }`;
    await refused(backtick, 'BAD_USER_INPUT');
    const ids = Array.from({ length: 101 }, (_, i) => `"ent:many.n${i}"`).join(',');
    const body = await send(`{ enterprises(filter: { ids: [${ids}] }) { totalCount } }`);
    expect(body.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a write that cites no known source', async () => {
    const query =
      'mutation { upsertEnterprise(input: { id: "ent:writes.e", name: "艾" }, source: "source:nowhere") { id } }';
    expect(await refused(query, 'NOT_FOUND')).toContain('source:nowhere');
  });

  it('refuses a second governing committee for a chain with CONFLICT, and rolls it back', async () => {
    const query = `mutation { link(input: { type: GOVERNS, from: "org:kunming-htz.biomedicine-joint-committee", to: "chain:kunming-htz.new-materials", source: "source:002-kunming-two-new" }) { type } }`;
    expect(await refused(query, 'CONFLICT')).toContain('one chain, one Party committee');
  });

  it('refuses a cycle in the Party hierarchy with CONFLICT', async () => {
    const query = `mutation { link(input: { type: REPORTS_TO, from: "org:pingdingshan-htz.working-committee", to: "org:pingdingshan-htz.general-committee", source: "source:004-pingdingshan-red-service" }) { type } }`;
    expect(await refused(query, 'CONFLICT')).toContain('REPORTS_TO');
  });

  it('refuses a link between labels the model does not allow, and one to a node that does not exist', async () => {
    const wrong = `mutation { link(input: { type: OPERATES_IN, from: "park:baiyin-htz", to: "seg:lithium-battery.anode", source: "${SOURCE}" }) { type } }`;
    expect(await refused(wrong, 'BAD_USER_INPUT')).toContain('of type Enterprise');
    const missing = `mutation { link(input: { type: OPERATES_IN, from: "ent:writes.nobody", to: "seg:lithium-battery.anode", source: "${SOURCE}" }) { type } }`;
    expect(await refused(missing, 'NOT_FOUND')).toContain('ent:writes.nobody');
  });

  it('links an enterprise to a segment with properties, and unlinks it', async () => {
    await send(upsert('ent:writes.anode', '负极企业'), EDITOR);
    const linked = await send(
      `mutation { link(input: { type: SUPPLIES, from: "ent:writes.anode", to: "ent:baiyin-htz.dongfang-tiye", product: "负极材料", source: "${SOURCE}" }) { type from { id } to { name } } }`,
      EDITOR,
    );
    expect(linked.body.data?.link).toEqual({
      type: 'SUPPLIES',
      from: { id: 'ent:writes.anode' },
      to: { name: '甘肃东方钛业有限公司' },
    });
    const read = await send(
      '{ enterprise(id: "ent:baiyin-htz.dongfang-tiye") { suppliers { node { id } product sources } } }',
    );
    expect((read.body.data?.enterprise as { suppliers: unknown[] }).suppliers).toEqual([
      { node: { id: 'ent:writes.anode' }, product: '负极材料', sources: [SOURCE] },
    ]);
    const unlinked = await send(
      `mutation { unlink(input: { type: SUPPLIES, from: "ent:writes.anode", to: "ent:baiyin-htz.dongfang-tiye", source: "${SOURCE}" }) }`,
      EDITOR,
    );
    expect(unlinked.body.data?.unlink).toBe(true);
  });

  it('deletes by id, and says false for an id that is not there', async () => {
    const gone = await send(
      `mutation { a: deleteEnterprise(id: "ent:writes.beta", source: "${SOURCE}") b: deleteEnterprise(id: "ent:writes.none", source: "${SOURCE}") }`,
      EDITOR,
    );
    expect(gone.body.data).toEqual({ a: true, b: false });
  });
});
