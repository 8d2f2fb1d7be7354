/**
 * The comparison API: the Neo4j GraphQL Library (@neo4j/graphql 7) over typeDefs.graphql, served by
 * Apollo Server on the same Express integration as this service, so the HTTP stack is the same and the
 * difference is in how each turns a query into Cypher. Reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
 * NEO4J_DATABASE, HOST and PORT; stops on SIGTERM or SIGINT.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import neo4j, { type Driver } from 'neo4j-driver';
import { fromRoot } from '../../src/paths';

export const TYPE_DEFS_FILE = fromRoot('bench', 'neo4j-graphql', 'typeDefs.graphql');

/** The executable schema the library generates from typeDefs.graphql, running its Cypher on `driver`. */
export async function neo4jGraphqlSchema(driver: Driver): Promise<GraphQLSchema> {
  return new Neo4jGraphQL({ typeDefs: readFileSync(TYPE_DEFS_FILE, 'utf8'), driver }).getSchema();
}

/** The driver the server uses: one pool, as the service's gateway has. */
export function benchDriver(env: NodeJS.ProcessEnv = process.env): Driver {
  return neo4j.driver(
    env.NEO4J_URI ?? 'bolt://127.0.0.1:7687',
    neo4j.auth.basic(env.NEO4J_USER ?? 'neo4j', env.NEO4J_PASSWORD ?? ''),
    { maxConnectionPoolSize: 50, logging: { level: 'error', logger: () => undefined } },
  );
}

async function main(): Promise<void> {
  const driver = benchDriver();
  const database = process.env.NEO4J_DATABASE ?? 'neo4j';
  const schema = await neo4jGraphqlSchema(driver);
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer({
    schema,
    introspection: process.env.NODE_ENV !== 'production',
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: () => Promise.resolve({ sessionConfig: { database } }),
    }),
  );
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? 4001);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  process.stdout.write(`@neo4j/graphql ready: http://${host}:${port}/graphql\n`);
  const shutdown = (): void => {
    apollo
      .stop()
      .then(() => driver.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`@neo4j/graphql server failed: ${String(error)}\n`);
    process.exit(1);
  });
}
