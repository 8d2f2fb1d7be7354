import { Neo4jGateway } from '../../src/db/neo4j';
import { testConnection } from '../support/db';
import { startTestServer, type TestServer } from '../support/server';

/** A URL that leaves this host: absolute http(s) or protocol-relative. */
const FOREIGN_URL = /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i;
/** Code that would load a resource from another host: a dynamic import, a fetch, a src, a CSS url(). */
const FOREIGN_LOAD = /(?:import\(|importScripts\(|fetch\(|\bsrc\s*[=:]\s*|url\()\s*["'`]?(?:https?:)?\/\//;

describe('HTTP service (real database)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers { __typename } by POST', async () => {
    const { status, body } = await server.graphql('{ __typename }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { __typename: 'Query' } });
  });

  it('reports the Neo4j it runs on', async () => {
    const { body } = await server.graphql('{ serviceInfo { neo4jName neo4jVersion neo4jEdition database } }');
    expect(body.data?.serviceInfo).toEqual({
      neo4jName: 'Neo4j Kernel',
      neo4jVersion: expect.stringMatching(/^5\.26\./) as unknown,
      neo4jEdition: 'community',
      database: testConnection().database,
    });
  });

  it('serves GraphiQL to a browser, from its own host only', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).not.toMatch(FOREIGN_URL);

    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1] ?? '')
      .filter((url) => !url.startsWith('data:'));
    expect(assets).toEqual([
      '/ide/graphiql.css',
      '/ide/react.js',
      '/ide/react-dom.js',
      '/ide/graphiql.js',
      '/ide/boot.js',
    ]);
    for (const asset of assets) {
      const res = await fetch(`${server.url}${asset}`);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      const text = await res.text();
      if (asset.endsWith('.css')) {
        // A stylesheet may load fonts and images: every url() must be inline data.
        for (const [, target] of text.matchAll(/url\(\s*['"]?([^'")]+)/g)) {
          expect({ asset, target: target?.startsWith('data:') }).toEqual({ asset, target: true });
        }
      }
      // Scripts may carry documentation hyperlinks (GraphiQL links to its manual), but nothing that
      // loads code, styles or data from elsewhere.
      expect({ asset, loadsForeign: FOREIGN_LOAD.test(text) }).toEqual({ asset, loadsForeign: false });
    }
    const boot = await (await fetch(`${server.url}/ide/boot.js`)).text();
    expect(boot).not.toMatch(FOREIGN_URL);
  });

  it('sends the IDE bundle compressed to a browser that accepts gzip', async () => {
    const response = await fetch(`${server.url}/ide/graphiql.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('answers a GraphQL client that sends GET, rather than showing it the IDE', async () => {
    const url = `${server.url}/graphql?query=${encodeURIComponent('{__typename}')}`;
    // Apollo's CSRF prevention wants a header a browser's simple cross-site request cannot carry.
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    const unguarded = await fetch(url, { headers: { accept: 'application/json' } });
    expect(unguarded.status).toBe(400);
    expect(await unguarded.text()).toContain('Cross-Site Request Forgery');
  });

  it('does not serve files outside the asset list', async () => {
    const response = await fetch(`${server.url}/ide/..%2Fpackage.json`);
    expect(response.status).toBe(404);
  });

  it('answers liveness and readiness', async () => {
    const health = await fetch(`${server.url}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      neo4j: { agent: expect.stringMatching(/^Neo4j\/5\.26/) as unknown },
    });
  });

  it('rejects an invalid query with a 400 and its code, not a 500', async () => {
    const { status, body } = await server.graphql('{ noSuchField }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('readiness without a database', () => {
  it('answers /ready with 503 and the reason when Neo4j is unreachable, while /health stays 200', async () => {
    const dead = Neo4jGateway.connect(
      { ...testConnection(), uri: 'bolt://127.0.0.1:1' },
      { txTimeoutMs: 1000 },
    );
    const server = await startTestServer(dead, {}, { background: false });
    try {
      const ready = await fetch(`${server.url}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'unavailable',
        reason: expect.any(String) as unknown,
      });
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const { body } = await server.graphql('{ serviceInfo { neo4jVersion } }');
      expect(body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await server.close();
    }
  });
});
