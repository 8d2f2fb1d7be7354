import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Router } from 'express';
import type { Config } from '../config/config';
import type { Neo4jGateway } from '../db/neo4j';
import { createMetrics, type ServiceMetrics } from './metrics';
import { metricsRouter } from './metrics-route';
import { requestPlugin, trackRequests } from './requests';
import { requestScope, STATEMENT_LOG_LIMIT } from './scope';

export interface Observability {
  metrics: ServiceMetrics;
  /** First on /graphql: the request id, the log line, the request metrics. */
  requests: RequestHandler;
  plugin: ApolloServerPlugin<object>;
  /** GET /metrics, as `METRICS` allows. */
  router: Router;
  /** Stops listening to the gateway. */
  close(): void;
}

/** Logs and metrics of one app over one gateway: see README, "Operating the service". */
export function observability(
  gateway: Neo4jGateway,
  settings: Pick<Config, 'slowRequestMs' | 'metrics' | 'apiKeys'>,
): Observability {
  const metrics = createMetrics(gateway);
  const stopCounting = gateway.onStatement(() => {
    const record = requestScope.getStore();
    if (record) record.statements += 1;
  });
  const stopTiming = gateway.onStatementDone((statement, mode, done) => {
    metrics.statementEnded(statement.name, mode, done.ms, done.outcome);
    const record = requestScope.getStore();
    if (record && record.statementLog.length < STATEMENT_LOG_LIMIT)
      record.statementLog.push({ name: statement.name, ms: Math.round(done.ms * 10) / 10 });
  });
  return {
    metrics,
    requests: trackRequests(metrics, settings.slowRequestMs),
    plugin: requestPlugin(),
    router: metricsRouter(metrics.registry, settings.metrics, settings.apiKeys),
    close: () => {
      stopCounting();
      stopTiming();
    },
  };
}
