import { serverAudits } from 'graphql-http';
import { testGateway } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

/**
 * The GraphQL-over-HTTP spec, checked by the graphql-http audit suite against the running server.
 * No MUST audit may fail; the SHOULD warnings and MAY notices that remain are explained in the README.
 */
describe('GraphQL over HTTP (graphql-http audits, real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(testGateway(), { MAX_TOKENS: '200' });
  });
  afterAll(() => server.close());

  it('passes every MUST audit', async () => {
    const results = await Promise.all(
      serverAudits({ url: `${server.url}/graphql`, fetchFn: fetch }).map(async (audit) => {
        const result = await audit.fn();
        return {
          status: result.status,
          reason: 'reason' in result ? String(result.reason) : '',
          title: audit.name,
        };
      }),
    );
    const failed = results.filter((r) => r.status === 'error').map((r) => `${r.title}: ${r.reason}`);
    expect(failed).toEqual([]);
    const warned = results.filter((r) => r.status === 'warn').map((r) => r.title);
    // The three documented SHOULDs: Apollo answers 400, not 200, to application/json clients on these errors.
    expect(warned.every((name) => /status code.*when accepting application\/json/.test(name))).toBe(true);
    expect(results.filter((r) => r.status === 'ok').length).toBeGreaterThanOrEqual(55);
  });

  it.each([
    ['malformed JSON', '{"query": "{ __typename }"', 'application/json'],
    ['the wrong content type', 'query=%7B__typename%7D', 'application/x-www-form-urlencoded'],
    ['an empty body', '', 'application/json'],
    ['a syntax error', JSON.stringify({ query: '{' }), 'application/json'],
    [
      'an unknown operation name',
      JSON.stringify({ query: 'query A { __typename }', operationName: 'B' }),
      'application/json',
    ],
    [
      'batched requests',
      JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      'application/json',
    ],
    [
      'variables of the wrong type',
      JSON.stringify({
        query: 'query ($n: Int!) { parks(first: $n) { totalCount } }',
        variables: { n: 'ten' },
      }),
      'application/json',
    ],
    [
      'too many tokens',
      JSON.stringify({
        query: `{ ${Array.from({ length: 120 }, (_, i) => `a${i}: __typename`).join(' ')} }`,
      }),
      'application/json',
    ],
  ])('answers %s with a 4xx, never a 500', async (_case, body, contentType) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/graphql-response+json' },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('refuses a mutation sent by GET', async () => {
    const response = await fetch(
      `${server.url}/graphql?query=${encodeURIComponent('mutation { __typename }')}`,
      {
        headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
      },
    );
    expect(response.status).toBe(405);
  });

  it.each([
    ['an answer', JSON.stringify({ query: '{ __typename }' })],
    ['an error', JSON.stringify({ query: '{ nope }' })],
  ])('marks %s Cache-Control: no-store, so no cache keeps a graph that changes', async (_case, body) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body,
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
