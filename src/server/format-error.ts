import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { AppError } from '../errors';

/** Codes Apollo and graphql-js give to errors in the request itself; their messages are safe to show. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

interface ValidationIssue {
  constraints?: Record<string, string>;
  children?: ValidationIssue[];
}

/** The failed rules of class-validator's nested errors, flattened: "park must be an id of the form ...". */
function validationMessages(issues: unknown): string[] {
  if (!Array.isArray(issues)) return [];
  return (issues as ValidationIssue[]).flatMap((issue) => [
    ...Object.values(issue.constraints ?? {}),
    ...validationMessages(issue.children),
  ]);
}

/**
 * Masks what the client must not see. Typed errors keep their code and message; class-validator failures
 * become BAD_USER_INPUT with the failed rules; anything unexpected becomes INTERNAL_SERVER_ERROR, with
 * the detail logged on the server and the stack shown only when GRAPHQL_DEBUG asks.
 */
export function createErrorFormatter(
  debug: boolean,
  log: (message: string, error: unknown) => void,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      // `http` sets the response status for Apollo; it is not part of the error a client reads.
      const extensions = { ...original.extensions };
      delete extensions.http;
      return { ...formatted, message: original.message, extensions };
    }
    if (original instanceof ArgumentValidationError) {
      return {
        ...formatted,
        message: `Argument validation failed: ${validationMessages(original.extensions.validationErrors).join('; ')}`,
        extensions: {
          code: 'BAD_USER_INPUT',
          validationErrors: original.extensions.validationErrors,
        },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) return formatted;
    log('unexpected error in a GraphQL request', original);
    return {
      message: 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        ...(debug && original instanceof Error ? { stacktrace: original.stack?.split('\n') } : {}),
      },
    };
  };
}
