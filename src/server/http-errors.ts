/**
 * Requests that never reach GraphQL (a wrong method or content type, a body that is not JSON, too
 * large, or in an unknown encoding) are answered in the GraphQL-over-HTTP error shape, with a code,
 * instead of Express's HTML pages.
 */
import type express from 'express';

/** The methods /graphql answers; OPTIONS is the CORS preflight, answered only when CORS is on. */
export const GRAPHQL_METHODS = ['GET', 'POST'] as const;

/** Sends `{ errors: [...] }` with a code, as JSON. */
export function sendError(
  res: express.Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** 405 with `Allow` for a method the route does not take (GraphQL's by default), before anything reads the body. */
export function methodGuard(methods: readonly string[] = GRAPHQL_METHODS): express.RequestHandler {
  return (req, res, next) => {
    if (methods.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', methods.join(', '));
    sendError(res, 405, 'BAD_REQUEST', `Method ${req.method} is not allowed; use ${methods.join(' or ')}.`);
  };
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * 415 for a POST whose body is not declared JSON. Without this, express.json skips the body, and
 * Apollo answers a form or a text body with a misleading "missing query".
 */
export function contentTypeGuard(): express.RequestHandler {
  return (req, res, next) => {
    const type = req.headers['content-type'];
    if (req.method !== 'POST' || (type !== undefined && JSON_TYPE.test(type))) {
      next();
      return;
    }
    sendError(
      res,
      415,
      'BAD_REQUEST',
      type === undefined
        ? 'A POST needs Content-Type: application/json.'
        : `Content type ${JSON.stringify(type.slice(0, 100))} is not supported; send application/json.`,
    );
  };
}

/** What body-parser (express.json) says, mapped to a status, a code and a message a client can act on. */
function describe(error: { type?: unknown; status?: unknown; limit?: unknown }): {
  status: number;
  message: string;
  extra?: Record<string, unknown>;
} {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, message: 'The request body is not a JSON object.' };
    case 'entity.too.large':
      return {
        status: 413,
        message: 'The request body is too large.',
        extra: typeof error.limit === 'number' ? { limit: error.limit } : {},
      };
    case 'encoding.unsupported':
      return { status: 415, message: 'The request body has an unsupported Content-Encoding.' };
    case 'charset.unsupported':
      return { status: 415, message: 'The request body has an unsupported charset; send UTF-8.' };
    case 'request.aborted':
      return { status: 400, message: 'The request was aborted before its body arrived.' };
    case 'request.size.invalid':
      return { status: 400, message: 'The request body is shorter or longer than its Content-Length.' };
    default: {
      const status = typeof error.status === 'number' ? error.status : 500;
      return status >= 400 && status < 500
        ? { status, message: 'The request could not be read.' }
        : { status: 500, message: 'Internal server error' };
    }
  }
}

/**
 * The last error handler: a body-parser error (or any other thrown before GraphQL) becomes a GraphQL
 * error. A client's mistake is a 4xx with BAD_REQUEST; anything else is logged and masked.
 */
export function httpErrorHandler(
  logError: (message: string, error: unknown) => void,
): express.ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, message, extra } = describe(typeof error === 'object' && error !== null ? error : {});
    if (status >= 500) {
      logError('unexpected error before GraphQL', error);
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', message);
      return;
    }
    sendError(res, status, 'BAD_REQUEST', message, extra);
  };
}
