import { testGateway } from '../support/db';
import { loadCuratedData, startTestServer, type TestServer } from '../support/server';

const READER = 'reader-key-0123456789abcdef';
const EDITOR = 'editor-key-0123456789abcdef';

async function post(
  server: TestServer,
  query: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as never };
}

describe('limits (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Its reads expect whole records: another file's leftovers (a Park with only an id) would fail them.
    await loadCuratedData();
    server = await startTestServer(testGateway(), {
      MAX_DEPTH: '6',
      MAX_ALIASES: '3',
      MAX_COST: '2000',
      MAX_QUERY_CHARS: '3000',
    });
  });
  afterAll(() => server.close());

  it('refuses a query nested deeper than MAX_DEPTH', async () => {
    const { status, body } = await post(
      server,
      '{ parks { nodes { chains { zone { chains { zone { chains { name } } } } } } } }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses more aliases than MAX_ALIASES', async () => {
    const { status, body } = await post(
      server,
      '{ a: parks(first: 1) { totalCount } b: parks(first: 1) { totalCount } c: parks(first: 1) { totalCount } d: parks(first: 1) { totalCount } }',
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('prices traversals and lists: a fan-out of deep traversals is refused with its cost', async () => {
    const query = `{ ${Array.from({ length: 3 }, (_, i) => `t${i}: supplyChain(id: "seg:nylon66.dyeing", depth: 6) { node { ... on ChainSegment { enterprises { parks { name } } } } }`).join(' ')} }`;
    const { status, body } = await post(server, query);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/Query cost \d+ exceeds the limit of 2000/);
  });

  it('lets a modest query through', async () => {
    const { status, body } = await post(server, '{ parks(first: 5) { nodes { name chains { name } } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses a query text longer than MAX_QUERY_CHARS before parsing it', async () => {
    const { status, body } = await post(server, `{ __typename ${' '.repeat(3000)}}`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 3000 });
  });
});

describe('keys and production switches (real HTTP)', () => {
  let keyed: TestServer;
  let production: TestServer;
  beforeAll(async () => {
    keyed = await startTestServer(testGateway(), {
      READ_ACCESS: 'key',
      API_KEYS: `reader:${READER},editor:${EDITOR}`,
    });
    production = await startTestServer(testGateway(), { NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await keyed.close();
    await production.close();
  });

  it('refuses reading without a key when READ_ACCESS=key, with 401 and UNAUTHENTICATED', async () => {
    const { status, body } = await post(keyed, '{ __typename }');
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong key, and does not echo it', async () => {
    const wrong = 'reader-key-0123456789abcdeX';
    const { status, body } = await post(keyed, '{ __typename }', { authorization: `Bearer ${wrong}` });
    expect(status).toBe(401);
    expect(JSON.stringify(body)).not.toContain(wrong);
  });

  it('reads with a reader key, by Authorization or X-API-Key', async () => {
    expect((await post(keyed, '{ __typename }', { authorization: `Bearer ${READER}` })).body).toEqual({
      data: { __typename: 'Query' },
    });
    expect((await post(keyed, '{ __typename }', { 'x-api-key': EDITOR })).body).toEqual({
      data: { __typename: 'Query' },
    });
  });

  it('in production, turns introspection and the IDE off', async () => {
    const { body } = await post(production, '{ __schema { queryType { name } } }');
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('graphiql');
  });
});
