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
  /**
   * A subscription whose client read too slowly: more events waited for it than SUBSCRIPTION_QUEUE_LIMIT,
   * so it was ended rather than buffered without bound or allowed to slow writers. The message and
   * `extensions.resumeAfter` give the cursor of the last event delivered: subscribe again with
   * `after: resumeAfter` (or page Query.changes from it) to go on without a gap.
   */
  | 'SUBSCRIBER_TOO_SLOW'
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
