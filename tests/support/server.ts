import { currentRequestId } from '../../src/request-scope';
import type { AddressInfo } from 'node:net';
import type { Neo4jGateway } from '../../src/db/neo4j';
import { loadConfig } from '../../src/config/config';
import { createSchema } from '../../src/server/schema';
import { createApp, listen, type RunningApp } from '../../src/server/app';
import { applySchema } from '../../src/db/schema';
import { loadSeed } from '../../src/seed/loader';
import { resetDatabase, settled, testGateway } from './db';

export interface TestServer {
  url: string;
  app: RunningApp;
  gateway: Neo4jGateway;
  /** POSTs a GraphQL operation and returns the status and parsed body. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: GraphQLBody }>;
  /** Waits until every committed change has its number (the sequencer numbers them ms after their write). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Starts the real HTTP app on a free loopback port, over the given gateway (the test database by default). */
export async function startTestServer(
  gateway: Neo4jGateway = testGateway(),
  env: Record<string, string> = {},
  options: { background?: boolean; foldEveryMs?: number } = {},
): Promise<TestServer> {
  const app = await createApp({
    // The aggregates' tests fold when they choose to (see src/aggregates/README.md on reads during a fold).
    foldEveryMs: 0,
    ...options,
    schema: await createSchema(),
    gateway,
    shutdownGraceMs: 1000,
    // The webhook dispatcher polls the database in the background, which would hold sessions and
    // connections the tests count or exhaust; the webhook tests turn it on.
    settings: loadConfig({ WEBHOOKS: 'false', ...env }),
  });
  await listen(app.httpServer, '127.0.0.1', 0);
  const { port } = app.httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // What a load before the start left unnumbered is in the feed before a test reads it (a server
  // without the background jobs, or over no database, has no sequencer to wait for).
  if (options.background !== false)
    await settled(gateway).catch(async (error: unknown) => {
      // A server that never reached its test must not keep polling after the run.
      await app.stop();
      throw error;
    });
  return {
    url,
    app,
    gateway,
    settle: () => settled(gateway),
    graphql: async (query, variables) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLBody };
    },
    close: async () => {
      await app.stop();
      await gateway.close();
    },
  };
}

/** A sender of GraphQL operations to `server` with an API key (read at each call, the server may be set later). */
export function sendWithKey(
  server: () => TestServer,
  key: string,
): (query: string, variables?: Record<string, unknown>) => Promise<GraphQLBody> {
  return async (query, variables) => {
    const response = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLBody;
  };
}

/**
 * Records every statement the server's gateway sends, and runs operations checking that each sent at
 * most one statement per root field (the one-round-trip rule of the read API).
 */
export function statementCounter(server: TestServer): {
  sent: { name: string; cypher: string }[];
  ask: (query: string, variables?: Record<string, unknown>) => Promise<GraphQLBody>;
} {
  const sent: { name: string; cypher: string }[] = [];
  // Only the statements of requests: the webhook dispatcher and retention read the log in the background.
  server.gateway.onStatement((statement) => {
    if (currentRequestId() !== undefined) sent.push(statement);
  });
  return {
    sent,
    ask: async (query, variables) => {
      sent.length = 0;
      const { body } = await server.graphql(query, variables);
      const rootFields = Math.max(1, Object.keys(body.data ?? {}).length);
      expect({ query, statements: sent.length, withinOnePerRootField: sent.length <= rootFields }).toEqual({
        query,
        statements: sent.length,
        withinOnePerRootField: true,
      });
      return body;
    },
  };
}

/** Loads the curated data set into the empty test database. */
export async function loadCuratedData(): Promise<void> {
  const setup = testGateway(60_000);
  try {
    await applySchema(setup);
    await resetDatabase(setup);
    await loadSeed(setup);
  } finally {
    await setup.close();
  }
}
