import cors from 'cors';
import type express from 'express';
import { GRAPHQL_METHODS } from './http-errors';

/** The request headers browsers' GraphQL clients send, which a preflight must allow. */
const CORS_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];

/** What a browser sends to POST /import: a gzip body declares its encoding, which a preflight must allow. */
export const IMPORT_CORS = {
  methods: ['POST'],
  headers: ['content-type', 'content-encoding', 'authorization', 'x-api-key', 'x-request-id'],
} as const;

/**
 * CORS for the origins listed in CORS_ORIGINS, and none when it is empty (the default): the `cors`
 * package answers the preflight (OPTIONS, 204) with the route's methods and headers (GraphQL's by default), and adds
 * `Access-Control-Allow-Origin` to the answers to a listed origin. An unlisted origin gets no CORS
 * header at all, so its browser refuses to hand the answer to the page.
 */
export function corsFor(
  origins: readonly string[],
  route: { methods: readonly string[]; headers: readonly string[] } = {
    methods: GRAPHQL_METHODS,
    headers: CORS_HEADERS,
  },
): express.RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    // `*` alone lets every origin in; the cors package takes it as a string, not as a list item.
    origin: origins.length === 1 && origins[0] === '*' ? '*' : [...origins],
    methods: [...route.methods],
    allowedHeaders: [...route.headers],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
