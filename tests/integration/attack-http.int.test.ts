import { gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../support/server';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  code: unknown;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let code: unknown;
  try {
    code = (JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] }).errors?.[0]?.extensions
      ?.code;
  } catch {
    code = undefined;
  }
  return { status: response.status, headers: response.headers, text, code };
}

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };

/** A POST of `body` as JSON. */
const json = (body: string): RequestInit => ({ method: 'POST', headers: JSON_HEADERS, body });

/**
 * Bad HTTP, as a careless client or an attacker sends it, against the real app on loopback: every
 * answer is a GraphQL error in JSON with a code and a 4xx status, never an HTML page, never a 5xx.
 */
describe('attack: bad HTTP (real HTTP)', () => {
  let server: TestServer;
  let slowest = { ms: 0, what: '' };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    process.stdout.write(`attack slowest answer of class bad HTTP (ms): ${JSON.stringify(slowest)}\n`);
    await server.close();
  });

  const cases: [string, RequestInit, number][] = [
    ['PUT', { method: 'PUT', headers: JSON_HEADERS, body: '{"query":"{__typename}"}' }, 405],
    ['DELETE', { method: 'DELETE' }, 405],
    ['PATCH', { method: 'PATCH', headers: JSON_HEADERS, body: '{}' }, 405],
    ['malformed JSON', json('{"query": "{ __typename }"'), 400],
    ['a JSON array (batching)', json('[{"query":"{__typename}"}]'), 400],
    ['a JSON string', json('"{ __typename }"'), 400],
    ['a JSON number', json('42'), 400],
    ['JSON null', json('null'), 400],
    ['JSON true', json('true'), 400],
    ['an empty body', json(''), 400],
    ['an empty object', json('{}'), 400],
    ['a query that is a number', json('{"query":1}'), 400],
    ['a query that is an object', json('{"query":{"a":1}}'), 400],
    ['a query that is null', json('{"query":null}'), 400],
    ['variables that are a string', json('{"query":"{__typename}","variables":"{}"}'), 400],
    ['variables that are an array', json('{"query":"{__typename}","variables":[1]}'), 400],
    ['extensions that are a number', json('{"query":"{__typename}","extensions":3}'), 400],
    ['an operationName that is a number', json('{"query":"{__typename}","operationName":3}'), 400],
    [
      'a form body',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=%7B__typename%7D',
      },
      415,
    ],
    [
      'a text body',
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{__typename}"}' },
      415,
    ],
    ['no content type', { method: 'POST', body: new Blob(['{"query":"{__typename}"}']) }, 415],
    [
      'a GraphQL body',
      { method: 'POST', headers: { 'content-type': 'application/graphql' }, body: '{ __typename }' },
      415,
    ],
    [
      'an unknown charset',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=klingon' },
        body: '{"query":"{__typename}"}',
      },
      415,
    ],
    [
      'a UTF-16 charset',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-16' },
        body: '{"query":"{__typename}"}',
      },
      400,
    ],
    [
      'invalid UTF-8',
      {
        method: 'POST',
        headers: JSON_HEADERS,
        body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      },
      400,
    ],
    [
      'an unknown content encoding',
      {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'content-encoding': 'br2' },
        body: '{"query":"{__typename}"}',
      },
      415,
    ],
    [
      'a gzip body that is not gzip',
      { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: 'not gzip at all' },
      400,
    ],
    [
      'a body over 1 MB',
      {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ query: `{ __typename }`, variables: { x: 'x'.repeat(1_100_000) } }),
      },
      413,
    ],
    [
      'a gzip bomb',
      {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.alloc(20_000_000, 0x20)),
      },
      413,
    ],
    [
      'a GET without a query',
      { method: 'GET', headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } },
      400,
    ],
  ];

  it.each(cases)(
    'answers %s with a GraphQL error in JSON, a code and the right 4xx',
    async (what, init, status) => {
      const started = performance.now();
      const answer = await send(`${server.url}/graphql`, init);
      const ms = Math.round(performance.now() - started);
      if (ms > slowest.ms) slowest = { ms, what };
      expect({
        what,
        status: answer.status,
        code: typeof answer.code,
        html: /<html|<!DOCTYPE/i.test(answer.text),
      }).toEqual({
        what,
        status,
        code: 'string',
        html: false,
      });
      expect(answer.headers.get('content-type')).toMatch(/json/);
      expect(answer.code).not.toBe('INTERNAL_SERVER_ERROR');
      if (status === 405) expect(answer.headers.get('allow')).toBe('GET, POST');
    },
  );

  it('answers a mutation sent by GET with 405 and a code', async () => {
    const answer = await send(
      `${server.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
      {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      },
    );
    expect({ status: answer.status, code: answer.code }).toEqual({ status: 405, code: 'BAD_REQUEST' });
  });

  it('answers a GET with variables that are not JSON with 400 and a code', async () => {
    const answer = await send(
      `${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}&variables=%7Bnope`,
      {
        headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.code).toBe('BAD_REQUEST');
  });
});

/**
 * A client's mistakes in the operation itself are client errors (4xx, a client code), never
 * INTERNAL_SERVER_ERROR, and no answer carries a stack trace unless GRAPHQL_DEBUG asks for one.
 */
describe('attack: client mistakes (real HTTP)', () => {
  let server: TestServer;
  let debug: TestServer;
  beforeAll(async () => {
    server = await startTestServer(undefined, { NODE_ENV: 'development' });
    debug = await startTestServer(undefined, { GRAPHQL_DEBUG: 'true' });
  });
  afterAll(async () => {
    await server.close();
    await debug.close();
  });

  const post = async (
    target: TestServer,
    body: Record<string, unknown>,
  ): Promise<{ status: number; codes: unknown[]; text: string }> => {
    const response = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
    return { status: response.status, codes: (parsed.errors ?? []).map((e) => e.extensions?.code), text };
  };

  const mistakes: [string, Record<string, unknown>, string][] = [
    [
      'null for a non-null variable',
      { query: 'query ($id: ID!) { park(id: $id) { id } }', variables: { id: null } },
      'BAD_USER_INPUT',
    ],
    ['a missing non-null variable', { query: 'query ($id: ID!) { park(id: $id) { id } }' }, 'BAD_USER_INPUT'],
    [
      'a variable of the wrong type',
      { query: 'query ($n: Int!) { parks(first: $n) { totalCount } }', variables: { n: 'ten' } },
      'BAD_USER_INPUT',
    ],
    [
      'an Int variable past 32 bits',
      { query: 'query ($n: Int!) { parks(first: $n) { totalCount } }', variables: { n: 2 ** 40 } },
      'BAD_USER_INPUT',
    ],
    [
      'an object for an ID variable',
      { query: 'query ($id: ID!) { park(id: $id) { id } }', variables: { id: { a: 1 } } },
      'BAD_USER_INPUT',
    ],
    [
      'a list for a filter variable',
      { query: 'query ($f: ParkFilter) { parks(filter: $f) { totalCount } }', variables: { f: [1] } },
      'BAD_USER_INPUT',
    ],
    [
      'an undeclared variable',
      { query: '{ park(id: $id) { id } }', variables: { id: 'park:baiyin-htz' } },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['an unknown field', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'an Int literal past 32 bits',
      { query: '{ parks(first: 99999999999) { totalCount } }' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    ['a subscription', { query: 'subscription { serviceInfo { version } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a subscription among queries',
      { query: 'query A { __typename } subscription B { __typename }', operationName: 'B' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'an unknown operationName',
      { query: 'query A { __typename }', operationName: 'B' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'two operations and no operationName',
      { query: 'query A { __typename } query B { __typename }' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    ['a syntax error', { query: '{ parks { ' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unterminated string', { query: '{ park(id: "x) { id } }' }, 'GRAPHQL_PARSE_FAILED'],
    ['a NUL byte in the query', { query: '{ __typename \u0000 }' }, 'GRAPHQL_PARSE_FAILED'],
    [
      'a mutation without a key',
      { query: 'mutation { deleteChainSegment(id: "seg:nope", source: "source:x") }' },
      'UNAUTHENTICATED',
    ],
    [
      'a fragment cycle',
      { query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
  ];

  it.each(mistakes)('answers %s with a 4xx and its code', async (what, body, code) => {
    const answer = await post(server, body);
    expect({
      what,
      clientError: answer.status < 500 && answer.status >= 400,
      hasCode: answer.codes.includes(code),
    }).toEqual({
      what,
      clientError: true,
      hasCode: true,
    });
    expect(answer.codes).not.toContain('INTERNAL_SERVER_ERROR');
    // NODE_ENV=development no longer shows stack traces: only GRAPHQL_DEBUG does.
    expect(answer.text).not.toMatch(/stacktrace|\/src\/|node_modules/);
  });

  it('shows a stack trace only when GRAPHQL_DEBUG=true', async () => {
    const plain = await post(server, { query: '{ nope }' });
    const traced = await post(debug, { query: '{ nope }' });
    expect(plain.text).not.toContain('stacktrace');
    expect(traced.text).toContain('stacktrace');
  });
});

/** CORS: off by default; CORS_ORIGINS turns it on for the listed origins, with a preflight that works. */
describe('CORS (real HTTP)', () => {
  let closed: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    closed = await startTestServer();
    open = await startTestServer(undefined, {
      CORS_ORIGINS: 'https://app.example.org, http://localhost:3000',
    });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  const preflight = (target: TestServer, origin: string): Promise<Response> =>
    fetch(`${target.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization, x-api-key, apollo-require-preflight',
      },
    });

  it('answers the preflight of a listed origin with the methods and the headers clients send', async () => {
    const response = await preflight(open, 'https://app.example.org');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET,POST');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',');
    expect(allowed).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'x-api-key', 'apollo-require-preflight']),
    );
  });

  it('lets a listed origin read the answer, and gives an unlisted one no CORS header', async () => {
    const ask = (origin: string): Promise<Response> =>
      fetch(`${open.url}/graphql`, {
        method: 'POST',
        headers: { ...JSON_HEADERS, origin },
        body: '{"query":"{ __typename }"}',
      });
    const listed = await ask('http://localhost:3000');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const other = await ask('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await preflight(open, 'https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off by default: no CORS header, and OPTIONS is a 405 with Allow: GET, POST', async () => {
    const response = await preflight(closed, 'https://app.example.org');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });
});
