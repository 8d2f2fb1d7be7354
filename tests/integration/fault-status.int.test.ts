import { Neo4jGateway } from '../../src/db/neo4j';
import { testConnection } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

/** The status of a request the database could not answer, by media type (no database at all here). */
describe('HTTP status when the database is unreachable', () => {
  let server: TestServer;
  beforeAll(async () => {
    const dead = Neo4jGateway.connect(
      { ...testConnection(), uri: 'bolt://127.0.0.1:1' },
      { txTimeoutMs: 1000, maxRetryTimeMs: 200 },
    );
    // No background jobs: over no database they would only log their failures.
    server = await startTestServer(dead, {}, { background: false });
  });
  afterAll(() => server.close());

  const ask = async (
    query: string,
    accept?: string,
  ): Promise<{ status: number; retryAfter: string | null; body: unknown }> => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      body: JSON.stringify({ query }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.json(),
    };
  };

  it('answers 503 with Retry-After and data null to a client that accepts application/graphql-response+json', async () => {
    for (const query of [
      '{ industryChains { nodes { id } } }',
      '{ a: park(id: "park:baiyin-htz") { id } b: serviceInfo { neo4jVersion } }',
    ]) {
      const answer = await ask(query, 'application/graphql-response+json');
      expect(answer).toMatchObject({
        status: 503,
        retryAfter: '1',
        body: { data: null, errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
      });
    }
  });

  it('keeps 200, as the spec asks for application/json, with Retry-After and the code in the body', async () => {
    for (const accept of [
      undefined,
      'application/json',
      'application/json, application/graphql-response+json',
    ]) {
      const answer = await ask('{ industryChains { nodes { id } } }', accept);
      expect(answer).toMatchObject({
        status: 200,
        retryAfter: '1',
        body: { data: null, errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] },
      });
    }
  });

  it('keeps 200 and no Retry-After for an answer with real data beside the failure', async () => {
    const answer = await ask(
      '{ __typename park(id: "park:baiyin-htz") { id } }',
      'application/graphql-response+json',
    );
    expect(answer.status).toBe(200);
    expect(answer.retryAfter).toBeNull();
  });
});
