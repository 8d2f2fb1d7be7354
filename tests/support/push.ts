/** Helpers of the push tests: a graphql-ws client over `ws`, and GraphQL over HTTP with a key. */
import { createClient, type Client } from 'graphql-ws';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { verifySignature } from '../../src/changes/signature';
import type { GraphQLBody } from './server';

/** The ws:// URL of a test server's http:// URL, on the same /graphql path. */
export const socketUrl = (httpUrl: string): string => `${httpUrl.replace(/^http/, 'ws')}/graphql`;

/** A graphql-ws client that does not retry, so a refusal shows as the close it is. */
export function pushClient(httpUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: socketUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Received<T> {
  events: T[];
  errors: unknown[];
  /** Set when the server ended the subscription (complete) or it failed. */
  done: boolean;
  stop: () => void;
  /** Resolves once `n` events arrived, or rejects after `ms`. */
  until: (n: number, ms?: number) => Promise<void>;
}

/** Subscribes and collects what arrives. */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  pick: (data: Record<string, unknown>) => T[],
): Received<T> {
  const received: Received<T> = {
    events: [],
    errors: [],
    done: false,
    stop: () => undefined,
    until: async (n, ms = 15_000) => {
      const deadline = Date.now() + ms;
      while (received.events.length < n && !received.done) {
        if (Date.now() > deadline)
          throw new Error(`received ${received.events.length} of ${n} events in ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
  received.stop = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) received.errors.push(...result.errors);
        if (result.data) received.events.push(...pick(result.data));
      },
      error: (error) => {
        // graphql-ws gives a list of GraphQL errors, or the socket's close event.
        if (Array.isArray(error)) received.errors.push(...(error as unknown[]));
        else received.errors.push(error);
        received.done = true;
      },
      complete: () => {
        received.done = true;
      },
    },
  );
  return received;
}

/** POSTs an operation with a key; returns the parsed body. */
export async function post(
  url: string,
  key: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLBody> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLBody;
}

export interface Delivery {
  id: string;
  timestamp: string;
  verified: boolean;
  status: number;
  seq: number;
  body: string;
}

/** A receiver on 127.0.0.1 that checks every signature, answers 500 to the first `failFirst` and waits `delayMs`. */
export async function startReceiver(): Promise<{
  url: string;
  deliveries: Delivery[];
  secret: string;
  failFirst: number;
  delayMs: number;
  close: () => Promise<void>;
}> {
  const state = {
    url: '',
    deliveries: [] as Delivery[],
    secret: '',
    failFirst: 0,
    delayMs: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['webhook-timestamp']);
      const verified = verifySignature(
        state.secret,
        timestamp,
        body,
        String(req.headers['webhook-signature']),
      );
      const status = state.failFirst > 0 ? 500 : verified ? 200 : 401;
      if (state.failFirst > 0) state.failFirst -= 1;
      const seq = Number((JSON.parse(body) as { change: { seq: string } }).change.seq);
      setTimeout(() => {
        state.deliveries.push({
          id: String(req.headers['webhook-id']),
          timestamp,
          verified,
          status,
          seq,
          body,
        });
        res.writeHead(status).end(status === 500 ? 'receiver is down' : '');
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return state;
}
