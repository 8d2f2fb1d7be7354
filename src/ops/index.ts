import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import type { Config } from '../config/config';
import type { Neo4jGateway } from '../db/neo4j';
import { createMetrics, type ServiceMetrics } from './metrics';
import { requestPlugin, trackRequests } from './requests';
import { requestScope, STATEMENT_LOG_LIMIT } from '../request-scope';

export interface Observability {
  metrics: ServiceMetrics;
  /** First on /graphql: the request id, the log line, the request metrics. */
  requests: RequestHandler;
  plugin: ApolloServerPlugin<object>;
  /** Stops listening to the gateway. */
  close(): void;
}

/** Logs and metrics of one app over one gateway: see README, "Operating the service". */
export function observability(gateway: Neo4jGateway, settings: Pick<Config, 'slowRequestMs'>): Observability {
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
    close: () => {
      stopCounting();
      stopTiming();
    },
  };
}
