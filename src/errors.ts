import { GraphQLError } from 'graphql';

/**
 * The codes a client can branch on. They travel in `extensions.code`; anything else that goes wrong
 * reaches the client as INTERNAL_SERVER_ERROR with no detail.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'TIMEOUT'
  | 'SERVICE_UNAVAILABLE'
  | 'CURSOR_EXPIRED'
  /** An as-of answer needs changes the log cannot undo (an import, the seed) or no longer has (retention). */
  | 'HISTORY_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** An error whose message is safe to show to the client, with its code. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = 'AppError';
  }
}
