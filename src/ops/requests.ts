import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import { logger } from '../log';
import type { ServiceMetrics } from './metrics';
import { requestScope, type RequestRecord } from '../request-scope';

/** An incoming id is kept when it is short and plain, so it cannot forge log fields or bloat them. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/** The client's `X-Request-Id` when it is sane, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** The `extensions.code` of each error in a GraphQL response body (a string or an object). */
export function errorCodesIn(body: unknown): string[] | undefined {
  let value = body;
  if (typeof body === 'string') {
    if (!body.startsWith('{') || !body.includes('"errors"')) return undefined;
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  const errors = (value as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  return errors.map((error: { extensions?: { code?: unknown } } | null) => {
    const code = error?.extensions?.code;
    return typeof code === 'string' ? code : 'UNKNOWN';
  });
}

/**
 * Answers refused before Apollo ran (a body the parser refused, an over-long query, a bad key) carry
 * their codes only in the body they send; Apollo's own answers get theirs from the plugin below.
 */
function watchSentCodes(res: Response, record: RequestRecord): void {
  const send = res.send.bind(res);
  res.send = ((body?: unknown) => {
    record.errorCodes ??= errorCodesIn(body);
    return send(body);
  }) as Response['send'];
}

/**
 * The start and end of every request to /graphql: an id (echoed in `X-Request-Id`), one log line when
 * the answer has gone (or the client left), a warning line when it was slow, and its metrics. The rest
 * of the request runs inside its record's scope, so statements and log lines are counted to it.
 */
export function trackRequests(metrics: ServiceMetrics, slowRequestMs: number): RequestHandler {
  return (req, res, next) => {
    const record: RequestRecord = {
      requestId: requestIdOf(req.headers['x-request-id']),
      startedAt: performance.now(),
      resolved: false,
      statements: 0,
      statementLog: [],
    };
    res.setHeader('X-Request-Id', record.requestId);
    metrics.requestStarted();
    watchSentCodes(res, record);
    res.once('close', () => {
      const aborted = !res.writableFinished;
      metrics.requestEnded(record, res.statusCode, aborted);
      const durationMs = Math.round((performance.now() - record.startedAt) * 10) / 10;
      const fields = {
        requestId: record.requestId,
        operationName: record.operationName ?? null,
        operationType: record.operationType ?? null,
        durationMs,
        statements: record.statements,
        status: res.statusCode,
        errorCodes: record.errorCodes ?? [],
        ...(aborted ? { aborted } : {}),
      };
      logger().info(fields, 'request');
      if (slowRequestMs > 0 && durationMs >= slowRequestMs) {
        // Names and times of the statements, never the variables or the query text: they may hold anything.
        logger().warn(
          { ...fields, slowRequestMs, statementNames: record.statementLog },
          `slow request: ${durationMs} ms`,
        );
      }
    });
    requestScope.run(record, next);
  };
}

/** Longest client-given operation name kept in a log line before Apollo has resolved it. */
const MAX_NAME = 100;

/** Tells the request's record what Apollo learned: the operation's name and type, the errors' codes. */
export function requestPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: ({ request }) => {
      const record = requestScope.getStore();
      if (!record) return Promise.resolve();
      if (typeof request.operationName === 'string')
        record.operationName = request.operationName.slice(0, MAX_NAME);
      return Promise.resolve({
        didResolveOperation: ({ operationName, operation }) => {
          // Apollo calls this also when no operation matched the name, just before it refuses the request.
          if (!operation) return Promise.resolve();
          record.operationName = operationName?.slice(0, MAX_NAME) ?? undefined;
          record.operationType = operation.operation;
          record.resolved = true;
          return Promise.resolve();
        },
        willSendResponse: ({ response }) => {
          if (response.body.kind === 'single')
            record.errorCodes = errorCodesIn(response.body.singleResult) ?? [];
          return Promise.resolve();
        },
      });
    },
  };
}
