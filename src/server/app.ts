import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { loadConfig, type Config } from '../config/config';
import type { Neo4jGateway } from '../db/neo4j';
import type { Context } from '../read/context';
import { log, logError } from '../log';
import { observability } from '../ops';
import { createErrorFormatter } from './format-error';
import { faultStatusPlugin } from './fault-status';
import { inFlight } from './in-flight';
import { idempotencyOf } from './request-context';
import { identify } from './auth';
import { startRetention } from '../history/retention';
import { SEQUENCER_DEFAULTS, startSequencer, type SequencerOptions } from '../history/sequencer';
import { LeaseKeeper } from '../db/lease';
import { startFolder } from '../aggregates/fold';

/** How often the aggregates' pending deltas are folded, by default. */
const FOLD_EVERY_MS = 2_000;
import { corsFor, IMPORT_CORS } from './cors';
import { metricsRouter } from './metrics-route';
import { contentTypeGuard, httpErrorHandler, methodGuard } from './http-errors';
import { healthRouter } from './health';
import { IMPORT_METHODS, IMPORT_PATH, importHandler } from './import-route';
import { ideRouter } from './ide';
import { mapRouter } from './map';
import { documentGuard } from './nesting';
import { protections } from './limits';
import { serveSubscriptions } from './subscriptions';
import { noSubscriptionOverHttp } from './operation-types';
import { startDispatcher } from '../changes/dispatcher';

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

/** Every GraphQL answer is `Cache-Control: no-store`, as Apollo's cache-control plugin sent it. */
const noStore: ApolloServerPlugin<Context> = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response }) => {
        if (!response.http.headers.has('cache-control'))
          response.http.headers.set('cache-control', 'no-store');
        return Promise.resolve();
      },
    }),
};

export interface AppOptions {
  schema: GraphQLSchema;
  gateway: Neo4jGateway;
  /** How long in-flight requests may run after a stop before their connections are closed. */
  shutdownGraceMs?: number;
  /** The sequencer's poll and lease (tests shorten them); the defaults otherwise. */
  sequencer?: SequencerOptions;
  /**
   * Whether this process takes part in the background jobs: numbering the change log, retention, webhook
   * delivery (true by default). Off only where a test counts every statement or session of a request.
   */
  background?: boolean;
  /**
   * How often the aggregates' pending deltas are folded into the tallies, by the process holding the
   * `folder` lease; 0 never (tests that fold themselves). Reads are exact without it; it keeps them cheap.
   */
  foldEveryMs?: number;
  /** The IDE, introspection, keys, limits, CORS, debug, slow-request line and metrics; the defaults are those of an empty configuration. */
  settings?: Pick<
    Config,
    | 'ide'
    | 'introspection'
    | 'readAccess'
    | 'apiKeys'
    | 'limits'
    | 'corsOrigins'
    | 'debug'
    | 'slowRequestMs'
    | 'metrics'
    | 'changeLog'
    | 'aggregates'
    | 'changeRetentionDays'
    | 'changePollMs'
    | 'subscriptionQueueLimit'
    | 'webhooks'
    | 'httpImport'
  >;
}

export interface RunningApp {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /**
   * Stops taking requests, lets in-flight ones finish (up to the grace period), then resolves with how
   * many were still running at the grace limit and so were cut.
   */
  stop(): Promise<{ cut: number }>;
}

/**
 * The jobs every process of the service takes part in: the sequencer (each process watches the log's
 * head; the lease holder numbers), and, of several processes over one database, retention and webhook
 * delivery in whichever process holds each job's lease (so each change goes to a webhook from one
 * process, not from all). Returns the function that stops them and gives the leases up.
 */
function startJobs(
  gateway: Neo4jGateway,
  settings: Pick<Config, 'changeRetentionDays' | 'changePollMs' | 'webhooks' | 'aggregates'>,
  options: SequencerOptions = SEQUENCER_DEFAULTS,
  foldEveryMs = FOLD_EVERY_MS,
): { stop(): Promise<void> } {
  const sequencer = startSequencer(gateway, options);
  const retention = new LeaseKeeper(
    gateway,
    'retention',
    () => {
      const stop = startRetention(gateway, settings.changeRetentionDays);
      return () => Promise.resolve(stop());
    },
    options.lease,
  ).start();
  const webhooks = settings.webhooks.enabled
    ? new LeaseKeeper(
        gateway,
        'webhooks',
        () => startDispatcher(gateway, { ...settings.webhooks, pollMs: settings.changePollMs }),
        options.lease,
      ).start()
    : undefined;
  const folder =
    settings.aggregates && foldEveryMs > 0
      ? new LeaseKeeper(
          gateway,
          'folder',
          () => startFolder(gateway, { everyMs: foldEveryMs }),
          options.lease,
        ).start()
      : undefined;
  return {
    stop: async () => {
      await folder?.stop();
      await webhooks?.stop();
      await retention.stop();
      await sequencer.stop();
    },
  };
}

/**
 * Builds the HTTP service: GraphQL at /graphql (the IDE for browsers, the API for everyone else), imports
 * of any size at POST /import, and /health and /ready for orchestrators. Starting Apollo before listening means a request never meets a
 * half-started server.
 */
export async function createApp(options: AppOptions): Promise<RunningApp> {
  const settings = options.settings ?? loadConfig({});
  const guards = protections(settings.limits);
  const ops = observability(options.gateway, settings);
  const app = express();
  app.disable('x-powered-by');
  const requests = inFlight();
  app.use(requests.middleware);
  const httpServer = http.createServer(app);
  const formatError = createErrorFormatter(settings.debug, logError);
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: settings.introspection,
    validationRules: [...guards.validationRules, noSubscriptionOverHttp],
    parseOptions: guards.parseOptions,
    plugins: [
      ops.plugin,
      ...guards.plugins,
      faultStatusPlugin(),
      // On stop: no new connections, in-flight requests finish, idle keep-alive sockets close.
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000,
      }),
      ApolloServerPluginLandingPageDisabled(),
      // No type sets a cache hint, so Apollo's default cache-control plugin only ever wrote `no-store`;
      // its per-field hook made Apollo wrap and call a dispatcher on every field of every answer.
      ApolloServerPluginCacheControlDisabled(),
      noStore,
    ],
    // Stack traces name files and lines of the server: only GRAPHQL_DEBUG shows them, never NODE_ENV.
    formatError,
    includeStacktraceInErrorResponses: settings.debug,
    // The CLI owns the signals: Apollo's own handler would re-raise the signal before the driver closes.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const writes = { changeLog: settings.changeLog, aggregates: settings.aggregates };
  const jobs =
    options.background === false
      ? undefined
      : startJobs(options.gateway, settings, options.sequencer, options.foldEveryMs ?? FOLD_EVERY_MS);

  app.use(healthRouter(options.gateway));
  app.use(metricsRouter(ops.metrics.registry, settings.metrics, settings.apiKeys));
  // Before the IDE's router, whose GET route would answer OPTIONS itself with `Allow: GET, HEAD`.
  const corsMiddleware = corsFor(settings.corsOrigins);
  if (corsMiddleware) app.use(GRAPHQL_PATH, corsMiddleware);
  app.use(GRAPHQL_PATH, methodGuard());
  if (settings.ide) app.use(ideRouter(GRAPHQL_PATH));
  app.use(mapRouter(GRAPHQL_PATH));
  app.use(
    GRAPHQL_PATH,
    ops.requests,
    contentTypeGuard(),
    express.json({ limit: '1mb' }),
    queryLength(settings.limits.maxQueryChars),
    documentGuard(settings.limits),
    expressMiddleware(apollo, {
      context: ({ req }) =>
        Promise.resolve({
          gateway: options.gateway,
          writes,
          ...identify(req, settings.readAccess, settings.apiKeys),
          ...idempotencyOf(req),
        }),
    }),
  );
  // The same CORS origins as /graphql, with the import's one method and its headers (Content-Encoding).
  const importCors = corsFor(settings.corsOrigins, IMPORT_CORS);
  app.all(
    IMPORT_PATH,
    ...(importCors ? [importCors] : []),
    methodGuard(IMPORT_METHODS),
    ops.requests,
    importHandler(options.gateway, settings, logError),
  );
  app.use(httpErrorHandler(logError));
  const stopSubscriptions = serveSubscriptions({
    httpServer,
    path: GRAPHQL_PATH,
    schema: options.schema,
    gateway: options.gateway,
    writes,
    readAccess: settings.readAccess,
    apiKeys: settings.apiKeys,
    limits: settings.limits,
    validationRules: guards.validationRules,
    push: { queueLimit: settings.subscriptionQueueLimit, pollMs: settings.changePollMs },
    formatError,
  });

  return {
    httpServer,
    apollo,
    stop: async () => {
      log('stopping: finishing in-flight requests');
      const cut = requests.atGraceLimit(options.shutdownGraceMs ?? 10_000);
      // Sockets first: an open subscription would otherwise hold the HTTP server open past the grace.
      await stopSubscriptions();
      await apollo.stop();
      await jobs?.stop();
      ops.close();
      return { cut: cut.settle() };
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
