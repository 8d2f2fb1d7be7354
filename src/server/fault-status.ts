/**
 * The HTTP status of a request the database could not serve, in one place. GraphQL answers 200 with
 * the errors in the body, which a load balancer and a retrying client cannot read; so when nothing was
 * answered because the database was unavailable or too slow, this says so in the status too:
 *
 * - every root field failed with SERVICE_UNAVAILABLE or TIMEOUT (so `data` holds nothing but nulls):
 *   `data` becomes null and, for a client that accepts `application/graphql-response+json`, the status
 *   is 503 (any SERVICE_UNAVAILABLE) or 504 (TIMEOUT only). The GraphQL-over-HTTP spec lets that media
 *   type use a 4xx or 5xx status for a response whose `data` is null or absent; for `application/json`
 *   it asks for 200 on every well-formed request, so those clients keep 200 and read the code;
 * - either way the response carries `Retry-After`, so a client knows it may retry and when.
 *
 * A response with any real data is a partial answer and keeps 200, as the spec requires.
 */
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import Negotiator from 'negotiator';

const FAULTS = new Set(['SERVICE_UNAVAILABLE', 'TIMEOUT']);
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/** What Apollo chooses for a single result: the same negotiation, so status and content type agree. */
function prefersGraphQLResponseJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([
    'application/json',
    GRAPHQL_RESPONSE_JSON,
  ]);
  return preferred === GRAPHQL_RESPONSE_JSON;
}

const codeOf = (error: GraphQLFormattedError): unknown => error.extensions?.code;

/** True when the database's failure left the response with nothing but nulls. */
export function unansweredForFault(
  data: Record<string, unknown> | null | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): boolean {
  if (!errors || errors.length === 0) return false;
  if (!errors.every((error) => FAULTS.has(String(codeOf(error))))) return false;
  return data === null || data === undefined || Object.values(data).every((value) => value === null);
}

export function faultStatusPlugin(retryAfterSeconds = 1): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response, request }: GraphQLRequestContextWillSendResponse<object>) => {
          if (response.body.kind !== 'single') return Promise.resolve();
          const result = response.body.singleResult;
          if (!unansweredForFault(result.data, result.errors)) return Promise.resolve();
          if (result.data !== undefined) result.data = null;
          response.http.headers.set('retry-after', String(retryAfterSeconds));
          if (prefersGraphQLResponseJson(request.http?.headers.get('accept'))) {
            const unavailable = result.errors?.some((e) => codeOf(e) === 'SERVICE_UNAVAILABLE');
            response.http.status = unavailable ? 503 : 504;
          }
          return Promise.resolve();
        },
      }),
  };
}
