import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { loadConfig, type Config } from '../config/config';
import type { Neo4jGateway } from '../db/neo4j';
import { projectionKey } from '../graph/compile';
import type { Context } from '../graphql/context';
import { log, logError } from '../log';
import { createErrorFormatter } from './format-error';
import { authenticate } from './auth';
import { healthRouter } from './health';
import { ideRouter } from './ide';
import { protections } from './limits';

export const GRAPHQL_PATH = '/graphql';

/** Refuses an over-long query text before it is parsed, with the GraphQL-over-HTTP error shape. */
function queryLength(max: number): express.RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === 'GET' ? req.query.query : body?.query;
    if (typeof query === 'string' && query.length > max) {
      res.status(400).json({
        errors: [
          {
            message: `The query is longer than ${max} characters.`,
            extensions: { code: 'BAD_USER_INPUT', limit: max },
          },
        ],
      });
      return;
    }
    next();
  };
}

/**
 * Root resolvers fetch a field's whole subtree in one statement, keyed by projection key (the field
 * name, or `alias:name`, see compile.ts); every other field is read from that map. Objects keyed by
 * field names (connections, traversal steps, analysis rows) never hold an `alias:name` key, so they fall
 * back to graphql-js's default, which reads the field name whatever the alias.
 */
const readPrefetched: GraphQLFieldResolver<unknown, Context> = (source, args, context, info) => {
  if (source !== null && typeof source === 'object' && typeof info.path.key === 'string') {
    const key = projectionKey(info.path.key, info.fieldName);
    if (key in source) return (source as Record<string, unknown>)[key];
  }
  return defaultFieldResolver(source, args, context, info);
};

export interface AppOptions {
  schema: GraphQLSchema;
  gateway: Neo4jGateway;
  development: boolean;
  /** How long in-flight requests may run after a stop before their connections are closed. */
  shutdownGraceMs?: number;
  /** The IDE, introspection, keys and limits; the defaults are those of an empty configuration. */
  settings?: Pick<Config, 'ide' | 'introspection' | 'readAccess' | 'apiKeys' | 'limits'>;
}

export interface RunningApp {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Stops taking requests, lets in-flight ones finish (up to the grace period), then resolves. */
  stop(): Promise<void>;
}

/**
 * Builds the HTTP service: GraphQL at /graphql (the IDE for browsers, the API for everyone else), and
 * /health and /ready for orchestrators. Starting Apollo before listening means a request never meets a
 * half-started server.
 */
export async function createApp(options: AppOptions): Promise<RunningApp> {
  const settings = options.settings ?? loadConfig({});
  const guards = protections(settings.limits);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: settings.introspection,
    validationRules: guards.validationRules,
    parseOptions: guards.parseOptions,
    plugins: [
      ...guards.plugins,
      // On stop: no new connections, in-flight requests finish, idle keep-alive sockets close.
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000,
      }),
      ApolloServerPluginLandingPageDisabled(),
    ],
    formatError: createErrorFormatter(options.development, logError),
    fieldResolver: readPrefetched,
    includeStacktraceInErrorResponses: options.development,
    // The CLI owns the signals: Apollo's own handler would re-raise the signal before the driver closes.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  app.use(healthRouter(options.gateway));
  if (settings.ide) app.use(ideRouter(GRAPHQL_PATH));
  app.use(
    GRAPHQL_PATH,
    express.json({ limit: '1mb' }),
    queryLength(settings.limits.maxQueryChars),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        Promise.resolve({
          gateway: options.gateway,
          caller: authenticate(req, settings.readAccess, settings.apiKeys),
        }),
    }),
  );

  return {
    httpServer,
    apollo,
    stop: async () => {
      log('stopping: finishing in-flight requests');
      await apollo.stop();
    },
  };
}

/** Listens on host:port; rejects with a readable error when the port is taken or not allowed. */
export function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use; set PORT to a free port or stop the program using it`
          : error.code === 'EACCES'
            ? `not allowed to listen on ${host}:${port}; use a port above 1023`
            : error.code === 'EADDRNOTAVAIL'
              ? `${host} is not an address of this machine; check HOST`
              : error.message;
      reject(new Error(why));
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
