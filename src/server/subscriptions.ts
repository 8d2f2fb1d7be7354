/**
 * GraphQL subscriptions over the graphql-ws protocol, on the HTTP server's own port and /graphql path
 * (a WebSocket upgrade there; plain requests stay with Express). The socket serves subscriptions only:
 * queries and mutations go over HTTP, where Idempotency-Key, metrics and the request log apply.
 *
 * Who may subscribe follows the HTTP rules: the key comes in connection_init's payload
 * (`{authorization: 'Bearer <key>'}` or `{'x-api-key': '<key>'}`) or in the upgrade request's headers;
 * without one under READ_ACCESS=key, or with one that matches no key, the socket is closed with 4401
 * and the reason, never silently. The documents meet the same limits as HTTP queries.
 */
import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import {
  GraphQLError,
  OperationTypeNode,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiKey, WriteSettings } from '../config/config';
import type { Neo4jGateway } from '../db/neo4j';
import { AppError } from '../errors';
import type { Caller } from '../read/context';
import type { PushSettings, SubscriptionContext } from '../changes/subscriptions.resolver';
import { identify } from './auth';
import { documentProblem } from './nesting';
import type { Limits } from './limits';

type Extra = { socket: WebSocket; request: http.IncomingMessage } & Record<PropertyKey, unknown>;

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  path: string;
  schema: GraphQLSchema;
  gateway: Neo4jGateway;
  writes: WriteSettings;
  readAccess: 'open' | 'key';
  apiKeys: readonly ApiKey[];
  limits: Limits;
  validationRules: ValidationRule[];
  push: PushSettings;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

const header = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A request error with the code Apollo gives the same mistake over HTTP. */
const refused = (message: string, code: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code } });

/** The document of a subscribe message, checked as an HTTP query is: its length, tokens, nesting, rules. */
function checkDocument(
  options: SubscriptionServerOptions,
  query: string,
  operationName: string | null | undefined,
): DocumentNode | GraphQLError[] {
  const { limits } = options;
  if (query.length > limits.maxQueryChars)
    return [refused(`The query is longer than ${limits.maxQueryChars} characters.`, 'BAD_USER_INPUT')];
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    return [refused((error as Error).message, 'GRAPHQL_PARSE_FAILED')];
  }
  const problem = documentProblem(document, limits.maxDepth);
  if (problem) return [refused(problem, 'BAD_USER_INPUT')];
  const errors = validate(options.schema, document, [...specifiedRules, ...options.validationRules]);
  if (errors.length > 0)
    return errors.map((e) => (e.extensions.code ? e : refused(e.message, 'GRAPHQL_VALIDATION_FAILED')));
  const operation = getOperationAST(document, operationName);
  if (!operation) return [refused('Name the operation to run.', 'OPERATION_RESOLUTION_FAILURE')];
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION)
    return [
      refused(
        `This socket serves subscriptions; send a ${operation.operation} as an HTTP POST to the same path.`,
        'BAD_REQUEST',
      ),
    ];
  return document;
}

/** Starts graphql-ws on the HTTP server; returns the function that closes every socket. */
export function serveSubscriptions(options: SubscriptionServerOptions): () => Promise<void> {
  // noServer, with the upgrade routed here: given the HTTP server itself, ws re-emits the server's own
  // errors (a busy port at start) on the socket server, which graphql-ws prints as an internal error.
  const wss = new WebSocketServer({ noServer: true });
  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== options.path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  options.httpServer.on('upgrade', upgrade);
  const callers = new WeakMap<WebSocket, { caller: Caller; callerName?: string }>();
  // graphql-ws wraps an error thrown by the event stream in a GraphQLError without a path; its cause is
  // what the formatter must judge (SUBSCRIBER_TOO_SLOW, or something unexpected to mask).
  const format = (error: GraphQLError): GraphQLFormattedError =>
    options.formatError(error.toJSON(), error.originalError ?? error);
  const server = useServer<Record<string, unknown>, Extra>(
    {
      schema: options.schema,
      onConnect: (ctx: WsContext<Record<string, unknown>, Extra>) => {
        const params = ctx.connectionParams ?? {};
        const { headers } = ctx.extra.request;
        const given = {
          authorization:
            header(params.authorization) ?? header(params.Authorization) ?? headers.authorization,
          'x-api-key': header(params['x-api-key']) ?? header(headers['x-api-key']),
        };
        try {
          callers.set(ctx.extra.socket, identify({ headers: given }, options.readAccess, options.apiKeys));
          return true;
        } catch (error) {
          const reason = error instanceof AppError ? error.message : 'Unauthorized';
          // graphql-ws's own refusal (4403 "Forbidden") would not say why; this close goes first.
          ctx.extra.socket.close(CloseCode.Unauthorized, reason);
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const document = checkDocument(options, payload.query, payload.operationName);
        if (Array.isArray(document)) return document;
        const contextValue: SubscriptionContext = {
          gateway: options.gateway,
          writes: options.writes,
          ...callers.get(ctx.extra.socket),
          push: options.push,
        };
        return {
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      // Errors reach the client as over HTTP: typed ones with their code, anything else masked.
      onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
        result.errors ? { ...result, errors: result.errors.map(format) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wss,
  );
  return async () => {
    options.httpServer.off('upgrade', upgrade);
    await server.dispose();
  };
}
