import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Neo4jGateway } from '../db/neo4j';
import { CappedLabel, UNKNOWN } from './labels';
import type { RequestRecord } from '../request-scope';

/** Distinct operation names kept as label values; see CappedLabel. */
const MAX_OPERATION_LABELS = 100;
/** Statement names come from the code, not from clients, but are capped all the same. */
const MAX_STATEMENT_LABELS = 200;

let defaults: Registry | undefined;

/**
 * The process metrics (CPU, memory, GC, event-loop lag) once per process: each collection starts an
 * event-loop delay monitor that is never stopped, so every app built in one process shares one.
 */
function defaultMetrics(): Registry {
  if (!defaults) {
    defaults = new Registry();
    collectDefaultMetrics({ register: defaults });
  }
  return defaults;
}

export interface ServiceMetrics {
  /** This app's metrics and the process's, as /metrics serves them. */
  registry: Registry;
  requestStarted(): void;
  /** Counts a finished (or aborted) request under its operation and the first error code. */
  requestEnded(record: RequestRecord, status: number, aborted: boolean): void;
  statementEnded(name: string, mode: 'READ' | 'WRITE', ms: number, outcome: string): void;
}

/** The code a request is counted under: the first error's, an HTTP refusal's, or OK. */
export function requestCode(record: RequestRecord, status: number, aborted: boolean): string {
  if (aborted) return 'ABORTED';
  const [first] = record.errorCodes ?? [];
  if (first !== undefined) return first;
  return status >= 400 ? `HTTP_${status}` : 'OK';
}

/** Builds the service's metrics over one gateway (whose pool use it reads at each scrape). */
export function createMetrics(gateway: Neo4jGateway): ServiceMetrics {
  const own = new Registry();
  const registers = [own];
  const operations = new CappedLabel(MAX_OPERATION_LABELS);
  const statements = new CappedLabel(MAX_STATEMENT_LABELS, 100);
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'HTTP requests to /graphql, by operation name, operation type and the first error code (OK without error)',
    labelNames: ['operation', 'type', 'code'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from arrival to the last byte of the answer, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const perRequest = new Histogram({
    name: 'graphql_request_statements',
    help: 'Cypher statements sent per request',
    buckets: [0, 1, 2, 3, 5, 10, 20, 50, 100],
    registers,
  });
  const inFlight = new Gauge({
    name: 'graphql_requests_in_flight',
    help: 'Requests to /graphql being answered now',
    registers,
  });
  const statementLatency = new Histogram({
    name: 'neo4j_statement_duration_seconds',
    help: 'Time of each Cypher statement, by statement name, access mode and outcome (OK or the error code)',
    labelNames: ['statement', 'mode', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers,
  });
  new Gauge({
    name: 'neo4j_sessions_in_use',
    help: 'Neo4j sessions open now, each holding or waiting for a pooled connection',
    registers,
    collect() {
      this.set(gateway.sessionsInUse);
    },
  });
  new Gauge({
    name: 'neo4j_pool_max_size',
    help: 'The most connections the Neo4j driver pool may open',
    registers,
    collect() {
      this.set(gateway.maxPoolSize);
    },
  });

  return {
    registry: Registry.merge([own, defaultMetrics()]),
    requestStarted: () => inFlight.inc(),
    requestEnded: (record, status, aborted) => {
      inFlight.dec();
      const operation = record.resolved ? operations.value(record.operationName) : UNKNOWN;
      const type = record.operationType ?? UNKNOWN;
      requests.inc({ operation, type, code: requestCode(record, status, aborted) });
      latency.observe({ operation, type }, (performance.now() - record.startedAt) / 1000);
      perRequest.observe(record.statements);
    },
    statementEnded: (name, mode, ms, outcome) => {
      statementLatency.observe(
        { statement: statements.value(name), mode: mode.toLowerCase(), outcome },
        ms / 1000,
      );
    },
  };
}
